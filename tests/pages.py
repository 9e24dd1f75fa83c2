"""Reading pages in tests as a visitor does: the text shown, the queries it took, and whether it came
from the page cache."""

import html

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def page_of(client, url: str) -> str:
    """The page at ``url`` (it must answer 200), with HTML entities read as the browser shows them."""
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def queries_for(client, url: str) -> int:
    """How many database queries the page at ``url`` took (it must answer 200)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def assert_served_from_the_cache(url: str) -> None:
    """A first visitor's page at ``url`` takes queries; the next visitor's comes from the page cache."""
    first = queries_for(Client(), url)
    second = queries_for(Client(), url)

    assert first > 0
    assert second == 0, url
    assert Client().get(url)["X-Page-Cache"] == "hit"

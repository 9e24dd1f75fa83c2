"""Reading pages in tests as a visitor does: the text shown, and the queries it took."""

import html

from django.db import connection
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

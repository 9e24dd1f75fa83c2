"""The pages showing an order's lines cost the same queries for a 30-line bulk order as for 3 lines."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories.offsets import CreditBatchFactory
from tests.factories.orders import order_of_batches
from tests.staff_login import verified_login

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "page",
    [
        "/accounts/orders/{number}/",
        "/en/accounts/orders/{number}/",
        "/dashboard/orders/{number}/",
        "/dashboard/certificates/order/{number}/",
        "/checkout/thank-you/?order_number={number}",  # superusers may open any order's
    ],
)
def test_an_order_page_makes_no_query_per_line(page, django_user_model):
    member = django_user_model.objects.create_superuser(username="buyer", email="b@example.jp", password="pw")
    client = verified_login(Client(), member)
    batches = [CreditBatchFactory(serial_first=1, serial_last=100) for _ in range(33)]
    small = order_of_batches(batches[:3], 5, user=member)
    bulk = order_of_batches(batches[3:], 5, user=member)
    small_page, bulk_page = page.format(number=small.number), page.format(number=bulk.number)
    for url in (small_page, bulk_page):  # a first view writes once (the thank-you page marks the order)
        _queries(client, url)

    assert _queries(client, bulk_page) == _queries(client, small_page)

"""Oscar's account pages, forked where a request from the member could give a server error."""

import pytest
from oscar.core.loading import get_model

from tests.factories.offsets import CreditBatchFactory
from tests.factories.orders import order_line_for

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
BasketLine = get_model("basket", "Line")


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user(username="hanako", email="hanako@example.jp", password="x")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def order_line(member):
    line = order_line_for(CreditBatchFactory(), quantity=2)
    Order.objects.filter(pk=line.order_id).update(user=member)
    return line


def line_url(order_number: str, line_id: int) -> str:
    return f"/en/accounts/orders/{order_number}/{line_id}/"


def test_reordering_a_line_puts_its_tonnes_in_the_basket(member_client, member, order_line):
    response = member_client.post(line_url(order_line.order.number, order_line.pk), {"action": "reorder"})

    assert response.status_code == 302 and response["Location"] == "/en/basket/"
    assert BasketLine.objects.get(basket__owner=member, product=order_line.product).quantity == 2


def test_a_line_of_another_order_is_404(member_client, member, order_line):
    other = order_line_for(CreditBatchFactory())
    Order.objects.filter(pk=other.order_id).update(user=member)

    response = member_client.post(line_url(order_line.order.number, other.pk), {"action": "reorder"})

    assert response.status_code == 404
    assert not BasketLine.objects.filter(basket__owner=member).exists()


@pytest.mark.parametrize("action", [None, "delete", "__class__"])
def test_a_line_has_no_page_of_its_own_and_goes_back_to_the_order(member_client, order_line, action):
    url = line_url(order_line.order.number, order_line.pk)

    response = member_client.get(url) if action is None else member_client.post(url, {"action": action})

    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/orders/{order_line.order.number}/"


def test_a_wish_list_for_a_product_that_is_gone_goes_to_an_empty_wish_list_form(member_client):
    response = member_client.get("/en/accounts/wishlists/create/with-product/999999/")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/wishlists/create/"

"""Whole tonnes in the basket, never more than are for sale; the tax contained is shown."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories.offsets import CreditBatchFactory

pytestmark = pytest.mark.django_db


def add_url(batch, language="ja"):
    with translation.override(language):
        return reverse("basket:add", kwargs={"pk": batch.product.pk})


def test_the_basket_shows_the_total_and_the_tax_it_contains(client):
    batch = CreditBatchFactory(serial_first=1, serial_last=100, price_per_tonne=3300)

    client.post(add_url(batch), {"quantity": 3})
    page = client.get("/basket/").content.decode()

    assert "¥9,900" in page
    assert "うち消費税（10%）" in page
    assert "¥900" in page


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Only 10 t of this batch are for sale, and 11 t were asked for"),
        ("ja", "このバッチで販売中なのは10 tです。ご指定は（バスケットに入っている分を含めて）11 tでした。"),
    ],
)
def test_more_tonnes_than_for_sale_are_refused_with_a_message(client, language, message):
    batch = CreditBatchFactory(serial_first=1, serial_last=10)

    response = client.post(add_url(batch, language), {"quantity": 11}, follow=True)

    assert response.status_code == 200
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert errors and message in " ".join(errors)
    assert client.get("/basket/").context["basket"].num_items == 0


@pytest.mark.parametrize("quantity", ["0", "-1", "1.5", "abc", ""])
def test_bad_quantities_are_refused_not_crashed(client, quantity):
    batch = CreditBatchFactory(serial_first=1, serial_last=10)

    response = client.post(add_url(batch, "en"), {"quantity": quantity}, follow=True)

    assert response.status_code == 200
    assert client.get("/basket/").context["basket"].num_items == 0


@pytest.mark.parametrize(
    ("prefix", "available"), [("", "販売可能 1,500 t-CO2"), ("/en", "1,500 t-CO2 available")]
)
def test_the_basket_and_product_page_give_the_tonnes_for_sale_not_oscar_stock_text(client, prefix, available):
    # given a batch of 1,500 tonnes in the basket
    batch = CreditBatchFactory(serial_first=1, serial_last=1500)
    client.post(add_url(batch), {"quantity": 3})

    # when the basket and the product page are shown
    with translation.override("ja"):
        product_path = batch.product.get_absolute_url()
    pages = [client.get(f"{prefix}/basket/"), client.get(prefix + product_path)]

    # then both say how many tonnes are for sale, in the page's language
    for page in pages:
        text = page.content.decode()
        assert available in text
        assert "In stock" not in text and "在庫" not in text

"""Oscar's leftovers that make no sense for offsets are gone, in both languages."""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories.offsets import CreditBatchFactory

pytestmark = pytest.mark.django_db
PREFIXES = pytest.mark.parametrize("prefix", ["", "/en"])


@pytest.fixture
def basket(client):
    """A visitor's basket holding two tonnes of a credit batch."""
    batch = CreditBatchFactory(serial_first=1, serial_last=100, price_per_tonne=3300)
    with translation.override("ja"):
        client.post(reverse("basket:add", kwargs={"pk": batch.product.pk}), {"quantity": 2})
    return batch


def text_of(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@PREFIXES
def test_the_basket_has_no_voucher_box(client, basket, prefix):
    page = text_of(client.get(f"{prefix}/basket/"))

    assert "¥6,600" in page  # the basket is there
    assert 'id="voucher_form"' not in page
    assert "/basket/vouchers/add/" not in page


@PREFIXES
def test_the_menu_has_no_offers(client, prefix):
    page = text_of(client.get(f"{prefix}/"))

    assert f'href="{prefix}/offers/"' not in page
    assert "セール" not in page and ">Offers<" not in page


@pytest.mark.parametrize(
    ("prefix", "title", "oscars"),
    [
        ("", "ログイン、またはメールアドレスの入力", "あなたは誰ですか"),
        ("/en", "Sign in, or give your e-mail address", "Who are you?"),
    ],
)
def test_the_checkout_asks_for_sign_in_or_an_e_mail_address_in_plain_words(
    client, basket, prefix, title, oscars
):
    page = text_of(client.get(f"{prefix}/checkout/"))

    assert title in page
    assert oscars not in page


@pytest.mark.parametrize(
    ("prefix", "label"), [("", "カートの中身を表示"), ("/en", "Show what is in the basket")]
)
def test_the_mini_basket_button_is_labelled_in_the_page_language(client, basket, prefix, label):
    page = text_of(client.get(f"{prefix}/catalogue/"))

    assert f'<span class="sr-only">{label}</span>' in page
    assert "Toggle Dropdown" not in page

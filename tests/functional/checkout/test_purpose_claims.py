"""The purpose field warns about neutrality claims, by the field and at the final confirmation: no block."""

import re

import pytest

from shop.apps.order.models import Order
from tests.factories.legal import accepted_set
from tests.factories.offsets import CreditBatchFactory
from tests.functional.checkout.test_checkout import place
from tests.integration.payments.test_stripe_gateway import card

pytestmark = pytest.mark.django_db
CONFIRMATION_TOKEN = re.compile(r'name="confirmation" value="([^"]*)"')


@pytest.fixture
def shop(localstripe, processors):
    versions = accepted_set()
    batch = CreditBatchFactory(serial_prefix="JP-C", serial_first=1, serial_last=20, price_per_tonne=3300)
    return {"batch": batch, "versions": versions, "localstripe": localstripe}


def details(client, shop, purpose, prefix=""):
    client.post(f"{prefix}/basket/add/{shop['batch'].product.pk}/", {"quantity": 2})
    client.post(f"{prefix}/checkout/", {"username": "guest@example.jp", "options": "anonymous"}, follow=True)
    return client.post(
        f"{prefix}/checkout/payment-details/",
        {
            "beneficiary_name": "株式会社サンプル",
            "offset_purpose": purpose,
            "payment_method": card(shop["localstripe"], "4242424242424242"),
        },
    )


@pytest.mark.parametrize(
    ("prefix", "purpose", "warning", "phrase"),
    [
        (
            "",
            "ｶｰﾎﾞﾝﾆｭｰﾄﾗﾙな展示会の実現",
            "オフセットの目的の表現についてのご注意",
            "「カーボンニュートラル」",
        ),
        ("", "本社の電力を実質ゼロに", "オフセットの目的の表現についてのご注意", "「実質ゼロ」"),
        ("/en", "Our Carbon-Neutral conference", "A word of caution about your purpose", "“carbon neutral”"),
        ("/en", "net zero delivery", "A word of caution about your purpose", "“net zero”"),
    ],
)
def test_a_claim_is_warned_about_on_both_pages_and_the_order_still_goes_ahead(
    client, shop, prefix, purpose, warning, phrase, django_capture_on_commit_callbacks
):
    # when the customer gives a purpose that claims neutrality
    response = details(client, shop, purpose, prefix)

    # then nothing is blocked: the final confirmation comes next, and warns again
    assert response.status_code == 302 and response.url == f"{prefix}/checkout/preview/"
    preview = client.get(response.url).content.decode()
    assert warning in preview and phrase in preview
    assert f'href="{prefix}/guide/claims/"' in preview
    # going back to the details shows the warning next to the purpose field
    page = client.get(f"{prefix}/checkout/payment-details/").content.decode()
    field_at, warning_at = page.index('name="offset_purpose"'), page.index('id="purpose-claim-warning"')
    assert field_at < warning_at < page.index('name="show_on_verification_page"')
    assert phrase in page
    # and the order is placed with the purpose as the customer wrote it
    shown = client.get(f"{prefix}/checkout/preview/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        placed = place(client, shop, confirmation=CONFIRMATION_TOKEN.search(shown).group(1))
    assert placed.status_code == 302 and placed.url.endswith("/checkout/thank-you/")
    assert Order.objects.get().offset_purpose == purpose


def test_an_accurate_purpose_shows_no_warning_but_links_the_guide(client, shop):
    response = details(client, shop, "北の森プロジェクトのクレジット2 t-CO2の無効化に資金を拠出")

    preview = client.get(response.url).content.decode()
    page = client.get("/checkout/payment-details/").content.decode()
    assert "purpose-claim-warning" not in preview and "purpose-claim-warning" not in page
    assert 'href="/guide/claims/"' in page


def test_the_warning_is_shown_when_the_form_comes_back_with_an_error(client, shop):
    client.post(f"/basket/add/{shop['batch'].product.pk}/", {"quantity": 1})
    client.post("/checkout/", {"username": "guest@example.jp", "options": "anonymous"}, follow=True)

    response = client.post(
        "/checkout/payment-details/", {"beneficiary_name": "", "offset_purpose": "CO2ゼロのイベント"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "purpose-claim-warning" in page and "「CO2ゼロ」" in page


@pytest.mark.parametrize(
    ("prefix", "quoted"),
    [("", "「カーボンニュートラル」「実質ゼロ」"), ("/en", "“carbon neutral”, “net zero”")],
)
def test_several_claims_are_each_quoted_in_the_pages_language(client, shop, prefix, quoted):
    details(client, shop, "カーボンニュートラルで実質ゼロ, carbon neutral and net zero", prefix)

    assert quoted in client.get(f"{prefix}/checkout/preview/").content.decode()

"""Buying offsets in Chromium with the shop's real JavaScript against localstripe's Stripe.js."""

import re

import pytest
from django.core.management import call_command

from shop.apps.order.models import Order
from tests.factories.offsets import CreditBatchFactory

pytestmark = pytest.mark.django_db(transaction=True)

CARD_DIGITS = re.compile(r"4[0-9]{15}")


@pytest.fixture
def shop(localstripe, processors, live_server):
    call_command("load_legal_demo", verbosity=0)
    batch = CreditBatchFactory(serial_first=1, serial_last=100, price_per_tonne=3300)
    return {"batch": batch, "url": live_server.url}


@pytest.fixture
def requests_to_shop(page, shop):
    """Every request the browser sends to our server (not to Stripe)."""
    seen = []
    page.on("request", lambda request: seen.append(request) if request.url.startswith(shop["url"]) else None)
    return seen


def buy(page, shop, card_number: str, screenshot=None):
    page.goto(shop["url"] + shop["batch"].product.get_absolute_url())
    page.locator("#add_to_basket_form input[name=quantity]").fill("2")
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.goto(shop["url"] + "/checkout/")
    page.locator("input[name=username]").fill("guest@example.jp")
    page.locator("input[name=username]").press("Enter")
    page.wait_for_url(re.compile(r"/checkout/payment-details/$"))
    page.locator("#id_beneficiary_name").fill("株式会社サンプル")
    page.locator("#id_offset_purpose").fill("社用車の排出")
    card = page.locator("#card-element")
    card.locator("input[placeholder=number]").fill(card_number)
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("34")
    card.locator("input[placeholder=cvc]").fill("123")
    card.locator("input[placeholder=postal_code]").fill("1000005")
    page.locator("#to-confirmation").click()
    page.wait_for_url(re.compile(r"/checkout/preview/$"))
    page.locator("#id_accept").check()
    page.locator("#id_consent_abroad").check()
    if screenshot:
        screenshot("final-confirmation")
    page.locator("#place-order").click()


def test_a_guest_buys_with_a_card_that_succeeds(page, shop, screenshot, requests_to_shop):
    buy(page, shop, "4242424242424242", screenshot)

    page.wait_for_url(re.compile(r"/checkout/thank-you/$"))
    assert "契約が成立しました" in page.locator("body").inner_text()
    assert Order.objects.get().total_incl_tax == 6600
    for request in requests_to_shop:
        assert not CARD_DIGITS.search(request.url + (request.post_data or "")), request.url


def test_a_declined_card_brings_the_customer_back_with_a_message(page, shop):
    buy(page, shop, "4000000000000341")

    page.wait_for_url(re.compile(r"/checkout/payment-details/$"))
    assert "カードが承認されませんでした" in page.locator("body").inner_text()
    assert Order.objects.count() == 0


def test_3d_secure_is_completed_in_the_browser(page, shop):
    buy(page, shop, "4000002760003184")

    page.get_by_role("button", name="Complete authentication").click()
    page.wait_for_url(re.compile(r"/checkout/thank-you/$"))
    assert Order.objects.count() == 1


def test_failed_3d_secure_charges_nothing(page, shop):
    buy(page, shop, "4000002760003184")

    page.get_by_role("button", name="Fail authentication").click()
    page.wait_for_url(re.compile(r"/checkout/payment-details/$"))
    assert "3Dセキュア認証が完了していません" in page.locator("body").inner_text()
    assert Order.objects.count() == 0

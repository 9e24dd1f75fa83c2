"""A company's 32-line order in Chromium: the final confirmation page stays readable and pays once."""

import re

import pytest
from django.core.management import call_command
from oscar.core.loading import get_class, get_model

from legal.documents import services as legal_services
from legal.documents.selectors import versions_to_accept
from shop.apps.order.models import Order
from tests.browser.test_checkout import fill_card
from tests.factories.offsets import CreditBatchFactory
from tests.integration.payments.test_stripe_gateway import intents_on

pytestmark = pytest.mark.django_db(transaction=True)
LINES = 32


def test_a_member_confirms_and_pays_a_32_line_basket(
    page, live_server, localstripe, processors, django_user_model, browser_sign_in, screenshot
):
    call_command("load_legal_demo", verbosity=0)
    member = django_user_model.objects.create_user(
        username="buyer", email="buyer@example.jp", password="pw-1234", first_name="花子", last_name="山田"
    )
    legal_services.acceptances_record(versions=versions_to_accept(), context="registration", user=member)
    # The member's basket, filled over time from 32 product pages (put in directly: 32 page visits
    # would test nothing more).
    basket = get_model("basket", "Basket").objects.create(owner=member)
    basket.strategy = get_class("partner.strategy", "Selector")().strategy()
    for n in range(LINES):
        batch = CreditBatchFactory(serial_first=1, serial_last=5000, price_per_tonne=3300 + 10 * n)
        basket.add_product(batch.product, 100 + n)
    total = sum((100 + n) * (3300 + 10 * n) for n in range(LINES))
    browser_sign_in(member)

    page.goto(live_server.url + "/checkout/payment-details/")
    page.locator("#id_beneficiary_name").fill("株式会社北海商事")
    fill_card(page, "4242424242424242")
    page.locator("#to-confirmation").click()
    page.wait_for_url(re.compile(r"/checkout/preview/$"))

    rows = page.locator("#order-lines tbody tr")
    assert rows.count() == LINES
    assert rows.nth(LINES - 1).locator("td").first.inner_text() == str(LINES)
    assert f"¥{total:,}" in page.locator(".final-totals").inner_text()
    # One compact row per line: the table fits in about two screens, not 32 picture rows.
    assert page.locator("#order-lines").bounding_box()["height"] < 1600
    page.locator("#id_accept").check()
    page.locator("#id_consent_recipients").check()
    screenshot("bulk-final-confirmation")
    page.locator("#place-order").click()

    page.wait_for_url(re.compile(r"/checkout/thank-you/$"))
    assert "契約が成立しました" in page.locator("body").inner_text()
    order = Order.objects.get()
    assert (order.lines.count(), int(order.total_incl_tax)) == (LINES, total)
    assert [intent.amount for intent in intents_on(localstripe)] == [total]

"""A purchase in pictures, on a desktop and on a phone, in both languages.

Each run saves home, catalogue, product, basket, final confirmation and thank-you pages under
test-output/browser/journey/ (``<language>-<device>-<page>.png``); on the phone (390 px wide,
as an iPhone 12–15) no page may be wider than the screen, so nothing needs sideways scrolling.
Every page is audited for accessibility too (the ``page`` fixture).
"""

import re

import pytest

from shop.apps.order.models import Order
from tests.browser.test_checkout import fill_card, shop  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)

DEVICES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def wider_than_the_screen(page) -> int:
    """How many CSS pixels the page sticks out to the right of the screen (0: it fits)."""
    return page.evaluate("Math.max(0, document.documentElement.scrollWidth - window.innerWidth)")


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_purchase_in_pictures(page, shop, screenshot, language, device):  # noqa: F811
    page.set_viewport_size(DEVICES[device])
    prefix = "" if language == "ja" else "/en"
    product = shop["batch"].product.get_absolute_url()
    overflow = {}

    def shot(name: str) -> None:
        page.wait_for_load_state("load")
        screenshot(f"journey/{language}-{device}-{name}")
        overflow[name] = wider_than_the_screen(page)

    page.goto(shop["url"] + prefix + "/")
    shot("home")
    page.goto(shop["url"] + prefix + "/catalogue/")
    shot("catalogue")
    page.goto(shop["url"] + prefix + product)
    shot("product")
    page.locator("#add_to_basket_form input[name=quantity]").fill("2")
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.goto(shop["url"] + prefix + "/basket/")
    shot("basket")
    page.goto(shop["url"] + prefix + "/checkout/")
    page.locator("input[name=username]").fill(f"{language}-{device}@example.jp")
    page.locator("input[name=username]").press("Enter")
    page.wait_for_url(re.compile(r"/checkout/payment-details/$"))
    page.locator("#id_beneficiary_name").fill("株式会社サンプル" if language == "ja" else "Sample Co., Ltd.")
    fill_card(page, "4242424242424242")
    page.locator("#to-confirmation").click()
    page.wait_for_url(re.compile(r"/checkout/preview/$"))
    page.locator("#id_accept").check()
    page.locator("#id_consent_recipients").check()
    shot("confirmation")
    page.locator("#place-order").click()
    page.wait_for_url(re.compile(r"/checkout/thank-you/$"))
    shot("thank-you")

    assert Order.objects.get().total_incl_tax == 6600
    assert page.evaluate("document.documentElement.lang") == language
    if device == "phone":
        assert {name: pixels for name, pixels in overflow.items() if pixels} == {}

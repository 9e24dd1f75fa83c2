"""The Content-Security-Policy and Permissions-Policy headers, and pages written to keep to them.

The browser test (tests/browser/test_content_security_policy.py) proves that
pages run without violations; these check the rules fast and for pages a
browser test does not click through (inline handlers run only when clicked).
"""

import re

import pytest

from tests.factories.incidents import incident_registered
from tests.factories.legal import accepted_set
from tests.factories.offsets import CreditBatchFactory
from tests.functional.checkout.test_checkout import place, to_confirmation

pytestmark = pytest.mark.django_db

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
STYLE_TAG = re.compile(r"<style\b([^>]*)>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def directive(response, name: str) -> list[str]:
    """The sources of one directive of the response's enforced policy."""
    for part in response.headers["Content-Security-Policy"].split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    return []


def nonce_of(response) -> str:
    [source] = [source for source in directive(response, "script-src") if source.startswith("'nonce-")]
    return source.removeprefix("'nonce-").rstrip("'")


@pytest.fixture
def checkout_client(client, processors):
    """A guest with tonnes in the basket, at the card details step."""
    accepted_set()
    batch = CreditBatchFactory(serial_first=1, serial_last=20, price_per_tonne=3300)
    client.post(f"/basket/add/{batch.product.pk}/", {"quantity": 2})
    client.post("/checkout/", {"username": "guest@example.jp", "options": "anonymous"}, follow=True)
    return client


def test_scripts_run_only_from_our_origin_or_with_the_nonce_and_no_page_may_frame_us(client):
    response = client.get("/")

    assert response.status_code == 200
    assert directive(response, "default-src") == ["'self'"]
    assert directive(response, "script-src") == ["'self'", f"'nonce-{nonce_of(response)}'"]
    assert directive(response, "style-src") == ["'self'", f"'nonce-{nonce_of(response)}'"]
    assert directive(response, "object-src") == ["'none'"]
    assert directive(response, "frame-ancestors") == ["'none'"]
    assert nonce_of(client.get("/")) != nonce_of(response)  # a new nonce for every response


def test_with_real_stripe_only_the_card_page_may_load_stripe_js_frame_it_and_reach_stripe(
    checkout_client, settings
):
    settings.STRIPE_API_BASE = ""

    card_page = checkout_client.get("/checkout/payment-details/")
    others = [checkout_client.get(path) for path in ["/", "/basket/", "/checkout/", "/legal/terms/"]]

    assert card_page.status_code == 200
    assert "https://js.stripe.com/v3/" in card_page.content.decode()
    assert {"https://js.stripe.com", "https://*.js.stripe.com"} <= set(directive(card_page, "script-src"))
    assert "https://hooks.stripe.com" in directive(card_page, "frame-src")
    assert directive(card_page, "connect-src") == ["'self'", "https://api.stripe.com"]
    for response in others:
        assert "stripe" not in response.headers["Content-Security-Policy"], response.request["PATH_INFO"]


def test_offline_the_card_and_3d_secure_pages_allow_localstripe_and_no_real_stripe(
    client, localstripe, processors
):
    shop = {
        "batch": CreditBatchFactory(serial_first=1, serial_last=20, price_per_tonne=3300),
        "versions": accepted_set(),
        "localstripe": localstripe,
    }
    to_confirmation(client, shop, card_number="4000002760003184")

    three_d_secure = place(client, shop)

    assert three_d_secure.status_code == 200 and b"payment-return-form" in three_d_secure.content
    for response in (client.get("/checkout/payment-details/"), three_d_secure):
        assert localstripe in directive(response, "script-src")
        assert localstripe in directive(response, "connect-src")
        assert "stripe.com" not in response.headers["Content-Security-Policy"]
    assert localstripe not in client.get("/basket/").headers["Content-Security-Policy"]


def test_on_staging_browsers_load_localstripe_from_its_public_address_and_may_call_it_there(
    checkout_client, settings
):
    settings.STRIPE_API_BASE = "http://127.0.0.1:8420"  # where the staging server reaches localstripe
    settings.STRIPE_JS_URL = "https://stripe.staging.example.jp/js.stripe.com/v3/"  # where browsers do

    card_page = checkout_client.get("/checkout/payment-details/")

    assert card_page.status_code == 200
    assert 'src="https://stripe.staging.example.jp/js.stripe.com/v3/"' in card_page.content.decode()
    assert "https://stripe.staging.example.jp" in directive(card_page, "script-src")
    # localstripe's Stripe.js calls the API at the origin it was loaded from.
    assert "https://stripe.staging.example.jp" in directive(card_page, "connect-src")
    assert "stripe.com" not in card_page.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/catalogue/",
        "/basket/",
        "/accounts/profile/edit/",
        "/accounts/change-password/",
        "/accounts/addresses/add/",
        "/dashboard/",
        "/dashboard/catalogue/product-type/create/",
        "/dashboard/catalogue/attribute-option-group/create/",
        "/dashboard/catalogue/option/create/",
        "/dashboard/catalogue/products/create/credit-batch/",
        "/dashboard/partners/create/",
        "/admin/",
        "/admin/legal/incident/add/",
    ],
)
def test_pages_have_no_inline_handlers_and_every_inline_script_carries_the_nonce(staff_client, path):
    CreditBatchFactory()  # the "Carbon credit batch" product class and a product

    response = staff_client.get(path)

    html = response.content.decode()
    assert response.status_code == 200
    assert not INLINE_HANDLER.search(html), INLINE_HANDLER.search(html).group(0)
    inline_scripts = [attributes for attributes in SCRIPT_TAG.findall(html) if "src=" not in attributes]
    assert all(f'nonce="{nonce_of(response)}"' in attributes for attributes in inline_scripts)
    assert all(f'nonce="{nonce_of(response)}"' in attributes for attributes in STYLE_TAG.findall(html))


def test_the_incident_report_prints_without_an_inline_handler(staff_client):
    incident = incident_registered()

    response = staff_client.get(f"/admin/legal/incident/{incident.pk}/report/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "data-print" in html and "/static/shop/page_actions.js" in html
    assert not INLINE_HANDLER.search(html) and not STYLE_TAG.search(html)


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("get", "/", 200),
        ("get", "/en/catalogue/", 200),
        ("get", "/healthz/", 200),
        ("get", "/static/shop/checkout.js", 200),
        ("get", "/catalogue/nothing_99999/", 404),
        ("get", "/admin/login/", 200),
        ("post", "/payments/stripe/webhook/", 400),
    ],
)
def test_every_response_turns_off_the_browser_features_the_shop_does_not_use(client, method, path, status):
    response = getattr(client, method)(path)

    assert response.status_code == status
    policy = response.headers["Permissions-Policy"]
    for feature in ["camera", "microphone", "geolocation", "usb"]:
        assert f"{feature}=()" in policy
    assert 'payment=(self "https://js.stripe.com")' in policy

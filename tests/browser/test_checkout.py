"""Buying offsets in Chromium with the shop's real JavaScript against localstripe's Stripe.js."""

import re
from urllib.parse import parse_qs

import pytest
from django.core.management import call_command
from django.test import Client

from shop.apps.order.models import Order
from tests.factories.offsets import CreditBatchFactory
from tests.integration.payments.test_stripe_gateway import intents_on

pytestmark = pytest.mark.django_db(transaction=True)

CARD_DIGITS = re.compile(r"4[0-9]{15}")
# All the browser may send to Stripe (localstripe's token call): the card, the publishable key.
CARD_FIELDS = {"card[number]", "card[exp_month]", "card[exp_year]", "card[cvc]", "key", "payment_user_agent"}

# Records what checkout.js asks of Stripe.js (set up before any page script runs): the
# options of the card Element and the arguments of the calls that send the card to Stripe,
# in sessionStorage, so that they outlive the page that submits the card.
STRIPE_CALL_RECORDER = """
(function () {
  function record(call) {
    var calls = JSON.parse(sessionStorage.getItem("stripeCalls") || "[]");
    calls.push(call);
    sessionStorage.setItem("stripeCalls", JSON.stringify(calls));
  }
  var loadedStripe;
  function described(value) {
    if (value && typeof value.mount === "function") { return "<card element>"; }
    if (value && typeof value === "object") {
      var copy = {};
      Object.keys(value).forEach(function (key) { copy[key] = described(value[key]); });
      return copy;
    }
    return value === undefined ? null : value;
  }
  function recorded(stripe) {
    var elements = stripe.elements;
    stripe.elements = function () {
      var group = elements.apply(stripe, arguments);
      var create = group.create;
      group.create = function () {
        record({method: "elements.create", args: Array.from(arguments).map(described)});
        return create.apply(group, arguments);
      };
      return group;
    };
    ["createToken", "createPaymentMethod"].forEach(function (name) {
      var original = stripe[name];
      stripe[name] = function () {
        record({method: name, args: Array.from(arguments).map(described)});
        return original.apply(stripe, arguments);
      };
    });
    return stripe;
  }
  Object.defineProperty(window, "Stripe", {
    configurable: true,
    get: function () {
      return loadedStripe && function () { return recorded(loadedStripe.apply(this, arguments)); };
    },
    set: function (value) { loadedStripe = value; },
  });
})();
"""


@pytest.fixture
def shop(localstripe, processors, live_server):
    call_command("load_legal_demo", verbosity=0)
    batch = CreditBatchFactory(serial_first=1, serial_last=100, price_per_tonne=3300)
    return {"batch": batch, "url": live_server.url, "stripe": localstripe}


@pytest.fixture
def requests_to_shop(page, shop):
    """Every request the browser sends to our server (not to Stripe)."""
    seen = []
    page.on("request", lambda request: seen.append(request) if request.url.startswith(shop["url"]) else None)
    return seen


@pytest.fixture
def requests_to_stripe(page, shop):
    """Every request the browser sends to Stripe (here localstripe)."""
    seen = []
    page.on(
        "requestfinished",
        lambda request: seen.append(request) if request.url.startswith(shop["stripe"]) else None,
    )
    return seen


def to_card_details(page, shop):
    page.goto(shop["url"] + shop["batch"].product.get_absolute_url())
    page.locator("#add_to_basket_form input[name=quantity]").fill("2")
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.goto(shop["url"] + "/checkout/")
    page.locator("input[name=username]").fill("guest@example.jp")
    page.locator("input[name=username]").press("Enter")
    page.wait_for_url(re.compile(r"/checkout/payment-details/$"))


def fill_card(page, card_number: str):
    # localstripe's stand-in always draws a postal code input; Stripe's card Element shows
    # none with hidePostalCode, so it stays empty, as the customer leaves it.
    card = page.locator("#card-element")
    card.locator("input[placeholder=number]").fill(card_number)
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("34")
    card.locator("input[placeholder=cvc]").fill("123")


def buy(page, shop, card_number: str, screenshot=None):
    to_final_confirmation(page, shop, card_number, screenshot)
    page.locator("#place-order").click()


def to_final_confirmation(page, shop, card_number: str, screenshot=None):
    to_card_details(page, shop)
    page.locator("#id_beneficiary_name").fill("株式会社サンプル")
    page.locator("#id_offset_purpose").fill("社用車の排出")
    fill_card(page, card_number)
    page.locator("#to-confirmation").click()
    page.wait_for_url(re.compile(r"/checkout/preview/$"))
    page.locator("#id_accept").check()
    page.locator("#id_consent_recipients").check()
    if screenshot:
        screenshot("final-confirmation")


def test_a_guest_buys_with_a_card_that_succeeds(page, shop, screenshot, requests_to_shop, requests_to_stripe):
    buy(page, shop, "4242424242424242", screenshot)

    page.wait_for_url(re.compile(r"/checkout/thank-you/$"))
    assert "契約が成立しました" in page.locator("body").inner_text()
    order = Order.objects.get()
    assert order.total_incl_tax == 6600
    for request in requests_to_shop:
        assert not CARD_DIGITS.search(request.url + (request.post_data or "")), request.url
    # From the browser Stripe receives the card and nothing else: no postal code, name or address.
    [token_request] = [request for request in requests_to_stripe if request.url.endswith("/v1/tokens")]
    assert set(parse_qs(token_request.post_data)) <= CARD_FIELDS
    # From our server, the order number and the amount.
    [intent] = intents_on(shop["stripe"])
    assert (intent.metadata.to_dict(), intent.amount, intent.customer) == (
        {"order_number": order.number},
        6600,
        None,
    )


def test_a_guest_buys_from_a_product_page_served_from_the_cache(page, shop):
    path = shop["batch"].product.get_absolute_url()
    Client().get(path)  # another visitor: the page is now in the cache (shop/page_cache.py)
    served = []
    page.on("response", lambda response: served.append(response) if response.url.endswith(path) else None)

    buy(page, shop, "4242424242424242")

    page.wait_for_url(re.compile(r"/checkout/thank-you/$"))
    assert served[0].headers.get("x-page-cache") == "hit"
    assert Order.objects.get().total_incl_tax == 6600


def test_the_card_element_asks_for_the_card_only_and_hands_stripe_no_billing_details(page, shop):
    page.add_init_script(STRIPE_CALL_RECORDER)
    to_card_details(page, shop)
    page.locator("#id_beneficiary_name").fill("株式会社サンプル")
    fill_card(page, "4242424242424242")

    page.locator("#to-confirmation").click()
    page.wait_for_url(re.compile(r"/checkout/preview/$"))
    # Real Stripe's seam (createPaymentMethod), driven against the stand-in's empty stub.
    page.goto(shop["url"] + "/checkout/payment-details/")
    page.locator("#offset-payment-form").evaluate("form => { form.dataset.stripeSeam = 'payment_method'; }")
    fill_card(page, "4242424242424242")
    page.locator("#to-confirmation").click()
    page.locator("#card-errors").filter(has_text=re.compile(".+")).wait_for()
    calls = page.evaluate("JSON.parse(sessionStorage.getItem('stripeCalls'))")

    card_element = {"method": "elements.create", "args": ["card", {"hidePostalCode": True}]}
    assert calls == [
        card_element,
        {"method": "createToken", "args": ["<card element>"]},
        card_element,
        {"method": "createPaymentMethod", "args": [{"type": "card", "card": "<card element>"}]},
    ]


# Stripe's test cards the demo banner and the README list: declined when charged (0002: generic
# decline; 0341: declined when charged) ...
DECLINED_CARDS = ["4000000000000002", "4000000000000341"]
# ... and asking for 3-D Secure.
THREE_D_SECURE_CARDS = ["4000002500003155", "4000002760003184"]


@pytest.mark.parametrize("number", DECLINED_CARDS)
def test_a_declined_card_brings_the_customer_back_with_a_message(page, shop, number):
    buy(page, shop, number)

    page.wait_for_url(re.compile(r"/checkout/payment-details/$"))
    assert "カードが承認されませんでした" in page.locator("body").inner_text()
    assert Order.objects.count() == 0
    assert "succeeded" not in {intent.status for intent in intents_on(shop["stripe"])}


@pytest.mark.parametrize("number", THREE_D_SECURE_CARDS)
def test_3d_secure_is_completed_in_the_browser(page, shop, number):
    buy(page, shop, number)

    page.get_by_role("button", name="Complete authentication").click()
    page.wait_for_url(re.compile(r"/checkout/thank-you/$"))
    assert Order.objects.count() == 1


def test_failed_3d_secure_charges_nothing(page, shop):
    buy(page, shop, "4000002760003184")

    page.get_by_role("button", name="Fail authentication").click()
    page.wait_for_url(re.compile(r"/checkout/payment-details/$"))
    assert "3Dセキュア認証が完了していません" in page.locator("body").inner_text()
    assert Order.objects.count() == 0


# Clicks the order button twice in one go and counts the submissions the page let through.
DOUBLE_CLICK = """() => {
  let sent = 0;
  window.addEventListener("submit", (event) => { if (!event.defaultPrevented) { sent += 1; } });
  const button = document.getElementById("place-order");
  button.click();
  const label = button.textContent;
  button.click();
  return {sent: sent, label: label, disabled: button.getAttribute("aria-disabled")};
}"""


def test_a_second_click_on_the_order_button_sends_nothing_more(page, shop):
    to_final_confirmation(page, shop, "4242424242424242")

    clicked = page.evaluate(DOUBLE_CLICK)

    assert clicked == {"sent": 1, "label": "注文を確定しています…", "disabled": "true"}
    page.wait_for_url(re.compile(r"/checkout/thank-you/$"))
    assert Order.objects.count() == 1

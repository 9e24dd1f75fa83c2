"""Fifty buyers race through the real checkout views over HTTP for the last ten tonnes (PostgreSQL)."""

import re
import threading

import pytest
import requests

from legal.documents.forms import version_ids_token
from offsets.models import Allocation
from shop.apps.order.models import Order
from tests.factories.legal import accepted_set
from tests.factories.offsets import CreditBatchFactory
from tests.integration.payments.test_stripe_gateway import card, intents_on

BUYERS = 50
TONNES = 10
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CONFIRMATION = re.compile(r'name="confirmation" value="([^"]+)"')


class Buyer:
    def __init__(self, base: str, number: int):
        self.base = base
        self.http = requests.Session()
        self.email = f"buyer{number}@example.jp"
        self.statuses: list[int] = []

    def _csrf(self, path: str) -> str:
        return CSRF.search(self._page(path)).group(1)

    def _page(self, path: str) -> str:
        response = self.http.get(self.base + path, timeout=60)
        self.statuses.append(response.status_code)
        return response.text

    def post(self, path: str, form_path: str, data: dict) -> requests.Response:
        response = self.http.post(
            self.base + path, data={**data, "csrfmiddlewaretoken": self._csrf(form_path)}, timeout=60
        )
        self.statuses.extend(r.status_code for r in [*response.history, response])
        return response


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_fifty_buyers_for_the_last_ten_tonnes(live_server, localstripe, processors):
    versions = accepted_set()
    batch = CreditBatchFactory(serial_first=1, serial_last=TONNES, price_per_tonne=3300)
    product_path = batch.product.get_absolute_url()
    buyers = [Buyer(live_server.url, n) for n in range(BUYERS)]
    cards = [card(localstripe, "4242424242424242") for _ in buyers]
    for buyer, card_id in zip(buyers, cards, strict=True):
        buyer.post(f"/basket/add/{batch.product.pk}/", product_path, {"quantity": 1})
        buyer.post("/checkout/", "/checkout/", {"username": buyer.email, "options": "anonymous"})
        buyer.post("/checkout/payment-details/", "/checkout/payment-details/",
                   {"beneficiary_name": buyer.email, "payment_method": card_id})  # fmt: skip

    barrier = threading.Barrier(BUYERS)
    outcomes: dict[str, str] = {}

    def place(buyer: Buyer) -> None:
        preview = buyer._page("/checkout/preview/")
        barrier.wait()
        response = buyer.http.post(
            buyer.base + "/checkout/preview/",
            data={"action": "place_order", "accept": "on", "consent_recipients": "on",
                  "versions": version_ids_token(versions),
                  "confirmation": CONFIRMATION.search(preview).group(1),
                  "csrfmiddlewaretoken": CSRF.search(preview).group(1)},
            timeout=120,
        )  # fmt: skip
        buyer.statuses.extend(r.status_code for r in [*response.history, response])
        outcomes[buyer.email] = "bought" if response.url.endswith("/checkout/thank-you/") else response.url

    threads = [threading.Thread(target=place, args=(buyer,)) for buyer in buyers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    bought = [email for email, outcome in outcomes.items() if outcome == "bought"]
    sold_out = [email for email, outcome in outcomes.items() if outcome.endswith("/basket/")]
    print(f"\nconcurrency: {BUYERS} buyers, {TONNES} t, {len(bought)} sold, {len(sold_out)} told sold out")
    assert (len(bought), len(sold_out)) == (TONNES, BUYERS - TONNES)
    assert all(status < 500 for buyer in buyers for status in buyer.statuses)
    assert Order.objects.count() == TONNES
    serials = sorted(Allocation.objects.values_list("serial_first", flat=True))
    assert serials == list(range(1, TONNES + 1))
    assert len(intents_on(localstripe)) == TONNES  # the others were never charged


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_place_order_is_one_charge_and_both_clicks_show_the_order(
    live_server, localstripe, processors
):
    # given a buyer on the final confirmation page
    versions = accepted_set()
    batch = CreditBatchFactory(serial_first=1, serial_last=TONNES, price_per_tonne=3300)
    buyer = Buyer(live_server.url, 0)
    buyer.post(f"/basket/add/{batch.product.pk}/", batch.product.get_absolute_url(), {"quantity": 2})
    buyer.post("/checkout/", "/checkout/", {"username": buyer.email, "options": "anonymous"})
    card_id = card(localstripe, "4242424242424242")
    buyer.post("/checkout/payment-details/", "/checkout/payment-details/",
               {"beneficiary_name": buyer.email, "payment_method": card_id})  # fmt: skip
    preview = buyer._page("/checkout/preview/")
    form = {"action": "place_order", "accept": "on", "consent_recipients": "on",
            "versions": version_ids_token(versions), "confirmation": CONFIRMATION.search(preview).group(1),
            "csrfmiddlewaretoken": CSRF.search(preview).group(1)}  # fmt: skip

    # when the button is clicked twice: two requests at once, with the same cookies
    clicks = [requests.Session(), requests.Session()]
    for click in clicks:
        click.cookies.update(buyer.http.cookies)
    barrier = threading.Barrier(len(clicks))
    pages: list[requests.Response] = []

    def submit(click: requests.Session) -> None:
        barrier.wait()
        pages.append(click.post(live_server.url + "/checkout/preview/", data=form, timeout=120))

    threads = [threading.Thread(target=submit, args=(click,)) for click in clicks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then one charge, one order, and whichever response the browser shows is that order
    order = Order.objects.get()
    assert len(intents_on(localstripe)) == 1
    for page in pages:
        assert page.status_code == 200 and page.url.endswith("/checkout/thank-you/")
        assert order.number in page.text

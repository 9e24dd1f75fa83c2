"""The final confirmation page is the gate to payment: an order needs that page, as shown to this session.

Every path goes through the real checkout views and pays against a real
localstripe; "nothing charged" means localstripe received no PaymentIntent.
"""

import datetime
import json
import re
import urllib.request

import pytest
from django.test import Client
from django.utils import timezone

from legal.documents.forms import version_ids_token
from legal.processors import services as processor_services
from legal.processors.models import Processor, ProcessorRole
from offsets import services as offsets_services
from offsets.models import Reservation
from shop.apps.order.models import CheckoutConfirmation, CheckoutSubmission, Order
from tests.factories.legal import accepted_set
from tests.factories.offsets import CreditBatchFactory
from tests.functional.checkout.test_checkout import CONFIRMATION_TOKEN, place, to_confirmation
from tests.integration.payments.test_stripe_gateway import card, intents_on
from tests.integration.payments.test_webhooks import post as webhook_post
from tests.integration.payments.test_webhooks import succeeded

pytestmark = pytest.mark.django_db

NOT_SHOWN = "この最終確認画面でご注文内容をご確認のうえ、注文を確定してください。"
CHANGED = "確認画面を表示した後にご注文内容が変更されました。変更後の内容をご確認ください。"
TOO_OLD = "確認画面を表示してから時間が経ちすぎたため、注文を確定できませんでした。"
ALREADY_SUBMITTED = "このご注文はすでに確認画面から送信されており、追加のご請求はありません。"


@pytest.fixture
def shop(localstripe, processors):
    batch = CreditBatchFactory(serial_prefix="JP-C", serial_first=1, serial_last=20, price_per_tonne=3300)
    return {"batch": batch, "versions": accepted_set(), "localstripe": localstripe}


def to_payment_details(client, shop, card_id: str, tonnes: int = 3) -> None:
    """Basket, e-mail and certificate details through the real views; the preview is not loaded."""
    client.post(f"/basket/add/{shop['batch'].product.pk}/", {"quantity": tonnes})
    client.post("/checkout/", {"username": "guest@example.jp", "options": "anonymous"}, follow=True)
    details(client, card_id)


def details(client, card_id: str, beneficiary_name: str = "株式会社サンプル", **more) -> None:
    response = client.post(
        "/checkout/payment-details/",
        {
            "beneficiary_name": beneficiary_name,
            "offset_purpose": "社用車の排出",
            "payment_method": card_id,
            **more,
        },
    )
    assert response.status_code == 302 and response.url == "/checkout/preview/"  # not followed


def show_confirmation(client, shop) -> str:
    """Load the final confirmation page as a browser does; return its page."""
    page = client.get("/checkout/preview/").content.decode()
    shop["confirmation"] = CONFIRMATION_TOKEN.search(page).group(1)
    return page


def messages_on(client, url: str) -> list[str]:
    return [str(message) for message in client.get(url).context["messages"]]


def nothing_charged_or_reserved(shop) -> bool:
    return (
        intents_on(shop["localstripe"]) == []
        and not Order.objects.exists()
        and not CheckoutSubmission.objects.exists()
        and not Reservation.objects.exists()
    )


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("", NOT_SHOWN),
        ("/en", "Please check your order on this final confirmation page, then place it."),
    ],
)
def test_placing_an_order_without_loading_the_confirmation_page_is_refused(client, shop, prefix, message):
    # given a basket and payment details entered through the real views, the preview never loaded
    to_payment_details(client, shop, card(shop["localstripe"], "4242424242424242"))

    # when the buyer posts what the page's form would carry, with the version ids (public knowledge)
    response = client.post(
        f"{prefix}/checkout/preview/",
        {
            "action": "place_order",
            "accept": "on",
            "consent_recipients": "on",
            "versions": version_ids_token(shop["versions"]),
        },
    )

    # then nothing is charged or reserved, and the buyer is sent to the confirmation page
    assert response.status_code == 302 and response.url == f"{prefix}/checkout/preview/"
    assert message in messages_on(client, response.url)
    assert nothing_charged_or_reserved(shop)


# A token with a NUL byte never reaches the gate: shop.middleware.ControlCharacterMiddleware
# answers 400 first (test below).
@pytest.mark.parametrize(
    "token", ["", "x", "not-a-real-token-but-long-enough-to-look-like-one", "確認", "t" * 5000]
)
def test_a_made_up_confirmation_token_is_refused(client, shop, token):
    to_payment_details(client, shop, card(shop["localstripe"], "4242424242424242"))
    show_confirmation(client, shop)

    response = place(client, shop, confirmation=token)

    assert response.status_code == 302 and response.url == "/checkout/preview/"
    assert NOT_SHOWN in messages_on(client, response.url)
    assert nothing_charged_or_reserved(shop)


def test_a_confirmation_token_with_a_nul_byte_is_refused_before_the_gate(client, shop):
    to_payment_details(client, shop, card(shop["localstripe"], "4242424242424242"))
    show_confirmation(client, shop)

    response = place(client, shop, confirmation="\x00")

    assert response.status_code == 400
    assert nothing_charged_or_reserved(shop)


def test_a_confirmation_shown_to_another_session_is_refused(client, shop):
    # given another session shown a confirmation page for exactly the same order, card included
    card_id = card(shop["localstripe"], "4242424242424242")
    theirs, other = dict(shop), Client()
    to_payment_details(other, theirs, card_id)
    show_confirmation(other, theirs)
    to_payment_details(client, shop, card_id)
    show_confirmation(client, shop)

    # when this session posts the other session's token
    response = place(client, shop, confirmation=theirs["confirmation"])

    # then it is refused, and the other buyer can still use it
    assert response.url == "/checkout/preview/"
    assert NOT_SHOWN in messages_on(client, response.url)
    assert intents_on(shop["localstripe"]) == [] and not Order.objects.exists()
    assert place(other, theirs).url == "/checkout/thank-you/"
    assert Order.objects.get().guest_email == "guest@example.jp"


def test_the_confirmation_page_as_shown_places_exactly_one_order_and_is_kept_with_the_payment(client, shop):
    to_confirmation(client, shop)
    shown = CheckoutConfirmation.objects.get(token=shop["confirmation"])

    response = place(client, shop)

    assert response.status_code == 302 and response.url == "/checkout/thank-you/"
    order = Order.objects.get()
    assert len(intents_on(shop["localstripe"])) == 1
    submission = CheckoutSubmission.objects.get()
    assert (submission.confirmation_digest, submission.confirmation_shown_at) == (
        shown.digest,
        shown.shown_at,
    )
    shown.refresh_from_db()
    assert shown.used_at is not None and shown.order_number == order.number


def test_submitting_a_used_confirmation_again_shows_the_order_and_charges_once(client, shop):
    # given an order placed from the confirmation page
    to_confirmation(client, shop)
    first = place(client, shop)

    # when the same page is submitted again (a double click, the back button)
    second = place(client, shop)

    # then the buyer lands on the same order, and the card was charged once
    assert first.url == second.url == "/checkout/thank-you/"
    order = Order.objects.get()
    assert order.number in client.get(second.url).content.decode()
    assert len(intents_on(shop["localstripe"])) == 1


def test_a_used_confirmation_that_placed_no_order_cannot_pay_again(client, shop, settings):
    settings.CHECKOUT_DOUBLE_SUBMIT_WAIT_SECONDS = 0.2
    # given a confirmation used once, for a card that was declined (the basket is editable again)
    to_confirmation(client, shop, card_number="4000000000000341")
    assert place(client, shop).url == "/checkout/payment-details/"
    attempts = len(intents_on(shop["localstripe"]))
    reservations = list(Reservation.objects.values_list("pk", "tonnes", "expires_at"))

    # when the same page is submitted again
    response = place(client, shop)

    # then nothing more is charged or reserved, and the buyer is asked to confirm again
    assert response.status_code == 302 and response.url == "/checkout/preview/"
    assert ALREADY_SUBMITTED in " ".join(messages_on(client, response.url))
    assert len(intents_on(shop["localstripe"])) == attempts
    assert list(Reservation.objects.values_list("pk", "tonnes", "expires_at")) == reservations
    assert not Order.objects.exists()


def more_tonnes_in_another_tab(client, shop, card_id):
    client.post(f"/basket/add/{shop['batch'].product.pk}/", {"quantity": 1})


def another_beneficiary(client, shop, card_id):
    details(client, card_id, beneficiary_name="別の株式会社")


def shown_on_verification_page(client, shop, card_id):
    details(client, card_id, show_on_verification_page="on")


def another_invoice_recipient(client, shop, card_id):
    details(client, card_id, buying_for_company="on", company_name="株式会社", invoice_recipient_name="経理")


def another_card(client, shop, card_id):
    details(client, card(shop["localstripe"], "4242424242424242"))


def price_changed_by_staff(client, shop, card_id):
    shop["batch"].price_per_tonne = 3500
    offsets_services.batch_save(batch=shop["batch"])


def another_processor_abroad(client, shop, card_id):
    delivery = Processor.objects.get(role=ProcessorRole.DELIVERY)
    delivery.country = "CH"  # a country whose system the registry describes
    delivery.measures_ja, delivery.measures_en = "暗号化して保管します。", "Stores the data encrypted."
    processor_services.processor_save(processor=delivery, changed_by=None)


@pytest.mark.parametrize(
    "change",
    [
        more_tonnes_in_another_tab,
        another_beneficiary,
        shown_on_verification_page,
        another_invoice_recipient,
        another_card,
        price_changed_by_staff,
        another_processor_abroad,
    ],
)
def test_an_order_changed_after_its_confirmation_page_was_shown_must_be_confirmed_again(client, shop, change):
    # given a confirmation page shown, then a change made elsewhere
    card_id = card(shop["localstripe"], "4242424242424242")
    to_payment_details(client, shop, card_id)
    show_confirmation(client, shop)
    change(client, shop, card_id)

    # when the page shown before the change is submitted
    response = place(client, shop)

    # then it is refused before anything is reserved or charged
    assert response.status_code == 302 and response.url == "/checkout/preview/"
    assert CHANGED in messages_on(client, response.url)
    assert nothing_charged_or_reserved(shop)

    # and the page shown again, with the change, places the order
    show_confirmation(client, shop)
    assert place(client, shop).url == "/checkout/thank-you/"
    assert Order.objects.count() == 1 and len(intents_on(shop["localstripe"])) == 1


@pytest.mark.parametrize(("minutes_ago", "placed"), [(29, True), (31, False)])
def test_a_confirmation_page_is_valid_for_thirty_minutes(client, shop, minutes_ago, placed):
    to_confirmation(client, shop)
    CheckoutConfirmation.objects.update(shown_at=timezone.now() - datetime.timedelta(minutes=minutes_ago))

    response = place(client, shop)

    assert response.url == ("/checkout/thank-you/" if placed else "/checkout/preview/")
    assert Order.objects.count() == len(intents_on(shop["localstripe"])) == int(placed)
    if not placed:
        assert any(TOO_OLD in message for message in messages_on(client, response.url))


def test_changed_terms_while_confirming_are_still_shown_first(client, shop):
    from tests.factories.legal import published_version

    to_confirmation(client, shop)
    published_version("terms")  # in force now

    response = place(client, shop)

    assert response.status_code == 400
    assert "ご確認の間に規約が改定されました。" in response.content.decode()
    assert nothing_charged_or_reserved(shop)


def test_a_3d_secure_payment_from_the_confirmation_page_is_placed_once_by_the_return_and_webhook(
    client, shop
):
    # given a card needing 3-D Secure, submitted from the confirmation page
    to_confirmation(client, shop, card_number="4000002760003184")
    issuer_page = place(client, shop).content.decode()
    client_secret = re.search(r'data-client-secret="([^"]+)"', issuer_page).group(1)
    submission = CheckoutSubmission.objects.get()
    authenticate = urllib.request.Request(  # what localstripe's 3-D Secure page does
        f"{shop['localstripe']}/v1/payment_intents/{submission.payment_intent_id}/_authenticate?success=true",
        data=json.dumps({"key": "pk_test_offsetmart", "client_secret": client_secret}).encode(),
        method="POST",
    )
    urllib.request.urlopen(authenticate, timeout=5)  # noqa: S310  (loopback)

    # when the browser comes back, and the webhook arrives too
    response = client.post("/checkout/payment-return/", {"payment_intent": submission.payment_intent_id})
    webhook = webhook_post(client, succeeded(submission.payment_intent_id))

    # then one order, paid by that PaymentIntent
    assert response.status_code == 302 and response.url == "/checkout/thank-you/"
    assert webhook.status_code == 200
    assert Order.objects.get().payment_intent_id == submission.payment_intent_id
    assert len(intents_on(shop["localstripe"])) == 1


def test_only_the_confirmation_page_shown_last_counts_and_old_records_go(client, shop):
    # given a confirmation page shown, a record from two days ago, and the page reloaded
    to_confirmation(client, shop)
    earlier = shop["confirmation"]
    CheckoutConfirmation.objects.create(
        token="two-days-old", digest="0" * 64, shown_at=timezone.now() - datetime.timedelta(days=2)
    )
    show_confirmation(client, shop)

    # when the page shown earlier is submitted
    response = place(client, shop, confirmation=earlier)

    # then it is refused: one record is left, the page shown last, and it still places the order
    assert response.url == "/checkout/preview/" and nothing_charged_or_reserved(shop)
    assert list(CheckoutConfirmation.objects.values_list("token", flat=True)) == [shop["confirmation"]]
    assert place(client, shop).url == "/checkout/thank-you/"


def test_the_confirmation_page_states_the_totals_once_beside_the_order_button(client, shop):
    to_payment_details(client, shop, card(shop["localstripe"], "4242424242424242"))

    page = show_confirmation(client, shop)

    # Oscar's contents block and the final totals each stated the total; the lines table no longer does.
    assert page.count("合計（税込）") == 1 and page.count("うち消費税") == 1
    assert page.index("final-totals") < page.index('id="place-order"')

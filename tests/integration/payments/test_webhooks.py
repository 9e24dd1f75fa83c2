"""POST /payments/stripe/webhook/ with bodies signed exactly as Stripe signs them."""

import json
import time

import pytest

from shop.apps.order.models import Order
from shop.apps.order.services import order_place_paid
from shop.apps.payment.models import StripeWebhookEvent
from tests.integration.payments.test_order_placement import submission  # noqa: F401  (fixture)
from tests.integration.payments.test_stripe_gateway import signed

pytestmark = pytest.mark.django_db
URL = "/payments/stripe/webhook/"
SECRET = "whsec_test_offsetmart"


def event(event_id: str, event_type: str, obj: dict) -> bytes:
    return json.dumps(
        {"id": event_id, "object": "event", "type": event_type, "data": {"object": obj}}
    ).encode()


def post(client, payload: bytes, signature: str | None = None):
    signature = signed(payload, SECRET) if signature is None else signature
    return client.post(URL, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)


def succeeded(intent_id: str, event_id: str = "evt_ok") -> bytes:
    return event(event_id, "payment_intent.succeeded", {"id": intent_id, "object": "payment_intent"})


def test_the_webhook_places_the_order_when_the_browser_never_returns(client, submission):  # noqa: F811
    response = post(client, succeeded(submission.intent.id))

    assert response.status_code == 200
    order = Order.objects.get()
    assert order.number == submission.order_number and order.payment_intent_id == submission.intent.id


def test_browser_return_webhook_and_retries_give_one_order(client, submission):  # noqa: F811
    order_place_paid(submission=submission, intent=submission.intent)  # the browser came back first

    assert post(client, succeeded(submission.intent.id, "evt_1")).status_code == 200
    assert post(client, succeeded(submission.intent.id, "evt_1")).content == b"duplicate"
    assert post(client, succeeded(submission.intent.id, "evt_2")).status_code == 200

    assert Order.objects.count() == 1
    assert StripeWebhookEvent.objects.count() == 2


@pytest.mark.parametrize(
    ("payload", "signature"),
    [
        (succeeded("pi_x"), "t=1,v1=deadbeef"),  # wrong signature
        (succeeded("pi_x"), ""),  # missing signature
        (succeeded("pi_x"), signed(succeeded("pi_x"), SECRET, timestamp=int(time.time()) - 3600)),  # stale
        (b"{not json", None),  # malformed body, correctly signed
    ],
)
def test_bad_webhooks_are_refused_and_change_nothing(client, localstripe, payload, signature):
    response = post(client, payload, signature)

    assert response.status_code == 400
    assert StripeWebhookEvent.objects.count() == 0 and Order.objects.count() == 0


def test_unknown_events_are_acknowledged_and_ignored(client, localstripe):
    response = post(client, event("evt_u", "customer.created", {"id": "cus_1", "object": "customer"}))

    assert response.status_code == 200 and response.content == b"ignored"


def test_a_refund_made_outside_the_shop_is_recorded_and_flagged(client, submission):  # noqa: F811
    order = order_place_paid(submission=submission, intent=submission.intent)
    charge = {"id": "ch_1", "object": "charge", "payment_intent": order.payment_intent_id,
              "amount_refunded": 9900, "status": "succeeded"}  # fmt: skip

    post(client, event("evt_r", "charge.refunded", charge))

    order.refresh_from_db()
    assert "charge.refunded" in order.attention_reason and "9900" in order.attention_reason
    assert order.notes.filter(message__contains="made outside the shop").exists()
    assert order.status == "paid"


def test_a_dispute_marks_the_order_disputed(client, submission):  # noqa: F811
    order = order_place_paid(submission=submission, intent=submission.intent)
    dispute = {"id": "dp_1", "object": "dispute", "payment_intent": order.payment_intent_id,
               "amount": 9900, "status": "needs_response"}  # fmt: skip

    post(client, event("evt_d", "charge.dispute.created", dispute))

    order.refresh_from_db()
    assert order.status == "disputed" and "charge.dispute.created" in order.attention_reason


def json_of(body) -> bytes:
    """Any JSON, not only an event's shape (``post`` signs it)."""
    return json.dumps(body).encode()


@pytest.mark.parametrize(
    "payload",
    [
        json_of({"object": "event", "type": "customer.created", "data": {"object": {}}}),  # no id
        json_of({"id": "evt_m", "type": "customer.created", "data": {"object": "cus_1"}}),
        json_of({"id": "evt_m", "type": "customer.created", "data": "cus_1"}),
        json_of({"id": "evt_m", "type": "customer.created"}),  # no data
        json_of([{"id": "evt_m", "type": "customer.created", "data": {"object": {}}}]),  # an array
        json_of("evt_m"),
        json_of(None),
        json_of({"id": "e" * 5000, "type": "customer.created", "data": {"object": {}}}),
        json_of({"id": "evt_\x00", "type": "customer.created", "data": {"object": {}}}),
        json_of({"id": "evt_\ud800", "type": "customer.created", "data": {"object": {}}}),
        json_of({"id": 42, "type": "customer.created", "data": {"object": {}}}),
        json_of({"id": "evt_m", "type": ["customer.created"], "data": {"object": {}}}),
        json_of({"id": "evt_m", "type": "t" * 101, "data": {"object": {}}}),
        json_of(
            {
                "id": "evt_m",
                "type": "payment_intent.succeeded",
                "data": {"object": {"object": "payment_intent"}},
            }
        ),
        json_of(
            {
                "id": "evt_m",
                "type": "payment_intent.succeeded",
                "data": {"object": {"id": {"nested": 1}, "object": "payment_intent"}},
            }
        ),
        b"[" * 100_000,  # deeper than Python's JSON parser goes
    ],
)
def test_signed_but_malformed_events_are_refused_logged_and_change_nothing(
    client, localstripe, caplog, payload
):
    response = post(client, payload)

    assert response.status_code == 400 and response.content == b"Malformed event."
    assert StripeWebhookEvent.objects.count() == 0
    [refusal] = [record for record in caplog.records if record.name == "shop.payments.stripe.views"]
    assert refusal.levelname == "WARNING" and "malformed" in refusal.getMessage()
    assert refusal.exc_info is None  # a line in the log, not a stack trace


def test_a_malformed_event_about_a_real_payment_places_no_order(client, submission):  # noqa: F811
    too_long = succeeded(submission.intent.id, event_id="evt_" + "9" * 5000)

    response = post(client, too_long)

    assert response.status_code == 400
    assert Order.objects.count() == 0 and StripeWebhookEvent.objects.count() == 0


@pytest.mark.parametrize(
    "charge",
    [
        {"amount_refunded": "9900; drop table", "status": "succeeded"},
        {"amount_refunded": 9900, "status": "succeeded\x00"},
        {"amount_refunded": 9900, "status": {"nested": "x"}},
    ],
)
def test_a_refund_event_with_a_wrong_amount_or_status_leaves_the_order_alone(client, submission, charge):  # noqa: F811
    order = order_place_paid(submission=submission, intent=submission.intent)
    charge = {"id": "ch_1", "object": "charge", "payment_intent": order.payment_intent_id, **charge}

    response = post(client, event("evt_r", "charge.refunded", charge))

    assert response.status_code == 400
    order.refresh_from_db()
    assert order.attention_reason == "" and not order.notes.exists()


@pytest.mark.parametrize(("seconds_from_now", "status"), [(600, 400), (-600, 400), (200, 200), (-200, 200)])
def test_a_signature_is_accepted_only_within_five_minutes_either_way(
    client, localstripe, seconds_from_now, status
):
    payload = event("evt_t", "customer.created", {"id": "cus_1", "object": "customer"})

    response = post(client, payload, signed(payload, SECRET, timestamp=int(time.time()) + seconds_from_now))

    assert response.status_code == status
    assert StripeWebhookEvent.objects.count() == (1 if status == 200 else 0)

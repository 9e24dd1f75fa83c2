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

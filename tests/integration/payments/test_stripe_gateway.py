"""Card payments through the processor gateway against a real localstripe on loopback."""

import datetime
import hashlib
import hmac
import json
import time

import pytest
import stripe
from django.utils import timezone

from legal.processors import services as legal_services
from legal.processors.models import ProvisionRecord
from shop.payments.stripe import api
from shop.payments.stripe.gateway import (
    CardDeclined,
    PaymentAttempt,
    PaymentRefused,
    StripeUnavailable,
    card_payment_take,
)

pytestmark = pytest.mark.django_db

BUYER = {
    "email": "buyer@example.jp",
    "name": "山田 太郎",
    "beneficiary_name": "株式会社サンプル",
    "offset_purpose": "社用車の排出",
    "postal_address": "東京都千代田区",
}


def card(localstripe: str, number: str) -> str:
    """What the browser's card Element yields against localstripe (the token seam): card_…"""
    client = stripe.StripeClient("sk_test_offsetmart", base_addresses={"api": localstripe})
    token = client.v1.tokens.create(
        params={"card": {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"}}
    )
    return token.card.id


def intents_on(localstripe: str) -> list:
    client = stripe.StripeClient("sk_test_offsetmart", base_addresses={"api": localstripe})
    return list(client.v1.payment_intents.list(params={"limit": 100}).data)


def test_a_card_payment_succeeds_and_stripe_receives_only_in_scope_fields(localstripe, processors):
    intent = card_payment_take(
        attempt=PaymentAttempt(order_number="OM-100001", attempt=1),
        amount=9900,
        payment_method=card(localstripe, "4242424242424242"),
        personal_data=BUYER,
        subject_email="buyer@example.jp",
    )

    assert (intent.status, intent.amount, intent.currency) == ("succeeded", 9900, "jpy")
    [received] = intents_on(localstripe)
    assert received.metadata.to_dict() == {"order_number": "OM-100001"}
    assert received.amount == 9900
    record = ProvisionRecord.objects.get()
    assert (record.processor_name, record.fields) == ("Stripe, Inc.", ["amount", "order_number"])


# Stripe's test cards (docs.stripe.com/testing): these decline when charged ...
DECLINED_CARDS = ["4000000000000002", "4000000000000341"]
# ... and these ask for 3-D Secure.
THREE_D_SECURE_CARDS = ["4000002500003155", "4000002760003184"]


@pytest.mark.parametrize("number", DECLINED_CARDS)
def test_a_declined_card_says_so_and_nothing_is_charged(localstripe, processors, number):
    with pytest.raises(CardDeclined) as declined:
        card_payment_take(
            attempt=PaymentAttempt(order_number="OM-100002", attempt=1),
            amount=3300,
            payment_method=card(localstripe, number),
            personal_data={},
        )

    assert declined.value.code == "card_declined"
    assert [intent.status for intent in intents_on(localstripe)] in ([], ["requires_payment_method"])


@pytest.mark.parametrize("number", THREE_D_SECURE_CARDS)
def test_a_card_needing_3d_secure_asks_the_browser(localstripe, processors, number):
    intent = card_payment_take(
        attempt=PaymentAttempt(order_number="OM-100003", attempt=1),
        amount=3300,
        payment_method=card(localstripe, number),
        personal_data={},
    )

    assert intent.status == "requires_action" and intent.client_secret


def test_a_lapsed_payment_processor_nda_stops_the_payment_before_stripe(localstripe, processors):
    payment = processors["payment"]
    payment.nda_expires_on = timezone.localdate() - datetime.timedelta(days=1)
    legal_services.processor_save(processor=payment, changed_by=None)

    with pytest.raises(PaymentRefused, match="Stripe, Inc."):
        card_payment_take(
            attempt=PaymentAttempt(order_number="OM-100004", attempt=1),
            amount=3300,
            payment_method=card(localstripe, "4242424242424242"),
            personal_data={},
        )

    assert intents_on(localstripe) == []
    assert ProvisionRecord.objects.count() == 0


def test_stripe_unreachable_is_reported(processors, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    settings.STRIPE_MAX_NETWORK_RETRIES = 0

    with pytest.raises(StripeUnavailable):
        card_payment_take(
            attempt=PaymentAttempt(order_number="OM-100005", attempt=1),
            amount=3300,
            payment_method="card_whatever",
            personal_data={},
        )


def test_idempotency_keys_differ_per_attempt():
    assert PaymentAttempt("OM-1", 1).idempotency_key != PaymentAttempt("OM-1", 2).idempotency_key
    assert PaymentAttempt("OM-1", 1).idempotency_key == PaymentAttempt("OM-1", 1).idempotency_key


def signed(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """The Stripe-Signature header, computed exactly as Stripe computes it."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def test_webhook_signatures_are_verified(localstripe):
    event_body = {"id": "evt_1", "object": "event", "type": "payment_intent.succeeded"}
    payload = json.dumps(
        {**event_body, "data": {"object": {"id": "pi_1", "object": "payment_intent"}}}
    ).encode()

    event = api.webhook_event_verify(payload=payload, signature=signed(payload, "whsec_test_offsetmart"))
    assert event["id"] == "evt_1"

    for bad in [signed(payload, "whsec_wrong"), signed(payload, "whsec_test_offsetmart", 1), "", "garbage"]:
        with pytest.raises(api.WebhookSignatureInvalid):
            api.webhook_event_verify(payload=payload, signature=bad)


def test_a_card_id_stripe_does_not_know_is_refused_like_a_decline(localstripe, processors):
    with pytest.raises(CardDeclined):
        card_payment_take(
            attempt=PaymentAttempt(order_number="OM-100006", attempt=1),
            amount=3300,
            payment_method="card_doesnotexist",
            personal_data={},
        )

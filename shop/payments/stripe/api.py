"""The only module that imports the Stripe SDK. Small dataclasses cross the boundary."""

import json
import time
from dataclasses import dataclass, field
from typing import Any

import stripe
from django.conf import settings

from .consts import CURRENCY, WEBHOOK_TOLERANCE_SECONDS


class StripeUnavailable(Exception):
    """Stripe could not be reached or answered with a server error; nothing is known to be charged."""


class CardDeclined(Exception):
    """The card was declined; ``code`` is Stripe's decline code."""

    def __init__(self, message: str, code: str = ""):
        super().__init__(message)
        self.code = code


class WebhookSignatureInvalid(Exception):
    """The body is not signed by Stripe with our secret, or the signature is not recent."""


class WebhookEventMalformed(Exception):
    """The body is signed, but is no event the shop can read: not a JSON object, a part missing or wrong."""


@dataclass(frozen=True)
class PaymentIntent:
    id: str
    status: str
    amount: int
    currency: str
    client_secret: str
    metadata: dict[str, str] = field(default_factory=dict)


def _client() -> stripe.StripeClient:
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses=base,
        max_network_retries=settings.STRIPE_MAX_NETWORK_RETRIES,
        http_client=stripe.new_default_http_client(timeout=settings.STRIPE_TIMEOUT_SECONDS),
    )


def _intent(obj) -> PaymentIntent:
    return PaymentIntent(
        id=obj.id,
        status=obj.status,
        amount=int(obj.amount),
        currency=obj.currency,
        client_secret=obj.client_secret or "",
        metadata=obj.metadata.to_dict() if obj.metadata else {},
    )


def payment_intent_create_confirmed(
    *, amount: int, payment_method: str, metadata: dict[str, Any], idempotency_key: str
) -> PaymentIntent:
    """Create and confirm a card PaymentIntent in yen."""
    params = {
        "amount": amount,
        "currency": CURRENCY,
        "payment_method": payment_method,
        "payment_method_types": ["card"],
        "confirm": True,
        "metadata": {key: str(value) for key, value in metadata.items()},
    }
    try:
        return _intent(
            _client().v1.payment_intents.create(params=params, options={"idempotency_key": idempotency_key})
        )
    except stripe.CardError as error:
        raise CardDeclined(error.user_message or str(error), getattr(error, "code", "") or "") from error
    except stripe.InvalidRequestError as error:
        # E.g. an unknown or used card id, or an amount Stripe does not accept:
        # the customer can try another card; nothing was charged.
        raise CardDeclined(str(error), getattr(error, "code", "") or "invalid_request") from error
    except (stripe.APIConnectionError, stripe.RateLimitError) as error:
        raise StripeUnavailable(str(error)) from error
    except stripe.APIError as error:
        raise StripeUnavailable(str(error)) from error


def payment_intent_retrieve(*, intent_id: str) -> PaymentIntent:
    try:
        return _intent(_client().v1.payment_intents.retrieve(intent_id))
    except (stripe.APIConnectionError, stripe.APIError) as error:
        raise StripeUnavailable(str(error)) from error


def webhook_event_verify(*, payload: bytes, signature: str) -> dict[str, Any]:
    """The event as a dict, if ``signature`` is Stripe's for ``payload`` and was made within the tolerance.

    Raises WebhookSignatureInvalid, or WebhookEventMalformed for a signed body that is no JSON object.
    """
    try:
        stripe.WebhookSignature.verify_header(
            payload, signature, settings.STRIPE_WEBHOOK_SECRET, WEBHOOK_TOLERANCE_SECONDS
        )
    except (stripe.SignatureVerificationError, ValueError) as error:  # ValueError: not UTF-8
        raise WebhookSignatureInvalid(str(error)) from error
    # The SDK only refuses signatures that are too old; one from the future is refused too.
    if _signed_at(signature) > time.time() + WEBHOOK_TOLERANCE_SECONDS:
        raise WebhookSignatureInvalid("Timestamp in the future, outside the tolerance zone")
    # Parsed here rather than by stripe.Webhook.construct_event, which fails with
    # AttributeError on a body that is valid JSON but no object (an array, a string).
    try:
        event = json.loads(payload)
    except (ValueError, RecursionError) as error:
        raise WebhookEventMalformed(f"not JSON: {error}") from error
    if not isinstance(event, dict):
        raise WebhookEventMalformed(f"a JSON {type(event).__name__}, not an object")
    return event


def _signed_at(signature: str) -> int:
    """The ``t=`` timestamp of a Stripe-Signature header the SDK has verified, read the way it reads it."""
    items = [part.split("=", 2) for part in signature.split(",")]
    return int(next(item[1] for item in items if item[0] == "t"))

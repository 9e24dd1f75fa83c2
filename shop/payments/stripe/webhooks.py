"""Stripe webhook events: verified, kept once each, acted on by the services.

``payment_intent.succeeded`` places the order if the browser never came back
(placement is idempotent); refunds and disputes made outside the shop are
recorded on the order and flagged for staff; the shop itself never refunds.
"""

import logging
import re
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from oscar.core.loading import get_model

from shop.apps.order.models import CheckoutSubmission, Order
from shop.apps.order.services import PaymentNotVerified, order_place_paid, submission_for_payment_intent
from shop.apps.payment.models import StripeWebhookEvent

from . import api, consts
from .api import WebhookEventMalformed

OrderNote = get_model("order", "OrderNote")
logger = logging.getLogger(__name__)

# Stripe's ids, event types and statuses are short printable ASCII; anything else in a signed
# body is a malformed event, refused before it reaches the database (NUL, a 5,000-character id).
_STRIPE_TEXT = re.compile(r"[!-~]+")
_COLUMN_LENGTHS = {field.name: field.max_length for field in StripeWebhookEvent._meta.concrete_fields}


@dataclass(frozen=True)
class WebhookEvent:
    """The parts of a verified Stripe event the shop acts on, each checked."""

    id: str
    type: str
    payment_intent_id: str  # "" when the event names none
    amount: int | str  # refunds and disputes: the amount refunded or disputed, "" when not given
    status: str  # refunds and disputes: the charge's or dispute's status


def event_handle(*, payload: bytes, signature: str) -> str:
    """Verify and act on one webhook delivery; return what was done (for the log and tests).

    Raises api.WebhookSignatureInvalid for a bad or stale signature, WebhookEventMalformed for
    a signed body that is not an event the shop can read; neither changes anything.
    """
    event = _event_read(api.webhook_event_verify(payload=payload, signature=signature))
    try:
        with transaction.atomic():
            record = StripeWebhookEvent.objects.create(
                event_id=event.id, event_type=event.type, payment_intent_id=event.payment_intent_id
            )
    except IntegrityError:
        return "duplicate"
    outcome = _dispatch(event)
    StripeWebhookEvent.objects.filter(pk=record.pk).update(outcome=outcome[:255])
    logger.info("Stripe event %s (%s): %s", event.id, event.type, outcome)
    return outcome


def _event_read(body: dict[str, Any]) -> WebhookEvent:
    """The event in ``body``, or WebhookEventMalformed naming the first part that is missing or wrong."""
    event_id = _stripe_text(body.get("id"), name="id", max_length=_COLUMN_LENGTHS["event_id"])
    event_type = _stripe_text(body.get("type"), name="type", max_length=_COLUMN_LENGTHS["event_type"])
    data = body.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    if not isinstance(obj, dict):
        raise WebhookEventMalformed("data.object is not an object")
    intent_id = obj.get("id") if obj.get("object") == "payment_intent" else obj.get("payment_intent")
    if intent_id is not None:
        intent_id = _stripe_text(
            intent_id, name="PaymentIntent id", max_length=_COLUMN_LENGTHS["payment_intent_id"]
        )
    elif event_type in (consts.EVENT_PAYMENT_SUCCEEDED, consts.EVENT_PAYMENT_FAILED):
        raise WebhookEventMalformed("the event names no PaymentIntent")
    amount, status = "", ""
    if _flagged_for_staff(event_type):
        amount = obj.get("amount_refunded") or obj.get("amount") or ""
        if amount != "" and type(amount) is not int:
            raise WebhookEventMalformed("amount is not a whole number")
        status = obj.get("status") or ""
        if status:
            _stripe_text(status, name="status", max_length=100)
    return WebhookEvent(
        id=event_id,
        type=event_type,
        payment_intent_id=intent_id or "",
        amount=amount,
        status=status,
    )


def _stripe_text(value: Any, *, name: str, max_length: int) -> str:
    if not isinstance(value, str) or not _STRIPE_TEXT.fullmatch(value) or len(value) > max_length:
        raise WebhookEventMalformed(f"{name} is not a text of up to {max_length} printable ASCII characters")
    return value


def _flagged_for_staff(event_type: str) -> bool:
    return event_type == consts.EVENT_CHARGE_REFUNDED or event_type.startswith("charge.dispute.")


def _dispatch(event: WebhookEvent) -> str:
    if event.type == consts.EVENT_PAYMENT_SUCCEEDED:
        return _payment_succeeded(event.payment_intent_id)
    if event.type == consts.EVENT_PAYMENT_FAILED:
        CheckoutSubmission.objects.filter(
            payment_intent_id=event.payment_intent_id, status=CheckoutSubmission.Status.SUBMITTED
        ).update(status=CheckoutSubmission.Status.FAILED)
        return "payment failed recorded"
    if _flagged_for_staff(event.type):
        return _flag_for_staff(event)
    return "ignored"


def _payment_succeeded(intent_id: str) -> str:
    submission = submission_for_payment_intent(intent_id=intent_id)
    if submission is None:
        return "no checkout for this PaymentIntent"
    # The event body is signed, but the PaymentIntent is read back from Stripe
    # so only its current, authoritative state can place an order.
    intent = api.payment_intent_retrieve(intent_id=intent_id)
    try:
        order = order_place_paid(submission=submission, intent=intent)
    except PaymentNotVerified as problem:
        logger.error("Stripe said %s succeeded, but: %s", intent_id, problem)
        return f"not verified: {problem}"
    return f"order {order.number}"


def _flag_for_staff(event: WebhookEvent) -> str:
    intent_id = event.payment_intent_id
    order = Order.objects.filter(payment_intent_id=intent_id).first() if intent_id else None
    if order is None:
        return "no order for this charge"
    note = f"Stripe {event.type} (amount {event.amount}, status {event.status}): made outside the shop."
    with transaction.atomic():
        OrderNote.objects.create(order=order, note_type="System", message=note)
        order.attention_reason = f"{order.attention_reason}\n{note}".strip()
        order.save(update_fields=["attention_reason"])
        if event.type == consts.EVENT_DISPUTE_CREATED and "disputed" in order.available_statuses():
            order.set_status("disputed")
    return f"flagged order {order.number}"

"""Stripe webhook events: verified, kept once each, acted on by the services.

``payment_intent.succeeded`` places the order if the browser never came back
(placement is idempotent); refunds and disputes made outside the shop are
recorded on the order and flagged for staff; the shop itself never refunds.
"""

import logging

from django.db import IntegrityError, transaction
from oscar.core.loading import get_model

from shop.apps.order.models import CheckoutSubmission, Order
from shop.apps.order.services import PaymentNotVerified, order_place_paid, submission_for_payment_intent
from shop.apps.payment.models import StripeWebhookEvent

from . import api, consts

OrderNote = get_model("order", "OrderNote")
logger = logging.getLogger(__name__)


def event_handle(*, payload: bytes, signature: str) -> str:
    """Verify and act on one webhook delivery; return what was done (for the log and tests).

    Raises api.WebhookSignatureInvalid for a bad signature or body.
    """
    event = api.webhook_event_verify(payload=payload, signature=signature)
    event_type = event.get("type", "")
    obj = (event.get("data") or {}).get("object") or {}
    intent_id = obj.get("id", "") if obj.get("object") == "payment_intent" else obj.get("payment_intent", "")
    try:
        with transaction.atomic():
            record = StripeWebhookEvent.objects.create(
                event_id=event["id"], event_type=event_type, payment_intent_id=intent_id or ""
            )
    except IntegrityError:
        return "duplicate"
    outcome = _dispatch(event_type, obj, intent_id or "")
    StripeWebhookEvent.objects.filter(pk=record.pk).update(outcome=outcome[:255])
    logger.info("Stripe event %s (%s): %s", event["id"], event_type, outcome)
    return outcome


def _dispatch(event_type: str, obj: dict, intent_id: str) -> str:
    if event_type == consts.EVENT_PAYMENT_SUCCEEDED:
        return _payment_succeeded(intent_id)
    if event_type == consts.EVENT_PAYMENT_FAILED:
        CheckoutSubmission.objects.filter(
            payment_intent_id=intent_id, status=CheckoutSubmission.Status.SUBMITTED
        ).update(status=CheckoutSubmission.Status.FAILED)
        return "payment failed recorded"
    if event_type == consts.EVENT_CHARGE_REFUNDED or event_type.startswith("charge.dispute."):
        return _flag_for_staff(event_type, obj, intent_id)
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


def _flag_for_staff(event_type: str, obj: dict, intent_id: str) -> str:
    order = Order.objects.filter(payment_intent_id=intent_id).first() if intent_id else None
    if order is None:
        return "no order for this charge"
    amount = obj.get("amount_refunded") or obj.get("amount") or ""
    note = f"Stripe {event_type} (amount {amount}, status {obj.get('status', '')}): made outside the shop."
    with transaction.atomic():
        OrderNote.objects.create(order=order, note_type="System", message=note)
        order.attention_reason = f"{order.attention_reason}\n{note}".strip()
        order.save(update_fields=["attention_reason"])
        if event_type == consts.EVENT_DISPUTE_CREATED and "disputed" in order.available_statuses():
            order.set_status("disputed")
    return f"flagged order {order.number}"

"""Placing paid orders: the contract is concluded by a verified card payment.

``order_place_paid`` is the one way an order comes into existence. It runs
for the browser's return and for the Stripe webhook alike and is idempotent
on the PaymentIntent: whichever comes first places the order, the others get
the same order back.
"""

import logging
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import translation
from oscar.apps.shipping.methods import NoShippingRequired
from oscar.core import prices
from oscar.core.loading import get_class, get_model

from legal.documents import services as legal_services
from legal.documents.models import DocumentVersion
from legal.processors import outbox
from legal.processors.models import PersonalDataField, Purpose
from offsets import services as offsets_services
from offsets.calculator.services import footprint_calculations_attach
from offsets.money import tax_contained
from offsets.order_statuses import STATUS_PAID
from shop.invoices.services import invoice_link_url
from shop.payments.stripe.api import PaymentIntent
from shop.payments.stripe.consts import CURRENCY, STATUS_SUCCEEDED

from .models import CheckoutPaymentIntent, CheckoutSubmission, Order

Basket = get_model("basket", "Basket")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
OrderCreator = get_class("order.utils", "OrderCreator")
Selector = get_class("partner.strategy", "Selector")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")

logger = logging.getLogger(__name__)


class PaymentNotVerified(Exception):
    """The PaymentIntent does not prove this order was paid; no order is placed."""


def payment_verify(*, submission: CheckoutSubmission, intent: PaymentIntent) -> None:
    """Raise PaymentNotVerified unless ``intent`` paid exactly this submission, in yen."""
    problems = []
    if intent.status != STATUS_SUCCEEDED:
        problems.append(f"status is {intent.status}")
    if intent.amount != submission.amount:
        problems.append(f"amount {intent.amount} is not {submission.amount}")
    if intent.currency != CURRENCY:
        problems.append(f"currency {intent.currency} is not {CURRENCY}")
    if not submission.payment_intents.filter(payment_intent_id=intent.id).exists():
        problems.append(f"PaymentIntent {intent.id} was not created for order {submission.order_number}")
    if intent.metadata.get("order_number", submission.order_number) != submission.order_number:
        problems.append("the PaymentIntent names another order")
    if problems:
        raise PaymentNotVerified(f"Order {submission.order_number}: " + "; ".join(problems))


def submission_for_payment_intent(*, intent_id: str) -> CheckoutSubmission | None:
    """The checkout any attempt of which created this PaymentIntent."""
    attempt = CheckoutPaymentIntent.objects.filter(payment_intent_id=intent_id).select_related("submission")
    found = attempt.first()
    return found.submission if found else None


def order_place_paid(*, submission: CheckoutSubmission, intent: PaymentIntent) -> Order:
    """Place the order paid by ``intent`` (verified first); return the existing one if placed already."""
    with transaction.atomic():
        submission = CheckoutSubmission.objects.select_for_update().get(pk=submission.pk)
        existing = Order.objects.filter(payment_intent_id=intent.id).first()
        if existing is not None:
            return existing
        payment_verify(submission=submission, intent=intent)
        if submission.status == CheckoutSubmission.Status.PLACED:
            return _second_payment_record(submission, intent)
        basket = Basket.objects.get(pk=submission.basket_id)
        basket.strategy = Selector().strategy(user=submission.user)
        shipping_charge = prices.Price(currency="JPY", excl_tax=Decimal(0), incl_tax=Decimal(0))
        total = OrderTotalCalculator().calculate(basket, shipping_charge)
        if int(total.incl_tax) != submission.amount:
            # The basket changed after the confirmation page: the payment is
            # still honoured, at the price the customer confirmed and paid.
            logger.warning("Order %s: basket total %s differs from paid %s", submission.order_number,
                           total.incl_tax, submission.amount)  # fmt: skip
            total = prices.Price(
                currency="JPY",
                excl_tax=Decimal(submission.amount - tax_contained(submission.amount)),
                incl_tax=Decimal(submission.amount),
            )
        order = OrderCreator().place_order(
            basket=basket,
            total=total,
            shipping_method=NoShippingRequired(),
            shipping_charge=shipping_charge,
            user=submission.user,
            order_number=submission.order_number,
            status=STATUS_PAID,
            guest_email="" if submission.user else submission.email,
            payment_intent_id=intent.id,
            beneficiary_name=submission.beneficiary_name,
            offset_purpose=submission.offset_purpose,
            show_on_verification_page=submission.show_on_verification_page,
            company_name=submission.company_name,
            company_department=submission.company_department,
            company_contact_name=submission.company_contact_name,
            invoice_recipient_name=submission.invoice_recipient_name,
            cross_border_consent=submission.cross_border_consent,
            third_party_consent=submission.third_party_consent,
            tax_breakdown=_tax_breakdown(int(total.incl_tax)),
        )
        _record_payment(order, intent)
        _allocate_serials(order, submission)
        footprint_calculations_attach(basket_id=submission.basket_id, order=order)
        legal_services.order_acceptances_record(
            order=order,
            versions=DocumentVersion.objects.filter(pk__in=submission.accepted_version_ids),
            user=submission.user,
            email=submission.email,
        )
        basket.submit()
        CheckoutSubmission.objects.filter(pk=submission.pk).update(status=CheckoutSubmission.Status.PLACED)
        _confirmation_email_queue(order, submission)
        return order


def _confirmation_email_queue(order: Order, submission: CheckoutSubmission) -> None:
    """The contract-concluded e-mail, through the outbox and the delivery processor's scope."""
    lines = [
        {"title": line.title, "title_en": _english_title(line), "tonnes": line.quantity,
         "amount": int(line.line_price_incl_tax)}
        for line in order.lines.select_related("product", "product__parent")
    ]  # fmt: skip
    outbox.email_enqueue(
        purpose=Purpose.ORDER_EMAIL,
        recipient=submission.email,
        template="order/emails/confirmation",
        personal_data={
            PersonalDataField.NAME: submission.user.get_full_name() if submission.user else "",
            PersonalDataField.ORDER_NUMBER: order.number,
            PersonalDataField.AMOUNT: int(order.total_incl_tax),
            PersonalDataField.BENEFICIARY_NAME: order.beneficiary_name,
        },
        context={
            "lines": lines,
            "tax": order.tax_breakdown,
            "invoice_url": invoice_link_url(order_number=order.number),
            "invoice_link_days": settings.INVOICE_LINK_DAYS,
        },
        subject_user=submission.user,
        reference=f"order:{order.number}",
    )


def _english_title(line) -> str:
    """The line's product title for the e-mail's English half, whatever language placed the order.

    ``get_title()`` follows the active language, which is Japanese for an order placed from a
    Japanese page (and for the webhook), so the English half showed the Japanese title.
    """
    if line.product is None:
        return line.title
    with translation.override("en"):
        return line.product.get_title()


def _second_payment_record(submission: CheckoutSubmission, intent: PaymentIntent) -> Order:
    """Another attempt for an order already placed also succeeded: keep the money on record, flag it.

    (E.g. 3-D Secure finished late in a tab the customer had left.) The shop
    never refunds by itself; staff contact the customer.
    """
    order = Order.objects.select_for_update().get(number=submission.order_number)
    if order.sources.filter(reference=intent.id).exists():
        return order
    _record_payment(order, intent)
    order.attention_reason = (
        f"{order.attention_reason}\nA second payment {intent.id} of ¥{intent.amount} succeeded for this "
        "order: contact the customer."
    ).strip()
    order.save(update_fields=["attention_reason"])
    logger.error("Order %s: second payment %s succeeded", order.number, intent.id)
    return order


def _tax_breakdown(total_incl_tax: int) -> dict:
    rate = settings.CONSUMPTION_TAX_RATE_PERCENT
    return {str(rate): {"total_incl_tax": total_incl_tax, "tax": int(tax_contained(total_incl_tax))}}


def _record_payment(order: Order, intent: PaymentIntent) -> None:
    source_type, _created = SourceType.objects.get_or_create(name="Stripe")
    Source.objects.create(
        order=order,
        source_type=source_type,
        currency="JPY",
        amount_allocated=Decimal(intent.amount),
        amount_debited=Decimal(intent.amount),
        reference=intent.id,
    )


def _allocate_serials(order: Order, submission: CheckoutSubmission) -> None:
    lines = order.lines.select_related("product__credit_batch")
    sales = [
        offsets_services.LineSale(order_line=ln, batch_id=ln.product.credit_batch.pk, tonnes=ln.quantity)
        for ln in lines
    ]
    shortfalls = offsets_services.tonnes_allocate_lines(basket_id=submission.basket_id, sales=sales)
    if shortfalls:
        # Paid after the reservation lapsed and the tonnes went to someone else: never
        # refunded; staff substitute credits of the same kind.
        Order.objects.filter(pk=order.pk).update(
            attention_reason=f"{offsets_services.SHORTFALL_FLAG} "
            + "; ".join(f"{s.batch}: {s.requested} t paid, {s.available} t left" for s in shortfalls)
        )

"""Paying for a basket: reserve the tonnes, take the card payment, place the order once verified.

The final confirmation page calls ``checkout_pay``; a card that needs 3-D
Secure comes back through ``checkout_payment_return``. Nothing here refunds:
a failure before the payment succeeds charges nothing; a success always ends
in an order (here, or from the webhook or reconciliation).
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_class

from legal.processors.models import PersonalDataField
from offsets import services as offsets_services
from offsets.calculator import services as calculator_services
from offsets.exceptions import SoldOut
from shop.apps.basket.limits import payment_limit_problem
from shop.apps.order.models import (
    CheckoutConfirmation,
    CheckoutPaymentIntent,
    CheckoutSubmission,
    CompanyPurchaseDefaults,
    Order,
)
from shop.apps.order.services import PaymentNotVerified, order_place_paid
from shop.payments.stripe import api as stripe_api
from shop.payments.stripe.consts import STATUS_REQUIRES_ACTION, STATUS_SUCCEEDED
from shop.payments.stripe.gateway import (
    CardDeclined,
    PaymentAttempt,
    PaymentRefused,
    StripeUnavailable,
    card_payment_take,
)

from .forms import COMPANY_FIELDS

OrderNumberGenerator = get_class("order.utils", "OrderNumberGenerator")
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckoutOutcome:
    order: Order | None = None
    client_secret: str = ""  # set when the browser must complete 3-D Secure
    submission: CheckoutSubmission | None = None
    error: str = ""
    sold_out: bool = False


def checkout_pay(
    *,
    basket,
    user,
    email: str,
    details: dict,
    payment_method: str,
    accepted_version_ids: list[int],
    cross_border_consent: list[dict],
    third_party_consent: list[dict],
    confirmation: CheckoutConfirmation,
) -> CheckoutOutcome:
    """Reserve, charge, and place the order if the payment succeeded.

    ``confirmation`` is the final confirmation page just used to pay (``confirmation_use``);
    ``cross_border_consent`` and ``third_party_consent`` are the recipients it showed, as shown.
    """
    # Also checked before the checkout pages are shown; here, so that no path charges above it.
    too_much = payment_limit_problem(basket=basket)
    if too_much:
        return CheckoutOutcome(error=too_much)
    order_number = OrderNumberGenerator().order_number(basket)
    amount = int(basket.total_incl_tax)
    with transaction.atomic():
        submission, _created = CheckoutSubmission.objects.select_for_update().get_or_create(
            order_number=order_number,
            defaults={"basket_id": basket.pk, "email": email, "beneficiary_name": "", "amount": amount},
        )
        if submission.status == CheckoutSubmission.Status.PLACED:
            return CheckoutOutcome(order=Order.objects.get(number=order_number), submission=submission)
        submission.user = user if user.is_authenticated else None
        submission.email = email
        submission.beneficiary_name = details["beneficiary_name"]
        submission.offset_purpose = details.get("offset_purpose", "")
        submission.show_on_verification_page = details.get("show_on_verification_page", False)
        for field in COMPANY_FIELDS:
            setattr(submission, field, details.get(field, ""))
        submission.accepted_version_ids = accepted_version_ids
        submission.cross_border_consent = cross_border_consent
        submission.third_party_consent = third_party_consent
        submission.confirmation_digest = confirmation.digest
        submission.confirmation_shown_at = confirmation.shown_at
        submission.amount = amount
        submission.attempt += 1
        submission.status = CheckoutSubmission.Status.SUBMITTED
        submission.save()
        # The buyer's choice to state the footprint calculation on the certificate, kept with the
        # basket's calculations, which the order takes over when it is placed.
        calculator_services.footprint_calculations_certificate_choice(
            basket_id=basket.pk, show=bool(details.get("show_calculation_on_certificate"))
        )

    tonnes_by_batch: dict[int, int] = {}
    for line in basket.all_lines():
        batch_id = line.product.credit_batch.pk
        tonnes_by_batch[batch_id] = tonnes_by_batch.get(batch_id, 0) + line.quantity
    try:
        offsets_services.tonnes_reserve(basket_id=basket.pk, tonnes_by_batch=tonnes_by_batch)
    except SoldOut as sold_out:
        return CheckoutOutcome(
            submission=submission,
            sold_out=True,
            error=_("Sorry, “%(batch)s” has only %(available)s t left. Nothing has been charged.")
            % {"batch": sold_out.batch.product.get_title(), "available": sold_out.available},
        )

    try:
        intent = card_payment_take(
            attempt=PaymentAttempt(order_number=order_number, attempt=submission.attempt),
            amount=amount,
            payment_method=payment_method,
            personal_data={
                PersonalDataField.EMAIL: email,
                PersonalDataField.NAME: user.get_full_name() if user.is_authenticated else "",
                PersonalDataField.BENEFICIARY_NAME: submission.beneficiary_name,
                PersonalDataField.OFFSET_PURPOSE: submission.offset_purpose,
            },
            subject_user=user,
            subject_email=email,
        )
    except PaymentRefused as refused:
        logger.error("Checkout %s: payment processor refused by the registry: %s", order_number, refused)
        return CheckoutOutcome(
            submission=submission,
            error=_("Card payment is not available right now. Nothing has been charged. Please try later."),
        )
    except CardDeclined:
        return CheckoutOutcome(
            submission=submission,
            error=_("Your card was declined. Nothing has been charged. Please check it or use another card."),
        )
    except StripeUnavailable:
        return CheckoutOutcome(
            submission=submission,
            error=_(
                "We could not reach the card payment service. Nothing has been charged. Please try again."
            ),
        )
    CheckoutPaymentIntent.objects.create(
        submission=submission, attempt=submission.attempt, payment_intent_id=intent.id
    )
    CheckoutSubmission.objects.filter(pk=submission.pk).update(payment_intent_id=intent.id)
    submission.payment_intent_id = intent.id
    return _after_payment(submission, intent)


def checkout_payment_return(*, submission: CheckoutSubmission, intent_id: str) -> CheckoutOutcome:
    """The browser is back from 3-D Secure: read the PaymentIntent from Stripe and act on it."""
    if intent_id != submission.payment_intent_id:
        return CheckoutOutcome(submission=submission, error=_("This payment does not belong to your order."))
    try:
        intent = stripe_api.payment_intent_retrieve(intent_id=intent_id)
    except StripeUnavailable:
        return CheckoutOutcome(
            submission=submission,
            error=_("We could not reach the card payment service. If you were charged, your order will "
                    "be placed automatically and confirmed by e-mail."),
        )  # fmt: skip
    return _after_payment(submission, intent)


def _after_payment(submission: CheckoutSubmission, intent) -> CheckoutOutcome:
    if intent.status == STATUS_SUCCEEDED:
        try:
            return CheckoutOutcome(
                order=order_place_paid(submission=submission, intent=intent), submission=submission
            )
        except PaymentNotVerified:
            logger.exception("Payment %s could not be verified for %s", intent.id, submission.order_number)
            return CheckoutOutcome(submission=submission, error=_("Your payment could not be verified."))
    if intent.status == STATUS_REQUIRES_ACTION:
        return CheckoutOutcome(submission=submission, client_secret=intent.client_secret)
    return CheckoutOutcome(
        submission=submission,
        error=_(
            "The card payment did not go through (3-D Secure was not completed). Nothing has been charged."
        ),
    )


# --- Company purchase defaults (issue 17) ---------------------------------------------------


def company_defaults_of(*, user) -> dict:
    """The company details a member asked us to keep, as the details form's initial values; {} if none."""
    if not user.is_authenticated:
        return {}
    kept = CompanyPurchaseDefaults.objects.filter(user=user).first()
    if kept is None:
        return {}
    return {
        "buying_for_company": True,
        "remember_company": True,
        **{field: getattr(kept, field) for field in COMPANY_FIELDS},
    }


def company_defaults_keep(*, user, details: dict, remember: bool) -> None:
    """Keep a member's company details for next time when they ask to; forget them when they untick it.

    Remembering with no company ticked keeps what was kept: the box clears only when unticked.
    """
    if not user.is_authenticated:
        return
    if not remember:
        CompanyPurchaseDefaults.objects.filter(user=user).delete()
    elif details.get("buying_for_company") and details.get("company_name"):
        CompanyPurchaseDefaults.objects.update_or_create(
            user=user, defaults={field: details.get(field, "") for field in COMPANY_FIELDS}
        )

"""What the shop calls to take a card payment: through the processor gateway, then Stripe.

Only the fields the payment processor's NDA allows (e.g. order number and
amount) go to Stripe. If the registry refuses the hand-over, nothing is sent
and nothing is charged.
"""

from dataclasses import dataclass

from django.conf import settings

from legal.processors.exceptions import ProvisionRefused
from legal.processors.gateway import personal_data_hand_over
from legal.processors.models import PersonalDataField, ProcessorRole, Purpose

from . import api
from .api import CardDeclined, PaymentIntent, StripeUnavailable
from .consts import SEAM_PAYMENT_METHOD, SEAM_TOKEN

__all__ = [
    "BrowserConfig",
    "CardDeclined",
    "PaymentIntent",
    "PaymentRefused",
    "StripeUnavailable",
    "browser_config",
    "card_payment_take",
]


@dataclass(frozen=True)
class BrowserConfig:
    """What the payment page needs: where Stripe.js is, the publishable key, and the seam."""

    js_url: str
    publishable_key: str
    seam: str
    offline: bool


def browser_config() -> BrowserConfig:
    offline = bool(settings.STRIPE_API_BASE)
    default_js = f"{settings.STRIPE_API_BASE}/js.stripe.com/v3/" if offline else "https://js.stripe.com/v3/"
    return BrowserConfig(
        js_url=settings.STRIPE_JS_URL or default_js,
        publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
        seam=SEAM_TOKEN if offline else SEAM_PAYMENT_METHOD,
        offline=offline,
    )


class PaymentRefused(Exception):
    """The processor registry does not allow handing the order to the payment processor."""


@dataclass(frozen=True)
class PaymentAttempt:
    order_number: str
    attempt: int

    @property
    def idempotency_key(self) -> str:
        # Same order and attempt: one charge however often it is sent. A retry
        # after a decline is a new attempt, so a new key.
        return f"order-{self.order_number}-attempt-{self.attempt}"


def card_payment_take(
    *,
    attempt: PaymentAttempt,
    amount: int,
    payment_method: str,
    personal_data: dict,
    subject_user=None,
    subject_email: str = "",
) -> PaymentIntent:
    """Create and confirm a PaymentIntent for ``amount`` yen; return it (succeeded or requires_action).

    Raises PaymentRefused (nothing sent), CardDeclined or StripeUnavailable.
    """
    data = {PersonalDataField.ORDER_NUMBER: attempt.order_number, PersonalDataField.AMOUNT: amount}
    data.update(personal_data)
    try:
        handed = personal_data_hand_over(
            role=ProcessorRole.PAYMENT,
            purpose=Purpose.CARD_PAYMENT,
            data=data,
            subject_user=subject_user,
            subject_email=subject_email,
            reference=attempt.order_number,
            required=[PersonalDataField.AMOUNT, PersonalDataField.ORDER_NUMBER],
        )
    except ProvisionRefused as refused:
        raise PaymentRefused(refused.reason) from refused
    metadata = {field: value for field, value in handed.data.items() if field != PersonalDataField.AMOUNT}
    return api.payment_intent_create_confirmed(
        amount=int(handed.data[PersonalDataField.AMOUNT]),
        payment_method=payment_method,
        metadata=metadata,
        idempotency_key=attempt.idempotency_key,
    )

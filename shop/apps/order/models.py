"""Order fork: what a paid carbon-offset order must remember for good.

An order exists only after a verified card payment (the contract is then
concluded); it remembers the PaymentIntent that paid it (placement is
idempotent on it), the certificate's beneficiary and purpose, the tax per
rate, and the cross-border transfer the customer consented to.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.order.abstract_models import AbstractLine, AbstractOrder


class PaidOrderLocked(Exception):
    """A paid order (or one of its lines) is never deleted: there are no refunds."""


class PaidOrderQuerySet(models.QuerySet):
    def delete(self):
        raise PaidOrderLocked("Paid orders are never deleted.")


class Order(AbstractOrder):
    payment_intent_id = models.CharField(
        _("Stripe PaymentIntent"), max_length=255, unique=True, null=True, blank=True, editable=False
    )
    beneficiary_name = models.CharField(_("beneficiary name"), max_length=100, blank=True)
    offset_purpose = models.CharField(_("purpose of the offset"), max_length=200, blank=True)
    show_on_verification_page = models.BooleanField(
        _("show beneficiary and purpose on the public verification page"), default=False
    )
    tax_breakdown = models.JSONField(
        _("tax per rate"),
        default=dict,
        blank=True,
        help_text=_('{"10": {"total_incl_tax": 9900, "tax": 900}}'),
    )
    cross_border_consent = models.JSONField(
        _("consent to transfers abroad"),
        default=list,
        blank=True,
        help_text=_(
            "The processors outside Japan shown when the customer consented: each with its country's "
            "name, the outline of that country's system and the processor's measures, as shown."
        ),
    )
    third_party_consent = models.JSONField(
        _("consent to third-party provision"),
        default=list,
        blank=True,
        help_text=_(
            "The registry operators shown when the customer consented to receiving the beneficiary name, "
            "with the country information for those abroad, as shown (not a reference that can change)."
        ),
    )
    # --- Company purchase (issue 17): all blank for a consumer's order ---------------------------
    company_name = models.CharField(_("company name"), max_length=100, blank=True)
    company_department = models.CharField(_("department"), max_length=100, blank=True)
    company_contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    invoice_recipient_name = models.CharField(
        _("invoice recipient name"),
        max_length=150,
        blank=True,
        help_text=_("The name a company order's qualified invoice is addressed to."),
    )
    attention_reason = models.TextField(
        _("needs staff attention"),
        blank=True,
        help_text=_("E.g. credits to substitute, or a refund or dispute made outside the shop."),
    )

    objects = PaidOrderQuerySet.as_manager()

    def delete(self, *args, **kwargs):
        raise PaidOrderLocked(f"Order {self.number} is paid and is never deleted.")


class Line(AbstractLine):
    objects = PaidOrderQuerySet.as_manager()

    def delete(self, *args, **kwargs):
        raise PaidOrderLocked("Lines of paid orders are never deleted.")


class CheckoutSubmission(models.Model):
    """What the customer confirmed on the final confirmation page, kept before payment.

    It lets the order be placed from the Stripe webhook when the browser
    never comes back, and it ties every payment attempt to one order number.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Payment being taken")
        PLACED = "placed", _("Order placed")
        FAILED = "failed", _("Payment failed")

    order_number = models.CharField(_("order number"), max_length=32, unique=True)
    basket_id = models.PositiveIntegerField(_("basket"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(_("e-mail"))
    beneficiary_name = models.CharField(_("beneficiary name"), max_length=100)
    offset_purpose = models.CharField(_("purpose of the offset"), max_length=200, blank=True)
    show_on_verification_page = models.BooleanField(default=False)
    # Company purchase (issue 17), as confirmed; copied onto the order at placement.
    company_name = models.CharField(_("company name"), max_length=100, blank=True)
    company_department = models.CharField(_("department"), max_length=100, blank=True)
    company_contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    invoice_recipient_name = models.CharField(_("invoice recipient name"), max_length=150, blank=True)
    accepted_version_ids = models.JSONField(default=list)
    cross_border_consent = models.JSONField(default=list)
    third_party_consent = models.JSONField(default=list)
    amount = models.PositiveIntegerField(_("amount (yen)"))
    attempt = models.PositiveIntegerField(default=0)
    payment_intent_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    # Which final confirmation page the latest attempt came from (CheckoutConfirmation.digest):
    # recomputing it from the order, this submission and its card shows what was confirmed.
    confirmation_digest = models.CharField(_("confirmation page digest"), max_length=64, blank=True)
    confirmation_shown_at = models.DateTimeField(_("confirmation page shown at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("checkout submission")
        verbose_name_plural = _("checkout submissions")

    def __str__(self) -> str:
        return f"{self.order_number} ({self.status})"


class CheckoutPaymentIntent(models.Model):
    """Every PaymentIntent created for a checkout, one per attempt.

    An abandoned attempt (3-D Secure left open) can still succeed later; its
    PaymentIntent must still lead to the order, from the webhook or from
    reconciliation, so no attempt is forgotten when the next one starts.
    """

    submission = models.ForeignKey(
        CheckoutSubmission, on_delete=models.PROTECT, related_name="payment_intents"
    )
    attempt = models.PositiveIntegerField()
    payment_intent_id = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("checkout payment attempt")
        verbose_name_plural = _("checkout payment attempts")

    def __str__(self) -> str:
        return f"{self.submission.order_number} #{self.attempt}: {self.payment_intent_id}"


class CheckoutConfirmation(models.Model):
    """One final confirmation page as shown to one session, used at most once to pay.

    ``digest`` is a SHA-256 of everything the page showed (lines, prices,
    total, certificate details, legal versions, processors abroad) and the
    card given with it; placing an order needs the page's ``token`` and the
    same digest recomputed then (``shop.apps.checkout.confirmation``).
    """

    token = models.CharField(max_length=64, unique=True)
    digest = models.CharField(max_length=64)
    shown_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)
    order_number = models.CharField(max_length=32, blank=True)  # set when used

    class Meta:
        verbose_name = _("final confirmation shown")
        verbose_name_plural = _("final confirmations shown")

    def __str__(self) -> str:
        return f"{self.digest[:12]} shown {self.shown_at:%Y-%m-%d %H:%M}"


class OrderNumber(models.Model):
    """One row per order number handed out: numbers come from the database, so they never collide."""

    basket_id = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"{settings.OFFSET_MART_ORDER_NUMBER_OFFSET + self.pk}"


# --- Company purchase defaults (issue 17) ---------------------------------------------------


class CompanyPurchaseDefaults(models.Model):
    """A member's company details, prefilled at their next checkout; kept only while they ask for it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_purchase_defaults"
    )
    company_name = models.CharField(_("company name"), max_length=100)
    company_department = models.CharField(_("department"), max_length=100, blank=True)
    company_contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    invoice_recipient_name = models.CharField(_("invoice recipient name"), max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("company purchase defaults")
        verbose_name_plural = _("company purchase defaults")

    def __str__(self) -> str:
        return self.company_name


from oscar.apps.order.models import *  # noqa: E402,F403,I001  (Oscar's fork pattern)

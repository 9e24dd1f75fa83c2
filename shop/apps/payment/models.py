"""Payment fork: no refund path exists in the shop, and Stripe webhook events are kept once each."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.payment.abstract_models import AbstractSource


class RefundRefused(Exception):
    """Offsets are retired for the buyer: the shop never refunds (see the terms)."""


class Source(AbstractSource):
    def refund(self, amount, reference="", status=""):
        raise RefundRefused(
            "The shop never refunds. A refund made outside the shop is recorded from Stripe's webhook."
        )

    def delete(self, *args, **kwargs):
        raise RefundRefused("Payment records of paid orders are never deleted.")


class StripeWebhookEvent(models.Model):
    """Each Stripe event id once: Stripe retries, and events arrive in any order."""

    event_id = models.CharField(_("event id"), max_length=255, unique=True)
    event_type = models.CharField(_("type"), max_length=100)
    payment_intent_id = models.CharField(_("PaymentIntent"), max_length=255, blank=True, db_index=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("Stripe webhook event")
        verbose_name_plural = _("Stripe webhook events")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"


from oscar.apps.payment.models import *  # noqa: E402,F403,I001  (Oscar's fork pattern)

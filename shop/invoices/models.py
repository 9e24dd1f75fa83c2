"""Invoices and receipts: append-only records of what was issued, as it was issued.

Each row keeps the issued content as a snapshot (``content``: issuer, recipient,
lines, totals and tax per rate), and its PDF is rebuilt from that snapshot alone,
deterministically (``pdf.py``): a later change to the company details or to the
order never changes an invoice already issued. A correction is a new invoice
that names the one it replaces (``replaces``); both stay.

Numbers come from a counter row locked inside the issuing transaction
(``IssueCounter``): a rolled-back issue gives its number back, so the numbers
have no gaps, which database sequences cannot promise.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.records import AppendOnlyModel, AppendOnlyQuerySet


class IssuedDocumentLocked(Exception):
    """An issued invoice or receipt was about to be changed or deleted: issue a correction instead."""


class IssueCounter(models.Model):
    """The last number issued of one kind of document; locked (select_for_update) while issuing."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("invoice")
        RECEIPT = "receipt", _("receipt")

    kind = models.CharField(max_length=20, choices=Kind.choices, primary_key=True)
    last_number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.kind}: {self.last_number}"


def _retention_cutoff(now: datetime.datetime | None) -> datetime.datetime | None:
    days = settings.PERSONAL_DATA_RETENTION_DAYS["invoices"]
    if days is None:
        return None
    return (now or timezone.now()) - datetime.timedelta(days=days)


class InvoiceQuerySet(AppendOnlyQuerySet):
    def expired_delete(self, *, now: datetime.datetime | None = None) -> int:
        """Delete the invoices past the "invoices" retention period (the register's purge); return how many.

        An invoice that a younger correction still names is kept until that one goes too.
        """
        cutoff = _retention_cutoff(now)
        if cutoff is None:
            return 0
        expired = self.filter(issued_at__lt=cutoff).exclude(replaced_by__issued_at__gte=cutoff)
        # Newest first, so a correction goes before the invoice it replaced (PROTECT).
        deleted = 0
        for invoice_id in expired.order_by("-sequence").values_list("pk", flat=True):
            deleted += self.filter(pk=invoice_id).retention_delete(pk=invoice_id)
        return deleted


class Invoice(AppendOnlyModel):
    """A qualified invoice (or simplified invoice, for a consumer) for one paid order."""

    locked_error = IssuedDocumentLocked
    locked_message = "An issued invoice never changes; issue a corrected invoice instead."

    number = models.CharField(_("invoice number"), max_length=32, unique=True)
    sequence = models.PositiveBigIntegerField(unique=True, editable=False)
    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="invoices")
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces invoice"),
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, db_index=True)
    transaction_date = models.DateField(_("transaction date"), db_index=True)
    recipient_name = models.CharField(_("recipient"), max_length=200, blank=True, db_index=True)
    simplified = models.BooleanField(_("simplified invoice"), default=False)
    total_incl_tax = models.PositiveBigIntegerField(_("total (tax included, yen)"), db_index=True)
    correction_reason = models.CharField(_("reason for the correction"), max_length=200, blank=True)
    content = models.JSONField(_("issued content"), editable=False)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")

    def __str__(self) -> str:
        return self.number


class ReceiptQuerySet(AppendOnlyQuerySet):
    def expired_delete(self, *, now: datetime.datetime | None = None) -> int:
        """Delete the receipts (and their print records) past the "invoices" retention period."""
        cutoff = _retention_cutoff(now)
        if cutoff is None:
            return 0
        expired = list(self.filter(issued_at__lt=cutoff).values_list("pk", flat=True))
        ReceiptPrint.objects.retention_delete(receipt_id__in=expired)
        return self.retention_delete(pk__in=expired)


class Receipt(AppendOnlyModel):
    """The receipt (領収書) of one paid order: one number; every later print is marked a reissue."""

    locked_error = IssuedDocumentLocked
    locked_message = "An issued receipt never changes."

    number = models.CharField(_("receipt number"), max_length=32, unique=True)
    sequence = models.PositiveBigIntegerField(unique=True, editable=False)
    order = models.OneToOneField("order.Order", on_delete=models.PROTECT, related_name="receipt")
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    addressee = models.CharField(_("addressee"), max_length=100, blank=True)
    total_incl_tax = models.PositiveBigIntegerField(_("amount received (yen)"))
    content = models.JSONField(_("issued content"), editable=False)

    objects = ReceiptQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return self.number


class ReceiptPrint(AppendOnlyModel):
    """One time a receipt was printed (downloaded); the first is the original, the rest reissues."""

    locked_error = IssuedDocumentLocked
    locked_message = "Print records never change."

    receipt = models.ForeignKey(Receipt, on_delete=models.PROTECT, related_name="prints")
    copy_number = models.PositiveIntegerField()
    printed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["receipt", "copy_number"]
        constraints = [models.UniqueConstraint(fields=["receipt", "copy_number"], name="receipt_print_once")]

    def __str__(self) -> str:
        return f"{self.receipt.number} #{self.copy_number}"

    @property
    def is_reissue(self) -> bool:
        return self.copy_number > 1

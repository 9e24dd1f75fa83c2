"""Entrusted processors, what each may receive, and the record of every hand-over.

APPI Art. 25: personal data goes to an outside party only for the work
entrusted to it, under an NDA, supervised. The registry below says which
fields each processor may receive and for which purposes; the gateway
(legal/processors/gateway.py) is the one door through which data leaves the shop, and it
writes a ProvisionRecord for every hand-over.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.records import AppendOnlyModel, AppendOnlyQuerySet

from .exceptions import ProvisionRecordLocked


class PersonalDataField(models.TextChoices):
    """The catalogue of personal-data fields the shop knows and may hand over."""

    EMAIL = "email", _("E-mail address")
    NAME = "name", _("Name")
    BENEFICIARY_NAME = "beneficiary_name", _("Beneficiary name")
    OFFSET_PURPOSE = "offset_purpose", _("Purpose of the offset")
    POSTAL_ADDRESS = "postal_address", _("Postal address")
    PHONE = "phone", _("Phone number")
    ORDER_NUMBER = "order_number", _("Order number")
    AMOUNT = "amount", _("Amount paid")
    IP_ADDRESS = "ip_address", _("IP address")
    # The footprint calculator's inputs and result, when the buyer has them stated on the certificate.
    ENERGY_USE = "energy_use", _("Energy use (footprint calculation)")


class ProcessorRole(models.TextChoices):
    PAYMENT = "payment", _("Payment")
    DELIVERY = "delivery", _("Delivery (e-mail)")
    CERTIFICATE_ISSUANCE = "certificate", _("Certificate issuance")
    OTHER = "other", _("Other")


class Purpose(models.TextChoices):
    """Why data is handed over: a fixed set of codes, each allowed for certain roles."""

    CARD_PAYMENT = "card_payment", _("Card payment processing")
    ORDER_EMAIL = "order_email", _("Order and certificate e-mail")
    ACCOUNT_EMAIL = "account_email", _("Account e-mail (registration, password, notices of changes)")
    CERTIFICATE_ISSUANCE = "certificate_issuance", _("Certificate issuance")
    PERSONAL_DATA_NOTICE = "personal_data_notice", _("Replies to personal-data requests and breach notices")
    # Third-party provision (APPI Art. 27), not entrustment: the registry operator retires the
    # credits in the beneficiary's name on its own public register.
    REGISTRY_RETIREMENT = (
        "registry_retirement",
        _("Retirement of credits at the registry in the beneficiary's name"),
    )


PURPOSE_ROLES: dict[str, set[str]] = {
    Purpose.CARD_PAYMENT: {ProcessorRole.PAYMENT},
    Purpose.ORDER_EMAIL: {ProcessorRole.DELIVERY},
    Purpose.ACCOUNT_EMAIL: {ProcessorRole.DELIVERY},
    Purpose.CERTIFICATE_ISSUANCE: {ProcessorRole.CERTIFICATE_ISSUANCE},
    Purpose.PERSONAL_DATA_NOTICE: {ProcessorRole.DELIVERY},
}


class NdaClause(models.TextChoices):
    PURPOSE_LIMITATION = "purpose_limitation", _("Purpose limitation")
    SUBCONTRACTING = "subcontracting", _("Subcontracting rules")
    SECURITY_MEASURES = "security_measures", _("Security measures")
    INCIDENT_REPORTING = "incident_reporting", _("Incident reporting")
    AUDIT_RIGHTS = "audit_rights", _("Audit rights")
    RETURN_DELETION = "return_deletion", _("Return or deletion at the end")


# What a recipient shown for consent is (its snapshot's "kind"): processors are entrusted
# (Art. 25, consent only for the transfer abroad), third parties receive on consent (Art. 27).
RECIPIENT_PROCESSOR = "processor"
RECIPIENT_THIRD_PARTY = "third_party"

NDA_EXPIRY_WARNING_DAYS = 30
REVIEW_INTERVAL_DAYS = 365


class CountryDataProtection(models.Model):
    """What a person must be told about a foreign country before consenting (APPI Art. 28(2)).

    One row per country, shared by every processor and third party there: the
    country's name and an outline of its personal-information protection system,
    in Japanese and English, with where the outline comes from and when it was checked.
    """

    code = models.CharField(_("country code"), max_length=2, unique=True, help_text=_("ISO 3166, e.g. US."))
    name_ja = models.CharField(_("country name (Japanese)"), max_length=100)
    name_en = models.CharField(_("country name (English)"), max_length=100)
    system_outline_ja = models.TextField(
        _("outline of its personal-information protection system (Japanese)")
    )
    system_outline_en = models.TextField(_("outline of its personal-information protection system (English)"))
    source = models.CharField(
        _("source"), max_length=500, help_text=_("Where the outline comes from, e.g. the PPC's survey page.")
    )
    checked_on = models.DateField(_("checked on"))

    class Meta:
        verbose_name = _("country's data-protection information")
        verbose_name_plural = _("countries' data-protection information")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_en}"

    def clean(self) -> None:
        self.code = (self.code or "").upper()


class Processor(models.Model):
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=16, choices=ProcessorRole.choices)
    entrustment_purpose = models.TextField(_("purpose of the entrustment"))
    purposes = models.JSONField(
        _("purposes"), default=list, help_text=_("The purpose codes this processor is entrusted with.")
    )
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 code, e.g. JP, US."))
    contact = models.TextField(_("contact"), blank=True)
    nda_signed_on = models.DateField(_("NDA signed on"))
    nda_expires_on = models.DateField(_("NDA expires on"), null=True, blank=True)
    nda_reference = models.CharField(_("NDA document reference"), max_length=200)
    nda_clauses = models.JSONField(_("NDA clauses"), default=list)
    last_reviewed_on = models.DateField(_("last review"))
    is_active = models.BooleanField(_("active"), default=True)
    data_scope = models.JSONField(
        _("data scope"), default=list, help_text=_("The personal-data fields this processor may receive.")
    )
    measures_ja = models.TextField(
        _("recipient's measures (Japanese)"),
        blank=True,
        help_text=_("For a processor abroad: the measures it takes to protect the data (APPI Art. 28(2))."),
    )
    measures_en = models.TextField(_("recipient's measures (English)"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("entrusted processor")
        verbose_name_plural = _("entrusted processors")
        ordering = ["role", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["role"],
                condition=Q(is_active=True),
                name="legal_one_active_processor_per_role",
                violation_error_message=_("Another active processor already has this role."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    def clean(self) -> None:
        errors = {}
        if set(self.data_scope) - set(PersonalDataField.values):
            errors["data_scope"] = _("Choose fields from the catalogue only.")
        allowed = {purpose for purpose, roles in PURPOSE_ROLES.items() if self.role in roles}
        if set(self.purposes) - allowed:
            errors["purposes"] = _("These purposes are not allowed for a processor with this role.")
        if set(self.nda_clauses) - set(NdaClause.values):
            errors["nda_clauses"] = _("Unknown NDA clause.")
        if self.nda_signed_on and self.nda_expires_on and self.nda_expires_on < self.nda_signed_on:
            errors["nda_expires_on"] = _("The NDA cannot expire before it is signed.")
        if errors:
            raise ValidationError(errors)

    def nda_in_force(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.nda_signed_on <= day and (self.nda_expires_on is None or day <= self.nda_expires_on)

    def warnings(self, on: datetime.date | None = None) -> list[str]:
        """What an admin must look at: lapsed or expiring NDA, overdue review, missing clauses."""
        day = on or timezone.localdate()
        found = []
        if self.nda_expires_on and self.nda_expires_on < day:
            found.append(str(_("NDA expired")))
        elif self.nda_expires_on and self.nda_expires_on <= day + datetime.timedelta(
            days=NDA_EXPIRY_WARNING_DAYS
        ):
            found.append(str(_("NDA expires within 30 days")))
        if self.last_reviewed_on < day - datetime.timedelta(days=REVIEW_INTERVAL_DAYS):
            found.append(str(_("Review older than a year")))
        if set(NdaClause.values) - set(self.nda_clauses):
            found.append(str(_("NDA lacks clauses")))
        return found


class ThirdParty(models.Model):
    """A recipient that is not an entrusted processor: a third party (APPI Art. 27), e.g. a registry operator.

    It uses what it receives for its own purpose (a registry retires credits in
    the beneficiary's name on its register), so handing data to it needs the
    person's consent; abroad, consent given with the country's information
    and the recipient's measures (Art. 28).
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 code, e.g. JP, US."))
    purpose_ja = models.TextField(_("what it uses the data for (Japanese)"))
    purpose_en = models.TextField(_("what it uses the data for (English)"))
    data_scope = models.JSONField(
        _("data scope"), default=list, help_text=_("The personal-data fields it may receive.")
    )
    measures_ja = models.TextField(_("recipient's measures (Japanese)"), blank=True)
    measures_en = models.TextField(_("recipient's measures (English)"), blank=True)
    contact = models.TextField(_("contact"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("third-party recipient")
        verbose_name_plural = _("third-party recipients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.country = (self.country or "").upper()
        errors = {}
        if set(self.data_scope) - set(PersonalDataField.values):
            errors["data_scope"] = _("Choose fields from the catalogue only.")
        if self.country != "JP" and not (self.measures_ja and self.measures_en):
            errors["measures_ja"] = _("A recipient outside Japan needs its measures in Japanese and English.")
        if self.country != "JP" and not CountryDataProtection.objects.filter(code=self.country).exists():
            errors["country"] = _("Register the information on this country's system first.")
        if errors:
            raise ValidationError(errors)


class RegisterChange(models.Model):
    """One change to an entry of a register (a processor, a third party): who changed what, when."""

    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changes = models.JSONField(_("changes"), help_text=_("{field: [before, after]}"))

    class Meta:
        abstract = True
        ordering = ["-changed_at"]


class ThirdPartyChange(RegisterChange):
    """History of a third-party recipient."""

    third_party = models.ForeignKey(ThirdParty, on_delete=models.CASCADE, related_name="changes")

    class Meta(RegisterChange.Meta):
        verbose_name = _("third-party recipient change")
        verbose_name_plural = _("third-party recipient changes")

    def __str__(self) -> str:
        return f"{self.third_party} {self.changed_at:%Y-%m-%d %H:%M}"


class ProcessorChange(RegisterChange):
    """History of a processor."""

    processor = models.ForeignKey(Processor, on_delete=models.CASCADE, related_name="changes")

    class Meta(RegisterChange.Meta):
        verbose_name = _("processor change")
        verbose_name_plural = _("processor changes")

    def __str__(self) -> str:
        return f"{self.processor} {self.changed_at:%Y-%m-%d %H:%M}"


class ProvisionRecordQuerySet(AppendOnlyQuerySet):
    def expired_delete(self, *, now: datetime.datetime | None = None) -> int:
        """Delete the records past their retention period; the only way a record ever goes.

        The period is ``PERSONAL_DATA_RETENTION_DAYS["provision_records"]``
        (APPI Art. 30: three years), counted from ``provided_at``; without
        one, nothing is deleted. Returns how many records were deleted.
        """
        days = settings.PERSONAL_DATA_RETENTION_DAYS.get("provision_records")
        if days is None:
            return 0
        cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
        return self.retention_delete(provided_at__lt=cutoff)


class ProvisionRecord(AppendOnlyModel):
    """One hand-over of personal data to a processor or a third party. Append-only (APPI Art. 29/30).

    Exactly one of ``processor`` (entrustment) and ``third_party`` (provision with
    the person's consent) is set; ``processor_name`` keeps the recipient's name as it was.
    """

    locked_error = ProvisionRecordLocked
    locked_message = "Provision records are append-only."

    LEGAL_BASIS_ENTRUSTMENT = "entrustment"
    LEGAL_BASIS_CONSENT = "consent"

    processor = models.ForeignKey(
        Processor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="provision_records",
        verbose_name=_("processor"),
    )
    third_party = models.ForeignKey(
        ThirdParty,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="provision_records",
        verbose_name=_("third-party recipient"),
    )
    processor_name = models.CharField(_("recipient"), max_length=200)
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="provision_records",
        verbose_name=_("whose data (member)"),
    )
    subject_email = models.EmailField(_("whose data (e-mail)"), blank=True)
    fields = models.JSONField(_("fields handed over"))
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=32, default=LEGAL_BASIS_ENTRUSTMENT)
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    provided_at = models.DateTimeField(_("provided at"), auto_now_add=True, db_index=True)

    objects = ProvisionRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("provision record")
        verbose_name_plural = _("provision records")
        ordering = ["-provided_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(processor__isnull=False, third_party__isnull=True)
                | Q(processor__isnull=True, third_party__isnull=False),
                name="legal_provision_record_one_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.provided_at:%Y-%m-%d %H:%M} {self.processor_name} {self.purpose}"


class OutboxMessage(models.Model):
    """Outbound work that must not be lost: kept here until a processor may take it.

    A message the gateway refuses is held with the reason and retried when the
    processor registry changes and on a schedule.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        HELD = "held", _("Held: refused by the processor registry")
        FAILED = "failed", _("Sending failed; will retry")
        SENT = "sent", _("Sent")

    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    recipient = models.EmailField(_("recipient"))
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recipient (member)"),
    )
    template = models.CharField(
        _("template"), max_length=200, blank=True, help_text=_("Empty for a message rendered by Oscar.")
    )
    personal_data = models.JSONField(_("personal data"), default=dict)
    context = models.JSONField(_("context"), default=dict)
    rendered = models.JSONField(_("pre-rendered message"), default=dict, blank=True)
    # What left the shop, as it left: subject, text body and HTML body (so staff see the e-mail as sent).
    sent_message = models.JSONField(_("message as sent"), default=dict, blank=True)
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} → {self.recipient} ({self.get_status_display()})"

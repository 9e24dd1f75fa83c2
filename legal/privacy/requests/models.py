"""Requests by a person about their personal data (APPI Art. 32-39), handled as tickets.

A person (a member, or anyone through the public form, in person or by an
agent) asks for disclosure, the purposes of use, a correction, or that we
stop using or providing their data. Staff check identity documents, decide,
and the person is told every outcome. The law lets the person sue two weeks
after asking (Art. 39), so every request is due 14 days after it arrives.

Identity documents and the disclosed data are private files (never under
MEDIA_URL) deleted a set period after the request closes.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.records import AppendOnlyModel, AppendOnlyRecordLocked

from .storage import private_storage


class PrivacyRequestEventLocked(AppendOnlyRecordLocked):
    """The timeline of a privacy request is append-only."""


class RequestKind(models.TextChoices):
    DISCLOSURE = "disclosure", _("Disclosure of my personal data")
    PURPOSES = "purposes", _("Notification of the purposes of use")
    CORRECTION = "correction", _("Correction, addition or deletion")
    CESSATION_OF_USE = "cessation_of_use", _("Cessation of use or erasure")
    CESSATION_OF_PROVISION = "cessation_of_provision", _("Cessation of provision to third parties")
    PROVISION_RECORDS = "provision_records", _("Disclosure of the records of provision to third parties")


# Kinds answered with a copy of the data (JSON and PDF), electronically or on paper.
DISCLOSURE_KINDS = (RequestKind.DISCLOSURE, RequestKind.PROVISION_RECORDS)


class DeliveryMethod(models.TextChoices):
    ELECTRONIC = "electronic", _("Electronically (download)")
    PAPER = "paper", _("On paper, by post")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IDENTITY_PENDING = "identity_pending", _("Waiting for identity documents")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    PARTIALLY_REFUSED = "partially_refused", _("Partially refused")
    REFUSED = "refused", pgettext_lazy("privacy request", "Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (RequestStatus.RECEIVED, RequestStatus.IDENTITY_PENDING, RequestStatus.IN_PROGRESS)
CLOSED_STATUSES = (
    RequestStatus.COMPLETED,
    RequestStatus.PARTIALLY_REFUSED,
    RequestStatus.REFUSED,
    RequestStatus.WITHDRAWN,
)


class RefusalReason(models.TextChoices):
    """The only grounds on which we refuse a request in whole or in part (APPI Art. 33(2) and our policy)."""

    HARM_TO_PERSON = (
        "harm_to_person",
        _(
            "It could harm the life, body, property or other rights and interests of the person "
            "or a third party"
        ),
    )
    BUSINESS_HINDRANCE = (
        "business_hindrance",
        _("It would seriously hinder the proper conduct of our business"),
    )
    OTHER_LAWS = "other_laws", _("It would violate another law")
    IDENTITY_NOT_CONFIRMED = (
        "identity_not_confirmed",
        _("We could not confirm the identity of the person or the authority of the agent"),
    )
    NO_DATA_HELD = "no_data_held", _("We hold no such personal data")
    DATA_ACCURATE = "data_accurate", _("After checking, the data we hold is accurate")
    RETENTION_REQUIRED = "retention_required", _("A law requires us to keep or use the data")
    REQUEST_INCOMPLETE = "request_incomplete", _("The request does not say which data or what to change")


class CorrectionItem(models.TextChoices):
    """What a person may ask us to correct, add or delete; each maps to where the shop keeps it."""

    FIRST_NAME = "first_name", _("First name")
    LAST_NAME = "last_name", _("Last name")
    EMAIL = "email", _("E-mail address")
    ADDRESS = "address", _("Postal address in the address book")
    BENEFICIARY_NAME = "beneficiary_name", _("Beneficiary name on certificates")
    OFFSET_PURPOSE = "offset_purpose", _("Purpose of the offset on certificates")
    OTHER = "other", _("Something else (describe it in the details)")


class PrivacyRequest(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="privacy_requests",
        verbose_name=_("member"),
    )
    # A snapshot: people without an account are known only by what they gave here.
    requester_name = models.CharField(_("name of the person"), max_length=200)
    requester_email = models.EmailField(_("e-mail of the person"))
    requester_postal_address = models.TextField(_("postal address of the person"), blank=True)
    is_agent = models.BooleanField(_("made by an agent"), default=False)
    agent_name = models.CharField(_("agent's name"), max_length=200, blank=True)
    agent_email = models.EmailField(_("agent's e-mail"), blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=RequestKind.choices)
    delivery_method = models.CharField(
        _("delivery of the disclosure"), max_length=16, choices=DeliveryMethod.choices, blank=True
    )
    details = models.TextField(_("details"), blank=True)
    corrections = models.JSONField(
        _("requested corrections"),
        default=list,
        blank=True,
        help_text=_('[{"item": "last_name", "value": "…", "delete": false}]'),
    )
    reissue_certificates = models.BooleanField(
        _("reissue certificates with the corrected details"), default=False
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    due_on = models.DateField(_("due on"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RequestStatus.choices,
        default=RequestStatus.RECEIVED,
        db_index=True,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_privacy_requests",
        verbose_name=_("assigned to"),
    )
    decision = models.TextField(_("reply to the person"), blank=True)
    refusal_reason = models.CharField(
        _("reason for refusal"), max_length=32, choices=RefusalReason.choices, blank=True
    )
    refusal_explanation = models.TextField(_("explanation of the refusal"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # What was disclosed, kept as disclosed (private files, purged with the identity documents).
    export_json = models.FileField(_("disclosed data (JSON)"), storage=private_storage, blank=True)
    export_pdf = models.FileField(_("disclosed data (PDF)"), storage=private_storage, blank=True)
    export_created_at = models.DateTimeField(_("disclosure prepared at"), null=True, blank=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    files_purged_at = models.DateTimeField(_("private files deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("privacy request")
        verbose_name_plural = _("privacy requests")
        ordering = ["due_on", "received_at"]
        permissions = [
            ("decide_privacyrequest", _("Can decide privacy requests")),
            ("view_privacy_files", _("Can view identity documents and disclosed data")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["partially_refused", "refused"])
                | (~Q(refusal_reason="") & ~Q(refusal_explanation="")),
                name="legal_privacy_request_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_kind_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_disclosure(self) -> bool:
        return self.kind in DISCLOSURE_KINDS

    @property
    def reply_email(self) -> str:
        """Where replies go: the agent who asked, or the person."""
        return self.agent_email if self.is_agent and self.agent_email else self.requester_email

    @property
    def reply_name(self) -> str:
        return self.agent_name if self.is_agent and self.agent_name else self.requester_name

    def corrections_display(self) -> list[dict]:
        """The requested corrections with their items' names, for pages."""
        return [
            {
                **row,
                "label": CorrectionItem(row["item"]).label
                if row.get("item") in CorrectionItem.values
                else "?",
            }
            for row in self.corrections
        ]

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.is_open and self.due_on < (today or timezone.localdate())


class PrivacyRequestEvent(AppendOnlyModel):
    """One step in a request's life: who, when, what. Append-only."""

    locked_error = PrivacyRequestEventLocked
    locked_message = "The timeline of a privacy request is append-only."

    class Action(models.TextChoices):
        RECEIVED = "received", _("Request received")
        DOCUMENT_UPLOADED = "document_uploaded", _("Identity document received")
        DOCUMENT_VERIFIED = "document_verified", _("Identity document verified")
        DOCUMENT_REJECTED = "document_rejected", _("Identity document rejected")
        IDENTITY_CONFIRMED = "identity_confirmed", _("Identity confirmed")
        ASSIGNED = "assigned", _("Assigned")
        NOTE = "note", _("Note")
        EXPORT_PREPARED = "export_prepared", _("Disclosure prepared")
        EXPORT_DOWNLOADED = "export_downloaded", _("Disclosure downloaded")
        POSTED = "posted", _("Disclosure posted")
        CORRECTION_APPLIED = "correction_applied", _("Correction applied")
        CERTIFICATE_REISSUED = "certificate_reissued", _("Certificate reissued")
        RESTRICTION_RECORDED = "restriction_recorded", _("Restriction recorded")
        COMPLETED = "completed", _("Completed")
        PARTIALLY_REFUSED = "partially_refused", _("Partially refused")
        REFUSED = "refused", pgettext_lazy("privacy request", "Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        FILES_PURGED = "files_purged", _("Identity documents and disclosed data deleted")

    request = models.ForeignKey(PrivacyRequest, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("what"), max_length=32, choices=Action.choices)
    note = models.TextField(_("note"), blank=True)
    visible_to_requester = models.BooleanField(_("shown to the person"), default=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("privacy request event")
        verbose_name_plural = _("privacy request events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request.reference} {self.get_action_display()}"


def identity_document_path(document: "IdentityDocument", filename: str) -> str:
    # The person's file name can carry personal data; keep only the extension.
    import uuid

    extension = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(
        document.content_type, ""
    )
    return f"identity/{document.request.reference}/{uuid.uuid4().hex}{extension}"


class IdentityDocument(models.Model):
    class Role(models.TextChoices):
        REQUESTER_ID = "requester_id", _("Identity document of the person")
        POWER_OF_ATTORNEY = "power_of_attorney", _("Agent's power of attorney")
        AGENT_ID = "agent_id", _("Identity document of the agent")

    class Verification(models.TextChoices):
        PENDING = "pending", _("Not checked yet")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    request = models.ForeignKey(PrivacyRequest, on_delete=models.CASCADE, related_name="identity_documents")
    role = models.CharField(_("document"), max_length=20, choices=Role.choices)
    file = models.FileField(_("file"), storage=private_storage, upload_to=identity_document_path, blank=True)
    content_type = models.CharField(_("type"), max_length=40, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    verification = models.CharField(
        _("verification"), max_length=16, choices=Verification.choices, default=Verification.PENDING
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    purged_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request.reference} {self.get_role_display()}"


class UseRestriction(models.Model):
    """A person asked us to stop using their data (or providing it to third parties).

    Marketing and other messages not needed for the contract or the law stop;
    contract and legally required processing continue.
    """

    class Scope(models.TextChoices):
        USE = "use", _("Use beyond the contract and the law")
        THIRD_PARTY_PROVISION = "third_party_provision", _("Provision to third parties")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="use_restrictions",
        verbose_name=_("member"),
    )
    email = models.EmailField(_("e-mail"), db_index=True)
    scope = models.CharField(_("scope"), max_length=24, choices=Scope.choices)
    request = models.ForeignKey(
        PrivacyRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="restrictions"
    )
    started_at = models.DateTimeField(_("in effect since"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("use restriction")
        verbose_name_plural = _("use restrictions")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.email} {self.get_scope_display()}"

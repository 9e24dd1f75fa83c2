"""Versioned legal documents and the record of who accepted which version.

A published version is a legal record: customers accepted exactly that text,
so it is never changed or deleted (model and queryset refuse; the admin shows
it read-only). Changing a document means publishing a new version.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.records import AppendOnlyModel, AppendOnlyQuerySet

from .exceptions import PublishedVersionLocked


class DocumentKind(models.TextChoices):
    TERMS = "terms", _("Terms of service")
    PRIVACY = "privacy", _("Privacy policy")
    DISCLAIMER = "disclaimer", _("Disclaimer")
    GOVERNING_LAW = "governing-law", _("Governing law and jurisdiction")
    SITE_POLICY = "site-policy", _("Site policy")
    COOKIES = "cookies", _("Cookie policy")
    TOKUSHOHO = "tokushoho", _("Notice under the Specified Commercial Transactions Act")


# What a customer accepts at registration and checkout.
ACCEPTED_KINDS = (DocumentKind.TERMS, DocumentKind.PRIVACY, DocumentKind.DISCLAIMER)
# The terms (Art. 1(2)) make every other document part of them, so a change to any of them
# changes the terms: members are e-mailed about each, before it takes effect (Civil Code 548-4).
NOTIFIED_KINDS = tuple(DocumentKind)
# A material change of these needs members' acceptance again before their next purchase.
REACCEPTED_KINDS = (DocumentKind.TERMS, DocumentKind.PRIVACY)


class LegalDocument(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices, unique=True)

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")

    def __str__(self) -> str:
        return str(self.get_kind_display())


class DocumentVersionQuerySet(AppendOnlyQuerySet):
    def published(self):
        return self.filter(status=DocumentVersion.Status.PUBLISHED)


class DocumentVersion(AppendOnlyModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    # Drafts are edited freely; once published, a version is never changed or deleted.
    locked_error = PublishedVersionLocked
    locked_message = "Published legal versions are never changed or deleted."
    locked_when = Q(status=Status.PUBLISHED)

    document = models.ForeignKey(
        LegalDocument, on_delete=models.PROTECT, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(
        _("version number"), null=True, blank=True, editable=False, help_text=_("Given at publication.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    title = models.CharField(_("title (Japanese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body = models.TextField(_("text (Japanese, Markdown)"))
    body_en = models.TextField(_("text (English, Markdown)"))
    change_summary = models.TextField(_("summary of changes (Japanese)"), blank=True)
    change_summary_en = models.TextField(_("summary of changes (English)"), blank=True)
    effective_on = models.DateField(
        _("in force from"),
        help_text=_("A later date publishes the version as upcoming; it comes into force on that day."),
    )
    is_material = models.BooleanField(
        _("material change"),
        default=False,
        help_text=_("Members must accept a material change of the terms or privacy policy again."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = DocumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal document version")
        verbose_name_plural = _("legal document versions")
        ordering = ["document__kind", "-number", "-created_at"]
        permissions = [("publish_documentversion", _("Can publish legal document versions"))]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="legal_version_number_unique"),
            models.CheckConstraint(
                condition=Q(status="draft", number__isnull=True, published_at__isnull=True)
                | Q(status="published", number__isnull=False, published_at__isnull=False),
                name="legal_version_published_has_number",
            ),
        ]

    def __str__(self) -> str:
        label = f"v{self.number}" if self.number else _("draft")
        return f"{self.document} {label}"

    @property
    def kind(self) -> str:
        return self.document.kind

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def localized(self, field: str) -> str:
        if (get_language() or "").startswith("en"):
            return getattr(self, f"{field}_en") or getattr(self, field)
        return getattr(self, field)


class Acceptance(models.Model):
    """One person accepting one published version, in one context. Kept for good."""

    class Context(models.TextChoices):
        REGISTRATION = "registration", _("Registration")
        CHECKOUT = "checkout", _("Checkout")
        REACCEPTANCE = "reacceptance", _("Accepting a changed version")

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.PROTECT, related_name="acceptances", verbose_name=_("version")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="legal_acceptances",
        verbose_name=_("member"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    context = models.CharField(_("context"), max_length=16, choices=Context.choices)
    order = models.ForeignKey(
        "order.Order",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_acceptances",
        verbose_name=_("order"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        ordering = ["-accepted_at"]
        indexes = [models.Index(fields=["user", "version"])]

    def __str__(self) -> str:
        return f"{self.version} — {self.email or self.user_id} ({self.get_context_display()})"


class ChangeNotice(models.Model):
    """A member told about a new version: by e-mail, then on the site until seen."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="legal_notices")
    emailed_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("change notice")
        verbose_name_plural = _("change notices")
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="legal_notice_once_per_user")]
        indexes = [models.Index(fields=["user", "seen_at"])]

    def __str__(self) -> str:
        return f"{self.version} → {self.user_id}"

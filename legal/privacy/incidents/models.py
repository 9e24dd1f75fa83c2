"""The register of personal-data breaches (漏えい等), their timeline and the notices to affected people.

APPI Art. 26 and the Commission's rules (規則 7-10): when a leak, loss or
damage of personal data involves sensitive data, a risk of financial loss, an
unlawful purpose or more than 1,000 people, the company reports it to the
Personal Information Protection Commission (a preliminary report promptly, a
final one within 30 or 60 days) and tells the people affected. The decision
and the due dates are computed in legal/privacy/incidents/services.py from the facts kept here.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.records import AppendOnlyModel
from legal.processors.models import PersonalDataField, Processor


class IncidentKind(models.TextChoices):
    LEAK = "leak", _("Leak (漏えい)")
    LOSS = "loss", _("Loss (滅失)")
    DAMAGE = "damage", _("Damage (毀損)")


class Incident(models.Model):
    class Status(models.TextChoices):
        INVESTIGATING = "investigating", _("Investigating")
        CONTAINED = "contained", _("Contained, follow-up under way")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200, help_text=_("A short name staff recognise."))
    kind = models.CharField(_("what happened"), max_length=16, choices=IncidentKind.choices)
    is_confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_("Untick while it is only suspected (the law covers suspected cases too)."),
    )
    occurred_at = models.DateTimeField(_("occurred at"), null=True, blank=True)
    discovered_at = models.DateTimeField(
        _("discovered at"),
        help_text=_("When the company learned of it: the report deadlines count from here."),
    )
    description = models.TextField(_("what happened (summary)"))
    data_items = models.JSONField(
        _("personal data concerned"), default=list, blank=True, help_text=_("Fields from the catalogue.")
    )
    data_items_other = models.TextField(
        _("other personal data concerned"), blank=True, help_text=_("Anything the catalogue does not list.")
    )
    people_affected = models.PositiveIntegerField(
        _("number of people affected"), help_text=_("The best current count or estimate.")
    )
    processor = models.ForeignKey(
        Processor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("entrusted processor involved"),
    )
    # The triggers of APPI rule 7 (規則第7条 1-4). "More than 1,000" also follows from the count.
    involves_sensitive_data = models.BooleanField(
        _("sensitive personal data (要配慮個人情報)"), default=False
    )
    risk_of_financial_loss = models.BooleanField(
        _("risk of financial loss (e.g. card data, credentials)"), default=False
    )
    unlawful_purpose = models.BooleanField(
        _("possibly for an unlawful purpose (e.g. unauthorised access, theft)"), default=False
    )
    more_than_thousand_people = models.BooleanField(
        _("more than 1,000 people, or may be"),
        default=False,
        help_text=_("Set automatically when the count exceeds 1,000; tick it when it may."),
    )
    cause = models.TextField(_("cause"), blank=True)
    secondary_harm = models.TextField(_("secondary harm, or its risk"), blank=True)
    measures_taken = models.TextField(_("measures taken"), blank=True)
    recurrence_prevention = models.TextField(_("measures against recurrence"), blank=True)
    publication = models.TextField(
        _("publication"), blank=True, help_text=_("Whether, when and where the facts were published.")
    )
    other_notes = models.TextField(_("other relevant matters"), blank=True)
    preliminary_reported_on = models.DateField(
        _("preliminary report (速報) submitted on"), null=True, blank=True
    )
    final_reported_on = models.DateField(_("final report (確報) submitted on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.INVESTIGATING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("personal-data incident")
        verbose_name_plural = _("personal-data incidents")
        ordering = ["-discovered_at", "-pk"]
        permissions = [("send_incidentnotice", "Can send notices to people affected by an incident")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}" if self.pk else self.title

    def clean(self) -> None:
        errors = {}
        if set(self.data_items or []) - set(PersonalDataField.values):
            errors["data_items"] = _("Choose items from the catalogue only.")
        if not self.data_items and not self.data_items_other.strip():
            errors["data_items"] = _("Say which personal data is concerned.")
        if self.discovered_at and self.discovered_at > timezone.now():
            errors["discovered_at"] = _("The discovery cannot be in the future.")
        if self.occurred_at and self.discovered_at and self.occurred_at > self.discovered_at:
            errors["occurred_at"] = _("It cannot have occurred after it was discovered.")
        discovered_on = timezone.localdate(self.discovered_at) if self.discovered_at else None
        today = timezone.localdate()
        for field in ("preliminary_reported_on", "final_reported_on"):
            day = getattr(self, field)
            if day and discovered_on and day < discovered_on:
                errors[field] = _("A report cannot be submitted before the discovery.")
            elif day and day > today:
                errors[field] = _("Enter the day the report was actually submitted, not a future day.")
        if (
            self.preliminary_reported_on
            and self.final_reported_on
            and self.final_reported_on < self.preliminary_reported_on
            and "final_reported_on" not in errors
        ):
            errors["final_reported_on"] = _("The final report cannot come before the preliminary one.")
        if errors:
            raise ValidationError(errors)

    def data_item_labels(self) -> list[str]:
        labels = [str(PersonalDataField(code).label) for code in self.data_items if code in PersonalDataField]
        if self.data_items_other.strip():
            labels.append(self.data_items_other.strip())
        return labels


class IncidentUpdate(AppendOnlyModel):
    """One entry of an incident's timeline: a note, a change of facts, notices sent. Append-only."""

    locked_message = "The incident timeline is append-only."

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(_("by"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    note = models.TextField(_("note"), blank=True)
    changes = models.JSONField(
        _("changes"), default=dict, blank=True, help_text=_("{field: [before, after]}")
    )

    class Meta:
        verbose_name = _("incident timeline entry")
        verbose_name_plural = _("incident timeline")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.created_at:%Y-%m-%d %H:%M}"


class IncidentNotice(models.Model):
    """The notice to one affected person (APPI Art. 26(2)), sent through the outbox and the gateway.

    Whether it went out is the outbox message's status: the one place that
    knows, kept up to date by delivery and its retries.
    """

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="notices")
    email = models.EmailField(_("e-mail"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("member"),
    )
    outbox_message = models.OneToOneField(
        "legal.OutboxMessage", null=True, on_delete=models.SET_NULL, related_name="incident_notice"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("incident notice")
        verbose_name_plural = _("incident notices")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "email"], name="legal_one_notice_per_person_per_incident"
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} → {self.email}"

    @property
    def status(self) -> str:
        return self.outbox_message.status if self.outbox_message else ""

    def get_status_display(self) -> str:
        return self.outbox_message.get_status_display() if self.outbox_message else "—"

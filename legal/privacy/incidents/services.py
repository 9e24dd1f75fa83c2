"""Personal-data incidents: must the Commission be told, by when, and telling the people affected.

APPI Art. 26 with the Commission's rules:
- rule 7: a report is due when the incident involves sensitive data, a risk
  of financial loss, a possibly unlawful purpose, or more than 1,000 people
  (each also when it only "may" be so);
- rule 8: a preliminary report (速報) promptly, about 3-5 days from when the
  company knew, and a final report (確報) within 30 days, 60 when an unlawful
  purpose may be involved (whatever else applies). A final report made within
  the preliminary period stands for both;
- Art. 26(2), rule 10: the people affected are told promptly.
Days count from the day after discovery, in Japan time. The numbers of days
are settings (INCIDENT_*_DAYS).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from legal.processors import outbox
from legal.processors.models import OutboxMessage, PersonalDataField, Purpose

from .models import Incident, IncidentNotice, IncidentUpdate

# Rule 7(4): "more than 1,000" — exactly 1,000 people does not trigger a report by itself.
PEOPLE_THRESHOLD = 1000
# One submission queues at most this many notices; larger groups go in several batches.
NOTICES_PER_SUBMISSION = 5000

TRIGGER_SENSITIVE_DATA = "sensitive_data"
TRIGGER_FINANCIAL_LOSS = "financial_loss"
TRIGGER_UNLAWFUL_PURPOSE = "unlawful_purpose"
TRIGGER_MORE_THAN_THOUSAND = "more_than_1000_people"
TRIGGER_LABELS = {
    TRIGGER_SENSITIVE_DATA: gettext_lazy("Sensitive personal data (要配慮個人情報)"),
    TRIGGER_FINANCIAL_LOSS: gettext_lazy("Risk of financial loss"),
    TRIGGER_UNLAWFUL_PURPOSE: gettext_lazy("Possibly an unlawful purpose"),
    TRIGGER_MORE_THAN_THOUSAND: gettext_lazy("More than 1,000 people"),
}


@dataclass(frozen=True)
class IncidentAssessment:
    """What the law asks of one incident today."""

    triggers: tuple[str, ...]
    preliminary_due: datetime.date | None
    final_due: datetime.date | None
    preliminary_overdue: bool
    final_overdue: bool

    @property
    def report_required(self) -> bool:
        return bool(self.triggers)

    @property
    def overdue(self) -> bool:
        return self.preliminary_overdue or self.final_overdue

    @property
    def trigger_labels(self) -> list[str]:
        return [str(TRIGGER_LABELS[trigger]) for trigger in self.triggers]


def incident_triggers(*, incident: Incident) -> tuple[str, ...]:
    """The rule-7 grounds that apply to ``incident``, in the rule's order; empty when none does."""
    found = []
    if incident.involves_sensitive_data:
        found.append(TRIGGER_SENSITIVE_DATA)
    if incident.risk_of_financial_loss:
        found.append(TRIGGER_FINANCIAL_LOSS)
    if incident.unlawful_purpose:
        found.append(TRIGGER_UNLAWFUL_PURPOSE)
    if incident.more_than_thousand_people or (incident.people_affected or 0) > PEOPLE_THRESHOLD:
        found.append(TRIGGER_MORE_THAN_THOUSAND)
    return tuple(found)


def final_report_days(*, unlawful_purpose: bool) -> int:
    if unlawful_purpose:
        return settings.INCIDENT_FINAL_REPORT_DAYS_UNLAWFUL_PURPOSE
    return settings.INCIDENT_FINAL_REPORT_DAYS


def incident_assess(*, incident: Incident, today: datetime.date | None = None) -> IncidentAssessment:
    """Whether the Commission must be told, the due dates, and which report is late."""
    today = today or timezone.localdate()
    triggers = incident_triggers(incident=incident)
    if not triggers or incident.discovered_at is None:
        return IncidentAssessment(triggers, None, None, preliminary_overdue=False, final_overdue=False)
    discovered_on = timezone.localdate(incident.discovered_at)
    preliminary_due = discovered_on + datetime.timedelta(days=settings.INCIDENT_PRELIMINARY_REPORT_DAYS)
    final_due = discovered_on + datetime.timedelta(
        days=final_report_days(unlawful_purpose=incident.unlawful_purpose)
    )
    preliminary_outstanding = incident.preliminary_reported_on is None and incident.final_reported_on is None
    return IncidentAssessment(
        triggers=triggers,
        preliminary_due=preliminary_due,
        final_due=final_due,
        preliminary_overdue=preliminary_outstanding and today > preliminary_due,
        final_overdue=incident.final_reported_on is None and today > final_due,
    )


# --- Selectors ---------------------------------------------------------------


def _report_required_q() -> Q:
    return (
        Q(involves_sensitive_data=True)
        | Q(risk_of_financial_loss=True)
        | Q(unlawful_purpose=True)
        | Q(more_than_thousand_people=True)
        | Q(people_affected__gt=PEOPLE_THRESHOLD)
    )


def _discovered_before(day: datetime.date) -> datetime.datetime:
    """The first moment of ``day`` in Japan time: discovered before it means discovered on an earlier day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _preliminary_overdue_q(today: datetime.date) -> Q:
    late = today - datetime.timedelta(days=settings.INCIDENT_PRELIMINARY_REPORT_DAYS)
    return Q(
        preliminary_reported_on__isnull=True,
        final_reported_on__isnull=True,
        discovered_at__lt=_discovered_before(late),
    )


def _final_overdue_q(today: datetime.date) -> Q:
    late_unlawful = today - datetime.timedelta(days=final_report_days(unlawful_purpose=True))
    late_other = today - datetime.timedelta(days=final_report_days(unlawful_purpose=False))
    return Q(final_reported_on__isnull=True) & (
        Q(unlawful_purpose=True, discovered_at__lt=_discovered_before(late_unlawful))
        | Q(unlawful_purpose=False, discovered_at__lt=_discovered_before(late_other))
    )


def incidents_report_required(queryset: QuerySet | None = None) -> QuerySet:
    """The incidents the Commission must be told about."""
    return (queryset if queryset is not None else Incident.objects.all()).filter(_report_required_q())


def incidents_report_not_required(queryset: QuerySet | None = None) -> QuerySet:
    return (queryset if queryset is not None else Incident.objects.all()).exclude(_report_required_q())


def incidents_overdue(
    queryset: QuerySet | None = None, *, report: str = "any", today: datetime.date | None = None
) -> QuerySet:
    """Incidents whose ``report`` ("preliminary", "final" or "any") is past its due date and not made."""
    today = today or timezone.localdate()
    late = {
        "preliminary": _preliminary_overdue_q(today),
        "final": _final_overdue_q(today),
        "any": _preliminary_overdue_q(today) | _final_overdue_q(today),
    }[report]
    return incidents_report_required(queryset).filter(late)


def incident_notice_counts(*, incident: Incident) -> dict[str, int]:
    """How many notices the incident has, in total and by outbox status (sent, pending, held, failed)."""
    by_status = dict(
        incident.notices.values_list("outbox_message__status").annotate(count=Count("pk")).order_by()
    )
    counts = {status: by_status.get(status, 0) for status in OutboxMessage.Status.values}
    counts["total"] = sum(by_status.values())
    return counts


def members_by_email(*, emails: Iterable[str]) -> dict[str, AbstractBaseUser]:
    """Active members whose address is one of ``emails``, by lower-cased address (the oldest account wins)."""
    wanted = {email.lower() for email in emails}
    if not wanted:
        return {}
    members = (
        get_user_model()
        .objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=wanted, is_active=True)
        .order_by("-date_joined", "-pk")
    )
    return {member.email_lower: member for member in members}


# --- The report to the Commission ---------------------------------------------


@dataclass(frozen=True)
class ReportField:
    code: str
    label: str
    value: str


def incident_report(*, incident: Incident, today: datetime.date | None = None) -> list[ReportField]:
    """The items of the Commission's report form (rule 8(1) 1-9, with the reporter and the dates)."""
    assessment = incident_assess(incident=incident, today=today)
    notices = incident_notice_counts(incident=incident)
    company = settings.COMPANY
    english = translation.get_language() == "en"

    def company_field(name: str) -> str:
        return company.get(f"{name}_en") if english and company.get(f"{name}_en") else company.get(name, "")

    def moment(value) -> str:
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else ""

    def day(value) -> str:
        return value.isoformat() if value else ""

    kind = incident.get_kind_display()
    certainty = _("confirmed") if incident.is_confirmed else _("suspected")
    notified = _(
        "Notices queued for %(total)d people; %(sent)d sent, %(waiting)d waiting, %(held)d held by the "
        "processor registry."
    ) % {
        "total": notices["total"],
        "sent": notices[OutboxMessage.Status.SENT],
        "waiting": notices[OutboxMessage.Status.PENDING] + notices[OutboxMessage.Status.FAILED],
        "held": notices[OutboxMessage.Status.HELD],
    }
    people_response = "\n".join(part for part in [incident.measures_taken.strip(), notified] if part)
    rows = [
        ("incident", _("Incident number"), str(incident.pk)),
        ("reporter", _("Reporting business"), company_field("name")),
        ("reporter_address", _("Address"), company_field("address")),
        ("reporter_representative", _("Representative"), company_field("representative")),
        ("reporter_contact", _("Contact"), f"{company.get('phone', '')} {company.get('email', '')}".strip()),
        (
            "report_grounds",
            _("Grounds for reporting (rule 7)"),
            "; ".join(assessment.trigger_labels) or _("None: no report to the Commission is required"),
        ),
        ("what_happened", _("What happened"), f"{kind} ({certainty})"),
        ("occurred_at", _("Occurred at"), moment(incident.occurred_at)),
        ("discovered_at", _("Discovered at"), moment(incident.discovered_at)),
        ("summary", _("1. Summary"), incident.description),
        ("data_items", _("2. Personal data concerned"), ", ".join(incident.data_item_labels())),
        ("people_affected", _("3. Number of people affected"), str(incident.people_affected)),
        ("cause", _("4. Cause"), incident.cause),
        ("secondary_harm", _("5. Secondary harm, or its risk"), incident.secondary_harm),
        ("response_to_people", _("6. What was done for the people affected"), people_response),
        ("publication", _("7. Publication"), incident.publication),
        ("recurrence_prevention", _("8. Measures against recurrence"), incident.recurrence_prevention),
        ("other_notes", _("9. Other relevant matters"), incident.other_notes),
        (
            "processor",
            _("Entrusted processor involved"),
            incident.processor.name if incident.processor else "",
        ),
        ("preliminary_due", _("Preliminary report due"), day(assessment.preliminary_due)),
        ("preliminary_reported_on", _("Preliminary report submitted"), day(incident.preliminary_reported_on)),
        ("final_due", _("Final report due"), day(assessment.final_due)),
        ("final_reported_on", _("Final report submitted"), day(incident.final_reported_on)),
        ("status", _("Status"), incident.get_status_display()),
    ]
    return [ReportField(code, str(label), str(value)) for code, label, value in rows]


# --- Services ----------------------------------------------------------------

INCIDENT_HISTORY_FIELDS = [
    "title", "kind", "is_confirmed", "occurred_at", "discovered_at", "description", "data_items",
    "data_items_other", "people_affected", "processor", "involves_sensitive_data", "risk_of_financial_loss",
    "unlawful_purpose", "more_than_thousand_people", "cause", "secondary_harm", "measures_taken",
    "recurrence_prevention", "publication", "other_notes", "preliminary_reported_on", "final_reported_on",
    "status",
]  # fmt: skip


def incident_check(*, incident: Incident) -> None:
    """Raise ValidationError for what the register must not record (beyond field checks)."""
    closing_unreported = incident.status == Incident.Status.CLOSED and incident.final_reported_on is None
    if closing_unreported and incident_triggers(incident=incident):
        raise ValidationError(
            _("This incident must be reported to the Commission: record the final report before closing it.")
        )


def _staff_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    return (user.get_full_name() or user.get_username())[:200]


def _field_value(incident: Incident, field: str):
    return getattr(incident, f"{field}_id" if field == "processor" else field)


def _jsonable(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat() if isinstance(value, datetime.date) else value


@transaction.atomic
def incident_save(*, incident: Incident, changed_by: AbstractBaseUser | None, note: str = "") -> Incident:
    """Validate and save an incident; each change of facts (and ``note``) goes on its timeline."""
    if (incident.people_affected or 0) > PEOPLE_THRESHOLD:
        incident.more_than_thousand_people = True
    incident.full_clean()
    incident_check(incident=incident)
    before = Incident.objects.select_for_update().filter(pk=incident.pk).first() if incident.pk else None
    if before is None:
        incident.created_by = changed_by
    incident.save()
    changes = {
        field: [
            _jsonable(_field_value(before, field)) if before else None,
            _jsonable(_field_value(incident, field)),
        ]
        for field in INCIDENT_HISTORY_FIELDS
        if before is None or _field_value(before, field) != _field_value(incident, field)
    }
    if changes or note.strip():
        IncidentUpdate.objects.create(
            incident=incident,
            author=changed_by,
            author_name=_staff_name(changed_by),
            note=note.strip(),
            changes=changes,
        )
    return incident


def incident_note_add(*, incident: Incident, author: AbstractBaseUser | None, note: str) -> IncidentUpdate:
    if not note.strip():
        raise ValidationError(_("Write the note first."))
    return IncidentUpdate.objects.create(
        incident=incident, author=author, author_name=_staff_name(author), note=note.strip()
    )


@dataclass(frozen=True)
class NoticesQueued:
    notices: list[IncidentNotice]
    already_notified: list[str]


def _notice_context(incident: Incident, message: str, message_en: str) -> dict:
    """What the notice shows, in both languages, as JSON (it waits in the outbox)."""
    company = settings.COMPANY
    by_language = {}
    for language, text in (("ja", message), ("en", message_en)):
        with translation.override(language):
            by_language[language] = {
                "message": text,
                "items": [str(PersonalDataField(code).label) for code in incident.data_items],
                "discovered_on": formats.date_format(
                    timezone.localtime(incident.discovered_at), "DATE_FORMAT"
                ),
                "company": company.get("name_en") if language == "en" else company.get("name"),
            }
    return {
        "incident": incident.pk,
        "items_other": incident.data_items_other.strip(),
        "contact_email": company.get("email", ""),
        "contact_phone": company.get("phone", ""),
        **by_language,
    }


@transaction.atomic
def incident_notices_send(
    *,
    incident: Incident,
    emails: Iterable[str] = (),
    members: Iterable[AbstractBaseUser] = (),
    message: str,
    message_en: str = "",
    sent_by: AbstractBaseUser | None,
) -> NoticesQueued:
    """Queue one notice per affected person through the outbox (purpose: personal-data notice).

    ``emails`` are matched to members where they can be; each person is told
    once per incident (those already told are returned, not told again).
    Delivery goes through the gateway after commit, which writes the
    provision record; a refused hand-over is held and retried, never lost.
    """
    if not message.strip():
        raise ValidationError(
            _("Write the notice: what happened, which data, the cause, and what to watch for.")
        )
    # One sender at a time per incident, so a double submit cannot notify anyone twice.
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    recipients: dict[str, AbstractBaseUser | None] = {}
    invalid = []
    for raw in emails:
        email = raw.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            invalid.append(raw.strip())
            continue
        recipients.setdefault(email, None)
    for member in members:
        if member.email:
            recipients[member.email.strip().lower()] = member
    if invalid:
        raise ValidationError(
            _("These are not e-mail addresses: %(addresses)s") % {"addresses": ", ".join(invalid)}
        )
    if not recipients:
        raise ValidationError(_("Choose at least one person to notify."))
    if len(recipients) > NOTICES_PER_SUBMISSION:
        raise ValidationError(
            _("At most %(limit)d people per submission: send the rest in another batch.")
            % {"limit": NOTICES_PER_SUBMISSION}
        )
    members_found = members_by_email(emails=[email for email, member in recipients.items() if member is None])
    already = set(incident.notices.filter(email__in=recipients).values_list("email", flat=True))
    context = _notice_context(incident, message.strip(), message_en.strip())
    queued = []
    for email, member in recipients.items():
        if email in already:
            continue
        member = member or members_found.get(email)
        notice = IncidentNotice.objects.create(incident=incident, email=email, user=member, sent_by=sent_by)
        name = member.get_full_name() if member else ""
        notice.outbox_message = outbox.email_enqueue(
            purpose=Purpose.PERSONAL_DATA_NOTICE,
            recipient=email,
            template="legal/emails/incident_notice",
            personal_data={PersonalDataField.NAME: name} if name else {},
            context=context,
            subject_user=member,
            reference=f"incident-notice:{notice.pk}",
        )
        notice.save(update_fields=["outbox_message"])
        queued.append(notice)
    if queued:
        IncidentUpdate.objects.create(
            incident=incident,
            author=sent_by,
            author_name=_staff_name(sent_by),
            note=_("Notices queued for %(count)d people.") % {"count": len(queued)},
            changes={"notices_queued": len(queued)},
        )
    return NoticesQueued(notices=queued, already_notified=sorted(already))

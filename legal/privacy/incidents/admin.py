"""The breach register in the Django admin, for the "Incident managers" group.

The change page shows the decision (must the Commission be told) and the due
dates; the list filters on them. A printable report page and a CSV carry the
items of the Commission's form; a page of its own sends the notices to the
people affected.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyAdmin, ReadOnlyInline
from common.spreadsheets import csv_response
from legal.processors.models import PersonalDataField

from . import services as incidents
from .models import Incident, IncidentNotice, IncidentUpdate

SEND_NOTICES_PERMISSION = "legal.send_incidentnotice"


class IncidentForm(forms.ModelForm):
    data_items = forms.MultipleChoiceField(
        label=_("personal data concerned"),
        choices=PersonalDataField.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    timeline_note = forms.CharField(
        label=_("Add to the timeline"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What was learned or done; kept with the time and your name. Entries cannot be edited."),
    )

    class Meta:
        model = Incident
        fields = incidents.INCIDENT_HISTORY_FIELDS

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            try:
                incidents.incident_check(incident=self.instance)
            except ValidationError as error:
                self.add_error(None, error)


class ReportRequiredFilter(admin.SimpleListFilter):
    title = _("report to the Commission")
    parameter_name = "report"

    def lookups(self, request, model_admin):
        return [("required", _("Required")), ("not_required", _("Not required"))]

    def queryset(self, request, queryset):
        if self.value() == "required":
            return incidents.incidents_report_required(queryset)
        if self.value() == "not_required":
            return incidents.incidents_report_not_required(queryset)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [
            ("any", _("Any report overdue")),
            ("preliminary", _("Preliminary report overdue")),
            ("final", _("Final report overdue")),
        ]

    def queryset(self, request, queryset):
        if self.value() in {"any", "preliminary", "final"}:
            return incidents.incidents_overdue(queryset, report=self.value())
        return queryset


class IncidentUpdateInline(ReadOnlyInline):
    model = IncidentUpdate
    fields = ["created_at", "author_name", "note", "changes"]
    readonly_fields = fields
    verbose_name_plural = _("timeline")


def _date_or_dash(day) -> str:
    return day.isoformat() if day else "—"


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    form = IncidentForm
    list_display = [
        "__str__",
        "discovered_at",
        "people_affected",
        "report_decision",
        "preliminary_due",
        "final_due",
        "overdue",
        "status",
    ]
    list_filter = [ReportRequiredFilter, OverdueFilter, "status", "kind"]
    search_fields = ["title", "description"]
    date_hierarchy = "discovered_at"
    readonly_fields = ["assessment", "notices", "created_by", "created_at", "updated_at"]
    inlines = [IncidentUpdateInline]
    actions = ["export_csv", "send_notices"]
    fieldsets = [
        (None, {"fields": ["title", "status", "assessment", "notices"]}),
        (
            _("What happened"),
            {
                "fields": [
                    "kind", "is_confirmed", "occurred_at", "discovered_at", "description", "data_items",
                    "data_items_other", "people_affected", "processor",
                ]
            },
        ),
        (
            _("Grounds for reporting to the Commission"),
            {
                "fields": [
                    "involves_sensitive_data", "risk_of_financial_loss", "unlawful_purpose",
                    "more_than_thousand_people",
                ]
            },
        ),
        (
            _("Cause and response"),
            {
                "fields": [
                    "cause", "secondary_harm", "measures_taken", "recurrence_prevention", "publication",
                    "other_notes",
                ]
            },
        ),
        (_("Reports made"), {"fields": ["preliminary_reported_on", "final_reported_on"]}),
        (_("Timeline"), {"fields": ["timeline_note", "created_by", "created_at", "updated_at"]}),
    ]  # fmt: skip

    # --- What the law asks, shown on the list and the page ---------------------

    @admin.display(description=_("report to the Commission"))
    def report_decision(self, incident: Incident) -> str:
        assessment = incidents.incident_assess(incident=incident)
        return gettext("Required") if assessment.report_required else gettext("Not required")

    @admin.display(description=_("preliminary report due"))
    def preliminary_due(self, incident: Incident) -> str:
        assessment = incidents.incident_assess(incident=incident)
        if incident.preliminary_reported_on or (assessment.report_required and incident.final_reported_on):
            return gettext("made")
        return _date_or_dash(assessment.preliminary_due)

    @admin.display(description=_("final report due"))
    def final_due(self, incident: Incident) -> str:
        if incident.final_reported_on:
            return gettext("made")
        return _date_or_dash(incidents.incident_assess(incident=incident).final_due)

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, incident: Incident) -> bool:
        return incidents.incident_assess(incident=incident).overdue

    @admin.display(description=_("decision"))
    def assessment(self, incident: Incident) -> str:
        if not incident.pk:
            return gettext("Shown once the incident is saved.")
        assessment = incidents.incident_assess(incident=incident)
        if not assessment.report_required:
            return format_html(
                '<strong class="incident-decision">{}</strong><br>{}',
                gettext("No report to the Commission is required."),
                gettext(
                    "None of the grounds of rule 7 applies. Still tell the people affected where it helps "
                    "them protect themselves, and re-check when the facts change."
                ),
            )
        lines = [
            (gettext("Grounds"), "; ".join(assessment.trigger_labels)),
            (gettext("Preliminary report (速報) due"), _date_or_dash(assessment.preliminary_due)),
            (gettext("Final report (確報) due"), _date_or_dash(assessment.final_due)),
        ]
        if assessment.preliminary_overdue:
            lines.append((gettext("Overdue"), gettext("The preliminary report is late.")))
        if assessment.final_overdue:
            lines.append((gettext("Overdue"), gettext("The final report is late.")))
        return format_html(
            '<strong class="incident-decision">{}</strong><dl class="incident-deadlines">{}</dl>',
            gettext("The Commission must be told; the people affected must be notified."),
            format_html_join("", "<dt>{}</dt><dd>{}</dd>", lines),
        )

    @admin.display(description=_("notices to the people affected"))
    def notices(self, incident: Incident) -> str:
        if not incident.pk:
            return "—"
        counts = incidents.incident_notice_counts(incident=incident)
        listing = reverse("admin:legal_incidentnotice_changelist") + f"?incident__id__exact={incident.pk}"
        return format_html(
            '{} <a href="{}">{}</a>',
            gettext("%(total)d queued, %(sent)d sent, %(held)d held.")
            % {"total": counts["total"], "sent": counts["sent"], "held": counts["held"]},
            listing,
            gettext("See the notices"),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        incident = self.get_object(request, object_id)
        if incident is not None and request.method == "GET":
            assessment = incidents.incident_assess(incident=incident)
            if assessment.preliminary_overdue:
                self.message_user(request, gettext("The preliminary report is overdue."), messages.WARNING)
            if assessment.final_overdue:
                self.message_user(request, gettext("The final report is overdue."), messages.WARNING)
        extra_context = {
            **(extra_context or {}),
            "can_send_notices": request.user.has_perm(SEND_NOTICES_PERMISSION),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        incidents.incident_save(
            incident=obj, changed_by=request.user, note=form.cleaned_data.get("timeline_note", "")
        )

    def has_delete_permission(self, request, obj=None):
        return False  # a breach is a record the company keeps

    # --- Export --------------------------------------------------------------

    @admin.action(
        description=_("Export the report fields of the selected incidents as CSV"), permissions=["view"]
    )
    def export_csv(self, request, queryset):
        reports = [incidents.incident_report(incident=incident) for incident in queryset.order_by("pk")]
        header = [field.code for field in reports[0]] if reports else []
        return csv_response(
            filename=f"incidents-{timezone.localdate():%Y%m%d}.csv",
            header=header,
            rows=([field.value for field in report] for report in reports),
        )

    @admin.action(description=_("Send notices to the people affected"), permissions=["send_notices"])
    def send_notices(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, gettext("Choose exactly one incident."), messages.ERROR)
            return None
        return redirect("admin:legal_incident_notices", queryset.get().pk)

    def has_send_notices_permission(self, request):
        return request.user.has_perm(SEND_NOTICES_PERMISSION)

    def get_urls(self):
        own = [
            path(
                "<int:pk>/report/", self.admin_site.admin_view(self.report_view), name="legal_incident_report"
            ),
            path(
                "<int:pk>/notices/",
                self.admin_site.admin_view(self.notices_view),
                name="legal_incident_notices",
            ),
        ]
        return own + super().get_urls()

    def _incident(self, request, pk: int) -> Incident:
        incident = self.get_queryset(request).filter(pk=pk).select_related("processor").first()
        if incident is None:
            raise Http404(gettext("There is no such incident."))
        return incident

    def report_view(self, request, pk: int):
        """The items of the Commission's report form, laid out to print or copy into the online form."""
        incident = self._incident(request, pk)
        if not self.has_view_permission(request, incident):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "incident": incident,
            "title": gettext("Report to the Personal Information Protection Commission: %(incident)s")
            % {"incident": incident},
            "assessment": incidents.incident_assess(incident=incident),
            "fields": incidents.incident_report(incident=incident),
        }
        return TemplateResponse(request, "admin/legal/incident/report.html", context)

    def notices_view(self, request, pk: int):
        """Choose the people affected and the text, and queue one notice each."""
        incident = self._incident(request, pk)
        if not self.has_view_permission(request, incident) or not self.has_send_notices_permission(request):
            raise PermissionDenied
        form = NoticeSendForm(request.POST or None)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                try:
                    queued = incidents.incident_notices_send(
                        incident=incident,
                        emails=form.cleaned_data["emails"],
                        members=form.cleaned_data["members"],
                        message=form.cleaned_data["message"],
                        message_en=form.cleaned_data["message_en"],
                        sent_by=request.user,
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    self._report_queued(request, queued)
                    return redirect("admin:legal_incident_change", incident.pk)
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "incident": incident,
            "title": gettext("Notify the people affected by %(incident)s") % {"incident": incident},
            "form": form,
            "media": self.media + form.media,
            "counts": incidents.incident_notice_counts(incident=incident),
        }
        return TemplateResponse(request, "admin/legal/incident/notices.html", context, status=status)

    def _report_queued(self, request, queued: incidents.NoticesQueued) -> None:
        count = len(queued.notices)
        self.message_user(
            request,
            ngettext("%(count)d notice queued.", "%(count)d notices queued.", count) % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
        if queued.already_notified:
            self.message_user(
                request,
                gettext("Already notified, not sent again: %(addresses)s")
                % {"addresses": ", ".join(queued.already_notified)},
                messages.INFO,
            )


def _members():
    return get_user_model().objects.filter(is_active=True, is_staff=False).exclude(email="").order_by("email")


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member):
        name = member.get_full_name()
        return f"{member.email} ({name})" if name else member.email


class NoticeSendForm(forms.Form):
    emails = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Paste the addresses of the people affected: one per line, or separated by commas."),
    )
    members = MemberChoiceField(
        label=_("Members"),
        queryset=get_user_model().objects.none(),
        widget=FilteredSelectMultiple(_("members"), is_stacked=False),
        required=False,
    )
    message = forms.CharField(
        label=_("Notice (Japanese)"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Tell them what happened, which of their data is concerned, the cause, any harm that may follow "
            "and what they can do. The data items and our contact details are added below it."
        ),
    )
    message_en = forms.CharField(
        label=_("Notice (English, optional)"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    confirm = forms.BooleanField(
        label=_("I have checked the recipients and the text; the notices cannot be recalled."),
        error_messages={"required": _("Confirm that the recipients and the text are right.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = _members()

    def clean_emails(self) -> list[str]:
        text = self.cleaned_data["emails"]
        addresses = [part.strip() for part in re.split(r"[\s,;]+", text) if part.strip()]
        invalid = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                invalid.append(address)
        if invalid:
            raise ValidationError(
                _("These are not e-mail addresses: %(addresses)s"), params={"addresses": ", ".join(invalid)}
            )
        return addresses

    def clean(self):
        data = super().clean()
        if not data.get("emails") and not data.get("members") and "emails" not in self.errors:
            raise ValidationError(_("Choose at least one person to notify."))
        return data


@admin.register(IncidentNotice)
class IncidentNoticeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "incident", "email", "delivery", "sent_at"]
    list_filter = ["incident", "outbox_message__status"]
    search_fields = ["email"]
    list_select_related = ["incident", "outbox_message"]
    fields = ["incident", "email", "user", "delivery", "sent_at", "sent_by", "created_at"]
    readonly_fields = fields

    @admin.display(description=_("delivery"))
    def delivery(self, notice: IncidentNotice) -> str:
        if notice.outbox_message and notice.outbox_message.last_error:
            return f"{notice.get_status_display()}: {notice.outbox_message.last_error}"
        return notice.get_status_display()

    @admin.display(description=_("sent at"))
    def sent_at(self, notice: IncidentNotice):
        return notice.outbox_message.sent_at if notice.outbox_message else None

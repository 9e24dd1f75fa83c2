"""Processor administrators keep the registry; provision records and the outbox are shown to them."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyAdmin, ReadOnlyInline

from . import outbox, services
from .exports import provision_records_csv_response
from .models import (
    NDA_EXPIRY_WARNING_DAYS,
    REVIEW_INTERVAL_DAYS,
    CountryDataProtection,
    NdaClause,
    OutboxMessage,
    PersonalDataField,
    Processor,
    ProcessorChange,
    ProvisionRecord,
    Purpose,
    ThirdParty,
    ThirdPartyChange,
)


def _labels(choices, codes) -> str:
    labels = dict(choices.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes) or "—"


class ProcessorForm(forms.ModelForm):
    purposes = forms.MultipleChoiceField(
        label=_("purposes"), choices=Purpose.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    data_scope = forms.MultipleChoiceField(
        label=_("data scope"),
        choices=PersonalDataField.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Exactly the personal-data fields the NDA allows this processor to receive."),
    )
    nda_clauses = forms.MultipleChoiceField(
        label=_("NDA clauses"), choices=NdaClause.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Processor
        fields = services.PROCESSOR_HISTORY_FIELDS


class NdaStatusFilter(admin.SimpleListFilter):
    title = _("needs attention")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [
            ("expired", _("NDA expired")),
            ("expiring", _("NDA expires within 30 days")),
            ("review", _("Review older than a year")),
            ("clauses", _("NDA lacks clauses")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "expired":
            return queryset.filter(nda_expires_on__lt=today)
        if self.value() == "expiring":
            return queryset.filter(
                nda_expires_on__gte=today,
                nda_expires_on__lte=today + datetime.timedelta(days=NDA_EXPIRY_WARNING_DAYS),
            )
        if self.value() == "review":
            return queryset.filter(last_reviewed_on__lt=today - datetime.timedelta(days=REVIEW_INTERVAL_DAYS))
        if self.value() == "clauses":
            complete = [p.pk for p in queryset if not set(NdaClause.values) - set(p.nda_clauses)]
            return queryset.exclude(pk__in=complete)
        return queryset


class ProcessorChangeInline(ReadOnlyInline):
    model = ProcessorChange
    fields = ["changed_at", "changed_by", "changes"]
    readonly_fields = fields


@admin.register(Processor)
class ProcessorAdmin(admin.ModelAdmin):
    form = ProcessorForm
    list_display = [
        "name",
        "role",
        "country",
        "is_active",
        "purposes_shown",
        "data_scope_shown",
        "nda_expires_on",
        "last_reviewed_on",
        "attention",
    ]
    list_filter = ["role", "is_active", NdaStatusFilter]
    inlines = [ProcessorChangeInline]

    # What each processor may do and receive, on the list itself: an administrator checking the
    # registry against the NDAs should not have to open every entry.
    @admin.display(description=_("purposes"))
    def purposes_shown(self, processor: Processor) -> str:
        return _labels(Purpose, processor.purposes)

    @admin.display(description=_("data scope"))
    def data_scope_shown(self, processor: Processor) -> str:
        return _labels(PersonalDataField, processor.data_scope)

    @admin.display(description=_("needs attention"))
    def attention(self, processor: Processor) -> str:
        return ", ".join(processor.warnings()) or "—"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        processor = self.get_object(request, object_id)
        for warning in processor.warnings() if processor else []:
            self.message_user(request, warning, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        services.processor_save(processor=obj, changed_by=request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # provision records point to processors; deactivate instead


class ThirdPartyForm(forms.ModelForm):
    data_scope = forms.MultipleChoiceField(
        label=_("data scope"),
        choices=PersonalDataField.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Exactly the personal-data fields this recipient may receive with the customer's consent."
        ),
    )

    class Meta:
        model = ThirdParty
        fields = services.THIRD_PARTY_HISTORY_FIELDS


class ThirdPartyChangeInline(ReadOnlyInline):
    model = ThirdPartyChange
    fields = ["changed_at", "changed_by", "changes"]
    readonly_fields = fields


@admin.register(ThirdParty)
class ThirdPartyAdmin(admin.ModelAdmin):
    form = ThirdPartyForm
    list_display = ["name", "country", "is_active", "data_scope_shown"]
    list_filter = ["country", "is_active"]
    inlines = [ThirdPartyChangeInline]

    @admin.display(description=_("data scope"))
    def data_scope_shown(self, third_party: ThirdParty) -> str:
        return _labels(PersonalDataField, third_party.data_scope)

    def save_model(self, request, obj, form, change):
        services.third_party_save(third_party=obj, changed_by=request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # provision records point to recipients; deactivate instead


@admin.register(CountryDataProtection)
class CountryDataProtectionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ja", "name_en", "checked_on"]
    search_fields = ["code", "name_ja", "name_en"]

    def save_model(self, request, obj, form, change):
        services.country_data_protection_save(country=obj)


@admin.register(ProvisionRecord)
class ProvisionRecordAdmin(ReadOnlyAdmin):
    list_display = [
        "provided_at",
        "processor_name",
        "purpose",
        "subject_email",
        "fields",
        "legal_basis",
        "reference",
    ]
    list_filter = ["purpose", "processor_name", "legal_basis"]
    search_fields = ["subject_email", "reference"]
    date_hierarchy = "provided_at"
    actions = ["export_csv"]

    @admin.action(description=_("Export the selected records as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return provision_records_csv_response(queryset)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "purpose", "recipient", "sent_subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "purpose"]
    search_fields = ["recipient", "reference"]
    actions = ["retry"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "purpose",
                    "status",
                    "recipient",
                    "subject_user",
                    "reference",
                    "created_at",
                    "sent_at",
                    "attempts",
                    "last_error",
                ]  # fmt: skip
            },
        ),
        (_("The e-mail as sent"), {"fields": ["sent_subject", "sent_body"]}),
        (
            _("How it was queued"),
            {"classes": ["collapse"], "fields": ["template", "personal_data", "context", "rendered"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in OutboxMessage._meta.fields] + ["sent_subject", "sent_body"]

    @admin.display(description=_("subject"))
    def sent_subject(self, message: OutboxMessage) -> str:
        return message.sent_message.get("subject") or "—"

    @admin.display(description=_("text as sent"))
    def sent_body(self, message: OutboxMessage) -> str:
        if not message.sent_message:
            return _("Not sent yet: the e-mail is rendered when it is sent.")
        # Escaped, with its line breaks kept (no inline style: the admin runs under the CSP too).
        body = linebreaksbr(message.sent_message.get("body", ""), autoescape=True)
        if message.sent_message.get("html"):
            body += format_html("<p>{}</p>", _("An HTML version with the same content was sent too."))
        return body

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Try to send the selected messages again"), permissions=["change"])
    def retry(self, request, queryset):
        sent = sum(
            outbox.message_deliver(message_id=pk) == OutboxMessage.Status.SENT
            for pk in queryset.exclude(status=OutboxMessage.Status.SENT).values_list("pk", flat=True)
        )
        self.message_user(request, _("%(count)d sent.") % {"count": sent})

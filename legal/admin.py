import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbox, services
from .exports import provision_records_csv_response
from .models import (
    Acceptance,
    ChangeNotice,
    DocumentVersion,
    LegalDocument,
    NdaClause,
    OutboxMessage,
    PersonalDataField,
    Processor,
    ProcessorChange,
    ProvisionRecord,
    Purpose,
)
from .models.processors import NDA_EXPIRY_WARNING_DAYS, REVIEW_INTERVAL_DAYS

PUBLISH_PERMISSION = "legal.publish_documentversion"


@admin.register(LegalDocument)
class LegalDocumentAdmin(admin.ModelAdmin):
    list_display = ["kind", "public_page"]

    @admin.display(description=_("public page"))
    def public_page(self, document: LegalDocument) -> str:
        url = reverse("legal:document", kwargs={"kind": document.kind})
        return format_html('<a href="{}" target="_blank">{}</a>', url, url)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DocumentVersion)
class DocumentVersionAdmin(admin.ModelAdmin):
    """Legal editors draft, preview and publish; a published version is shown read-only."""

    list_display = ["document", "number", "status", "effective_on", "is_material", "published_at"]
    list_filter = ["document", "status", "is_material"]
    fields = [
        "document", "title", "title_en", "effective_on", "is_material", "change_summary",
        "change_summary_en", "body", "body_en", "preview",
    ]  # fmt: skip
    readonly_fields = ["preview"]
    actions = ["publish", "new_draft"]

    @admin.display(description=_("preview"))
    def preview(self, version: DocumentVersion) -> str:
        if not version.pk:
            return "—"
        url = reverse("legal:preview", kwargs={"pk": version.pk})
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("Open the preview"))

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False  # the admin then shows it read-only
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm(PUBLISH_PERMISSION):
            actions.pop("publish", None)
        actions.pop("delete_selected", None)  # would reach published versions too
        return actions

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish the selected drafts"), permissions=["publish"])
    def publish(self, request, queryset):
        published = 0
        for version in queryset.order_by("pk"):
            try:
                services.version_publish(version=version, user=request.user)
                published += 1
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        if published:
            self.message_user(
                request,
                ngettext("%(count)d version published.", "%(count)d versions published.", published)
                % {"count": published},
                messages.SUCCESS,
            )

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    @admin.action(description=_("Start a new draft from the selected version"), permissions=["add"])
    def new_draft(self, request, queryset):
        for version in queryset:
            draft = services.version_draft_from(version=version, user=request.user)
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("New draft created."),
                    reverse("admin:legal_documentversion_change", args=[draft.pk]),
                    draft,
                ),
                messages.SUCCESS,
            )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Acceptance)
class AcceptanceAdmin(ReadOnlyAdmin):
    list_display = ["accepted_at", "version", "email", "context", "order"]
    list_filter = ["context", "version__document"]
    search_fields = ["email", "order__number"]
    list_select_related = ["version__document", "order"]


@admin.register(ChangeNotice)
class ChangeNoticeAdmin(ReadOnlyAdmin):
    list_display = ["version", "user", "emailed_at", "seen_at"]
    list_select_related = ["version__document", "user"]


# --- Entrusted processors ---------------------------------------------------


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


class ProcessorChangeInline(admin.TabularInline):
    model = ProcessorChange
    fields = ["changed_at", "changed_by", "changes"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Processor)
class ProcessorAdmin(admin.ModelAdmin):
    form = ProcessorForm
    list_display = ["name", "role", "country", "is_active", "nda_expires_on", "last_reviewed_on", "attention"]
    list_filter = ["role", "is_active", NdaStatusFilter]
    inlines = [ProcessorChangeInline]

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
    list_display = ["created_at", "purpose", "recipient", "status", "attempts", "last_error", "sent_at"]
    list_filter = ["status", "purpose"]
    search_fields = ["recipient", "reference"]
    actions = ["retry"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in OutboxMessage._meta.fields]

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


from . import admin_access_log, admin_incidents  # noqa: E402, F401  (their own modules, registered on import)
from .privacy_requests import admin as privacy_requests_admin  # noqa: E402, F401  (registers its models)

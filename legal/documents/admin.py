"""Legal editors draft, preview and publish versions; acceptances and notices are shown read-only."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin import ReadOnlyAdmin

from . import services
from .models import Acceptance, ChangeNotice, DocumentVersion, LegalDocument

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

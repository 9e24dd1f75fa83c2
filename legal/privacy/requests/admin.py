"""Read-only admin views of privacy requests and restrictions; the work happens in the dashboard."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyAdmin

from .models import PrivacyRequest, UseRestriction


@admin.register(PrivacyRequest)
class PrivacyRequestAdmin(ReadOnlyAdmin):
    list_display = ["reference", "kind", "requester_email", "received_at", "due_on", "status", "handle"]
    list_filter = ["status", "kind"]
    search_fields = ["reference", "requester_email", "requester_name"]
    exclude = ["export_json", "export_pdf"]  # private files: only through the dashboard's logged views

    @admin.display(description=_("dashboard"))
    def handle(self, request: PrivacyRequest) -> str:
        url = reverse("dashboard:privacy-request-detail", kwargs={"reference": request.reference})
        return format_html('<a href="{}">{}</a>', url, _("Open"))


@admin.register(UseRestriction)
class UseRestrictionAdmin(ReadOnlyAdmin):
    list_display = ["email", "user", "scope", "started_at", "request"]
    list_filter = ["scope"]
    search_fields = ["email"]

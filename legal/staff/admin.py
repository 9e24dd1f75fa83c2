"""The staff access log for internal auditors: read-only, filterable, exportable.

Only superusers and holders of ``legal.view_staffaccess`` (the "Auditors"
group) see it; nobody adds, changes or deletes entries here.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyAdmin

from .access_log import staff_access_csv_response
from .models import StaffAccess


@admin.register(StaffAccess)
class StaffAccessAdmin(ReadOnlyAdmin):
    list_display = ["accessed_at", "staff_name", "action", "subject_email", "target", "path"]
    list_filter = [("staff", admin.RelatedOnlyFieldListFilter), "action", "accessed_at"]
    search_fields = ["subject_email"]
    date_hierarchy = "accessed_at"
    fields = [
        "accessed_at", "staff", "staff_name", "staff_email", "action", "subject_user", "subject_email",
        "target", "path",
    ]  # fmt: skip
    readonly_fields = fields
    list_select_related = False
    actions = ["export_csv"]
    show_full_result_count = False  # a count of a long log on every page is slow

    @admin.action(description=_("Export the selected entries as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return staff_access_csv_response(queryset)

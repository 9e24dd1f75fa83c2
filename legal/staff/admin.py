"""Staff records in the admin: the access log, and the staff's two-factor devices.

The staff access log is for internal auditors: read-only, filterable, exportable. Only
superusers and holders of ``legal.view_staffaccess`` (the "Auditors" group) see it;
nobody adds, changes or deletes entries here.

Two-factor devices are listed without their secrets; the one thing done here is the
reset of a staff member who lost their phone and their recovery codes.
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.admin import ReadOnlyAdmin

from . import two_factor
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


# --- Two-factor sign-in ------------------------------------------------------------------
# django-otp's own device pages would let an administrator type in another person's secret or
# read their recovery codes; these show only that a device exists and reset it.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


class TwoFactorDeviceAdmin(ReadOnlyAdmin):
    """A staff member's second factors, and the reset for one who lost their phone and codes."""

    search_fields = ["user__email"]
    list_select_related = ["user"]
    actions = ["two_factor_reset"]

    @admin.display(description=_("staff member"), ordering="user__email")
    def staff_member(self, device):
        return device.user.email or device.user.get_username()

    @admin.action(
        description=_("Reset two-factor sign-in of the selected staff members"), permissions=["reset"]
    )
    def two_factor_reset(self, request, queryset):
        staff = {device.user for device in queryset.select_related("user")}
        for user in staff:
            two_factor.two_factor_reset(user=user)
        self.message_user(
            request,
            ngettext(
                "Two-factor sign-in reset for %(count)d staff member: they set it up again when they next "
                "sign in.",
                "Two-factor sign-in reset for %(count)d staff members: they set it up again when they next "
                "sign in.",
                len(staff),
            )
            % {"count": len(staff)},
            messages.SUCCESS,
        )

    # django-otp's fields carry no translatable labels: each is shown under a name of ours.
    @admin.display(description=_("name"), ordering="name")
    def device_name(self, device):
        return device.name

    @admin.display(description=_("created at"), ordering="created_at")
    def created(self, device):
        return device.created_at

    @admin.display(description=_("last used at"), ordering="last_used_at")
    def last_used(self, device):
        return device.last_used_at

    def has_reset_permission(self, request):
        # Resetting lets whoever holds the password enrol a new phone: superusers only, by default.
        return request.user.has_perm("otp_totp.delete_totpdevice") and request.user.has_perm(
            "otp_static.delete_staticdevice"
        )


@admin.register(TOTPDevice)
class AuthenticatorAdmin(TwoFactorDeviceAdmin):
    list_display = ["staff_member", "device_name", "is_confirmed", "created", "last_used"]
    list_filter = ["confirmed"]
    fields = list_display
    readonly_fields = list_display

    @admin.display(description=_("set up"), boolean=True, ordering="confirmed")
    def is_confirmed(self, device):
        return device.confirmed


@admin.register(StaticDevice)
class RecoveryCodesAdmin(TwoFactorDeviceAdmin):
    list_display = ["staff_member", "device_name", "codes_left", "created", "last_used"]
    fields = list_display
    readonly_fields = list_display

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(codes_left=Count("token_set"))

    @admin.display(description=_("codes left"), ordering="codes_left")
    def codes_left(self, device):
        return device.codes_left

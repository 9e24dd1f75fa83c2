"""Admin building blocks shared by every app."""

from django.contrib import admin


class ReadOnlyPermissions:
    """Nobody adds, changes or deletes here, whatever their permissions: records are only looked at."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyPermissions, admin.ModelAdmin):
    """An admin page for records such as logs, acceptances and hand-overs."""


class ReadOnlyInline(ReadOnlyPermissions, admin.TabularInline):
    """A record's history shown under it (a timeline, a change log)."""

    extra = 0
    can_delete = False

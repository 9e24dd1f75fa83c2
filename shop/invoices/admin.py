from django.contrib import admin

from .models import Invoice, Receipt


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    """Read-only: an issued invoice never changes (staff correct it from the dashboard)."""

    list_display = ["number", "order", "transaction_date", "recipient_name", "total_incl_tax", "issued_at"]
    search_fields = ["number", "order__number", "recipient_name"]
    date_hierarchy = "transaction_date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Receipt)
class ReceiptAdmin(InvoiceAdmin):
    list_display = ["number", "order", "addressee", "total_incl_tax", "issued_at"]
    search_fields = ["number", "order__number", "addressee"]
    date_hierarchy = "issued_at"

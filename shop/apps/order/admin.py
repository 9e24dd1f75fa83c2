"""Order admin fork: paid orders are looked at in the admin, never changed or deleted (no refunds).

Oscar's own order admin edits every field of an order, its lines and payment events; here an
order is a concluded contract, so the admin shows what matters about it, read-only, with its
lines beneath. Staff work on orders in the dashboard (certificates, substitutions, invoices).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from oscar.apps.order.admin import *  # noqa: F403  (Oscar's fork pattern)
from oscar.core.loading import get_model

from common.admin import ReadOnlyAdmin, ReadOnlyInline

Order = get_model("order", "Order")
Line = get_model("order", "Line")
PaymentEvent = get_model("order", "PaymentEvent")


class LineInline(ReadOnlyInline):
    model = Line
    fields = ["title", "quantity", "unit_price_incl_tax", "line_price_incl_tax", "status"]
    readonly_fields = fields
    verbose_name_plural = _("lines")


class OrderAdmin(ReadOnlyAdmin):
    list_display = ["number", "placed", "status", "total_incl_tax", "email_shown"]
    list_filter = ["status"]
    search_fields = ["number", "user__email", "guest_email", "company_name"]
    date_hierarchy = "date_placed"
    fields = [
        "number", "placed", "status", "user", "guest_email", "total_incl_tax", "tax_breakdown",
        "payment_intent_id", "beneficiary_name", "offset_purpose", "show_on_verification_page",
        "company_name", "company_department", "company_contact_name", "invoice_recipient_name",
        "cross_border_consent", "third_party_consent", "attention_reason",
    ]  # fmt: skip
    readonly_fields = fields
    inlines = [LineInline]

    @admin.display(description=_("placed at"), ordering="date_placed")
    def placed(self, order):
        return order.date_placed  # Oscar's field has no label of its own to translate

    @admin.display(description=_("e-mail address"))
    def email_shown(self, order) -> str:
        return order.email


for model in (Order, Line, PaymentEvent):
    admin.site.unregister(model)
admin.site.register(Order, OrderAdmin)

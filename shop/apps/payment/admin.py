"""Payment admin fork: what Stripe paid for each order, read-only (no refunds, no edits)."""

from django.contrib import admin
from oscar.apps.payment.admin import *  # noqa: F403  (Oscar's fork pattern)
from oscar.core.loading import get_model

from common.admin import ReadOnlyAdmin

Source = get_model("payment", "Source")
Transaction = get_model("payment", "Transaction")


class SourceAdmin(ReadOnlyAdmin):
    list_display = ["order", "source_type", "amount_debited", "reference"]
    search_fields = ["order__number", "reference"]
    fields = ["order", "source_type", "currency", "amount_allocated", "amount_debited", "reference"]
    readonly_fields = fields


class TransactionAdmin(ReadOnlyAdmin):
    list_display = ["source", "txn_type", "amount", "reference", "status", "date_created"]
    search_fields = ["source__order__number", "reference"]
    fields = ["source", "txn_type", "amount", "reference", "status", "date_created"]
    readonly_fields = fields


for model, model_admin in [(Source, SourceAdmin), (Transaction, TransactionAdmin)]:
    admin.site.unregister(model)
    admin.site.register(model, model_admin)

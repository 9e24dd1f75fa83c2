from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import CreditBatch, OffsetProject, ReconciliationFinding, ReconciliationRun, RegistryOperator
from .selectors import batch_available_tonnes


class CreditBatchInline(admin.TabularInline):
    model = CreditBatch
    fields = ["vintage", "serial_prefix", "serial_first", "serial_last", "price_per_tonne"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # batches are added on their own page, through the service


@admin.register(OffsetProject)
class OffsetProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "registry", "registry_project_id", "category", "offset_type"]
    list_filter = ["registry", "category", "offset_type"]
    search_fields = ["name", "name_en", "registry_project_id"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [CreditBatchInline]


class CreditBatchForm(forms.ModelForm):
    class Meta:
        model = CreditBatch
        fields = ["project", "vintage", "serial_prefix", "serial_first", "serial_last", "price_per_tonne"]

    def _post_clean(self):
        super()._post_clean()  # copies the input onto self.instance
        if not self.errors:
            # Admin views run inside a transaction, so the serial-prefix lock
            # taken here holds until the batch is saved.
            try:
                services.batch_validate(batch=self.instance)
            except ValidationError as error:
                self.add_error(None, error)


@admin.register(CreditBatch)
class CreditBatchAdmin(admin.ModelAdmin):
    form = CreditBatchForm
    list_display = [
        "__str__",
        "vintage",
        "serial_prefix",
        "serial_first",
        "serial_last",
        "tonnes_issued",
        "tonnes_for_sale",
        "price_per_tonne",
    ]
    list_filter = ["project__registry", "vintage"]
    search_fields = ["project__name", "project__name_en", "serial_prefix"]
    list_select_related = ["project"]
    readonly_fields = ["product"]

    @admin.display(description=_("tonnes issued"))
    def tonnes_issued(self, batch: CreditBatch) -> int:
        return batch.tonnes_issued

    @admin.display(description=_("tonnes for sale"))
    def tonnes_for_sale(self, batch: CreditBatch) -> int:
        return batch_available_tonnes(batch=batch)

    def save_model(self, request, obj, form, change):
        services.batch_save(batch=obj)

    def has_delete_permission(self, request, obj=None):
        # A batch is a registry record that orders will point to; it is not deleted.
        return False


@admin.register(RegistryOperator)
class RegistryOperatorAdmin(admin.ModelAdmin):
    """Which third-party recipient runs each registry (consent at checkout, hand-over at retirement)."""

    list_display = ["registry", "operator"]

    def has_delete_permission(self, request, obj=None):
        return False  # orders' consents name the operator; point the registry at another one instead


# --- Ledger reconciliation (issue 16): the history of runs, read-only --------------------------


class ReconciliationFindingInline(admin.TabularInline):
    model = ReconciliationFinding
    fields = ["invariant", "subject", "detail", "batch"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReconciliationRun)
class ReconciliationRunAdmin(admin.ModelAdmin):
    """What each run checked and found; runs are written by the reconciliation only."""

    list_display = ["started_at", "trigger", "batches_checked", "discrepancies", "staff_notified"]
    list_filter = ["trigger"]
    readonly_fields = [
        "trigger",
        "started_at",
        "finished_at",
        "batches_checked",
        "discrepancies",
        "staff_notified",
    ]
    inlines = [ReconciliationFindingInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .disclosures import batches_on_sale_undisclosed, project_disclosures_missing, undisclosed_projects_q
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


# Quality disclosure (issue 16): the project form's own section, and the staff list of batches on
# sale whose project lacks a required disclosure (they stay on sale until staff act).
QUALITY_DISCLOSURE_FIELDS = [
    ("verification_body", "verification_body_en"),
    "verified_on",
    ("monitoring_period_start", "monitoring_period_end"),
    "additionality",
    "additionality_en",
    "permanence",
    "permanence_en",
    "buffer_pool_percent",
    "sdg_goals",
    ("ccp_label", "corresponding_adjustment"),
]


class DisclosureFilter(admin.SimpleListFilter):
    title = _("quality disclosure")
    parameter_name = "disclosure"
    MISSING = "missing"

    def lookups(self, request, model_admin):
        return [(self.MISSING, _("On sale, required disclosures missing"))]

    def queryset(self, request, queryset):
        if self.value() == self.MISSING:
            return queryset.filter(product__is_public=True).filter(undisclosed_projects_q("project__"))
        return queryset


@admin.register(OffsetProject)
class OffsetProjectAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "name_en",
        "registry",
        "registry_project_id",
        "category",
        "offset_type",
        "disclosures_complete",
    ]
    list_filter = ["registry", "category", "offset_type", "ccp_label", "corresponding_adjustment"]
    search_fields = ["name", "name_en", "registry_project_id"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [CreditBatchInline]

    def get_fieldsets(self, request, obj=None):
        disclosure = {field for entry in QUALITY_DISCLOSURE_FIELDS for field in _as_tuple(entry)}
        project_fields = [name for name in self.get_fields(request, obj) if name not in disclosure]
        return [
            (None, {"fields": project_fields}),
            (
                _("Quality disclosure"),
                {
                    "fields": QUALITY_DISCLOSURE_FIELDS,
                    "description": _(
                        "Shown on the product page and the certificate. A batch of this project can "
                        "only be put on sale when every field except the buffer pool and the SDG "
                        "numbers is filled in, in both languages."
                    ),
                },
            ),
        ]

    @admin.display(description=_("disclosures complete"), boolean=True)
    def disclosures_complete(self, project: OffsetProject) -> bool:
        return not project_disclosures_missing(project=project)


def _as_tuple(entry) -> tuple:
    return entry if isinstance(entry, tuple) else (entry,)


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
    list_filter = [DisclosureFilter, "project__registry", "vintage"]
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

    def changelist_view(self, request, extra_context=None):
        undisclosed = batches_on_sale_undisclosed().count()
        if undisclosed and request.GET.get(DisclosureFilter.parameter_name) != DisclosureFilter.MISSING:
            query = urlencode({DisclosureFilter.parameter_name: DisclosureFilter.MISSING})
            messages.warning(
                request,
                ngettext(
                    "%(count)d batch is on sale although its project lacks required disclosures "
                    "(?%(query)s lists it). Fill them in on the project, or take the batch off sale.",
                    "%(count)d batches are on sale although their projects lack required disclosures "
                    "(?%(query)s lists them). Fill them in on the projects, or take the batches off sale.",
                    undisclosed,
                )
                % {"count": undisclosed, "query": query},
            )
        return super().changelist_view(request, extra_context)

    def has_delete_permission(self, request, obj=None):
        # A batch is a registry record that orders will point to; it is not deleted.
        return False


@admin.register(RegistryOperator)
class RegistryOperatorAdmin(admin.ModelAdmin):
    """Which third-party recipient runs each registry (consent at checkout, hand-over at retirement)."""

    list_display = ["registry", "operator"]

    def has_delete_permission(self, request, obj=None):
        return False  # orders' consents name the operator; point the registry at another one instead


# The footprint calculator's emission factors and stored calculations (issue 16).
from .calculator import admin as calculator_admin  # noqa: E402,F401,I001
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

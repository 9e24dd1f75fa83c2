"""Staff manage emission factors: drafts are edited, published factors are read-only (new version instead)."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin import ReadOnlyAdmin

from . import services
from .models import EmissionFactor, FootprintCalculation
from .selectors import FootprintRefused


@admin.register(EmissionFactor)
class EmissionFactorAdmin(admin.ModelAdmin):
    list_display = [
        "activity", "unit", "value", "menu_code", "supplier", "fiscal_year", "valid_from", "valid_to",
        "version", "status", "is_demo",
    ]  # fmt: skip
    list_filter = ["activity", "status", "is_demo", "fiscal_year"]
    search_fields = ["supplier", "supplier_en", "menu", "menu_en", "menu_code", "source_title"]
    fields = [
        "activity", "unit", "value", "fiscal_year", "menu_code", "supplier", "supplier_en", "menu",
        "menu_en", "source_title", "source_url", "is_demo", "valid_from", "valid_to", "version", "status",
        "published_at", "history",
    ]  # fmt: skip
    readonly_fields = ["version", "status", "published_at", "history"]
    actions = ["publish", "new_version"]

    @admin.display(description=_("versions"))
    def history(self, factor: EmissionFactor) -> str:
        """Every version of this factor, oldest first, each linked."""
        if not factor.pk:
            return "—"
        chain, earlier = [], factor.previous
        while earlier is not None:
            chain.insert(0, earlier)
            earlier = earlier.previous
        chain.append(factor)
        later = EmissionFactor.objects.filter(previous=factor).first()
        while later is not None:
            chain.append(later)
            later = EmissionFactor.objects.filter(previous=later).first()
        return format_html_join(
            mark_safe("<br>"),  # noqa: S308  (a constant)
            '<a href="{}">v{} — {} kg-CO2/{} ({})</a>',
            (
                (reverse("admin:offsets_emissionfactor_change", args=[v.pk]), v.version, v.value, v.unit,
                 v.get_status_display())
                for v in chain
            ),
        )  # fmt: skip

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status == EmissionFactor.Status.PUBLISHED:
            return False  # shown read-only: orders were computed with it
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == EmissionFactor.Status.PUBLISHED:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # would reach published factors too
        return actions

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish the selected drafts"), permissions=["change"])
    def publish(self, request, queryset):
        published = 0
        for factor in queryset.filter(status=EmissionFactor.Status.DRAFT).order_by("pk"):
            services.emission_factor_publish(factor=factor)
            published += 1
        self.message_user(
            request,
            ngettext("%(count)d factor published.", "%(count)d factors published.", published)
            % {"count": published},
            messages.SUCCESS if published else messages.WARNING,
        )

    @admin.action(description=_("New version from the selected factor"), permissions=["add"])
    def new_version(self, request, queryset):
        for factor in queryset.order_by("pk"):
            try:
                draft = services.emission_factor_new_version(factor=factor, created_by=request.user)
            except FootprintRefused as refused:
                self.message_user(request, f"{factor}: {refused.message}", messages.ERROR)
                continue
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("New draft version created."),
                    reverse("admin:offsets_emissionfactor_change", args=[draft.pk]),
                    draft,
                ),
                messages.SUCCESS,
            )


@admin.register(FootprintCalculation)
class FootprintCalculationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "basket_id", "order", "fiscal_year", "month", "kg_co2", "tonnes_to_buy",
                    "show_on_certificate"]  # fmt: skip
    list_select_related = ["order"]

"""The calculator's inputs (the page and the JSON endpoint read the same form) and the offset choice."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..models import CreditBatch
from .models import Activity, Unit
from .periods import Period
from .selectors import ActivityAmount, electricity_menus

MAX_AMOUNT = Decimal(1_000_000_000)
# April first: January to March belong to the fiscal year before.
MONTH_ORDER = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]


def current_fiscal_year() -> int:
    today = timezone.localdate()
    return today.year if today.month >= 4 else today.year - 1


def amount_field(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_value=MAX_AMOUNT,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "any", "min": "0", "inputmode": "decimal"}),
        error_messages={
            "invalid": _("Enter a number, e.g. 4200 or 12.5."),
            "max_decimal_places": _("Use at most 2 decimal places."),
            "max_digits": _("This amount is too large."),
            "max_whole_digits": _("This amount is too large."),
        },
    )


class FootprintForm(forms.Form):
    fiscal_year = forms.IntegerField(
        label=_("Fiscal year (April to March)"),
        min_value=1990,
        max_value=2100,
        error_messages={"invalid": _("Enter a year such as 2025.")},
    )
    month = forms.TypedChoiceField(
        label=_("Period"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("The whole fiscal year, or one month of it."),
    )
    electricity_kwh = amount_field(_("Electricity (kWh)"))
    electricity_menu = forms.ChoiceField(
        label=_("Electricity retailer and menu"),
        required=False,
        help_text=_("The emission factor of your retailer's menu, or the national default."),
    )
    city_gas_m3 = amount_field(_("City gas (m³)"))
    lp_gas = amount_field(_("LP gas"))
    lp_gas_unit = forms.ChoiceField(
        label=_("LP gas unit"), choices=[(Unit.KG, "kg"), (Unit.M3, "m³")], initial=Unit.KG, required=False
    )
    gasoline_litres = amount_field(_("Gasoline (litres)"))
    diesel_litres = amount_field(_("Diesel (litres)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].initial = current_fiscal_year()
        self.fields["month"].choices = [("", _("The whole fiscal year"))] + [
            (month, MONTHS[month]) for month in MONTH_ORDER
        ]
        menus = [
            (code, factor.label("en" if self._english() else "ja")) for code, factor in electricity_menus()
        ]
        self.fields["electricity_menu"].choices = [("", _("National default (all retailers)"))] + menus

    @staticmethod
    def _english() -> bool:
        return (get_language() or "").startswith("en")

    def clean_lp_gas_unit(self):
        return self.cleaned_data.get("lp_gas_unit") or Unit.KG

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(entry.amount > 0 for entry in self.amounts()):
            raise ValidationError(_("Enter at least one amount of energy used."), code="nothing_entered")
        return cleaned

    def period(self) -> Period:
        return Period(fiscal_year=self.cleaned_data["fiscal_year"], month=self.cleaned_data.get("month"))

    def amounts(self) -> list[ActivityAmount]:
        data = self.cleaned_data
        entries = [
            (Activity.ELECTRICITY, Unit.KWH, data.get("electricity_kwh")),
            (Activity.CITY_GAS, Unit.M3, data.get("city_gas_m3")),
            (Activity.LP_GAS, data.get("lp_gas_unit") or Unit.KG, data.get("lp_gas")),
            (Activity.GASOLINE, Unit.LITRE, data.get("gasoline_litres")),
            (Activity.DIESEL, Unit.LITRE, data.get("diesel_litres")),
        ]
        return [
            ActivityAmount(activity=activity, unit=unit, amount=amount)
            for activity, unit, amount in entries
            if amount is not None
        ]


def batches_to_offset_with():
    """Credit batches with tonnes in the catalogue's stock mirror, for "offset this"."""
    return (
        CreditBatch.objects.filter(product__stockrecords__num_in_stock__gt=0)
        .select_related("project", "product")
        .distinct()
        .order_by("project__name", "vintage", "pk")
    )


class BatchChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, batch):
        return f"{batch.project} — {batch.vintage} (¥{batch.price_per_tonne:,} / t-CO2)"


class OffsetForm(FootprintForm):
    """The estimate again (from hidden fields) and the project whose credits offset it."""

    batch = BatchChoiceField(
        label=_("Project to offset with"),
        queryset=CreditBatch.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the projects listed.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = batches_to_offset_with()

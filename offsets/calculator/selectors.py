"""Reads: the emission factors in force and the footprint arithmetic.

t-CO2 = amount × factor (kg-CO2 per unit) / 1000, kept exact in Decimal; the tonnes to buy are
the exact figure rounded up to a whole tonne (0 stays 0), since a certificate covers whole tonnes
and offsetting less than was emitted would overstate the claim.
"""

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import ACTIVITY_UNITS, Activity, EmissionFactor, FootprintCalculation, Unit
from .periods import Period
from .statement import calculation_statement


class FootprintRefused(Exception):
    """The estimate cannot be made (e.g. no factor for the period); ``message`` says why, for the buyer."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ActivityAmount:
    """How much of one activity was used: ``amount`` in ``unit``."""

    activity: str
    unit: str
    amount: Decimal


@dataclass(frozen=True)
class EstimateLine:
    """One line of the working: amount × factor = kg-CO2."""

    activity: str
    unit: str
    amount: Decimal
    factor: EmissionFactor

    @property
    def kg_co2(self) -> Decimal:
        return self.amount * self.factor.value

    @property
    def tonnes(self) -> Decimal:
        return self.kg_co2 / 1000

    def snapshot(self) -> dict:
        """The line as stored with a basket and order: later factor versions never change it."""
        factor = self.factor
        return {
            "activity": self.activity,
            "unit": self.unit,
            "amount": f"{self.amount:f}",
            "factor_id": factor.pk,
            "factor_version": factor.version,
            "factor_value": f"{factor.value:f}",
            "factor_fiscal_year": factor.fiscal_year,
            "menu_code": factor.menu_code,
            "supplier": factor.supplier,
            "supplier_en": factor.supplier_en,
            "menu": factor.menu,
            "menu_en": factor.menu_en,
            "source_title": factor.source_title,
            "source_url": factor.source_url,
            "is_demo": factor.is_demo,
            "kg_co2": f"{self.kg_co2:f}",
        }


@dataclass(frozen=True)
class FootprintEstimate:
    period: Period
    electricity_menu: str
    lines: tuple[EstimateLine, ...]

    @property
    def kg_co2(self) -> Decimal:
        return sum((line.kg_co2 for line in self.lines), Decimal(0))

    @property
    def tonnes_exact(self) -> Decimal:
        return self.kg_co2 / 1000

    @property
    def tonnes_to_buy(self) -> int:
        return math.ceil(self.tonnes_exact)

    @property
    def has_demo_factors(self) -> bool:
        return any(line.factor.is_demo for line in self.lines)

    def inputs(self) -> dict:
        """What the buyer entered, as stored."""
        return {
            "fiscal_year": self.period.fiscal_year,
            "month": self.period.month,
            "electricity_menu": self.electricity_menu,
            "amounts": [
                {"activity": line.activity, "unit": line.unit, "amount": f"{line.amount:f}"}
                for line in self.lines
            ],
        }


def emission_factors_current() -> QuerySet[EmissionFactor]:
    """Published factors no published later version replaces."""
    replaced = EmissionFactor.objects.filter(previous=OuterRef("pk"), status=EmissionFactor.Status.PUBLISHED)
    return EmissionFactor.objects.filter(status=EmissionFactor.Status.PUBLISHED).exclude(Exists(replaced))


def _covering(factors: QuerySet[EmissionFactor], day: datetime.date) -> QuerySet[EmissionFactor]:
    return factors.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


def electricity_menus() -> list[tuple[str, EmissionFactor]]:
    """Retailer menus with a current factor: (menu code, its newest factor for the names), by name."""
    newest: dict[str, EmissionFactor] = {}
    menus = emission_factors_current().filter(activity=Activity.ELECTRICITY).exclude(menu_code="")
    for factor in menus.order_by("menu_code", "-valid_from", "-version"):
        newest.setdefault(factor.menu_code, factor)
    return sorted(newest.items(), key=lambda item: (item[1].supplier, item[1].menu))


def _activity_name(activity: str, unit: str) -> str:
    name = str(Activity(activity).label)
    return f"{name} ({Unit(unit).label})" if len(ACTIVITY_UNITS[Activity(activity)]) > 1 else name


def footprint_estimate(
    *, period: Period, amounts: list[ActivityAmount], electricity_menu: str = ""
) -> FootprintEstimate:
    """The footprint of ``amounts`` used in ``period``, line by line with the factors in force then.

    Zero amounts are left out. Raises FootprintRefused when an activity has no factor for the
    period (or the retailer menu chosen has none).
    """
    used = [entry for entry in amounts if entry.amount > 0]
    for entry in used:
        if entry.unit not in ACTIVITY_UNITS.get(entry.activity, ()):
            raise FootprintRefused(_("%(unit)s does not measure %(activity)s.") % {
                "unit": entry.unit, "activity": entry.activity})  # fmt: skip
    day = period.starts_on
    # One query for every factor that could apply; the choice per activity is made below.
    candidates = list(
        _covering(emission_factors_current(), day)
        .filter(activity__in={entry.activity for entry in used})
        .order_by("-valid_from", "-version", "-pk")
    )
    lines = []
    for entry in used:
        menu_code = electricity_menu if entry.activity == Activity.ELECTRICITY else ""
        factor = next(
            (
                candidate
                for candidate in candidates
                if (candidate.activity, candidate.unit, candidate.menu_code)
                == (entry.activity, entry.unit, menu_code)
            ),
            None,
        )
        if factor is None:
            if menu_code:
                message = _("The electricity menu you chose has no emission factor for %(period)s.")
            else:
                message = _("There is no emission factor for %(activity)s for %(period)s yet.")
            raise FootprintRefused(
                message
                % {"activity": _activity_name(entry.activity, entry.unit), "period": period_label(period)}
            )
        lines.append(
            EstimateLine(activity=entry.activity, unit=entry.unit, amount=entry.amount, factor=factor)
        )
    return FootprintEstimate(period=period, electricity_menu=electricity_menu, lines=tuple(lines))


def period_label(period: Period) -> str:
    """The period in the active language ("FY2025", "2025年度")."""
    return period.label(get_language() or "ja")


def footprint_calculations_of_basket(*, basket_id: int | None) -> QuerySet:
    """The calculations offset into this basket (not yet part of an order), oldest first."""
    if not basket_id:
        return FootprintCalculation.objects.none()
    return FootprintCalculation.objects.filter(basket_id=basket_id, order__isnull=True).order_by("pk")


def certificate_calculation_statements(*, order, tonnes: int) -> dict[str, str]:
    """What the certificate states about the order's calculations, by language ({} when nothing).

    Only calculations the buyer chose to show, and only when the certificate's tonnes cover all
    of them (rounded up), so a certificate never claims to offset more than it retires.
    """
    shown = list(FootprintCalculation.objects.filter(order=order, show_on_certificate=True).order_by("pk"))
    if not shown or sum(calculation.tonnes_to_buy for calculation in shown) > tonnes:
        return {}
    return {
        language: " ".join(
            calculation_statement(
                period=Period(fiscal_year=calculation.fiscal_year, month=calculation.month),
                snapshots=calculation.lines,
                kg_co2=calculation.kg_co2,
                language=language,
            )
            for calculation in shown
        )
        for language in ("ja", "en")
    }

"""Emission factors for calculator tests: published unless told otherwise, as staff publish them."""

import datetime
from decimal import Decimal

import factory

from offsets.calculator.models import Activity, EmissionFactor, Unit
from offsets.calculator.services import emission_factor_publish


class EmissionFactorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmissionFactor

    activity = Activity.ELECTRICITY
    unit = Unit.KWH
    value = Decimal("0.450000")
    fiscal_year = 2024
    source_title = "Test list of emission factors"
    source_url = "https://ghg-santeikohyo.env.go.jp/calc"
    valid_from = datetime.date(2025, 4, 1)
    valid_to = None

    @classmethod
    def _create(cls, model_class, *args, publish=True, **kwargs):
        factor = model_class(*args, **kwargs)
        factor.full_clean()
        factor.save()
        return emission_factor_publish(factor=factor) if publish else factor


def fuel_factors() -> dict[str, EmissionFactor]:
    """One published factor per fuel, valid for use from April 2020 on."""
    since = datetime.date(2020, 4, 1)
    specs = {
        "city_gas": (Activity.CITY_GAS, Unit.M3, "2.05"),
        "lp_gas_kg": (Activity.LP_GAS, Unit.KG, "3.00"),
        "lp_gas_m3": (Activity.LP_GAS, Unit.M3, "6.00"),
        "gasoline": (Activity.GASOLINE, Unit.LITRE, "2.32"),
        "diesel": (Activity.DIESEL, Unit.LITRE, "2.58"),
    }
    return {
        key: EmissionFactorFactory(activity=activity, unit=unit, value=Decimal(value), valid_from=since)
        for key, (activity, unit, value) in specs.items()
    }

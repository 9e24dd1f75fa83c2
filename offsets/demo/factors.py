"""Demo emission factors for the footprint calculator: made-up values with their nominal source.

They are **demo values**, flagged ``is_demo`` and shown as such on every page: the figures are
of a plausible size but are not the official ones. A real shop's staff enter the Ministry of
the Environment's published factors (the per-retailer list of 基礎排出係数 / 調整後排出係数 and the
fuel factors of the calculation rules under the Act on Promotion of Global Warming
Countermeasures) in the admin and leave these out.
"""

import datetime
from decimal import Decimal

ELECTRICITY_SOURCE = (
    "電気事業者別排出係数一覧（地球温暖化対策の推進に関する法律に基づく算定・報告・公表制度、環境省・経済産業省）"
    " / List of emission factors by electricity retailer (Ministry of the Environment and METI)"
)
FUEL_SOURCE = (
    "算定・報告・公表制度における算定方法・排出係数一覧（環境省）"
    " / Calculation methods and emission factors of the GHG reporting system (Ministry of the Environment)"
)
SOURCE_URL = "https://ghg-santeikohyo.env.go.jp/calc"

FY2023_USE = datetime.date(2023, 4, 1)
FY2024_USE = datetime.date(2024, 4, 1)


def _electricity(value, fiscal_year, valid_from, valid_to=None, **menu):
    return {
        "activity": "electricity",
        "unit": "kWh",
        "value": Decimal(value),
        "fiscal_year": fiscal_year,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "source_title": ELECTRICITY_SOURCE,
        **menu,
    }


def _fuel(activity, unit, value):
    return {
        "activity": activity,
        "unit": unit,
        "value": Decimal(value),
        "fiscal_year": 2023,
        "valid_from": datetime.date(2020, 4, 1),
        "valid_to": None,
        "source_title": FUEL_SOURCE,
    }


DEMO_POWER = {"supplier": "デモ電力株式会社", "supplier_en": "Demo Power Co."}
SAMPLE_ENERGY = {"supplier": "サンプルエナジー株式会社", "supplier_en": "Sample Energy K.K."}

DEMO_FACTORS = [
    # The national default: one figure per year of use.
    _electricity("0.441", 2022, FY2023_USE, datetime.date(2024, 3, 31)),
    _electricity("0.434", 2023, FY2024_USE),
    _electricity("0.452", 2023, FY2024_USE, menu_code="demo-power-standard", menu="スタンダードプラン",
                 menu_en="Standard plan", **DEMO_POWER),
    _electricity("0.000", 2023, FY2024_USE, menu_code="demo-power-green", menu="グリーン100",
                 menu_en="Green 100", **DEMO_POWER),
    _electricity("0.388", 2023, FY2024_USE, menu_code="sample-energy-basic", menu="ベーシック",
                 menu_en="Basic", **SAMPLE_ENERGY),
    _fuel("city_gas", "m3", "2.05"),
    _fuel("lp_gas", "kg", "3.00"),
    _fuel("lp_gas", "m3", "6.00"),
    _fuel("gasoline", "L", "2.32"),
    _fuel("diesel", "L", "2.58"),
]  # fmt: skip


def demo_factors_load() -> int:
    """Publish the demo factors not there yet (by activity, unit, menu and start of use); return how many."""
    from offsets.calculator.models import EmissionFactor
    from offsets.calculator.services import emission_factor_publish

    added = 0
    for spec in DEMO_FACTORS:
        key = {field: spec.get(field, "") for field in ("activity", "unit", "menu_code")}
        if EmissionFactor.objects.filter(**key, valid_from=spec["valid_from"]).exists():
            continue
        factor = EmissionFactor(**spec, source_url=SOURCE_URL, is_demo=True)
        factor.full_clean()
        factor.save()
        emission_factor_publish(factor=factor)
        added += 1
    return added

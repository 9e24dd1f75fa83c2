"""The footprint arithmetic with factors from the database, and factor versions."""

import datetime
from decimal import Decimal

import pytest

from offsets.calculator.models import (
    Activity,
    EmissionFactor,
    EmissionFactorLocked,
    FootprintCalculation,
    Unit,
)
from offsets.calculator.periods import Period
from offsets.calculator.selectors import ActivityAmount, FootprintRefused, footprint_estimate
from offsets.calculator.services import (
    emission_factor_new_version,
    emission_factor_publish,
    footprint_calculation_record,
)
from offsets.demo.factors import DEMO_FACTORS, demo_factors_load
from tests.factories.calculator import EmissionFactorFactory, fuel_factors

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]  # refusals read in English

FY2025 = Period(fiscal_year=2025)


def amount(activity, unit, value) -> ActivityAmount:
    return ActivityAmount(activity=activity, unit=unit, amount=Decimal(value))


@pytest.mark.parametrize(
    ("activity", "unit", "entered", "kg", "tonnes_to_buy"),
    [
        (Activity.ELECTRICITY, Unit.KWH, "4200", "1890", 2),  # 4,200 × 0.45 = 1,890 kg → 1.89 t → 2
        (Activity.CITY_GAS, Unit.M3, "1000", "2050", 3),  # 2.05 t → 3
        (Activity.LP_GAS, Unit.KG, "500", "1500", 2),  # exactly 1.5 t → 2
        (Activity.LP_GAS, Unit.M3, "500", "3000", 3),  # exactly 3 t stays 3
        (Activity.GASOLINE, Unit.LITRE, "1", "2.32", 1),  # 0.00232 t still needs a whole tonne
        (Activity.DIESEL, Unit.LITRE, "387.6", "1000.008", 2),  # 1.000008 t → 2
    ],
)
def test_each_activity_uses_its_factor_from_the_database_and_rounds_up(
    activity, unit, entered, kg, tonnes_to_buy
):
    fuel_factors()
    EmissionFactorFactory(value=Decimal("0.45"))

    estimate = footprint_estimate(period=FY2025, amounts=[amount(activity, unit, entered)])

    (line,) = estimate.lines
    assert (line.activity, line.unit) == (activity, unit)
    assert estimate.kg_co2 == Decimal(kg)
    assert estimate.tonnes_exact == Decimal(kg) / 1000
    assert estimate.tonnes_to_buy == tonnes_to_buy


def test_lines_add_up_and_zero_stays_zero():
    fuel_factors()
    EmissionFactorFactory(value=Decimal("0.45"))

    estimate = footprint_estimate(
        period=FY2025,
        amounts=[
            amount(Activity.ELECTRICITY, Unit.KWH, "4200"),
            amount(Activity.GASOLINE, Unit.LITRE, "100"),
            amount(Activity.DIESEL, Unit.LITRE, "0"),
        ],
    )
    assert [line.activity for line in estimate.lines] == [Activity.ELECTRICITY, Activity.GASOLINE]
    assert estimate.kg_co2 == Decimal("2122")  # 1,890 + 232
    assert estimate.tonnes_to_buy == 3

    nothing = footprint_estimate(period=FY2025, amounts=[amount(Activity.DIESEL, Unit.LITRE, "0")])
    assert (nothing.kg_co2, nothing.tonnes_to_buy) == (0, 0)


def test_the_period_chooses_the_factor_and_a_menu_its_own():
    EmissionFactorFactory(
        value=Decimal("0.441"), valid_from=datetime.date(2023, 4, 1), valid_to=datetime.date(2024, 3, 31)
    )
    EmissionFactorFactory(value=Decimal("0.434"), valid_from=datetime.date(2024, 4, 1))
    EmissionFactorFactory(value=Decimal("0.200"), valid_from=datetime.date(2024, 4, 1), menu_code="green",
                          supplier="デモ電力", menu="グリーン")  # fmt: skip
    kwh = [amount(Activity.ELECTRICITY, Unit.KWH, "1000")]

    assert footprint_estimate(period=Period(fiscal_year=2023), amounts=kwh).kg_co2 == Decimal("441")
    # March 2025 belongs to fiscal 2024
    assert footprint_estimate(period=Period(fiscal_year=2024, month=3), amounts=kwh).kg_co2 == Decimal("434")
    menu = footprint_estimate(period=Period(fiscal_year=2024), amounts=kwh, electricity_menu="green")
    assert menu.kg_co2 == Decimal("200")
    with pytest.raises(FootprintRefused, match="menu"):
        footprint_estimate(period=Period(fiscal_year=2023), amounts=kwh, electricity_menu="green")
    with pytest.raises(FootprintRefused, match="no emission factor"):
        footprint_estimate(period=Period(fiscal_year=2022), amounts=kwh)


def test_drafts_are_not_used():
    EmissionFactorFactory(value=Decimal("0.9"), publish=False)
    with pytest.raises(FootprintRefused):
        footprint_estimate(period=FY2025, amounts=[amount(Activity.ELECTRICITY, Unit.KWH, "10")])


def test_a_published_factor_is_never_edited_a_new_version_replaces_it_and_old_calculations_keep_theirs():
    original = EmissionFactorFactory(value=Decimal("0.45"))
    kwh = [amount(Activity.ELECTRICITY, Unit.KWH, "4200")]
    kept = footprint_calculation_record(estimate=footprint_estimate(period=FY2025, amounts=kwh), basket_id=7)

    original.value = Decimal("0.5")
    with pytest.raises(EmissionFactorLocked):
        original.save()
    with pytest.raises(EmissionFactorLocked):
        EmissionFactor.objects.filter(pk=original.pk).update(value=Decimal("0.5"))
    with pytest.raises(EmissionFactorLocked):
        original.delete()

    draft = emission_factor_new_version(factor=EmissionFactor.objects.get(pk=original.pk))
    assert (draft.version, draft.previous_id, draft.status) == (2, original.pk, EmissionFactor.Status.DRAFT)
    with pytest.raises(FootprintRefused):
        emission_factor_new_version(factor=EmissionFactor.objects.get(pk=original.pk))  # one successor only
    draft.value = Decimal("0.5")
    draft.save()  # a draft is edited freely
    # Until it is published, the old version is still the one in use.
    assert footprint_estimate(period=FY2025, amounts=kwh).lines[0].factor.pk == original.pk
    emission_factor_publish(factor=draft)

    new = footprint_estimate(period=FY2025, amounts=kwh)
    assert new.lines[0].factor.pk == draft.pk and new.kg_co2 == Decimal("2100")
    kept.refresh_from_db()
    assert kept.kg_co2 == Decimal("1890") and kept.tonnes_to_buy == 2
    assert kept.lines[0]["factor_id"] == original.pk and kept.lines[0]["factor_value"] == "0.450000"
    assert list(kept.factors.values_list("pk", flat=True)) == [original.pk]
    assert EmissionFactor.objects.get(pk=original.pk).value == Decimal("0.45")


def test_a_stored_calculation_snapshots_inputs_working_and_result():
    fuel_factors()
    EmissionFactorFactory(value=Decimal("0.45"))
    estimate = footprint_estimate(
        period=Period(fiscal_year=2025, month=6),
        amounts=[amount(Activity.ELECTRICITY, Unit.KWH, "350.5"), amount(Activity.LP_GAS, Unit.M3, "12")],
    )
    calculation = footprint_calculation_record(estimate=estimate, basket_id=3)

    stored = FootprintCalculation.objects.get(pk=calculation.pk)
    assert (stored.fiscal_year, stored.month, stored.basket_id) == (2025, 6, 3)
    assert stored.inputs["amounts"] == [
        {"activity": "electricity", "unit": "kWh", "amount": "350.5"},
        {"activity": "lp_gas", "unit": "m3", "amount": "12"},
    ]
    assert stored.kg_co2 == Decimal("157.725") + Decimal("72")
    assert stored.tonnes_to_buy == 1
    assert [Decimal(line["kg_co2"]) for line in stored.lines] == [Decimal("157.725"), Decimal("72")]
    assert [line["factor_value"] for line in stored.lines] == ["0.450000", "6.000000"]


def test_demo_factors_are_labelled_and_loaded_once():
    assert demo_factors_load() == len(DEMO_FACTORS)
    assert demo_factors_load() == 0
    assert not EmissionFactor.objects.filter(is_demo=False).exists()
    assert not EmissionFactor.objects.exclude(status=EmissionFactor.Status.PUBLISHED).exists()
    estimate = footprint_estimate(
        period=FY2025,
        amounts=[amount(Activity.ELECTRICITY, Unit.KWH, "1000")],
        electricity_menu="demo-power-standard",
    )
    assert estimate.has_demo_factors and estimate.kg_co2 == Decimal("452")

"""The calculator's text and chart from stored snapshots: numbers as people read them, nothing unescaped."""

from decimal import Decimal

import pytest

from offsets.calculator.chart import breakdown_svg
from offsets.calculator.periods import Period
from offsets.calculator.statement import calculation_statement, decimal_text, working_lines


def snapshot(**changes) -> dict:
    line = {
        "activity": "electricity", "unit": "kWh", "amount": "4200", "factor_id": 1, "factor_version": 2,
        "factor_value": "0.450000", "factor_fiscal_year": 2024, "menu_code": "demo", "supplier": "デモ電力",
        "supplier_en": "Demo Power", "menu": "標準", "menu_en": "Standard", "source_title": "List <b>",
        "source_url": "https://example.jp/", "is_demo": True, "kg_co2": "1890.000000",
    }  # fmt: skip
    line.update(changes)
    return line


@pytest.mark.parametrize(
    ("value", "text"),
    [("4200.00", "4,200"), ("1.8900", "1.89"), ("0.000000", "0"), ("1E+3", "1,000"), ("0.00232", "0.00232")],
)
def test_decimal_text(value, text):
    assert decimal_text(Decimal(value)) == text


@pytest.mark.parametrize(
    ("period", "language", "label"),
    [
        (Period(fiscal_year=2025), "ja", "2025年度"),
        (Period(fiscal_year=2025), "en", "FY2025"),
        (Period(fiscal_year=2025, month=3), "en", "March 2026"),
        (Period(fiscal_year=2025, month=4), "ja", "2025年4月"),
    ],
)
def test_period_labels_and_fiscal_year_months(period, language, label):
    assert period.label(language) == label


def test_fiscal_year_bounds():
    assert (Period(fiscal_year=2025).starts_on.isoformat(), Period(fiscal_year=2025).ends_on.isoformat()) == (
        "2025-04-01",
        "2026-03-31",
    )
    assert Period(fiscal_year=2023, month=2).ends_on.isoformat() == "2024-02-29"  # leap year
    with pytest.raises(ValueError):
        Period(fiscal_year=2025, month=13)


def test_the_statement_names_amounts_period_factors_and_demo_values_in_both_languages():
    lines = [snapshot(), snapshot(activity="gasoline", unit="L", amount="100", factor_value="2.320000",
                                  menu_code="", kg_co2="232", is_demo=False)]  # fmt: skip
    english = calculation_statement(
        period=Period(fiscal_year=2025), snapshots=lines, kg_co2=Decimal(2122), language="en"
    )
    japanese = calculation_statement(
        period=Period(fiscal_year=2025), snapshots=lines, kg_co2=Decimal(2122), language="ja"
    )
    assert english.startswith(
        "Offsets the emissions of 4,200 kWh of electricity and 100 L of gasoline used in FY2025 (2.122 t-CO2)"
    )
    assert (
        "electricity 0.45 kg-CO2/kWh (Demo Power — Standard, FY2024 figure, demo value, nominal source"
        in english
    )
    assert "gasoline 2.32 kg-CO2/L (FY2024 figure, source: List <b>)" in english
    assert japanese.startswith("2025年度に使用した電気 4,200 kWh、ガソリン 100 Lによる排出量（2.122 t-CO2）")
    assert "デモ値・名目上の出典" in japanese


def test_the_chart_has_a_bar_per_source_scaled_to_the_largest_and_escapes_text():
    lines = working_lines(
        [snapshot(), snapshot(activity="diesel", unit="L", amount="10", kg_co2="945", menu_code="")],
        language="en",
    )
    svg = breakdown_svg(lines=lines, title="<Emissions>")

    assert svg.count("<rect") == 2 and 'width="360"' in svg and 'width="180"' in svg  # 1.89 t vs 0.945 t
    assert "&lt;Emissions&gt;" in svg and "<Emissions>" not in svg and "<script" not in svg
    assert breakdown_svg(lines=[], title="none").count("<rect") == 0

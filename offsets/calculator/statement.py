"""The working and the sentence a certificate states, from stored snapshots (never the live factors)."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation

from .models import Activity, Unit
from .periods import Period

ACTIVITY_NAMES_JA = {
    Activity.ELECTRICITY: "電気",
    Activity.CITY_GAS: "都市ガス",
    Activity.LP_GAS: "LPガス",
    Activity.GASOLINE: "ガソリン",
    Activity.DIESEL: "軽油",
}


def decimal_text(value: Decimal | str) -> str:
    """``value`` with thousands separators and no trailing zeros: 4200.00 → "4,200", 1.8900 → "1.89"."""
    text = f"{Decimal(value):,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def activity_name(activity: str, language: str) -> str:
    if language.startswith("en"):
        with translation.override("en"):
            return str(Activity(activity).label)
    return ACTIVITY_NAMES_JA[Activity(activity)]


@dataclass(frozen=True)
class WorkingLine:
    """One line of the working as shown: amount × factor = tonnes, with the factor's source and year."""

    activity: str
    name: str
    menu: str
    amount: str
    unit: str
    factor: str
    kg_co2: str
    tonnes: str
    tonnes_value: Decimal
    source_title: str
    source_url: str
    factor_year: int
    factor_version: int
    is_demo: bool


def working_lines(snapshots: Iterable[dict], *, language: str) -> list[WorkingLine]:
    """The stored lines (``EstimateLine.snapshot``) as text in ``language``."""
    lines = []
    for line in snapshots:
        english = language.startswith("en")
        menu = ""
        if line["menu_code"]:
            menu = (
                f"{line['supplier_en'] or line['supplier']} — {line['menu_en'] or line['menu']}"
                if english
                else f"{line['supplier']} {line['menu']}"
            )
        kg = Decimal(line["kg_co2"])
        lines.append(
            WorkingLine(
                activity=line["activity"],
                name=activity_name(line["activity"], language),
                menu=menu,
                amount=decimal_text(line["amount"]),
                unit=Unit(line["unit"]).label,
                factor=decimal_text(line["factor_value"]),
                kg_co2=decimal_text(kg),
                tonnes=decimal_text(kg / 1000),
                tonnes_value=kg / 1000,
                source_title=line["source_title"],
                source_url=line["source_url"],
                factor_year=line["factor_fiscal_year"],
                factor_version=line["factor_version"],
                is_demo=line["is_demo"],
            )
        )
    return lines


def calculation_statement(*, period: Period, snapshots: list[dict], kg_co2: Decimal, language: str) -> str:
    """The certificate's sentence: what energy use of which period the tonnes offset, and with which factors.

    E.g. "Offsets the emissions of 4,200 kWh of electricity used in FY2025 (1.89 t-CO2), computed with
    electricity 0.45 kg-CO2/kWh (Demo Power — Standard, FY2023 figure, demo value; source: …)."
    """
    lines = working_lines(snapshots, language=language)
    tonnes = decimal_text(kg_co2 / 1000)
    if language.startswith("en"):
        used = [f"{line.amount} {line.unit} of {line.name.lower()}" for line in lines]
        uses = " and ".join([", ".join(used[:-1]), used[-1]]) if len(used) > 1 else "".join(used)
        factors = "; ".join(
            f"{line.name.lower()} {line.factor} kg-CO2/{line.unit} ("
            + (f"{line.menu}, " if line.menu else "")
            + f"FY{line.factor_year} figure, "
            + ("demo value, nominal source: " if line.is_demo else "source: ")
            + f"{line.source_title})"
            for line in lines
        )
        return (
            f"Offsets the emissions of {uses} used in {period.label('en')} ({tonnes} t-CO2), "
            f"computed with the emission factors {factors}."
        )
    uses = "、".join(f"{line.name} {line.amount} {line.unit}" for line in lines)
    factors = "；".join(
        f"{line.name} {line.factor} kg-CO2/{line.unit}（"
        + (f"{line.menu}、" if line.menu else "")
        + f"{line.factor_year}年度の値、"
        + ("デモ値・名目上の出典: " if line.is_demo else "出典: ")
        + f"{line.source_title}）"
        for line in lines
    )
    return (
        f"{period.label('ja')}に使用した{uses}による排出量（{tonnes} t-CO2）をオフセットします。"
        f"計算に用いた排出係数: {factors}。"
    )

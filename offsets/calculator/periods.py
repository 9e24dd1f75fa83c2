"""The period a footprint covers: one Japanese fiscal year (April to March) or one month of it."""

import calendar
import datetime
from dataclasses import dataclass

MONTH_NAMES_EN = list(calendar.month_name)


@dataclass(frozen=True)
class Period:
    """Fiscal year ``fiscal_year`` (April ``fiscal_year`` to March next year), or one ``month`` of it."""

    fiscal_year: int
    month: int | None = None

    def __post_init__(self):
        if not 1990 <= self.fiscal_year <= 2100:
            raise ValueError("fiscal year out of range")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError("month out of range")

    @property
    def calendar_year(self) -> int:
        """The calendar year of the month (January to March belong to the fiscal year before)."""
        return self.fiscal_year if self.month is None or self.month >= 4 else self.fiscal_year + 1

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.calendar_year, self.month or 4, 1)

    @property
    def ends_on(self) -> datetime.date:
        if self.month is None:
            return datetime.date(self.fiscal_year + 1, 3, 31)
        last_day = calendar.monthrange(self.calendar_year, self.month)[1]
        return datetime.date(self.calendar_year, self.month, last_day)

    def label(self, language: str) -> str:
        if language.startswith("en"):
            if self.month is None:
                return f"FY{self.fiscal_year}"
            return f"{MONTH_NAMES_EN[self.month]} {self.calendar_year}"
        if self.month is None:
            return f"{self.fiscal_year}年度"
        return f"{self.calendar_year}年{self.month}月"

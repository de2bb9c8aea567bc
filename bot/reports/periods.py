"""Reporting periods as people write them: "2025-08" (a month), "2025-Q3" (a quarter), "2025" (a year)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from knowledge.messages import t

KINDS = ("month", "quarter", "year")
REPORT_KINDS = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}
ROMAN = ("I", "II", "III", "IV")

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_QUARTER = re.compile(r"^\s*(\d{4})-?[Qq]([1-4])\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


class BadPeriod(ValueError):
    """Text that is not a period ("2025-13", "Q5"); `key` is its catalog message."""

    key = "reports.bad_period"

    def __init__(self, text: str, expected: str | None = None):
        super().__init__(text)
        self.text = text
        self.expected = expected  # the kind a report needed ("month") when the period was of another


@dataclass(frozen=True, order=True)
class Period:
    kind: str  # month | quarter | year
    year: int
    index: int = 0  # the month (1-12) or quarter (1-4); 0 for a year

    @property
    def start(self) -> date:
        if self.kind == "month":
            return date(self.year, self.index, 1)
        if self.kind == "quarter":
            return date(self.year, 3 * self.index - 2, 1)
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        if self.kind == "month":
            return date(self.year, self.index, calendar.monthrange(self.year, self.index)[1])
        if self.kind == "quarter":
            month = 3 * self.index
            return date(self.year, month, calendar.monthrange(self.year, month)[1])
        return date(self.year, 12, 31)

    @property
    def code(self) -> str:
        """The period as the command line and buttons write it."""
        if self.kind == "month":
            return f"{self.year}-{self.index:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.index}"
        return str(self.year)

    def next(self) -> Period:
        return self.shift(1)

    def previous(self) -> Period:
        return self.shift(-1)

    def shift(self, steps: int) -> Period:
        if self.kind == "year":
            return Period("year", self.year + steps)
        size = 12 if self.kind == "month" else 4
        flat = self.year * size + self.index - 1 + steps
        return Period(self.kind, flat // size, flat % size + 1)

    def label(self, lang: str) -> str:
        """ "tháng 8 năm 2025", "quý III năm 2025", "năm 2025" (English: "August 2025", ...)."""
        quarter = ROMAN[self.index - 1] if self.kind == "quarter" else ""
        month_name = t(lang, f"reports.month_name.{self.index}") if self.kind == "month" else ""
        return t(
            lang,
            f"reports.period.{self.kind}",
            month=self.index,
            month_name=month_name,
            quarter=quarter,
            year=self.year,
        )

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def parse_period(text: str) -> Period:
    """Read "2025-08", "2025-Q3" or "2025"; BadPeriod otherwise."""
    text = text or ""
    if m := _QUARTER.match(text):
        return Period("quarter", int(m.group(1)), int(m.group(2)))
    if m := _MONTH.match(text):
        if not 1 <= int(m.group(2)) <= 12:
            raise BadPeriod(text)
        return Period("month", int(m.group(1)), int(m.group(2)))
    if m := _YEAR.match(text):
        return Period("year", int(m.group(1)))
    raise BadPeriod(text)


def period_of(kind: str, day: date) -> Period:
    """The month, quarter or year that holds `day`."""
    if kind == "month":
        return Period("month", day.year, day.month)
    if kind == "quarter":
        return Period("quarter", day.year, (day.month - 1) // 3 + 1)
    if kind == "year":
        return Period("year", day.year)
    raise BadPeriod(kind)

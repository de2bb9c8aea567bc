"""A work programme's time column ("Chương trình công tác năm 2026": | Tháng | Nội dung công việc | …): cells
name a month, months or a quarter without a year ("Tháng 1", "Tháng 2–3", "Quý II", "Tháng 6 và tháng 12"),
or the whole year ("Cả năm"). The year is the programme's own, read from its title; a row is due at the end
of the last period its cell names, and "Cả năm" is work done all year round."""

from __future__ import annotations

import calendar
import re
from datetime import date

from knowledge.fold import fold_words
from knowledge.models import MONTH, RECURRING, Deadline

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# "thang 1", "thang 2 3" (from "Tháng 2–3"), "thang 6 va thang 12", "cac thang 3 6 9": months, the last ends it.
_MONTHS_RE = re.compile(
    r"^(?:cac\s+)?thang\s+(?P<months>\d{1,2}(?:\s+(?:va\s+|den\s+)?(?:thang\s+)?\d{1,2})*)$"
)
_QUARTERS_RE = re.compile(
    r"^quy\s+(?P<quarters>(?:[1-4]|iv|i{1,3})(?:\s+(?:va\s+|den\s+)?(?:quy\s+)?(?:[1-4]|iv|i{1,3}))*)$"
)
_WHOLE_YEAR_RE = re.compile(r"^(?:ca\s+nam|quanh\s+nam|trong\s+nam|hang\s+thang|thuong\s+xuyen)$")
_MONTH_YEAR_RE = re.compile(r"^(?P<m>\d{1,2})\s*/\s*(?P<y>(?:19|20)\d\d)$")
_HALF_RE = re.compile(r"^6\s+thang\s+(?P<half>dau|cuoi)\s+nam$")


def period_cell(cell: str, year: int | None) -> Deadline | None:
    """The time a programme's period cell names in `year`, or None when the cell is no such period (or no
    year is known for one that needs it)."""
    words = fold_words(cell)
    if _WHOLE_YEAR_RE.match(words):
        return Deadline(kind=RECURRING, text=cell.strip(), recurring=True)
    month_year = _MONTH_YEAR_RE.match(cell.strip())
    if month_year and 1 <= int(month_year["m"]) <= 12:
        # "12/2025" in a "Hoàn thành" column: the month, in its year (a day is never written with a year alone).
        return _month_end(int(month_year["m"]), int(month_year["y"]), cell.strip())
    if year is None:
        return None
    months = _MONTHS_RE.match(words)
    if months:
        last = int(months["months"].split()[-1])
        if not 1 <= last <= 12:
            return None
        return _month_end(last, year, f"{cell.strip()}/{year}")
    quarters = _QUARTERS_RE.match(words)
    if quarters:
        last = quarters["quarters"].split()[-1]
        quarter = int(last) if last.isdigit() else _ROMAN[last]
        return _month_end(3 * quarter, year, f"{cell.strip()}/{year}")
    half = _HALF_RE.match(words)
    if half:
        return _month_end(6 if half["half"] == "dau" else 12, year, f"{cell.strip()} {year}")
    return None


def _month_end(month: int, year: int, text: str) -> Deadline:
    return Deadline(kind=MONTH, due=date(year, month, calendar.monthrange(year, month)[1]), text=text)


def title_year(title: str | None) -> int | None:
    """The one year a plan's title names ("Chương trình công tác năm 2026"), or None (none, or a period
    of several years, where a month without its year is no one time)."""
    years = set(re.findall(r"(?<![\d/])(?:19|20)\d{2}(?!\d)", title or ""))
    return int(years.pop()) if len(years) == 1 else None


# "Trong quý", "Trong tháng": the period of the group the row sits in ("QUÝ II/2026", "Tháng 3").
_WITHIN_GROUP_RE = re.compile(r"^(?:trong|ngay trong|hoan thanh trong)\s+(?P<unit>quy|thang)(?:\s+nay)?$")
_GROUP_PERIOD_RE = re.compile(
    r"^(?P<unit>quy|thang)\s+(?P<n>[1-4]|iv|i{1,3}|\d{1,2})(?:\s+(?:nam\s+)?(?P<y>(?:19|20)\d\d))?$"
)


def within_group_period(cell: str, group: str, year: int | None) -> Deadline | None:
    """The end of the group's period for a cell that says the row is done within it ("Trong quý" under
    "QUÝ II/2026" is due 30/06/2026), or None."""
    within = _WITHIN_GROUP_RE.match(fold_words(cell))
    period = _GROUP_PERIOD_RE.match(fold_words(group))
    if not within or not period or within["unit"] != period["unit"]:
        return None
    year = int(period["y"]) if period["y"] else year
    if year is None:
        return None
    n = period["n"]
    month = (3 * (int(n) if n.isdigit() else _ROMAN[n])) if period["unit"] == "quy" else int(n)
    if not 1 <= month <= 12:
        return None
    return _month_end(month, year, f"{cell.strip()} ({group.strip()})")

"""The due-date window a question names ("tháng 8", "quý 2 này", "2 tuần tới", "từ nay đến cuối năm",
"từ 1/8 đến 15/9"), read from folded text (knowledge.question folds and expands it first)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass
class Window:
    start: date | None
    end: date | None
    label: str  # the words the user used


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _year(text: str | None, today: date) -> int:
    if not text:
        return today.year
    value = int(text)
    return value + 2000 if value < 100 else value


_WINDOW_PATTERNS = [
    (
        r"\btu (?:ngay )?(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}|\d{2}))? "
        r"(?:den|toi) (?:ngay )?(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}|\d{2}))?",
        "range",
    ),
    (r"\b6 thang (dau|cuoi) (?:nam)(?: (\d{4}))?", "half"),
    (
        r"\b(?:den|(?<!cua )toi|truoc) (?:het |cuoi )?thang (\d{1,2})(?:\s*(?:[/.-]|nam )\s*(\d{4}|\d{2}))?\b(?! ngay)",
        "by_month",
    ),
    (r"\b(?:trong )?thang (\d{1,2})\s*(?:[/.-]|nam )\s*(\d{4}|\d{2})\b", "month"),
    (r"\b(?:trong )?thang (\d{1,2})\b(?! ngay)", "month"),
    (r"\b(?:trong )?thang (?:nay|hien tai)\b", "this_month"),
    (r"\b(?:trong )?quy (?:nay|hien tai)\b", "this_quarter"),
    (r"\b(?:trong )?quy (?:sau|toi|ke tiep|tiep theo)\b", "next_quarter"),
    (r"\b(?:trong )?thang (?:sau|toi|ke tiep|tiep theo)\b", "next_month"),
    (r"\b(?:trong )?thang truoc\b", "last_month"),
    (r"\b(?:trong )?(\d{1,2}) tuan (?:toi|sap toi|nua|ke tiep|tiep theo)\b", "weeks"),
    (r"\b(?:trong )?tuan (?:nay|hien tai)\b", "this_week"),
    (r"\btrong (?:1 |mot )?tuan (?:toi|sap toi)\b", "coming_week"),
    (r"\b(?:trong )?tuan (?:sau|toi|ke tiep|tiep theo)\b", "next_week"),
    (r"\b(?:trong )?(\d{1,3}) ngay (?:toi|sap toi|nua|ke tiep|tiep theo)\b", "days"),
    (r"\btrong vong (\d{1,3}) ngay\b", "days"),
    (r"\btu (?:nay|bay gio|hom nay) (?:den|toi) (?:het |cuoi )nam\b", "rest_of_year"),
    (
        r"\b(?:den |(?<!cua )toi |truoc )(?:het |cuoi )?quy (iv|iii|ii|i|[1-4])\b(?:\s*(?:[/.-]|nam)\s*(\d{4}))?",
        "by_quarter",
    ),
    (r"\b(?:trong )?quy (iv|iii|ii|i|[1-4])\b(?:\s*(?:[/.-]|nam)\s*(\d{4}|sau|toi|nay))?", "quarter"),
    (
        r"\b(?:truoc|den|cho den|toi) (?:het )?(?:ngay )?(\d{1,2})\s*[/.-]\s*(\d{1,2})"
        r"(?:\s*[/.-]\s*(\d{4}|\d{2}))?",
        "before",
    ),
    (r"\bhom nay\b", "today"),
    (r"\b(?:trong |cuoi )?nam nay\b|\b(?:den |truoc )?cuoi nam\b(?! \d)", "this_year"),
    (r"\b(?:trong )?nam (?:sau|toi)\b", "next_year"),
    (r"(?<!\btu )\b(?:trong |cuoi )?nam (20[2-9]\d)\b", "year"),  # not "từ năm 1999": words of the task
]


def parse_window(folded: str, today: date) -> tuple[Window | None, str]:
    """The due-date window a question names, and the text with those words removed."""
    for pattern, kind in _WINDOW_PATTERNS:
        m = re.search(pattern, folded)
        if not m:
            continue
        rest = (folded[: m.start()] + " " + folded[m.end() :]).strip()
        label = m.group(0).strip()
        try:
            if kind == "month":
                month = int(m.group(1))
                if not 1 <= month <= 12:
                    continue
                year = _year(m.group(2) if (m.lastindex or 0) >= 2 else None, today)
                return Window(date(year, month, 1), _month_end(year, month), label), rest
            if kind in ("this_quarter", "next_quarter"):
                first = 3 * ((today.month - 1) // 3) + 1
                year, first = _add_months(today.year, first, 3 if kind == "next_quarter" else 0)
                last_year, last = _add_months(year, first, 2)
                return Window(date(year, first, 1), _month_end(last_year, last), label), rest
            if kind in ("this_month", "next_month", "last_month"):
                delta = {"this_month": 0, "next_month": 1, "last_month": -1}[kind]
                year, month = _add_months(today.year, today.month, delta)
                return Window(date(year, month, 1), _month_end(year, month), label), rest
            if kind in ("this_week", "next_week"):
                start = (
                    today - timedelta(days=today.weekday()) + timedelta(days=7 if kind == "next_week" else 0)
                )
                return Window(start, start + timedelta(days=6), label), rest
            if kind == "coming_week":  # "trong tuần tới": the seven days ahead
                return Window(today, today + timedelta(days=7), label), rest
            if kind == "weeks":
                return Window(today, today + timedelta(days=7 * int(m.group(1))), label), rest
            if kind == "rest_of_year":
                return Window(today, date(today.year, 12, 31), label), rest
            if kind == "days":
                return Window(today, today + timedelta(days=int(m.group(1))), label), rest
            if kind in ("quarter", "by_quarter"):
                q = m.group(1)
                quarter = _ROMAN.get(q) or int(q)
                said = m.group(2)
                year = (
                    today.year + 1
                    if said in ("sau", "toi")
                    else _year(None if said == "nay" else said, today)
                )
                first = 3 * (quarter - 1) + 1
                if kind == "by_quarter":  # "đến hết quý 4": from today to the quarter's end
                    return Window(today, _month_end(year, first + 2), label), rest
                return Window(date(year, first, 1), _month_end(year, first + 2), label), rest
            if kind == "by_month":  # "đến hết tháng 11": from today to that month's end
                month = int(m.group(1))
                if not 1 <= month <= 12:
                    continue
                year = _year(m.group(2), today)
                if re.match(r"truoc thang", label):  # "trước tháng 12": by the end of November
                    year, month = _add_months(year, month, -1)
                return Window(today, _month_end(year, month), label), rest
            if kind == "before":
                year = _year(m.group(3), today)
                return Window(None, date(year, int(m.group(2)), int(m.group(1))), label), rest
            if kind == "range":
                end_year = _year(m.group(6), today)
                start = date(
                    _year(m.group(3), today) if m.group(3) else end_year, int(m.group(2)), int(m.group(1))
                )
                return Window(start, date(end_year, int(m.group(5)), int(m.group(4))), label), rest
            if kind == "half":
                year = _year(m.group(2), today)
                if m.group(1) == "dau":
                    return Window(date(year, 1, 1), date(year, 6, 30), label), rest
                return Window(date(year, 7, 1), date(year, 12, 31), label), rest
            if kind == "next_year":
                return Window(date(today.year + 1, 1, 1), date(today.year + 1, 12, 31), label), rest
            if kind == "today":
                return Window(today, today, label), rest
            if kind == "this_year":
                return Window(date(today.year, 1, 1), date(today.year, 12, 31), label), rest
            if kind == "year":
                year = int(m.group(1))
                return Window(date(year, 1, 1), date(year, 12, 31), label), rest
        except ValueError:
            continue  # 31/2 is not a date: the words stay topic words
    return None, folded

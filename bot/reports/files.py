"""One entry point for every report file, shared by the command line and the chat: which generator, which
file name, which period."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import sqlite_utils

from bot.reports.periods import REPORT_KINDS, Period, period_of
from storage.reports import Scope

KINDS = ("monthly", "quarterly", "yearly", "tracker", "chart", "calendar")
SUFFIX = {"tracker": ".xlsx", "chart": ".png", "calendar": ".ics"}
MIME = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".ics": "text/calendar",
}


@dataclass(frozen=True)
class ReportFile:
    name: str
    content: bytes

    @property
    def mime_type(self) -> str:
        return MIME[self.name[self.name.rfind(".") :]]


def period_for(kind: str, period: Period | None, as_of: date) -> Period | None:
    """The report's period: the one asked for, else the month, quarter or year holding `as_of`
    (trackers and charts have none; a calendar without one covers the coming year)."""
    if kind in REPORT_KINDS:
        wanted = REPORT_KINDS[kind]
        if period is None:
            return period_of(wanted, as_of)
        if period.kind != wanted:
            from bot.reports.periods import BadPeriod

            raise BadPeriod(period.code, expected=wanted)
        return period
    return period


def file_name(kind: str, period: Period | None, as_of: date) -> str:
    stem = {"tracker": "theo-doi-tien-do", "chart": "bieu-do-tien-do", "calendar": "lich-han"}.get(
        kind, "bao-cao"
    )
    label = period.code if period is not None else as_of.isoformat()
    return f"{stem}-{label}{SUFFIX.get(kind, '.docx')}"


def write_report(
    db: sqlite_utils.Database,
    kind: str,
    scope: Scope,
    as_of: date,
    out,
    *,
    period: Period | None = None,
    lang: str = "vi",
) -> dict:
    """Write the `kind` file to `out` (a path or a binary file); returns figures to print (task counts)."""
    if kind in REPORT_KINDS:
        from bot.reports.docx_report import build_report

        chosen = period_for(kind, period, as_of)
        build_report(db, scope, chosen, as_of, lang).save(out)
        return {"period": chosen.code}
    if kind == "tracker":
        from bot.reports.xlsx_tracker import write_tracker

        return write_tracker(db, scope, as_of, out, lang)
    if kind == "chart":
        from bot.reports.chart import chart_png

        _write(out, chart_png(db, scope, as_of, lang))
        return {}
    if kind == "calendar":
        from bot.reports.calendar_ics import build_calendar

        calendar = build_calendar(db, scope, as_of, lang, period=period)
        _write(out, calendar.to_ical())
        return {"events": len(calendar.walk("VEVENT"))}
    raise ValueError(kind)


def make_file(
    db: sqlite_utils.Database,
    kind: str,
    scope: Scope,
    as_of: date,
    *,
    period: Period | None = None,
    lang: str = "vi",
) -> ReportFile:
    """The file in memory, with its name (for chat)."""
    buffer = io.BytesIO()
    write_report(db, kind, scope, as_of, buffer, period=period, lang=lang)
    return ReportFile(file_name(kind, period_for(kind, period, as_of), as_of), buffer.getvalue())


def _write(out, content: bytes) -> None:
    if hasattr(out, "write"):
        out.write(content)
    else:
        with open(out, "wb") as fh:
            fh.write(content)

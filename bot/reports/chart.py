"""The progress chart (PNG): one horizontal stacked bar per lead unit, done / in progress / not started /
blocked / overdue (exclusive: a task past its deadline and not done counts as overdue only).

`chart_data` is what the chart shows (tests check the figure against it); `build_figure` draws it with
matplotlib's Agg backend (no display needed) in DejaVu Sans, which matplotlib ships and which has every
Vietnamese letter.
"""

from __future__ import annotations

import io
import textwrap
from datetime import date

import matplotlib

matplotlib.use("Agg")

import sqlite_utils  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from bot.reports.common import date_vn, scope_title, situation_name  # noqa: E402
from knowledge.messages import t  # noqa: E402
from storage import reports as reports_db  # noqa: E402
from storage.reports import Counts, Scope  # noqa: E402

SEGMENTS = ("done", "in_progress", "not_started", "blocked", "overdue")
COLORS = {
    "done": "#2e7d32",
    "in_progress": "#1e88e5",
    "not_started": "#bdbdbd",
    "blocked": "#fb8c00",
    "overdue": "#d32f2f",
}
FONT = "DejaVu Sans"
MAX_UNITS = 40  # more bars than this are unreadable on a phone: the rest are summed in one bar


def chart_data(db: sqlite_utils.Database, scope: Scope, as_of: date, lang: str = "vi") -> list[Counts]:
    """The bars: counts per lead unit (units with most tasks kept when there are too many)."""
    groups = reports_db.counts_by_unit(db, scope, as_of)
    no_lead = t(lang, "reports.no_lead")
    for group in groups:
        group.label = group.label or no_lead
    if len(groups) <= MAX_UNITS:
        return groups
    ranked = sorted(groups, key=lambda g: -g.total)
    kept = sorted(ranked[: MAX_UNITS - 1], key=lambda g: groups.index(g))
    rest = reports_db.totals(
        ranked[MAX_UNITS - 1 :], t(lang, "reports.chart.other_units", count=len(ranked) - MAX_UNITS + 1)
    )
    return [*kept, rest]


def build_figure(groups: list[Counts], title: str, lang: str = "vi") -> Figure:
    """One bar per group, top to bottom in the given order, segments stacked left to right."""
    height = 1.6 + 0.45 * max(len(groups), 1)
    figure = Figure(figsize=(10, height), dpi=110, layout="constrained")
    axes = figure.subplots()
    labels = ["\n".join(textwrap.wrap(g.label, 34)[:2]) for g in groups]
    positions = list(range(len(groups)))[::-1]  # the first group on top
    left = [0] * len(groups)
    widest = max((g.total for g in groups), default=0) or 1
    for segment in SEGMENTS:
        widths = [getattr(g, segment) for g in groups]
        bars = axes.barh(
            positions,
            widths,
            left=left,
            color=COLORS[segment],
            label=situation_name(lang, segment),
            height=0.7,
        )
        for bar, width in zip(bars, widths, strict=True):
            bar.set_gid(segment)  # tests and tools find each segment's rectangles by it
            if width and width / widest >= 0.04:  # a number inside a sliver would overlap its neighbour
                axes.text(
                    bar.get_x() + width / 2,
                    bar.get_y() + bar.get_height() / 2,
                    str(width),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if segment != "not_started" else "black",
                    fontfamily=FONT,
                )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    for position, total in zip(positions, left, strict=True):
        axes.text(total, position, f" {total}", va="center", fontsize=9, fontfamily=FONT)
    axes.set_yticks(positions, labels, fontfamily=FONT, fontsize=9)
    axes.set_xlabel(t(lang, "reports.chart.axis"), fontfamily=FONT)
    axes.set_title(title, fontfamily=FONT, fontsize=12, fontweight="bold")
    axes.set_xlim(0, max(left or [1]) * 1.12 + 1)
    axes.spines[["top", "right"]].set_visible(False)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    figure.legend(
        loc="outside lower center", ncol=len(SEGMENTS), frameon=False, prop={"family": FONT, "size": 9}
    )
    return figure


def figure_png(groups: list[Counts], title: str, lang: str = "vi") -> bytes:
    """The chart as PNG bytes (no database: safe to run in a worker thread)."""
    buffer = io.BytesIO()
    build_figure(groups, title, lang).savefig(buffer, format="png")
    return buffer.getvalue()


def chart_png(db: sqlite_utils.Database, scope: Scope, as_of: date, lang: str = "vi") -> bytes:
    groups = chart_data(db, scope, as_of, lang)
    title = t(lang, "reports.chart.title", scope=scope_title(db, scope, lang), date=date_vn(as_of))
    return figure_png(groups, title, lang)

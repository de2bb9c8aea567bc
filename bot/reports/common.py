"""Small helpers shared by the report formats: labels from the catalog, dates as Vietnamese write them."""

from __future__ import annotations

from datetime import date

from knowledge.messages import t
from storage.reports import SITUATIONS, TaskRow

__all__ = ["SITUATIONS", "date_vn", "situation_name", "status_name", "shorten", "task_status_text"]


def date_vn(value: str | date | None) -> str:
    """ "5/8/2025" from an ISO date or datetime text; "" for None."""
    if not value:
        return ""
    iso = value.isoformat() if isinstance(value, date) else str(value)
    year, month, day = iso[:10].split("-")
    return f"{int(day)}/{int(month)}/{year}"


def situation_name(lang: str, situation: str) -> str:
    return t(lang, f"reports.situation.{situation}")


def status_name(lang: str, status: str) -> str:
    return t(lang, f"reports.status.{status}")


def task_status_text(lang: str, task: TaskRow) -> str:
    """The task's status, with "quá hạn" added when it is past its deadline."""
    text = status_name(lang, task.status)
    if task.overdue:
        text += " – " + situation_name(lang, "overdue").lower()
    return text


def shorten(text: str | None, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def scope_title(db, scope, lang: str) -> str:
    """What the scope covers, for titles: "Phòng Kinh tế", "Kế hoạch 47a/KH-UBND", "toàn bộ kế hoạch"."""
    from storage.people import unit_name
    from storage.reports import get_plan

    parts = []
    if scope.unit_id is not None:
        parts.append(unit_name(db, scope.unit_id) or "")
    if scope.plan_id is not None:
        plan = get_plan(db, scope.plan_id)
        parts.append(t(lang, "reports.plan_title", number=(plan.number or "") if plan else ""))
    return " – ".join(p for p in parts if p) or t(lang, "reports.all_plans")

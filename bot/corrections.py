"""Plan corrections made on the dashboard: what an admin may type for each field, and assignments.

The value is checked and normalised here (a known unit's canonical name, a date read as Vietnamese
officials write it), then `storage.corrections` applies it, keeps it for the next ingest of the same
plan and writes the audit log, in one transaction. `reapply` is the hook called after every save of a
plan (bot/ingest.py, the chat upload): the document's values come back, then the corrections.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import sqlite_utils

from storage import corrections as store
from storage import progress
from storage.corrections import BadCorrection
from storage.people import Person, UnitInManyOrgs, UnknownUnit, get_person, now_text, resolve_unit, unit_name

MAX_NAME = 200
MAX_CODE = 40
MAX_CONTENT = 5000
_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
_SEPARATORS = re.compile(r"[;\n]+")


def parse_date(text: str) -> date:
    """A date as typed: 31/12/2026, 31-12-2026, 31.12.2026 or 2026-12-31. Raises BadCorrection."""
    text = (text or "").strip()
    try:
        match = _DMY.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise BadCorrection("web.correct.bad_date") from None


def _unit(db: sqlite_utils.Database, text: str, org_id: int | None) -> str:
    """The canonical name of a known unit (of the task's organization), else the name as typed."""
    text = " ".join(text.split())
    if not text or len(text) > MAX_NAME:
        raise BadCorrection("web.correct.bad_unit")
    try:
        return unit_name(db, resolve_unit(db, text, org_id)) or text
    except (UnknownUnit, UnitInManyOrgs):
        return text


def value_for(db: sqlite_utils.Database, field: str, raw: str, org_id: int | None = None) -> dict:
    """The stored shape of what was typed for `field` (units of organization `org_id`). Raises
    BadCorrection."""
    raw = (raw or "").strip()
    if field == "lead":
        return {"name": _unit(db, raw, org_id)}
    if field == "support":
        names = []
        for part in _SEPARATORS.split(raw):
            if part.strip():
                name = _unit(db, part, org_id)
                if name not in names:
                    names.append(name)
        return {"names": names}
    if field == "deadline":
        if not raw:
            return {"due": None, "text": ""}
        due = parse_date(raw)
        return {"due": due.isoformat(), "text": due.strftime("%d/%m/%Y")}
    if field == "code":
        if len(raw) > MAX_CODE:
            raise BadCorrection("web.correct.too_long")
        return {"code": raw}
    if field == "content":
        if not raw:
            raise BadCorrection("web.correct.empty")
        if len(raw) > MAX_CONTENT:
            raise BadCorrection("web.correct.too_long")
        return {"content": raw}
    raise BadCorrection("web.correct.bad_field")


def correct(
    db: sqlite_utils.Database, person: Person, task_id: int, field: str, raw: str, now: datetime
) -> dict:
    """Correct one field of a task as `person` (an admin: checked by the caller). Returns the new value."""
    value = value_for(db, field, raw, store.task_org(db, task_id))
    store.save_correction(db, task_id, field, value, person_id=person.id, now=now_text(now))
    return value


def assign(db: sqlite_utils.Database, person: Person, task_id: int, assignee_id: int, now: datetime) -> bool:
    """Assign a task to an active person, logged; False when it already was."""
    assignee = get_person(db, assignee_id)
    if assignee is None or not assignee.active:
        raise BadCorrection("web.assign.unknown_person")
    added = progress.assign(db, task_id, assignee_id, by=person.id, now=now)
    if added:
        store.add_audit(
            db,
            person_id=person.id,
            action="assign",
            task_id=task_id,
            plan_id=store.task_identity(db, task_id)[0],
            field="assignee",
            new_value=assignee.name,
            now=now_text(now),
        )
    return added


def reapply(db: sqlite_utils.Database, plan_id: int) -> int:
    """Put the stored corrections back on a plan just saved; how many were applied."""
    return store.reapply_corrections(db, plan_id)

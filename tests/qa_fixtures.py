"""Helpers for the QA tests: put parsed plans into the knowledge base. Uses the KB engineer's
storage.plans.save_plan when it exists, else a minimal writer of the same schema (so QA tests do not wait
on ingest)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from knowledge.fold import fold_words
from knowledge.plan_parser import parse_plan
from knowledge.units import abbreviation
from storage.db import transaction


def _unit(db, name: str, cache: dict) -> int:
    if name in cache:
        return cache[name]
    folded = fold_words(name)
    row = db.execute("SELECT id FROM units WHERE folded = ?", [folded]).fetchone()
    if row:
        cache[name] = row[0]
        return row[0]
    uid = db.execute(
        "INSERT INTO units (name, folded, abbreviation) VALUES (?, ?, ?)", [name, folded, abbreviation(name)]
    ).lastrowid
    cache[name] = uid
    return uid


def insert_plan(db, parsed, *, number_suffix: str = "", issuer_suffix: str = "") -> int:
    """Write `parsed` (a ParsedPlan) with plain SQL; returns the plan id."""
    cache: dict = {}
    number = (parsed.number or "") + number_suffix
    issuer = (parsed.issuer or "") + issuer_suffix
    with transaction(db):
        plan_id = db.execute(
            "INSERT INTO plans (number, number_key, issuer, issuer_key, issued_on, title, implements, replaces, "
            "ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                number,
                number.lower(),
                issuer,
                fold_words(issuer),
                parsed.issued_on.isoformat() if parsed.issued_on else None,
                parsed.title,
                json.dumps(parsed.implements, ensure_ascii=False),
                json.dumps(parsed.replaces, ensure_ascii=False),
                datetime.now(UTC).isoformat(),
            ],
        ).lastrowid
        for pos, task in enumerate(parsed.tasks):
            lead_id = _unit(db, task.lead, cache) if task.lead else None
            d = task.deadline
            task_id = db.execute(
                "INSERT INTO tasks (plan_id, task_key, code, content, content_folded, lead_unit_id, lead_text, "
                "support, deadline_kind, due_date, deadline_text, recurring, deadline_condition, section, "
                "position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    plan_id,
                    f"{pos}",
                    task.code,
                    task.content,
                    fold_words(task.content),
                    lead_id,
                    task.lead,
                    json.dumps(task.support, ensure_ascii=False),
                    d.kind,
                    d.due.isoformat() if d.due else None,
                    d.text,
                    int(d.recurring),
                    d.condition,
                    task.section,
                    pos,
                ],
            ).lastrowid
            if lead_id:
                db.execute("INSERT OR IGNORE INTO task_units VALUES (?, ?, 'lead')", [task_id, lead_id])
            for name in task.support:
                db.execute(
                    "INSERT OR IGNORE INTO task_units VALUES (?, ?, 'support')",
                    [task_id, _unit(db, name, cache)],
                )
        for duty in parsed.duties:
            db.execute(
                "INSERT INTO duties (plan_id, text, reporter, recipient, frequency, day, month, periods) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    plan_id,
                    duty.text,
                    duty.reporter,
                    duty.recipient,
                    duty.frequency,
                    duty.day,
                    duty.month,
                    json.dumps(duty.periods),
                ],
            )
        for target in parsed.targets:
            db.execute(
                'INSERT INTO targets (plan_id, code, indicator, indicator_folded, "values") VALUES (?, ?, ?, ?, ?)',
                [
                    plan_id,
                    target.code,
                    target.indicator,
                    fold_words(target.indicator),
                    json.dumps(target.values, ensure_ascii=False),
                ],
            )
    return plan_id


def load_plan(db, path: Path) -> int:
    """Parse and store one plan file, through save_plan when the KB module exists."""
    parsed = parse_plan(Path(path).read_text(encoding="utf-8"), source_name=Path(path).name)
    try:
        from storage.plans import save_plan
    except ImportError:
        return insert_plan(db, parsed)
    result = save_plan(db, parsed, source_file=str(path))
    return getattr(result, "plan_id", None) or db.execute("SELECT max(id) FROM plans").fetchone()[0]


def load_seeds(db, seeds_dir: Path) -> None:
    for path in sorted(Path(seeds_dir).glob("*.txt")):
        load_plan(db, path)

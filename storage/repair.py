"""Repair the texts of plans already in the knowledge base (migration 11): what ingest now does to a new
plan, done to stored rows in place. Ids, task keys, statuses and history are not touched; the text as
read moves to `original`, the readable one to the text column, and the search text covers both.
"""

from __future__ import annotations

import sqlite_utils

from knowledge.fold import fold_words
from knowledge.repair.repair import Repairer


def searchable_folded(content: str, original: str | None) -> str:
    """The folded text a task is searched and matched by: as read first (its key's words, stable across
    versions of the repair), then the repaired text when repair changed it, so either spelling finds it."""
    if original is None or original == content:
        return fold_words(content)
    return f"{fold_words(original)} {fold_words(content)}"


def repair_stored_plans(db: sqlite_utils.Database) -> int:
    """Repair every stored plan that reads as OCR-damaged; returns how many texts changed."""
    changed = 0
    plan_rows = db.execute("SELECT id, title, issuer, title_original FROM plans").fetchall()
    for plan_id, title, issuer, title_original in plan_rows:
        if title_original is not None:
            continue  # repaired already
        tasks = db.execute(
            "SELECT id, content FROM tasks WHERE plan_id = ? AND original IS NULL", [plan_id]
        ).fetchall()
        duties = db.execute(
            "SELECT id, text FROM duties WHERE plan_id = ? AND original IS NULL", [plan_id]
        ).fetchall()
        targets = db.execute(
            "SELECT id, indicator FROM targets WHERE plan_id = ? AND original IS NULL", [plan_id]
        ).fetchall()
        document = "\n".join([title or "", issuer or ""] + [row[1] for row in tasks + duties + targets])
        repairer = Repairer(document)
        if not repairer.active:
            continue
        for task_id, content in tasks:
            readable = repairer.repair(content)
            if readable != content:
                db.execute(
                    "UPDATE tasks SET original = ?, content = ?, content_folded = ? WHERE id = ?",
                    [content, readable, searchable_folded(readable, content), task_id],
                )
                changed += 1
        for duty_id, text in duties:
            readable = repairer.repair(text)
            if readable != text:
                db.execute("UPDATE duties SET original = ?, text = ? WHERE id = ?", [text, readable, duty_id])
                changed += 1
        for target_id, indicator in targets:
            readable = repairer.repair(indicator)
            if readable != indicator:
                db.execute(
                    "UPDATE targets SET original = ?, indicator = ?, indicator_folded = ? WHERE id = ?",
                    [indicator, readable, searchable_folded(readable, indicator), target_id],
                )
                changed += 1
        for column, value in (("title", title), ("issuer", issuer)):
            readable = repairer.repair(value) if value else value
            if readable != value:
                db.execute(
                    f"UPDATE plans SET {column}_original = ?, {column} = ? WHERE id = ?",
                    [value, readable, plan_id],
                )
                changed += 1
    return changed

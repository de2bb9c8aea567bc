"""Both texts kept: the readable text shown everywhere, the text as read in `original` (storage, export,
search, and the migration that repairs knowledge bases saved before repair existed)."""

from __future__ import annotations

from pathlib import Path

from knowledge.plan_parser import parse_plan
from knowledge.repair.plan import repair_plan
from storage.db import open_db
from storage.migrations import MIGRATIONS, current_version
from storage.plans import export_plans, prepare_plan, save_plan

DATA = Path(__file__).resolve().parent / "data"
DAMAGED = DATA / "plans_heldout_ocr" / "h1_xa_hoa_binh.eng.txt"


def ingest(db, text: str, name: str = "h1.txt", repair: bool = True):
    parsed = parse_plan(text, source_name=name)
    if repair:
        repair_plan(parsed, text)
    return parsed, save_plan(db, parsed, source_file=name, prepared=prepare_plan(parsed, name))


def fts_ids(db, query: str) -> list[int]:
    return [r[0] for r in db.execute("SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ?", [query])]


def test_export_has_original_next_to_content(fresh_db):
    text = DAMAGED.read_text(encoding="utf-8")
    parsed, _ = ingest(fresh_db, text)
    exported = export_plans(fresh_db)["plans"][0]
    task = next(t for t in exported["tasks"] if t["code"] == "2")
    assert task["content"].startswith("Rà soát, thu thập, cập nhật thông tin công dân")
    assert task["original"] != task["content"] and task["original"] in " ".join(text.split())
    assert exported["title_original"] != exported["title"]


def test_clean_plan_original_is_its_content(fresh_db):
    path = DATA / "plans_heldout" / "h1_xa_hoa_binh.txt"
    ingest(fresh_db, path.read_text(encoding="utf-8"))
    for task in export_plans(fresh_db)["plans"][0]["tasks"]:
        assert task["original"] == task["content"]


def test_search_finds_a_task_typed_either_way(fresh_db):
    ingest(fresh_db, DAMAGED.read_text(encoding="utf-8"))
    row = fresh_db.execute("SELECT id, content, original FROM tasks WHERE code = '2'").fetchone()
    task_id = row[0]
    assert task_id in fts_ids(fresh_db, '"thu" AND "thap" AND "cap" AND "nhat"')  # the readable words
    damaged_word = next(
        w for w in row[2].lower().split() if w.isascii() and w.isalpha() and w not in row[1].lower()
    )
    assert task_id in fts_ids(fresh_db, f'"{damaged_word}"')  # a word only the text as read has


def test_reingest_keeps_status_history(fresh_db):
    text = DAMAGED.read_text(encoding="utf-8")
    ingest(fresh_db, text)
    fresh_db.execute("UPDATE tasks SET status = 'in_progress', percent = 40 WHERE code = '2'")
    _, result = ingest(fresh_db, text)
    assert result.kept_history == result.tasks
    assert fresh_db.execute("SELECT percent FROM tasks WHERE code = '2'").fetchone()[0] == 40


def test_migration_repairs_stored_plans_without_losing_history(tmp_path, monkeypatch):
    from storage import migrations

    path = tmp_path / "old.db"
    monkeypatch.setattr(migrations, "MIGRATIONS", [m for m in MIGRATIONS if m[0] < 11])
    old = open_db(path)
    text = DAMAGED.read_text(encoding="utf-8")
    parsed = parse_plan(text, source_name="h1.txt")  # saved as before repair existed: the text as read
    _save_before_repair(old, parsed)
    task_id, before = old.execute("SELECT id, content FROM tasks WHERE code = '2'").fetchone()
    old.execute("UPDATE tasks SET status = 'done', percent = 100 WHERE id = ?", [task_id])
    old.execute(
        "INSERT INTO status_updates (task_id, status, percent, created_at) VALUES (?, 'done', 100, 'x')",
        [task_id],
    )
    old.conn.commit()
    old.conn.close()
    monkeypatch.undo()

    db = open_db(path)
    assert current_version(db) == max(v for v, _, _ in MIGRATIONS)
    content, original, status, percent = db.execute(
        "SELECT content, original, status, percent FROM tasks WHERE id = ?", [task_id]
    ).fetchone()
    assert original == before and content != before
    assert content.startswith("Rà soát, thu thập, cập nhật thông tin công dân")
    assert (status, percent) == ("done", 100)
    assert task_id in fts_ids(db, '"cap" AND "nhat" AND "thong"')
    # Ingesting the same document again finds the repaired task: its history stays.
    _, result = ingest(db, text)
    assert result.kept_history == result.tasks
    assert db.execute("SELECT status FROM tasks WHERE id = ?", [task_id]).fetchone()[0] == "done"
    assert db.execute("SELECT COUNT(*) FROM status_updates WHERE task_id = ?", [task_id]).fetchone()[0] == 1
    db.conn.close()


def _save_before_repair(db, parsed) -> None:
    """Save the way planbot did before migration 11: only the columns that existed then."""
    from knowledge.fold import fold_words
    from storage.plans import task_key

    plan_id = db.execute(
        "INSERT INTO plans (number, number_key, issuer, issuer_key, title, ingested_at) VALUES (?, ?, ?, ?, ?, 'x')",
        [
            parsed.number,
            fold_words(parsed.number),
            parsed.issuer,
            fold_words(parsed.issuer or ""),
            parsed.title,
        ],
    ).lastrowid
    for position, task in enumerate(parsed.tasks):
        folded = fold_words(task.content)
        db.execute(
            "INSERT INTO tasks (plan_id, task_key, code, content, content_folded, position) VALUES (?, ?, ?, ?, ?, ?)",
            [plan_id, task_key(task, folded), task.code, task.content, folded, position],
        )

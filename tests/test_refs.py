"""Task references: unique in a plan, stable across re-ingest, stored, exported, found by what users type."""

from __future__ import annotations

import json

import pytest

from bot.ingest import ingest_path
from knowledge.refs import parse_ref, task_refs
from storage.plan_admin import find_task_by_ref
from storage.plans import export_plans
from tests.test_grade_own_plans import DATA


def test_shared_codes_are_numbered_and_table_rows_prefixed():
    refs = task_refs(
        [("1.1", "item"), ("1.1", "bullet"), ("1.2", "item"), (None, "table"), ("3", "table"), (None, "item")]
    )
    assert refs == ["1.1-1", "1.1-2", "1.2", "B1", "B3", "M1"]


def test_references_never_collide():
    refs = task_refs([("1", "table"), (None, "table"), ("2", "table")])
    assert len(set(refs)) == 3


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("nhiệm vụ 1.1.b kế hoạch 47a", "1.1.b"),
        ("việc số 3.2", "3.2"),
        ("Nhiệm vụ 2.2 của phòng kinh tế", "2.2"),
        ("nhiem vu 1.1-2 ai chu tri", "1.1-2"),
        ("mục III.2", "III.2"),
        ("nhiệm vụ B3 kế hoạch 58", "B3"),
        ("hạn 15/12 hằng năm", None),
        ("ngày 30.9.2026", None),
        ("kế hoạch 47a", None),
    ],
)
def test_parse_ref(text, ref):
    assert parse_ref(text) == ref


def _refs_by_content(db):
    return {t["content"]: t["ref"] for p in export_plans(db)["plans"] for t in p["tasks"]}


def test_every_seed_task_has_a_reference_unique_in_its_plan_that_survives_reingest(fresh_db, seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        ingest_path(fresh_db, path)
    plans = export_plans(fresh_db)["plans"]
    assert len(plans) == 5
    for plan in plans:
        refs = [t["ref"] for t in plan["tasks"]]
        assert all(refs) and len(set(refs)) == len(refs), plan["number"]
    before = _refs_by_content(fresh_db)
    ids_before = {r[0]: r[1] for r in fresh_db.execute("SELECT ref, id FROM tasks WHERE plan_id = 1")}
    for path in sorted(seeds_dir.glob("*.txt")):
        ingest_path(fresh_db, path)
    assert _refs_by_content(fresh_db) == before
    assert {r[0]: r[1] for r in fresh_db.execute("SELECT ref, id FROM tasks WHERE plan_id = 1")} == ids_before


def test_find_task_by_ref_in_a_named_plan(fresh_db):
    ingest_path(fresh_db, DATA / "dept_58.docx")
    ingest_path(fresh_db, DATA / "party_15.pdf")
    [task] = find_task_by_ref(fresh_db, "58", "B3")
    assert task["content"].startswith("Bồi dưỡng kỹ năng số")
    assert task["plan_number"] == "58/KH-SKHCN"
    [task] = find_task_by_ref(fresh_db, "15-KH/ĐU", "4")
    assert task["lead_name"] == "Công an xã"
    assert len(find_task_by_ref(fresh_db, None, "4")) == 2  # item 4 of both plans
    assert find_task_by_ref(fresh_db, "99", "4") == []
    assert find_task_by_ref(fresh_db, "58", "9.9") == []


def test_a_shared_code_finds_all_its_tasks(fresh_db, seeds_dir):
    ingest_path(fresh_db, seeds_dir / "001_6bccd00eaaec095f.txt")
    found = find_task_by_ref(fresh_db, "47a", "1.1")
    assert [t["ref"] for t in found] == [f"1.1-{k}" for k in range(1, 7)]
    [one] = find_task_by_ref(fresh_db, "47a", "1.1-3")
    assert one["ref"] == "1.1-3"


def test_export_carries_ref_and_keeps_code_as_printed(fresh_db, seeds_dir):
    ingest_path(fresh_db, seeds_dir / "001_6bccd00eaaec095f.txt")
    tasks = json.loads(json.dumps(export_plans(fresh_db)))["plans"][0]["tasks"]
    assert {t["code"] for t in tasks if t["ref"].startswith("1.1-")} == {"1.1"}


def test_lists_and_reminders_show_the_reference(fresh_db, seeds_dir):
    from datetime import date

    from knowledge.answer import task_line
    from storage.reminders import task_deadline_rows
    from storage.tasks import TaskFilter, find_tasks

    ingest_path(fresh_db, seeds_dir / "001_6bccd00eaaec095f.txt")
    unit = fresh_db.execute("SELECT id FROM units WHERE name = 'Phòng Văn hóa – Xã hội'").fetchone()[0]
    fresh_db.execute(
        "INSERT INTO people (name, unit_id, role, created_at) VALUES ('An', ?, 'leader', '2025-07-01T00:00:00')",
        [unit],
    )
    rows = task_deadline_rows(fresh_db, due_from="2025-07-01", due_to="2025-12-31")
    shown = [r.code for r in rows if r.code.startswith("1.1")]
    assert len(shown) >= 3 and len(set(shown)) == len(shown)
    tasks = [t for t in find_tasks(fresh_db, TaskFilter(unit_ids=(unit,))) if t["code"] == "1.1"]
    lines = [task_line(1, t, date(2025, 7, 15), "vi") for t in tasks]
    assert all(f"· {t['ref']}" in line for t, line in zip(tasks, lines, strict=True))

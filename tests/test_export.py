"""knowledge.export: the one writer of the export format, for parsed plans and for stored ones."""

from __future__ import annotations

import json
from datetime import date

from knowledge.export import TaskProgress, export_document, export_plan
from knowledge.models import Deadline, ParsedPlan, ParsedTask
from knowledge.plan_parser import plan_to_export
from storage.plans import export_plans, save_plan
from tests.test_plans import add_person, add_status, make_plan, task_id


def test_a_parsed_plan_is_written_as_storage_writes_it_right_after_saving(fresh_db):
    plan = make_plan()
    save_plan(fresh_db, plan)
    assert plan_to_export(plan) == export_plans(fresh_db)["plans"][0]


def test_progress_and_source_file_are_written_when_known(fresh_db):
    save_plan(fresh_db, make_plan(), source_file="kh47a.txt")
    add_status(fresh_db, task_id(fresh_db, "1.1"), add_person(fresh_db))
    fresh_db.execute("UPDATE tasks SET status = 'in_progress', percent = 40 WHERE code = '1.1'")
    exported = export_plans(fresh_db)["plans"][0]
    assert exported["source_file"] == "kh47a.txt"
    assert [(t["status"], t["percent"]) for t in exported["tasks"]] == [
        ("in_progress", 40),
        ("not_started", 0),
        ("not_started", 0),
    ]


def test_field_order_and_deadline_fields_are_the_public_shape():
    plan = ParsedPlan(
        number="5/KH-UBND",
        issued_on=date(2026, 1, 2),
        tasks=[
            ParsedTask("1", "Số hóa hồ sơ", deadline=Deadline("date", date(2026, 2, 28), problem="31/2/2026"))
        ],
    )
    written = export_plan(plan, source_file="a.txt", progress=[TaskProgress("done", 100)])
    assert list(written) == [
        "number",
        "issuer",
        "issued_on",
        "title",
        "implements",
        "replaces",
        "problems",
        "source_file",
        "tasks",
        "duties",
        "targets",
        "org",
        "title_original",
        "issuer_original",
    ]
    [task] = written["tasks"]
    assert list(task) == [
        "code",
        "content",
        "lead",
        "support",
        "deadline",
        "status",
        "percent",
        "result",
        "original",
        "ref",
    ]
    # The impossible date is reported in the plan's problems; storage keeps no per-deadline problem.
    assert task["deadline"] == {
        "kind": "date",
        "due": "2026-02-28",
        "text": "",
        "recurring": False,
        "condition": None,
    }
    assert (task["status"], task["percent"]) == ("done", 100)
    assert json.loads(json.dumps(export_document([written]))) == {"plans": [written]}

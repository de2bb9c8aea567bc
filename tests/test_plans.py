"""storage.plans: save_plan (create, re-ingest in place keeping history, rollback) and export_plans."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.models import Deadline, ParsedPlan, ParsedTask, ReportingDuty, Target
from storage.plans import ensure_unit, export_plans, save_plan


def make_plan(tasks=None, *, number="47a/KH-UBND", issuer="UBND phường Hòa Bình") -> ParsedPlan:
    if tasks is None:
        tasks = [
            ParsedTask(
                "1.1",
                "Rà soát, số hóa dữ liệu hộ tịch trên địa bàn phường",
                lead="Phòng Văn hóa - Xã hội",
                support=["Công an phường"],
                deadline=Deadline("date", date(2025, 7, 30), "trước 30/7/2025"),
            ),
            ParsedTask(
                "1.2",
                "Tuyên truyền kỹ năng số cho người dân tại các khu phố",
                lead="Phòng Kinh tế",
                deadline=Deadline("month", date(2025, 8, 31), "trong tháng 8/2025"),
            ),
            ParsedTask(
                "1.3",
                "Duy trì hoạt động của Tổ công nghệ số cộng đồng",
                lead=None,
                deadline=Deadline("recurring", None, "thường xuyên", recurring=True),
            ),
        ]
    return ParsedPlan(
        number=number,
        issuer=issuer,
        issued_on=date(2025, 6, 2),
        title="Kế hoạch thực hiện Nghị quyết 57-NQ/TW",
        implements=["57-NQ/TW"],
        replaces=["3845/KH-SCT"],
        tasks=tasks,
        duties=[
            ReportingDuty(
                "Báo cáo kết quả vào ngày 18 hằng tháng",
                reporter="Phòng Kinh tế",
                frequency="monthly",
                day=18,
            )
        ],
        targets=[Target("Tỷ lệ hồ sơ trực tuyến", {"2025": ">30%", "2026": ">50%"})],
    )


def count(db, table: str) -> int:
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def add_person(db) -> int:
    return db.execute(
        "INSERT INTO people (name, role, created_at) VALUES ('An', 'member', '2025-07-01T00:00:00')"
    ).lastrowid


def add_status(db, task_id: int, person_id: int) -> None:
    db.execute(
        "INSERT INTO status_updates (task_id, person_id, status, percent, created_at)"
        " VALUES (?, ?, 'in_progress', 40, '2025-07-01T08:00:00')",
        [task_id, person_id],
    )


def task_id(db, code: str) -> int:
    return db.execute("SELECT id FROM tasks WHERE code = ?", [code]).fetchone()[0]


def test_save_creates_plan_tasks_units_duties_targets(fresh_db):
    result = save_plan(fresh_db, make_plan(), source_file="kh47a.txt")
    assert result.created is True
    assert (result.tasks, result.with_lead, result.with_deadline) == (3, 2, 3)
    assert count(fresh_db, "plans") == 1 and count(fresh_db, "tasks") == 3
    folded = fresh_db.execute("SELECT content_folded FROM tasks WHERE code = '1.1'").fetchone()[0]
    assert folded.startswith("ra soat, so hoa du lieu ho tich") or folded.startswith("ra soat so hoa")
    roles = fresh_db.execute(
        "SELECT u.name, tu.role FROM task_units tu JOIN units u ON u.id = tu.unit_id"
        " WHERE tu.task_id = ? ORDER BY tu.role",
        [task_id(fresh_db, "1.1")],
    ).fetchall()
    assert ("Phòng Văn hóa - Xã hội", "lead") in roles
    assert count(fresh_db, "duties") == 1 and count(fresh_db, "targets") == 1
    plan = fresh_db.execute("SELECT replaces, implements FROM plans").fetchone()
    assert "3845/KH-SCT" in plan[0] and "57-NQ/TW" in plan[1]


@pytest.mark.parametrize(
    ("first", "then", "shown"),
    [
        ("Chi cục Thuy loi", "Chi cục Thủy lợi", "Chi cục Thủy lợi"),  # a clean plan improves an OCR'd name
        ("Chi cục Thủy lợi", "Chi cuc Thuy loi", "Chi cục Thủy lợi"),  # ... and an OCR'd one never spoils it
    ],
)
def test_a_unit_keeps_its_best_spelling(fresh_db, first, then, shown):
    unit = ensure_unit(fresh_db, first)
    assert ensure_unit(fresh_db, then) == unit
    assert fresh_db.execute("SELECT name FROM units WHERE id = ?", [unit]).fetchone()[0] == shown


def test_ensure_unit_is_idempotent_and_folded(fresh_db):
    first = ensure_unit(fresh_db, "Phòng Kinh tế")
    assert ensure_unit(fresh_db, "Phòng Kinh tế") == first
    assert ensure_unit(fresh_db, "Phòng Tài chính") != first
    assert count(fresh_db, "units") == 2


def test_reingest_updates_in_place_and_keeps_history_of_remaining_tasks(fresh_db):
    first = save_plan(fresh_db, make_plan())
    person = add_person(fresh_db)
    kept_id, removed_id = task_id(fresh_db, "1.1"), task_id(fresh_db, "1.3")
    add_status(fresh_db, kept_id, person)
    add_status(fresh_db, removed_id, person)
    for assigned in (kept_id, removed_id):
        fresh_db.execute(
            "INSERT INTO assignments (task_id, person_id, assigned_at) VALUES (?, ?, '2025-07-01T08:00:00')",
            [assigned, person],
        )
    fresh_db.execute("UPDATE tasks SET status = 'in_progress', percent = 40 WHERE id = ?", [kept_id])

    edited = make_plan()
    # 1.1 slightly edited (OCR'd differently), 1.3 dropped, a new 1.4 added.
    edited.tasks[0].content = "Rà soát, số hoá dữ liệu hộ tịch trên địa bàn phường."
    edited.tasks[0].deadline = Deadline("date", date(2025, 9, 30), "trước 30/9/2025")
    edited.tasks[2] = ParsedTask("1.4", "Triển khai ký số cho cán bộ", lead="Văn phòng HĐND và UBND")
    # 1.3 has history: removing it needs a confirmation.
    again = save_plan(fresh_db, edited, allow_removals=True)

    assert again.created is False and again.plan_id == first.plan_id
    assert count(fresh_db, "plans") == 1
    assert again.kept_history == 2 and again.removed == 1
    assert (again.changes.changed, again.changes.added, len(again.changes.removed_with_history)) == (1, 1, 1)
    assert task_id(fresh_db, "1.1") == kept_id
    row = fresh_db.execute("SELECT status, percent, due_date FROM tasks WHERE id = ?", [kept_id]).fetchone()
    assert row == ("in_progress", 40, "2025-09-30")
    history = fresh_db.execute("SELECT task_id FROM status_updates").fetchall()
    assert history == [(kept_id,)]  # the removed task's history went to the archive with it
    assert fresh_db.execute("SELECT task_id, updates FROM archived_tasks").fetchall() == [(removed_id, 1)]
    assert fresh_db.execute("SELECT task_id, person_id FROM assignments").fetchall() == [(kept_id, person)]
    assert fresh_db.execute("SELECT COUNT(*) FROM tasks WHERE code = '1.3'").fetchone()[0] == 0
    assert sorted(r[0] for r in fresh_db.execute("SELECT code FROM tasks")) == ["1.1", "1.2", "1.4"]


def test_reingest_with_ocr_variant_of_issuer_is_the_same_plan(fresh_db):
    save_plan(fresh_db, make_plan(issuer="UBND phường Hòa Bình"))
    save_plan(fresh_db, make_plan(issuer="UBND phuong Hoa Binb"))
    assert count(fresh_db, "plans") == 1


def test_same_number_other_issuer_is_another_plan(fresh_db):
    save_plan(fresh_db, make_plan(issuer="UBND phường Hòa Bình"))
    save_plan(fresh_db, make_plan(issuer="Sở Công Thương"))
    assert count(fresh_db, "plans") == 2


def test_duplicate_codes_are_kept_apart(fresh_db):
    tasks = [
        ParsedTask("2.1", "Nhiệm vụ thứ nhất về chuyển đổi số"),
        ParsedTask("2.1", "Nhiệm vụ thứ nhất về chuyển đổi số"),
    ]
    result = save_plan(fresh_db, make_plan(tasks))
    assert result.tasks == 2 and count(fresh_db, "tasks") == 2
    save_plan(fresh_db, make_plan(tasks))
    assert count(fresh_db, "tasks") == 2


def test_failure_mid_save_rolls_back_everything(fresh_db, monkeypatch):
    save_plan(fresh_db, make_plan())
    before = {t: count(fresh_db, t) for t in ("plans", "tasks", "units", "task_units", "duties", "targets")}
    title_before = fresh_db.execute("SELECT title FROM plans").fetchone()[0]

    import storage.plans as plans

    edited = make_plan()
    edited.title = "Tiêu đề mới"
    edited.tasks.append(ParsedTask("9.9", "Nhiệm vụ mới", lead="Phòng Y tế mới lập"))
    # Fails after the plan row was updated and tasks written, while saving targets.
    monkeypatch.setattr(plans, "fold_words", _fail_on("Tỷ lệ hồ sơ trực tuyến", plans.fold_words))
    with pytest.raises(RuntimeError):
        save_plan(fresh_db, edited)
    after = {t: count(fresh_db, t) for t in before}
    assert after == before
    assert fresh_db.execute("SELECT title FROM plans").fetchone()[0] == title_before


def _fail_on(text, real):
    def fold_words(value):
        if value == text:
            raise RuntimeError("disk full")
        return real(value)

    return fold_words


def test_export_format_keys(fresh_db):
    save_plan(fresh_db, make_plan())
    data = export_plans(fresh_db)
    assert list(data) == ["plans"]
    plan = data["plans"][0]
    for key in (
        "number",
        "issuer",
        "issued_on",
        "title",
        "replaces",
        "implements",
        "tasks",
        "duties",
        "targets",
    ):
        assert key in plan
    assert plan["issued_on"] == "2025-06-02" and plan["replaces"] == ["3845/KH-SCT"]
    task = plan["tasks"][0]
    for key in ("code", "content", "lead", "support", "deadline"):
        assert key in task
    assert task["lead"] == "Phòng Văn hóa - Xã hội"
    assert task["deadline"]["kind"] == "date" and task["deadline"]["due"] == "2025-07-30"
    assert task["deadline"]["text"] == "trước 30/7/2025"
    assert plan["tasks"][2]["deadline"]["due"] is None
    assert [t["code"] for t in plan["tasks"]] == ["1.1", "1.2", "1.3"]
    assert plan["duties"][0]["day"] == 18
    assert plan["targets"][0]["values"] == {"2025": ">30%", "2026": ">50%"}


def test_a_task_result_is_stored_exported_and_shown(fresh_db):
    from knowledge.answer import details_text
    from storage.tasks import get_task

    plan = make_plan()
    plan.tasks[0].result = "Dữ liệu hộ tịch được cập nhật lên hệ thống"
    save_plan(fresh_db, plan)
    exported = export_plans(fresh_db)["plans"][0]["tasks"]
    assert [t["result"] for t in exported] == ["Dữ liệu hộ tịch được cập nhật lên hệ thống", None, None]
    task_id = fresh_db.execute("SELECT id FROM tasks WHERE code = '1.1'").fetchone()[0]
    text = details_text(get_task(fresh_db, task_id), [], date(2025, 7, 1), "vi")
    assert "Sản phẩm: Dữ liệu hộ tịch được cập nhật lên hệ thống" in text


def test_save_plans_in_bulk_matches_one_at_a_time(fresh_db, tmp_path):
    from storage.db import open_db
    from storage.plans import save_plans

    plans = [make_plan(), make_plan(number="48/KH-UBND", issuer="UBND xã An Phú")]
    results = save_plans(fresh_db, [(p, f"{k}.txt", None) for k, p in enumerate(plans)], all_new=True)
    assert [r.created for r in results] == [True, True]
    one_by_one = open_db(tmp_path / "one.db")
    for k, p in enumerate(plans):
        save_plan(one_by_one, p, source_file=f"{k}.txt")
    assert export_plans(fresh_db) == export_plans(one_by_one)
    assert count(fresh_db, "task_units") == count(one_by_one, "task_units")


def test_save_plans_all_new_refuses_a_stored_plan_and_writes_nothing(fresh_db):
    import sqlite3

    from storage.plans import save_plans

    save_plan(fresh_db, make_plan())
    other = make_plan(number="48/KH-UBND")
    with pytest.raises(sqlite3.IntegrityError):
        save_plans(fresh_db, [(other, None, None), (make_plan(), None, None)], all_new=True)
    assert count(fresh_db, "plans") == 1
    assert count(fresh_db, "tasks") == 3


def test_units_differing_in_their_numbers_are_apart(fresh_db):
    tasks = [
        ParsedTask("1", "Kiểm tra chi bộ thôn Đồng Cỏ về chuyển đổi số", lead="Đoàn kiểm tra số 1"),
        ParsedTask("2", "Kiểm tra chi bộ trường tiểu học về dạy học số", lead="Đoàn kiểm tra số 2"),
    ]
    save_plan(fresh_db, make_plan(tasks))
    leads = {
        r[0] for r in fresh_db.execute("SELECT u.name FROM tasks t JOIN units u ON u.id = t.lead_unit_id")
    }
    assert leads == {"Đoàn kiểm tra số 1", "Đoàn kiểm tra số 2"}

"""storage.reports: counts by situation, difficulties, next-period tasks, notes, duties, plans by number."""

from datetime import date

import pytest

from storage import reports as reports_db
from storage.reports import Scope
from tests.reports_world import BLOCKED_NOTE, KT, OVERDUE_NOTE, REPORT_DATE, VHXH, VP, seed_reports


@pytest.fixture
def world(fresh_db):
    return fresh_db, seed_reports(fresh_db)


def expected_situations(db, as_of: date, where: str = "1", params=()) -> dict[int, str]:
    """The situation of every task, computed here in Python from the raw rows (not by the SQL under test)."""
    out = {}
    for task_id, status, due in db.execute(f"SELECT id, status, due_date FROM tasks WHERE {where}", params):
        if status != "done" and due and due < as_of.isoformat():
            out[task_id] = "overdue"
        else:
            out[task_id] = status
    return out


def test_counts_by_unit_match_the_tasks(world):
    db, ids = world
    groups = {g.label: g for g in reports_db.counts_by_unit(db, Scope(), REPORT_DATE)}
    assert set(groups) == {KT, VHXH, VP, ""}
    assert (groups[KT].done, groups[KT].in_progress, groups[KT].blocked, groups[KT].total) == (1, 1, 1, 3)
    assert (groups[VHXH].overdue, groups[VHXH].not_started, groups[VHXH].total) == (1, 1, 2)
    situations = expected_situations(db, REPORT_DATE)
    total = reports_db.totals(list(groups.values()))
    for situation in reports_db.SITUATIONS:
        assert getattr(total, situation) == sum(1 for s in situations.values() if s == situation), situation


def test_overdue_moves_with_the_report_date(world):
    db, ids = world
    later = date(2026, 1, 1)
    groups = {g.label: g for g in reports_db.counts_by_unit(db, Scope(), later)}
    # By 2026 every dated open task is overdue; the done one is not, the undated one is not.
    assert groups[KT].overdue == 2 and groups[KT].done == 1
    assert groups[VP].overdue == 0 and groups[VP].not_started == 1


def test_unit_scope_counts_tasks_it_leads_or_coordinates(world):
    db, ids = world
    scope = Scope(unit_id=ids[f"unit:{VHXH}"])
    rows = reports_db.tasks(db, scope, REPORT_DATE)
    # Leads 1.1 and 2.2; coordinates 1.2.
    assert sorted(r.code for r in rows) == ["1.1", "1.2", "2.2"]
    assert all(r.plan_number == "47a/KH-UBND" for r in rows)


def test_task_rows_carry_the_latest_note_and_evidence(world):
    db, ids = world
    rows = {r.id: r for r in reports_db.tasks(db, Scope(), REPORT_DATE)}
    wifi = rows[ids["task:A1.2"]]
    assert wifi.status == "blocked" and wifi.percent == 30
    assert wifi.last_note == BLOCKED_NOTE
    assert wifi.evidence_count == 1
    assert wifi.coordinators == (VHXH,)
    assert wifi.reference == "47a/KH-UBND · 1.2"
    assert rows[ids["task:A1.1"]].overdue and rows[ids["task:A1.1"]].last_note == OVERDUE_NOTE
    assert rows[ids["task:B2"]].lead == "các thôn" and rows[ids["task:B2"]].lead_unit_id is None


def test_difficulties_are_blocked_and_overdue_with_reasons(world):
    db, ids = world
    found = reports_db.difficulties(db, Scope(), REPORT_DATE)
    assert [t.id for t in found] == [ids["task:A1.1"], ids["task:A1.2"]]
    assert [t.last_note for t in found] == [OVERDUE_NOTE, BLOCKED_NOTE]


def test_tasks_due_next_period_skip_done_ones(world):
    db, ids = world
    due = reports_db.due_between(db, Scope(), date(2025, 9, 1), date(2025, 9, 30), REPORT_DATE)
    assert [t.id for t in due] == [ids["task:A1.2"], ids["task:B1"]]
    august = reports_db.due_between(db, Scope(), date(2025, 8, 1), date(2025, 8, 31), REPORT_DATE)
    assert august == []  # 2.1 was due in August but is done
    assert (
        len(
            reports_db.due_between(
                db, Scope(), date(2025, 8, 1), date(2025, 8, 31), REPORT_DATE, open_only=False
            )
        )
        == 1
    )


def test_notes_of_a_period(world):
    db, ids = world
    notes = reports_db.notes_between(db, Scope(), date(2025, 8, 1), date(2025, 8, 31))
    assert [n.note for n in notes][-1] == BLOCKED_NOTE
    assert len(notes) == 4 and all(n.person for n in notes)
    assert reports_db.notes_between(db, Scope(), date(2025, 7, 1), date(2025, 7, 31)) == []


def test_duties_of_a_unit(world):
    db, ids = world
    kt = reports_db.duties(db, Scope(unit_id=ids[f"unit:{KT}"]))
    assert {d.id for d in kt} == {ids["duty:monthly"], ids["duty:yearly"]}
    vp_only = reports_db.duties(db, Scope(unit_id=ids[f"unit:{VP}"]))
    # VP has tasks in plan A (so the monthly duty without a reporter unit concerns it), not the KT-only one.
    assert {d.id for d in vp_only} == {ids["duty:monthly"]}


def test_evidence_of_an_update(world):
    db, ids = world
    found = reports_db.evidence(db, ids["update:A1.2:blocked"])
    assert found.kind == "photo" and found.ref.startswith("https://") and found.task_id == ids["task:A1.2"]
    with pytest.raises(reports_db.NotFound):
        reports_db.evidence(db, ids["update:A1.2:in_progress"])  # an update without a file


@pytest.mark.parametrize("written", ["47a", "47A/KH-UBND", "47a/kh-ubnd", "47a/KH"])
def test_find_plan_by_number_as_people_write_it(world, written):
    db, ids = world
    assert reports_db.find_plan(db, written).id == ids["plan:A"]


def test_unknown_and_ambiguous_plan_numbers(world):
    db, ids = world
    with pytest.raises(reports_db.UnknownPlan):
        reports_db.find_plan(db, "99")
    from tests.reports_world import _plan

    _plan(db, "47a/KH-SCT", "Kế hoạch của Sở")
    with pytest.raises(reports_db.AmbiguousPlan) as caught:
        reports_db.find_plan(db, "47a")
    assert sorted(caught.value.numbers) == ["47a/KH-SCT", "47a/KH-UBND"]
    assert reports_db.find_plan(db, "47a/KH-UBND").id == ids["plan:A"]

"""The planning queries of storage/reminders.py (what is due, to whom) and the outbox counts the CLI shows,
against a fresh database; and how the planner uses mutes in the weekly overdue lists."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.clock import VN_TZ
from bot.reminders import plan_tick
from bot.reminders.calendar import DUTY_FREQUENCIES
from storage import reminders as q
from storage.outbox import counts_by_state, enqueue_message, has_unsent
from storage.reminders import mute_task, set_paused
from tests.test_reminders import World, at

TODAY = "2026-11-30"
ECO = "Phòng Kinh tế"


@pytest.fixture
def world(fresh_db):
    return World(fresh_db)


def test_task_deadline_rows_go_to_assignees_else_the_lead_units_leaders(world):
    leader = world.person("Hùng", "leader", ECO)
    member = world.person("Lan", "member", ECO)
    gone = world.person("Cũ", "member", ECO)
    world.db.execute("UPDATE people SET active = 0 WHERE id = ?", [gone])
    assigned = world.task("2026-12-03", unit=ECO, assigned=(member,), code="1.1")
    unassigned = world.task("2026-12-02", unit=ECO)
    only_gone = world.task("2026-12-04", unit=ECO, assigned=(gone,))
    world.task("2026-12-05", unit=ECO, status="done", assigned=(member,))
    world.task("2026-12-20", unit=ECO, assigned=(member,))  # outside the window
    world.task(None, unit=ECO, kind="recurring", assigned=(member,))

    rows = q.task_deadline_rows(world.db, due_from=TODAY, due_to="2026-12-07")

    assert [(r.task_id, r.person_id) for r in rows] == [
        (unassigned, leader),
        (assigned, member),
        (only_gone, leader),  # an inactive assignee does not count as assigned
    ]
    first = next(r for r in rows if r.task_id == assigned)
    assert (first.due_date, first.code, first.plan, first.unit) == ("2026-12-03", "1.1", "47/KH-UBND", ECO)
    assert first.content.startswith("Nhiệm vụ số")


def test_task_deadline_rows_leave_out_the_persons_own_mutes(world):
    a = world.person("Lan", "member", ECO)
    b = world.person("Mai", "member", ECO)
    task = world.task("2026-12-03", unit=ECO, assigned=(a, b))
    mute_task(world.db, a, task)
    rows = q.task_deadline_rows(world.db, due_from=TODAY, due_to="2026-12-07")
    assert [(r.task_id, r.person_id) for r in rows] == [(task, b)]


def test_eligible_people_need_an_active_identity_and_no_pause(world):
    ok = world.person("Lan")
    paused = world.person("Mai", paused=True)
    world.person("Không chat", identity=False)
    assert q.eligible_people(world.db) == {ok}
    set_paused(world.db, paused, False)
    assert q.eligible_people(world.db) == {ok, paused}


def test_overdue_by_unit_lists_the_oldest_and_counts_all(world):
    tasks = [world.task(f"2026-11-{day:02d}", unit=ECO) for day in (20, 10, 15, 25)]
    other = world.task("2026-11-01", unit="Phòng Văn hóa - Xã hội")
    world.task("2026-11-02", unit=ECO, status="done")
    world.task("2026-12-01", unit=ECO)  # not overdue yet
    eco, culture = world.unit(ECO), world.unit("Phòng Văn hóa - Xã hội")

    found = q.overdue_by_unit(world.db, today=TODAY, unit_ids=[eco, eco, culture], first=2)

    assert found[eco].total == 4
    assert [t.task_id for t in found[eco].tasks] == [tasks[1], tasks[2]]
    assert [t.task_id for t in found[culture].tasks] == [other]
    assert q.overdue_by_unit(world.db, today=TODAY, unit_ids=[], first=2) == {}


def test_overdue_by_unit_answers_for_more_units_than_one_query_takes(world):
    units = [world.unit(f"Đơn vị {i}") for i in range(520)]
    world.task("2026-11-01", unit="Đơn vị 519")
    found = q.overdue_by_unit(world.db, today=TODAY, unit_ids=units, first=3)
    assert list(found) == [units[-1]] and found[units[-1]].total == 1


def test_overdue_since_counts_and_lists_only_what_is_old_enough(world):
    old = world.task("2026-11-01", unit=ECO)
    older = world.task("2026-10-01", unit=ECO)
    world.task("2026-11-25", unit=ECO)
    assert q.count_overdue_since(world.db, today=TODAY, due_on_or_before="2026-11-16") == 2
    listed = q.overdue_since(world.db, today=TODAY, due_on_or_before="2026-11-16", limit=1)
    assert [t.task_id for t in listed] == [older]
    assert [
        t.task_id for t in q.overdue_since(world.db, today=TODAY, due_on_or_before="2026-11-16", limit=5)
    ] == [
        older,
        old,
    ]


def test_overdue_mutes_only_for_overdue_open_tasks(world):
    person = world.person("Lan", "member", ECO)
    overdue = world.task("2026-11-20", unit=ECO)
    future = world.task("2026-12-20", unit=ECO)
    done = world.task("2026-11-20", unit=ECO, status="done")
    for task in (overdue, future, done):
        mute_task(world.db, person, task)
    mutes = q.overdue_mutes(world.db, today=TODAY)
    assert [(m.person_id, m.task_id, m.unit_id, m.due_date) for m in mutes] == [
        (person, overdue, world.unit(ECO), "2026-11-20")
    ]


def test_leaders_admins_and_duty_recipients(world):
    admin = world.person("Quản trị", "admin")
    eco_leader = world.person("Hùng", "leader", ECO)
    eco_member = world.person("Lan", "member", ECO)
    leader_without_unit = world.person("Không đơn vị", "leader")
    culture_leader = world.person("Minh", "leader", "Phòng Văn hóa - Xã hội")
    assert [(r.person_id, r.unit_id) for r in q.unit_leaders(world.db)] == [
        (eco_leader, world.unit(ECO)),
        (culture_leader, world.unit("Phòng Văn hóa - Xã hội")),
    ]
    assert q.admin_ids(world.db) == [admin]
    assert q.duty_recipient_ids(world.db, world.unit(ECO)) == [eco_leader, eco_member]
    assert q.duty_recipient_ids(world.db, None) == [eco_leader, leader_without_unit, culture_leader]


def test_reporting_duties_need_a_known_frequency_and_a_day(world):
    monthly = world.duty("monthly", 18, unit=ECO)
    yearly = world.duty("yearly", 5, month=12)
    world.duty("daily", 1)
    world.db.execute(
        "INSERT INTO duties (plan_id, text, frequency, day) VALUES (1, 'Khi có yêu cầu', 'monthly', NULL)"
    )
    duties = {d.duty_id: d for d in q.reporting_duties(world.db, DUTY_FREQUENCIES)}
    assert set(duties) == {monthly, yearly}
    assert [d.duty_id for d in q.reporting_duties(world.db, ["yearly"])] == [yearly]
    assert q.reporting_duties(world.db, []) == []
    assert (duties[monthly].unit_id, duties[monthly].unit, duties[monthly].plan) == (
        world.unit(ECO),
        ECO,
        "47/KH-UBND",
    )
    assert (duties[yearly].frequency, duties[yearly].day, duties[yearly].month) == ("yearly", 5, 12)


def test_recipients_answers_for_many_ids_and_skips_unknown(world):
    ids = [world.person(f"Người {i}") for i in range(950)]
    world.db.execute("UPDATE people SET language = 'en' WHERE id = ?", [ids[-1]])
    found = q.recipients(world.db, [*ids, 99_999])
    assert len(found) == 950 and 99_999 not in found
    assert (found[ids[-1]].name, found[ids[-1]].language) == ("Người 949", "en")


# --- the planner's use of mutes in the weekly lists -------------------------------------------------


def test_a_leaders_mute_leaves_the_overdue_list_and_the_count(world):
    leader = world.person("Hùng", "leader", ECO)
    other_leader = world.person("Hoa", "leader", ECO)
    tasks = [world.task("2026-11-20", unit=ECO) for _ in range(3)]
    mute_task(world.db, leader, tasks[0])
    digests = {d.person_id: d for d in plan_tick(world.db, at(TODAY))}
    assert [i.task_id for i in digests[leader].items] == tasks[1:]
    assert [i.task_id for i in digests[other_leader].items] == tasks


def test_a_leader_who_muted_every_overdue_task_gets_no_digest(world):
    leader = world.person("Hùng", "leader", ECO)
    task = world.task("2026-11-20", unit=ECO)
    mute_task(world.db, leader, task)
    assert plan_tick(world.db, at(TODAY)) == []


def test_an_admins_mutes_lower_the_escalation_count(world):
    admin = world.person("Quản trị", "admin")
    old = [world.task("2026-11-01", unit=ECO) for _ in range(10)]
    on_the_cutoff = world.task("2026-11-16", unit=ECO)  # exactly 14 days overdue: escalated
    world.task("2026-11-17", unit=ECO)  # 13 days: not yet
    mute_task(world.db, admin, old[0])
    mute_task(world.db, admin, on_the_cutoff)
    (digest,) = plan_tick(world.db, at(TODAY))
    assert digest.person_id == admin
    assert [i.task_id for i in digest.items] == old[1:9]  # 8 listed (digest_max_items)
    assert digest.more == {"escalation": 1}  # 11 escalated, 9 left after the mutes, 8 listed


# --- outbox counts (planbot outbox status) ----------------------------------------------------------


def test_outbox_counts_by_state_and_unsent(world):
    person = world.person("Lan")
    assert counts_by_state(world.db) == [] and not has_unsent(world.db)
    now = datetime(2026, 11, 30, 8, 0, tzinfo=VN_TZ)
    enqueue_message(world.db, person_id=person, text="a", dedupe_key="a", now=now)
    enqueue_message(world.db, person_id=person, text="b", dedupe_key="b", now=now)
    world.db.execute("UPDATE outbox SET state = 'sent' WHERE message_key = 'b'")
    assert [(c.channel, c.state, c.count) for c in counts_by_state(world.db)] == [
        ("telegram", "pending", 1),
        ("telegram", "sent", 1),
    ]
    assert has_unsent(world.db)
    world.db.execute("UPDATE outbox SET state = 'sent'")
    assert not has_unsent(world.db)

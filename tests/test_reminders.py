"""Reminder planning and the tick, with an injected clock (today is Monday 2026-11-23; 24/11 is a public
holiday in Vietnam, Vietnam Cultural Day)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from bot import reminders
from bot.clock import VN_TZ, FixedClock
from bot.reminders import (
    PolicyError,
    ReminderPolicy,
    WorkCalendar,
    duty_occurrence,
    plan_tick,
    preview,
    run_tick,
)
from storage.db import open_db
from storage.outbox import OutboxRow, claim_due, mark_sent
from storage.reminders import ledger_rows, mute_task, save_policy_setting, set_paused

NOW = "2026-11-23T00:00:00+00:00"


def at(day: str, hhmm: str = "08:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=VN_TZ)


class World:
    """A tiny knowledge base + people, written with plain SQL (the factories of this test)."""

    def __init__(self, db):
        self.db = db
        db.execute(
            "INSERT INTO plans (id, number, number_key, issuer_key, title, ingested_at) "
            "VALUES (1, '47/KH-UBND', '47/kh-ubnd', '', 'Kế hoạch chuyển đổi số', ?)",
            [NOW],
        )
        self.units = {}
        self.next_task = 1
        self.next_person = 1

    def unit(self, name: str) -> int:
        if name not in self.units:
            self.units[name] = self.db.execute(
                "INSERT INTO units (name, folded) VALUES (?, ?)", [name, name.lower()]
            ).lastrowid
        return self.units[name]

    def person(
        self,
        name: str,
        role: str = "member",
        unit: str | None = None,
        *,
        identity: bool = True,
        paused: bool = False,
    ) -> int:
        pid = self.next_person
        self.next_person += 1
        self.db.execute(
            "INSERT INTO people (id, name, unit_id, role, reminders_paused, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [pid, name, self.unit(unit) if unit else None, role, int(paused), NOW],
        )
        if identity:
            self.db.execute(
                "INSERT INTO identities (channel, external_id, person_id, chat_id) VALUES ('telegram', ?, ?, ?)",
                [str(1000 + pid), pid, str(1000 + pid)],
            )
        return pid

    def task(
        self,
        due: str | None,
        unit: str = "Phòng Văn hóa - Xã hội",
        *,
        kind: str = "date",
        status: str = "not_started",
        assigned: tuple[int, ...] = (),
        code: str | None = None,
    ) -> int:
        tid = self.next_task
        self.next_task += 1
        self.db.execute(
            "INSERT INTO tasks (id, plan_id, task_key, code, content, content_folded, lead_unit_id, deadline_kind, "
            "due_date, status, position) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                tid,
                f"k{tid}",
                code or f"{tid}",
                f"Nhiệm vụ số {tid} <b>",
                f"nhiem vu so {tid}",
                self.unit(unit),
                kind,
                due,
                status,
                tid,
            ],
        )
        for pid in assigned:
            self.db.execute(
                "INSERT INTO assignments (task_id, person_id, assigned_at) VALUES (?, ?, ?)", [tid, pid, NOW]
            )
        return tid

    def duty(self, frequency: str, day: int, month: int | None = None, unit: str | None = None) -> int:
        return self.db.execute(
            "INSERT INTO duties (plan_id, text, reporter_unit_id, frequency, day, month) VALUES (1, ?, ?, ?, ?, ?)",
            ["Báo cáo kết quả chuyển đổi số", self.unit(unit) if unit else None, frequency, day, month],
        ).lastrowid


@pytest.fixture
def world(fresh_db):
    return World(fresh_db)


def kinds_by_person(digests) -> dict[int, list[tuple[str, str]]]:
    return {d.person_id: sorted((i.kind, i.subject) for i in d.items) for d in digests}


def outbox_rows(db):
    return db.execute("SELECT person_id, payload, message_key FROM outbox ORDER BY id").fetchall()


# --- each kind --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "tick_day", "kind"),
    [
        ("2026-12-07", "2026-11-30", "before_7"),
        ("2026-12-10", "2026-12-07", "before_3"),
        ("2026-12-03", "2026-12-02", "before_1"),
        ("2026-12-03", "2026-12-03", "due"),
    ],
)
def test_each_task_kind_reaches_the_assignee_at_eight(world, due, tick_day, kind):
    member = world.person("Lan", unit="Phòng Văn hóa - Xã hội")
    leader = world.person("Hùng", "leader", "Phòng Văn hóa - Xã hội")
    task = world.task(due, assigned=(member,))
    assert plan_tick(world.db, at(tick_day, "07:59")) == []
    digests = plan_tick(world.db, at(tick_day, "08:00"))
    assert kinds_by_person(digests) == {member: [(kind, f"task:{task}")]}
    assert leader not in kinds_by_person(digests)
    assert not digests[0].late


def test_no_reminder_on_days_between_kinds(world):
    member = world.person("Lan", unit="Phòng Văn hóa - Xã hội")
    world.task("2026-12-10", assigned=(member,))
    run_tick(world.db, at("2026-12-03"))  # before_7
    for day in ("2026-12-04", "2026-12-05"):
        assert plan_tick(world.db, at(day, "09:00")) == []


def test_unassigned_task_goes_to_the_lead_units_leaders_only(world):
    leader = world.person("Hùng", "leader", "Phòng Kinh tế")
    world.person("Lan", "member", "Phòng Kinh tế")
    other_leader = world.person("Minh", "leader", "Phòng Văn hóa - Xã hội")
    task = world.task("2026-12-07", unit="Phòng Kinh tế")
    digests = plan_tick(world.db, at("2026-11-30"))
    assert kinds_by_person(digests) == {leader: [("before_7", f"task:{task}")]}
    assert other_leader not in kinds_by_person(digests)


def test_month_deadline_on_last_day_is_reminded_recurring_and_conditional_are_not(world):
    member = world.person("Lan", unit="Phòng Văn hóa - Xã hội")
    month_task = world.task("2026-12-31", kind="month", assigned=(member,))
    world.task(None, kind="recurring", assigned=(member,))
    world.task(None, kind="conditional", assigned=(member,))
    digests = plan_tick(world.db, at("2026-12-24"))  # Thursday, 7 days before 31/12
    assert kinds_by_person(digests) == {member: [("before_7", f"task:{month_task}")]}


# --- quiet hours, weekends, holidays ----------------------------------------------------------------


@pytest.mark.parametrize("hhmm", ["21:00", "23:30", "02:00", "06:59", "07:30"])
def test_nothing_is_pushed_in_quiet_hours_or_before_eight(world, hhmm):
    member = world.person("Lan", unit="Phòng Văn hóa - Xã hội")
    world.task("2026-12-07", assigned=(member,))
    assert plan_tick(world.db, at("2026-11-30", hhmm)) == []
    assert run_tick(world.db, at("2026-11-30", hhmm)).digests == 0


def test_missed_in_quiet_hours_moves_to_next_working_morning_marked_late(world):
    member = world.person("Lan", unit="Phòng Văn hóa - Xã hội")
    task = world.task("2026-12-07", assigned=(member,))
    # The bot was down all of Monday 30/11 until 22:00: nothing at night, the next morning it goes, late.
    assert plan_tick(world.db, at("2026-11-30", "22:00")) == []
    digests = plan_tick(world.db, at("2026-12-01", "08:00"))
    assert kinds_by_person(digests) == {member: [("before_7", f"task:{task}")]}
    assert digests[0].late


def test_public_holiday_moves_reminder_to_next_working_morning(world):
    member = world.person("Lan", unit="Phòng Văn hóa - Xã hội")
    task = world.task("2026-11-27", assigned=(member,))  # before_3 falls on 24/11, a public holiday
    assert not WorkCalendar(ReminderPolicy()).is_working(date(2026, 11, 24))
    assert plan_tick(world.db, at("2026-11-24", "10:00")) == []
    digests = plan_tick(world.db, at("2026-11-25", "08:00"))
    assert kinds_by_person(digests) == {member: [("before_3", f"task:{task}")]}
    assert not digests[0].late  # that is when it was due


def test_tet_holidays_are_not_working_days():
    calendar = WorkCalendar(ReminderPolicy())
    assert not calendar.is_working(date(2026, 2, 17))  # Tết
    assert calendar.next_working(date(2026, 2, 14)) == date(2026, 2, 23)


def test_weekend_reminder_collapses_into_monday_due_day(world):
    member = world.person("Lan", unit="Phòng Văn hóa - Xã hội")
    task = world.task("2026-12-07", assigned=(member,))  # Monday; 1 day before is Sunday
    run_tick(world.db, at("2026-12-02"))  # before_3 (Wednesday)
    assert plan_tick(world.db, at("2026-12-06", "10:00")) == []  # Sunday
    digests = plan_tick(world.db, at("2026-12-07"))
    assert kinds_by_person(digests) == {member: [("due", f"task:{task}")]}


# --- overdue digest ---------------------------------------------------------------------------------


def test_weekly_overdue_digest_to_leader_and_admins_after_14_days(world):
    leader = world.person("Hùng", "leader", "Phòng Kinh tế")
    member = world.person("Lan", "member", "Phòng Kinh tế")
    admin = world.person("Quản trị", "admin")
    recent = world.task("2026-11-25", unit="Phòng Kinh tế", assigned=(member,))
    old = world.task("2026-11-10", unit="Phòng Kinh tế")
    world.task("2026-11-12", unit="Phòng Kinh tế", status="done")
    # Monday 30/11: the weekly digest.
    result = run_tick(world.db, at("2026-11-30"))
    assert result.digests == 2
    ledger = {(r["person_id"], r["kind"], r["due_date"]) for r in ledger_rows(world.db)}
    assert ledger == {(leader, "overdue", "2026-11-30"), (admin, "escalation", "2026-11-30")}
    payloads = {pid: json.loads(p)["text"] for pid, p, _ in outbox_rows(world.db)}
    assert "2 nhiệm vụ quá hạn" in payloads[leader]
    assert "Phòng Kinh tế" in payloads[leader]
    assert "1 nhiệm vụ quá hạn trên 14 ngày" in payloads[admin]
    assert f"Nhiệm vụ số {old}" in payloads[admin] and f"Nhiệm vụ số {recent} " not in payloads[admin]
    assert member not in payloads
    # The rest of the week: nothing more. Next Monday: again.
    for day in ("2026-12-01", "2026-12-02", "2026-12-04"):
        assert run_tick(world.db, at(day, "09:00")).digests == 0
    assert run_tick(world.db, at("2026-12-07")).digests == 2


def test_overdue_digest_missed_on_monday_goes_out_later_that_week_late(world):
    leader = world.person("Hùng", "leader", "Phòng Kinh tế")
    world.task("2026-11-25", unit="Phòng Kinh tế")
    digests = plan_tick(world.db, at("2026-12-02", "15:00"))  # down since Sunday
    assert [(d.person_id, d.late) for d in digests] == [(leader, True)]
    assert {i.kind for i in digests[0].items} == {"overdue"}


def test_overdue_digest_shows_a_few_and_counts_the_rest(world):
    leader = world.person("Hùng", "leader", "Phòng Kinh tế")
    for _ in range(12):
        world.task("2026-11-20", unit="Phòng Kinh tế")
    run_tick(world.db, at("2026-11-30"))
    text = json.loads(outbox_rows(world.db)[0][1])["text"]
    assert "12 nhiệm vụ quá hạn" in text and "… và 4 mục khác" in text
    assert outbox_rows(world.db)[0][0] == leader


# --- reporting duties -------------------------------------------------------------------------------


def test_monthly_duty_two_days_before_and_on_the_day_to_the_reporting_unit(world):
    reporter = world.person("Lan", "member", "Phòng Kinh tế")
    reporter_leader = world.person("Hùng", "leader", "Phòng Kinh tế")
    other = world.person("Minh", "leader", "Phòng Văn hóa - Xã hội")
    duty = world.duty("monthly", 18, unit="Phòng Kinh tế")
    assert plan_tick(world.db, at("2026-12-15")) == []
    before = plan_tick(world.db, at("2026-12-16"))
    assert kinds_by_person(before) == {
        reporter: [("duty_before_2", f"duty:{duty}")],
        reporter_leader: [("duty_before_2", f"duty:{duty}")],
    }
    run_tick(world.db, at("2026-12-16"))
    assert plan_tick(world.db, at("2026-12-17")) == []
    on_day = plan_tick(world.db, at("2026-12-18"))
    assert {d.person_id for d in on_day} == {reporter, reporter_leader}
    assert other not in {d.person_id for d in on_day}
    assert {i.kind for d in on_day for i in d.items} == {"duty_due"}


def test_duty_without_reporting_unit_goes_to_all_leaders(world):
    a = world.person("Hùng", "leader", "Phòng Kinh tế")
    b = world.person("Minh", "leader", "Phòng Văn hóa - Xã hội")
    world.person("Lan", "member", "Phòng Kinh tế")
    world.duty("yearly", 5, month=12)
    assert {d.person_id for d in plan_tick(world.db, at("2026-12-03"))} == {a, b}


def test_duty_occurrence_clamps_to_month_end():
    assert duty_occurrence("monthly", 31, None, date(2027, 2, 1)) == date(2027, 2, 28)
    assert duty_occurrence("monthly", 18, None, date(2026, 12, 19)) == date(2027, 1, 18)
    assert duty_occurrence("yearly", 5, 12, date(2026, 12, 6)) == date(2027, 12, 5)
    assert duty_occurrence("quarterly", 5, None, date(2026, 12, 6)) is None  # month of the quarter unknown


@pytest.mark.parametrize(
    ("day", "month", "on_or_after", "expected"),
    [
        (15, 3, date(2026, 11, 23), date(2026, 12, 15)),  # the quarter's last month: 3, 6, 9, 12
        (15, 3, date(2026, 12, 16), date(2027, 3, 15)),
        (31, 3, date(2027, 4, 1), date(2027, 6, 30)),  # clamped to the month's end
        (5, 1, date(2026, 11, 23), date(2027, 1, 5)),  # the next quarter's first month: 1, 4, 7, 10
        (5, 1, date(2026, 10, 5), date(2026, 10, 5)),
    ],
)
def test_quarterly_duty_occurrence(day, month, on_or_after, expected):
    assert duty_occurrence("quarterly", day, month, on_or_after) == expected


@pytest.mark.parametrize(
    ("weekday", "on_or_after", "expected"),
    [
        (5, date(2026, 11, 23), date(2026, 11, 27)),  # Monday → that Friday
        (1, date(2026, 11, 23), date(2026, 11, 23)),  # Monday → the same day
        (7, date(2026, 11, 28), date(2026, 11, 29)),  # Saturday → Sunday
        (8, date(2026, 11, 23), None),  # not a weekday
    ],
)
def test_weekly_duty_occurrence(weekday, on_or_after, expected):
    assert duty_occurrence("weekly", weekday, None, on_or_after) == expected


def test_quarterly_duty_is_reminded_before_its_day(world):
    reporter = world.person("Lan", "member", "Phòng Kinh tế")
    duty = world.duty("quarterly", 18, month=3, unit="Phòng Kinh tế")
    assert plan_tick(world.db, at("2026-11-16")) == []  # not a quarter's last month
    assert kinds_by_person(plan_tick(world.db, at("2026-12-16"))) == {
        reporter: [("duty_before_2", f"duty:{duty}")]
    }


# --- suppression ------------------------------------------------------------------------------------


def test_done_task_gets_nothing(world):
    member = world.person("Lan", unit="Phòng Văn hóa - Xã hội")
    task = world.task("2026-12-07", assigned=(member,))
    assert plan_tick(world.db, at("2026-11-30"))
    world.db.execute("UPDATE tasks SET status = 'done' WHERE id = ?", [task])
    assert plan_tick(world.db, at("2026-11-30")) == []
    assert plan_tick(world.db, at("2026-12-09")) == []  # and no overdue digest later


def test_muted_task_and_paused_person_get_nothing(world):
    lan = world.person("Lan", unit="Phòng Văn hóa - Xã hội")
    mai = world.person("Mai", unit="Phòng Văn hóa - Xã hội")
    muted = world.task("2026-12-07", assigned=(lan, mai))
    kept = world.task("2026-12-07", assigned=(lan,))
    mute_task(world.db, lan, muted)
    set_paused(world.db, mai, True)
    assert kinds_by_person(plan_tick(world.db, at("2026-11-30"))) == {lan: [("before_7", f"task:{kept}")]}


def test_person_without_active_identity_is_skipped_until_they_have_one(world):
    lan = world.person("Lan", unit="Phòng Văn hóa - Xã hội", identity=False)
    world.task("2026-12-07", assigned=(lan,))
    assert plan_tick(world.db, at("2026-11-30")) == []


# --- one digest per recipient, the ledger -----------------------------------------------------------


def test_one_digest_per_recipient_with_detail_and_mute_buttons(world):
    lan = world.person("Lan", unit="Phòng Văn hóa - Xã hội")
    tasks = [world.task("2026-12-07", assigned=(lan,)) for _ in range(3)]
    result = run_tick(world.db, at("2026-11-30"))
    assert (result.digests, result.reminders, result.queued_rows) == (1, 3, 1)
    person_id, payload, _ = outbox_rows(world.db)[0]
    payload = json.loads(payload)
    assert person_id == lan
    assert "3 nhiệm vụ sắp đến hạn" in payload["text"]
    assert "&lt;b&gt;" in payload["text"]  # document text is escaped
    actions = [b["action"] for row in payload["buttons"] for b in row]
    assert actions == [a for tid in tasks for a in (f"td:{tid}", f"mt:{tid}")]


def test_tick_twice_and_restart_never_queue_twice(world, tmp_path):
    lan = world.person("Lan", unit="Phòng Văn hóa - Xã hội")
    world.task("2026-12-07", assigned=(lan,))
    assert run_tick(world.db, at("2026-11-30")).digests == 1
    assert run_tick(world.db, at("2026-11-30")).digests == 0
    assert run_tick(world.db, at("2026-11-30", "08:01")).digests == 0
    # A restart: a new process opens the same file and ticks again.
    path = world.db.execute("PRAGMA database_list").fetchone()[2]
    again = open_db(path)
    assert run_tick(again, at("2026-11-30", "08:05")).digests == 0
    again.conn.close()
    assert len(outbox_rows(world.db)) == 1


def test_sending_marks_the_ledger(world):
    lan = world.person("Lan", unit="Phòng Văn hóa - Xã hội")
    world.task("2026-12-07", assigned=(lan,))
    run_tick(world.db, at("2026-11-30"))
    assert [r["state"] for r in ledger_rows(world.db)] == ["claimed"]
    rows = claim_due(world.db, "telegram", now=at("2026-11-30", "08:00"), limit=10)
    assert isinstance(rows[0], OutboxRow)
    mark_sent(world.db, rows[0], now=at("2026-11-30", "08:00"))
    assert [r["state"] for r in ledger_rows(world.db)] == ["sent"]


def test_catch_up_after_downtime_sends_once_late_and_drops_what_is_past(world):
    lan = world.person("Lan", unit="Phòng Văn hóa - Xã hội")
    leader = world.person("Hùng", "leader", "Phòng Văn hóa - Xã hội")
    upcoming = world.task("2026-12-10", assigned=(lan,))  # before_7 (3/12) and before_3 (7/12) missed
    passed = world.task("2026-12-04", assigned=(lan,))  # its whole "before" life was missed
    clock = FixedClock(at("2026-12-08", "10:00"))  # back up on Tuesday 8/12
    result = run_tick(world.db, clock.now())
    rows = {(r["person_id"], r["subject"], r["kind"]): r for r in ledger_rows(world.db)}
    assert rows[(lan, f"task:{upcoming}", "before_3")]["late"] == 1
    assert (lan, f"task:{upcoming}", "before_7") not in rows  # collapsed, not flooded
    assert not any(subject == f"task:{passed}" for _, subject, _ in rows)  # past usefulness: dropped
    assert (leader, "digest", "overdue") in rows  # the overdue task goes to the weekly digest instead
    assert result.late == 2
    lan_text = next(json.loads(p)["text"] for pid, p, _ in outbox_rows(world.db) if pid == lan)
    assert "Gửi muộn" in lan_text and lan_text.count(f"Nhiệm vụ số {upcoming} ") == 1
    clock.advance(timedelta(days=1))  # Wednesday: before_1, on time
    clock.set(at("2026-12-09"))
    digests = plan_tick(world.db, clock.now())
    assert kinds_by_person(digests) == {lan: [("before_1", f"task:{upcoming}")]}
    assert not digests[0].late


# --- preview and policy -----------------------------------------------------------------------------


def test_preview_lists_sends_without_writing(world):
    lan = world.person("Lan", unit="Phòng Văn hóa - Xã hội")
    world.task("2026-12-10", assigned=(lan,), code="2.1")
    plan = preview(world.db, at("2026-11-30", "00:00"), at("2026-12-11", "00:00"))
    assert [(p["at"][:16], p["kind"]) for p in plan] == [
        ("2026-12-03T08:00", "before_7"),
        ("2026-12-07T08:00", "before_3"),
        ("2026-12-09T08:00", "before_1"),
        ("2026-12-10T08:00", "due"),
    ]
    assert plan[0]["tasks"] == [{"plan": "47/KH-UBND", "code": "2.1"}]
    assert plan[0]["recipient"] == {"id": lan, "name": "Lan"}
    assert world.db.execute("SELECT COUNT(*) FROM reminders").fetchone()[0] == 0
    assert world.db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 0


def test_policy_from_settings_changes_offsets(world):
    lan = world.person("Lan", unit="Phòng Văn hóa - Xã hội")
    world.task("2026-12-10", assigned=(lan,))
    save_policy_setting(world.db, {"before_days": [5], "send_at": "09:30"})
    policy = reminders.load_policy(world.db)
    assert policy.task_offsets == (0, 5)
    assert plan_tick(world.db, at("2026-12-07", "09:00"), policy) == []  # before 09:30 and day -3 not a kind
    assert kinds_by_person(plan_tick(world.db, at("2026-12-07", "09:30"), policy)) == {
        lan: [("before_5", "task:1")]
    }


@pytest.mark.parametrize(
    "bad",
    [
        {"send_at": "22:00"},
        {"before_days": ["x"]},
        {"before_days": [0]},
        {"colour": "blue"},
        {"on_due_day": "yes"},
        {"send_at": "8h"},
    ],
)
def test_bad_policy_is_rejected_with_a_reason(bad):
    with pytest.raises(PolicyError):
        ReminderPolicy.from_json(bad)


def test_policy_round_trips_through_json():
    policy = ReminderPolicy(before_days=(10, 2))
    assert ReminderPolicy.from_json(json.loads(json.dumps(policy.to_json()))) == policy


def test_digest_is_in_the_recipients_language(world):
    lan = world.person("Lan", unit="Phòng Văn hóa - Xã hội")
    world.db.execute("UPDATE people SET language = 'en' WHERE id = ?", [lan])
    world.task("2026-12-07", assigned=(lan,))
    world.task("2026-11-30", assigned=(lan,))
    run_tick(world.db, at("2026-11-30"))
    text = json.loads(outbox_rows(world.db)[0][1])["text"]
    assert "1 task due soon" in text and "1 task due today" in text and "7 days left" in text
    assert text.index("due today") < text.index("due soon")  # the most urgent first

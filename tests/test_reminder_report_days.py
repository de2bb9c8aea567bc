"""Report days that fall on a weekend or a public holiday are due on the working day before, and the duty
reminders' lead times count working days (2026: 18/1 is a Sunday, 18/2 falls in Tết, 18/4 is a Saturday)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.reminders import ReminderPolicy, WorkCalendar, plan_tick, preview, run_tick
from tests.test_reminders import World, at, kinds_by_person


@pytest.fixture
def world(fresh_db):
    return World(fresh_db)


def test_calendar_report_day_and_working_day_counts():
    calendar = WorkCalendar(ReminderPolicy())
    assert calendar.report_day(date(2026, 1, 18)) == date(2026, 1, 16)  # Sunday → Friday
    assert calendar.report_day(date(2026, 2, 18)) == date(2026, 2, 13)  # Tết (16-20/2) → Friday before
    assert calendar.report_day(date(2026, 3, 18)) == date(2026, 3, 18)  # a Wednesday stays
    assert calendar.working_days_before(date(2026, 1, 16), 2) == date(2026, 1, 14)
    assert calendar.working_days_before(date(2026, 2, 23), 2) == date(2026, 2, 12)  # over Tết
    assert calendar.working_days_between(date(2026, 1, 14), date(2026, 1, 16)) == 2
    assert calendar.working_days_between(date(2026, 1, 16), date(2026, 1, 16)) == 0


def test_sunday_report_day_is_reminded_on_the_friday_before(world):
    reporter = world.person("Lan", "member", "Phòng Kinh tế")
    duty = world.duty("monthly", 18, unit="Phòng Kinh tế")
    assert plan_tick(world.db, at("2026-01-13")) == []
    assert kinds_by_person(plan_tick(world.db, at("2026-01-14"))) == {
        reporter: [("duty_before_2", f"duty:{duty}")]
    }
    run_tick(world.db, at("2026-01-14"))
    assert plan_tick(world.db, at("2026-01-15")) == []
    friday = plan_tick(world.db, at("2026-01-16"))
    assert kinds_by_person(friday) == {reporter: [("duty_due", f"duty:{duty}")]}
    assert friday[0].items[0].due_date == date(2026, 1, 16)


def test_report_day_in_tet_is_reminded_before_the_holiday(world):
    reporter = world.person("Lan", "member", "Phòng Kinh tế")
    world.duty("monthly", 18, unit="Phòng Kinh tế")
    sent = preview(world.db, at("2026-02-01"), at("2026-02-28", "23:00"))
    assert [(entry["at"][:10], entry["kind"]) for entry in sent] == [
        ("2026-02-11", "duty_before_2"),
        ("2026-02-13", "duty_due"),
    ]
    assert {entry["recipient"]["id"] for entry in sent} == {reporter}
    assert {task["due"] for entry in sent for task in entry["tasks"]} == {"2026-02-13"}


def test_cli_preview_names_the_report_day(world, tmp_path, capsys):
    from bot.cli import main
    from storage.db import database_path

    world.person("Lan", "member", "Phòng Kinh tế")
    world.duty("monthly", 18, unit="Phòng Kinh tế")
    path = database_path(world.db)
    args = ["--db", str(path), "reminders", "preview", "--from", "2026-01-13", "--to", "2026-01-17"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "2026-01-14T08:00+07:00  Lan" in out and "duty_before_2: 47/KH-UBND báo cáo 16/01/2026" in out
    assert "2026-01-16T08:00+07:00  Lan" in out and "duty_due: 47/KH-UBND báo cáo 16/01/2026" in out


def test_every_month_of_a_year_has_its_reminders_on_working_days(world):
    world.person("Hùng", "leader", "Phòng Kinh tế")
    world.duty("monthly", 18, unit="Phòng Kinh tế")
    calendar = WorkCalendar(ReminderPolicy())
    sent = preview(world.db, at("2026-01-01"), at("2026-12-31", "23:00"))
    due_by_month = {}
    for entry in sent:
        day = date.fromisoformat(entry["at"][:10])
        assert calendar.is_working(day)
        if entry["kind"] == "duty_due":
            due_by_month.setdefault(day.month, []).append(day)
    assert sorted(due_by_month) == list(range(1, 13))
    for month, days in due_by_month.items():
        assert len(days) == 1 and days[0] == calendar.report_day(date(2026, month, 18))
    assert len([e for e in sent if e["kind"] == "duty_before_2"]) == 12


def test_seed_plan_47a_monthly_report_reminded_every_month_on_working_days(fresh_db, seeds_dir):
    """The seeds with people in several units: each monthly reporting duty of 47a reaches its recipients
    once a month, on the report day or the working day before it, and 2 working days earlier."""
    from bot.ingest import ingest_path
    from storage import reminders as reminder_store
    from storage.people import add_user

    for path in sorted(seeds_dir.glob("*.txt")):
        ingest_path(fresh_db, path)
    units = dict(fresh_db.execute("SELECT name, id FROM units").fetchall())
    duties = [
        d
        for d in reminder_store.reporting_duties(fresh_db, ("monthly",))
        if d.plan and d.plan.startswith("47a")
    ]
    assert duties, "47a has a monthly reporting duty"
    people = 0
    named = {"Phòng Văn hóa – Xã hội", "Phòng Kinh tế", "Văn phòng HĐND và UBND xã"}
    reporters = {d.unit for d in duties if d.unit}
    for name in sorted(named | reporters):
        for role in ("leader", "member"):
            people += 1
            add_user(
                fresh_db,
                channel="telegram",
                external_id=str(people),
                name=f"{role} {name}",
                role=role,
                unit_id=units[name],
            )
    calendar = WorkCalendar(ReminderPolicy())
    sent = preview(fresh_db, at("2026-01-01"), at("2026-12-31", "23:00"))
    got: dict[str, set[tuple[int, date]]] = {"duty_due": set(), "duty_before_2": set()}
    for entry in sent:
        day = date.fromisoformat(entry["at"][:10])
        if entry["kind"] in got and any((t["plan"] or "").startswith("47a") for t in entry["tasks"]):
            assert calendar.is_working(day)
            got[entry["kind"]].add((entry["recipient"]["id"], day))
    expected_due, expected_before = set(), set()
    for duty in duties:
        recipients = reminder_store.duty_recipient_ids(fresh_db, duty.unit_id)
        assert recipients, f"someone receives {duty.text[:40]}"
        for month in range(1, 13):
            report_day = calendar.report_day(date(2026, month, duty.day))
            for pid in recipients:
                expected_due.add((pid, report_day))
                expected_before.add((pid, calendar.working_days_before(report_day, 2)))
    assert got["duty_due"] == expected_due
    assert got["duty_before_2"] >= {(p, d) for p, d in expected_before if d.year == 2026}

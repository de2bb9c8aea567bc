"""Report drafts offered to admins before each reporting day: the lead time in working days, the period a
duty reports on, one message per admin and period, and the button that sends the files."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime

import pytest

from bot.clock import VN_TZ
from bot.compose import build_core
from bot.config import Config
from bot.reminders import ReminderPolicy
from bot.reports.drafts import due_drafts, queue_report_drafts, reported_period
from storage import people as people_db
from storage import reports as reports_db
from tests.core_fixtures import StubAssistant, clock
from tests.core_fixtures import incoming as make_incoming
from tests.reports_world import seed_reports

ADMIN = "21"


@pytest.fixture
def world(fresh_db):
    ids = seed_reports(fresh_db)
    people_db.link_identity(fresh_db, ids["person:admin"], "telegram", ADMIN)
    return fresh_db, ids


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=VN_TZ)


def offers(db) -> list[dict]:
    rows = db.execute(
        "SELECT message_key, payload FROM outbox WHERE message_key LIKE 'report-draft:%'"
    ).fetchall()
    return [dict(json.loads(payload), key=key) for key, payload in rows]


def test_offered_two_working_days_before_the_reporting_day(world):
    db, ids = world
    policy = ReminderPolicy()
    # The monthly duty falls on Thursday 18/9/2025; two working days before is Tuesday 16/9.
    assert due_drafts(db, date(2025, 9, 15), policy) == []
    drafts = due_drafts(db, date(2025, 9, 16), policy)
    assert [(d.period.code, d.reporting_day) for d in drafts] == [("2025-09", date(2025, 9, 18))]
    assert queue_report_drafts(db, at("2025-09-15"), policy) == 0
    assert queue_report_drafts(db, at("2025-09-16"), policy) == 1
    assert queue_report_drafts(db, at("2025-09-17"), policy) == 0  # once per admin and period
    (offer,) = offers(db)
    assert "18/9/2025" in offer["text"] and "tháng 9 năm 2025" in offer["text"]
    assert offer["buttons"][0][0]["action"] == "bo:2025-09"


def test_weekends_do_not_count_in_the_lead_time(world):
    db, ids = world
    db.execute("UPDATE duties SET day = 22 WHERE id = ?", [ids["duty:monthly"]])  # Monday 22/9/2025
    policy = ReminderPolicy()
    assert due_drafts(db, date(2025, 9, 17), policy) == []
    assert [d.reporting_day for d in due_drafts(db, date(2025, 9, 18), policy)] == [date(2025, 9, 22)]


def test_nothing_outside_the_send_window(world):
    db, _ = world
    policy = ReminderPolicy()
    assert queue_report_drafts(db, at("2025-09-16", hour=6), policy) == 0
    assert queue_report_drafts(db, at("2025-09-20"), policy) == 0  # a Saturday
    assert offers(db) == []


@pytest.mark.parametrize(
    ("frequency", "month", "day", "expected"),
    [
        ("monthly", None, "2025-09-18", "2025-09"),
        ("quarterly", 3, "2025-09-20", "2025-Q3"),
        ("quarterly", 1, "2025-10-10", "2025-Q3"),  # due in a quarter's first month: the quarter before
        ("yearly", 12, "2025-12-05", "2025"),
        ("weekly", None, "2025-09-19", None),
    ],
)
def test_the_period_a_duty_reports_on(frequency, month, day, expected):
    duty = reports_db.Duty(1, 1, "1/KH", "x", None, None, None, frequency, 5, month)
    period = reported_period(duty, date.fromisoformat(day))
    assert (period.code if period else None) == expected


async def test_the_offer_button_sends_the_files(world):
    db, _ = world
    queue_report_drafts(db, at("2025-09-16"), ReminderPolicy())
    action = offers(db)[0]["buttons"][0][0]["action"]
    core = build_core(db, Config(), clock(), assistant=StubAssistant(db))
    replies = await core.handle(
        dataclasses.replace(make_incoming(ADMIN, action=action), today=date(2025, 9, 16))
    )
    assert [r.document.name for r in replies] == ["bao-cao-2025-09.docx", "theo-doi-tien-do-2025-09-16.xlsx"]

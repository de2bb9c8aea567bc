"""The calendar (.ics) of deadlines and reporting days for a person, a unit, a plan or everything.

Each open task with a due date in the window is an event at 08:00–08:30 on its due day, with a reminder
the day before; each reporting day of a duty ("báo cáo ... vào ngày 18 hằng tháng") in the window is an
event at 08:00–09:00. Times carry TZID=Asia/Ho_Chi_Minh and the calendar holds that VTIMEZONE, so phone
calendars anywhere show Vietnam's time. UIDs are stable: importing a newer file updates the events.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlite_utils
from icalendar import Alarm, Calendar, Event

from bot.reports.common import date_vn, scope_title, shorten, status_name
from knowledge.messages import t
from storage import reports as reports_db
from storage.reports import Duty, Scope, TaskRow

TZID = "Asia/Ho_Chi_Minh"
ZONE = ZoneInfo(TZID)
DEFAULT_DAYS = 366  # without a period: a year from the report date
DEADLINE_AT, DEADLINE_MINUTES = time(8, 0), 30
DUTY_AT, DUTY_MINUTES = time(8, 0), 60
UID_DOMAIN = "planbot"


def calendar_window(as_of: date, period=None) -> tuple[date, date]:
    if period is not None:
        return period.start, period.end
    return as_of, as_of + timedelta(days=DEFAULT_DAYS - 1)


def duty_days(duty: Duty, start: date, end: date) -> list[date]:
    """The days from `start` to `end` on which the duty's report is due."""
    from bot.reminders import duty_occurrence

    days: list[date] = []
    cursor = start
    while cursor <= end:
        day = duty_occurrence(duty.frequency, duty.day, duty.month, cursor)
        if day is None or day > end:
            break
        days.append(day)
        cursor = day + timedelta(days=1)
    return days


def build_calendar(
    db: sqlite_utils.Database,
    scope: Scope,
    as_of: date,
    lang: str = "vi",
    *,
    period=None,
    now: datetime | None = None,
) -> Calendar:
    start, end = calendar_window(as_of, period)
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//planbot//reports//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", t(lang, "reports.ics.name", scope=scope_title(db, scope, lang)))
    calendar.add("x-wr-timezone", TZID)
    for task in reports_db.due_between(db, scope, start, end, as_of):
        calendar.add_component(_deadline_event(task, stamp, lang))
    for duty in reports_db.duties(db, scope):
        for day in duty_days(duty, start, end):
            calendar.add_component(_duty_event(duty, day, stamp, lang))
    calendar.add_missing_timezones()
    return calendar


def calendar_bytes(
    db: sqlite_utils.Database, scope: Scope, as_of: date, lang: str = "vi", *, period=None
) -> bytes:
    return build_calendar(db, scope, as_of, lang, period=period).to_ical()


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=ZONE)


def _deadline_event(task: TaskRow, stamp: datetime, lang: str) -> Event:
    due = date.fromisoformat(task.due_date)
    event = Event()
    event.add("uid", f"task-{task.id}-{task.due_date}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", _at(due, DEADLINE_AT))
    event.add("dtend", _at(due, DEADLINE_AT) + timedelta(minutes=DEADLINE_MINUTES))
    event.add("summary", t(lang, "reports.ics.deadline_summary", task=shorten(task.content, 90)))
    lines = [
        task.content,
        t(lang, "reports.ics.reference", reference=task.reference),
        t(lang, "reports.ics.lead", lead=task.lead or t(lang, "reports.no_lead")),
    ]
    if task.coordinators:
        lines.append(t(lang, "reports.ics.coordinators", units="; ".join(task.coordinators)))
    lines.append(t(lang, "reports.ics.deadline", date=date_vn(due), text=task.deadline_text))
    lines.append(t(lang, "reports.ics.status", status=status_name(lang, task.status), percent=task.percent))
    event.add("description", "\n".join(lines))
    event.add("categories", [t(lang, "reports.ics.category_deadline")])
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", t(lang, "reports.ics.deadline_summary", task=shorten(task.content, 90)))
    alarm.add("trigger", timedelta(days=-1))
    event.add_component(alarm)
    return event


def _duty_event(duty: Duty, day: date, stamp: datetime, lang: str) -> Event:
    event = Event()
    event.add("uid", f"duty-{duty.id}-{day.isoformat()}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", _at(day, DUTY_AT))
    event.add("dtend", _at(day, DUTY_AT) + timedelta(minutes=DUTY_MINUTES))
    event.add(
        "summary",
        t(lang, "reports.ics.duty_summary", plan=duty.plan_number or "", recipient=duty.recipient or "…"),
    )
    lines = [duty.text, t(lang, "reports.ics.reporter", reporter=duty.reporter or "…")]
    event.add("description", "\n".join(lines))
    event.add("categories", [t(lang, "reports.ics.category_duty")])
    return event

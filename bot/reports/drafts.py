"""Report drafts offered to the standing office before each reporting day, without anyone asking.

For each monthly, quarterly or yearly reporting duty, on the working day the policy's lead time
(`duty_before_days`, default 2 working days) before the reporting day — or on a later tick up to the day
itself, when the bot was down — every admin gets one message: the draft of the period the duty reports
on is ready, with the button that sends the files (/baocao's `bo:<period>`, so the files are made fresh
when opened; the outbox carries text and buttons, not files). One message per admin and period, whatever
the number of duties that fall on it (the outbox's dedupe key).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlite_utils

from bot import actions
from bot.chat import Button
from bot.clock import VN_TZ
from bot.reports.common import date_vn
from bot.reports.periods import Period, period_of
from bot.verbs import Verb
from knowledge.messages import t
from storage import reports as reports_db
from storage.outbox import enqueue_message
from storage.people import admins

logger = logging.getLogger(__name__)

KIND_OF_FREQUENCY = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}


@dataclass(frozen=True)
class DueDraft:
    period: Period
    reporting_day: date
    duty: reports_db.Duty


def reported_period(duty: reports_db.Duty, reporting_day: date) -> Period | None:
    """The period a report due on `reporting_day` covers: its month, its quarter (or the quarter before,
    for a duty due in a quarter's first month), its year. None for duties without a period (weekly)."""
    kind = KIND_OF_FREQUENCY.get(duty.frequency)
    if kind is None:
        return None
    period = period_of(kind, reporting_day)
    if kind == "quarter" and duty.month == 1:
        return period.previous()
    return period


def working_days_before(day: date, count: int, calendar) -> date:
    """The working day `count` working days before `day` (`day` itself for 0)."""
    while count > 0:
        day -= timedelta(days=1)
        if calendar.is_working(day):
            count -= 1
    return day


def due_drafts(db: sqlite_utils.Database, today: date, policy) -> list[DueDraft]:
    """The drafts to offer today: duties whose reporting day is today or within the lead time."""
    from bot.reminders import WorkCalendar, duty_occurrence

    calendar = WorkCalendar(policy)
    lead = max(policy.duty_before_days or (0,))
    found: dict[str, DueDraft] = {}
    for duty in reports_db.duties(db, reports_db.Scope()):
        reporting_day = duty_occurrence(duty.frequency, duty.day, duty.month, today)
        if reporting_day is None:
            continue
        period = reported_period(duty, reporting_day)
        if period is None or working_days_before(reporting_day, lead, calendar) > today:
            continue
        if period.code not in found or reporting_day < found[period.code].reporting_day:
            found[period.code] = DueDraft(period, reporting_day, duty)
    return sorted(found.values(), key=lambda d: (d.reporting_day, d.period))


def queue_report_drafts(db: sqlite_utils.Database, now: datetime, policy) -> int:
    """Queue today's draft offers for every admin (inside the policy's send window only); returns the
    number of messages queued (0 when they already were)."""
    from bot.reminders import in_send_window

    if not in_send_window(now, policy):
        return 0
    today = now.astimezone(VN_TZ).date()
    queued = 0
    for draft in due_drafts(db, today, policy):
        for admin in admins(db):
            lang = admin.language
            text = t(
                lang,
                "reports.draft.ready",
                period=draft.period.label(lang),
                day=date_vn(draft.reporting_day),
                plan=draft.duty.plan_number or "",
            )
            button = Button(t(lang, "reports.draft.button"), actions.build(Verb.REPORT, draft.period.code))
            queued += len(
                enqueue_message(
                    db,
                    person_id=admin.id,
                    text=text,
                    buttons=[[button]],
                    dedupe_key=f"report-draft:{draft.period.code}:{admin.id}",
                    now=now,
                )
            )
    if queued:
        logger.info("queued %d report draft offers", queued)
    return queued

"""Dates of reminders (all in Asia/Ho_Chi_Minh): working days (weekends and Vietnamese public holidays,
Tết included, from the `holidays` package, as the policy says), the send window, the week of the overdue
digest, and the day a weekly, monthly, quarterly or yearly reporting duty next falls on (and, when that day
is not a working day, the working day before it, on which the report is actually due)."""

from __future__ import annotations

import calendar as stdlib_calendar
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays

from bot.clock import VN_TZ
from bot.reminders.policy import ReminderPolicy


@lru_cache(maxsize=32)
def _vn_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.VN(years=year).keys())


class WorkCalendar:
    def __init__(self, policy: ReminderPolicy):
        self.policy = policy

    def is_working(self, day: date) -> bool:
        if self.policy.skip_weekends and day.weekday() >= 5:
            return False
        return not (self.policy.skip_holidays and day in _vn_holidays(day.year))

    def next_working(self, day: date) -> date:
        """`day` itself if it is a working day, else the next one."""
        for _ in range(60):
            if self.is_working(day):
                return day
            day += timedelta(days=1)
        return day

    def previous_working(self, day: date) -> date:
        """`day` itself if it is a working day, else the working day before it."""
        for _ in range(60):
            if self.is_working(day):
                return day
            day -= timedelta(days=1)
        return day

    def report_day(self, nominal_day: date) -> date:
        """The day a report due on `nominal_day` is actually handed in: that day, or the working day before
        when it falls on a weekend or a public holiday (an office closed on the 18th receives it on the
        17th, not on the 20th)."""
        return self.previous_working(nominal_day)

    def working_days_before(self, day: date, count: int) -> date:
        """The working day `count` working days before `day` (`day` itself for 0)."""
        for _ in range(count):
            day = self.previous_working(day - timedelta(days=1))
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days fall in (start, end]: 0 when `end` is `start` or before it."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working(day)
        return count

    def morning(self, day: date) -> datetime:
        return datetime.combine(day, self.policy.send_at, tzinfo=VN_TZ)

    def send_time(self, nominal_day: date) -> datetime:
        """When a reminder nominally due on `nominal_day` is sent: the send time of that day, or of the
        next working day."""
        return self.morning(self.next_working(nominal_day))


def in_send_window(now: datetime, policy: ReminderPolicy, calendar: WorkCalendar | None = None) -> bool:
    """Pushing is allowed now: a working day, at or after the send time, before quiet hours."""
    local = now.astimezone(VN_TZ)
    calendar = calendar or WorkCalendar(policy)
    return calendar.is_working(local.date()) and policy.send_at <= local.time() < policy.quiet_start


def digest_week(today: date, policy: ReminderPolicy, calendar: WorkCalendar) -> date:
    """The weekly digest's anchor day (the policy weekday) whose working-day delivery is ≤ today."""
    anchor = today - timedelta(days=(today.weekday() - policy.overdue_weekday) % 7)
    while calendar.next_working(anchor) > today:
        anchor -= timedelta(days=7)
    return anchor


# --- reporting duties: one rule per frequency -------------------------------------------------------


def _on_day(year: int, month: int, day: int) -> date:
    """Day `day` of the month, or its last day when the month is shorter ("ngày 31" in February)."""
    return date(year, month, min(day, stdlib_calendar.monthrange(year, month)[1]))


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _weekly(day: int, _month: int | None, on_or_after: date) -> date | None:
    if day > 7:  # day of the week, 1 = Monday
        return None
    return on_or_after + timedelta(days=(day - 1 - on_or_after.weekday()) % 7)


def _monthly(day: int, _month: int | None, on_or_after: date) -> date | None:
    year, month = on_or_after.year, on_or_after.month
    for _ in range(2):
        candidate = _on_day(year, month, day)
        if candidate >= on_or_after:
            return candidate
        year, month = _next_month(year, month)
    return None


def _quarterly(day: int, month: int | None, on_or_after: date) -> date | None:
    # month 3: the quarter's last month (3, 6, 9, 12); month 1: the next quarter's first (1, 4, 7, 10).
    if month not in (1, 3):
        return None
    year, current = on_or_after.year, on_or_after.month
    for _ in range(4):
        if current % 3 == month % 3:
            candidate = _on_day(year, current, day)
            if candidate >= on_or_after:
                return candidate
        year, current = _next_month(year, current)
    return None


def _yearly(day: int, month: int | None, on_or_after: date) -> date | None:
    if not month or not 1 <= month <= 12:
        return None
    for year in (on_or_after.year, on_or_after.year + 1):
        candidate = _on_day(year, month, day)
        if candidate >= on_or_after:
            return candidate
    return None


_DUTY_RULES: dict[str, Callable[[int, int | None, date], date | None]] = {
    "weekly": _weekly,
    "monthly": _monthly,
    "quarterly": _quarterly,
    "yearly": _yearly,
}
DUTY_FREQUENCIES = tuple(_DUTY_RULES)  # the duties a reminder can be dated for


def duty_occurrence(frequency: str, day: int | None, month: int | None, on_or_after: date) -> date | None:
    """The first date ≥ `on_or_after` a weekly (day of week 1-7), monthly (day), quarterly (day; month 3:
    the quarter's last month, 1: the next quarter's first) or yearly (day, month) duty falls on; a day past
    the month's end means its last day ("ngày 31 hằng tháng" in February → 28/29)."""
    rule = _DUTY_RULES.get(frequency)
    if rule is None or not day or day < 1 or day > 31:
        return None
    return rule(day, month, on_or_after)

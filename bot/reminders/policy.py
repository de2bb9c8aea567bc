"""The reminder policy: lead times, send time and quiet hours, working days, overdue digest and escalation,
reporting duties, digest size. One frozen value per deployment, read from a JSON file and the admin's
setting (`load_policy`); every value is checked, so a typo or an impossible hour is refused by name."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import datetime, time, timedelta
from pathlib import Path

import sqlite_utils

from bot.clock import VN_TZ
from storage import reminders as reminder_store


class PolicyError(ValueError):
    """A reminder policy value that does not make sense (message says which and why)."""


def _parse_time(value) -> time:
    if isinstance(value, time):
        return value
    try:
        hours, minutes = str(value).split(":")
        return time(int(hours), int(minutes))
    except (ValueError, TypeError) as exc:
        raise PolicyError(f"not a time of day (HH:MM): {value!r}") from exc


def _parse_days(value, name: str) -> tuple[int, ...]:
    if isinstance(value, str):
        value = [v for v in value.replace(",", " ").split() if v]
    try:
        days = tuple(sorted({int(v) for v in value}, reverse=True))
    except (TypeError, ValueError) as exc:
        raise PolicyError(f"{name}: expected a list of whole days, got {value!r}") from exc
    if any(d < 1 or d > 60 for d in days):
        raise PolicyError(f"{name}: days before must be between 1 and 60")
    return days


_TIME_KEYS = ("send_at", "quiet_start", "quiet_end")
_DAYS_KEYS = ("before_days", "duty_before_days")
_BOOL_KEYS = ("on_due_day", "skip_weekends", "skip_holidays", "overdue_digest", "duty_on_day")
_INT_KEYS = (
    "overdue_weekday",
    "escalate_after_days",
    "late_after_minutes",
    "digest_max_items",
    "weekly_lists_per_tick",
)


@dataclass(frozen=True)
class ReminderPolicy:
    """How and when to remind. Per deployment: settings key 'reminder_policy' (JSON of these fields), or
    a JSON file given to `load_policy`; unknown keys are rejected so a typo is noticed."""

    before_days: tuple[int, ...] = (7, 3, 1)
    on_due_day: bool = True
    send_at: time = time(8, 0)
    quiet_start: time = time(21, 0)
    quiet_end: time = time(7, 0)
    skip_weekends: bool = True
    skip_holidays: bool = True
    overdue_digest: bool = True
    overdue_weekday: int = 0  # Monday
    escalate_after_days: int = 14
    duty_before_days: tuple[int, ...] = (2,)
    duty_on_day: bool = True
    late_after_minutes: int = 60  # sent this long after its time counts as late (after downtime)
    digest_max_items: int = 8
    # The weekly lists (overdue, escalation) one tick queues at most; the others go out in the next
    # minutes' ticks, with whatever else is due to the same people (one message each). The tick runs in
    # the bot's event loop: a province's Monday (tens of thousands of leaders) in one tick would hold
    # every chat for seconds.
    weekly_lists_per_tick: int = 2000

    def __post_init__(self):
        if not (self.quiet_end <= self.send_at < self.quiet_start):
            raise PolicyError("send_at must fall outside quiet hours")
        if not 0 <= self.overdue_weekday <= 6:
            raise PolicyError("overdue_weekday must be 0 (Monday) to 6 (Sunday)")
        if self.escalate_after_days < 1:
            raise PolicyError("escalate_after_days must be at least 1")
        if not 1 <= self.digest_max_items <= 30:
            raise PolicyError("digest_max_items must be between 1 and 30")
        if self.weekly_lists_per_tick < 1:
            raise PolicyError("weekly_lists_per_tick must be at least 1")

    @property
    def task_offsets(self) -> tuple[int, ...]:
        """Offsets in days before the due date, ascending (0 = the due day)."""
        return tuple(sorted(set(self.before_days) | ({0} if self.on_due_day else set())))

    @property
    def duty_offsets(self) -> tuple[int, ...]:
        return tuple(sorted(set(self.duty_before_days) | ({0} if self.duty_on_day else set())))

    def in_quiet_hours(self, local: time) -> bool:
        """Whether a local time of day falls in quiet hours (quiet_start to quiet_end, across midnight)."""
        if self.quiet_start <= self.quiet_end:
            return self.quiet_start <= local < self.quiet_end
        return local >= self.quiet_start or local < self.quiet_end

    def quiet_until(self, moment: datetime) -> datetime | None:
        """When the quiet hours around `moment` end (Asia/Ho_Chi_Minh), or None outside quiet hours."""
        local = moment.astimezone(VN_TZ)
        if not self.in_quiet_hours(local.time()):
            return None
        end = datetime.combine(local.date(), self.quiet_end, tzinfo=VN_TZ)
        return end if end > local else end + timedelta(days=1)

    def to_json(self) -> dict:
        data = asdict(self)
        for key in _TIME_KEYS:
            data[key] = getattr(self, key).strftime("%H:%M")
        for key in _DAYS_KEYS:
            data[key] = list(getattr(self, key))
        return data

    @classmethod
    def from_json(cls, data: dict | None) -> ReminderPolicy:
        if not data:
            return cls()
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise PolicyError(f"unknown policy keys: {', '.join(sorted(unknown))}")
        values = dict(data)
        for key in _TIME_KEYS:
            if key in values:
                values[key] = _parse_time(values[key])
        for key in _DAYS_KEYS:
            if key in values:
                values[key] = _parse_days(values[key], key)
        for key in _BOOL_KEYS:
            if key in values and not isinstance(values[key], bool):
                raise PolicyError(f"{key} must be true or false")
        for key in _INT_KEYS:
            if key in values:
                try:
                    values[key] = int(values[key])
                except (TypeError, ValueError) as exc:
                    raise PolicyError(f"{key} must be a whole number") from exc
        return cls(**values)

    def with_changes(self, **changes) -> ReminderPolicy:
        data = self.to_json()
        data.update(changes)
        return ReminderPolicy.from_json(data)


def load_policy(db: sqlite_utils.Database, path: str | None = None) -> ReminderPolicy:
    """The deployment's policy: the file (if given) overridden by the admin's setting in the DB."""
    data: dict = {}
    if path:
        try:
            data.update(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            raise PolicyError(f"cannot read reminder policy file {path}: {exc}") from exc
    data.update(reminder_store.load_policy_setting(db) or {})
    return ReminderPolicy.from_json(data)

"""Time in the deployment's zone (Asia/Ho_Chi_Minh), injectable for tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class Clock:
    """Wall clock in Vietnam time. Tests pass `now=lambda: datetime(..., tzinfo=VN_TZ)` or use FixedClock."""

    def __init__(self, now: Callable[[], datetime] | None = None):
        self._now = now or (lambda: datetime.now(VN_TZ))

    def now(self) -> datetime:
        value = self._now()
        return value if value.tzinfo else value.replace(tzinfo=VN_TZ)

    def today(self) -> date:
        return self.now().astimezone(VN_TZ).date()


class FixedClock(Clock):
    """A clock that stays where it is put; `advance`/`set` move it."""

    def __init__(self, moment: datetime):
        self.moment = moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)
        super().__init__(lambda: self.moment)

    def set(self, moment: datetime) -> None:
        self.moment = moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)

    def advance(self, delta) -> None:
        self.moment = self.moment + delta

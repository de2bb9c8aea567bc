"""Reminder policy and planning: what is due now, derived from the database and an injected clock.

Nothing about reminders lives only in memory. Every minute a tick asks `plan_tick(db, now, policy)` which
reminders are due at `now` and not yet in the ledger, groups them into ONE digest per recipient and
`run_tick` claims them in the ledger and queues the digests in the outbox in one transaction.

How the policy maps onto dates (all in Asia/Ho_Chi_Minh):
- A task reminder with offset k (7, 3, 1 days before; 0 = on the due day) is nominally due on
  `due_date - k` at `send_at` (08:00). A nominal day that is a weekend or a Vietnamese public holidays
  (the `holidays` library, Tết included) moves to the next working morning. Nothing is pushed in quiet
  hours (21:00-07:00) or outside working days: ticks there plan nothing, so whatever fell due waits for
  the next working morning.
- On a working day T inside the send window, the reminders due are therefore exactly those whose nominal
  day is ≤ T. For each task only the MOST URGENT one is planned (the smallest offset k ≥ days left): after
  downtime the missed ones collapse into one line marked late instead of a flood, and since the most urgent
  kind only moves forward in time, a superseded kind is never planned later. "Before" kinds are useful
  until the due date; after it, the overdue digest takes over (they are dropped).
- Overdue work: a weekly digest (Monday, or the next working day) to the leaders of the lead unit, and,
  for tasks overdue ≥ 14 days, to admins. Keyed by the week, so one per recipient per week; if missed, it
  is still sent (late) during that week.
- Reporting duties (monthly on day d, yearly on d/m; d beyond the month's end means its last day): 2 days
  before and on the day, to the people of the reporting unit, or to all leaders when the duty names none.
- Tasks `done`, recurring/conditional/no-date deadlines, muted tasks (mutes) and paused people get nothing.
- Recipients of a task: the (active) people assigned to it; when nobody is, the lead unit's leader(s).

The work is set-based: SQL selects only tasks due within the next max-offset days (tasks_due index) and,
once a week, the overdue ones; the Python side touches only those rows.
"""

from __future__ import annotations

import html
import logging
from collections import defaultdict
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
import sqlite_utils

from bot import actions
from bot.chat import Button
from bot.clock import VN_TZ
from knowledge.messages import t
from storage import reminders as ledger
from storage.db import transaction
from storage.outbox import enqueue_message
from storage.reminders import LedgerEntry

logger = logging.getLogger(__name__)

DATED_KINDS = ("date", "month")  # recurring / conditional / none are not reminded as dates


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

    def __post_init__(self):
        if not (self.quiet_end <= self.send_at < self.quiet_start):
            raise PolicyError("send_at must fall outside quiet hours")
        if not 0 <= self.overdue_weekday <= 6:
            raise PolicyError("overdue_weekday must be 0 (Monday) to 6 (Sunday)")
        if self.escalate_after_days < 1:
            raise PolicyError("escalate_after_days must be at least 1")
        if not 1 <= self.digest_max_items <= 30:
            raise PolicyError("digest_max_items must be between 1 and 30")

    @property
    def task_offsets(self) -> tuple[int, ...]:
        """Offsets in days before the due date, ascending (0 = the due day)."""
        return tuple(sorted(set(self.before_days) | ({0} if self.on_due_day else set())))

    @property
    def duty_offsets(self) -> tuple[int, ...]:
        return tuple(sorted(set(self.duty_before_days) | ({0} if self.duty_on_day else set())))

    def to_json(self) -> dict:
        data = asdict(self)
        for key in ("send_at", "quiet_start", "quiet_end"):
            data[key] = getattr(self, key).strftime("%H:%M")
        data["before_days"] = list(self.before_days)
        data["duty_before_days"] = list(self.duty_before_days)
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
        for key in ("send_at", "quiet_start", "quiet_end"):
            if key in values:
                values[key] = _parse_time(values[key])
        for key in ("before_days", "duty_before_days"):
            if key in values:
                values[key] = _parse_days(values[key], key)
        for key in ("on_due_day", "skip_weekends", "skip_holidays", "overdue_digest", "duty_on_day"):
            if key in values and not isinstance(values[key], bool):
                raise PolicyError(f"{key} must be true or false")
        for key in ("overdue_weekday", "escalate_after_days", "late_after_minutes", "digest_max_items"):
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
    import json
    from pathlib import Path

    data: dict = {}
    if path:
        try:
            data.update(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            raise PolicyError(f"cannot read reminder policy file {path}: {exc}") from exc
    data.update(ledger.load_policy_setting(db) or {})
    return ReminderPolicy.from_json(data)


# --- working days -----------------------------------------------------------------------------------


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

    def morning(self, day: date) -> datetime:
        return datetime.combine(day, self.policy.send_at, tzinfo=VN_TZ)


def in_send_window(now: datetime, policy: ReminderPolicy, calendar: WorkCalendar | None = None) -> bool:
    """Pushing is allowed now: a working day, at or after the send time, before quiet hours."""
    local = now.astimezone(VN_TZ)
    calendar = calendar or WorkCalendar(policy)
    return calendar.is_working(local.date()) and policy.send_at <= local.time() < policy.quiet_start


# --- planning ---------------------------------------------------------------------------------------


@dataclass
class Item:
    """One line of a digest."""

    kind: str  # before_7 … | due | overdue | escalation | duty_before_2 | duty_due
    subject: str  # task:12 | duty:3
    due_date: date
    plan: str | None
    code: str | None
    text: str
    task_id: int | None = None
    unit: str | None = None
    late: bool = False


@dataclass
class Digest:
    """Everything one person gets in one tick: one message."""

    person_id: int
    name: str
    language: str
    items: list[Item] = field(default_factory=list)
    entries: list[LedgerEntry] = field(default_factory=list)
    more: dict[str, int] = field(default_factory=dict)  # kind → items not listed (digest caps)

    @property
    def late(self) -> bool:
        return any(e.late for e in self.entries)


def _kind_for(offset: int, prefix: str = "") -> str:
    return f"{prefix}due" if offset == 0 else f"{prefix}before_{offset}"


def _most_urgent(days_left: int, offsets: tuple[int, ...]) -> int | None:
    for offset in offsets:  # ascending
        if offset >= days_left:
            return offset
    return None


def eligible_people(db) -> set[int]:
    """People who can receive a push now: active, not paused, with at least one active chat identity.
    Computed once per tick (one pass over people) and applied in Python, which keeps the task queries
    simple joins on indexes."""
    return {
        r[0]
        for r in db.execute(
            "SELECT DISTINCT i.person_id FROM identities i JOIN people p ON p.id = i.person_id "
            "WHERE i.active = 1 AND p.active = 1 AND p.reminders_paused = 0"
        ).fetchall()
    }


def _plan_tasks_due(db, today, now, policy, calendar, exclude, out, eligible) -> None:
    offsets = policy.task_offsets
    if not offsets:
        return
    last = (today + timedelta(days=max(offsets))).isoformat()
    first = today.isoformat()
    cand = (
        "SELECT t.id, t.lead_unit_id, t.due_date FROM tasks t WHERE t.due_date BETWEEN :first AND :last "
        "AND t.status != 'done' AND t.deadline_kind IN ('date', 'month')"
    )
    sql = f"""
        WITH cand AS MATERIALIZED ({cand}),
        assigned AS MATERIALIZED (
            SELECT a.task_id, a.person_id FROM assignments a JOIN cand c ON c.id = a.task_id
            JOIN people p ON p.id = a.person_id AND p.active = 1
        ),
        pairs AS (
            SELECT task_id, person_id FROM assigned
            UNION
            SELECT c.id, p.id FROM cand c JOIN people p ON p.unit_id = c.lead_unit_id AND p.role = 'leader'
            WHERE NOT EXISTS (SELECT 1 FROM assigned x WHERE x.task_id = c.id)
        )
        SELECT pr.person_id, t.id, t.due_date, t.code, t.content, pl.number, u.name
        FROM pairs pr CROSS JOIN tasks t ON t.id = pr.task_id JOIN plans pl ON pl.id = t.plan_id
        LEFT JOIN units u ON u.id = t.lead_unit_id
        WHERE NOT EXISTS (SELECT 1 FROM mutes m WHERE m.person_id = pr.person_id AND m.task_id = pr.task_id)
        ORDER BY t.due_date, t.id
    """
    rows = db.execute(sql, {"first": first, "last": last}).fetchall()
    if not rows:
        return
    seen = ledger.existing_keys(db, due_from=first, due_to=last, subject_prefix="task:") | exclude
    late_after = timedelta(minutes=policy.late_after_minutes)
    for person_id, task_id, due_iso, code, content, plan, unit in rows:
        if person_id not in eligible:
            continue
        due = date.fromisoformat(due_iso)
        offset = _most_urgent((due - today).days, offsets)
        if offset is None:
            continue
        kind = _kind_for(offset)
        entry_key = ledger.ledger_key(f"task:{task_id}", person_id, kind, due_iso)
        if entry_key in seen:
            continue
        scheduled = calendar.morning(calendar.next_working(due - timedelta(days=offset)))
        late = now - scheduled > late_after
        out(
            person_id,
            Item(kind, f"task:{task_id}", due, plan, code, content, task_id=task_id, unit=unit, late=late),
            LedgerEntry(f"task:{task_id}", person_id, kind, due_iso, scheduled, late),
        )


def digest_week(today: date, policy: ReminderPolicy, calendar: WorkCalendar) -> date:
    """The weekly digest's anchor day (the policy weekday) whose working-day delivery is ≤ today."""
    anchor = today - timedelta(days=(today.weekday() - policy.overdue_weekday) % 7)
    while calendar.next_working(anchor) > today:
        anchor -= timedelta(days=7)
    return anchor


def _plan_overdue(db, today, now, policy, calendar, exclude, out, more, eligible) -> None:
    if not policy.overdue_digest:
        return
    anchor = digest_week(today, policy, calendar)
    anchor_iso = anchor.isoformat()
    scheduled = calendar.morning(calendar.next_working(anchor))
    late = now - scheduled > timedelta(minutes=policy.late_after_minutes)
    seen = ledger.existing_keys(db, due_from=anchor_iso, due_to=anchor_iso, subject_prefix="digest") | exclude
    limit = policy.digest_max_items

    # Leaders: overdue tasks led by their unit.
    leaders = [
        (pid, unit_id)
        for pid, unit_id in db.execute(
            "SELECT p.id, p.unit_id FROM people p WHERE p.role = 'leader' AND p.unit_id IS NOT NULL ORDER BY p.id"
        ).fetchall()
        if pid in eligible and ledger.ledger_key("digest", pid, "overdue", anchor_iso) not in seen
    ]
    admins = [
        pid
        for (pid,) in db.execute("SELECT p.id FROM people p WHERE p.role = 'admin' ORDER BY p.id").fetchall()
        if pid in eligible and ledger.ledger_key("digest", pid, "escalation", anchor_iso) not in seen
    ]
    if not leaders and not admins:
        return
    overdue_where = "t.due_date < ? AND t.status != 'done' AND t.deadline_kind IN ('date', 'month')"
    mute_rows = db.execute(
        f"SELECT m.person_id, m.task_id, t.lead_unit_id, t.due_date FROM mutes m JOIN tasks t ON t.id = m.task_id "
        f"WHERE {overdue_where}",
        [today.isoformat()],
    ).fetchall()
    muted = {(r[0], r[1]) for r in mute_rows}
    muted_per_unit: dict[tuple[int, int], int] = defaultdict(int)
    for pid, _task, unit_id, _due in mute_rows:
        muted_per_unit[(pid, unit_id)] += 1
    # Only the first few per unit are listed, the rest counted: window functions keep this set-based.
    fetch = limit + min(len(mute_rows), 20)

    if leaders:
        units = sorted({u for _, u in leaders})
        by_unit: dict[int, list] = defaultdict(list)
        totals: dict[int, int] = {}
        for chunk in _chunks(units, 500):
            rows = db.execute(
                f"""SELECT * FROM (
                    SELECT t.lead_unit_id, t.id, t.due_date, t.code, t.content, pl.number, u.name,
                        ROW_NUMBER() OVER (PARTITION BY t.lead_unit_id ORDER BY t.due_date, t.id) AS rn,
                        COUNT(*) OVER (PARTITION BY t.lead_unit_id) AS n
                    FROM tasks t JOIN plans pl ON pl.id = t.plan_id LEFT JOIN units u ON u.id = t.lead_unit_id
                    WHERE {overdue_where} AND t.lead_unit_id IN ({",".join("?" * len(chunk))})
                ) WHERE rn <= ?""",
                [today.isoformat(), *chunk, fetch],
            ).fetchall()
            for row in rows:
                by_unit[row[0]].append(row)
                totals[row[0]] = row[8]
        for pid, unit_id in leaders:
            rows = [r for r in by_unit.get(unit_id, []) if (pid, r[1]) not in muted]
            total = totals.get(unit_id, 0) - muted_per_unit.get((pid, unit_id), 0)
            if total <= 0:
                continue
            entry = LedgerEntry("digest", pid, "overdue", anchor_iso, scheduled, late)
            shown = rows[:limit]
            for _u, task_id, due_iso, code, content, plan, unit, _rn, _n in shown:
                out(
                    pid,
                    Item(
                        "overdue",
                        f"task:{task_id}",
                        date.fromisoformat(due_iso),
                        plan,
                        code,
                        content,
                        task_id=task_id,
                        unit=unit,
                        late=late,
                    ),
                    None,
                )
            out(pid, None, entry)
            if total > len(shown):
                more[(pid, "overdue")] = total - len(shown)

    if admins:
        cutoff = (today - timedelta(days=policy.escalate_after_days)).isoformat()
        total = db.execute(
            f"SELECT COUNT(*) FROM tasks t WHERE {overdue_where} AND t.due_date <= ?",
            [today.isoformat(), cutoff],
        ).fetchone()[0]
        if total:
            rows = db.execute(
                f"SELECT t.id, t.due_date, t.code, t.content, pl.number, u.name FROM tasks t "
                f"JOIN plans pl ON pl.id = t.plan_id LEFT JOIN units u ON u.id = t.lead_unit_id "
                f"WHERE {overdue_where} AND t.due_date <= ? ORDER BY t.due_date, t.id LIMIT ?",
                [today.isoformat(), cutoff, fetch],
            ).fetchall()
            for pid in admins:
                mine = [r for r in rows if (pid, r[0]) not in muted]
                own_muted = sum(1 for (p, _t, _u, d) in mute_rows if p == pid and d <= cutoff)
                count = total - own_muted
                if count <= 0:
                    continue
                shown = mine[:limit]
                for task_id, due_iso, code, content, plan, unit in shown:
                    out(
                        pid,
                        Item(
                            "escalation",
                            f"task:{task_id}",
                            date.fromisoformat(due_iso),
                            plan,
                            code,
                            content,
                            task_id=task_id,
                            unit=unit,
                            late=late,
                        ),
                        None,
                    )
                out(pid, None, LedgerEntry("digest", pid, "escalation", anchor_iso, scheduled, late))
                if count > len(shown):
                    more[(pid, "escalation")] = count - len(shown)


def _chunks(values: list, size: int):
    for i in range(0, len(values), size):
        yield values[i : i + size]


def duty_occurrence(frequency: str, day: int | None, month: int | None, on_or_after: date) -> date | None:
    """The first date ≥ `on_or_after` a monthly (day), quarterly (day; month 3: the quarter's last month,
    1: the next quarter's first) or yearly (day, month) duty falls on; a day past the month's end means
    its last day ("ngày 31 hằng tháng" in February → 28/29)."""
    import calendar as cal

    if not day or day < 1 or day > 31:
        return None

    def clamp(y: int, m: int) -> date:
        return date(y, m, min(day, cal.monthrange(y, m)[1]))

    if frequency == "monthly":
        y, m = on_or_after.year, on_or_after.month
        for _ in range(2):
            candidate = clamp(y, m)
            if candidate >= on_or_after:
                return candidate
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return None
    if frequency == "weekly":
        if day > 7:
            return None
        return on_or_after + timedelta(days=(day - 1 - on_or_after.weekday()) % 7)
    if frequency == "quarterly" and month in (1, 3):
        y, m = on_or_after.year, on_or_after.month
        for _ in range(4):
            if m % 3 == month % 3:
                candidate = clamp(y, m)
                if candidate >= on_or_after:
                    return candidate
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return None
    if frequency == "yearly" and month and 1 <= month <= 12:
        for y in (on_or_after.year, on_or_after.year + 1):
            candidate = clamp(y, month)
            if candidate >= on_or_after:
                return candidate
    return None


def _plan_duties(db, today, now, policy, calendar, exclude, out, eligible) -> None:
    offsets = policy.duty_offsets
    if not offsets:
        return
    duties = db.execute(
        "SELECT d.id, d.text, d.reporter_unit_id, d.frequency, d.day, d.month, pl.number, u.name "
        "FROM duties d JOIN plans pl ON pl.id = d.plan_id LEFT JOIN units u ON u.id = d.reporter_unit_id "
        "WHERE d.frequency IN ('weekly', 'monthly', 'quarterly', 'yearly') AND d.day IS NOT NULL"
    ).fetchall()
    if not duties:
        return
    late_after = timedelta(minutes=policy.late_after_minutes)
    unit_people: dict[int | None, list[int]] = {}
    planned: list[tuple] = []
    for duty_id, text, unit_id, frequency, day, month, plan, unit in duties:
        occurrence = duty_occurrence(frequency, day, month, today)
        if occurrence is None:
            continue
        offset = _most_urgent((occurrence - today).days, offsets)
        if offset is None:
            continue
        planned.append((duty_id, text, unit_id, occurrence, offset, plan, unit))
        if unit_id not in unit_people:
            if unit_id is None:
                sql, params = "SELECT p.id FROM people p WHERE p.role = 'leader'", []
            else:
                sql, params = "SELECT p.id FROM people p WHERE p.unit_id = ?", [unit_id]
            found = db.execute(sql + " ORDER BY p.id", params).fetchall()
            unit_people[unit_id] = [r[0] for r in found if r[0] in eligible]
    if not planned:
        return
    first = today.isoformat()
    last = (today + timedelta(days=max(offsets))).isoformat()
    seen = ledger.existing_keys(db, due_from=first, due_to=last, subject_prefix="duty:") | exclude
    for duty_id, text, unit_id, occurrence, offset, plan, unit in planned:
        kind = _kind_for(offset, "duty_")
        scheduled = calendar.morning(calendar.next_working(occurrence - timedelta(days=offset)))
        late = now - scheduled > late_after
        for pid in unit_people[unit_id]:
            if ledger.ledger_key(f"duty:{duty_id}", pid, kind, occurrence.isoformat()) in seen:
                continue
            out(
                pid,
                Item(kind, f"duty:{duty_id}", occurrence, plan, None, text, unit=unit, late=late),
                LedgerEntry(f"duty:{duty_id}", pid, kind, occurrence.isoformat(), scheduled, late),
            )


def plan_tick(
    db: sqlite_utils.Database,
    now: datetime,
    policy: ReminderPolicy | None = None,
    *,
    exclude: set[str] | None = None,
) -> list[Digest]:
    """The digests due at `now` that the ledger (plus `exclude`, used by preview) does not hold yet.
    Reads only; `run_tick` claims and queues."""
    policy = policy or ReminderPolicy()
    calendar = WorkCalendar(policy)
    if not in_send_window(now, policy, calendar):
        return []
    today = now.astimezone(VN_TZ).date()
    exclude = exclude or set()
    per_person: dict[int, tuple[list[Item], list[LedgerEntry]]] = defaultdict(lambda: ([], []))
    more: dict[tuple[int, str], int] = {}

    def out(person_id: int, item: Item | None, entry: LedgerEntry | None) -> None:
        items, entries = per_person[person_id]
        if item is not None:
            items.append(item)
        if entry is not None:
            entries.append(entry)

    eligible = eligible_people(db)
    _plan_tasks_due(db, today, now, policy, calendar, exclude, out, eligible)
    _plan_overdue(db, today, now, policy, calendar, exclude, out, more, eligible)
    _plan_duties(db, today, now, policy, calendar, exclude, out, eligible)
    if not per_person:
        return []
    people = {}
    ids = sorted(per_person)
    for chunk in _chunks(ids, 900):
        for pid, name, language in db.execute(
            f"SELECT id, name, language FROM people WHERE id IN ({','.join('?' * len(chunk))})", chunk
        ).fetchall():
            people[pid] = (name, language)
    digests = []
    for pid in ids:
        items, entries = per_person[pid]
        name, language = people.get(pid, ("", "vi"))
        digest = Digest(pid, name, language, items, entries)
        digest.more = {kind: n for (p, kind), n in more.items() if p == pid}
        digests.append(digest)
    return digests


# --- rendering --------------------------------------------------------------------------------------

SECTION_ORDER = ("due", "before", "overdue", "escalation", "duty")


def _section_of(kind: str) -> str:
    if kind == "due":
        return "due"
    if kind.startswith("before_"):
        return "before"
    if kind.startswith("duty_"):
        return "duty"
    return kind


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _ref(item: Item) -> str:
    parts = [p for p in (item.plan, item.code) if p]
    return " · ".join(parts)


def render_digest(
    digest: Digest, today: date, policy: ReminderPolicy | None = None
) -> tuple[str, list[list[Button]]]:
    """The digest as reply HTML (document text escaped) and its buttons: details (td) and mute (mt)."""
    policy = policy or ReminderPolicy()
    lang = digest.language
    sections: dict[str, list[Item]] = defaultdict(list)
    for item in digest.items:
        sections[_section_of(item.kind)].append(item)
    lines = [t(lang, "reminder.title")]
    if digest.late:
        lines.append(t(lang, "reminder.late_note"))
    task_buttons: list[list[Button]] = []
    listed_tasks: set[int] = set()
    for section in SECTION_ORDER:
        items = sections.get(section)
        if not items:
            continue
        extra = sum(n for kind, n in digest.more.items() if _section_of(kind) == section)
        count = len(items) + extra
        units = sorted({i.unit for i in items if i.unit}) if section == "overdue" else []
        lines.append("")
        lines.append(
            t(
                lang,
                f"reminder.section.{section}",
                count=count,
                unit=html.escape(", ".join(units)),
                days=policy.escalate_after_days,
            )
        )
        for item in items[: policy.digest_max_items]:
            days = (item.due_date - today).days
            if days > 0:
                when = t(lang, "reminder.when.days_left", days=days)
            elif days == 0:
                when = t(lang, "reminder.when.today")
            else:
                when = t(lang, "reminder.when.overdue", days=-days)
            ref = _ref(item)
            lines.append(
                t(
                    lang,
                    "reminder.item",
                    ref=html.escape(ref + ": ") if ref else "",
                    text=html.escape(_short(item.text)),
                    due=item.due_date.strftime("%d/%m/%Y"),
                    when=when,
                )
            )
            if (
                item.task_id is not None
                and item.task_id not in listed_tasks
                and len(task_buttons) < policy.digest_max_items
            ):
                listed_tasks.add(item.task_id)
                label = _short(item.code or ref or f"#{item.task_id}", 24)
                task_buttons.append(
                    [
                        Button(
                            t(lang, "reminder.button.details", ref=label), actions.build("td", item.task_id)
                        ),
                        Button(t(lang, "reminder.button.mute"), actions.build("mt", item.task_id)),
                    ]
                )
        hidden = count - min(len(items), policy.digest_max_items)
        if hidden > 0:
            lines.append(t(lang, "reminder.more", count=hidden))
    lines.append("")
    lines.append(t(lang, "reminder.footer"))
    return "\n".join(lines), task_buttons


# --- the tick ---------------------------------------------------------------------------------------


@dataclass
class TickResult:
    digests: int = 0
    reminders: int = 0
    queued_rows: int = 0
    late: int = 0


def run_tick(db: sqlite_utils.Database, now: datetime, policy: ReminderPolicy | None = None) -> TickResult:
    """Plan what is due at `now`, claim it in the ledger and queue one digest per recipient, all in one
    transaction (two ticks racing, or a restart, cannot queue the same reminder twice: the second claim
    finds the key and skips it)."""
    policy = policy or ReminderPolicy()
    digests = plan_tick(db, now, policy)
    result = TickResult()
    if not digests:
        return result
    today = now.astimezone(VN_TZ).date()
    stamp = now.astimezone(VN_TZ).strftime("%Y%m%dT%H%M")
    with transaction(db):
        for digest in digests:
            message_key = f"reminder:{digest.person_id}:{stamp}"
            claimed = ledger.claim(db, digest.entries, message_key=message_key, now=now)
            if not claimed:
                continue
            claimed_keys = {(e.subject, e.kind) for e in claimed}
            # Items of a digest entry (weekly overdue) belong to it; task/duty items to their own entry.
            digest.items = [
                i
                for i in digest.items
                if (i.subject, i.kind) in claimed_keys or ("digest", i.kind) in claimed_keys
            ]
            digest.entries = claimed
            text, buttons = render_digest(digest, today, policy)
            rows = enqueue_message(
                db, person_id=digest.person_id, text=text, buttons=buttons, dedupe_key=message_key, now=now
            )
            result.digests += 1
            result.reminders += len(claimed)
            result.queued_rows += len(rows)
            result.late += sum(1 for e in claimed if e.late)
    if result.digests:
        logger.info(
            "reminder tick: %s digests, %s reminders (%s late)", result.digests, result.reminders, result.late
        )
    return result


def preview(
    db: sqlite_utils.Database,
    start: datetime,
    end: datetime,
    policy: ReminderPolicy | None = None,
) -> list[dict]:
    """What would be sent between `start` and `end` (nothing is written): one entry per recipient and kind
    per send, [{"at", "recipient", "kind", "tasks": [{"plan", "code"}]}]. Simulates the ticks at each
    working morning (and at `start` itself if it falls in a send window), with an in-memory ledger."""
    policy = policy or ReminderPolicy()
    calendar = WorkCalendar(policy)
    start = start.astimezone(VN_TZ)
    end = end.astimezone(VN_TZ)
    moments = []
    if in_send_window(start, policy, calendar):
        moments.append(start)
    day = start.date()
    while day <= end.date():
        morning = calendar.morning(day)
        if start < morning <= end and calendar.is_working(day):
            moments.append(morning)
        day += timedelta(days=1)
    claimed: set[str] = set()
    result: list[dict] = []
    for moment in moments:
        for digest in plan_tick(db, moment, policy, exclude=claimed):
            claimed.update(e.key for e in digest.entries)
            by_kind: dict[str, list[dict]] = defaultdict(list)
            for item in digest.items:
                entry = {"plan": item.plan, "code": item.code}
                if item.subject.startswith("duty:"):
                    entry["duty"] = _short(item.text, 120)
                by_kind[item.kind].append(entry)
            for kind, tasks in by_kind.items():
                result.append(
                    {
                        "at": moment.isoformat(timespec="minutes"),
                        "recipient": {"id": digest.person_id, "name": digest.name},
                        "kind": kind,
                        "late": any(i.late for i in digest.items if i.kind == kind),
                        "tasks": tasks,
                    }
                )
    return result

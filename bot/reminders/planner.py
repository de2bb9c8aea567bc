"""Planning one tick: the reminders due at `now` that the ledger does not hold yet, one digest per recipient.

`ReminderPlanner` has one method per kind of reminder (task deadlines, the weekly overdue digest to
leaders, escalation to admins, reporting duties); each reads its rows through `storage.reminders`, decides
with the policy and the calendar, and adds items and ledger entries to the digests in progress. Nothing is
written here: `run_tick` (bot/reminders/tick.py) claims and queues.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property

import sqlite_utils

from bot.clock import VN_TZ
from bot.reminders.calendar import (
    DUTY_FREQUENCIES,
    WorkCalendar,
    digest_week,
    duty_occurrence,
    in_send_window,
)
from bot.reminders.policy import ReminderPolicy
from storage import reminders as reminder_store
from storage.reminders import (
    DutyRow,
    LeaderRow,
    LedgerEntry,
    OverdueMute,
    OverdueTask,
    UnitOverdue,
    ledger_key,
)


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


# An admin whose organization has more organizations under it than this gets its subtree's overdue work
# read as one list rather than a list per organization.
_LARGE_SUBTREE = 50


def _kind_for(offset: int, prefix: str = "") -> str:
    return f"{prefix}due" if offset == 0 else f"{prefix}before_{offset}"


def _most_urgent(days_left: int, offsets: tuple[int, ...]) -> int | None:
    """The smallest lead time already reached (offsets ascending), or None once the day has passed."""
    for offset in offsets:
        if offset >= days_left:
            return offset
    return None


@dataclass(frozen=True)
class TickMoment:
    """The instant a tick plans for, with the policy and working-day calendar every kind is planned by."""

    now: datetime
    today: date  # in Asia/Ho_Chi_Minh
    policy: ReminderPolicy
    calendar: WorkCalendar
    late_after: timedelta

    @classmethod
    def at(cls, now: datetime, policy: ReminderPolicy, calendar: WorkCalendar | None = None) -> TickMoment:
        return cls(
            now=now,
            today=now.astimezone(VN_TZ).date(),
            policy=policy,
            calendar=calendar or WorkCalendar(policy),
            late_after=timedelta(minutes=policy.late_after_minutes),
        )

    def is_late(self, scheduled: datetime) -> bool:
        return self.now - scheduled > self.late_after


class _DigestsInProgress:
    """Items, ledger entries and "n more" counts gathered per recipient while the kinds are planned."""

    def __init__(self) -> None:
        self.items: dict[int, list[Item]] = defaultdict(list)
        self.entries: dict[int, list[LedgerEntry]] = defaultdict(list)
        self.more: dict[int, dict[str, int]] = defaultdict(dict)

    def add_item(self, person_id: int, item: Item) -> None:
        self.items[person_id].append(item)

    def add_entry(self, entry: LedgerEntry) -> None:
        self.entries[entry.person_id].append(entry)

    def add_more(self, person_id: int, kind: str, count: int) -> None:
        self.more[person_id][kind] = count

    def recipients(self) -> list[int]:
        return sorted(self.items.keys() | self.entries.keys())


@dataclass(frozen=True)
class _OverdueWeek:
    """The week of the overdue digest and escalation: keyed by its anchor day, sent on its working morning."""

    anchor: str  # ISO date of the policy weekday
    scheduled: datetime
    late: bool
    seen: set[str]  # digest keys of that week already in the ledger (or excluded)


def _merged(
    own: list[OverdueTask], own_total: int, shared: list[OverdueTask], shared_total: int
) -> tuple[list[OverdueTask], int]:
    """A unit's overdue list and its organization's shared tasks as one list, oldest first, and the total."""
    if not shared:
        return own, own_total
    return sorted(own + shared, key=lambda t: (t.due_date, t.task_id)), own_total + shared_total


class _OverdueMutes:
    """People's mutes on overdue tasks: taken out of their lists and counts."""

    def __init__(self, rows: list[OverdueMute]):
        self.rows = rows
        self.pairs = {(m.person_id, m.task_id) for m in rows}
        per_person: dict[int, int] = defaultdict(int)
        for mute in rows:
            per_person[mute.person_id] += 1
        self.people = set(per_person)
        self.most_by_one = max(per_person.values(), default=0)
        self.per_unit: dict[tuple[int, int | None], int] = defaultdict(int)
        for mute in rows:
            self.per_unit[(mute.person_id, mute.unit_id)] += 1

    def hides(self, person_id: int, task: OverdueTask) -> bool:
        return (person_id, task.task_id) in self.pairs

    def count_due_by(self, person_id: int, cutoff: str) -> int:
        return sum(1 for m in self.rows if m.person_id == person_id and m.due_date <= cutoff)


class ReminderPlanner:
    """Plans one tick in the send window: one method per kind of reminder, all adding to the same digests.
    `exclude` holds ledger keys to treat as already claimed (preview simulates a ledger with it)."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        moment: TickMoment,
        *,
        exclude: set[str] | None = None,
        weekly_budget: int | None = None,
    ):
        self.db = db
        # How many weekly lists (overdue, escalation) this tick may still plan (None: all of them).
        self.weekly_budget = weekly_budget
        self.moment = moment
        self.policy = moment.policy
        self.exclude = exclude or set()
        # Who can receive a push now, computed once per tick and applied in Python (simpler task queries).
        self.eligible = reminder_store.eligible_people(db)
        self._digests = _DigestsInProgress()
        self._overdue_items: dict[tuple[str, int, str | None], Item] = {}
        self._lists_added = 0  # weekly lists planned so far
        self._deferred: set[int] = set()  # people whose weekly list waits for the next tick

    def plan(self) -> list[Digest]:
        self.plan_task_deadlines()
        self.plan_overdue_digests()
        self.plan_escalations()
        self.plan_reporting_duties()
        return self._collect()

    # --- kinds --------------------------------------------------------------------------------------

    def plan_task_deadlines(self) -> None:
        """Due soon and due today: per open dated task and recipient, only the most urgent lead time reached
        (after downtime the missed ones collapse into one late line); after the due date, nothing."""
        offsets = self.policy.task_offsets
        if not offsets:
            return
        today = self.moment.today
        first = today.isoformat()
        last = (today + timedelta(days=max(offsets))).isoformat()
        tasks = reminder_store.task_deadlines(self.db, due_from=first, due_to=last)
        if not tasks:
            return
        seen = self._seen(first, last, "task:")
        eligible = self.eligible
        for task in tasks:
            due = date.fromisoformat(task.due_date)
            offset = _most_urgent((due - today).days, offsets)
            if offset is None:
                continue
            kind = _kind_for(offset)
            subject = f"task:{task.task_id}"
            scheduled = self.moment.calendar.send_time(due - timedelta(days=offset))
            late = self.moment.is_late(scheduled)
            # One item for everyone reminded of this task (a city task reaches every commune's people).
            item = Item(
                kind,
                subject,
                due,
                task.plan,
                task.code,
                task.content,
                task_id=task.task_id,
                unit=task.unit,
                late=late,
            )
            for person_id in task.recipients:
                if person_id not in eligible:
                    continue
                if seen and ledger_key(subject, person_id, kind, task.due_date) in seen:
                    continue
                self._digests.add_item(person_id, item)
                self._digests.add_entry(LedgerEntry(subject, person_id, kind, task.due_date, scheduled, late))

    def plan_overdue_digests(self) -> None:
        """Weekly, to each leader: the overdue tasks their unit leads, oldest first (the rest counted)."""
        if not self.policy.overdue_digest:
            return
        week = self._overdue_week
        leaders = [
            leader
            for leader in reminder_store.unit_leaders(self.db)
            if leader.person_id in self.eligible
            and ledger_key("digest", leader.person_id, "overdue", week.anchor) not in week.seen
        ]
        self._within_budget(leaders, lambda chunk: self._plan_overdue_lists(chunk, week))

    def _plan_overdue_lists(self, leaders: list[LeaderRow], week: _OverdueWeek) -> None:
        """The weekly overdue lists of these leaders."""
        mutes = self._overdue_mutes
        by_unit = reminder_store.overdue_by_unit(
            self.db,
            today=self.moment.today.isoformat(),
            unit_ids=[leader.unit_id for leader in leaders],
            first=self._overdue_fetch,
        )
        # A city plan's task for every commune is overdue for a commune until its own instance is done:
        # each commune's leaders get it in their list too.
        shared = reminder_store.shared_overdue(
            self.db,
            today=self.moment.today.isoformat(),
            org_ids={leader.org_id for leader in leaders if leader.org_id is not None},
        )
        # The leaders of one unit get the same list unless they muted some of it: made once per unit.
        lists: dict[tuple[int, int | None], tuple[list[OverdueTask], int]] = {}
        for leader in leaders:
            pid = leader.person_id
            unit = by_unit.get(leader.unit_id)
            if pid in mutes.people:
                theirs = [task for task in shared.of(leader.org_id) if not mutes.hides(pid, task)]
                own_muted = mutes.per_unit.get((pid, leader.unit_id), 0)
                tasks = [task for task in unit.tasks if not mutes.hides(pid, task)] if unit else []
                tasks, total = _merged(tasks, (unit.total if unit else 0) - own_muted, theirs, len(theirs))
            else:
                found = lists.get((leader.unit_id, leader.org_id))
                if found is None:
                    shown, count = shared.first(leader.org_id, self.policy.digest_max_items)
                    found = lists[(leader.unit_id, leader.org_id)] = _merged(
                        unit.tasks if unit else [], unit.total if unit else 0, shown, count
                    )
                tasks, total = found
            if total > 0:
                self._add_overdue_list(pid, "overdue", tasks, total, week)

    def plan_escalations(self) -> None:
        """Weekly, to admins: tasks overdue by `escalate_after_days` or more, across all units (an
        organization's admins: across the plans of their organization and those under it)."""
        if not self.policy.overdue_digest:
            return
        week = self._overdue_week
        org_of = reminder_store.admin_orgs(self.db)
        admins = [
            pid
            for pid in org_of
            if pid in self.eligible and ledger_key("digest", pid, "escalation", week.anchor) not in week.seen
        ]
        self._within_budget(admins, lambda chunk: self._plan_escalation_lists(chunk, org_of, week))

    def _plan_escalation_lists(
        self, admins: list[int], org_of: dict[int, int | None], week: _OverdueWeek
    ) -> None:
        """The weekly escalation lists of these admins."""
        mutes = self._overdue_mutes
        today = self.moment.today
        cutoff = (today - timedelta(days=self.policy.escalate_after_days)).isoformat()
        scoped = [pid for pid in admins if org_of[pid] is not None]
        if scoped:
            self._plan_scoped_escalations(scoped, org_of, cutoff, week, mutes)
        admins = [pid for pid in admins if org_of[pid] is None]
        if not admins:
            return
        total = reminder_store.count_overdue_since(self.db, today=today.isoformat(), due_on_or_before=cutoff)
        if not total:
            return
        tasks = reminder_store.overdue_since(
            self.db, today=today.isoformat(), due_on_or_before=cutoff, limit=self._overdue_fetch
        )
        for pid in admins:
            count = total - mutes.count_due_by(pid, cutoff)
            if count <= 0:
                continue
            mine = [task for task in tasks if not mutes.hides(pid, task)]
            self._add_overdue_list(pid, "escalation", mine, count, week)

    def plan_reporting_duties(self) -> None:
        """Reporting duties (weekly, monthly, quarterly, yearly): the most urgent lead time reached before the
        next report day, to the people of the reporting unit, or to all leaders when the duty names none.
        A report day on a weekend or holiday is due on the working day before, and lead times count
        working days ("2 days before" a Monday report is the Thursday before)."""
        offsets = self.policy.duty_offsets
        if not offsets:
            return
        duties = reminder_store.reporting_duties(self.db, DUTY_FREQUENCIES)
        if not duties:
            return
        today = self.moment.today
        calendar = self.moment.calendar
        planned: list[tuple[DutyRow, date, int]] = []
        for duty in duties:
            report_day = self._next_report_day(duty, today)
            if report_day is None:
                continue
            offset = _most_urgent(calendar.working_days_between(today, report_day), offsets)
            if offset is None:
                continue
            planned.append((duty, report_day, offset))
        if not planned:
            return
        recipients_of = {
            who: [pid for pid in people if pid in self.eligible]
            for who, people in reminder_store.duty_recipients(
                self.db,
                [(duty.unit_id, None if duty.unit_id is not None else duty.org_id) for duty, _, _ in planned],
            ).items()
        }
        first = today.isoformat()
        last = max(report_day for _, report_day, _ in planned).isoformat()
        seen = self._seen(first, last, "duty:")
        for duty, report_day, offset in planned:
            kind = _kind_for(offset, "duty_")
            subject = f"duty:{duty.duty_id}"
            due_iso = report_day.isoformat()
            scheduled = calendar.morning(calendar.working_days_before(report_day, offset))
            late = self.moment.is_late(scheduled)
            for pid in recipients_of[(duty.unit_id, None if duty.unit_id is not None else duty.org_id)]:
                if ledger_key(subject, pid, kind, due_iso) in seen:
                    continue
                self._digests.add_item(
                    pid,
                    Item(kind, subject, report_day, duty.plan, None, duty.text, unit=duty.unit, late=late),
                )
                self._digests.add_entry(LedgerEntry(subject, pid, kind, due_iso, scheduled, late))

    def _plan_scoped_escalations(self, admins, org_of, cutoff: str, week, mutes) -> None:
        """Escalations to the admins of organizations: each gets the overdue work of its subtree."""
        subtrees = reminder_store.org_subtrees(self.db, {org_of[pid] for pid in admins})
        today, fetch = self.moment.today.isoformat(), self._overdue_fetch
        # A commune's admin: the first tasks of each organization of its (small) subtree; a city's admin
        # (thousands of communes below): the first tasks of the whole subtree at once.
        large = {
            org: reminder_store.overdue_in_orgs(
                self.db, today=today, due_on_or_before=cutoff, org_ids=tree, first=fetch
            )
            for org, tree in subtrees.items()
            if len(tree) > _LARGE_SUBTREE
        }
        by_org = reminder_store.overdue_by_org(
            self.db,
            today=today,
            due_on_or_before=cutoff,
            org_ids={o for org, tree in subtrees.items() if org not in large for o in tree},
            first=fetch,
        )
        # A commune's own instances of its parent's shared tasks, overdue by its own status.
        shared = reminder_store.shared_overdue(
            self.db,
            today=self.moment.today.isoformat(),
            org_ids=set(subtrees),
            due_on_or_before=cutoff,
        )
        for pid in admins:
            org = org_of[pid]
            parts = [large[org]] if org in large else [by_org[o] for o in subtrees[org] if o in by_org]
            parts.append(UnitOverdue(*reversed(shared.first(org_of[pid], fetch))))
            total = sum(part.total for part in parts)
            tasks = sorted(
                (t for part in parts for t in part.tasks),
                key=lambda t: (t.due_date, t.task_id),
            )
            hidden = sum(1 for t in tasks if mutes.hides(pid, t))
            count = total - hidden
            if count <= 0:
                continue
            mine = [t for t in tasks if not mutes.hides(pid, t)]
            self._add_overdue_list(pid, "escalation", mine, count, week)

    def _next_report_day(self, duty: DutyRow, today: date) -> date | None:
        """The first report day ≥ today: the duty's next date, moved to the working day before when it is
        not one (so a report day that moved before today is past, and the next occurrence counts)."""
        calendar = self.moment.calendar
        nominal = duty_occurrence(duty.frequency, duty.day, duty.month, today)
        for _ in range(2):
            if nominal is None:
                return None
            report_day = calendar.report_day(nominal)
            if report_day >= today:
                return report_day
            nominal = duty_occurrence(duty.frequency, duty.day, duty.month, nominal + timedelta(days=1))
        return None

    # --- shared -------------------------------------------------------------------------------------

    def _within_budget(self, candidates: list, plan: Callable[[list], None]) -> None:
        """Plan the weekly lists of `candidates` (leader rows or admin ids, by person id), as many as this
        tick's budget allows, a chunk at a time (someone with nothing overdue takes no room). Whoever is
        left waits for the next tick with everything else due to them (one message each, a minute or two
        later: not late); their ledger keys are not claimed, so that tick plans them again."""
        if self.weekly_budget is None:
            plan(candidates)
            return
        while candidates and self.weekly_budget > 0:
            chunk, candidates = candidates[: self.weekly_budget], candidates[self.weekly_budget :]
            before = self._lists_added
            plan(chunk)
            self.weekly_budget -= self._lists_added - before
        self._deferred.update(getattr(c, "person_id", c) for c in candidates)

    def _seen(self, due_from: str, due_to: str, subject_prefix: str) -> set[str]:
        found = reminder_store.existing_keys(
            self.db, due_from=due_from, due_to=due_to, subject_prefix=subject_prefix
        )
        return found | self.exclude

    @cached_property
    def _overdue_week(self) -> _OverdueWeek:
        calendar = self.moment.calendar
        anchor = digest_week(self.moment.today, self.policy, calendar)
        scheduled = calendar.send_time(anchor)
        key_day = anchor.isoformat()
        return _OverdueWeek(
            key_day, scheduled, self.moment.is_late(scheduled), self._seen(key_day, key_day, "digest")
        )

    @cached_property
    def _overdue_mutes(self) -> _OverdueMutes:
        return _OverdueMutes(reminder_store.overdue_mutes(self.db, today=self.moment.today.isoformat()))

    @property
    def _overdue_fetch(self) -> int:
        # Lists show `digest_max_items`; fetch as many more as anyone muted, since a person's own mutes are
        # dropped afterwards.
        return self.policy.digest_max_items + min(self._overdue_mutes.most_by_one, 20)

    def _add_overdue_list(
        self, person_id: int, kind: str, tasks: list[OverdueTask], total: int, week: _OverdueWeek
    ) -> None:
        """A weekly list (overdue or escalation): its first items, its one ledger entry, the rest counted."""
        shown = tasks[: self.policy.digest_max_items]
        items = self._overdue_items
        for task in shown:
            # One item per task and unit for everyone who gets it (every leader of a unit, of a commune).
            item = items.get((kind, task.task_id, task.unit))
            if item is None:
                item = items[(kind, task.task_id, task.unit)] = Item(
                    kind,
                    f"task:{task.task_id}",
                    date.fromisoformat(task.due_date),
                    task.plan,
                    task.code,
                    task.content,
                    task_id=task.task_id,
                    unit=task.unit,
                    late=week.late,
                )
            self._digests.add_item(person_id, item)
        self._digests.add_entry(
            LedgerEntry("digest", person_id, kind, week.anchor, week.scheduled, week.late)
        )
        self._lists_added += 1
        if total > len(shown):
            self._digests.add_more(person_id, kind, total - len(shown))

    def _collect(self) -> list[Digest]:
        ids = [pid for pid in self._digests.recipients() if pid not in self._deferred]
        if not ids:
            return []
        found = reminder_store.recipients(self.db, ids)
        digests = []
        for pid in ids:
            recipient = found.get(pid)
            digests.append(
                Digest(
                    pid,
                    recipient.name if recipient else "",
                    recipient.language if recipient else "vi",
                    self._digests.items.get(pid, []),
                    self._digests.entries.get(pid, []),
                    dict(self._digests.more.get(pid, {})),
                )
            )
        return digests


def plan_tick(
    db: sqlite_utils.Database,
    now: datetime,
    policy: ReminderPolicy | None = None,
    *,
    exclude: set[str] | None = None,
    bounded: bool = False,
) -> list[Digest]:
    """The digests due at `now` that the ledger (plus `exclude`, used by preview) does not hold yet.
    Reads only; `run_tick` claims and queues. Outside the send window nothing is due. `bounded`: at most
    the policy's `weekly_lists_per_tick` weekly lists, the people whose list waits getting nothing this
    tick (the scheduler's ticks; preview plans them all)."""
    policy = policy or ReminderPolicy()
    calendar = WorkCalendar(policy)
    if not in_send_window(now, policy, calendar):
        return []
    budget = policy.weekly_lists_per_tick if bounded else None
    return ReminderPlanner(
        db, TickMoment.at(now, policy, calendar), exclude=exclude, weekly_budget=budget
    ).plan()

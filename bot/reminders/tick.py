"""The tick the scheduler calls every minute (`run_tick`: plan, render, claim in the ledger and queue in
the outbox, in one transaction) and its dry run (`preview`: what would be sent between two moments)."""

from __future__ import annotations

import gc
import logging
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

from bot.clock import VN_TZ
from bot.reminders.calendar import WorkCalendar, in_send_window
from bot.reminders.planner import Digest, plan_tick
from bot.reminders.policy import ReminderPolicy
from bot.reminders.render import DigestRenderer, shorten
from storage import reminders as reminder_store
from storage.db import transaction
from storage.outbox import QueuedMessage, enqueue_messages

logger = logging.getLogger(__name__)


@dataclass
class TickResult:
    digests: int = 0
    reminders: int = 0
    queued_rows: int = 0
    late: int = 0


def _keep_claimed(digest: Digest, claimed: list[reminder_store.LedgerEntry]) -> None:
    """Narrow the digest to what this tick claimed. Items of a weekly list (overdue, escalation) belong to
    its one digest entry; task and duty items to their own entry."""
    claimed_keys = {(e.subject, e.kind) for e in claimed}
    digest.items = [
        i for i in digest.items if (i.subject, i.kind) in claimed_keys or ("digest", i.kind) in claimed_keys
    ]
    digest.entries = claimed


def run_tick(db: sqlite_utils.Database, now: datetime, policy: ReminderPolicy | None = None) -> TickResult:
    """Plan what is due at `now`, claim it in the ledger and queue one digest per recipient, all in one
    transaction (two ticks racing, or a restart, cannot queue the same reminder twice: the second claim
    finds the key and skips it)."""
    policy = policy or ReminderPolicy()
    with _no_cyclic_gc():
        return _run_tick(db, now, policy)


@contextmanager
def _no_cyclic_gc():
    """A province's Monday tick makes hundreds of thousands of small objects (items, ledger entries,
    lines) and no reference cycles: the cycle collector would walk the whole heap several times over
    for nothing (a third of the tick). Reference counting still frees everything; the previous setting
    comes back after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _run_tick(db: sqlite_utils.Database, now: datetime, policy: ReminderPolicy) -> TickResult:
    digests = plan_tick(db, now, policy, bounded=True)
    result = TickResult()
    if not digests:
        return result
    renderer = DigestRenderer(now.astimezone(VN_TZ).date(), policy)
    stamp = now.astimezone(VN_TZ).strftime("%Y%m%dT%H%M")
    keyed = [(f"reminder:{digest.person_id}:{stamp}", digest) for digest in digests]
    with transaction(db):
        # One claim and one enqueue for the whole tick (tens of thousands of digests in a province).
        claimed_keys = reminder_store.claim_all(db, [(key, d.entries) for key, d in keyed], now=now)
        messages, claimed_of = [], {}
        for message_key, digest in keyed:
            claimed = [e for e in digest.entries if e.key in claimed_keys]
            if not claimed:
                continue
            if len(claimed) < len(digest.entries):
                _keep_claimed(digest, claimed)
            text, buttons = renderer.render(digest)
            messages.append(QueuedMessage(digest.person_id, text, buttons, message_key))
            claimed_of[message_key] = claimed
        queued = enqueue_messages(db, messages, now=now)
        for message_key, claimed in claimed_of.items():
            result.digests += 1
            result.reminders += len(claimed)
            result.queued_rows += queued[message_key]
            result.late += sum(1 for e in claimed if e.late)
    if result.digests:
        logger.info(
            "reminder tick: %s digests, %s reminders (%s late)", result.digests, result.reminders, result.late
        )
    return result


def _send_moments(start: datetime, end: datetime, policy: ReminderPolicy) -> list[datetime]:
    """`start` itself if it falls in a send window, then each working morning in (start, end]."""
    calendar = WorkCalendar(policy)
    moments = []
    if in_send_window(start, policy, calendar):
        moments.append(start)
    day = start.date()
    while day <= end.date():
        morning = calendar.morning(day)
        if start < morning <= end and calendar.is_working(day):
            moments.append(morning)
        day += timedelta(days=1)
    return moments


def preview(
    db: sqlite_utils.Database,
    start: datetime,
    end: datetime,
    policy: ReminderPolicy | None = None,
) -> list[dict]:
    """What would be sent between `start` and `end` (nothing is written): one entry per recipient and kind
    per send, [{"at", "recipient", "kind", "tasks": [{"plan", "code"} | duties: {"plan", "duty", "due"}]}]. Simulates the ticks at each
    working morning (and at `start` itself if it falls in a send window), with an in-memory ledger."""
    policy = policy or ReminderPolicy()
    start = start.astimezone(VN_TZ)
    end = end.astimezone(VN_TZ)
    claimed: set[str] = set()
    result: list[dict] = []
    for moment in _send_moments(start, end, policy):
        for digest in plan_tick(db, moment, policy, exclude=claimed):
            claimed.update(e.key for e in digest.entries)
            by_kind: dict[str, list[dict]] = defaultdict(list)
            for item in digest.items:
                entry = {"plan": item.plan, "code": item.code}
                if item.subject.startswith("duty:"):
                    entry["duty"] = shorten(item.text, 120)
                    entry["due"] = item.due_date.isoformat()  # the report day (a working day)
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

"""What re-ingesting a plan would change, computed before anything is written.

Saving a plan that is already stored matches its tasks to the stored ones (storage.plans); this module
describes the outcome of that match: tasks kept as they were, tasks changed, tasks added, and tasks
that would be removed, naming those that carry history (status updates, a status other than "not
started", assignments). A file that is much smaller than the plan it replaces (a cut-off scan, the first
page of a plan) is flagged too, even when none of the tasks it drops has history yet.

Removing a task with history, or replacing a plan with a much smaller file, needs confirmation: the
caller passes `allow_removals=True` to `storage.plans.save_plan` (the command line's `--allow-removals`,
the chat's confirm button). Without it the save raises `RemovalsNeedConfirmation` and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.errors import StorageError

# A new version with fewer than this share of the stored plan's tasks (or of its task text) is a
# "much smaller" file: more likely a cut-off scan than a plan that lost half its tasks.
SHRINK_RATIO = 0.5


@dataclass(frozen=True)
class RemovedTask:
    """A stored task the new version of the plan no longer has."""

    task_id: int
    code: str | None
    content: str
    status: str
    percent: int
    updates: int  # rows of status history
    assignments: int

    @property
    def has_history(self) -> bool:
        return bool(self.updates or self.assignments or self.status != "not_started" or self.percent)


@dataclass(frozen=True)
class PlanChanges:
    """The difference between a stored plan and the version about to replace it."""

    plan_id: int | None  # None: a new plan (nothing is replaced)
    number: str | None
    stored_tasks: int
    new_tasks: int
    kept: int  # matched, and the same content, lead and deadline
    changed: int  # matched to a stored task, whose content, lead or deadline changed
    added: int
    removed: list[RemovedTask] = field(default_factory=list)
    stored_chars: int = 0  # length of the stored tasks' text
    new_chars: int = 0

    @property
    def removed_with_history(self) -> list[RemovedTask]:
        return [task for task in self.removed if task.has_history]

    @property
    def much_smaller(self) -> bool:
        """The new version has far fewer tasks, or far less task text, than the stored plan."""
        if self.plan_id is None or not self.stored_tasks:
            return False
        return (
            self.new_tasks < SHRINK_RATIO * self.stored_tasks
            or self.new_chars < SHRINK_RATIO * self.stored_chars
        )

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.removed_with_history) or (self.much_smaller and bool(self.removed))


class RemovalsNeedConfirmation(StorageError):
    """Saving would remove tasks with history, or replace a plan with a much smaller file; nothing was
    written. Confirm with `allow_removals=True` (the removed tasks are archived, see storage.task_archive)."""

    key = "reingest.needs_confirmation"

    def __init__(self, changes: PlanChanges):
        super().__init__(
            f"plan {changes.number}: {len(changes.removed)} tasks would be removed,"
            f" {len(changes.removed_with_history)} with history"
        )
        self.changes = changes


def describe_changes(
    db,
    plan_id: int | None,
    number: str | None,
    new_rows: list[tuple[str | None, str, str | None, str]],
    matched: list[int | None],
    leftover: set[int],
) -> PlanChanges:
    """The changes of saving tasks `new_rows` ((code, content, lead, deadline text) each) over plan
    `plan_id`, whose stored tasks `matched` (one per new task, or None) continue and `leftover` go."""
    new_chars = sum(len(content) for _, content, _, _ in new_rows)
    if plan_id is None:
        return PlanChanges(None, number, 0, len(new_rows), 0, 0, len(new_rows), new_chars=new_chars)
    stored = {
        row[0]: row[1:]
        for row in db.execute(
            "SELECT id, code, content, lead_text, deadline_text FROM tasks WHERE plan_id = ?", [plan_id]
        ).fetchall()
    }
    kept = changed = added = 0
    for new, task_id in zip(new_rows, matched, strict=True):
        if task_id is None:
            added += 1
        elif tuple(stored[task_id]) == tuple(new):
            kept += 1
        else:
            changed += 1
    return PlanChanges(
        plan_id=plan_id,
        number=number,
        stored_tasks=len(stored),
        new_tasks=len(new_rows),
        kept=kept,
        changed=changed,
        added=added,
        removed=_removed(db, leftover),
        stored_chars=sum(len(row[1] or "") for row in stored.values()),
        new_chars=new_chars,
    )


def _removed(db, task_ids: set[int]) -> list[RemovedTask]:
    if not task_ids:
        return []
    marks = ", ".join("?" for _ in task_ids)
    rows = db.execute(
        "SELECT t.id, t.code, t.content, t.status, t.percent,"
        " (SELECT COUNT(*) FROM status_updates s WHERE s.task_id = t.id),"
        " (SELECT COUNT(*) FROM assignments a WHERE a.task_id = t.id)"
        f" FROM tasks t WHERE t.id IN ({marks}) ORDER BY t.position, t.id",
        sorted(task_ids),
    ).fetchall()
    return [RemovedTask(*row) for row in rows]

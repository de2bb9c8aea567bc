"""The public `planbot export --json` format, written in one place.

Storage reads its plans back into the models (`ParsedPlan` with its tasks, duties and targets, plus each
task's progress) and this module writes them out; a plan straight from the parser is written the same way,
as storage would export it right after saving (no source file, no progress yet). The format is a public
interface: fields are added, never renamed (README "Export").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from knowledge.models import Deadline, ParsedPlan, ReportingDuty, Target
from knowledge.orgs import org_of_plan
from knowledge.refs import plan_refs


@dataclass(frozen=True)
class TaskProgress:
    """How far a stored task has come; a task not yet stored has not started."""

    status: str = "not_started"
    percent: int = 0


NOT_STARTED = TaskProgress()


def export_plan(
    plan: ParsedPlan,
    *,
    source_file: str | None = None,
    progress: Sequence[TaskProgress] | None = None,
    org: str | None = None,
) -> dict:
    """One plan in the export format. `progress` goes with `plan.tasks`, one per task, in order; `org` is
    the organization it belongs to (by default the body its header names)."""
    if progress is None:
        progress = [NOT_STARTED] * len(plan.tasks)
    if org is None:
        named = org_of_plan(plan.issuer, plan.number)
        org = named.name if named else None
    return {
        "number": plan.number,
        "issuer": plan.issuer,
        "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
        "title": plan.title,
        "implements": list(plan.implements),
        "replaces": list(plan.replaces),
        "problems": list(plan.problems),
        "source_file": source_file,
        "tasks": [
            {
                "code": task.code,
                "content": task.content,
                "lead": task.lead,
                "support": list(task.support),
                "deadline": _deadline(task.deadline),
                "status": done.status,
                "percent": done.percent,
                "result": task.result,
                "original": task.original or task.content,  # as read; added fields go last
                "ref": ref,  # short reference unique in the plan (knowledge.refs); `code` stays as printed
            }
            for task, done, ref in zip(plan.tasks, progress, plan_refs(plan.tasks), strict=True)
        ],
        "duties": [_duty(d) for d in plan.duties],
        "targets": [_target(g) for g in plan.targets],
        "org": org,
        "title_original": plan.title_original or plan.title,
        "issuer_original": plan.issuer_original or plan.issuer,
    }


def export_document(plans: Iterable[dict]) -> dict:
    """The whole export: the plans written by `export_plan`, in order."""
    return {"plans": list(plans)}


def plan_to_export(plan: ParsedPlan) -> dict:
    """A parsed plan in the export format (the name the parser's callers know)."""
    return export_plan(plan)


def _deadline(deadline: Deadline) -> dict:
    # `problem` stays out: it is reported in the plan's `problems`, and storage does not keep it.
    return {
        "kind": deadline.kind,
        "due": deadline.due.isoformat() if deadline.due else None,
        "text": deadline.text,
        "recurring": deadline.recurring,
        "condition": deadline.condition,
    }


def _duty(duty: ReportingDuty) -> dict:
    return {
        "text": duty.text,
        "reporter": duty.reporter,
        "recipient": duty.recipient,
        "frequency": duty.frequency,
        "day": duty.day,
        "month": duty.month,
        "periods": list(duty.periods),
        "original": duty.original or duty.text,
    }


def _target(target: Target) -> dict:
    return {
        "indicator": target.indicator,
        "values": dict(target.values),
        "code": target.code,
        "original": target.original or target.indicator,
        "unit": target.unit,
    }

"""Status updates through chat, and progress views.

/capnhat (or the "cập nhật tiến độ" button of a task) runs a conversation whose state lives in the
`conversations` table: PICK_TASK → PICK_STATUS → PICK_PERCENT → NOTE → EVIDENCE → CONFIRM. Every button of
one run carries the run's flow id, so a button from an older run (yesterday's message, a double tap after
saving) is recognised as stale instead of acting twice. /huy cancels at any step.
"""

from __future__ import annotations

import html
import logging

from bot import actions
from bot.chat import Button, Incoming, Reply
from bot.feature import ButtonAction, Command, Feature, Flow
from bot.features.keyboards import short as _short
from bot.permissions import LEADERS, Forbidden, progress_scope
from bot.scope import can_update, task_instance
from bot.verbs import Verb
from knowledge.messages import t
from storage import orgs as orgs_db
from storage import people as people_db
from storage import progress as progress_db
from storage.people import Person

logger = logging.getLogger(__name__)

PICK_TASK = "progress:task"
PICK_STATUS = "progress:status"
PICK_PERCENT = "progress:percent"
NOTE = "progress:note"
EVIDENCE = "progress:evidence"
CONFIRM = "progress:confirm"

STATUS_LETTERS = {"n": "not_started", "i": "in_progress", "d": "done", "b": "blocked"}
LETTER_OF = {v: k for k, v in STATUS_LETTERS.items()}
STATUS_ICONS = {"not_started": "⚪", "in_progress": "🔵", "done": "✅", "blocked": "🔴"}
PERCENTS = (0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100)
TASKS_PER_PAGE = 6
MAX_NOTE = 1000
HISTORY_SHOWN = 5
TIENDO_PER_UNIT = 30


def status_name(lang: str, status: str) -> str:
    return t(lang, f"status.{status}")


def _task_label(task: dict) -> str:
    code = task.get("ref") or task.get("code")  # the reference tells apart tasks sharing a printed code
    code = f"{code} " if code else ""
    return _short(code + task["content"], 60)


def _date_vn(iso: str | None) -> str:
    if not iso:
        return ""
    y, m, d = iso[:10].split("-")
    return f"{int(d)}/{int(m)}/{y}"


# --- entry points ------------------------------------------------------------------------------------


async def cmd_update(core, incoming: Incoming, person: Person) -> list[Reply]:
    """/capnhat: start a run at the task picker."""
    flow = core.new_flow_id()
    core.set_state(incoming, PICK_TASK, {"flow": flow, "page": 0})
    return _task_page(core, incoming, person, flow, 0, edit=False)


def _open_tasks(core, person) -> list[dict]:
    """The open tasks the person may update: an admin's organization's (everyone's without one); the
    unit's and their own; and, for the admins and leaders of a commune, its instances of the tasks its
    parents' plans give to all communes."""
    scope = core.scope(person)
    if person.role == "admin" and person.unit_id is None:
        tasks = progress_db.all_open_tasks(core.db, scope.org_ids)
    else:
        tasks = progress_db.open_tasks_for(core.db, unit_id=person.unit_id, person_id=person.id)
    if scope.org_id is not None and person.role in LEADERS:
        seen = {task["id"] for task in tasks}
        tasks += [
            task
            for task in progress_db.shared_tasks(core.db, scope.parent_ids, scope.org_id)
            if task["id"] not in seen
        ]
    return tasks


def _task_page(core, incoming, person, flow, page, *, edit) -> list[Reply]:
    lang = core.lang(incoming, person)
    tasks = _open_tasks(core, person)
    if not tasks:
        core.clear_state(incoming)
        return [Reply(t(lang, "progress.no_tasks"), edit=edit)]
    pages = (len(tasks) + TASKS_PER_PAGE - 1) // TASKS_PER_PAGE
    page = min(max(page, 0), pages - 1)
    rows = [
        [Button(_task_label(task), actions.build(Verb.UPDATE_PICK_TASK, flow, task["id"]))]
        for task in tasks[page * TASKS_PER_PAGE : (page + 1) * TASKS_PER_PAGE]
    ]
    nav = []
    if page > 0:
        nav.append(Button("◀", actions.build(Verb.UPDATE_TASKS_PAGE, flow, page - 1)))
    if page < pages - 1:
        nav.append(Button("▶", actions.build(Verb.UPDATE_TASKS_PAGE, flow, page + 1)))
    if nav:
        rows.append(nav)
    rows.append([Button(t(lang, "flow.cancel_button"), actions.build(Verb.UPDATE_CANCEL, flow))])
    text = t(lang, "progress.pick_task", count=len(tasks), page=page + 1, pages=pages)
    return [Reply(text, buttons=rows, edit=edit)]


async def action_start_for_task(core, incoming: Incoming, person: Person) -> list[Reply]:
    """pu:<task>: the "cập nhật tiến độ" button of a task, from details or a reminder."""
    lang = core.lang(incoming, person)
    if incoming.is_group:
        return [Reply(t(lang, "core.private_only"))]
    task_id = actions.parse(incoming.action).int_arg(0)
    return _start_status(core, incoming, person, core.new_flow_id(), task_id, lang, edit=False)


def _task_as_seen(core, scope, task_id: int) -> tuple[dict | None, int | None]:
    """The task with the status the person works on (their organization's, for a shared task), and the
    organization whose instance that is (None: the task itself)."""
    task = progress_db.get_task(core.db, task_id)
    org_id = task_instance(core.db, scope, task_id) if task is not None else None
    if org_id is not None:
        task["status"], task["percent"], _ = orgs_db.org_status(core.db, task_id, org_id)
    return task, org_id


def _start_status(core, incoming, person, flow, task_id, lang, *, edit) -> list[Reply]:
    scope = core.scope(person)
    task, org_id = _task_as_seen(core, scope, task_id)
    if task is None:
        return [Reply(t(lang, "core.stale_button"))]
    if not can_update(core.db, person, scope, task_id):
        return [Reply(t(lang, "progress.not_your_task"))]
    core.set_state(incoming, PICK_STATUS, {"flow": flow, "task_id": task_id, "org": org_id})
    return [_status_prompt(lang, flow, task, edit=edit)]


def _status_prompt(lang, flow, task, *, edit=False) -> Reply:
    rows = [
        [
            Button(
                STATUS_ICONS[s] + " " + status_name(lang, s),
                actions.build(Verb.UPDATE_STATUS, flow, LETTER_OF[s]),
            )
        ]
        for s in ("not_started", "in_progress", "done", "blocked")
    ]
    rows.append([Button(t(lang, "flow.cancel_button"), actions.build(Verb.UPDATE_CANCEL, flow))])
    text = t(
        lang,
        "progress.pick_status",
        task=html.escape(_short(task["content"], 300)),
        status=status_name(lang, task["status"]),
        percent=task["percent"],
    )
    return Reply(text, buttons=rows, edit=edit)


def _percent_prompt(lang, flow) -> Reply:
    buttons = [Button(f"{p}%", actions.build(Verb.UPDATE_PERCENT, flow, p)) for p in PERCENTS]
    rows = [buttons[i : i + 4] for i in range(0, len(buttons), 4)]
    rows.append([Button(t(lang, "flow.cancel_button"), actions.build(Verb.UPDATE_CANCEL, flow))])
    return Reply(t(lang, "progress.pick_percent"), buttons=rows, edit=True)


def _note_prompt(lang, flow, *, edit=True) -> Reply:
    rows = [
        [Button(t(lang, "flow.skip_button"), actions.build(Verb.UPDATE_SKIP_NOTE, flow))],
        [Button(t(lang, "flow.cancel_button"), actions.build(Verb.UPDATE_CANCEL, flow))],
    ]
    return Reply(t(lang, "progress.ask_note", limit=MAX_NOTE), buttons=rows, edit=edit)


def _evidence_prompt(lang, flow, *, edit=True) -> Reply:
    rows = [
        [Button(t(lang, "flow.skip_button"), actions.build(Verb.UPDATE_SKIP_EVIDENCE, flow))],
        [Button(t(lang, "flow.cancel_button"), actions.build(Verb.UPDATE_CANCEL, flow))],
    ]
    return Reply(t(lang, "progress.ask_evidence"), buttons=rows, edit=edit)


def _confirm_prompt(core, lang, data, *, edit=True) -> Reply:
    task = progress_db.get_task(core.db, data["task_id"])
    lines = [
        t(lang, "progress.confirm_title"),
        t(lang, "progress.confirm_task", task=html.escape(_short(task["content"] if task else "?", 300))),
        t(lang, "progress.confirm_status", status=status_name(lang, data["status"]), percent=data["percent"]),
    ]
    if data.get("note"):
        lines.append(t(lang, "progress.confirm_note", note=html.escape(data["note"])))
    if data.get("evidence_ref"):
        lines.append(t(lang, "progress.confirm_evidence", name=html.escape(data.get("evidence_name") or "")))
    rows = [
        [
            Button(t(lang, "flow.confirm_button"), actions.build(Verb.UPDATE_CONFIRM, data["flow"])),
            Button(t(lang, "flow.cancel_button"), actions.build(Verb.UPDATE_CANCEL, data["flow"])),
        ]
    ]
    return Reply("\n".join(lines), buttons=rows, edit=edit)


# --- the conversation --------------------------------------------------------------------------------


def _current(core, incoming, flow: str | None, *states: str):
    """The run's state if the button belongs to the current run and step; None for stale buttons."""
    state = core.get_state(incoming)
    if state is None or not state.state.startswith("progress:") or state.data.get("flow") != flow:
        return None
    if states and state.state not in states:
        return None
    return state


def _stale(core, incoming, person) -> list[Reply]:
    return [Reply(t(core.lang(incoming, person), "core.stale_button"))]


async def action_task_page(core, incoming, person) -> list[Reply]:
    """Show another page of the task picker."""
    action = actions.parse(incoming.action)
    flow = action.arg(0)
    if _current(core, incoming, flow, PICK_TASK) is None:
        return _stale(core, incoming, person)
    return _task_page(core, incoming, person, flow, action.int_arg(1), edit=True)


async def action_pick_task(core, incoming, person) -> list[Reply]:
    """Ask for the status of the chosen task."""
    action = actions.parse(incoming.action)
    flow = action.arg(0)
    if _current(core, incoming, flow, PICK_TASK) is None:
        return _stale(core, incoming, person)
    return _start_status(
        core, incoming, person, flow, action.int_arg(1), core.lang(incoming, person), edit=True
    )


async def action_status(core, incoming, person) -> list[Reply]:
    """Take the status; ask for the percent (done means 100%)."""
    action = actions.parse(incoming.action)
    flow = action.arg(0)
    state = _current(core, incoming, flow, PICK_STATUS)
    status = STATUS_LETTERS.get(action.arg(1) or "")
    if state is None or status is None:
        return _stale(core, incoming, person)
    lang = core.lang(incoming, person)
    data = dict(state.data, status=status)
    if status == "done":  # finished means 100%: no need to ask
        data["percent"] = 100
        core.set_state(incoming, NOTE, data)
        return [_note_prompt(lang, flow)]
    core.set_state(incoming, PICK_PERCENT, data)
    return [_percent_prompt(lang, flow)]


async def action_percent(core, incoming, person) -> list[Reply]:
    """Take the percent; ask for a note."""
    action = actions.parse(incoming.action)
    flow = action.arg(0)
    state = _current(core, incoming, flow, PICK_PERCENT)
    percent = action.int_arg(1)
    if state is None or not 0 <= percent <= 100:
        return _stale(core, incoming, person)
    core.set_state(incoming, NOTE, dict(state.data, percent=percent))
    return [_note_prompt(core.lang(incoming, person), flow)]


async def action_skip_note(core, incoming, person) -> list[Reply]:
    """Go on without a note."""
    flow = actions.parse(incoming.action).arg(0)
    state = _current(core, incoming, flow, NOTE)
    if state is None:
        return _stale(core, incoming, person)
    core.set_state(incoming, EVIDENCE, dict(state.data, note=None))
    return [_evidence_prompt(core.lang(incoming, person), flow)]


async def action_skip_evidence(core, incoming, person) -> list[Reply]:
    """Go on without evidence."""
    flow = actions.parse(incoming.action).arg(0)
    state = _current(core, incoming, flow, EVIDENCE)
    if state is None:
        return _stale(core, incoming, person)
    data = dict(state.data, evidence_ref=None, evidence_kind=None)
    core.set_state(incoming, CONFIRM, data)
    return [_confirm_prompt(core, core.lang(incoming, person), data)]


async def action_cancel(core, incoming, person) -> list[Reply]:
    """Stop this run without saving."""
    flow = actions.parse(incoming.action).arg(0)
    if _current(core, incoming, flow) is None:
        return _stale(core, incoming, person)
    core.clear_state(incoming)
    return [Reply(t(core.lang(incoming, person), "core.cancelled"), edit=True)]


async def action_confirm(core, incoming, person) -> list[Reply]:
    """Save the update (once, however often the button is pressed)."""
    flow = actions.parse(incoming.action).arg(0)
    state = _current(core, incoming, flow, CONFIRM)
    if state is None:
        return _stale(core, incoming, person)
    lang = core.lang(incoming, person)
    data = state.data
    scope = core.scope(person)
    if not can_update(core.db, person, scope, data["task_id"]):  # role changed mid-conversation
        core.clear_state(incoming)
        return [Reply(t(lang, "progress.not_your_task"))]
    # Clear the state first (same connection, no await in between): a double tap finds no run and is
    # answered as stale, so one confirmation stores one update.
    core.clear_state(incoming)
    update_id = progress_db.record_update(
        core.db,
        task_id=data["task_id"],
        person_id=person.id,
        status=data["status"],
        percent=data["percent"],
        note=data.get("note"),
        evidence_kind=data.get("evidence_kind"),
        evidence_ref=data.get("evidence_ref"),
        channel=incoming.channel,
        now=core.clock.now(),
        org_id=task_instance(core.db, scope, data["task_id"]),
    )
    if data["status"] == "blocked":
        notify_blocked(core, person, data["task_id"], update_id, data.get("note"))
    replies = [
        Reply(
            t(lang, "progress.saved", status=status_name(lang, data["status"]), percent=data["percent"]),
            edit=True,
        )
    ]
    if data["status"] == "blocked":
        replies[0].text += "\n" + t(lang, "progress.blocked_notified")
    return replies


def notify_blocked(core, reporter: Person, task_id: int, update_id: int, note: str | None) -> int:
    """A "Gặp vướng mắc" update goes at once to the leaders of the task's units and to every admin."""
    task = progress_db.get_task(core.db, task_id)
    recipients: dict[int, Person] = {}
    unit_ids = progress_db.task_unit_ids(core.db, task_id) | (
        {reporter.unit_id} if reporter.unit_id else set()
    )
    for unit_id in unit_ids:
        for leader in people_db.unit_leaders(core.db, unit_id):
            recipients[leader.id] = leader
    # The admins who see the task: the deployment's, and those of the organizations above the task's
    # (and above the reporter's, for a commune's instance of a shared task).
    task_org = orgs_db.task_scope_row(core.db, task_id)
    above: set[int] = set()
    for org_id in {task_org[0] if task_org else None, reporter.org_id} - {None}:
        above |= {org_id, *orgs_db.ancestors(core.db, org_id)}
    for admin in people_db.admins(core.db, org_ids=above if above else None):
        recipients[admin.id] = admin
    recipients.pop(reporter.id, None)
    sent = 0
    for recipient in recipients.values():
        lang = recipient.language
        text = t(
            lang,
            "progress.blocked_alert",
            name=html.escape(reporter.name),
            unit=html.escape(reporter.unit_name or ""),
            task=html.escape(_short(task["content"], 300)),
            note=html.escape(note or "—"),
        )
        sent += core.notify(
            recipient.id,
            text,
            dedupe_key=f"blocked:{update_id}:{recipient.id}",
            buttons=[[Button(t(lang, "progress.details_button"), actions.build(Verb.TASK_DETAILS, task_id))]],
        )
    return sent


async def flow_step(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Text or a file while a run is waiting: the note, the evidence, a typed percent, or a reminder of
    what the current step needs."""
    lang = core.lang(incoming, person)
    state = core.get_state(incoming)
    data = state.data
    flow = data.get("flow", "")
    text = (incoming.text or "").strip()
    if state.state == NOTE and text and incoming.file is None:
        if len(text) > MAX_NOTE:
            return [Reply(t(lang, "progress.note_too_long", limit=MAX_NOTE))]
        core.set_state(incoming, EVIDENCE, dict(data, note=text))
        return [_evidence_prompt(lang, flow, edit=False)]
    if state.state in (NOTE, EVIDENCE) and incoming.file is not None:
        ref = incoming.file
        new = dict(
            data,
            evidence_kind=ref.kind,
            evidence_ref=ref.ref,
            evidence_name=ref.name or ref.kind,
        )
        if state.state == NOTE:
            new.setdefault("note", text or None)
        core.set_state(incoming, CONFIRM, new)
        return [_confirm_prompt(core, lang, new, edit=False)]
    if state.state == PICK_PERCENT and text.rstrip("%").strip().isdigit():
        percent = int(text.rstrip("%").strip())
        if 0 <= percent <= 100:
            core.set_state(incoming, NOTE, dict(data, percent=percent))
            return [_note_prompt(lang, flow, edit=False)]
        return [Reply(t(lang, "progress.bad_percent"))]
    # Anything else: say what this step needs, with its buttons again.
    hint = Reply(t(lang, "flow.use_buttons"))
    if state.state == PICK_TASK:
        replies = _task_page(core, incoming, person, flow, data.get("page", 0), edit=False)
    elif state.state == PICK_STATUS:
        task = progress_db.get_task(core.db, data["task_id"])
        if task is None:
            core.clear_state(incoming)
            return [Reply(t(lang, "core.stale_button"))]
        replies = [_status_prompt(lang, flow, task)]
    elif state.state == PICK_PERCENT:
        replies = [_percent_prompt(lang, flow)]
    elif state.state == EVIDENCE:
        replies = [_evidence_prompt(lang, flow)]
    elif state.state == CONFIRM:
        replies = [_confirm_prompt(core, lang, data)]
    else:
        replies = [_note_prompt(lang, flow)]
    for reply in replies:
        reply.edit = False
    return [hint, *replies]


# --- task details and /tiendo ------------------------------------------------------------------------


def history_lines(core, task_id: int, lang: str, scope=None, *, full: bool = True) -> list[str]:
    """The latest updates, of the viewer's organization's own instance for a shared task (a commune never
    sees another commune's notes). `full`: with who reported, their note and evidence mark; otherwise
    only the date, status and percent (see `sees_update_details`)."""
    scope = scope or core.scope(None)
    org_id = task_instance(core.db, scope, task_id)
    rows = progress_db.history(core.db, task_id, limit=HISTORY_SHOWN, org_id=org_id, org_ids=scope.org_ids)
    if not rows:
        return [t(lang, "progress.history_empty")]
    lines = [t(lang, "progress.history_title")]
    for row in rows:
        if not full:
            lines.append(
                t(
                    lang,
                    "progress.history_line_public",
                    date=_date_vn(row["created_at"]),
                    status=status_name(lang, row["status"]),
                    percent=row["percent"],
                )
            )
            continue
        line = t(
            lang,
            "progress.history_line",
            date=_date_vn(row["created_at"]),
            name=html.escape(row["person"] or "?"),
            status=status_name(lang, row["status"]),
            percent=row["percent"],
        )
        if row["note"]:
            line += f" — <i>{html.escape(_short(row['note'], 200))}</i>"
        if row["evidence_ref"]:
            line += " 📎"
        lines.append(line)
    return lines


def sees_update_details(core, person: Person, scope, task_id: int) -> bool:
    """Notes, reporter names and evidence are for the people working on the task: admins, the people of
    its lead and coordinating units, and those assigned to it (the people who may update it). Everyone
    else who can see the task sees its status and percent only."""
    return person is not None and can_update(core.db, person, scope, task_id)


def decorate_details(
    core, replies: list[Reply], task_id: int, incoming: Incoming, person: Person
) -> list[Reply]:
    """Add the status history and the "cập nhật tiến độ" button to the assistant's task details. In a
    group chat nothing is added (no one's updates are shown to a group)."""
    if incoming.is_group or not replies:
        return replies
    lang = core.lang(incoming, person)
    scope = core.scope(person)
    last = replies[-1]
    involved = sees_update_details(core, person, scope, task_id)
    last.text = last.text + "\n\n" + "\n".join(history_lines(core, task_id, lang, scope, full=involved))
    shared = _shared_statuses(core, scope, task_id, lang)
    if shared:
        last.text += "\n\n" + shared
    if involved:
        last.buttons = [
            *last.buttons,
            [Button(t(lang, "progress.update_button"), actions.build(Verb.UPDATE_TASK, task_id))],
        ]
    return replies


def _shared_statuses(core, scope, task_id: int, lang: str) -> str:
    """For a task its plan gives to all communes, seen from the issuing side: each commune's own status."""
    row = orgs_db.task_scope_row(core.db, task_id)
    if row is None or row[1] is None or not scope.sees_org(row[1]):
        return ""
    children = [o.id for o in orgs_db.list_orgs(core.db) if o.parent_id == row[1] and scope.sees_org(o.id)]
    if not children:
        return ""
    lines = [t(lang, "orgs.shared_title")]
    for _, name, status, percent in orgs_db.statuses_by_org(core.db, task_id, children):
        lines.append(
            f"{STATUS_ICONS.get(status, '')} {html.escape(name)} — {status_name(lang, status)} {percent}%"
        )
    return "\n".join(lines)


async def cmd_progress(core, incoming: Incoming, person: Person) -> list[Reply]:
    """/tiendo: a leader's unit; an admin's organization by unit, or with several organizations in sight
    one block per organization (a city's admin: per commune); overdue first, then by status, with the chart."""
    lang = core.lang(incoming, person)
    try:
        unit_id = progress_scope(person)
    except Forbidden:
        return [Reply(t(lang, "core.forbidden"))]
    today = core.today(incoming)
    scope = core.scope(person)
    blocks = []
    if unit_id is None and scope.org_ids is not None and len(scope.org_ids) > 1:
        for org in orgs_db.list_orgs(core.db, scope.org_ids):
            parents = frozenset(orgs_db.ancestors(core.db, org.id))
            tasks = progress_db.org_progress(core.db, org.id, parents, today)
            if tasks:
                blocks.append(_unit_block(lang, org.name, tasks, detailed=False))
    else:
        if unit_id is not None:
            units = [(unit_id, person.unit_name or "")]
        else:
            units = people_db.list_units(core.db, scope.org_ids)
        for uid, name in units:
            tasks = progress_db.unit_progress(core.db, uid, today)
            if not tasks:
                continue
            blocks.append(_unit_block(lang, name, tasks, detailed=unit_id is not None))
        if unit_id is None and scope.org_id is not None and scope.parent_ids:
            tasks = progress_db.shared_tasks(core.db, scope.parent_ids, scope.org_id, open_only=False)
            if tasks:
                tasks = progress_db.by_urgency(tasks, today)
                blocks.append(_unit_block(lang, t(lang, "orgs.shared_block"), tasks, detailed=True))
    if not blocks:
        return [Reply(t(lang, "progress.tiendo_empty"))]
    header = t(lang, "progress.tiendo_title", date=f"{today.day}/{today.month}/{today.year}")
    from bot.features.reporting import progress_chart

    chart = await progress_chart(core, person, today, lang)  # sent after the lists, as a photo
    return [Reply(header + "\n\n" + "\n\n".join(blocks), document=chart)]


def _unit_block(lang: str, name: str, tasks: list[dict], *, detailed: bool) -> str:
    counts = {s: 0 for s in ("not_started", "in_progress", "done", "blocked")}
    for task in tasks:
        counts[task["status"]] = counts.get(task["status"], 0) + 1
    overdue = sum(1 for task in tasks if task["overdue"])
    lines = [
        f"<b>{html.escape(name)}</b>",
        t(
            lang,
            "progress.tiendo_counts",
            total=len(tasks),
            overdue=overdue,
            done=counts["done"],
            in_progress=counts["in_progress"],
            blocked=counts["blocked"],
            not_started=counts["not_started"],
        ),
    ]
    shown = tasks if detailed else [task for task in tasks if task["overdue"] or task["status"] == "blocked"]
    for task in shown[:TIENDO_PER_UNIT]:
        mark = "⏰ " if task["overdue"] else ""
        due = f" ({t(lang, 'progress.due', date=_date_vn(task['due_date']))})" if task["due_date"] else ""
        lines.append(
            f"{STATUS_ICONS.get(task['status'], '')} {mark}{html.escape(_short(task['content'], 120))} — "
            f"{status_name(lang, task['status'])} {task['percent']}%{due}"
        )
    if len(shown) > TIENDO_PER_UNIT:
        lines.append(t(lang, "progress.more", count=len(shown) - TIENDO_PER_UNIT))
    return "\n".join(lines)


FEATURE = Feature(
    name="progress_updates",
    commands=(
        Command("capnhat", cmd_update, private=True, description="cmd.capnhat"),
        Command("tiendo", cmd_progress, LEADERS, private=True, description="cmd.tiendo"),
    ),
    buttons=(
        ButtonAction(Verb.UPDATE_TASK, action_start_for_task),
        ButtonAction(Verb.UPDATE_TASKS_PAGE, action_task_page),
        ButtonAction(Verb.UPDATE_PICK_TASK, action_pick_task),
        ButtonAction(Verb.UPDATE_STATUS, action_status),
        ButtonAction(Verb.UPDATE_PERCENT, action_percent),
        ButtonAction(Verb.UPDATE_SKIP_NOTE, action_skip_note),
        ButtonAction(Verb.UPDATE_SKIP_EVIDENCE, action_skip_evidence),
        ButtonAction(Verb.UPDATE_CONFIRM, action_confirm),
        ButtonAction(Verb.UPDATE_CANCEL, action_cancel),
    ),
    flows=(Flow("progress:", flow_step),),
    decorate_details=decorate_details,
)

"""Assigning a task to a person, for admins: `/giaoviec [words or task number]` → pick the task → pick
the person; the person is told, with a button to update the task's progress."""

from __future__ import annotations

import html

from bot import actions
from bot.chat import Button, Reply
from bot.feature import ButtonAction, Command, Feature, Flow
from bot.features.keyboards import role_name, short
from bot.permissions import ADMINS
from bot.scope import sees_task
from bot.verbs import Verb
from knowledge.messages import t
from storage import people as people_db
from storage import progress as progress_db

ASK_TASK = "assign:task"
PICK_TASK = "assign:pick"
PICK_PERSON = "assign:person"
TASKS_SHOWN = 8
PEOPLE_SHOWN = 12


async def start_assign(core, incoming, person) -> list[Reply]:
    """Ask which task to assign, or look it up from the words typed after the command."""
    lang = core.lang(incoming, person)
    flow = core.new_flow_id()
    query = core.command_args(incoming)
    if query:
        return _matches(core, incoming, person, flow, query)
    core.set_state(incoming, ASK_TASK, {"flow": flow})
    return [Reply(t(lang, "assign.ask_task"))]


def _matches(core, incoming, person, flow, query) -> list[Reply]:
    lang = core.lang(incoming, person)
    task = progress_db.get_task(core.db, int(query)) if query.isdigit() and len(query) < 12 else None
    if task is not None and not sees_task(core.db, core.scope(person), task["id"]):
        task = None
    if task is not None:
        tasks = [task]
    else:
        answer = core.assistant.ask(query, core.asker(person, incoming), today=core.today(incoming))
        tasks = [task for task in answer.tasks[:TASKS_SHOWN] if task.get("id")]
    if not tasks:
        core.set_state(incoming, ASK_TASK, {"flow": flow})
        return [Reply(t(lang, "assign.no_match"))]
    core.set_state(incoming, PICK_TASK, {"flow": flow})
    rows = [
        [
            Button(
                short(f"{task.get('code') or ''} {task['content']}".strip(), 60),
                actions.build(Verb.ASSIGN_TASK, flow, task["id"]),
            )
        ]
        for task in tasks
    ]
    return [Reply(t(lang, "assign.pick_task"), buttons=rows)]


async def take_assign_text(core, incoming, person) -> list[Reply]:
    """Look up the task typed during /giaoviec; at a button step, ask for the button."""
    lang = core.lang(incoming, person)
    state = core.get_state(incoming)
    text = (incoming.text or "").strip()
    if state.state == ASK_TASK and text:
        return _matches(core, incoming, person, state.data.get("flow", ""), text)
    return [Reply(t(lang, "flow.use_buttons"))]


def _flow_data(core, incoming, flow) -> dict | None:
    state = core.get_state(incoming)
    if state is None or not state.state.startswith("assign:") or state.data.get("flow") != flow:
        return None
    return state.data


async def pick_task(core, incoming, person) -> list[Reply]:
    """Ask who gets the chosen task (its units' people first)."""
    lang = core.lang(incoming, person)
    action = actions.parse(incoming.action)
    flow, task_id = action.arg(0), action.int_arg(1)
    data = _flow_data(core, incoming, flow)
    task = progress_db.get_task(core.db, task_id)
    if data is None or task is None:
        return [Reply(t(lang, "core.stale_button"))]
    core.set_state(incoming, PICK_PERSON, {"flow": flow, "task_id": task_id})
    unit_ids = progress_db.task_unit_ids(core.db, task_id)
    active = [p for p in people_db.list_people(core.db, org_ids=core.scope(person).org_ids) if p.active]
    candidates = [p for p in active if p.unit_id in unit_ids] + [
        p for p in active if p.unit_id not in unit_ids
    ]
    rows = [
        [
            Button(
                short(f"{p.name} ({p.unit_name or role_name(lang, p.role)})", 60),
                actions.build(Verb.ASSIGN_PERSON, flow, p.id),
            )
        ]
        for p in candidates[:PEOPLE_SHOWN]
    ]
    if not rows:
        core.clear_state(incoming)
        return [Reply(t(lang, "assign.nobody"), edit=True)]
    return [
        Reply(
            t(lang, "assign.pick_person", task=html.escape(short(task["content"], 200))),
            buttons=rows,
            edit=True,
        )
    ]


async def pick_person(core, incoming, person) -> list[Reply]:
    """Assign the task to the chosen person and tell them."""
    lang = core.lang(incoming, person)
    action = actions.parse(incoming.action)
    flow, person_id = action.arg(0), action.int_arg(1)
    data = _flow_data(core, incoming, flow)
    target = people_db.get_person(core.db, person_id)
    if data is None or "task_id" not in data or target is None:
        return [Reply(t(lang, "core.stale_button"))]
    task = progress_db.get_task(core.db, data["task_id"])
    progress_db.assign(core.db, data["task_id"], target.id, by=person.id, now=core.clock.now())
    core.clear_state(incoming)
    content = html.escape(short(task["content"], 300))
    core.notify(
        target.id,
        t(target.language, "assign.notify", task=content, by=html.escape(person.name)),
        dedupe_key=f"assign:{data['task_id']}:{target.id}",
        buttons=[
            [
                Button(
                    t(target.language, "progress.update_button"),
                    actions.build(Verb.UPDATE_TASK, data["task_id"]),
                )
            ]
        ],
    )
    return [Reply(t(lang, "assign.done", name=html.escape(target.name), task=content), edit=True)]


FEATURE = Feature(
    name="assignments",
    commands=(Command("giaoviec", start_assign, ADMINS, private=True, description="cmd.giaoviec"),),
    buttons=(
        ButtonAction(Verb.ASSIGN_TASK, pick_task, ADMINS),
        ButtonAction(Verb.ASSIGN_PERSON, pick_person, ADMINS),
    ),
    flows=(Flow("assign:", take_assign_text, ADMINS),),
)

"""Asking about the plans: free text goes to the assistant (`bot.assistant`); `/nhiemvu` (my unit's
tasks), `/saphethan` (due soon), `/quahan` (overdue); a task's details button and the page buttons
under a long answer."""

from __future__ import annotations

from bot import actions
from bot.chat import Incoming, Reply
from bot.feature import ButtonAction, Command, Feature
from bot.verbs import Verb
from storage.people import Person


async def answer_question(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Answer a question typed in chat."""
    answer = core.assistant.ask(
        (incoming.text or "").strip(), core.asker(person, incoming), today=core.today(incoming)
    )
    return list(answer.replies)


async def list_my_tasks(core, incoming: Incoming, person: Person) -> list[Reply]:
    """List the open tasks of the person's unit, nearest deadline first."""
    return core.assistant.my_tasks(core.asker(person, incoming), core.today(incoming))


async def list_due_soon(core, incoming: Incoming, person: Person) -> list[Reply]:
    """List the tasks due in the next days."""
    return core.assistant.due_soon(core.asker(person, incoming), core.today(incoming))


async def list_overdue(core, incoming: Incoming, person: Person) -> list[Reply]:
    """List the overdue tasks."""
    return core.assistant.overdue(core.asker(person, incoming), core.today(incoming))


async def show_task(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Show one task's details (with what other rooms add: history, an update button)."""
    return core.task_details(actions.parse(incoming.action).int_arg(0), incoming, person)


async def turn_page(core, incoming: Incoming, person: Person) -> list[Reply] | None:
    """Show another page of an earlier answer."""
    action = actions.parse(incoming.action)
    return core.assistant.on_action(action, core.asker(person, incoming), today=core.today(incoming))


FEATURE = Feature(
    name="questions",
    commands=(
        Command("nhiemvu", list_my_tasks, private=True, description="cmd.nhiemvu"),
        Command("saphethan", list_due_soon, description="cmd.saphethan"),
        Command("quahan", list_overdue, description="cmd.quahan"),
    ),
    buttons=(
        ButtonAction(Verb.TASK_DETAILS, show_task),
        ButtonAction(Verb.ANSWER_PAGE, turn_page),
    ),
    on_text=answer_question,
)

"""Getting around: /help (the commands a person's role allows), /huy (leave a conversation), and the
inert button that only decorates a message."""

from __future__ import annotations

import html

from bot.chat import Incoming, Reply
from bot.feature import ButtonAction, Command, Feature
from bot.verbs import Verb
from knowledge.messages import t
from storage.people import Person


def help_text(core, person: Person, lang: str) -> str:
    """The command menu of the person's role, then how to ask questions."""
    lines = [t(lang, "core.help_intro")]
    for name, key in core.menu(person.role):
        lines.append(f"/{name} — {html.escape(t(lang, key))}")
    lines.append("")
    lines.append(t(lang, "core.help_questions"))
    if core.file_handler is not None and person.role in core.file_handler[1]:
        lines.append(t(lang, "core.help_admin_file"))
    return "\n".join(lines)


async def show_help(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Show the commands this person may use."""
    return [Reply(help_text(core, person, core.lang(incoming, person)))]


async def cancel_flow(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Leave the conversation in progress."""
    lang = core.lang(incoming, person)
    if core.clear_state(incoming):
        return [Reply(t(lang, "core.cancelled"))]
    return [Reply(t(lang, "core.nothing_to_cancel"))]


async def ignore_press(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Do nothing: the button only labels a message."""
    return []


FEATURE = Feature(
    name="basics",
    commands=(
        Command("help", show_help, description="cmd.help"),
        Command("huy", cancel_flow, description="cmd.huy", keeps_flow=True),
    ),
    buttons=(ButtonAction(Verb.NOOP, ignore_press),),
)

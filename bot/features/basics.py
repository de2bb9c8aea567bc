"""Getting around: /help (the commands a person's role allows), /huy (leave a conversation), and the
inert button that only decorates a message."""

from __future__ import annotations

import html

from bot.chat import Incoming, Reply
from bot.feature import ButtonAction, Command, Feature
from bot.verbs import Verb
from knowledge.messages import t
from storage.people import Person

# Chats through which a person cannot send a file: plans are loaded from the shell there.
NO_FILE_CHANNELS = ("console",)


def help_text(core, person: Person, lang: str, channel: str | None = None) -> str:
    """The command menu of the person's role, then how to ask questions. Admins are told to send plan
    files only where the chat can carry a file (Telegram, Zalo); the terminal chat points to the shell."""
    lines = [t(lang, "core.help_intro")]
    for name, key in core.menu(person.role):
        lines.append(f"/{name} — {html.escape(t(lang, key))}")
    lines.append("")
    lines.append(t(lang, "core.help_questions"))
    if core.file_handler is not None and person.role in core.file_handler[1]:
        key = "core.help_admin_file_shell" if channel in NO_FILE_CHANNELS else "core.help_admin_file"
        lines.append(t(lang, key))
    return "\n".join(lines)


async def show_help(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Show the commands this person may use."""
    return [Reply(help_text(core, person, core.lang(incoming, person), incoming.channel))]


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

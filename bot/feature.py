"""What a feature declares: its commands, its buttons, its conversations and the hooks it serves.

A feature is a room named for what a user does there (`bot.features.*`). It exposes one `FEATURE`
value; the composition root (`bot.compose`) installs every feature from one list, and the core routes
to them and checks the roles declared here, for commands and buttons alike. Nothing registers at import.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.permissions import ALL_ROLES
from bot.verbs import Verb

if TYPE_CHECKING:
    from bot.chat import Incoming, Reply
    from storage.people import Person

# The first argument is the bot.core.Core that calls the feature (typed loosely: the core imports this).
Handler = Callable[[Any, "Incoming", "Person"], Awaitable[list["Reply"]]]
StrangerHandler = Callable[[Any, "Incoming"], Awaitable[list["Reply"]]]
DetailsDecorator = Callable[[Any, list["Reply"], int, "Incoming", "Person"], list["Reply"]]


@dataclass(frozen=True)
class Command:
    """A slash command: `/name`, allowed to `roles`."""

    name: str
    fn: Handler
    roles: tuple[str, ...] = ALL_ROLES
    private: bool = False  # shows one person's data or starts a conversation: not in group chats
    description: str | None = None  # catalog key of the one-line menu description
    menu: bool = True
    keeps_flow: bool = False  # every other command leaves the conversation in progress


@dataclass(frozen=True)
class ButtonAction:
    """A button verb (`bot.verbs.Verb`) and who may press it."""

    verb: Verb
    fn: Handler
    roles: tuple[str, ...] = ALL_ROLES


@dataclass(frozen=True)
class Flow:
    """A conversation: messages from a chat whose state starts with `prefix` go to `fn`."""

    prefix: str
    fn: Handler
    roles: tuple[str, ...] = ALL_ROLES
    max_text: int = 2000  # longer messages are refused by the core with the limit stated
    # A message that reads as a question to the assistant (knowledge.conversation.looks_like_question) is
    # answered by the core and the conversation stays where it was: never taken as this step's text.
    answers_questions: bool = True


@dataclass(frozen=True)
class Feature:
    name: str
    commands: tuple[Command, ...] = ()
    buttons: tuple[ButtonAction, ...] = ()
    flows: tuple[Flow, ...] = ()
    on_stranger: StrangerHandler | None = None  # someone the bot does not know yet wrote
    on_file: Handler | None = None  # a registered person sent a file outside any conversation
    file_roles: tuple[str, ...] = ()
    on_text: Handler | None = None  # free text outside any conversation (a question)
    decorate_details: DetailsDecorator | None = None  # adds to the task details a button shows


class DuplicateRegistration(RuntimeError):
    """Two features claim the same command, verb, flow prefix or hook: a wiring bug, found at start."""

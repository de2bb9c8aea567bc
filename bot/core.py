"""The channel-agnostic core: THE single entry point for every adapter (Telegram, Zalo, terminal).

`Core.handle(incoming) -> list[Reply]` resolves the person behind the channel account, onboards unknown
people, checks roles, applies group-chat rules, routes commands and button actions, runs conversations
(state in the `conversations` table, so a restart loses nothing) and hands free text to the questions
feature. The core owns no feature: `bot.compose` installs every one (`bot.feature.Feature`: commands,
buttons, flows, hooks), and the core checks the roles each declares, for commands and buttons alike.
Feature callables are `async (core, incoming, person) -> list[Reply]`.
"""

from __future__ import annotations

import asyncio
import html
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlite_utils

from bot import actions
from bot.assistant import Asker
from bot.chat import FileRef, Incoming, Reply
from bot.clock import Clock
from bot.feature import (
    ButtonAction,
    Command,
    DetailsDecorator,
    DuplicateRegistration,
    Feature,
    Flow,
    Handler,
    StrangerHandler,
)
from bot.permissions import has_role
from bot.scope import Scope, action_in_scope, scope_of
from knowledge.conversation import looks_like_question
from knowledge.messages import normalize_language, t
from storage import people as people_db
from storage.outbox import enqueue_message
from storage.people import Person

logger = logging.getLogger(__name__)

FetchFile = Callable[[FileRef], Awaitable[bytes]]

MAX_TEXT = 2000  # a question or note longer than this is refused with a clear message, not processed
MAX_MESSAGE = 4096  # Telegram's own limit for one message; a flow may accept up to this (a notice)
CONVERSATION_TTL = timedelta(hours=6)


@dataclass
class Core:
    db: sqlite_utils.Database
    assistant: object
    clock: Clock
    config: object | None = None
    fetch_file: FetchFile | None = None
    bot_username: str | None = None
    commands: dict[str, Command] = field(default_factory=dict)
    buttons: dict[str, ButtonAction] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    features: list[str] = field(default_factory=list)
    stranger_handler: StrangerHandler | None = None
    file_handler: tuple[Handler, tuple[str, ...]] | None = None
    text_handler: Handler | None = None
    details_decorators: list[DetailsDecorator] = field(default_factory=list)

    def __post_init__(self):
        if self.bot_username is None and self.config is not None:
            self.bot_username = getattr(self.config, "telegram_bot_username", None)

    # --- installing features (called by bot.compose only) ----------------------------------------------

    def install(self, feature: Feature) -> None:
        """Add a feature's commands, buttons, flows and hooks; a second claim on any of them is an error."""
        if feature.name in self.features:
            raise DuplicateRegistration(f"feature {feature.name!r} installed twice")
        for command in feature.commands:
            name = command.name.lstrip("/").lower()
            if name in self.commands:
                raise DuplicateRegistration(f"command /{name}: {feature.name} and another feature")
            self.commands[name] = command
        for button in feature.buttons:
            verb = str(button.verb)
            if verb in self.buttons:
                raise DuplicateRegistration(f"button verb {verb!r}: {feature.name} and another feature")
            self.buttons[verb] = button
        for flow in feature.flows:
            if any(flow.prefix.startswith(p) or p.startswith(flow.prefix) for p in self.flows):
                raise DuplicateRegistration(f"flow prefix {flow.prefix!r} overlaps another feature's")
            self.flows[flow.prefix] = flow
        for hook, value in (
            ("stranger_handler", feature.on_stranger),
            ("text_handler", feature.on_text),
            ("file_handler", (feature.on_file, feature.file_roles) if feature.on_file else None),
        ):
            if value is None:
                continue
            if getattr(self, hook) is not None:
                raise DuplicateRegistration(f"{hook}: {feature.name} and another feature")
            setattr(self, hook, value)
        if feature.decorate_details is not None:
            self.details_decorators.append(feature.decorate_details)
        self.features.append(feature.name)

    def menu(self, role: str = "member") -> list[tuple[str, str]]:
        """(command, description key) for the command menu of a role."""
        return [
            (c.name, c.description)
            for c in self.commands.values()
            if c.menu and c.description and role in c.roles
        ]

    # --- helpers for flows --------------------------------------------------------------------------

    def lang(self, incoming: Incoming, person: Person | None = None) -> str:
        """The reply language: the one the person picked (/language), else their chat client's, else the
        one stored for them (set at joining), else Vietnamese."""
        if person is not None and person.language_chosen:
            return normalize_language(person.language)
        if incoming.language:
            return normalize_language(incoming.language)
        return normalize_language(person.language if person else None)

    def today(self, incoming: Incoming) -> date:
        return incoming.today or self.clock.today()

    def get_state(self, incoming: Incoming) -> people_db.Conversation | None:
        """The conversation in progress, if any. One left idle longer than CONVERSATION_TTL is forgotten:
        a question asked tomorrow must get an answer, not "please pick a button" from yesterday's run."""
        state = people_db.get_conversation(self.db, incoming.channel, incoming.chat_id, incoming.sender_id)
        if state is not None and state.updated_at < people_db.now_text(self.clock.now() - CONVERSATION_TTL):
            self.clear_state(incoming)
            return None
        return state

    def set_state(self, incoming: Incoming, state: str, data: dict) -> None:
        people_db.set_conversation(
            self.db, incoming.channel, incoming.chat_id, incoming.sender_id, state, data, now=self.clock.now()
        )

    def clear_state(self, incoming: Incoming) -> bool:
        return people_db.clear_conversation(self.db, incoming.channel, incoming.chat_id, incoming.sender_id)

    @staticmethod
    def new_flow_id() -> str:
        return secrets.token_hex(3)

    def scope(self, person: Person | None) -> Scope:
        """The organizations the person sees (bot.scope): every list and every button is held to it."""
        return scope_of(self.db, person)

    def asker(self, person: Person | None, incoming: Incoming):
        """The assistant's view of who asks. In a group chat nobody's own tasks are shown: the asker is
        anonymous (no person, no unit), so "my tasks" can never reveal one person's data to a group; the
        group still sees only what the person's organization sees."""
        lang = self.lang(incoming, person)
        scope = self.scope(person)
        if person is None or incoming.is_group:
            return Asker(
                person_id=None,
                name="",
                role="member",
                unit_id=None,
                unit_name=None,
                language=lang,
                scope=scope,
            )
        return Asker(
            person_id=person.id,
            name=person.name,
            role=person.role,
            unit_id=person.unit_id,
            unit_name=person.unit_name,
            language=lang,
            scope=scope,
            chat=f"{incoming.channel}:{incoming.chat_id}:{incoming.sender_id}",
        )

    def notify(self, person_id: int, text: str, *, dedupe_key: str, buttons=None) -> int:
        """Queue a message for a person on every channel they use (the outbox delivers it)."""
        return len(
            enqueue_message(self.db, person_id=person_id, text=text, buttons=buttons, dedupe_key=dedupe_key)
        )

    def command_args(self, incoming: Incoming) -> str:
        text = (incoming.text or "").strip()
        parts = text.split(maxsplit=1)
        return parts[1].strip() if len(parts) > 1 else ""

    # --- the entry point ----------------------------------------------------------------------------

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Answer one thing a user did. Never raises for bad input; unexpected errors propagate to the
        adapter's single error handler."""
        text = (incoming.text or "").strip()
        is_command = text.startswith("/")
        if incoming.is_group and not (is_command or incoming.mentioned or incoming.action):
            return []  # groups: only commands, mentions and our own buttons
        if is_command:
            name = self._command_name(text)
            if name is None:  # a command addressed to another bot in a group
                return []
        person = people_db.find_by_identity(self.db, incoming.channel, incoming.sender_id)
        if person is None:
            person = self._bootstrap_admin(incoming)
        lang = self.lang(incoming, person)
        if person is None:
            if self.stranger_handler is None:
                return [Reply(t(lang, "onboard.group_unregistered"))]
            return await self.stranger_handler(self, incoming)
        if not person.active:
            return [Reply(t(lang, "core.inactive"))]
        if len(text) > MAX_MESSAGE:  # no flow takes this much: refuse before any work
            return [Reply(t(lang, "core.too_long", limit=MAX_TEXT))]
        if incoming.action:
            return await self._on_action(incoming, person)
        if is_command:
            if len(text) > MAX_TEXT:
                return [Reply(t(lang, "core.too_long", limit=MAX_TEXT))]
            return await self._on_command(incoming, person, self._command_name(text))
        state = None if incoming.is_group else self.get_state(incoming)
        if state is not None:
            for prefix, flow in self.flows.items():
                if state.state.startswith(prefix):
                    if not has_role(person, flow.roles):
                        self.clear_state(incoming)
                        return [Reply(t(lang, "core.forbidden"))]
                    if len(text) > flow.max_text:
                        return [Reply(t(lang, "core.too_long", limit=flow.max_text))]
                    if await self._is_question_in_flow(flow, incoming, text):
                        replies = await self.text_handler(self, incoming, person)
                        return [*replies, Reply(t(lang, "ask.in_flow_reminder"))]
                    return await flow.fn(self, incoming, person)
            self.clear_state(incoming)  # a state no flow claims (feature removed): forget it
        if len(text) > MAX_TEXT:
            return [Reply(t(lang, "core.too_long", limit=MAX_TEXT))]
        if incoming.file is not None:
            if incoming.is_group:
                return []
            if self.file_handler is not None and has_role(person, self.file_handler[1]):
                return await self.file_handler[0](self, incoming, person)
            return [Reply(t(lang, "core.file_not_expected"))]
        if not text:
            return [Reply(t(lang, "core.empty"))]
        if self.text_handler is None:
            return [Reply(t(lang, "core.unknown_command", command=html.escape(text[:40])))]
        return await self.text_handler(self, incoming, person)

    # --- routing ------------------------------------------------------------------------------------

    async def _is_question_in_flow(self, flow: Flow, incoming: Incoming, text: str) -> bool:
        """A question typed in the middle of a conversation ("việc nào quá hạn?" at the note step) is
        answered and the conversation kept, never stored as the step's answer."""
        return (
            flow.answers_questions
            and self.text_handler is not None
            and incoming.file is None
            and bool(text)
            and not text.startswith("/")
            and looks_like_question(text, self.today(incoming))
        )

    def _command_name(self, text: str) -> str | None:
        head = text.split(maxsplit=1)[0][1:]
        name, _, target = head.partition("@")
        if target and self.bot_username and target.lower() != self.bot_username.lower():
            return None
        return name.lower()

    def _bootstrap_admin(self, incoming: Incoming) -> Person | None:
        """The first admins come from PLANBOT_ADMINS (Telegram ids): registered on first contact. The
        terminal chat (`planbot console`) is an admin too: whoever runs it already holds the database."""
        admins = getattr(self.config, "admins", ()) if self.config is not None else ()
        trusted = incoming.channel == "console" or (
            incoming.channel == "telegram" and str(incoming.sender_id) in admins
        )
        if not trusted:
            return None
        person_id = people_db.add_user(
            self.db,
            channel=incoming.channel,
            external_id=incoming.sender_id,
            name=incoming.sender_name or incoming.sender_id,
            role="admin",
            unit_id=None,
            language=normalize_language(incoming.language),
            now=self.clock.now(),
        )
        if not incoming.is_group:
            people_db.link_identity(
                self.db, person_id, incoming.channel, incoming.sender_id, incoming.chat_id
            )
        logger.info("bootstrapped admin person %s from PLANBOT_ADMINS", person_id)
        return people_db.get_person(self.db, person_id)

    async def _on_command(self, incoming: Incoming, person: Person, name: str) -> list[Reply]:
        lang = self.lang(incoming, person)
        command = self.commands.get(name)
        if command is None:
            return [Reply(t(lang, "core.unknown_command", command=html.escape("/" + name)))]
        if not has_role(person, command.roles):
            return [Reply(t(lang, "core.forbidden"))]
        if incoming.is_group and command.private:
            return [Reply(t(lang, "core.private_only"))]
        if not command.keeps_flow and not incoming.is_group:
            self.clear_state(incoming)  # a new command leaves any conversation in progress
        return await command.fn(self, incoming, person)

    async def _on_action(self, incoming: Incoming, person: Person) -> list[Reply]:
        lang = self.lang(incoming, person)
        try:
            action = actions.parse(incoming.action)
        except actions.BadAction:
            return [Reply(t(lang, "core.stale_button"))]
        button = self.buttons.get(action.verb)
        if button is None:
            return [Reply(t(lang, "core.stale_button"))]
        if not has_role(person, button.roles):
            return [Reply(t(lang, "core.forbidden"))]
        if not action_in_scope(self.db, self.scope(person), action):
            # A task, person or unit of another organization: as if the button were stale (nothing of
            # the other organization is shown, nothing changes).
            return [Reply(t(lang, "core.stale_button"))]
        try:
            replies = await button.fn(self, incoming, person)
        except actions.BadAction:
            return [Reply(t(lang, "core.stale_button"))]
        if replies is None:
            return [Reply(t(lang, "core.stale_button"))]
        return replies

    def task_details(self, task_id: int, incoming: Incoming, person: Person, *, action=None) -> list[Reply]:
        """The assistant's task details, then what each feature adds (history, an update button)."""
        asker = self.asker(person, incoming)
        today = self.today(incoming)
        if action is not None:
            replies = self.assistant.on_action(action, asker, today=today)
        else:
            replies = self.assistant.task_details(task_id, asker, today=today)
        if not replies:
            return [Reply(t(self.lang(incoming, person), "core.stale_button"))]
        for decorate in self.details_decorators:
            replies = decorate(self, replies, task_id, incoming, person)
        return replies


async def run_blocking(fn, *args):
    """Run slow pure work (document parsing) off the event loop."""
    return await asyncio.to_thread(fn, *args)


__all__ = ["Core", "Command", "ButtonAction", "Flow", "Feature", "Handler", "FetchFile", "run_blocking"]

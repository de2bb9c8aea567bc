"""The channel-agnostic core: THE single entry point for every adapter (Telegram, Zalo, terminal).

`Core.handle(incoming) -> list[Reply]` resolves the person behind the channel account, onboards unknown
people, checks roles, applies group-chat rules, routes commands and button actions, runs conversations
(state in the `conversations` table, so a restart loses nothing) and falls back to the assistant for
questions. Other features plug in with `add_command`, `add_action` and `add_flow`; their callables are
`async (core, incoming, person) -> list[Reply]`.
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
from bot.chat import Button, FileRef, Incoming, Reply
from bot.clock import Clock
from bot.permissions import ADMINS, ALL_ROLES, LEADERS, has_role
from knowledge.messages import normalize_language, t
from storage import people as people_db
from storage.people import Person

logger = logging.getLogger(__name__)

Handler = Callable[["Core", Incoming, Person], Awaitable[list[Reply]]]
FetchFile = Callable[[FileRef], Awaitable[bytes]]

MAX_TEXT = 2000  # a question or note longer than this is refused with a clear message, not processed
MAX_PLAN_BYTES = 20 * 1024 * 1024  # the document reader's own limit; refused before downloading
CONVERSATION_TTL = timedelta(hours=6)


@dataclass
class Command:
    name: str
    fn: Handler
    roles: tuple[str, ...] = ALL_ROLES
    private: bool = False  # shows one person's data or starts a conversation: not in group chats
    description: str | None = None  # catalog key of the one-line menu description
    menu: bool = True


@dataclass
class _Fallback:
    """The Asker shape of bot.assistant, used only when that module is not importable."""

    person_id: int | None
    name: str
    role: str
    unit_id: int | None
    unit_name: str | None
    language: str = "vi"


_ASKER: list = []


def _asker_class():
    """bot.assistant.Asker, looked up once (the stand-in only while that module does not exist)."""
    if not _ASKER:
        try:
            from bot.assistant import Asker
        except ImportError:
            Asker = _Fallback  # noqa: N806
        _ASKER.append(Asker)
    return _ASKER[0]


@dataclass
class Core:
    db: sqlite_utils.Database
    assistant: object
    clock: Clock
    config: object | None = None
    fetch_file: FetchFile | None = None
    bot_username: str | None = None
    commands: dict[str, Command] = field(default_factory=dict)
    action_handlers: dict[str, Handler] = field(default_factory=dict)
    flows: dict[str, Handler] = field(default_factory=dict)

    def __post_init__(self):
        if self.bot_username is None and self.config is not None:
            self.bot_username = getattr(self.config, "telegram_bot_username", None)
        from bot import people as people_flows
        from bot import progress as progress_flows

        people_flows.register(self)
        progress_flows.register(self)
        self.add_command("start", _cmd_start, description="cmd.start", menu=False)
        self.add_command("help", _cmd_help, description="cmd.help")
        self.add_command("huy", _cmd_cancel, description="cmd.huy")
        self.add_command("nhiemvu", _cmd_my_tasks, private=True, description="cmd.nhiemvu")
        self.add_command("saphethan", _cmd_due_soon, description="cmd.saphethan")
        self.add_command("quahan", _cmd_overdue, description="cmd.quahan")
        self.add_action("noop", _noop)

    # --- extension points ---------------------------------------------------------------------------

    def add_command(
        self,
        name: str,
        fn: Handler,
        roles=ALL_ROLES,
        *,
        private: bool = False,
        description: str | None = None,
        menu: bool = True,
    ) -> None:
        self.commands[name.lstrip("/").lower()] = Command(
            name.lstrip("/").lower(), fn, tuple(roles), private, description, menu
        )

    def add_action(self, verb: str, fn: Handler) -> None:
        self.action_handlers[verb] = fn

    def add_flow(self, state_prefix: str, fn: Handler) -> None:
        self.flows[state_prefix] = fn

    def menu(self, role: str = "member") -> list[tuple[str, str]]:
        """(command, description key) for the command menu of a role."""
        return [
            (c.name, c.description)
            for c in self.commands.values()
            if c.menu and c.description and role in c.roles
        ]

    # --- helpers for flows --------------------------------------------------------------------------

    def lang(self, incoming: Incoming, person: Person | None = None) -> str:
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

    def asker(self, person: Person | None, incoming: Incoming):
        """The assistant's view of who asks. In a group chat nobody's own tasks are shown: the asker is
        anonymous (no person, no unit), so "my tasks" can never reveal one person's data to a group."""
        Asker = _asker_class()  # noqa: N806
        lang = self.lang(incoming, person)
        if person is None or incoming.is_group:
            return Asker(person_id=None, name="", role="member", unit_id=None, unit_name=None, language=lang)
        return Asker(
            person_id=person.id,
            name=person.name,
            role=person.role,
            unit_id=person.unit_id,
            unit_name=person.unit_name,
            language=lang,
        )

    def notify(self, person_id: int, text: str, *, dedupe_key: str, buttons=None) -> int:
        """Queue a message for a person on every channel they use (the outbox delivers it)."""
        try:
            from storage.outbox import enqueue_message
        except ImportError:
            logger.warning("outbox not available; notification %s not queued", dedupe_key)
            return 0
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
            from bot.people import onboard

            return await onboard(self, incoming)
        if not person.active:
            return [Reply(t(lang, "core.inactive"))]
        if len(text) > MAX_TEXT:
            return [Reply(t(lang, "core.too_long", limit=MAX_TEXT))]
        if incoming.action:
            return await self._on_action(incoming, person)
        if is_command:
            return await self._on_command(incoming, person, self._command_name(text))
        state = None if incoming.is_group else self.get_state(incoming)
        if state is not None:
            for prefix, fn in self.flows.items():
                if state.state.startswith(prefix):
                    return await fn(self, incoming, person)
            self.clear_state(incoming)  # a state no flow claims (feature removed): forget it
        if incoming.file is not None:
            if incoming.is_group:
                return []
            if person.role == "admin":
                from bot.people import load_plan_file

                return await load_plan_file(self, incoming, person)
            return [Reply(t(lang, "core.file_not_expected"))]
        if not text:
            return [Reply(t(lang, "core.empty"))]
        return self._ask(text, incoming, person)

    # --- routing ------------------------------------------------------------------------------------

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
        if name != "huy" and not incoming.is_group:
            self.clear_state(incoming)  # a new command leaves any conversation in progress
        return await command.fn(self, incoming, person)

    async def _on_action(self, incoming: Incoming, person: Person) -> list[Reply]:
        lang = self.lang(incoming, person)
        try:
            action = actions.parse(incoming.action)
        except actions.BadAction:
            return [Reply(t(lang, "core.stale_button"))]
        fn = self.action_handlers.get(action.verb)
        try:
            if fn is not None:
                return await fn(self, incoming, person)
            if action.verb == "td":
                return self.task_details(action.int_arg(0), incoming, person, action=action)
            replies = self.assistant.on_action(
                action, self.asker(person, incoming), today=self.today(incoming)
            )
        except actions.BadAction:
            return [Reply(t(lang, "core.stale_button"))]
        if replies is None:
            return [Reply(t(lang, "core.stale_button"))]
        return replies

    def task_details(self, task_id: int, incoming: Incoming, person: Person, *, action=None) -> list[Reply]:
        """The assistant's task details plus the status history and a "cập nhật tiến độ" button."""
        from bot.progress import decorate_details

        asker = self.asker(person, incoming)
        today = self.today(incoming)
        if action is not None:
            replies = self.assistant.on_action(action, asker, today=today)
        else:
            replies = self.assistant.task_details(task_id, asker, today=today)
        if not replies:
            return [Reply(t(self.lang(incoming, person), "core.stale_button"))]
        return decorate_details(self, replies, task_id, incoming, person)

    def _ask(self, text: str, incoming: Incoming, person: Person) -> list[Reply]:
        answer = self.assistant.ask(text, self.asker(person, incoming), today=self.today(incoming))
        return list(answer.replies)


# --- built-in commands --------------------------------------------------------------------------------


async def _cmd_start(core: Core, incoming: Incoming, person: Person) -> list[Reply]:
    lang = core.lang(incoming, person)
    code = core.command_args(incoming)
    if code and not incoming.is_group:
        from bot.people import redeem_invite

        return redeem_invite(core, incoming, code)
    return [
        Reply(
            t(lang, "core.welcome_back", name=html.escape(person.name))
            + "\n\n"
            + help_text(core, person, lang),
        )
    ]


def help_text(core: Core, person: Person, lang: str) -> str:
    lines = [t(lang, "core.help_intro")]
    for name, key in core.menu(person.role):
        lines.append(f"/{name} — {html.escape(t(lang, key))}")
    lines.append("")
    lines.append(t(lang, "core.help_questions"))
    if person.role == "admin":
        lines.append(t(lang, "core.help_admin_file"))
    return "\n".join(lines)


async def _cmd_help(core: Core, incoming: Incoming, person: Person) -> list[Reply]:
    return [Reply(help_text(core, person, core.lang(incoming, person)))]


async def _cmd_cancel(core: Core, incoming: Incoming, person: Person) -> list[Reply]:
    lang = core.lang(incoming, person)
    if core.clear_state(incoming):
        return [Reply(t(lang, "core.cancelled"))]
    return [Reply(t(lang, "core.nothing_to_cancel"))]


async def _cmd_my_tasks(core: Core, incoming: Incoming, person: Person) -> list[Reply]:
    return core.assistant.my_tasks(core.asker(person, incoming), core.today(incoming))


async def _cmd_due_soon(core: Core, incoming: Incoming, person: Person) -> list[Reply]:
    return core.assistant.due_soon(core.asker(person, incoming), core.today(incoming))


async def _cmd_overdue(core: Core, incoming: Incoming, person: Person) -> list[Reply]:
    return core.assistant.overdue(core.asker(person, incoming), core.today(incoming))


async def _noop(core: Core, incoming: Incoming, person: Person) -> list[Reply]:
    return []


def units_keyboard(core: Core, verb: str, prefix_args: tuple, page: int, page_verb: str, *, none_label=None):
    """Rows of unit buttons (8 per page) with previous/next; `verb:*prefix_args:unit_id` per unit."""
    units = people_db.list_units(core.db)
    per_page = 8
    pages = max(1, (len(units) + per_page - 1) // per_page)
    page = min(max(page, 0), pages - 1)
    rows = [
        [Button(name[:60], actions.build(verb, *prefix_args, unit_id))]
        for unit_id, name in units[page * per_page : (page + 1) * per_page]
    ]
    nav = []
    if page > 0:
        nav.append(Button("◀", actions.build(page_verb, *prefix_args, page - 1)))
    if page < pages - 1:
        nav.append(Button("▶", actions.build(page_verb, *prefix_args, page + 1)))
    if nav:
        rows.append(nav)
    if none_label:
        rows.append([Button(none_label, actions.build(verb, *prefix_args, 0))])
    return rows


async def run_blocking(fn, *args):
    """Run slow pure work (document parsing) off the event loop."""
    return await asyncio.to_thread(fn, *args)


__all__ = ["Core", "Command", "Handler", "FetchFile", "help_text", "units_keyboard", "ADMINS", "LEADERS"]

"""Zalo: the same assistant for officials who live in Zalo (Zalo Bot Platform).

Thin, like every handler: a Zalo update becomes an `Incoming` (handlers/zalo_updates.py), `Core.handle`
answers, and the `Reply` objects are rendered for Zalo (handlers/zalo_render.py): plain text, buttons as
numbered choices whose numbers, values and names map back to the button actions
(handlers/numbered_menu.py). The last menu of each (chat, user) is kept in the database
(storage/zalo_menus.py), so it survives restarts.

This module answers updates and long-polls for them; the webhook server is handlers/zalo_webhook.py, the
outbox sender handlers/zalo_sender.py, and the wiring handlers/zalo_runtime.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import timedelta

from bot.chat import Incoming
from handlers import numbered_menu
from handlers.numbered_menu import Choice
from handlers.user_locks import UserLocks
from handlers.zalo_api import (
    ZaloApiClient,
    ZaloApiError,
    ZaloNetworkError,
    ZaloRateLimited,
    ZaloServerError,
    ZaloTimeout,
    ZaloUnauthorized,
)
from handlers.zalo_render import Outgoing, render_replies
from handlers.zalo_updates import CHANNEL, INVITE_CODE, message_id, unwrap_update, update_to_incoming
from knowledge.messages import normalize_language, t
from storage import people as people_db
from storage import zalo_menus

logger = logging.getLogger(__name__)

MENU_TTL = timedelta(hours=24)  # a reminder's "1. Cập nhật tiến độ" still works in the afternoon
TYPING_AFTER = 1.0  # seconds: show "typing…" only when an answer takes a while
SEEN_MESSAGES = 2000  # message ids remembered: a redelivered webhook is ignored


@dataclass
class _Turn:
    """One message read against the person's last menu."""

    incoming: Incoming
    menu: list[Choice] = field(default_factory=list)  # the menu the message answered
    paged: bool = False  # it turned the page of a list
    answer: list[Outgoing] | None = None  # answered here, without the core


async def sleep_or_stop(stop_event: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop_event.wait(), timeout=seconds)


class ZaloAdapter:
    """Feeds Zalo updates to the core and sends its replies back, rendered for Zalo."""

    def __init__(
        self,
        core,
        api: ZaloApiClient,
        *,
        max_concurrent: int = 8,
        menu_ttl: timedelta = MENU_TTL,
        initial_backoff: float = 1.0,
        max_backoff: float = 60.0,
        bad_token_pause: float = 300.0,
        reply_retry_delays: tuple[float, ...] = (0.5, 2.0),
        locks: UserLocks | None = None,
    ):
        self.core = core
        self.reply_retry_delays = reply_retry_delays
        self.api = api
        self.menu_ttl = menu_ttl
        self.initial_backoff = initial_backoff
        self.max_backoff = max_backoff
        self.bad_token_pause = bad_token_pause
        self.bot_name: str | None = None
        self._slots = asyncio.Semaphore(max_concurrent)
        self.locks = locks or UserLocks()
        self._tasks: set[asyncio.Task] = set()
        self._seen: OrderedDict[str, None] = OrderedDict()
        self.stats = {"updates": 0, "errors": 0, "poll_errors": 0}

    @property
    def db(self):
        return self.core.db

    # -- one update --

    def submit(self, update: dict) -> asyncio.Task:
        """Handle an update in the background; one person's messages stay in order."""
        task = asyncio.get_running_loop().create_task(self.process_update(update))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def drain(self) -> None:
        """Wait for the updates being handled (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def process_update(self, update: dict) -> list[Outgoing]:
        """Answer one update; never raises (errors are logged and the user gets a short apology)."""
        incoming = None
        try:
            update = unwrap_update(update)
            if update is None or self._duplicate(update):
                return []
            incoming = update_to_incoming(update, bot_name=self.bot_name)
            if incoming is None:
                return []
            self.stats["updates"] += 1
            async with self.locks.hold((incoming.chat_id, incoming.sender_id)), self._slots:
                return await self._answer(incoming)
        except Exception:
            self.stats["errors"] += 1
            logger.exception("zalo: could not handle an update")
            if incoming is not None and not incoming.is_group:
                with contextlib.suppress(Exception):
                    await self.api.send_message(incoming.chat_id, t(self._lang(incoming), "zalo.error"))
            return []

    def _duplicate(self, update: dict) -> bool:
        seen_id = message_id(update)
        if not seen_id:
            return False
        if seen_id in self._seen:
            return True
        self._seen[seen_id] = None
        if len(self._seen) > SEEN_MESSAGES:
            self._seen.popitem(last=False)
        return False

    def _lang(self, incoming: Incoming) -> str:
        person = people_db.find_by_identity(self.db, CHANNEL, incoming.sender_id)
        return normalize_language(person.language if person else None)

    async def _answer(self, incoming: Incoming) -> list[Outgoing]:
        lang = self._lang(incoming)
        if incoming.text is None and incoming.file is None:
            if incoming.is_group:
                return []
            return await self._send(incoming.chat_id, [Outgoing(text=t(lang, "zalo.unsupported"))])
        turn = self._read_turn(incoming, lang)
        if turn.answer is not None:  # answered here (a number that is not on the menu)
            return await self._send(incoming.chat_id, turn.answer)
        typing = asyncio.get_running_loop().create_task(self._typing_later(incoming.chat_id))
        try:
            replies = await self.core.handle(turn.incoming)
        finally:
            typing.cancel()
        if not replies:
            return []
        messages, menu = render_replies(replies, lang)
        menu = numbered_menu.follow_menu(turn.menu, menu, paged=turn.paged)
        zalo_menus.save_menu(
            self.db,
            incoming.chat_id,
            incoming.sender_id,
            numbered_menu.menu_to_json(menu),
            now=self.core.clock.now(),
        )
        return await self._send(incoming.chat_id, messages)

    def _read_turn(self, incoming: Incoming, lang: str) -> _Turn:
        """Numbers, values, "tiếp"/"sau" and button names become the menu's actions; a bare invite code
        from someone not yet registered becomes "/start CODE"."""
        text = incoming.text or ""
        if incoming.file is not None or not text or text.startswith("/"):
            return _Turn(incoming)
        stored = zalo_menus.load_menu(
            self.db, incoming.chat_id, incoming.sender_id, now=self.core.clock.now(), max_age=self.menu_ttl
        )
        menu = numbered_menu.menu_from_json(stored)
        outcome, value = numbered_menu.resolve_choice(text, menu)
        if outcome == "action":
            paged = numbered_menu.is_paging(menu, value)
            return _Turn(replace(incoming, text=None, action=value), menu=menu, paged=paged)
        if outcome == "no_choice":
            hint = numbered_menu.menu_hint(menu, lang)
            return _Turn(incoming, answer=[Outgoing(text=t(lang, "zalo.no_such_choice", n=value, hint=hint))])
        if outcome == "no_next":
            return _Turn(incoming, answer=[Outgoing(text=t(lang, "zalo.no_next_page"))])
        if (
            not incoming.is_group
            and INVITE_CODE.match(text)
            and people_db.find_by_identity(self.db, CHANNEL, incoming.sender_id) is None
            and zalo_menus.invite_exists(self.db, text)
        ):
            return _Turn(replace(incoming, text=f"/start {text}"))
        return _Turn(incoming)

    async def _typing_later(self, chat_id: str) -> None:
        await asyncio.sleep(TYPING_AFTER)
        with contextlib.suppress(Exception):
            await self.api.send_chat_action(chat_id, "typing")

    async def _send(self, chat_id: str, messages: list[Outgoing]) -> list[Outgoing]:
        for message in messages:
            await self._send_one(chat_id, message)
        return messages

    async def _send_one(self, chat_id: str, message: Outgoing) -> None:
        """Send one reply message; a brief outage, 5xx or 429 is retried a few times (the person is
        waiting for this answer). Timeouts are not: the message may have arrived."""
        for attempt in range(len(self.reply_retry_delays) + 1):
            try:
                if message.photo:
                    await self.api.send_photo(chat_id, message.photo, message.text or None)
                else:
                    await self.api.send_message(chat_id, message.text)
                return
            except (ZaloRateLimited, ZaloServerError, ZaloNetworkError) as exc:
                if isinstance(exc, ZaloTimeout) or attempt >= len(self.reply_retry_delays):
                    raise
                delay = self.reply_retry_delays[attempt]
                if isinstance(exc, ZaloRateLimited) and exc.retry_after:
                    delay = min(max(delay, exc.retry_after), 10.0)
                logger.warning("zalo: reply not sent (%s); retrying in %.1fs", exc, delay)
                await asyncio.sleep(delay)

    # -- polling --

    async def check_token(self, stop_event: asyncio.Event) -> bool:
        """getMe until it works (the bot's name is used to strip @mentions); False if stopped first."""
        delay = self.initial_backoff
        while not stop_event.is_set():
            try:
                me = await self.api.get_me() or {}
            except ZaloUnauthorized:
                logger.error(
                    "zalo: the bot token was refused (check ZALO_BOT_TOKEN); retrying in %ss",
                    self.bad_token_pause,
                )
                delay = self.bad_token_pause
            except ZaloApiError as exc:
                logger.warning("zalo: getMe failed (%s); retrying in %.0fs", exc, delay)
            else:
                self.bot_name = me.get("account_name") or me.get("display_name") or me.get("name")
                logger.info("zalo: connected as %s", self.bot_name or "?")
                return True
            await sleep_or_stop(stop_event, delay)
            delay = min(max(delay * 2, self.initial_backoff), max(self.max_backoff, delay))
        return False

    async def run_polling(self, stop_event: asyncio.Event) -> None:
        """Long-poll getUpdates until `stop_event` is set; errors are logged and retried with backoff."""
        if not await self.check_token(stop_event):
            return
        with contextlib.suppress(ZaloApiError):  # polling and a webhook exclude each other
            info = await self.api.get_webhook_info()
            if isinstance(info, dict) and info.get("url"):
                logger.warning("zalo: a webhook was set; deleting it to use long polling")
                await self.api.delete_webhook()
        delay = self.initial_backoff
        logger.info("zalo: long polling started")
        while not stop_event.is_set():
            poll = asyncio.ensure_future(self.api.get_updates())
            stop = asyncio.ensure_future(stop_event.wait())
            try:
                await asyncio.wait({poll, stop}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                stop.cancel()
            if not poll.done():
                poll.cancel()
                with contextlib.suppress(BaseException):
                    await poll
                break
            try:
                update = poll.result()
            except ZaloUnauthorized:
                self.stats["poll_errors"] += 1
                logger.error(
                    "zalo: the bot token was refused while polling; retrying in %ss", self.bad_token_pause
                )
                await sleep_or_stop(stop_event, self.bad_token_pause)
                continue
            except (ZaloApiError, ValueError) as exc:
                self.stats["poll_errors"] += 1
                logger.warning("zalo: getUpdates failed (%s); retrying in %.1fs", exc, delay)
                await sleep_or_stop(stop_event, delay)
                delay = min(delay * 2, self.max_backoff)
                continue
            delay = self.initial_backoff
            if update:
                self.submit(update)
        await self.drain()
        logger.info("zalo: long polling stopped")

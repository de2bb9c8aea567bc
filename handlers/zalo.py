"""Zalo: the same assistant for officials who live in Zalo (Zalo Bot Platform).

Thin, like every handler: a Zalo update becomes an `Incoming`, `Core.handle` answers, and the `Reply`
objects are rendered for Zalo — plain text within 2,000 characters, split cleanly, and buttons shown as
numbered choices ("Trả lời 1, 2 hoặc 3") whose numbers are mapped back to the same button actions. The
last menu of each (chat, user) is kept in the database (storage/zalo_menus.py), so it survives restarts.

Entry points for the composition root:
- `start_zalo(core, config, stop_event)` starts polling or the webhook server in the background and returns
  a `ZaloRuntime` whose `.sender` (a `bot.delivery.ChannelSender`) goes into the outbox's senders;
- `run_zalo_only(config)` runs a Zalo-only deployment (Zalo + the plain-asyncio delivery scheduler).
Everything Zalo-side runs in its own tasks with exceptions contained: Telegram keeps working when Zalo is
down and the other way round.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import os
import re
import signal
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlparse

from bot.chat import Button, FileRef, Incoming, Reply, split_message, to_plain_text
from bot.delivery import DeliveryBlocked, DeliveryFailed, DeliveryRetryAfter, DeliveryTransient
from handlers.zalo_api import (
    DEFAULT_BASE_URL,
    MESSAGE_LIMIT,
    ZaloApiClient,
    ZaloApiError,
    ZaloBadRequest,
    ZaloForbidden,
    ZaloNetworkError,
    ZaloRateLimited,
    ZaloServerError,
    ZaloTimeout,
    ZaloUnauthorized,
)
from knowledge.fold import fold
from knowledge.messages import normalize_language, t
from storage import people as people_db
from storage import zalo_menus

logger = logging.getLogger(__name__)

CHANNEL = "zalo"
MENU_TTL = timedelta(hours=24)  # a reminder's "1. Cập nhật tiến độ" still works in the afternoon
MAX_WEBHOOK_BODY = 256 * 1024
TYPING_AFTER = 1.0  # seconds: show "typing…" only when an answer takes a while

TEXT_EVENT = "message.text.received"
IMAGE_EVENT = "message.image.received"

# Invite codes from storage.people.create_invite: 10 characters without look-alikes (no i, l, o, 0, 1).
# A bare code sent by someone the bot does not know yet is redeemed like "/start CODE".
INVITE_CODE = re.compile(r"^[a-hj-km-np-z2-9]{10}$", re.IGNORECASE)

NEXT_WORDS = frozenset({"tiep", "sau", "trang sau", "tiep theo", "xem tiep", "xem them", "next", "more"})
PREV_WORDS = frozenset({"truoc", "trang truoc", "quay lai", "prev", "previous", "back"})
# Arrows of paging buttons. (⏭ is not one: it marks "Bỏ qua", skip a step.)
_NEXT_MARKS = ("▶", "»", "›", "→")
_PREV_MARKS = ("◀", "«", "‹", "←")
_NUMBER = re.compile(r"^(?:so|chon|lua chon)?\s*(\d{1,3})\s*(%?)$")
_VALUE_LABEL = re.compile(r"^(\d{1,3})\s*%?$")


# --- configuration ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZaloSettings:
    """Zalo settings, validated at start (the token itself stays in the Config's Secret)."""

    token: object  # bot.config.Secret
    base_url: str = DEFAULT_BASE_URL
    webhook_url: str | None = None  # set → webhook mode; unset → long polling
    webhook_secret: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8444
    max_per_second: float = 2.0  # no published limit: stay conservative
    per_chat_interval: float = 1.0
    poll_timeout: int = 30

    @property
    def webhook_path(self) -> str:
        return urlparse(self.webhook_url or "").path or "/zalo"


def load_zalo_settings(config, env: Mapping[str, str] | None = None) -> ZaloSettings | None:
    """Zalo settings from `config` (token, base URL) and the ZALO_* variables; None when Zalo is off.
    Raises bot.config.ConfigError with a one-line message for bad values."""
    from bot.config import ConfigError

    token = getattr(config, "zalo_token", None)
    if not token:
        return None
    env = os.environ if env is None else env

    def get(name: str) -> str:
        return (env.get(name) or "").strip()

    def number(name: str, default: float, low: float, high: float) -> float:
        text = get(name)
        if not text:
            return default
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not low <= value <= high:
            raise ConfigError(f"{name} must be a number from {low:g} to {high:g}, got {text!r}")
        return value

    # The documented host is bot-api.zaloplatforms.com; bot/config.py's default (bot-api.zapps.me, also seen)
    # is used only when set explicitly.
    from bot.config import DEFAULT_ZALO_API

    configured = (getattr(config, "zalo_api_base_url", None) or "").rstrip("/")
    if configured == DEFAULT_ZALO_API.rstrip("/"):
        configured = ""
    base_url = get("ZALO_API_BASE_URL") or configured or DEFAULT_BASE_URL
    webhook_url = get("ZALO_WEBHOOK_URL") or None
    secret = get("ZALO_WEBHOOK_SECRET") or None
    for name, value in (("ZALO_API_BASE_URL", base_url), ("ZALO_WEBHOOK_URL", webhook_url)):
        if value:
            parsed = urlparse(value)
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                raise ConfigError(f"{name} must be an http(s) URL, got {value!r}")
    if webhook_url and not secret:
        raise ConfigError("ZALO_WEBHOOK_SECRET is required with ZALO_WEBHOOK_URL (8-256 characters)")
    if secret and not re.fullmatch(r"[A-Za-z0-9_-]{8,256}", secret):
        raise ConfigError("ZALO_WEBHOOK_SECRET must be 8-256 characters of A-Z, a-z, 0-9, _ and -")
    return ZaloSettings(
        token=token,
        base_url=base_url.rstrip("/"),
        webhook_url=webhook_url,
        webhook_secret=secret,
        webhook_listen=get("ZALO_WEBHOOK_LISTEN") or "0.0.0.0",
        webhook_port=int(number("ZALO_WEBHOOK_PORT", 8444, 1, 65535)),
        max_per_second=number("ZALO_MAX_RATE", 2.0, 0.01, 100),
        per_chat_interval=number("ZALO_PER_CHAT_INTERVAL", 1.0, 0, 60),
        poll_timeout=int(number("ZALO_POLL_TIMEOUT", 30, 1, 120)),
    )


# --- rendering replies as numbered choices ----------------------------------------------------------------


def _nav_kind(label: str) -> str | None:
    stripped = label.strip()
    if any(mark in stripped for mark in _NEXT_MARKS):
        return "next"
    if any(mark in stripped for mark in _PREV_MARKS):
        return "prev"
    folded = fold(stripped)
    if folded in NEXT_WORDS:
        return "next"
    if folded in PREV_WORDS:
        return "prev"
    return None


def _label_key(label: str) -> str:
    """A button label as typed back: folded, without icons and punctuation."""
    return " ".join(re.sub(r"[^\w%]+", " ", fold(label)).split())


def _plain_label(label: str) -> str:
    """A label without its leading icon ("✖ Hủy" → "Hủy"), as a user would type it."""
    return re.sub(r"^[^\w]+", "", label, flags=re.UNICODE).strip() or label


def _join_numbers(lang: str, numbers: list[int]) -> str:
    if len(numbers) == 1:
        return t(lang, "zalo.choose_one", n=numbers[0])
    if len(numbers) == 2:
        return t(lang, "zalo.choose_two", first=numbers[0], last=numbers[1])
    if len(numbers) <= 5:
        return t(lang, "zalo.choose_list", numbers=", ".join(map(str, numbers[:-1])), last=numbers[-1])
    return t(lang, "zalo.choose_range", first=numbers[0], last=numbers[-1])


def render_reply(reply: Reply, lang: str, first_number: int = 1) -> tuple[str, list[dict]]:
    """Plain text of one reply with its buttons as numbered choices, and the choices to remember.

    A button whose label is a value ("50%") is chosen by typing the value, not a position (so "10" can
    never mean both 10% and the 10th button); paging buttons (◀ ▶) are chosen by "trước"/"tiếp"; every
    other button gets a number, counted on from `first_number` across the replies of one answer.
    """
    text = to_plain_text(reply.text or "").strip()
    choices: list[dict] = []
    numbered: list[dict] = []
    values: list[dict] = []
    number = first_number
    buttons = [b for row in reply.buttons for b in row]
    has_values = any(_VALUE_LABEL.match(b.label.strip()) for b in buttons)
    for button in buttons:
        label = button.label.strip()
        nav = _nav_kind(label)
        value = _VALUE_LABEL.match(label)
        if nav:
            choice = {"kind": nav, "label": label, "action": button.action}
        elif value:
            choice = {"kind": "value", "label": label, "value": int(value.group(1)), "action": button.action}
            values.append(choice)
        elif has_values:  # in a menu of values, other buttons are typed by name ("Hủy")
            choice = {"kind": "word", "label": label, "action": button.action}
        else:
            choice = {"kind": "number", "n": number, "label": label, "action": button.action}
            numbered.append(choice)
            number += 1
        choices.append(choice)
    lines = [text] if text else []
    if numbered:
        lines.append("")
        lines.extend(f"{c['n']}. {c['label']}" for c in numbered)
        lines.append(_join_numbers(lang, [c["n"] for c in numbered]))
    if values:
        lines.append("")
        lines.append(t(lang, "zalo.choose_values", values=", ".join(c["label"] for c in values)))
    words = [c["label"] for c in choices if c["kind"] == "word"]
    if words:
        lines.append(t(lang, "zalo.or_type", words=", ".join(f"“{_plain_label(w)}”" for w in words)))
    if any(c["kind"] == "prev" for c in choices):
        lines.append(t(lang, "zalo.prev_page"))
    if any(c["kind"] == "next" for c in choices):
        lines.append(t(lang, "zalo.next_page"))
    return "\n".join(lines).strip(), choices


@dataclass
class Outgoing:
    """One Zalo message to send: text (≤ 2,000 characters) or a photo URL with a caption."""

    text: str = ""
    photo: str | None = None


def render_replies(replies: list[Reply], lang: str) -> tuple[list[Outgoing], list[dict]]:
    """Zalo messages for an answer, and its menu (numbering continues across the replies)."""
    messages: list[Outgoing] = []
    menu: list[dict] = []
    for reply in replies:
        text, choices = render_reply(reply, lang, 1 + sum(1 for c in menu if c["kind"] == "number"))
        menu.extend(choices)
        document = reply.document
        if document is not None and document.kind == "photo" and _is_url(document.ref):
            caption = text if len(text) <= MESSAGE_LIMIT else ""
            messages.append(Outgoing(text=caption, photo=document.ref))
            if caption:
                continue
        elif document is not None:
            name = document.name or document.kind
            text = (text + "\n\n" + t(lang, "zalo.file_not_sent", name=name)).strip()
        messages.extend(Outgoing(text=part) for part in split_message(text, MESSAGE_LIMIT) if part.strip())
    return messages, menu


def _is_url(ref: str | None) -> bool:
    return bool(ref) and urlparse(ref).scheme in ("http", "https")


def resolve_choice(text: str, menu: list[dict]) -> tuple[str, object]:
    """What a typed answer means for the menu: ("action", action) | ("no_choice", n) | ("no_next", None) |
    ("text", None) when it is not an answer to the menu."""
    folded = " ".join(fold(text or "").strip().rstrip(".!?").split())
    if not folded or not menu:
        return "text", None
    for kind, words in (("next", NEXT_WORDS), ("prev", PREV_WORDS)):
        if folded in words:
            for choice in menu:
                if choice["kind"] == kind:
                    return "action", choice["action"]
            if kind == "next" and folded in ("tiep", "trang sau", "tiep theo", "xem tiep"):
                return "no_next", None
            return "text", None
    match = _NUMBER.match(folded)
    if match:
        n = int(match.group(1))
        for choice in menu:
            if choice["kind"] == "value" and choice["value"] == n:
                return "action", choice["action"]
        if not match.group(2):
            for choice in menu:
                if choice["kind"] == "number" and choice["n"] == n:
                    return "action", choice["action"]
        has_numbers = any(c["kind"] == "number" for c in menu)
        has_values = any(c["kind"] == "value" for c in menu)
        if has_numbers and not has_values and 1 <= n <= 99:
            return "no_choice", n
        return "text", None
    for choice in menu:
        key = _label_key(choice["label"])
        if len(key) >= 2 and folded == key:
            return "action", choice["action"]
    return "text", None


def menu_hint(menu: list[dict], lang: str) -> str:
    numbers = [c["n"] for c in menu if c["kind"] == "number"]
    return _join_numbers(lang, numbers) if numbers else ""


# --- updates → Incoming -------------------------------------------------------------------------------


def unwrap_update(body) -> dict | None:
    """A webhook body or getUpdates result, with or without the {"ok": true, "result": ...} wrapping."""
    if isinstance(body, dict) and "result" in body and ("ok" in body or "event_name" not in body):
        body = body["result"]
    if isinstance(body, list):  # never documented; take it apart rather than drop it
        body = body[0] if len(body) == 1 else None
    return body if isinstance(body, dict) else None


def _photo_url(message: dict) -> str | None:
    for key in ("photo_url", "photo", "url"):
        value = message.get(key)
        if isinstance(value, str) and _is_url(value):
            return value
        if isinstance(value, list) and value:  # a list of sizes: the last is the largest
            last = value[-1]
            url = last.get("url") if isinstance(last, dict) else last
            if isinstance(url, str) and _is_url(url):
                return url
    return None


def update_to_incoming(update: dict, *, bot_name: str | None = None) -> Incoming | None:
    """The Incoming of a Zalo update; None when it is not from a person or has no usable sender/chat."""
    message = update.get("message") if isinstance(update, dict) else None
    if not isinstance(message, dict):
        return None
    sender = message.get("from") or {}
    chat = message.get("chat") or {}
    if not isinstance(sender, dict) or not isinstance(chat, dict) or sender.get("is_bot"):
        return None
    sender_id = str(sender.get("id") or "").strip()
    chat_id = str(chat.get("id") or "").strip() or sender_id
    if not sender_id:
        return None
    is_group = str(chat.get("chat_type") or "PRIVATE").upper() == "GROUP"
    event = str(update.get("event_name") or "")
    text = message.get("text")
    file = None
    if event == IMAGE_EVENT or (not event and _photo_url(message)):
        url = _photo_url(message)
        if url:
            file = FileRef(kind="photo", ref=url, name=None, mime_type="image/jpeg")
        text = message.get("caption") or text
    elif event and event != TEXT_EVENT:
        text = None  # sticker, voice, unsupported: answered with a hint
    if isinstance(text, str):
        text = text.strip()
        if is_group:
            text = _strip_mention(text, bot_name)
    else:
        text = None
    return Incoming(
        channel=CHANNEL,
        chat_id=chat_id,
        sender_id=sender_id,
        sender_name=str(sender.get("display_name") or sender.get("name") or "").strip(),
        text=text,
        file=file,
        is_group=is_group,
        # Zalo delivers only mentions of the bot and replies to it from groups.
        mentioned=is_group,
    )


def _strip_mention(text: str, bot_name: str | None) -> str:
    """Drop a leading "@<bot name>" (a group message addressed to the bot)."""
    if bot_name and text.lower().startswith("@" + bot_name.lower()):
        return text[len(bot_name) + 1 :].strip()
    if text.startswith("@") and " /" in text:  # a display name of several words before a command
        return text[text.index(" /") + 1 :].strip()
    if text.startswith("@") and not bot_name:
        parts = text.split(maxsplit=1)
        return parts[1].strip() if len(parts) > 1 else ""
    return text


# --- the adapter ---------------------------------------------------------------------------------------


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
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}
        self._tasks: set[asyncio.Task] = set()
        self._seen: OrderedDict[str, None] = OrderedDict()  # message ids: a redelivered webhook is ignored
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
            key = (incoming.chat_id, incoming.sender_id)
            async with self._locks.setdefault(key, asyncio.Lock()), self._slots:
                return await self._answer(incoming)
        except Exception:
            self.stats["errors"] += 1
            logger.exception("zalo: could not handle an update")
            if incoming is not None and not incoming.is_group:
                with contextlib.suppress(Exception):
                    await self.api.send_message(incoming.chat_id, t(self._lang(incoming), "zalo.error"))
            return []

    def _duplicate(self, update: dict) -> bool:
        message = update.get("message") if isinstance(update, dict) else None
        message_id = str(message.get("message_id") or "") if isinstance(message, dict) else ""
        if not message_id:
            return False
        if message_id in self._seen:
            return True
        self._seen[message_id] = None
        if len(self._seen) > 2000:
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
        incoming = self._translate(incoming)
        if isinstance(incoming, list):  # answered here (a number that is not on the menu)
            return await self._send(incoming[0], incoming[1])
        typing = asyncio.get_running_loop().create_task(self._typing_later(incoming.chat_id))
        try:
            replies = await self.core.handle(incoming)
        finally:
            typing.cancel()
        if not replies:
            return []
        messages, menu = render_replies(replies, lang)
        zalo_menus.save_menu(self.db, incoming.chat_id, incoming.sender_id, menu, now=self.core.clock.now())
        return await self._send(incoming.chat_id, messages)

    def _translate(self, incoming: Incoming):
        """Numbers, values, "tiếp"/"sau" and button names become the menu's actions; a bare invite code
        from someone not yet registered becomes "/start CODE"."""
        text = incoming.text or ""
        if incoming.file is None and text and not text.startswith("/"):
            menu = zalo_menus.load_menu(
                self.db,
                incoming.chat_id,
                incoming.sender_id,
                now=self.core.clock.now(),
                max_age=self.menu_ttl,
            )
            outcome, value = resolve_choice(text, menu)
            lang = self._lang(incoming)
            if outcome == "action":
                return _replace(incoming, text=None, action=value)
            if outcome == "no_choice":
                hint = menu_hint(menu, lang)
                return [incoming.chat_id, [Outgoing(text=t(lang, "zalo.no_such_choice", n=value, hint=hint))]]
            if outcome == "no_next":
                return [incoming.chat_id, [Outgoing(text=t(lang, "zalo.no_next_page"))]]
            if (
                not incoming.is_group
                and INVITE_CODE.match(text)
                and people_db.find_by_identity(self.db, CHANNEL, incoming.sender_id) is None
                and zalo_menus.invite_exists(self.db, text)
            ):
                return _replace(incoming, text=f"/start {text}")
        return incoming

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
            await _sleep_or_stop(stop_event, delay)
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
                await _sleep_or_stop(stop_event, self.bad_token_pause)
                continue
            except (ZaloApiError, ValueError) as exc:
                self.stats["poll_errors"] += 1
                logger.warning("zalo: getUpdates failed (%s); retrying in %.1fs", exc, delay)
                await _sleep_or_stop(stop_event, delay)
                delay = min(delay * 2, self.max_backoff)
                continue
            delay = self.initial_backoff
            if update:
                self.submit(update)
        await self.drain()
        logger.info("zalo: long polling stopped")

    # -- webhook --

    async def run_webhook(self, stop_event: asyncio.Event, settings: ZaloSettings, *, register: bool = True):
        """Serve the webhook until `stop_event` is set (and register it with setWebhook first)."""
        server = ZaloWebhookServer(self, settings.webhook_secret or "", path=settings.webhook_path)
        await server.start(settings.webhook_listen, settings.webhook_port)
        try:
            if register and await self.check_token(stop_event):
                delay = self.initial_backoff
                while not stop_event.is_set():
                    try:
                        await self.api.set_webhook(settings.webhook_url, settings.webhook_secret or "")
                        logger.info("zalo: webhook set (path %s)", settings.webhook_path)
                        break
                    except ZaloApiError as exc:
                        logger.warning("zalo: setWebhook failed (%s); retrying in %.0fs", exc, delay)
                        await _sleep_or_stop(stop_event, delay)
                        delay = min(delay * 2, self.max_backoff)
            await stop_event.wait()
        finally:
            await server.close()
            await self.drain()


def _replace(incoming: Incoming, **changes) -> Incoming:
    from dataclasses import replace

    return replace(incoming, **changes)


async def _sleep_or_stop(stop_event: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop_event.wait(), timeout=seconds)


class ZaloWebhookServer:
    """A tiny HTTP/1.1 endpoint on asyncio streams (one POST path, no framework needed): checks
    X-Bot-Api-Secret-Token in constant time before reading the body, answers at once, handles the
    update in the background."""

    def __init__(self, adapter: ZaloAdapter, secret: str, *, path: str = "/zalo"):
        self.adapter = adapter
        self.secret = secret.encode()
        self.path = path
        self._server: asyncio.base_events.Server | None = None
        self.port: int | None = None

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        self._server = await asyncio.start_server(self._serve, host, port, limit=16 * 1024)
        self.port = self._server.sockets[0].getsockname()[1]
        logger.info("zalo: webhook server listening on %s:%s", host, self.port)
        return self.port

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), timeout=5)
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            status, body = await asyncio.wait_for(self._request(reader), timeout=30)
        except (TimeoutError, asyncio.LimitOverrunError, asyncio.IncompleteReadError, ValueError):
            status, body = 400, {"ok": False, "description": "bad request"}
        except Exception:
            logger.exception("zalo: webhook request failed")
            status, body = 500, {"ok": False, "description": "internal error"}
        data = json.dumps(body).encode()
        reason = {
            200: "OK",
            400: "Bad Request",
            403: "Forbidden",
            404: "Not Found",
            405: "Method Not Allowed",
        }
        head = (
            f"HTTP/1.1 {status} {reason.get(status, 'Error')}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n"
        )
        with contextlib.suppress(Exception):
            writer.write(head.encode() + data)
            await writer.drain()
            writer.close()
            await writer.wait_closed()

    async def _request(self, reader: asyncio.StreamReader) -> tuple[int, dict]:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = (lines[0].split(" ", 2) + ["", ""])[:3]
        headers = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip().lower()] = value.strip()
        if urlparse(target).path.rstrip("/") != self.path.rstrip("/"):
            return 404, {"ok": False, "description": "not found"}
        if method != "POST":
            return 405, {"ok": False, "description": "POST only"}
        given = headers.get("x-bot-api-secret-token", "").encode("latin-1")
        if not self.secret or not hmac.compare_digest(given, self.secret):
            logger.warning("zalo: webhook call with a missing or wrong secret token refused")
            return 403, {"ok": False, "description": "forbidden"}
        length = int(headers.get("content-length") or 0)
        if length <= 0 or length > MAX_WEBHOOK_BODY:
            return 400, {"ok": False, "description": "body missing or too large"}
        raw = await reader.readexactly(length)
        try:
            update = unwrap_update(json.loads(raw))
        except ValueError:
            update = None
        if update is None:
            return 400, {"ok": False, "description": "not an update"}
        self.adapter.submit(update)
        return 200, {"ok": True}


# --- the outbox sender ---------------------------------------------------------------------------------


class ZaloSender:
    """`bot.delivery.ChannelSender` for Zalo: renders an outbox payload like a reply (numbered choices,
    split at 2,000 characters, photo by URL) and maps Zalo's errors to the delivery exceptions.

    Zalo publishes no rate limit, so the default pace is conservative (2 messages/s overall, 1 s between two
    messages to one chat; ZALO_MAX_RATE / ZALO_PER_CHAT_INTERVAL). When Zalo cannot be reached or answers
    502/503/504, the whole channel pauses (DeliveryRetryAfter, growing to 5 minutes) instead of burning the
    messages' attempts: an outage of any length loses nothing.
    """

    channel = CHANNEL

    def __init__(
        self,
        api: ZaloApiClient,
        db,
        clock,
        *,
        max_per_second: float = 2.0,
        per_chat_interval: float = 1.0,
        outage_pause: float = 5.0,
        max_outage_pause: float = 300.0,
        bad_token_pause: float = 300.0,
    ):
        self.api = api
        self.db = db
        self.clock = clock
        self.max_per_second = max_per_second
        self.per_chat_interval = per_chat_interval
        self.outage_pause = outage_pause
        self.max_outage_pause = max_outage_pause
        self.bad_token_pause = bad_token_pause
        self._outages = 0

    def is_group(self, chat_id: str) -> bool:
        return False  # pushed messages go to the private chat an identity was registered from

    async def send(self, chat_id: str, payload: dict) -> None:
        try:
            await self._send(str(chat_id), payload)
        except ZaloRateLimited as exc:
            raise DeliveryRetryAfter(exc.retry_after or 30.0, str(exc)) from None
        except ZaloUnauthorized as exc:
            logger.error("zalo: the bot token was refused; pausing Zalo delivery %ss", self.bad_token_pause)
            raise DeliveryRetryAfter(self.bad_token_pause, str(exc)) from None
        except ZaloForbidden as exc:
            raise DeliveryBlocked(str(exc)) from None
        except ZaloBadRequest as exc:
            lowered = exc.description.lower()
            if any(word in lowered for word in ("block", "not found", "not exist", "unfollow", "left")):
                raise DeliveryBlocked(str(exc)) from None
            raise DeliveryFailed(str(exc)) from None
        except ZaloTimeout as exc:
            raise DeliveryTransient(str(exc)) from None
        except ZaloNetworkError as exc:
            raise self._outage(exc) from None
        except ZaloServerError as exc:
            if exc.error_code in (502, 503, 504):
                raise self._outage(exc) from None
            raise DeliveryTransient(str(exc)) from None
        except ZaloApiError as exc:
            raise DeliveryTransient(str(exc)) from None
        except ValueError as exc:  # nothing sendable (empty text)
            raise DeliveryFailed(str(exc)) from None
        self._outages = 0

    def _outage(self, exc: ZaloApiError) -> DeliveryRetryAfter:
        self._outages += 1
        pause = min(self.outage_pause * 2 ** (self._outages - 1), self.max_outage_pause)
        logger.warning("zalo: unreachable (%s); pausing Zalo delivery %.0fs", exc, pause)
        return DeliveryRetryAfter(pause, str(exc))

    async def _send(self, chat_id: str, payload: dict) -> None:
        lang = normalize_language(zalo_menus.language_of_chat(self.db, chat_id))
        buttons = [
            [Button(b["label"], b["action"]) for b in row] for row in payload.get("buttons") or [] if row
        ]
        document = None
        attachment = payload.get("attachment")
        if attachment:
            document = FileRef(
                kind=attachment.get("kind") or "document",
                ref=attachment.get("ref") or "",
                name=attachment.get("name"),
            )
        reply = Reply(payload.get("text") or "", buttons=buttons, document=document)
        messages, menu = render_replies([reply], lang)
        if not messages:
            raise ValueError("empty message")
        for message in messages:
            if message.photo:
                await self.api.send_photo(chat_id, message.photo, message.text or None)
            else:
                await self.api.send_message(chat_id, message.text)
        if menu:  # the numbers of a pushed message ("1. Cập nhật tiến độ") answer it
            for external_id in zalo_menus.zalo_users_in_chat(self.db, chat_id):
                zalo_menus.save_menu(self.db, chat_id, external_id, menu, now=self.clock.now())


# --- composition ---------------------------------------------------------------------------------------


@dataclass
class ZaloRuntime:
    """What `start_zalo` started: `.sender` goes into the outbox senders; `await .stop()` on shutdown."""

    adapter: ZaloAdapter
    sender: ZaloSender
    api: ZaloApiClient
    settings: ZaloSettings
    stop_event: asyncio.Event
    task: asyncio.Task | None = None
    extra: dict = field(default_factory=dict)

    async def stop(self) -> None:
        self.stop_event.set()
        if self.task is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.task, timeout=10)
        with contextlib.suppress(Exception):
            await self.api.aclose()


def build_zalo(
    core, settings: ZaloSettings, *, transport=None
) -> tuple[ZaloAdapter, ZaloSender, ZaloApiClient]:
    api = ZaloApiClient(
        settings.token.get_secret_value()
        if hasattr(settings.token, "get_secret_value")
        else str(settings.token),
        base_url=settings.base_url,
        poll_timeout=settings.poll_timeout,
        transport=transport,
    )
    adapter = ZaloAdapter(core, api)
    sender = ZaloSender(
        api,
        core.db,
        core.clock,
        max_per_second=settings.max_per_second,
        per_chat_interval=settings.per_chat_interval,
    )
    return adapter, sender, api


async def start_zalo(
    core, config, stop_event: asyncio.Event | None = None, *, env: Mapping[str, str] | None = None
) -> ZaloRuntime | None:
    """Start the Zalo adapter in the background when ZALO_BOT_TOKEN is set (None otherwise).

    The composition root adds `runtime.sender` to the outbox senders and awaits `runtime.stop()` on
    shutdown. Polling by default; a webhook server when ZALO_WEBHOOK_URL is set.
    """
    settings = load_zalo_settings(config, env)
    if settings is None:
        return None
    adapter, sender, api = build_zalo(core, settings)
    stop_event = stop_event or asyncio.Event()
    runtime = ZaloRuntime(adapter, sender, api, settings, stop_event)

    async def supervise() -> None:
        # A crash of the Zalo side is logged and restarted; it never reaches the Telegram side.
        while not stop_event.is_set():
            try:
                if settings.webhook_url:
                    await adapter.run_webhook(stop_event, settings)
                else:
                    await adapter.run_polling(stop_event)
            except Exception:
                logger.exception("zalo: the adapter stopped unexpectedly; restarting in 10s")
                await _sleep_or_stop(stop_event, 10)

    runtime.task = asyncio.get_running_loop().create_task(supervise(), name="zalo-adapter")
    mode = "webhook" if settings.webhook_url else "long polling"
    logger.info("zalo: adapter starting (%s, base URL %s)", mode, settings.base_url)
    return runtime


async def serve_zalo_only(config, stop_event: asyncio.Event, *, db=None, clock=None, assistant=None) -> int:
    """A Zalo-only deployment: the core, the Zalo adapter and the plain-asyncio delivery scheduler."""
    from bot.app import build_core, protect_logs
    from bot.clock import Clock
    from bot.scheduler import DeliveryServices, run_scheduler
    from storage.db import open_db

    protect_logs(config)
    clock = clock or Clock()
    db = db if db is not None else open_db(config.db_path)
    core = build_core(db, config, clock, assistant=assistant)
    runtime = await start_zalo(core, config, stop_event)
    if runtime is None:
        raise ValueError("ZALO_BOT_TOKEN is not set")
    services = DeliveryServices(db=db, clock=clock, senders=[runtime.sender])
    try:
        await run_scheduler(services, stop_event)
    finally:
        await runtime.stop()
    return 0


def run_zalo_only(config) -> int:
    """Run Zalo without Telegram until interrupted (SIGINT/SIGTERM)."""

    async def main() -> int:
        stop_event = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop_event.set)
        return await serve_zalo_only(config, stop_event)

    return asyncio.run(main())

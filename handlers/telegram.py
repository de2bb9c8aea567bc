"""Telegram transport: Update → `Incoming` → `core.handle` → `Reply` rendered as HTML with inline buttons.

Thin on purpose: no SQL, no matching, no permissions here (the core does all of that). The core lives in
`application.bot_data["core"]`. Updates are processed concurrently, but one person's updates stay in
order (a per-sender lock), so a conversation never sees its steps out of order.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections import OrderedDict

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, MessageEntityType, ParseMode
from telegram.error import BadRequest, Forbidden
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.chat import FileRef, Incoming, Reply, split_message
from knowledge.messages import t

logger = logging.getLogger(__name__)

MESSAGE_LIMIT = 4096
CHANNEL = "telegram"
_MAX_LOCKS = 10_000


class _SenderLocks:
    """One asyncio.Lock per sender, bounded (least recently used dropped when idle)."""

    def __init__(self):
        self._locks: OrderedDict[str, asyncio.Lock] = OrderedDict()

    def get(self, key: str) -> asyncio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
            while len(self._locks) > _MAX_LOCKS:
                old_key, old = next(iter(self._locks.items()))
                if old.locked():
                    break
                del self._locks[old_key]
        else:
            self._locks.move_to_end(key)
        return lock


def register(application: Application, core) -> None:
    """Add the Telegram handlers for `core` to the application (called by the composition root)."""
    application.bot_data["core"] = core
    application.bot_data["sender_locks"] = _SenderLocks()
    application.add_handler(CallbackQueryHandler(press_button))
    # Service messages (members joining, pins) first, so they never reach the core.
    application.add_handler(MessageHandler(filters.StatusUpdate.ALL, ignore_update))
    # Every new message (text, document, photo, and also stickers, voice, ...: the core answers those
    # with a hint instead of leaving a dead end). Edited messages are not re-answered.
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE, handle_message))
    application.add_error_handler(report_error)


def _is_group(chat) -> bool:
    return chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP, ChatType.CHANNEL)


def _mentioned(message: Message, username: str | None) -> bool:
    replied = message.reply_to_message.from_user if message.reply_to_message else None
    if (
        replied is not None
        and replied.is_bot
        and (not username or (replied.username or "").lower() == username.lower())
    ):
        return True
    if not username:
        return False
    for _entity, text in message.parse_entities([MessageEntityType.MENTION]).items():
        if text.lstrip("@").lower() == username.lower():
            return True
    for _entity, text in message.parse_caption_entities([MessageEntityType.MENTION]).items():
        if text.lstrip("@").lower() == username.lower():
            return True
    return False


def _strip_mention(text: str, username: str | None) -> str:
    if username:
        text = text.replace("@" + username, "").replace("@" + username.lower(), "")
    return text.strip()


def _file_of(message: Message) -> FileRef | None:
    if message.document:
        doc = message.document
        return FileRef("document", doc.file_id, doc.file_name, doc.file_size, doc.mime_type)
    if message.photo:
        photo = message.photo[-1]  # the largest size
        return FileRef("photo", photo.file_id, None, photo.file_size, "image/jpeg")
    return None


def to_incoming(update: Update, username: str | None) -> Incoming | None:
    """Translate an update into the core's contract (None for updates the core does not take)."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None:
        return None
    base = {
        "channel": CHANNEL,
        "chat_id": str(chat.id),
        "sender_id": str(user.id),
        "sender_name": user.full_name or user.username or str(user.id),
        "is_group": _is_group(chat),
        "language": user.language_code,
    }
    if update.callback_query is not None:
        return Incoming(**base, action=update.callback_query.data or "")
    message = update.effective_message
    if message is None:
        return None
    text = message.text if message.text is not None else message.caption
    mentioned = _is_group(chat) and _mentioned(message, username)
    if text and mentioned:
        text = _strip_mention(text, username)
    return Incoming(**base, text=text, file=_file_of(message), mentioned=mentioned)


def _markup(reply: Reply) -> InlineKeyboardMarkup | None:
    rows = [
        [InlineKeyboardButton(b.label, callback_data=b.action) for b in row] for row in reply.buttons if row
    ]
    return InlineKeyboardMarkup(rows) if rows else None


async def send_replies(context: ContextTypes.DEFAULT_TYPE, chat_id: int | str, replies, *, edit_message=None):
    """Render replies: HTML, buttons on the last chunk of a long text, edit in place when asked."""
    for reply in replies:
        markup = _markup(reply)
        chunks = split_message(reply.text, MESSAGE_LIMIT) if reply.text else []
        if reply.edit and edit_message is not None and len(chunks) == 1:
            try:
                await edit_message.edit_text(chunks[0], parse_mode=ParseMode.HTML, reply_markup=markup)
                continue
            except BadRequest as exc:
                if "not modified" in str(exc).lower():
                    continue  # a double tap that would show the same thing again
                logger.info("edit failed (%s); sending a new message", exc)
        for index, chunk in enumerate(chunks):
            await context.bot.send_message(
                chat_id,
                chunk,
                parse_mode=ParseMode.HTML,
                reply_markup=markup if index == len(chunks) - 1 else None,
                disable_web_page_preview=True,
            )
        if reply.document is not None:
            await context.bot.send_document(chat_id, reply.document.ref, filename=reply.document.name)


async def _dispatch(
    update: Update, context: ContextTypes.DEFAULT_TYPE, incoming: Incoming, edit_message=None
):
    core = context.bot_data["core"]
    lock = context.bot_data["sender_locks"].get(incoming.sender_id)
    async with lock:
        replies = await core.handle(incoming)
        if replies:
            await send_replies(context, incoming.chat_id, replies, edit_message=edit_message)


async def handle_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Pass a text, document or photo message to the core and send its replies."""
    core = context.bot_data["core"]
    incoming = to_incoming(update, core.bot_username)
    if incoming is None:
        return
    await _dispatch(update, context, incoming)


async def press_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a button press at once (stops the spinner), then pass the action to the core."""
    query = update.callback_query
    try:
        await query.answer()
    except BadRequest as exc:  # "query is too old": a button from yesterday still gets its answer below
        logger.info("could not answer callback query: %s", exc)
    core = context.bot_data["core"]
    incoming = to_incoming(update, core.bot_username)
    if incoming is None:
        return
    message = query.message if isinstance(query.message, Message) else None
    await _dispatch(update, context, incoming, edit_message=message)


async def ignore_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ignore service messages (members joining, pinned messages) on purpose."""


async def report_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error with its traceback and tell the user something short, never the traceback."""
    error = context.error
    if isinstance(error, Forbidden):
        # The user blocked the bot: nothing to tell them; stop pushing to that chat.
        chat_id = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
        logger.info("chat %s blocked the bot", chat_id)
        core = context.bot_data.get("core")
        if core is not None and chat_id is not None:
            from storage.people import set_identity_active

            set_identity_active(core.db, CHANNEL, str(chat_id), False)
        return
    logger.error("error while handling an update", exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    lang = update.effective_user.language_code if update.effective_user else None
    try:
        await context.bot.send_message(update.effective_chat.id, html.escape(t(lang, "telegram.error")))
    except Exception:  # the chat may be unreachable; the error is already logged
        logger.info("could not tell chat %s about the error", update.effective_chat.id)

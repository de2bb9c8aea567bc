"""Telegram transport: Update → `Incoming` → `core.handle` → `Reply` rendered as HTML with inline buttons.

Thin on purpose: no SQL, no matching, no permissions here (the core does all of that). The core lives in
`application.bot_data["core"]`. Updates are processed concurrently, but one person's updates stay in
order (a per-sender lock, handlers/user_locks.py), so a conversation never sees its steps out of order.
Replies are drawn by handlers/telegram_render.py, the same renderer the outbox sender uses.
"""

from __future__ import annotations

import html
import logging

from telegram import Message, Update
from telegram.constants import ChatType, MessageEntityType, ParseMode
from telegram.error import BadRequest, Forbidden
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.chat import FileRef, Incoming
from handlers.telegram_render import render_reply, send_message_of
from handlers.user_locks import UserLocks
from knowledge.messages import t

logger = logging.getLogger(__name__)

CHANNEL = "telegram"


def register(application: Application, core) -> None:
    """Add the Telegram handlers for `core` to the application (called by the composition root)."""
    application.bot_data["core"] = core
    application.bot_data["sender_locks"] = UserLocks()
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


async def send_replies(context: ContextTypes.DEFAULT_TYPE, chat_id: int | str, replies, *, edit_message=None):
    """Send the core's replies; a reply that asks for it replaces the message whose button was pressed."""
    for reply in replies:
        messages = render_reply(reply)
        if reply.edit and edit_message is not None and len(messages) == 1 and messages[0].file is None:
            try:
                await edit_message.edit_text(
                    messages[0].text, parse_mode=ParseMode.HTML, reply_markup=messages[0].markup
                )
                continue
            except BadRequest as exc:
                if "not modified" in str(exc).lower():
                    continue  # a double tap that would show the same thing again
                logger.info("edit failed (%s); sending a new message", exc)
        for message in messages:
            await send_message_of(context.bot, chat_id, message)


async def _dispatch(
    update: Update, context: ContextTypes.DEFAULT_TYPE, incoming: Incoming, edit_message=None
):
    core = context.bot_data["core"]
    async with context.bot_data["sender_locks"].hold(incoming.sender_id):
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

"""Telegram as a `bot.delivery.ChannelSender`: renders an outbox payload with a PTB `Bot` and translates
Telegram's errors into the delivery exceptions the outbox understands. Thin: no SQL, no pacing."""

from __future__ import annotations

import html
import warnings
from datetime import timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.chat import split_message
from bot.delivery import DeliveryBlocked, DeliveryFailed, DeliveryRetryAfter, DeliveryTransient

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024

# BadRequest texts meaning the recipient cannot be reached any more (treated like a block).
_GONE = ("chat not found", "user is deactivated", "bot was kicked", "not enough rights to send")


def _retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _markup(buttons) -> InlineKeyboardMarkup | None:
    rows = [
        [InlineKeyboardButton(b["label"], callback_data=b["action"]) for b in row]
        for row in buttons or []
        if row
    ]
    return InlineKeyboardMarkup(rows) if rows else None


class TelegramSender:
    """ChannelSender for Telegram. 25 msg/s stays under Telegram's 30/s broadcast limit."""

    channel = "telegram"

    def __init__(self, bot: Bot, *, max_per_second: float = 25.0, per_chat_interval: float = 1.0):
        self.bot = bot
        self.max_per_second = max_per_second
        self.per_chat_interval = per_chat_interval

    def is_group(self, chat_id: str) -> bool:
        return str(chat_id).startswith("-")

    async def send(self, chat_id: str, payload: dict) -> None:
        try:
            await self._send(chat_id, payload)
        except RetryAfter as exc:
            raise DeliveryRetryAfter(_retry_seconds(exc)) from exc
        except Forbidden as exc:
            raise DeliveryBlocked(str(exc)) from exc
        except BadRequest as exc:  # before NetworkError: BadRequest subclasses it
            if any(marker in str(exc).lower() for marker in _GONE):
                raise DeliveryBlocked(str(exc)) from exc
            raise DeliveryFailed(str(exc)) from exc
        except (TimedOut, NetworkError) as exc:
            raise DeliveryTransient(str(exc)) from exc
        except TelegramError as exc:
            raise DeliveryFailed(str(exc)) from exc

    async def _send(self, chat_id: str, payload: dict) -> None:
        text = payload.get("text") or ""
        markup = _markup(payload.get("buttons"))
        attachment = payload.get("attachment")
        if attachment and attachment.get("channel", self.channel) != self.channel:
            # A file id from another platform means nothing here: send the text and name the file.
            text = f"{text}\n\n📎 {html.escape(attachment.get('name') or attachment.get('kind') or '')}"
            attachment = None
        if attachment:
            caption = text if len(text) <= CAPTION_LIMIT else None
            send = self.bot.send_photo if attachment.get("kind") == "photo" else self.bot.send_document
            field = "photo" if attachment.get("kind") == "photo" else "document"
            await send(
                chat_id,
                **{field: attachment["ref"]},
                caption=caption,
                parse_mode=ParseMode.HTML if caption else None,
                reply_markup=markup if caption else None,
            )
            if caption is not None:
                return
        parts = split_message(text, MESSAGE_LIMIT)
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            await self.bot.send_message(
                chat_id, part, parse_mode=ParseMode.HTML, reply_markup=markup if last else None
            )

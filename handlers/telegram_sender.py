"""Telegram as a `bot.delivery.ChannelSender`: sends an outbox payload with a PTB `Bot`, drawn by the same
renderer as live replies (handlers/telegram_render.py), and translates Telegram's errors into the delivery
exceptions the outbox understands. Thin: no SQL, no pacing."""

from __future__ import annotations

import warnings
from datetime import timedelta

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.delivery import (
    DeliveryBlocked,
    DeliveryFailed,
    DeliveryRetryAfter,
    DeliveryTransient,
    reply_of_payload,
)
from handlers.telegram_render import render_reply, send_message_of

# BadRequest texts meaning the recipient cannot be reached any more (treated like a block).
_GONE = ("chat not found", "user is deactivated", "bot was kicked", "not enough rights to send")


def _retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


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
        messages = render_reply(reply_of_payload(payload, self.channel))
        if not messages:
            raise DeliveryFailed("empty message")
        for message in messages:
            await send_message_of(self.bot, chat_id, message)

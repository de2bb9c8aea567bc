"""Zalo as a `bot.delivery.ChannelSender`: pushes outbox messages (reminders, broadcasts) rendered by the
same function as live answers (handlers/zalo_render.py) and maps Zalo's errors to the delivery exceptions."""

from __future__ import annotations

import logging

from bot.delivery import (
    DeliveryBlocked,
    DeliveryFailed,
    DeliveryRetryAfter,
    DeliveryTransient,
    reply_of_payload,
)
from handlers import numbered_menu
from handlers.zalo_api import (
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
from handlers.zalo_render import render_replies
from handlers.zalo_updates import CHANNEL
from knowledge.messages import normalize_language
from storage import zalo_menus

logger = logging.getLogger(__name__)


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
        messages, menu = render_replies([reply_of_payload(payload, CHANNEL)], lang)
        if not messages:
            raise ValueError("empty message")
        for message in messages:
            if message.photo:
                await self.api.send_photo(chat_id, message.photo, message.text or None)
            else:
                await self.api.send_message(chat_id, message.text)
        if menu:  # the numbers of a pushed message ("1. Cập nhật tiến độ") answer it
            for external_id in zalo_menus.zalo_users_in_chat(self.db, chat_id):
                stored = numbered_menu.menu_to_json(menu)
                zalo_menus.save_menu(self.db, chat_id, external_id, stored, now=self.clock.now())

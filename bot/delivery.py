"""The channel-agnostic sending interface the outbox drains through.

Each chat platform (Telegram, Zalo) provides a `ChannelSender`; the `OutboxSender` paces and retries
around it and never imports a chat library. A sender turns the platform's errors into the four
exceptions below, which decide what happens to the outbox row.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from bot.chat import Button, FileRef, Reply


class DeliveryError(Exception):
    """Base class: sending one message did not succeed."""


class DeliveryRetryAfter(DeliveryError):
    """The platform asked us to slow down: pause the whole channel for `seconds`, then retry."""

    def __init__(self, seconds: float, message: str = ""):
        super().__init__(message or f"retry after {seconds}s")
        self.seconds = float(seconds)


class DeliveryBlocked(DeliveryError):
    """The recipient blocked the bot or left: never retry; mark the identity inactive."""


class DeliveryTransient(DeliveryError):
    """A network error or timeout: retry later with exponential backoff."""


class DeliveryFailed(DeliveryError):
    """A permanent error for this message (bad request, chat not found): give up on it."""


@runtime_checkable
class ChannelSender(Protocol):
    """Pushes one outbox payload to one chat on one platform.

    payload: {"text": reply HTML (bot.chat subset), "buttons": [[{"label", "action"}]],
    "attachment": {"kind": "document"|"photo", "ref", "name"} | None}.
    """

    channel: str
    max_per_second: float  # overall pace for this channel (Telegram: 25 stays under its 30/s limit)
    per_chat_interval: float  # minimum seconds between two messages to one chat

    async def send(self, chat_id: str, payload: dict) -> None: ...


def is_group_chat(sender: ChannelSender, chat_id: str) -> bool:
    """Group chats have a stricter limit (≤ 20/min on Telegram). Senders may define `is_group(chat_id)`;
    otherwise a negative chat id (Telegram's convention for groups) means a group."""
    probe = getattr(sender, "is_group", None)
    if callable(probe):
        return bool(probe(chat_id))
    return str(chat_id).startswith("-")


def reply_of_payload(payload: dict, channel: str) -> Reply:
    """The `bot.chat.Reply` an outbox payload shows, so that a channel renders pushed messages with the
    same function as live replies. An attachment kept by another platform's reference (a Telegram file
    id cannot be sent to Zalo) becomes a document with an empty `ref`: renderers name it instead."""
    buttons = [[Button(b["label"], b["action"]) for b in row] for row in payload.get("buttons") or [] if row]
    document = None
    attachment = payload.get("attachment")
    if attachment:
        foreign = attachment.get("channel", channel) != channel
        document = FileRef(
            kind=attachment.get("kind") or "document",
            ref="" if foreign else attachment.get("ref") or "",
            name=attachment.get("name"),
        )
    return Reply(payload.get("text") or "", buttons=buttons, document=document)

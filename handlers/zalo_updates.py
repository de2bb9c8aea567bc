"""Zalo updates (webhook bodies and getUpdates results) → the core's `Incoming`: text, photos (a URL) and
files (a URL with a name: a plan an admin sends), each as the core's `FileRef` with the URL as reference."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlparse

from bot.chat import FileRef, Incoming
from handlers.zalo_render import is_url

CHANNEL = "zalo"
TEXT_EVENT = "message.text.received"
IMAGE_EVENT = "message.image.received"
# Not seen in Zalo's published material: the event a file (a plan .docx/.pdf/.txt) arrives as is assumed
# to be "message.file.received" (or any message carrying a file URL); see docs/zalo.md.
FILE_EVENTS = ("message.file.received", "message.document.received", "message.attachment.received")

# Invite codes from storage.people.create_invite: 10 characters without look-alikes (no i, l, o, 0, 1).
# A bare code sent by someone the bot does not know yet is redeemed like "/start CODE".
INVITE_CODE = re.compile(r"^[a-hj-km-np-z2-9]{10}$", re.IGNORECASE)


def unwrap_update(body) -> dict | None:
    """A webhook body or getUpdates result, with or without the {"ok": true, "result": ...} wrapping."""
    if isinstance(body, dict) and "result" in body and ("ok" in body or "event_name" not in body):
        body = body["result"]
    if isinstance(body, list):  # never documented; take it apart rather than drop it
        body = body[0] if len(body) == 1 else None
    return body if isinstance(body, dict) else None


def message_id(update: dict) -> str:
    """The message id of an update ("" when it has none): a redelivered webhook is recognised by it."""
    message = update.get("message") if isinstance(update, dict) else None
    return str(message.get("message_id") or "") if isinstance(message, dict) else ""


def _photo_url(message: dict) -> str | None:
    for key in ("photo_url", "photo", "url"):
        value = message.get(key)
        if isinstance(value, str) and is_url(value):
            return value
        if isinstance(value, list) and value:  # a list of sizes: the last is the largest
            last = value[-1]
            url = last.get("url") if isinstance(last, dict) else last
            if isinstance(url, str) and is_url(url):
                return url
    return None


def _int_or_none(value) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _name_from_url(url: str) -> str | None:
    name = unquote(urlparse(url).path.rsplit("/", 1)[-1])
    return name or None


def _file_of(message: dict) -> FileRef | None:
    """A file (not a photo) in a message: a URL with, when given, its name and size. Several shapes are
    read, since Zalo's is undocumented: flat (`file_url`, `file_name`, `file_size`), nested (`file` /
    `document` / `attachment`: {url, name, size}) or Zalo OA's `attachments: [{type, payload}]`."""
    candidates: list[dict] = [
        {"url": message.get("file_url"), "name": message.get("file_name"), "size": message.get("file_size")}
    ]
    for key in ("file", "document", "attachment"):
        value = message.get(key)
        if isinstance(value, dict):
            candidates.append(value)
        elif isinstance(value, str):
            candidates.append({"url": value, "name": message.get("file_name")})
    attachments = message.get("attachments")
    if isinstance(attachments, list):
        for item in attachments:
            if isinstance(item, dict) and str(item.get("type") or "file") == "file":
                payload = item.get("payload") if isinstance(item.get("payload"), dict) else item
                candidates.append(payload)
    for found in candidates:
        url = found.get("url") or found.get("file_url") or found.get("href")
        if isinstance(url, str) and is_url(url):
            name = found.get("name") or found.get("file_name") or found.get("title")
            name = str(name).strip() if name else _name_from_url(url)
            size = _int_or_none(found.get("size") or found.get("file_size"))
            mime = found.get("mime_type") or found.get("type")
            mime = str(mime) if isinstance(mime, str) and "/" in mime else None
            return FileRef(kind="document", ref=url, name=name, size=size, mime_type=mime)
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
    elif event in FILE_EVENTS or (event != TEXT_EVENT and _file_of(message)):
        file = _file_of(message)
        text = message.get("caption") if file is not None else None
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

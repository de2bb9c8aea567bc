"""How replies look on Zalo: plain text within 2,000 characters, buttons as numbered choices
(handlers/numbered_menu.py), a photo by URL with its caption, a file Zalo cannot send named instead.

The one Zalo renderer: the live answers (handlers/zalo.py) and the outbox sender (handlers/zalo_sender.py)
both call `render_replies`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

from bot.chat import Reply, to_plain_text
from handlers.numbered_menu import Choice, choice_lines, number_replies, pack_messages
from handlers.zalo_api import MESSAGE_LIMIT
from knowledge.messages import t


@dataclass
class Outgoing:
    """One Zalo message to send: text (≤ 2,000 characters) or a photo URL with a caption."""

    text: str = ""
    photo: str | None = None


def is_url(ref: str | None) -> bool:
    return bool(ref) and urlparse(ref).scheme in ("http", "https")


def _reply_text(reply: Reply, choices: list[Choice], lang: str) -> str:
    text = to_plain_text(reply.text or "").strip()
    lines = [text] if text else []
    lines.extend(choice_lines(choices, lang))
    return "\n".join(lines).strip()


def render_reply(reply: Reply, lang: str) -> tuple[str, list[Choice]]:
    """Plain text of one reply with its buttons as numbered choices, and those choices."""
    choices = number_replies([reply])[0]
    return _reply_text(reply, choices, lang), choices


def render_replies(replies: list[Reply], lang: str) -> tuple[list[Outgoing], list[Choice]]:
    """Zalo messages for an answer, and its menu (numbers never repeat across the replies)."""
    messages: list[Outgoing] = []
    menu: list[Choice] = []
    for reply, choices in zip(replies, number_replies(replies), strict=True):
        menu.extend(choices)
        text = _reply_text(reply, choices, lang)
        document = reply.document
        if document is not None and document.kind == "photo" and is_url(document.ref):
            caption = text if len(text) <= MESSAGE_LIMIT else ""
            messages.append(Outgoing(text=caption, photo=document.ref))
            if caption:
                continue
        elif document is not None:
            name = document.name or document.kind
            text = (text + "\n\n" + t(lang, "zalo.file_not_sent", name=name)).strip()
        messages.extend(Outgoing(text=part) for part in pack_messages(text, MESSAGE_LIMIT))
    return messages, menu

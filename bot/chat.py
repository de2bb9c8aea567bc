"""The channel-agnostic message contract: what an adapter hands the core, and what the core answers.

Adapters (Telegram, Zalo, terminal) translate their platform's updates into `Incoming` and render
`Reply` objects; the core never imports a chat library and never branches on the channel for content.

Reply text is a small HTML subset (<b>, <i>, <code>) in which every piece of user or document text
has been escaped with `html.escape`; adapters without HTML (Zalo, terminal) convert it with
`to_plain_text`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class FileRef:
    """A file the user sent: kept by the channel's own reference (Telegram file_id, Zalo photo URL); or a
    file the bot made (a report, a chart), carried with its bytes in `content`."""

    kind: str  # "document" | "photo"
    ref: str
    name: str | None = None
    size: int | None = None
    mime_type: str | None = None
    content: bytes | None = field(default=None, repr=False)  # set for files the bot made; adapters upload it


@dataclass(frozen=True)
class Incoming:
    """One thing a user did: a text message, a button press (`action`), or a file."""

    channel: str  # "telegram" | "zalo" | "console"
    chat_id: str  # where replies go
    sender_id: str  # the channel's user id
    sender_name: str = ""
    text: str | None = None
    action: str | None = None  # callback data built by bot.actions
    file: FileRef | None = None
    is_group: bool = False
    mentioned: bool = False  # in a group: the bot was mentioned or replied to
    language: str | None = None  # client language code, e.g. "vi", "en-US"
    today: date | None = None  # injected by tests and the CLI; None = today in Asia/Ho_Chi_Minh


@dataclass(frozen=True)
class Button:
    label: str
    action: str  # built by bot.actions; at most 64 bytes (Telegram's callback_data limit)


@dataclass
class Reply:
    """One message to show. `buttons` are rows of buttons. `edit` asks the adapter to replace the
    message whose button was pressed instead of sending a new one (where the channel can)."""

    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    edit: bool = False
    document: FileRef | None = None  # a file to send along (e.g. an export)


_TAG = re.compile(r"</?(b|i|u|code|pre|a)(\s[^>]*)?>")


def to_plain_text(text: str) -> str:
    """Turn reply HTML into plain text for channels without formatting."""
    return html.unescape(_TAG.sub("", text))


_OPEN_OR_CLOSE = re.compile(r"<(/?)(b|i|u|code|pre|a)(\s[^>]*)?>")


def _safe_cut(text: str, cut: int) -> int:
    """Move `cut` back so that it falls neither inside a tag (`<b>`) nor inside an entity (`&amp;`)."""
    tag = text.rfind("<", 0, cut)
    if tag != -1 and text.find(">", tag) >= cut:
        cut = tag
    amp = text.rfind("&", 0, cut)
    if amp != -1 and cut - amp <= 10 and ";" in text[amp : cut + 10] and text.find(";", amp) >= cut:
        cut = amp
    return cut


def _open_tags(chunk: str, inherited: list[str]) -> list[str]:
    """The opening tags still open at the end of `chunk` (outermost first)."""
    stack = list(inherited)
    for match in _OPEN_OR_CLOSE.finditer(chunk):
        if match.group(1):
            for i in range(len(stack) - 1, -1, -1):
                if _OPEN_OR_CLOSE.match(stack[i]).group(2) == match.group(2):
                    del stack[i:]
                    break
        else:
            stack.append(match.group(0))
    return stack


def _closing(tags: list[str]) -> str:
    return "".join(f"</{_OPEN_OR_CLOSE.match(tag).group(2)}>" for tag in reversed(tags))


def split_message(text: str, limit: int) -> list[str]:
    """Split reply HTML into chunks of at most `limit` characters, preferring paragraph, then line, then
    word boundaries, so that a long answer arrives as several clean messages. A cut never falls inside
    a tag or an entity, and tags open at a cut are closed there and reopened in the next chunk, so every
    chunk is valid HTML on its own (Telegram refuses a message with an unclosed <b>)."""
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    rest = text
    carried: list[str] = []
    # Space kept for closing the tags open at a cut (and reopening them after): none for plain text.
    room = limit - (min(64, limit // 4) if "<" in text else 0)
    while len(rest) > limit - len("".join(carried)):
        budget = room - len("".join(carried))
        cut = -1
        for sep in ("\n\n", "\n", " "):
            cut = rest.rfind(sep, 0, budget)
            if cut > budget // 3:
                break
        if cut <= 0:
            cut = budget
        cut = _safe_cut(rest, cut) or budget
        piece = rest[:cut].rstrip()
        open_after = _open_tags(piece, carried)
        chunks.append("".join(carried) + piece + _closing(open_after))
        carried = open_after
        rest = rest[cut:].lstrip()
    if rest:
        chunks.append("".join(carried) + rest)
    return chunks

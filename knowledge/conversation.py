"""Messages that continue a conversation rather than start one: "tiếp", "trang 2", "cái số 3 hạn khi nào",
"còn Phòng Kinh tế thì sao?" (a follow-up of the last answer), and a question typed in the middle of a flow
(a status update's note step) that is a question to the assistant, not the note."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from knowledge.question import HELP, UNKNOWN, normalize, parse_question


@dataclass
class FollowUp:
    """A message that continues the last question: "next" (page on), "page" N, "item" N (with the rest
    of the question about it), or "swap" (the last question about something else: "còn X thì sao?")."""

    kind: str
    number: int | None = None
    rest: str = ""


_NEXT = re.compile(r"^(?:xem |cho xem |trang )?(?:tiep(?: theo| di| nua)?|sau|ke tiep|next|more|them nua)$")
_PAGE = re.compile(r"^(?:xem |cho xem )?(?:trang|page) (\d{1,3})$")
_ITEM = re.compile(r"^(?:cai |viec |muc |nhiem vu |item )?(?:so|thu|number|no\.?) (\d{1,3})\b(?![./]\d)(.*)$")
_IT = re.compile(r"^(?:the |con |vay )?(?:no|cai do|viec do|viec nay|nhiem vu do|it)\b(.*)$")
_SWAP = re.compile(
    r"^(?:con|the con|vay con|what about|and)\s+(.+?)\s*(?:thi sao|thi the nao|thi|sao|ra sao|the nao)?$"
)


def follow_up(text: str) -> FollowUp | None:
    """What a short message continues of the last answer, if it reads as a continuation."""
    folded = normalize(text)
    folded = re.sub(r"[.]+$", "", folded).strip()
    if not folded or len(folded) > 80:
        return None
    if _NEXT.match(folded):
        return FollowUp("next")
    m = _PAGE.match(folded)
    if m:
        return FollowUp("page", int(m.group(1)))
    m = _ITEM.match(folded)
    if m:
        return FollowUp("item", int(m.group(1)), m.group(2).strip())
    m = _IT.match(folded)
    if m:
        return FollowUp("item", None, m.group(1).strip())
    m = _SWAP.match(folded)
    if m and re.search(r"\b(?:thi sao|thi the nao|ra sao|the nao|sao)\s*$", folded) and m.group(1):
        return FollowUp("swap", None, m.group(1).strip())
    return None


_QUESTION_START = re.compile(
    r"^(?:ai|viec nao|nhiem vu nao|nv nao|co viec|co nhiem vu|bao nhieu|khi nao|bao gio|han chot|thoi han|"
    r"danh sach|liet ke|tien do|tinh hinh|ke hoach|nhiem vu cua|viec cua|cho (?:toi|em|minh) (?:hoi|xem|biet))\b"
)
_QUESTION_END = re.compile(r"\b(?:gi|nao|khong|chua|bao nhieu|khi nao|bao gio|dau|sao|the nao|ai)\s*$")


def looks_like_question(text: str, today: date) -> bool:
    """Whether a message typed in the middle of a conversation (a note, a percent) is a question to the
    assistant rather than an answer to the step: it asks (a question mark, a question word at its start or
    end) and it reads as one of the assistant's intents."""
    raw = (text or "").strip()
    if not raw or len(raw) > 300:
        return False
    folded = normalize(raw)
    asks = raw.endswith("?") or _QUESTION_START.match(folded) or _QUESTION_END.search(folded)
    if not asks:
        return False
    q = parse_question(raw, today)
    return q.intent not in (HELP, UNKNOWN)

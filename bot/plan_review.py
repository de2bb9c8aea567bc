"""Plan review: which parsed tasks an admin should check first after an upload.

A task is doubtful when the parser found no lead, a collective lead ("Các phòng, ban, đơn vị",
"UBND các xã") that names no one accountable, no deadline, or text that looks damaged by OCR
(stray symbols, letters mixed with digits, words with no vowel). Corrected fields stop being doubts.
"""

from __future__ import annotations

import re

from knowledge.fold import fold_words

DOUBTS = ("no_lead", "collective_lead", "no_deadline", "damaged_text")
# Folded words that make a lead collective: "các", "toàn thể", "mọi".
_COLLECTIVE = re.compile(r"(^| )(cac|toan the|moi|nhung) ")
_TOKEN = re.compile(r"\S+")
_VOWEL = re.compile(r"[aeiouy]")
_LETTER_DIGIT = re.compile(r"[^\W\d_]\d|\d[^\W\d_]")
# Above this share of odd words, or of odd characters, a text is taken as damaged.
DAMAGED_WORDS = 0.15
DAMAGED_CHARS = 0.08
MIN_TEXT = 12


def is_collective(lead: str | None) -> bool:
    return bool(lead) and bool(_COLLECTIVE.search(fold_words(lead) + " "))


def _odd_word(token: str) -> bool:
    word = token.strip(".,;:()[]\"'“”‘’!?-–—/")
    if not word or word.isdigit() or word.isupper():  # numbers and abbreviations (UBND, CNTT, KH)
        return False
    if "\ufffd" in word or _LETTER_DIGIT.search(word):
        return True
    folded = fold_words(word).replace(" ", "")
    return bool(folded) and folded.isalpha() and not _VOWEL.search(folded) and len(folded) > 1


def looks_damaged(text: str | None) -> bool:
    text = (text or "").strip()
    if len(text) < MIN_TEXT or "\ufffd" in text:
        return True
    tokens = _TOKEN.findall(text)
    odd_words = sum(1 for token in tokens if _odd_word(token))
    visible = [ch for ch in text if not ch.isspace()]
    odd_chars = sum(1 for ch in visible if not (ch.isalnum() or ch in ".,;:()[]\"'“”‘’!?-–—/%+&"))
    return odd_words > DAMAGED_WORDS * len(tokens) or odd_chars > DAMAGED_CHARS * len(visible)


def doubts(task: dict) -> list[str]:
    """What is doubtful about a task row (keys: lead, deadline_kind, content), in DOUBTS order."""
    found = []
    lead = task.get("lead")
    if not lead:
        found.append("no_lead")
    elif is_collective(lead):
        found.append("collective_lead")
    if (task.get("deadline_kind") or "none") == "none":
        found.append("no_deadline")
    if looks_damaged(task.get("content")):
        found.append("damaged_text")
    return found


def review_order(tasks: list[dict]) -> list[dict]:
    """The tasks with their `doubts`, the doubtful first (most doubts first), then in document order."""
    for task in tasks:
        task["doubts"] = doubts(task)
    return sorted(tasks, key=lambda t: (not t["doubts"], -len(t["doubts"])))

"""Numbered menus for channels without buttons (Zalo, the terminal): a reply's buttons become choices a
person answers by typing, and what they type maps back to the button's action.

How buttons become choices (one answer may hold several replies; numbers never repeat within it):
- a value button ("50%") is chosen by typing its value, never a position (so "10" cannot mean both 10%
  and the 10th button); in a menu of values the other buttons are typed by name ("Hủy");
- paging buttons (◀ ▶, "Sau »") are chosen by "tiếp"/"trước";
- a list whose buttons carry their own list numbers ("11. Đẩy mạnh…", as on page 2 of an answer) keeps
  those numbers: what the text says is what one types, and the numbers stay the same across pages; a
  number from a page seen before is still understood after paging (`follow_menu`). The other buttons of
  such a menu ("Hủy") are typed by name;
- every other button gets the next number; a label that itself starts with a number or code ("2 Tuyên
  truyền", "1.1 …") shows that code in brackets, so it is never read as the choice number.

`pack_messages` splits a long rendered answer only between items (a list item with its indented lines,
a paragraph, a menu line), never inside one unless a single item is longer than a message.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

from bot.chat import Button, Reply, split_message
from knowledge.fold import fold
from knowledge.messages import t

NUMBER = "number"
VALUE = "value"
WORD = "word"
NEXT = "next"
PREV = "prev"
_KINDS = frozenset({NUMBER, VALUE, WORD, NEXT, PREV})

NEXT_WORDS = frozenset({"tiep", "sau", "trang sau", "tiep theo", "xem tiep", "xem them", "next", "more"})
PREV_WORDS = frozenset({"truoc", "trang truoc", "quay lai", "prev", "previous", "back"})
# Paging words that only ever mean "the next page" (so "tiếp" without one is answered, not asked).
_ONLY_PAGING = frozenset({"tiep", "trang sau", "tiep theo", "xem tiep"})
# Arrows of paging buttons. (⏭ is not one: it marks "Bỏ qua", skip a step.)
_NEXT_MARKS = ("▶", "»", "›", "→")
_PREV_MARKS = ("◀", "«", "‹", "←")
_TYPED_NUMBER = re.compile(r"^(?:so|chon|lua chon)?\s*(\d{1,3})\s*(%?)$")
_VALUE_LABEL = re.compile(r"^(\d{1,3})\s*%?$")
# "11. Đẩy mạnh…" / "3) Rà soát": a list number, then the item.
_LIST_LABEL = re.compile(r"^(\d{1,3})[.)]\s+(\S.*)$", re.DOTALL)
# "2 Tuyên truyền", "1.1. Số hóa", "11. Đẩy mạnh": a leading number or numeric code.
_CODE_LABEL = re.compile(r"^(\d+(?:\.\d+)*)[.)]?\s+(\S.*)$", re.DOTALL)
MAX_EARLIER = 200  # numbers remembered from earlier pages of one list
MAX_NUMBER = 999


@dataclass(frozen=True)
class Choice:
    """One way to answer a menu. `n` is the number to type (kind "number"), `value` the value (kind
    "value"); `listed` marks a number taken from the label's own list number (stable across pages);
    `earlier` marks a choice kept from an earlier page: understood when typed, not shown."""

    kind: str
    action: str
    label: str
    n: int | None = None
    value: int | None = None
    listed: bool = False
    earlier: bool = False

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None and v is not False}

    @classmethod
    def from_json(cls, data) -> Choice | None:
        """A stored choice (also the dicts of menus saved before this module); None when damaged."""
        if not isinstance(data, dict) or data.get("kind") not in _KINDS:
            return None
        action, label = data.get("action"), data.get("label")
        if not isinstance(action, str) or not isinstance(label, str):
            return None
        n, value = data.get("n"), data.get("value")
        return cls(
            kind=data["kind"],
            action=action,
            label=label,
            n=n if isinstance(n, int) else None,
            value=value if isinstance(value, int) else None,
            listed=bool(data.get("listed")),
            earlier=bool(data.get("earlier")),
        )


def menu_to_json(menu: list[Choice]) -> list[dict]:
    return [choice.to_json() for choice in menu]


def menu_from_json(data) -> list[Choice]:
    if not isinstance(data, list):
        return []
    return [choice for choice in map(Choice.from_json, data) if choice is not None]


# --- buttons → choices ---------------------------------------------------------------------------------


_LONGEST_PAGING_WORD = max(map(len, NEXT_WORDS | PREV_WORDS))


def _nav_kind(label: str) -> str | None:
    if any(mark in label for mark in _NEXT_MARKS):
        return NEXT
    if any(mark in label for mark in _PREV_MARKS):
        return PREV
    if len(label) > _LONGEST_PAGING_WORD + 2:  # folding is the slow part: only for labels that could match
        return None
    folded = fold(label)
    if folded in NEXT_WORDS:
        return NEXT
    if folded in PREV_WORDS:
        return PREV
    return None


@dataclass(frozen=True)
class _Seen:
    """A button as first read: its stripped label, paging kind, value and list number."""

    button: Button
    label: str
    nav: str | None
    value: int | None
    listed: tuple[int, str] | None


def _read(button: Button) -> _Seen:
    label = button.label.strip()
    nav = _nav_kind(label)
    value = _VALUE_LABEL.match(label) if nav is None else None
    listed = _LIST_LABEL.match(label) if nav is None and value is None else None
    return _Seen(
        button,
        label,
        nav,
        int(value.group(1)) if value else None,
        (int(listed.group(1)), listed.group(2).strip()) if listed else None,
    )


def _uses_list_numbers(replies: list[list[_Seen]]) -> bool:
    """Whether the numbered buttons of an answer carry distinct list numbers ("11. Đẩy mạnh…"). At most
    three other buttons ("Hủy", "Quay lại") may stand beside such a list: they are typed by name."""
    numbers: list[int] = []
    others = 0
    for seen in replies:
        if any(b.value is not None for b in seen):
            continue  # a menu of values numbers nothing
        for b in seen:
            if b.nav is not None:
                continue
            if b.listed is not None:
                numbers.append(b.listed[0])
            else:
                others += 1
    return bool(numbers) and others <= 3 and len(set(numbers)) == len(numbers) and 0 not in numbers


def _code_marked(label: str) -> str:
    """ "2 Tuyên truyền" → "[2] Tuyên truyền": a label's own number never looks like the choice number."""
    if not label[:1].isdigit():
        return label
    match = _CODE_LABEL.match(label)
    return f"[{match.group(1)}] {match.group(2)}" if match else label


def number_replies(replies: list[Reply], first_number: int = 1) -> list[list[Choice]]:
    """The choices of each reply of one answer, numbered across the answer (see the module docstring)."""
    seen = [[_read(button) for row in reply.buttons for button in row] for reply in replies]
    listed = _uses_list_numbers(seen)
    number = first_number
    result: list[list[Choice]] = []
    for buttons in seen:
        has_values = any(b.value is not None for b in buttons)
        choices: list[Choice] = []
        for b in buttons:
            action = b.button.action
            if b.nav is not None:
                choice = Choice(b.nav, action, b.label)
            elif b.value is not None:
                choice = Choice(VALUE, action, b.label, value=b.value)
            elif listed and b.listed is not None and not has_values:
                choice = Choice(NUMBER, action, b.listed[1], n=b.listed[0], listed=True)
            elif has_values or listed:
                choice = Choice(WORD, action, b.label)
            else:
                choice = Choice(NUMBER, action, _code_marked(b.label), n=number)
                number += 1
            choices.append(choice)
        result.append(choices)
    return result


def follow_menu(previous: list[Choice], new: list[Choice], *, paged: bool) -> list[Choice]:
    """The menu to keep after an answer. After paging through a list with stable numbers, the numbers of
    the pages seen before stay understood ("15" typed on page 1 after seeing page 2)."""
    if not paged or not any(c.listed for c in new):
        return new
    shown = {c.n for c in new if c.kind == NUMBER}
    kept = [replace(c, earlier=True) for c in previous if c.listed and c.n not in shown]
    return new + kept[-MAX_EARLIER:]


# --- typed text → choice -------------------------------------------------------------------------------


def _label_key(label: str) -> str:
    """A button label as typed back: folded, without icons and punctuation."""
    return " ".join(re.sub(r"[^\w%]+", " ", fold(label)).split())


def plain_label(label: str) -> str:
    """A label without its leading icon ("✖ Hủy" → "Hủy"), as a person would type it."""
    return re.sub(r"^[^\w]+", "", label, flags=re.UNICODE).strip() or label


def resolve_choice(text: str, menu: list[Choice]) -> tuple[str, object]:
    """What a typed answer means for the menu: ("action", action) | ("no_choice", n) | ("no_next", None) |
    ("text", None) when it is not an answer to the menu."""
    folded = " ".join(fold(text or "").strip().rstrip(".!?").split())
    if not folded or not menu:
        return "text", None
    for kind, words in ((NEXT, NEXT_WORDS), (PREV, PREV_WORDS)):
        if folded in words:
            for choice in menu:
                if choice.kind == kind:
                    return "action", choice.action
            if kind == NEXT and folded in _ONLY_PAGING:
                return "no_next", None
            return "text", None
    match = _TYPED_NUMBER.match(folded)
    if match:
        n = int(match.group(1))
        for choice in menu:
            if choice.kind == VALUE and choice.value == n:
                return "action", choice.action
        if not match.group(2):
            for choice in menu:
                if choice.kind == NUMBER and choice.n == n:
                    return "action", choice.action
        has_numbers = any(c.kind == NUMBER for c in menu)
        has_values = any(c.kind == VALUE for c in menu)
        if has_numbers and not has_values and 1 <= n <= MAX_NUMBER:
            return "no_choice", n
        return "text", None
    for choice in menu:
        key = _label_key(choice.label)
        if len(key) >= 2 and folded == key and not choice.earlier:
            return "action", choice.action
    return "text", None


def is_paging(menu: list[Choice], action: str) -> bool:
    """Whether `action`, chosen from `menu`, turns the page of a list."""
    return any(c.action == action and c.kind in (NEXT, PREV) for c in menu)


# --- choices → text ------------------------------------------------------------------------------------


def _join_numbers(lang: str, numbers: list[int]) -> str:
    if len(numbers) == 1:
        return t(lang, "zalo.choose_one", n=numbers[0])
    if len(numbers) == 2:
        return t(lang, "zalo.choose_two", first=numbers[0], last=numbers[1])
    if len(numbers) <= 5:
        return t(lang, "zalo.choose_list", numbers=", ".join(map(str, numbers[:-1])), last=numbers[-1])
    return t(lang, "zalo.choose_range", first=numbers[0], last=numbers[-1])


def shown_numbers(menu: list[Choice]) -> list[int]:
    return sorted(c.n for c in menu if c.kind == NUMBER and not c.earlier and c.n is not None)


def menu_hint(menu: list[Choice], lang: str) -> str:
    """ "Trả lời 1, 2 hoặc 3." for the numbers shown; "" when there are none."""
    numbers = shown_numbers(menu)
    return _join_numbers(lang, numbers) if numbers else ""


def other_hints(choices: list[Choice], lang: str) -> list[str]:
    """The lines that say how to type values, names and paging words."""
    lines = []
    values = [c.label for c in choices if c.kind == VALUE]
    if values:
        lines.append(t(lang, "zalo.choose_values", values=", ".join(values)))
    words = [c.label for c in choices if c.kind == WORD]
    if words:
        lines.append(t(lang, "zalo.or_type", words=", ".join(f"“{plain_label(w)}”" for w in words)))
    if any(c.kind == PREV for c in choices):
        lines.append(t(lang, "zalo.prev_page"))
    if any(c.kind == NEXT for c in choices):
        lines.append(t(lang, "zalo.next_page"))
    return lines


def choice_lines(choices: list[Choice], lang: str) -> list[str]:
    """The menu of one reply as text lines: "1. Label" per numbered choice, then how to answer."""
    numbered = [c for c in choices if c.kind == NUMBER]
    lines: list[str] = []
    if numbered:
        lines.append("")
        lines.extend(f"{c.n}. {c.label}" for c in numbered)
        lines.append(_join_numbers(lang, [c.n for c in numbered]))
    values = [c for c in choices if c.kind == VALUE]
    if values:
        lines.append("")
    lines.extend(other_hints(choices, lang))
    return lines


# --- splitting between items ---------------------------------------------------------------------------


def _items(text: str) -> list[str]:
    """The items of a text: a line with the indented lines under it; blank lines are items of their own."""
    items: list[str] = []
    for line in text.split("\n"):
        if items and line.strip() and line[:1].isspace() and items[-1].strip():
            items[-1] += "\n" + line
        else:
            items.append(line)
    return items


def pack_messages(text: str, limit: int) -> list[str]:
    """`text` as messages of at most `limit` characters, cut only between items (never inside a list
    item and its indented lines); an item longer than `limit` alone is cut at words."""
    if len(text) <= limit:
        return [text] if text.strip() else []
    messages: list[str] = []
    current: list[str] = []
    size = 0
    for item in _items(text):
        pieces = split_message(item, limit) if len(item) > limit else [item]
        for piece in pieces:
            extra = len(piece) + (1 if current else 0)
            if current and size + extra > limit:
                messages.append("\n".join(current).strip("\n"))
                current, size = [], 0
                extra = len(piece)
            if not current and not piece.strip():
                continue  # no message starts with a blank line
            current.append(piece)
            size += extra
    if current:
        messages.append("\n".join(current).strip("\n"))
    return [m for m in messages if m.strip()]

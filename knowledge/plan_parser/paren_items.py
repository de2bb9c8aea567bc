"""Tasks numbered "1)", "2)" under titles numbered "1.", "2." ("1. Tuyên truyền, phổ cập kỹ năng số" then "1) Xây
dựng chuyên mục …"): both read as items of one level, so the titles would be tasks beside their own tasks. A
"N." title with a "N)" item right under it is the name of the group those items belong to."""

from __future__ import annotations

import re

from knowledge.plan_parser.leads import _lead_of
from knowledge.plan_parser.text import _SENTENCE_END, _Para

_PAREN_ITEM_RE = re.compile(r"^\s*(?:[~_*•·]\s*)?\d{1,2}\s*\)")
_DOT_ITEM_RE = re.compile(r"^\s*(?:[~_*•·]\s*)?\d{1,2}\s*\.")
_TITLE_MAX = 120  # characters: a group's title is a name, not a sentence of work


def paren_item_titles(paras: list[_Para], lines: dict[int, str]) -> list[_Para]:
    """`paras` with each "N." item that titles "N)" items turned into a group paragraph ("1. Tuyên truyền");
    when the "N)" items start again from 1 under each title, they are coded under it ("2.1")."""

    def numbered(p: _Para, pattern: re.Pattern) -> bool:
        return p.kind == "item" and bool(p.code) and p.code.isdigit() and bool(pattern.match(lines[p.line]))

    if not any(numbered(p, _PAREN_ITEM_RE) for p in paras):
        return paras
    out: list[_Para] = []
    for k, p in enumerate(paras):
        after = paras[k + 1] if k + 1 < len(paras) else None
        if (
            numbered(p, _DOT_ITEM_RE)
            and after is not None
            and numbered(after, _PAREN_ITEM_RE)
            and _is_title(p.text)
        ):
            out.append(_Para("group", f"{p.code}. {p.text}", p.line, code=p.code))
        else:
            out.append(p)
    _code_restarted_items(out, lambda p: numbered(p, _PAREN_ITEM_RE))
    return out


def _is_title(text: str) -> bool:
    """A group's name ("Chính quyền số, cải cách thủ tục hành chính", "Tuyên truyền:"): short, no sentence,
    naming no unit in charge (a "1. Phòng Kinh tế chủ trì:" over its items stays an item, its lead theirs)."""
    title = text.rstrip(" :")
    return len(title) <= _TITLE_MAX and not _SENTENCE_END.search(title) and not _lead_of(text, header=True)


def _code_restarted_items(paras: list[_Para], is_paren) -> None:
    """Numbering that starts over under each title ("1. …: 1) 2)", "2. …: 1) 2)"): the items' codes repeat,
    so each is coded under its title's number; numbering carried through ("1)"–"18)") stays as written."""
    runs: list[tuple[str, list[_Para]]] = []
    for p in paras:
        if p.kind == "group" and p.code:
            runs.append((p.code, []))
        elif runs and is_paren(p):
            runs[-1][1].append(p)
    if sum(1 for _code, items in runs if items and items[0].code == "1") < 2:
        return
    for code, items in runs:
        for p in items:
            p.code = f"{code}.{p.code}"

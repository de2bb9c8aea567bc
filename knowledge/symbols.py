"""Document symbols as Vietnamese administrative documents write them ("Số: 15/KH-UBND", "08-NQ/ĐU",
"1186/UBND-VP"): their number and the kind of document they name.

The kind is part of the symbol (Nghị định 30/2020/NĐ-CP on administrative documents): "KH" a plan, "QĐ" a decision,
"NQ" a resolution, "TB" a notice … A dispatch (công văn) is the one kind written without a kind: its symbol is the
issuer then the drafting office ("1186/UBND-VP"). Answers name a document by its kind, so that a decision is not
called a plan.
"""

from __future__ import annotations

import re

from knowledge.fold import fold

# Folded kind abbreviation → catalog key suffix (qa.doc_kind.<suffix>).
_KINDS = {
    "kh": "plan",
    "qd": "decision",
    "nq": "resolution",
    "ctr": "programme",
    "tb": "notice",
    "ct": "directive",
    "kl": "conclusion",
    "hd": "guidance",
    "bc": "report",
}
_SYMBOL_PARTS = re.compile(r"[-/\s]+")


def number_of(symbol: str) -> str:
    """The leading number of a document's symbol ("57-NQ/TW" → "57", "47a/KH-UBND" → "47a")."""
    return re.split(r"[-/\s]", str(symbol).strip(), maxsplit=1)[0]


def kind_of(symbol: str | None) -> str:
    """The kind of document a symbol names: a catalog key suffix ("plan", "decision", "dispatch" …).

    A symbol without a recognised kind after its number is a dispatch when it has an issuer part
    ("1186/UBND-VP"); a bare number or nothing is taken for a plan, the documents planbot is mostly given.
    """
    parts = [p for p in _SYMBOL_PARTS.split(fold(symbol or "")) if p]
    if len(parts) < 2:
        return "plan"
    kind = _KINDS.get(parts[1])
    if kind:
        return kind
    return "dispatch" if len(parts) >= 3 and parts[1].isalpha() else "plan"

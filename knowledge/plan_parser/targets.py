"""Targets: an indicator with a value per year, from a separated table or from OCR'd lines without separators."""

from __future__ import annotations

import re

from knowledge.models import Target
from knowledge.plan_parser.cells import _cell
from knowledge.plan_parser.text import _join, _starts_upper


def _targets_from_rows(roles: dict[str, int], rows: list[list[str]]) -> list[Target]:
    years = {k[1:]: v for k, v in roles.items() if k.startswith("y") and k[1:].isdigit()}
    out = []
    for row in rows:
        indicator = _cell(row, roles, "content")
        if not indicator:
            continue
        values = {y: row[idx].strip() for y, idx in years.items() if idx < len(row) and row[idx].strip()}
        out.append(Target(indicator=indicator, values=values, code=_cell(row, roles, "code") or None))
    return out


_VALUE_TOKEN = r"(?:[xX]|[<>≥≤~=]?\s*\d+(?:[.,]\d+)?\s*%?)"
_TRAILING_VALUES_RE = re.compile(rf"(?:\s*\|?\s*{_VALUE_TOKEN}(?=\s|$|\|)){{1,}}\s*\|?\s*$")


def _ocr_targets(chunk: list[tuple[int, str]]) -> list[Target]:
    """Targets table (indicator x year) that OCR printed without separators.

    A row's values sit on one of its lines ("... X X X X X", ">30% | >80% | 100%"); its indicator text runs
    over the lines around it. After a row has its values, a line opening with a capital starts the next row,
    a line of values alone adds to the row, and a lone number (the row's STT) closes it.
    """
    years: list[str] = []
    targets: list[Target] = []
    text, values = "", []

    def close() -> None:
        nonlocal text, values
        indicator = _clean_indicator(text)
        if len(indicator) >= 8:
            target = Target(indicator=indicator)
            shown = values[-len(years) :] if years else values
            for year, value in zip(years[len(years) - len(shown) :], shown, strict=False):
                target.values[year] = value
            targets.append(target)
        text, values = "", []

    for _i, line in chunk:
        s = line.strip()
        if not years:
            found = re.findall(r"\b(?:19|20)\d{2}\b", s)
            if len(found) >= 2 and len(re.sub(r"[\d|\s]", "", s)) < 40:
                years = found
            continue
        if not s:
            continue
        if re.fullmatch(r"\d{1,2}", s):
            close()
            continue
        m = _TRAILING_VALUES_RE.search(s)
        found_values = [v.strip() for v in re.findall(_VALUE_TOKEN, m.group(0))] if m else []
        words = re.sub(r"^\W*\d{1,2}\s*\|\s*", "", s[: m.start()] if m else s).strip()
        if not words:
            values.extend(found_values)
            continue
        if values and _starts_upper(words) and not words[0].isdigit():
            close()
        text = _join(text, words) if text else words
        values.extend(found_values)
    close()
    return targets


def _clean_indicator(text: str) -> str:
    text = re.sub(r"^\W*\d{1,2}\s*\|\s*", "", text.strip())
    return re.sub(r"\s+", " ", text).strip(" |")

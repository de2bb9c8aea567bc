"""Work given to named officials, as a chairman's concluding notice gives it: "Giao đồng chí Đặng Văn Tài, Giám
đốc Trung tâm Phục vụ hành chính công phường rà soát …", "Công an phường (đồng chí Hồ Sỹ Nam, Trưởng Công an
phường) rà soát …", then by name alone "Đồng chí Tài bố trí …", "Đồng chí Hồ Sỹ Nam chỉ đạo …". The official
answers for the work as the head of a unit: the lead is the unit his or her post names (or the one the name
is bracketed after), and a later mention by full or given name is the same unit. An official whose post
heads no unit ("Phó Chủ tịch UBND phường") leads as "Name – post"."""

from __future__ import annotations

import re

from knowledge.fold import fold_aligned
from knowledge.models import ParsedTask
from knowledge.plan_parser.text import _UPPER, _W
from knowledge.units import find_units, match_unit_at_start

_HONORIFIC = rf"(?:d{_W}ng\s+ch{_W}|d\s*/\s*c|b{_W}c\s+s{_W}|{_W}ng|b{_W})"
# "Giao đồng chí Đặng Văn Tài, Giám đốc …" / "Đồng chí Tài …" / "Đ/c Lương Đức Bình, Trưởng phòng …".
_GIVEN_RE = re.compile(rf"^\W*(?:giao\s+(?:cho\s+)?)?{_HONORIFIC}\s+(?=[A-ZĐ])", re.IGNORECASE)
_NAME_RE = re.compile(rf"{_UPPER}\w*(?:[ ]+{_UPPER}\w*){{0,4}}")
# "Công an phường (đồng chí Hồ Sỹ Nam, Trưởng Công an phường) …": a unit, then its official in brackets.
_BRACKETED_RE = re.compile(
    rf"^(?P<unit>[^()]{{3,80}}?)\s*\(\s*{_HONORIFIC}\s+(?P<inside>[^()]{{2,120}})\)", re.IGNORECASE
)
# A post that heads a unit: "Giám đốc X", "Trưởng phòng X", "Trưởng X", "Chánh Văn phòng X".
_HEAD_POST_RE = re.compile(rf"^(?:gi{_W}m\s+d{_W}c|tr{_W}{{1,2}}ng(?:\s+ph{_W}ng|\s+tr{_W}m)?|ch{_W}nh)\s+")
_MAX_POST_CHARS = 90
# A post up to its body's level ("Phó Chủ tịch UBND phường" of "Phó Chủ tịch UBND phường làm việc với …").
_TITLE_RE = re.compile(r"^(.{3,60}?\b(?:phường|xã|thị trấn|tỉnh|huyện|thành phố))\b")


def resolve_officials(tasks: list[ParsedTask]) -> None:
    """Give each task opening with a named official the unit he or she heads as its lead (in place)."""
    heads: dict[str, str] = {}  # an official's full name, and given name, -> the lead he or she stands for
    for task in tasks:
        if task.source == "table" and task.lead:  # "| Đ/c Lương Đức Bình, Trưởng phòng Kinh tế, … |"
            lead = _named_lead(task.lead, heads)
        elif task.source in ("item", "bullet"):
            lead = _bracketed_lead(task.content, heads) or _named_lead(task.content, heads)
        else:
            continue
        if lead:
            task.lead = lead
            task.support = [s for s in task.support if s != lead]


def _bracketed_lead(text: str, heads: dict[str, str]) -> str | None:
    m = _BRACKETED_RE.match(fold_aligned(text))
    if not m:
        return None
    unit_words = text[m.start("unit") : m.end("unit")].strip(" ,")
    hit = match_unit_at_start(unit_words)
    if not hit or hit[1] < len(unit_words) - 1:
        return None  # "Cập nhật dữ liệu … (Đ/c Phó Hiệu trưởng; …)": a task's words, not a unit
    unit = hit[0]
    name = _NAME_RE.match(text, m.start("inside"))
    if name:
        _remember(heads, name.group(0), unit)
    return unit


def _named_lead(text: str, heads: dict[str, str]) -> str | None:
    m = _GIVEN_RE.match(fold_aligned(text))
    if not m:
        return None
    name = _NAME_RE.match(text, m.end())
    if not name:
        return None
    full = name.group(0)
    rest = text[name.end() :]
    if rest.startswith(","):  # "…, Giám đốc Trung tâm Phục vụ hành chính công phường rà soát …"
        post = rest[1:].strip()[:_MAX_POST_CHARS]
        head = _HEAD_POST_RE.match(fold_aligned(post))
        units = find_units(post)
        if head and units and units[0][1] <= head.end() + 1:
            _remember(heads, full, units[0][0])
            return units[0][0]
        title = _TITLE_RE.match(post)
        lead = f"{full} – {title.group(1)}" if title else full
        _remember(heads, full, lead)
        return lead
    return heads.get(full) or heads.get(full.split()[-1])


def _remember(heads: dict[str, str], full: str, lead: str) -> None:
    heads[full] = lead
    heads.setdefault(full.split()[-1], lead)

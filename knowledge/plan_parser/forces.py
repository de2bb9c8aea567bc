"""The "Lực lượng:" field of an inspection or supervision round ("- Lực lượng: Đoàn kiểm tra số 1, đồng chí X,
Phó Bí thư, làm Trưởng đoàn; Ban Xây dựng Đảng cử 01 cán bộ tham gia."): the team that does the round is its
lead, the head named beside it is kept with the task's words, the bodies sending people or asked to join
("mời Ủy ban Mặt trận … cử đại diện tham gia", "Văn phòng … phối hợp") are its partners."""

from __future__ import annotations

import re

from knowledge.fold import fold_aligned
from knowledge.plan_parser.text import _W

# "mời Ủy ban Mặt trận Tổ quốc phường cử đại diện tham gia", "Ban X cử 01 cán bộ tham gia", "Văn phòng phối hợp":
# the body's name is what comes before the verb (after "mời").
_INVITED_RE = re.compile(rf"^\s*(?:m{_W}{{1,2}}i|c{_W}\s+s{_W}\s+tham\s+gia\s+c{_W}{{1,2}}a)\s+")
_VERB_RE = re.compile(
    rf"\s+(?:c{_W}\s|tham\s+gia\b|ph{_W}{{1,2}}i\s+h{_W}p\b|c{_W}ng\s+tham\s+gia\b|tham\s+d{_W}\b).*$"
)
# "đồng chí Nguyễn Thị Hạnh, …, làm Trưởng đoàn" / "… làm Tổ trưởng": the head of the team.
_HEAD_RE = re.compile(rf"\bd{_W}ng\s+ch{_W}\b")


def read_forces(value: str) -> tuple[str | None, str | None, list[str]]:
    """(team, its head as written or None, partner bodies) from the value of a "Lực lượng:" field."""
    parts = [p.strip(" .;") for p in re.split(r";", value) if p.strip(" .;")]
    if not parts:
        return None, None, []
    first = parts[0]
    team, _, rest = first.partition(",")
    team = team.strip(" .") or None
    head = None
    m = _HEAD_RE.search(fold_aligned(rest))
    if m:
        head = rest[m.start() :].strip(" .,")
    partners = []
    for part in parts[1:]:
        folded = fold_aligned(part)
        inv = _INVITED_RE.match(folded)
        start = inv.end() if inv else 0
        verb = _VERB_RE.search(folded, start)
        name = part[start : verb.start() if verb else len(part)].strip(" .,")
        if name:
            partners.append(name)
    return team, head, partners

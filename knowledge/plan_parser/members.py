"""A steering committee's plan assigned member by member: "3. Đồng chí Trần Văn B – Phó Chủ tịch UBND xã, Phó
Trưởng ban: phụ trách …, trực tiếp chỉ đạo:" over "-" tasks. The member is the one answerable for each task
under the name (the committee holds its members, not its units, to account), so the lead is the person,
written with his or her post ("Trần Văn B – Phó Chủ tịch UBND xã"): a question may name either. The unit a
task says the member "chỉ đạo" does the work; it stays in the task's words."""

from __future__ import annotations

import re

from knowledge.fold import fold_aligned
from knowledge.plan_parser.text import _UPPER, _W

# "Đồng chí", "Đ/c", "Ông", "Bà" opening the item, then the person's name (two to five capitalised words).
_HONORIFIC_RE = re.compile(rf"^\W*(?:d{_W}ng\s+ch{_W}|d\s*/\s*c|{_W}ng|b{_W})\s+")
_NAME_RE = re.compile(
    rf"(?P<name>{_UPPER}\w*(?:[ ]+{_UPPER}\w*){{1,4}})\s*(?:[–—-]|,)\s*(?P<post>[^:]+?)\s*:"
)
# The committee's own titles after the post ("…, Phó Trưởng ban", "Ủy viên"): no post of the member's body.
_COMMITTEE_TITLE_RE = re.compile(
    rf"^(?:ph{_W}\s+)?tr{_W}{{1,2}}ng\s+ban\b|^{_W}y\s+vi{_W}n\b|^th{_W}nh\s+vi{_W}n\b|^th{_W}{{1,2}}ng\s+tr{_W}c\b"
)
_MAX_POST_CHARS = 90


def member_lead(text: str) -> str | None:
    """ "Trần Văn B – Phó Chủ tịch UBND xã" for an item naming a committee member and what he or she is
    given ("Đồng chí Trần Văn B – Phó Chủ tịch UBND xã, Phó Trưởng ban: phụ trách …:"); None for any other
    item. The post kept is the first one the member holds outside the committee, when there is one."""
    honorific = _HONORIFIC_RE.match(fold_aligned(text))
    if not honorific:
        return None
    named = _NAME_RE.match(text, honorific.end())
    if not named or len(named["post"]) > _MAX_POST_CHARS:
        return None
    posts = [p.strip() for p in named["post"].split(",") if p.strip()]
    own = [p for p in posts if not _COMMITTEE_TITLE_RE.match(fold_aligned(p))]
    post = (own or posts)[0] if posts else ""
    return f"{named['name']} – {post}" if post else named["name"]


def person_lead(label: str) -> str | None:
    """ "Nguyễn Thị B – Chi hội trưởng phụ nữ" for an assignment's label naming a person and the posts he or
    she holds ("Đ/c Nguyễn Thị B, Chi hội trưởng phụ nữ"); every post is kept, a question may name any. None
    when the label names no person."""
    honorific = _HONORIFIC_RE.match(fold_aligned(label))
    if not honorific:
        return None
    named = _NAME_RE.match(label.rstrip(" :") + ":", honorific.end())
    if not named or len(named["post"]) > _MAX_POST_CHARS:
        return None
    return f"{named['name']} – {named['post'].strip(' ,')}"

"""The numbered points of a letter without sections (a Party committee's notice of conclusions, a dispatch)
that give no work: the committee's own assessment or agreed goals ("1. Ban Thường vụ ghi nhận …", "2. Về mục
tiêu, Ban Thường vụ thống nhất: phấn đấu …"), the reporting duty every addressee has ("Các cơ quan, đơn vị
… báo cáo kết quả về …", read as duties), and the closing formula ("Ban Thường vụ thông báo để các chi bộ
… biết, thực hiện")."""

from __future__ import annotations

import re

from knowledge.deadline import compile_literal_first
from knowledge.fold import fold_aligned
from knowledge.models import ParsedTask
from knowledge.plan_parser.text import _W

# "ghi nhận", "đánh giá", "thống nhất", "nhất trí", "biểu dương", "kết luận": a body judging, not a body given
# work. Read in the opening only ("Về mục tiêu, Ban Thường vụ thống nhất: …").
_JUDGES_RE = compile_literal_first(
    rf"\b(?:ghi\s+nh{_W}n|d{_W}nh\s+gi{_W}|th{_W}ng\s+nh{_W}t|nh{_W}t\s+tr{_W}|bi{_W}u\s+d{_W}{{1,2}}ng|k{_W}t\s+lu{_W}n)\b"
)
_JUDGING_OPENING = 80  # characters
# Words that give work anywhere in the point: then it is work, whatever it judges first.
_GIVES_RE = compile_literal_first(
    rf"\bgiao\b|\bd{_W}\s+ngh{_W}\b|\by{_W}u\s+c{_W}{{1,2}}u\b|\bch{_W}{{1,2}}\s+tr{_W}\b|\bch{_W}\s+d{_W}o\b"
)
# "Các cơ quan, đơn vị (được giao nhiệm vụ) báo cáo …": all addressees, then their reporting.
_ALL_REPORT_RE = re.compile(rf"^\W*c{_W}c\s+[^.;:]{{0,60}}?\bb{_W}o\s+c{_W}o\b")
# "… thông báo để các chi bộ, cơ quan, đơn vị biết, thực hiện": the letter's closing formula.
_CLOSING_RE = compile_literal_first(rf"\bth{_W}ng\s+b{_W}o\s+(?:d{_W}|cho)\s+[^.;]{{0,80}}\bbi{_W}t\b")


# "2. Mục tiêu đến hết quý II/2026 / Phấn đấu đến 30/6/2026: 85% …", "Về chỉ tiêu, …": the goals agreed.
_GOALS_POINT_RE = re.compile(rf"^\W*(?:v{_W}\s+)?(?:m{_W}c\s+ti{_W}u|ch{_W}\s+ti{_W}u)\b")


def gives_no_work(content: str) -> bool:
    """Whether a point of a letter is an assessment, the addressees' reporting or the closing formula."""
    folded = fold_aligned(content)
    if _CLOSING_RE.search(folded) and len(folded) < 200:
        return True
    if _ALL_REPORT_RE.match(folded):
        return True
    judges = _JUDGES_RE.search(folded[:_JUDGING_OPENING]) or _GOALS_POINT_RE.match(folded)
    return bool(judges) and not _GIVES_RE.search(folded)


# "4. Chế độ báo cáo", "Chế độ thông tin, báo cáo": the addressees' reporting (read as duties) and the
# closing words under it ("Nhận được Công văn này, đề nghị … khẩn trương triển khai").
_REPORTING_HEADING_RE = re.compile(
    rf"^\W*(?:\d+\W+)?ch{_W}\s+d{_W}\s+(?:th{_W}ng\s+tin\W+)?b{_W}o\s+c{_W}o\W*$"
)


def _under_reporting_heading(task: ParsedTask) -> bool:
    return bool(task.section) and bool(_REPORTING_HEADING_RE.match(fold_aligned(task.section or "")))


def without_points_giving_no_work(tasks: list[ParsedTask]) -> tuple[list[ParsedTask], list[ParsedTask]]:
    """The tasks that are work, and the points that give none (whose goals the caller may read)."""
    none = [gives_no_work(t.content) or _under_reporting_heading(t) for t in tasks]
    kept = [t for t, no in zip(tasks, none, strict=True) if not no]
    dropped = [t for t, no in zip(tasks, none, strict=True) if no]
    return kept, dropped


def without_account_of_meeting(paras: list) -> list:
    """The paragraphs of a letter without the plain ones before the words that introduce its numbered
    points ("…, đồng chí Chủ tịch UBND phường kết luận như sau:"): above them a notice tells of the meeting
    ("Ngày 07/01/2026, đồng chí X chủ trì cuộc họp …; Tham dự cuộc họp có: …"), which gives no work."""
    first_point = next((k for k, p in enumerate(paras) if p.kind != "plain"), None)
    if not first_point:
        return paras
    lead_in = paras[first_point - 1]
    if not lead_in.text.rstrip().endswith(":"):
        return paras  # "UBND tỉnh giao Sở X …" standing before the points: work the letter gives
    return paras[first_point - 1 :]

"""Turn the text of a plan ("Kế hoạch") into a `ParsedPlan`: metadata, tasks, reporting duties, targets.

Plans of the genre share a shape: a header (issuer, "Số: 47a/KH-UBND", "ngày 11 tháng 7 năm 2025"), the title
after "KẾ HOẠCH", roman-numbered sections (MỤC ĐÍCH, YÊU CẦU / MỤC TIÊU / NHIỆM VỤ VÀ GIẢI PHÁP / TỔ CHỨC
THỰC HIỆN), numbered items ("1.", "1.1.", "III.2.3") with dash bullets, and sometimes appendix tables
(content | lead | support | deadline). The text may be clean Unicode or OCR output with damaged diacritics,
so every keyword is matched on folded text with OCR-tolerant patterns, and the task's own words are kept.

One module per layout (a new layout gets a module of its own, called from `parse_plan`):

- `header`: issuer, number, date, title, implemented and replaced documents.
- `region`: the province or city a plan belongs to, from its header and preamble.
- `sections`: section headings and their kinds (tasks, organisation, purpose), the body split by them.
- `items`: paragraphs, numbered items and bullets nested into tasks.
- `fielded`: "5 rõ" tasks, an item with its fields under it ("Đơn vị chủ trì: ...", "Thời gian: ...", "Đầu mối:
  ...", "Kết quả cần đạt: ...").
- `five_clear`: "5 rõ" paragraphs ("HT-01. Rõ việc: … Rõ người: X (chủ trì), Y. Rõ thời gian: …"); `short_forms`:
  a legend of the plan's short forms for its units ("KHTH - Phòng Kế hoạch tổng hợp").
- `cross_refs`: an assignment section citing the points it gives ("chủ trì thực hiện điểm c khoản 1 Mục III").
- `paren_items`: "1)" tasks under "1." titles; `as_above`: units written "như trên".
- `members`: a steering committee's plan assigned member by member ("1. Đồng chí … – post, Phó Trưởng ban:").
- `continued_cells`: what a table leaves to the row above (a time-first table's empty time cells, "(tiếp)" rows).
- `grid_tables`: "+----+" framed tables whose cells wrap over several lines, joined into one "|" line a row.
- `checklist`: a checklist of work ("☐ A1. …" with "-" criteria and "Người thực hiện:", "Hạn:" lines).
- `column_text`: tables typed as fixed-width text (columns held by spaces), joined into one "|" line a row.
- `cells`, `tables`, `ocr_tables`: "|"/tab tables (Word tables come as "|" rows), tables OCR printed
  without separators, and PDF rows (the row number alone on a line, then its cells).
- `targets`: indicator x year tables. `duties`: reporting duties ("báo cáo ... ngày 18 hằng tháng").
- `leads`: who leads and who coordinates, read from a task's text or a unit list; `text`: the shared
  patterns, paragraph shapes and text helpers.

Names with a leading underscore are private to this package (its modules share them).
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from knowledge.deadline import compile_literal_first
from knowledge.export import plan_to_export
from knowledge.fold import fold_aligned, fold_words
from knowledge.models import NONE, ParsedPlan, ParsedTask, Target
from knowledge.plan_parser.as_above import resolve_as_above, resolve_as_numbered
from knowledge.plan_parser.assignments import apply_assignments
from knowledge.plan_parser.checklist import checklist_tasks
from knowledge.plan_parser.column_text import flatten_column_tables
from knowledge.plan_parser.cross_refs import apply_cross_references
from knowledge.plan_parser.duties import _duties
from knowledge.plan_parser.grid_tables import flatten_grid_tables
from knowledge.plan_parser.header import _find_replaces, _parse_header
from knowledge.plan_parser.items import _paragraphs, _tasks_from_paras
from knowledge.plan_parser.labelled_goals import labelled_goals
from knowledge.plan_parser.lead_tables import tables_by_lead, without_table_captions
from knowledge.plan_parser.leads import _ROLE_ANYWHERE_RE, _finish_units
from knowledge.plan_parser.notice import without_account_of_meeting, without_points_giving_no_work
from knowledge.plan_parser.officials import resolve_officials
from knowledge.plan_parser.one_line import one_line_tasks
from knowledge.plan_parser.periods import title_year
from knowledge.plan_parser.restated import merge_restated_rows
from knowledge.plan_parser.sections import ORG, PURPOSE, TASKS, _classify_lines, _closing_start
from knowledge.plan_parser.short_forms import short_forms, spell_out_units
from knowledge.plan_parser.target_groups import read_target_groups
from knowledge.plan_parser.targets import (
    _ocr_targets,
    _sentence_targets,
    goals_inside,
    heading_year,
    is_goals_heading,
    period_end_year,
)
from knowledge.plan_parser.text import _Para
from knowledge.plan_parser.unit_codes import resolve_unit_codes
from knowledge.refs import task_refs
from knowledge.units import canonical_unit, collective_kind


def _assigned_work(task: ParsedTask) -> bool:
    """An item of "Tổ chức thực hiện" that is work given to one unit: "X chủ trì ..." with a time, short (a
    unit's paragraph of standing duties is long), not about reporting."""
    if not task.lead or collective_kind(task.lead) or task.deadline.kind == NONE or task.source != "item":
        return False
    if len(task.content) > _ASSIGNED_WORK_MAX:
        return False
    folded = fold_aligned(task.content)
    if _PERIODIC_REPORT_RE.search(folded):
        # "Giao Văn phòng chủ trì theo dõi, đôn đốc; định kỳ 6 tháng (trước ngày 12/6) … tổng hợp báo cáo …":
        # the standing follow-up and the reporting duty (read by `duties`), whose dates come round again.
        return False
    return bool(_ROLE_ANYWHERE_RE.search(folded)) and not _REPORTING_RE.search(folded[:40])


_ASSIGNED_WORK_MAX = 400  # characters
_PERIODIC_REPORT_RE = compile_literal_first(
    r"\b(?:dinh\s+ky|h\w{1,2}ng\s+(?:tuan|thang|quy|nam))\b[^.]{0,160}\bb\wo\s+c\w{0,3}o\b"
)
_REPORTING_RE = compile_literal_first(r"\bch\w\s+d\w\s+b\wo\s+c\w{0,3}o\b|\bb\wo\s+c\w{0,3}o\b")


def _without_closing_words(paras: list[_Para]) -> list[_Para]:
    """The paragraphs without the plain ones that follow the last item's bullets: in a letter whose work is
    listed item by item, the paragraphs after the list ("Các đơn vị báo cáo kết quả ...", "Đề nghị các đơn
    vị nghiêm túc thực hiện") speak to every addressee; they are not work of the last item."""
    kinds = [p.kind for p in paras]
    if "item" not in kinds or "bullet" not in kinds:
        return paras
    end = len(paras)
    while end and paras[end - 1].kind == "plain":
        end -= 1
    if end == len(paras) or paras[end - 1].kind != "bullet":
        return paras
    return paras[:end]


def appended_letter_goals(
    sections: list[tuple[str, str | None, list[tuple[int, str]]]],
    lines: list[str],
    folded_lines: list[str],
    body_start: int,
) -> list[Target]:
    """A letter whose work is in a table appended after its signature ("PHỤ LỤC: DANH SÁCH NHIỆM VỤ"): the
    goals its opening sentence sets ("Để bảo đảm mục tiêu đến 31/12/2025 có 100% xã …, Sở … đề nghị:"), as
    for a letter whose work is in its body."""
    end = _closing_start(lines, folded_lines, body_start)
    if any(kind in (TASKS, ORG) and chunk and chunk[0][0] < end for kind, _h, chunk in sections):
        return []
    paras = _paragraphs([(i, lines[i]) for i in range(body_start, end)])
    opening = [p.text for p in itertools.takewhile(lambda p: p.kind == "plain", paras)]
    return goals_inside(" ".join(opening))


_LETTERED_RE = re.compile(r"^\s*[a-zđ]\)\s+\S")
_LEAST_LETTERED = 2


def _lettered_points(lines: list[str], body_start: int) -> bool:
    """Two or more lettered points ("a) Giao đồng chí …") before the first table row."""
    count = 0
    for line in lines[body_start:]:
        if line.lstrip().startswith("|"):
            break
        count += bool(_LETTERED_RE.match(line))
    return count >= _LEAST_LETTERED


def parse_plan(text: str, *, source_name: str | None = None) -> ParsedPlan:
    """Parse the full text of one plan. Never raises on odd input: what cannot be read is left out and
    impossible dates are listed in `problems`."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n").replace("\u00a0", " ")
    # "+----+----+" framed rows whose cells wrap over several "|" lines: one "|" line a row.
    lines = flatten_grid_tables(text.split("\n"))
    # A table typed as fixed-width text, cells wrapping over lines under a numbered first column: the same.
    lines = flatten_column_tables(lines)
    folded_lines = [fold_aligned(line) for line in lines]

    plan = ParsedPlan(number=None)
    body_start = _parse_header(lines, folded_lines, plan)
    plan.replaces = _find_replaces(text, folded_lines)
    if plan.replaces:  # "thay thế Kế hoạch số 455/KH-...": the plan it replaces is not one it implements
        replaced = {fold_words(r) for r in plan.replaces}
        plan.implements = [d for d in plan.implements if fold_words(d) not in replaced]
    if source_name and not plan.title:
        plan.title = source_name

    sections = _classify_lines(lines, folded_lines, body_start)
    programme_year = title_year(plan.title)
    tasks: list[ParsedTask] = []
    org_tasks: list[ParsedTask] = []
    for kind, heading, chunk in sections:
        # Tables carry explicit task columns, so they count in any section; numbered items and bullets
        # count in task sections only (purpose, goals and organisation sections describe, not assign).
        if kind == TASKS:  # "☐ A1. Rà soát …" / "Người thực hiện: …" / "Hạn: …": a checklist of work
            boxed_tasks, chunk = checklist_tasks(chunk, plan.issued_on)
            tasks.extend(boxed_tasks)
        if kind == TASKS:  # "1. Nội dung – Phòng X – Tháng 11/2025 – PH: Y", one task a line
            line_tasks, chunk = one_line_tasks(chunk, plan.issued_on)
            tasks.extend(line_tasks)
        # "2. CÔNG AN TỈNH (03 nhiệm vụ)" over its own table: the heading's unit leads that table's rows.
        table_tasks, rest, targets = tables_by_lead(chunk, plan.issued_on, programme_year)
        plan.targets.extend(targets)
        tasks.extend(table_tasks)
        if kind == TASKS:
            tasks.extend(_tasks_from_paras(_paragraphs(rest), heading, plan.issued_on))
        elif kind == ORG:
            org_tasks.extend(_tasks_from_paras(_paragraphs(rest), heading, plan.issued_on))
            if not targets:  # "3. Phấn đấu đến hết năm 2025: 100% ...; 80% ..." among the closing items
                plan.targets.extend(_sentence_targets(rest, goals_only=True))
        elif kind == PURPOSE and not targets:
            # "II. CHỈ TIÊU" naming no year: the targets hold for the end of the plan's period.
            year = heading_year(heading) or (
                period_end_year(plan.title) if is_goals_heading(heading) else None
            )
            found = _ocr_targets(rest) or _sentence_targets(rest, year=year)
            if not found and not year and plan.issued_on:  # "3. Chỉ tiêu: hỗ trợ ít nhất 500 lượt …"
                found = labelled_goals(rest, str(programme_year or plan.issued_on.year))
            plan.targets.extend(found)
    if not tasks:
        # A plan that assigns its work only under "Tổ chức thực hiện".
        tasks = org_tasks
    else:
        # Work assigned under "Tổ chức thực hiện" beside the task section ("Giao Văn phòng Đảng ủy chủ trì
        # ...; hoàn thành trước 30/11/2025"): an item there with a unit of its own in charge and a time is a
        # task too; the standing instructions around it (no time, or all units, or reporting) are not.
        tasks.extend(t for t in org_tasks if _assigned_work(t))
    # A notice whose lettered points come before a table of carried-over items: the table (read above) is
    # not all its work.
    only_tables = not tasks or (
        all(t.source == "table" for t in tasks) and _lettered_points(lines, body_start)
    )
    if only_tables and not any(kind in (TASKS, ORG) for kind, _h, _c in sections):
        # No recognisable structure (a dispatch letter): read every numbered item between the header and
        # the closing ("Nơi nhận:", the signature), without the closing words after the last item's list.
        end = _closing_start(lines, folded_lines, body_start)
        everything = [(i, lines[i]) for i in range(body_start, end)]
        # "4. Các nội dung chưa hoàn thành …" over "| TT | Nội dung | Người chịu trách nhiệm | Hạn mới |": the
        # table's rows are tasks, not words of the item above it.
        table_tasks, rest, _goals = tables_by_lead(everything, plan.issued_on, programme_year)
        everything = without_table_captions(everything, rest)
        paras = _paragraphs(everything)
        work = without_account_of_meeting(_without_closing_words(paras))
        tasks = _tasks_from_paras(work, None, plan.issued_on)
        # "1. Ban Thường vụ ghi nhận …", "Các cơ quan, đơn vị báo cáo …", "… thông báo để … biết": no work.
        tasks, said = without_points_giving_no_work(tasks)
        tasks.extend(table_tasks)
        for point in said if not plan.targets else []:
            plan.targets.extend(goals_inside(point.content))  # "2. Về mục tiêu, … thống nhất: phấn đấu …"
        if not plan.targets:  # "…, để phấn đấu đến 31/12/2025 đạt 80% hồ sơ …, Chủ tịch UBND … yêu cầu:"
            opening = [p.text for p in itertools.takewhile(lambda p: p.kind == "plain", paras)]
            plan.targets.extend(goals_inside(" ".join(opening)))
    elif not plan.targets:
        plan.targets.extend(appended_letter_goals(sections, lines, folded_lines, body_start))

    # "Chỉ tiêu 2. … (thời hạn: …). Giải pháp:" over "• Ban X: …" bullets: goals heading their bullets.
    tasks, group_targets = read_target_groups(tasks, plan.issued_on)
    # "Giao đồng chí X, Giám đốc Trung tâm …", "Công an phường (đồng chí Y, …)", "Đồng chí X …": the unit.
    resolve_officials(tasks)
    plan.targets.extend(group_targets)
    # "Phụ lục: | Nhiệm vụ 1 (…) | Chủ trì: X; Phối hợp: Y |": the lead of a numbered task above, not a task.
    tasks = merge_restated_rows(tasks)
    # "1. Phòng Tham mưu: chủ trì thực hiện điểm c khoản 1; điểm a, d khoản 2 Mục III": the cited points' lead.
    tasks, org_tasks = apply_cross_references(tasks, org_tasks)
    # "IV. PHÂN CÔNG NHIỆM VỤ / 1. Ban Tuyên giáo: chủ trì ...": bodies given the earlier tasks, not tasks.
    tasks = apply_assignments(tasks, org_tasks)
    # "Phòng … (PC06) chủ trì" once, then "PC06 chủ trì": one unit, whichever way a task names it.
    resolve_unit_codes(tasks)
    resolve_as_above(tasks)  # "(Giao: như trên; …)": the lead of the task above
    resolve_as_numbered(tasks, lines)  # "Rõ người: Như nhiệm vụ (5)": the lead of the task labelled (5)
    _finish_units(tasks)
    for task, ref in zip(tasks, task_refs([(t.code, t.source) for t in tasks]), strict=True):
        task.ref = ref
    for position, task in enumerate(tasks):
        task.position = position
        if task.deadline.problem:
            plan.problems.append(f"{task.code or '-'}: {task.deadline.problem}")
    plan.tasks = tasks
    plan.duties = _duties(lines, folded_lines, body_start)
    # "Chữ viết tắt: KHTH - Phòng Kế hoạch tổng hợp; …": units written "KHTH" are that unit.
    spell_out_units(tasks, plan.duties, short_forms(lines, folded_lines))
    return plan


__all__ = ["parse_plan", "plan_to_export", "canonical_unit"]

"""Tables inside a section: separated rows read into tasks (a group row names the section, a wrapped cell
continues its row), targets tables handed to `targets`, and tables without separators to `ocr_tables`."""

from __future__ import annotations

import calendar
import re
from datetime import date

from knowledge.deadline import parse_deadline_cell
from knowledge.fold import fold_aligned, fold_words
from knowledge.models import MONTH, NONE, Deadline, ParsedTask, Target
from knowledge.plan_parser.cells import _cell, _cells, _header_roles, _is_rule
from knowledge.plan_parser.continued_cells import continue_task, continued, fills_down
from knowledge.plan_parser.leads import _ROLE_ANYWHERE_RE, _named_units, _proper_name_at, _unit_at_start
from knowledge.plan_parser.matrix import legend, unit_columns, with_unit_cells
from knowledge.plan_parser.numbered_wraps import merge_numbered_wraps
from knowledge.plan_parser.ocr_tables import _numbered_rows_table, _ocr_table, _ocr_table_header
from knowledge.plan_parser.periods import period_cell, within_group_period
from knowledge.plan_parser.role_cells import split_role_cell
from knowledge.plan_parser.targets import _targets_from_rows
from knowledge.plan_parser.text import _join, _starts_upper
from knowledge.plan_parser.time_slots import slot_deadline
from knowledge.units import find_units


def _tables(
    chunk: list[tuple[int, str]], issued_on: date | None, year: int | None = None
) -> tuple[list[ParsedTask], list[tuple[int, str]], list[Target]]:
    """Pull separated tables (| or tab cells) and OCR'd task tables out of a section; return the tasks,
    the remaining lines and any targets. `year` is the one year the plan is for (a work programme's),
    which a time cell without one ("Tháng 3", "Quý II") is in."""
    tasks: list[ParsedTask] = []
    targets: list[Target] = []
    rest: list[tuple[int, str]] = []
    legend_lines: set[int] = set()  # a responsibility matrix's legend, below its table: no tasks
    k = 0
    while k < len(chunk):
        if k in legend_lines:
            k += 1
            continue
        i, line = chunk[k]
        cells = _cells(line)
        roles = _header_roles(cells) if cells else None
        if roles:
            k += 1
            rows: list[list[str]] = []
            while k < len(chunk):
                _j, row_line = chunk[k]
                if _is_rule(row_line):
                    k += 1
                    continue
                row = _cells(row_line, len(cells))
                if row is None:
                    if not row_line.strip():
                        k += 1
                        continue
                    idx = roles.get("content")
                    if (
                        rows
                        and idx is not None
                        and idx < len(rows[-1])
                        and not _starts_upper(row_line.strip())
                    ):
                        # A cell's text wrapped onto a line of its own: it continues the content cell.
                        rows[-1][idx] = _join(rows[-1][idx], row_line.strip())
                        k += 1
                        continue
                    break
                rows.append(row)
                k += 1
            if not rows:
                # A header with nothing under it in cell form (OCR lost the separators): read it as text.
                rest.append((i, line))
                continue
            if "years" in roles:
                targets.extend(_targets_from_rows(roles, rows))
            else:
                if "lead" not in roles:
                    rows, roles = _matrix_rows(cells, rows, roles, chunk, k, rest, legend_lines)
                periods = _period_columns(cells, issued_on)
                tasks.extend(_tasks_from_rows(roles, rows, issued_on, periods, year))
            continue
        header_end = _ocr_table_header(chunk, k) if cells is None else None
        if header_end is not None:
            numbered = _numbered_rows_table(chunk[header_end:], issued_on)
            tasks.extend(numbered if numbered is not None else _ocr_table(chunk[header_end:], issued_on))
            return tasks, rest, targets
        rest.append((i, line))
        k += 1
    return tasks, rest, targets


def _merged_group(cell: str, section: str | None, tasks: list[ParsedTask]) -> str | None:
    """The group of a row from its merged group column ("| Lĩnh vực |"): a Word table copied as text leaves
    the merged cell's lines on the rows it spans ("Dữ liệu" / "đoàn viên"), a line opening in lower case
    carrying the name above on (the rows read under the name's first part take the whole)."""
    cell = " ".join(cell.split())
    if not cell:
        return section
    if section and cell[0].islower():
        whole = _join(section, cell)
        for task in tasks:
            if task.section == section:
                task.section = whole
        return whole
    return cell


def _matrix_rows(
    header: list[str],
    rows: list[list[str]],
    roles: dict[str, int],
    chunk: list[tuple[int, str]],
    after: int,
    rest: list[tuple[int, str]],
    legend_lines: set[int],
) -> tuple[list[list[str]], dict[str, int]]:
    """A responsibility matrix's rows with their lead and partners as two cells of their own (see `matrix`);
    the legend's lines, above the table (already in `rest`) or below it, are marked to be no tasks. Other
    tables come back as they were."""
    columns = unit_columns(header, rows, set(roles.values()))
    if not columns:
        return rows, roles
    codes = set(columns.values())
    below = [line for _i, line in chunk[after : after + _LEGEND_REACH]]
    names, used = legend(below, codes)
    legend_lines.update(after + idx for idx in used)
    above_names, above_used = legend([line for _i, line in rest], codes)
    names = {**above_names, **names}
    rest[:] = [entry for idx, entry in enumerate(rest) if idx not in above_used]
    roles = {**roles, "lead": len(header), "marked": len(header) + 1}
    return with_unit_cells(rows, columns, names), roles


_LEGEND_REACH = 12  # lines below a matrix its legend may sit in


def _tasks_from_rows(
    roles: dict[str, int],
    rows: list[list[str]],
    issued_on: date | None,
    periods: list[tuple[int, Deadline]] | None = None,
    year: int | None = None,
) -> list[ParsedTask]:
    tasks = []
    section = None
    above: dict[str, str] = {}  # the lead, support and deadline cells of the row above, for ditto marks
    rows = merge_numbered_wraps(roles, _merge_wrapped_rows(roles, rows))
    mostly = _mostly_filled(roles, rows)
    block: dict[str, str] = {}  # the task row above in the same group, for cells merged with it
    time_first = fills_down(roles)  # "| Thời hạn | Đơn vị | Nội dung |": a time written once for its rows
    for row in rows:
        row = [_BREAK_RE.sub("\n", cell) for cell in row]  # "<br>": a line break inside a Word cell
        for role in ("lead", "support", "deadline"):
            idx = roles.get(role)
            if idx is None or idx >= len(row):
                continue
            if _is_ditto(row[idx], role) and above.get(role):
                row[idx] = above[role]  # "Nt", "Như trên" (and "-" for the lead): the row above's
            elif role == "deadline" and time_first and not row[idx].strip() and above.get(role):
                row[idx] = above[role]
            above[role] = row[idx]
        content = _cell(row, roles, "content")
        more = continued(content)
        if more is not None and tasks:  # "(tiếp) tiếng Anh, tích hợp …": the task above goes on
            units = f"{_cell(row, roles, 'lead')}\n{_cell(row, roles, 'support')}"
            continue_task(tasks[-1], more, [n for line in units.split("\n") for n in _named_units(line)])
            continue
        filled = [c for c in row if c.strip()]
        if len(filled) <= 2 and not _cell(row, roles, "lead") and not _cell(row, roles, "deadline"):
            if tasks and content and not _cell(row, roles, "code") and "code" in roles:
                # The content cell wrapped onto a row of its own.
                tasks[-1].content = _join(tasks[-1].content, re.sub(r"\s+", " ", content))
                continue
            section = " ".join(filled)  # a group row ("I | Công tác chỉ đạo")
            block = {}
            continue
        if len(content) < 5:
            continue
        section = _merged_group(_cell(row, roles, "group"), section, tasks)
        if not _ROLE_ANYWHERE_RE.search(fold_aligned(content)):  # "Phòng Kinh tế chủ trì …": its own lead
            row = _unmerged(row, roles, block, mostly)
        lead_cell = _cell(row, roles, "lead")
        support_cell = _cell(row, roles, "support")
        roled = split_role_cell(lead_cell)
        if roled:  # "Phòng Y tế chủ trì; Trạm Y tế, Hội Chữ thập đỏ phối hợp": one cell, both roles
            lead_cell, partners_words = roled
            support_cell = _join(support_cell, partners_words) if support_cell else partners_words
        labelled = _PARTNER_LABEL_RE.search(fold_aligned(lead_cell))
        labelled_partners = _cell_partners(lead_cell[labelled.end() :]) if labelled else []
        if labelled:
            # "Công an phường; PH: Phòng Kinh tế, Hạ tầng và Đô thị; Viettel Phù Vân": the lead, then its
            # partners after the label, one per ";" or line.
            lead_cell = lead_cell[: labelled.start()]
        lead = _unit_or_words(lead_cell)
        # Other units in the lead cell ("Cơ quan chủ trì, phối hợp": "Phòng Kinh tế; Công an xã") work with it.
        # One per paragraph in a Word cell ("Văn phòng Sở; Phòng Kế hoạch – Tài chính"): each is a name.
        support = [name for part in re.split(r"\s*;\s*", lead_cell)[1:] for name in _named_units(part)]
        support += [name for name, _s, _e in find_units(lead_cell)[1:]]
        support += labelled_partners
        support += [name for line in support_cell.split("\n") for name in _named_units(line)]
        support += _note_partners(_cell(row, roles, "note"))
        overseer = " ".join(_cell(row, roles, "overseer").split())
        if overseer:  # "Đ/c Lục Văn Sinh, Chủ nhiệm Ủy ban Kiểm tra": the leader over the row, name and post
            support.append(overseer)
        support += [
            _unit_or_words(n) or n for n in _cell(row, roles, "marked").split("\n") if n
        ]  # matrix "P"
        code = _cell(row, roles, "code") or None
        numbered = _ROW_NUMBER_RE.match(content) if code is None and "code" not in roles else None
        if numbered:  # "| 5. Lắp đặt 32 camera … |" without a number column: the number is the row's code
            code, content = numbered["n"], content[numbered.end() :]
        deadline = parse_deadline_cell(_cell(row, roles, "deadline"), issued_on=issued_on)
        if deadline.kind == NONE:
            deadline = period_cell(_cell(row, roles, "deadline"), year) or deadline
        if deadline.kind == NONE and section:  # "Trong quý" under the group row "QUÝ II/2026": that quarter
            deadline = within_group_period(_cell(row, roles, "deadline"), section, year) or deadline
        if deadline.kind == NONE:  # "07h30 ngày 10/10/2025": a programme's slot, due that day
            deadline = slot_deadline(_cell(row, roles, "deadline"), issued_on) or deadline
        if deadline.kind == NONE and periods:
            deadline = _marked_period(row, periods)
        tasks.append(
            ParsedTask(
                code=code,
                content=re.sub(r"\s+", " ", content),
                lead=lead,
                support=list(dict.fromkeys(s for s in support if s != lead)),
                deadline=deadline,
                section=section,
                source="table",
                result=re.sub(r"\s+", " ", _cell(row, roles, "result")) or None,
            )
        )
    return tasks


_ROW_NUMBER_RE = re.compile(r"^\s*(?P<n>\d{1,3})\s*[.)]\s+(?=[^\W\d_])")
_BREAK_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
# "PH:", "P/h:", "Phối hợp:" inside a unit cell, after the lead: the partners follow.
_PARTNER_LABEL_RE = re.compile(r"(?:^|[;,\n(]|\s)\s*(?:ph|p/h|phoi hop|dv phoi hop|don vi phoi hop)\s*:\s*")
# In a notes column, a unit that helps: "Viettel Bắc Lam hỗ trợ kỹ thuật", "Văn phòng … chuẩn bị tài liệu".
_HELPS_RE = re.compile(
    r"^\s*(?:h[oỗ]\s+tr[oợ]|ph[oố]i\s+h[oợ]p|tham\s+gia|tham\s+m[uư]u|chu[aẩ]n\s+b[iị])\b", re.IGNORECASE
)
# "Chủ trì:", "Đơn vị chủ trì:", "CT:" opening a unit cell, before the lead's name.
_LEAD_CELL_LABEL_RE = re.compile(r"^\W*(?:(?:don vi|co quan)\s+)?(?:chu tri|ct)\s*:\s*")
_LEVEL_TAIL_RE = re.compile(r"^\s+(?:xa|phuong|thi tran|tinh|huyen|thanh pho|quan|thi xa|dac khu)\s*$")


def _cell_partners(text: str) -> list[str]:
    """The partners after a label in a cell, one per ";" or line, each kept whole: a name the registry
    knows, that name with its level ("Bưu điện phường"), else the words as written ("các trường mầm non,
    tiểu học", where the registry would cut at the comma)."""
    out: list[str] = []
    for piece in re.split(r"\s*[;\n]\s*", text):
        piece = piece.strip(" .,")
        if not piece:
            continue
        names = _named_units(piece)
        if len(names) == 1 and fold_words(piece).startswith(fold_words(names[0])):
            rest = fold_aligned(piece)[len(names[0]) :] if len(piece) > len(names[0]) else ""
            names = [piece] if rest and _LEVEL_TAIL_RE.match(rest) else names
        elif len(names) != 1 and not all(_starts_upper(n) for n in names):
            names = [piece]
        out.extend(n for n in names if n not in out)
    return out


def _note_partners(note: str) -> list[str]:
    """The partners a row's notes name: all the units after a "Phối hợp:" label, and each unit that opens a
    piece (split at ";") with what it does to help ("Viettel Bắc Lam hỗ trợ kỹ thuật"). Other notes ("Làm
    lưu động vào thứ Bảy", "Phòng Y tế theo dõi") name no partner."""
    labelled = _PARTNER_LABEL_RE.search(fold_aligned(note))
    if labelled:
        return _cell_partners(note[labelled.end() :])
    out: list[str] = []
    for piece in re.split(r"\s*;\s*", note):
        hit = _unit_at_start(piece.strip())
        if hit and _HELPS_RE.match(piece.strip()[hit[1] :]) and hit[0] not in out:
            out.append(hit[0])
    return out


# "Nt", "Như trên", "-nt-", "-do-" (OCR "Nhu tren"): the same as the cell above.
_DITTO_RE = re.compile(r"^\W*(?:nt|nhu\s+tren|do)\W*$")


def _is_ditto(cell: str, role: str) -> bool:
    """A ditto mark in a lead, support or deadline cell; a lone dash counts in the lead column only (every
    task has a lead, so it cannot mean "none" there)."""
    cell = cell.strip()
    if role == "lead" and cell in ("-", "–", "—", '"', "“ ”", "〃"):
        return True
    return bool(cell) and len(cell) <= 12 and bool(_DITTO_RE.match(fold_words(cell)))


_MERGED_ROLES = ("lead", "support", "deadline")
_MOSTLY = (
    0.75  # share of task rows with the cell written: a column that full leaves a cell blank only by merging
)


def _is_group_row(row: list[str], roles: dict[str, int]) -> bool:
    filled = [c for c in row if c.strip()]
    return len(filled) <= 2 and not _cell(row, roles, "lead") and not _cell(row, roles, "deadline")


def _mostly_filled(roles: dict[str, int], rows: list[list[str]]) -> set[str]:
    """The support and deadline columns written in most task rows: there a blank cell is one merged with the
    cell above (Word's vertically merged cells come out as empty cells in the rows below the first)."""
    tasks = [row for row in rows if not _is_group_row(row, roles) and len(_cell(row, roles, "content")) >= 5]
    out: set[str] = set()
    for role in ("support", "deadline"):
        if role in roles and tasks:
            written = sum(1 for row in tasks if _cell(row, roles, role))
            if written >= _MOSTLY * len(tasks):
                out.add(role)
    return out


def _unmerged(row: list[str], roles: dict[str, int], block: dict[str, str], mostly: set[str]) -> list[str]:
    """A task row with its merged cells filled from the task row above in the same group, and `block` moved
    on to it. A table written from Word gives a lead once for the rows it spans, the rows below leaving the
    cell blank: every task has a lead, so a blank lead cell is the one above. A blank support or time cell
    is the one above when its lead is merged too and the column is written nearly everywhere else (a row
    whose cell is merged belongs to its lead's block); elsewhere a blank support cell means no partner."""
    row = list(row)
    lead_idx = roles.get("lead")
    merged_lead = (
        lead_idx is not None and lead_idx < len(row) and not row[lead_idx].strip() and bool(block.get("lead"))
    )
    for role in _MERGED_ROLES:
        idx = roles.get(role)
        if idx is None or idx >= len(row):
            continue
        if not row[idx].strip() and block.get(role) and (role == "lead" or (merged_lead and role in mostly)):
            row[idx] = block[role]
        block[role] = row[idx]
    return row


def _merge_wrapped_rows(roles: dict[str, int], rows: list[list[str]]) -> list[list[str]]:
    """A row without a number, lead or deadline whose task text carries on in lower case ("| | và trạm y
    tế các xã | | UBND các xã, phường | |") is the row above wrapped in the document: its cells are
    joined to that row's."""
    code, content = roles.get("code"), roles.get("content")
    units = {roles.get("lead"), roles.get("support")} - {None}
    merged: list[list[str]] = []
    for row in rows:
        text = _cell(row, roles, "content")
        if (
            merged
            and code is not None
            and content is not None
            and _cell(merged[-1], roles, "code")
            and not _cell(row, roles, "code")
            and not _cell(row, roles, "lead")
            and not _cell(row, roles, "deadline")
            # Or no task text at all, only a partner ("\t\t\tHội Nông dân tỉnh\t\t", a Word cell's second
            # paragraph pasted on a line of its own): the row above's partners go on.
            and (text[:1].islower() or (not text and any(c.strip() for c in row)))
        ):
            last = merged[-1]
            for idx, cell in enumerate(row):
                if cell.strip() and idx < len(last):
                    last[idx] = _continued(last[idx], cell.strip(), idx in units)
            continue
        merged.append(list(row))
    return merged


def _continued(cell: str, more: str, names: bool) -> str:
    """A cell and its text carried on a line below: a capitalised piece in a unit column is the next name
    (one per line, as `_tasks_from_rows` reads a Word cell's paragraphs); other text runs on."""
    if not cell.strip():
        return more
    if names and _starts_upper(more):
        return f"{cell}\n{more}"
    return _join(cell, more)


_BRANCH_AFTER_RE = re.compile(r"\s+(?:khu vuc|chi nhanh)\s")


def _unit_or_words(cell: str) -> str | None:
    cell = cell.strip(" .;,")
    label = _LEAD_CELL_LABEL_RE.match(fold_aligned(cell))
    if label:  # "Chủ trì: Văn phòng Sở; Phối hợp: …": the label names the role, the unit follows it
        cell = cell[label.end() :].strip(" .;,")
    if not cell:
        return None
    hit = _unit_at_start(cell)
    if hit and _read_into_other_name(cell, hit):
        return re.split(r"\s*[;]\s*", cell)[0]
    if hit and _NAME_GOES_ON_RE.match(cell, hit[1]):
        # "Ban Tổ chức – Kiểm tra": the cell names more than the registered head; the name as written.
        return re.split(r"\s*[;]\s*", cell)[0]
    if hit:
        written = _proper_name_at(cell, 0)
        if written and written[1] > hit[1] and _BRANCH_AFTER_RE.match(fold_aligned(cell[hit[1] :])):
            return written[0]  # "Ngân hàng Nhà nước Khu vực 6": the registered body's branch is the one meant
        if written and written[1] > hit[1] and _LEVEL_LAST_RE.search(fold_words(hit[0])):
            return written[
                0
            ]  # "UBND xã Tân Lập": the registry knows the level, the commune is named after it
        return hit[0]
    return re.split(r"\s*[;]\s*", cell)[0]


def _read_into_other_name(cell: str, hit: tuple[str, int]) -> bool:
    """The registry matched the cell's opening words to a name they only resemble, and the cell's name goes on
    past them in lower case ("Phòng Quản lý đầu tư công" read as "Phòng Quản lý đô thị"): the cell names
    another body, one the registry does not know. An OCR'd name the registry repairs ends where the match
    does, or goes on with its level ("phường") or a new name."""
    name, end = hit
    if fold_words(cell[:end]) == fold_words(name):
        return False
    tail = cell[end:]
    more = tail[:1].isspace() and tail.lstrip()[:1].islower()
    return more and not _LEVEL_TAIL_RE.match(fold_aligned(tail.split(";")[0].split(",")[0]).rstrip(" ."))


_LEVEL_LAST_RE = re.compile(r"\b(?:xa|phuong|thi tran|huyen|quan|thi xa|dac khu)$")
_NAME_GOES_ON_RE = re.compile(r"\s*[–-]\s*[A-ZĐ][^;,]*$")


# A progress table's time columns ("| T10 | T11 | T12 | Q1/2026 |", "Tháng 9", "Quý IV/2025"), a row marking
# the ones it runs in with "x".
_MONTH_COLUMN_RE = re.compile(r"^(?:t|th[a-z]{1,3}ng)\s*(?P<m>\d{1,2})(?:\s+(?P<y>(?:19|20)\d\d))?$")
_QUARTER_COLUMN_RE = re.compile(r"^(?:q|qu[a-z]{1,2})\s*(?P<q>[1-4]|i{1,3}|iv)(?:\s+(?P<y>(?:19|20)\d\d))?$")
_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_MARK_RE = re.compile(r"^[xX×✓✔●+]$")


def _period_columns(header: list[str], issued_on: date | None) -> list[tuple[int, Deadline]]:
    """The header's month and quarter columns, each with the time it ends: "T10" is tháng 10 of the plan's
    year, the year moving on when the months start over ("T12 | T1"); "Q1/2026" is quý I/2026."""
    out: list[tuple[int, Deadline]] = []
    year = issued_on.year if issued_on else None
    last_month = 0
    for idx, cell in enumerate(header):
        words = fold_words(cell)
        month = _MONTH_COLUMN_RE.match(words)
        quarter = _QUARTER_COLUMN_RE.match(words) if not month else None
        if not (month or quarter):
            continue
        m = month or quarter
        q = None
        if month:
            end_month = int(month["m"])
            if not 1 <= end_month <= 12:
                continue
        else:
            q = int(m["q"]) if m["q"].isdigit() else _ROMAN_QUARTERS[m["q"]]
            end_month = 3 * q
        if m["y"]:
            year = int(m["y"])
        elif year is not None and end_month < last_month:
            year += 1  # "T11 | T12 | T1": the next year's January
        if year is None:
            continue
        last_month = end_month
        due = date(year, end_month, calendar.monthrange(year, end_month)[1])
        text = f"tháng {end_month}/{year}" if q is None else f"quý {'I' * q if q < 4 else 'IV'}/{year}"
        out.append((idx, Deadline(kind=MONTH, due=due, text=text)))
    return out if len(out) >= 2 else []


def _marked_period(row: list[str], periods: list[tuple[int, Deadline]]) -> Deadline:
    """The end of the last time column a row marks ("x"): the task is due by then."""
    marked = [d for idx, d in periods if idx < len(row) and _MARK_RE.match(row[idx].strip())]
    if not marked:
        return Deadline()
    last = marked[-1]
    return Deadline(kind=last.kind, due=last.due, text=last.text)

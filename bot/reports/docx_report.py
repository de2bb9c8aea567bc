"""The report draft (.docx) in the form of a Vietnamese administrative report (Nghị định 30/2020/NĐ-CP).

Header: the issuing body (and its superior) beside the national motto, the number placeholder
"Số: …/BC-…" beside the place and date, then "BÁO CÁO" and the subject line. Body in Times New Roman 14:
I. results (overall, by lead unit, by task group, the notes officials wrote in the period);
II. difficulties (blocked and overdue tasks with their reasons); III. tasks of the next period;
IV. proposals (left for the office to write); recipients and signature. Appendix (landscape): every task
with its reference, lead, deadline, status, percent, last update and evidence count.

The office only checks, numbers, dates and signs it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import sqlite_utils
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from bot.reports.common import date_vn, scope_title, shorten, situation_name, task_status_text
from bot.reports.periods import Period
from knowledge.messages import t
from storage import reports as reports_db
from storage.reports import Counts, Scope

FONT = "Times New Roman"
BODY_SIZE = 14
TABLE_SIZE = 12
NOTES_SHOWN = 60  # notes of the period quoted in part I; the tracker has all of them
COLUMNS = ("done", "in_progress", "not_started", "blocked", "overdue")


@dataclass
class ReportData:
    """Everything the draft shows, read once from the database."""

    scope: Scope
    period: Period
    as_of: date
    title: str
    issuer: str
    superior: str
    abbreviation: str
    by_unit: list[Counts]
    by_group: list[Counts]
    notes: list[reports_db.Note]
    difficulties: list[reports_db.TaskRow]
    next_tasks: list[reports_db.TaskRow]
    tasks: list[reports_db.TaskRow]


def gather(db: sqlite_utils.Database, scope: Scope, period: Period, as_of: date, lang: str) -> ReportData:
    """Read the report's data: counts as of `as_of`, notes written in `period`, tasks due in the next."""
    from storage.people import unit_name

    plans = reports_db.plans_in_scope(db, scope)
    issuers = {p.issuer for p in plans if p.issuer}
    plan_issuer = issuers.pop() if len(issuers) == 1 else ""
    unit = unit_name(db, scope.unit_id) if scope.unit_id is not None else None
    issuer, superior = (unit, plan_issuer) if unit else (plan_issuer, "")
    abbreviations = {_issuer_abbreviation(p.number) for p in plans} - {""}
    following = period.next()
    return ReportData(
        scope=scope,
        period=period,
        as_of=as_of,
        title=scope_title(db, scope, lang),
        issuer=issuer or "",
        superior=superior or "",
        abbreviation=abbreviations.pop() if len(abbreviations) == 1 and not unit else "",
        by_unit=reports_db.counts_by_unit(db, scope, as_of),
        by_group=reports_db.counts_by_group(db, scope, as_of),
        notes=reports_db.notes_between(db, scope, period.start, period.end, limit=NOTES_SHOWN),
        difficulties=reports_db.difficulties(db, scope, as_of),
        next_tasks=reports_db.due_between(db, scope, following.start, following.end, as_of),
        tasks=reports_db.tasks(db, scope, as_of),
    )


def _issuer_abbreviation(number: str | None) -> str:
    """ "UBND" from "47a/KH-UBND": the issuer's letters in the plan's number."""
    if not number or "/" not in number:
        return ""
    tail = number.split("/", 1)[1]
    return tail.split("-", 1)[1] if "-" in tail else ""


def build_report(
    db: sqlite_utils.Database, scope: Scope, period: Period, as_of: date, lang: str = "vi"
) -> Document:
    """The report draft as a python-docx Document."""
    return render(gather(db, scope, period, as_of, lang), lang)


def report_bytes(
    db: sqlite_utils.Database, scope: Scope, period: Period, as_of: date, lang: str = "vi"
) -> bytes:
    buffer = io.BytesIO()
    build_report(db, scope, period, as_of, lang).save(buffer)
    return buffer.getvalue()


# --- layout ------------------------------------------------------------------------------------------


def render(data: ReportData, lang: str) -> Document:
    doc = Document()
    _set_base_style(doc)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    _header(doc, data, lang)
    _title(doc, data, lang)
    _results(doc, data, lang)
    _difficulties(doc, data, lang)
    _next_period(doc, data, lang)
    _heading(doc, t(lang, "reports.docx.part_proposals"))
    _body(doc, "…")
    _closing(doc, data, lang)
    _appendix(doc, data, lang)
    return doc


def _set_base_style(doc: Document) -> None:
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_SIZE)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.line_spacing = 1.15


def _paragraph(
    container, text: str = "", *, size: int | None = None, bold=False, italic=False, align=None, after=None
):
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def _cell_paragraph(cell, text: str, **kw):
    """Write into a table cell's first (empty) paragraph, then add paragraphs after it."""
    first = cell.paragraphs[0]
    if not first.runs and not first.text:
        run = first.add_run(text)
        if kw.get("bold"):
            run.bold = True
        if kw.get("italic"):
            run.italic = True
        if kw.get("size"):
            run.font.size = Pt(kw["size"])
        first.alignment = kw.get("align", WD_ALIGN_PARAGRAPH.CENTER)
        first.paragraph_format.space_after = Pt(kw.get("after", 0))
        return first
    return _paragraph(
        cell,
        text,
        size=kw.get("size"),
        bold=kw.get("bold", False),
        italic=kw.get("italic", False),
        align=kw.get("align", WD_ALIGN_PARAGRAPH.CENTER),
        after=kw.get("after", 0),
    )


def _rule(paragraph, indent_cm: float) -> None:
    """A short horizontal line under a header line (a bottom border of a narrowed paragraph)."""
    paragraph.paragraph_format.left_indent = Cm(indent_cm)
    paragraph.paragraph_format.right_indent = Cm(indent_cm)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _widths(table, widths) -> None:
    """Column widths in both places readers look: the grid (LibreOffice) and every cell (Word)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _header(doc: Document, data: ReportData, lang: str) -> None:
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, (Cm(6.3), Cm(10.2)))
    left, right = table.cell(0, 0), table.cell(0, 1)
    if data.superior:
        _cell_paragraph(left, data.superior.upper(), size=13)
    _cell_paragraph(left, (data.issuer or "…").upper(), size=13, bold=True)
    _rule(_cell_paragraph(left, "", size=2), 2.0)
    _cell_paragraph(right, t(lang, "reports.docx.motto_state"), size=13, bold=True)
    _rule(_cell_paragraph(right, t(lang, "reports.docx.motto_words"), size=14, bold=True), 1.8)
    abbreviation = data.abbreviation or "…"
    _cell_paragraph(table.cell(1, 0), t(lang, "reports.docx.number", abbreviation=abbreviation), size=13)
    _cell_paragraph(table.cell(1, 1), t(lang, "reports.docx.place_date"), size=14, italic=True)


def _title(doc: Document, data: ReportData, lang: str) -> None:
    _paragraph(doc, "", after=6)
    _paragraph(doc, t(lang, "reports.docx.title"), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    subject = t(lang, "reports.docx.subject", period=data.period.label(lang), scope=data.title)
    for line in subject.split("\n"):
        _paragraph(doc, line, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _rule(_paragraph(doc, "", size=4, after=12), 6.5)
    _body(doc, t(lang, "reports.docx.intro", date=date_vn(data.as_of), period=data.period.label(lang)))


def _heading(doc: Document, text: str) -> None:
    paragraph = _paragraph(doc, text, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6)
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.first_line_indent = Cm(1)


def _body(doc: Document, text: str, *, italic=False):
    paragraph = _paragraph(doc, text, italic=italic, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph.paragraph_format.first_line_indent = Cm(1)
    return paragraph


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"


def _results(doc: Document, data: ReportData, lang: str) -> None:
    _heading(doc, t(lang, "reports.docx.part_results"))
    total = reports_db.totals(data.by_unit)
    _heading(doc, t(lang, "reports.docx.overall_heading"))
    _body(
        doc,
        t(
            lang,
            "reports.docx.overall",
            total=total.total,
            done=total.done,
            done_percent=_percent(total.done, total.total),
            in_progress=total.in_progress,
            not_started=total.not_started,
            blocked=total.blocked,
            overdue=total.overdue,
            date=date_vn(data.as_of),
        ),
    )
    _heading(doc, t(lang, "reports.docx.by_unit_heading"))
    no_unit = t(lang, "reports.no_lead")
    _counts_table(doc, lang, t(lang, "reports.col.unit"), data.by_unit, no_unit)
    for group in data.by_unit:
        issues = [
            t(lang, f"reports.docx.unit_{situation}", count=getattr(group, situation))
            for situation in ("overdue", "blocked")
            if getattr(group, situation)
        ]
        if issues:
            _body(
                doc,
                t(lang, "reports.docx.unit_attention", unit=group.label or no_unit, issues=", ".join(issues)),
            )
    _heading(doc, t(lang, "reports.docx.by_group_heading"))
    _counts_table(doc, lang, t(lang, "reports.col.group"), data.by_group, t(lang, "reports.no_group"))
    _heading(doc, t(lang, "reports.docx.notes_heading", period=data.period.label(lang)))
    if not data.notes:
        _body(doc, t(lang, "reports.docx.no_notes"), italic=True)
    for note in data.notes:
        _body(
            doc,
            t(
                lang,
                "reports.docx.note_line",
                unit=note.lead or no_unit,
                task=shorten(note.task, 160),
                note=shorten(note.note, 600),
                person=note.person or "…",
                date=date_vn(note.created_at),
            ),
        )


def _counts_table(doc: Document, lang: str, first_column: str, groups: list[Counts], unnamed: str) -> None:
    headers = [
        t(lang, "reports.col.number"),
        first_column,
        t(lang, "reports.col.total"),
        *(situation_name(lang, s) for s in COLUMNS),
    ]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fill_row(table.rows[0].cells, headers, bold=True)
    for index, group in enumerate(groups, 1):
        values = [
            str(index),
            group.label or unnamed,
            str(group.total),
            *(str(getattr(group, s)) for s in COLUMNS),
        ]
        _fill_row(table.add_row().cells, values, left=(1,))
    total = reports_db.totals(groups)
    _fill_row(
        table.add_row().cells,
        ["", t(lang, "reports.col.sum"), str(total.total), *(str(getattr(total, s)) for s in COLUMNS)],
        bold=True,
        left=(1,),
    )
    _widths(table, [Cm(1.3), Cm(5.2)] + [Cm(1.7)] * (len(headers) - 2))
    _paragraph(doc, "", after=0)


def _fill_row(cells, values, *, bold=False, left=(), size=TABLE_SIZE) -> None:
    for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(value)
        if bold:  # set only when true: an explicit "not bold" on every cell costs a third of the time
            run.bold = True
        run.font.size = Pt(size)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if index in left else WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0


def _task_line(lang: str, task: reports_db.TaskRow, no_unit: str) -> str:
    deadline = date_vn(task.due_date) or task.deadline_text or t(lang, "reports.no_deadline")
    return t(
        lang,
        "reports.docx.task_line",
        reference=task.reference,
        task=shorten(task.content, 300),
        lead=task.lead or no_unit,
        deadline=deadline,
        percent=task.percent,
    )


def _difficulties(doc: Document, data: ReportData, lang: str) -> None:
    _heading(doc, t(lang, "reports.docx.part_difficulties"))
    if not data.difficulties:
        _body(doc, t(lang, "reports.docx.no_difficulties"), italic=True)
        return
    no_unit = t(lang, "reports.no_lead")
    for task in data.difficulties:
        reason = task.last_note or t(lang, "reports.docx.no_reason")
        _body(
            doc,
            t(
                lang,
                "reports.docx.difficulty_line",
                task=_task_line(lang, task, no_unit),
                situation=task_status_text(lang, task),
                reason=shorten(reason, 600),
            ),
        )


def _next_period(doc: Document, data: ReportData, lang: str) -> None:
    following = data.period.next()
    _heading(doc, t(lang, "reports.docx.part_next", period=following.label(lang).upper()))
    if not data.next_tasks:
        _body(doc, t(lang, "reports.docx.no_next"), italic=True)
        return
    no_unit = t(lang, "reports.no_lead")
    for task in data.next_tasks:
        _body(doc, "- " + _task_line(lang, task, no_unit))


def _closing(doc: Document, data: ReportData, lang: str) -> None:
    _body(doc, t(lang, "reports.docx.closing", issuer=data.issuer or "…"))
    table = doc.add_table(rows=1, cols=2)
    _widths(table, (Cm(8), Cm(8.5)))
    left, right = table.cell(0, 0), table.cell(0, 1)
    _cell_paragraph(
        left,
        t(lang, "reports.docx.recipients"),
        size=12,
        bold=True,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    for line in t(lang, "reports.docx.recipients_list").split("\n"):
        _cell_paragraph(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _cell_paragraph(right, t(lang, "reports.docx.signer_title"), size=14, bold=True)
    _cell_paragraph(right, t(lang, "reports.docx.signer_hint"), size=14, italic=True, after=60)
    _cell_paragraph(right, "…", size=14, bold=True)


def _appendix(doc: Document, data: ReportData, lang: str) -> None:
    section = doc.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.left_margin, section.right_margin = Cm(2), Cm(1.5)
    _paragraph(doc, t(lang, "reports.docx.appendix"), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(
        doc, t(lang, "reports.docx.appendix_title"), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0
    )
    _paragraph(
        doc,
        t(lang, "reports.docx.appendix_attached", abbreviation=data.abbreviation or "…"),
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=6,
    )
    headers = [
        t(lang, "reports.col.number"),
        t(lang, "reports.col.reference"),
        t(lang, "reports.col.content"),
        t(lang, "reports.col.lead"),
        t(lang, "reports.col.deadline"),
        t(lang, "reports.col.status"),
        t(lang, "reports.col.percent"),
        t(lang, "reports.col.last_update"),
        t(lang, "reports.col.evidence"),
    ]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    _fill_row(table.rows[0].cells, headers, bold=True, size=11)
    _repeat_header(table.rows[0])
    no_unit = t(lang, "reports.no_lead")
    for index, task in enumerate(data.tasks, 1):
        update = date_vn(task.last_update_at)
        if task.last_note:
            update = (update + ": " if update else "") + shorten(task.last_note, 200)
        values = [
            str(index),
            task.reference,
            task.content,
            task.lead or no_unit,
            date_vn(task.due_date) or task.deadline_text,
            task_status_text(lang, task),
            f"{task.percent}%",
            update,
            str(task.evidence_count) if task.evidence_count else "",
        ]
        _fill_row(table.add_row().cells, values, left=(2, 3, 7), size=11)
    _widths(table, [Cm(1.2), Cm(2.8), Cm(7.4), Cm(3.5), Cm(2.4), Cm(2.6), Cm(1.6), Cm(3.2), Cm(1.5)])
    if not data.tasks:
        _paragraph(doc, t(lang, "reports.docx.no_tasks"), italic=True)


def _repeat_header(row) -> None:
    """Mark a table's first row to repeat on every page."""
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)

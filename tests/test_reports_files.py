"""Each report file opened with its own library and checked against the database: the .docx draft, the
.xlsx tracker, the chart (its figure and PNG), the .ics calendar (icalendar, the `ics` package and the raw
lines)."""

import io
import re
import unicodedata
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from bot.reports import calendar_ics, chart, docx_report, xlsx_tracker
from bot.reports.periods import parse_period
from storage import reports as reports_db
from storage.reports import Scope
from tests.reports_world import BLOCKED_NOTE, KT, OVERDUE_NOTE, REPORT_DATE, VHXH, seed_reports

AUGUST = parse_period("2025-08")


@pytest.fixture
def world(fresh_db):
    return fresh_db, seed_reports(fresh_db)


def task_rows(db) -> dict[int, tuple]:
    """(content, status, percent, due) of every task, straight from the table."""
    return {r[0]: r[1:] for r in db.execute("SELECT id, content, status, percent, due_date FROM tasks")}


def docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def open_docx(db, scope=None, lang="vi", period=AUGUST):
    return Document(io.BytesIO(docx_report.report_bytes(db, scope or Scope(), period, REPORT_DATE, lang)))


# --- the report draft --------------------------------------------------------------------------------


def test_report_has_the_administrative_header(world):
    db, _ = world
    document = open_docx(db)
    header = docx_text(document)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header
    assert "Độc lập - Tự do - Hạnh phúc" in header
    assert "UBND XÃ AN PHÚ" in header  # the plans' issuer
    assert "Số: …/BC-UBND" in header
    assert "…, ngày … tháng … năm …" in header
    paragraphs = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in paragraphs
    assert any("tháng 8 năm 2025" in p and p.startswith("Kết quả thực hiện") for p in paragraphs)
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and 13 <= normal.size.pt <= 14


def test_report_counts_by_unit_match_the_database(world):
    db, ids = world
    document = open_docx(db)
    by_unit = document.tables[1]
    rows = {row.cells[1].text: [c.text for c in row.cells[2:]] for row in by_unit.rows[1:]}
    # columns: total, done, in progress, not started, blocked, overdue
    assert rows[KT] == ["3", "1", "1", "0", "1", "0"]
    assert rows[VHXH] == ["2", "0", "0", "1", "0", "1"]
    assert rows["Tổng cộng"][0] == str(len(task_rows(db)))
    by_group = document.tables[2]
    groups = {row.cells[1].text: row.cells[2].text for row in by_group.rows[1:]}
    assert groups["I. HẠ TẦNG SỐ"] == "2" and groups["II. DỮ LIỆU SỐ"] == "3"


def test_report_quotes_notes_difficulties_and_next_period(world):
    db, ids = world
    paragraphs = [p.text for p in open_docx(db).paragraphs]
    difficulties = paragraphs.index("II. KHÓ KHĂN, VƯỚNG MẮC")
    next_period = paragraphs.index("III. NHIỆM VỤ TRỌNG TÂM THÁNG 9 NĂM 2025")
    part_two = "\n".join(paragraphs[difficulties:next_period])
    assert OVERDUE_NOTE in part_two and BLOCKED_NOTE in part_two
    assert "Xây dựng cơ sở dữ liệu hộ kinh doanh" not in part_two  # done, not a difficulty
    part_three = "\n".join(paragraphs[next_period : paragraphs.index("IV. ĐỀ XUẤT, KIẾN NGHỊ")])
    assert "Lắp đặt wifi công cộng" in part_three and "thanh toán không dùng tiền mặt" in part_three
    assert "Tuyên truyền" not in part_three  # due in December
    notes = "\n".join(paragraphs[:difficulties])
    assert "Đã khảo sát 3 thôn" in notes and "Trần Thị Hồng" in notes


def test_report_appendix_lists_every_task_with_status_and_evidence(world):
    db, ids = world
    appendix = open_docx(db).tables[-1]
    body = appendix.rows[1:]
    expected = task_rows(db)
    assert len(body) == len(expected)
    by_content = {row.cells[2].text: [c.text for c in row.cells] for row in body}
    status_names = {
        "done": "Đã hoàn thành",
        "in_progress": "Đang thực hiện",
        "not_started": "Chưa triển khai",
        "blocked": "Gặp vướng mắc",
    }
    for content, status, percent, _due in expected.values():
        assert by_content[content][6] == f"{percent}%"
        assert by_content[content][5].startswith(status_names[status])
    wifi = by_content["Lắp đặt wifi công cộng tại nhà văn hóa các thôn"]
    assert wifi[1] == "47a/KH-UBND · 1.2" and wifi[3] == KT and wifi[4] == "20/9/2025"
    assert wifi[5] == "Gặp vướng mắc" and wifi[8] == "1"
    assert BLOCKED_NOTE in wifi[7]
    assert "quá hạn" in by_content["Số hóa sổ hộ tịch giai đoạn 2015–2020"][5]


def test_report_keeps_vietnamese_letters_intact(world):
    db, _ = world
    text = docx_text(open_docx(db))
    assert "Số hóa sổ hộ tịch giai đoạn 2015–2020" in text
    assert unicodedata.is_normalized("NFC", text)
    assert "?" not in text.replace("…", "")


def test_unit_report_shows_only_the_units_tasks(world):
    db, ids = world
    document = open_docx(db, Scope(unit_id=ids[f"unit:{VHXH}"]))
    contents = {row.cells[2].text for row in document.tables[-1].rows[1:]}
    assert contents == {
        "Số hóa sổ hộ tịch giai đoạn 2015–2020",
        "Lắp đặt wifi công cộng tại nhà văn hóa các thôn",
        "Tuyên truyền, hướng dẫn kỹ năng số cho người dân",
    }
    assert "PHÒNG VĂN HÓA – XÃ HỘI" in docx_text(document)


def test_report_in_english(world):
    db, _ = world
    text = docx_text(open_docx(db, lang="en", period=parse_period("2025-Q3")))
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text and "Independence - Freedom - Happiness" in text
    assert "quarter III of 2025" in text and "II. DIFFICULTIES" in text
    assert "Blocked" in text


# --- the tracker ---------------------------------------------------------------------------------------


def open_tracker(db, scope=None, as_of=REPORT_DATE):
    return load_workbook(io.BytesIO(xlsx_tracker.tracker_bytes(db, scope or Scope(), as_of)))


def test_tracker_has_a_summary_and_one_sheet_per_plan(world):
    db, ids = world
    workbook = open_tracker(db)
    assert workbook.sheetnames == ["Tổng hợp theo đơn vị", "47a-KH-UBND", "12-KH-UBND"]
    summary = workbook.worksheets[0]
    rows = {r[0]: r[1:] for r in summary.iter_rows(min_row=3, values_only=True)}
    assert rows[KT] == (3, 1, 1, 0, 1, 0, 33)  # total, done, in progress, not started, blocked, overdue, %
    assert rows["Tổng cộng"][0] == len(task_rows(db))
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A3"
        assert sheet.auto_filter.ref.startswith("A2:")


def test_tracker_rows_match_the_database(world):
    db, ids = world
    sheet = open_tracker(db)["47a-KH-UBND"]
    header = [c.value for c in sheet[2]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=3, values_only=True)]
    expected = {r[0]: r for r in task_rows(db).values()}
    assert (
        len(rows) == db.execute("SELECT count(*) FROM tasks WHERE plan_id = ?", [ids["plan:A"]]).fetchone()[0]
    )
    assert sheet.auto_filter.ref == f"A2:N{len(rows) + 2}"
    for row in rows:
        content, status, percent, due = expected[row["Nội dung nhiệm vụ"]]
        assert row["Tiến độ (%)"] == percent
        assert (row["Thời hạn"].date().isoformat() if row["Thời hạn"] else None) == due
    wifi = next(r for r in rows if r["Mục"] == "1.2")
    assert wifi["Trạng thái"] == "Gặp vướng mắc" and wifi["Ghi chú gần nhất"] == BLOCKED_NOTE
    assert wifi["Minh chứng (tệp)"] == 1 and wifi["Đơn vị phối hợp"] == VHXH


def test_tracker_marks_overdue_rows(world):
    db, ids = world
    sheet = open_tracker(db)["47a-KH-UBND"]
    marked = {}
    for row in sheet.iter_rows(min_row=3):
        marked[row[2].value] = (row[13].value, row[13].fill.fgColor.rgb)
    assert marked["1.1"] == ("Quá hạn", "FFF4CCCC")
    assert marked["2.1"][0] is None and marked["2.1"][1] != "FFF4CCCC"  # done before its deadline
    assert marked["1.2"][0] is None  # blocked but not yet due
    # The whole row is filled by one conditional format on the mark's column, over every task row.
    ((ranges, rules),) = [(str(cf.sqref), cf.rules) for cf in sheet.conditional_formatting]
    assert ranges == f"A3:N{sheet.max_row}"
    assert rules[0].formula == ['$N3<>""'] and rules[0].dxf.fill.fgColor.rgb == "FFF4CCCC"


def test_tracker_of_a_unit_has_no_other_units_rows(world):
    db, ids = world
    workbook = open_tracker(db, Scope(unit_id=ids[f"unit:{KT}"]))
    contents = set()
    for sheet in workbook.worksheets[1:]:
        contents |= {r[3] for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert "Số hóa sổ hộ tịch giai đoạn 2015–2020" not in contents
    assert "Lắp đặt wifi công cộng tại nhà văn hóa các thôn" in contents


# --- the chart -----------------------------------------------------------------------------------------


def test_chart_has_one_bar_per_unit_with_the_right_totals(world):
    db, ids = world
    groups = chart.chart_data(db, Scope(), REPORT_DATE)
    figure = chart.build_figure(groups, "Tiến độ")
    axes = figure.axes[0]
    labels = [label.get_text() for label in axes.get_yticklabels()]
    assert sorted(labels) == sorted([KT, VHXH, "Văn phòng HĐND và UBND", "Chưa xác định đơn vị chủ trì"])
    bars = [p for p in axes.patches if p.get_gid() in chart.SEGMENTS]
    assert len(bars) == len(chart.SEGMENTS) * len(groups)
    totals: dict[float, float] = {}
    for bar in bars:
        y = round(bar.get_y() + bar.get_height() / 2, 3)
        totals[y] = totals.get(y, 0) + bar.get_width()
    ticks = dict(zip([label.get_text() for label in axes.get_yticklabels()], axes.get_yticks(), strict=True))
    situations = {}
    for task_id, status, due in db.execute("SELECT id, status, due_date FROM tasks"):
        situations[task_id] = (
            "overdue" if status != "done" and due and due < REPORT_DATE.isoformat() else status
        )
    lead_of = dict(
        db.execute(
            "SELECT t.id, coalesce(u.name, 'Chưa xác định đơn vị chủ trì') FROM tasks t LEFT JOIN units u ON u.id = t.lead_unit_id"
        )
    )
    for label, y in ticks.items():
        assert totals[round(y, 3)] == sum(1 for t in situations if lead_of[t] == label), label
    overdue_bars = [p for p in axes.patches if p.get_gid() == "overdue" and p.get_width()]
    assert [round(p.get_y() + p.get_height() / 2, 3) for p in overdue_bars] == [round(ticks[VHXH], 3)]
    assert {label.get_fontname() for label in axes.get_yticklabels()} == {"DejaVu Sans"}


def test_chart_png_is_an_image(world):
    db, _ = world
    png = chart.chart_png(db, Scope(), REPORT_DATE)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000


def test_chart_sums_units_beyond_the_limit(world, monkeypatch):
    db, _ = world
    monkeypatch.setattr(chart, "MAX_UNITS", 2)
    groups = chart.chart_data(db, Scope(), REPORT_DATE)
    assert len(groups) == 2 and groups[0].label == KT
    assert sum(g.total for g in groups) == len(task_rows(db))


# --- the calendar --------------------------------------------------------------------------------------


def unfolded_lines(raw: bytes) -> list[str]:
    """RFC 5545 lines with continuation lines joined (a reader written here, independent of icalendar)."""
    text = raw.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    return [line for line in text.split("\r\n") if line]


def test_calendar_parses_with_icalendar_and_has_the_timezone(world):
    db, ids = world
    from icalendar import Calendar

    raw = calendar_ics.calendar_bytes(
        db, Scope(plan_id=ids["plan:A"]), REPORT_DATE, period=parse_period("2025-09")
    )
    calendar = Calendar.from_ical(raw)
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Asia/Ho_Chi_Minh"]
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        f"task-{ids['task:A1.2']}-2025-09-20@planbot",
        f"duty-{ids['duty:monthly']}-2025-09-18@planbot",
    }
    deadline = events[f"task-{ids['task:A1.2']}-2025-09-20@planbot"]
    start = deadline.decoded("DTSTART")
    assert start.tzinfo.key == "Asia/Ho_Chi_Minh" and (start.hour, start.minute) == (8, 0)
    assert str(deadline["SUMMARY"]) == "Hạn: Lắp đặt wifi công cộng tại nhà văn hóa các thôn"
    assert "Phòng Kinh tế" in str(deadline["DESCRIPTION"]) and "Gặp vướng mắc, 30%" in str(
        deadline["DESCRIPTION"]
    )


def test_calendar_reads_the_same_with_a_second_reader(world):
    db, ids = world
    import ics

    raw = calendar_ics.calendar_bytes(db, Scope(), REPORT_DATE)
    other = ics.Calendar(raw.decode("utf-8"))
    names = sorted(e.name for e in other.events)
    open_dated = [
        r
        for r in db.execute(
            "SELECT id FROM tasks WHERE status != 'done' AND due_date >= ? AND due_date <= ?",
            ["2025-09-02", "2026-09-02"],
        )
    ]
    deadline_events = [n for n in names if n.startswith("Hạn: ")]
    assert len(deadline_events) == len(open_dated) == 4
    # monthly on the 18th: 12 occurrences from 2/9/2025 to 1/9/2026; yearly on 5/12: one.
    assert len([n for n in names if n.startswith("Ngày báo cáo")]) == 13
    lines = unfolded_lines(raw)
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20250920T080000" in lines
    assert sum(1 for line in lines if line == "BEGIN:VEVENT") == len(other.events)
    assert all(
        re.fullmatch(r"UID:(task|duty)-\d+-\d{4}-\d\d-\d\d@planbot", line)
        for line in lines
        if line.startswith("UID:")
    )


def test_calendar_of_a_person(world):
    db, ids = world
    from icalendar import Calendar

    leader = ids["person:leader_kt"]
    scope = Scope(unit_id=ids[f"unit:{KT}"], person_id=leader)
    calendar = Calendar.from_ical(
        calendar_ics.calendar_bytes(db, scope, REPORT_DATE, period=parse_period("2025-Q4"))
    )
    summaries = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert "Hạn: Tuyên truyền, hướng dẫn kỹ năng số cho người dân" not in summaries  # not KT's
    assert sum(1 for s in summaries if s.startswith("Ngày báo cáo")) == 4  # 18/10, 18/11, 18/12 and 5/12
    assert not any("chữ ký số" in s for s in summaries)


def test_calendar_window_and_duty_days():
    duty = reports_db.Duty(1, 1, "1/KH", "x", None, None, None, "quarterly", 20, 3)
    days = calendar_ics.duty_days(duty, date(2025, 1, 1), date(2025, 12, 31))
    assert days == [date(2025, 3, 20), date(2025, 6, 20), date(2025, 9, 20), date(2025, 12, 20)]

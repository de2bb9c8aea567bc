"""Layouts the parser met in set X's plans: a yearly work programme typed as fixed-width text columns (no "|",
no tabs) with cells wrapped over lines under quarter headings, "Trong quý" meaning the quarter's end, a "Cơ
quan chuẩn bị" column that leads and a "Lãnh đạo phụ trách" column naming the leader over the row. Every text
here is written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.fold import fold
from knowledge.plan_parser import parse_plan
from knowledge.question import parse_question
from knowledge.vocabulary import expand

HEADER = "ĐẢNG ỦY XÃ TÂN HÒA\nSố 12-CTr/ĐU          Tân Hòa, ngày 10 tháng 01 năm 2026\n\n"
TITLE = "CHƯƠNG TRÌNH CÔNG TÁC NĂM 2026\ncủa Ban Chấp hành Đảng bộ xã về chuyển đổi số\n\n"


def _programme(table: str):
    return parse_plan(HEADER + TITLE + "II. NỘI DUNG CHƯƠNG TRÌNH\n\n" + table + "\nIII. TỔ CHỨC THỰC HIỆN\n")


FIXED_WIDTH = """QUÝ I/2026
TT  Nội dung công việc                  Cơ quan chuẩn bị      Lãnh đạo phụ trách       Thời gian
1   Rà soát, bổ sung quy chế làm        Văn phòng Đảng ủy     Đ/c Trần Văn Bình,       Tháng 02
    việc của Ban Chỉ đạo chuyển                               Bí thư Đảng ủy
    đổi số xã
2   Mở lớp bồi dưỡng kỹ năng số cho     Ban Tuyên giáo và     Đ/c Lê Thị Hạnh,         Trong quý
    bí thư chi bộ                       Dân vận               Phó Bí thư

                              - 2 -
TT  Nội dung công việc                  Cơ quan chuẩn bị      Lãnh đạo phụ trách       Thời gian

QUÝ III/2026
3   Kiểm tra việc dùng chữ ký số tại    Ủy ban Kiểm tra       Đ/c Trần Văn Bình,       Trong quý
    các chi bộ thôn                     Đảng ủy               Bí thư Đảng ủy
"""


def test_a_fixed_width_table_is_read_row_by_row_with_its_wrapped_cells():
    tasks = _programme(FIXED_WIDTH).tasks
    assert [t.code for t in tasks] == ["1", "2", "3"]
    first = tasks[0]
    assert first.content == "Rà soát, bổ sung quy chế làm việc của Ban Chỉ đạo chuyển đổi số xã"
    assert first.lead == "Văn phòng Đảng ủy"
    assert "Đ/c Trần Văn Bình, Bí thư Đảng ủy" in first.support
    assert str(first.deadline.due) == "2026-02-28"
    assert tasks[2].content == "Kiểm tra việc dùng chữ ký số tại các chi bộ thôn"
    assert [t.section for t in tasks] == ["QUÝ I/2026", "QUÝ I/2026", "QUÝ III/2026"]


@pytest.mark.parametrize(("code", "due"), [("2", "2026-03-31"), ("3", "2026-09-30")])
def test_within_the_quarter_is_due_at_the_end_of_the_quarter_heading_the_row(code, due):
    task = next(t for t in _programme(FIXED_WIDTH).tasks if t.code == code)
    assert str(task.deadline.due) == due


@pytest.mark.parametrize(
    "table",
    [
        # columns held by spaces but no row number in the first column: a wrapped line cannot be told from a row
        "Nội dung công việc              Cơ quan chuẩn bị      Thời gian\n"
        "Rà soát quy chế làm việc        Văn phòng Đảng ủy     Tháng 02\n",
        # a note naming the columns in a sentence is no header
        "Ghi chú: cột Nội dung công việc  ghi việc; cột Cơ quan chuẩn bị  ghi cơ quan.\n"
        "1. Rà soát quy chế làm việc của Ban Chỉ đạo; Văn phòng Đảng ủy chủ trì, hoàn thành tháng 02/2026.\n",
    ],
)
def test_text_without_a_numbered_fixed_width_table_is_not_read_as_one(table):
    for task in _programme(table).tasks:
        assert "|" not in task.content
        assert task.support == [] or all("Đ/c" not in s for s in task.support)


def test_a_pipe_table_names_its_leader_over_the_row_among_those_working_on_it():
    table = (
        "| Tháng | Nội dung công việc | Ban tham mưu | Lãnh đạo phụ trách |\n"
        "|---|---|---|---|\n"
        "| Tháng 3 | Tập huấn chữ ký số cho cán bộ Hội | Ban Tuyên giáo | Phó Chủ tịch Thường trực |\n"
    )
    (task,) = _programme(table).tasks
    assert task.lead == "Ban Tuyên giáo"
    assert task.support == ["Phó Chủ tịch Thường trực"]


CHECKLIST_HEADER = "TRẠM Y TẾ XÃ AN PHÚ\nSố: 14/KH-TYT          An Phú, ngày 05 tháng 3 năm 2026\n\nKẾ HOẠCH\nSố hóa y tế cơ sở\n\n"

CHECKLIST = """II. DANH MỤC CÔNG VIỆC

A. Tiêm chủng

☐ A1. Rà soát sổ tiêm chủng của 8 thôn, nhập các mũi tiêm còn thiếu
      lên hệ thống quốc gia
   - Sổ có chữ ký của cán bộ thôn
   - Không còn mũi tiêm bị trùng
   Người thực hiện: Nữ hộ sinh Đặng Thị Lan, cùng Công an xã
   Hạn: trước 30/4/2026

☐ A2. Gửi tin nhắn nhắc lịch tiêm (hạn 15/5/2026)
   Người thực hiện: Y sĩ Phan Văn Minh

                                                          Trang 1/2
Trạm Y tế xã An Phú - Kế hoạch số 14/KH-TYT

B. Khám chữa bệnh

☐ B1. Triển khai đơn thuốc điện tử
   Người thực hiện: Dược sĩ Hồ Thị Yến, Phó Trưởng trạm, cùng Trung tâm Y tế huyện
   Hạn: trong quý III/2026

III. TỔ CHỨC THỰC HIỆN
"""


def _checklist_tasks():
    return {t.code: t for t in parse_plan(CHECKLIST_HEADER + CHECKLIST).tasks}


def test_a_boxed_checklist_gives_one_task_a_box_with_its_wrapped_title():
    tasks = _checklist_tasks()
    assert sorted(tasks) == ["A1", "A2", "B1"]
    assert tasks["A1"].content == (
        "Rà soát sổ tiêm chủng của 8 thôn, nhập các mũi tiêm còn thiếu lên hệ thống quốc gia"
    )
    assert tasks["B1"].content == "Triển khai đơn thuốc điện tử"  # the page's footer and header left out


@pytest.mark.parametrize(
    ("code", "lead", "support", "due", "section"),
    [
        ("A1", "Nữ hộ sinh Đặng Thị Lan", ["Công an xã"], "2026-04-30", "A. Tiêm chủng"),
        ("A2", "Y sĩ Phan Văn Minh", [], "2026-05-15", "A. Tiêm chủng"),
        (
            "B1",
            "Dược sĩ Hồ Thị Yến, Phó Trưởng trạm",
            ["Trung tâm Y tế huyện"],
            "2026-09-30",
            "B. Khám chữa bệnh",
        ),
    ],
)
def test_a_checklist_task_takes_its_person_partners_after_cung_and_its_time(
    code, lead, support, due, section
):
    task = _checklist_tasks()[code]
    assert (task.lead, task.support, str(task.deadline.due), task.section) == (lead, support, due, section)


def test_the_dash_lines_under_a_box_are_its_acceptance_criteria_not_tasks():
    task = _checklist_tasks()["A1"]
    assert task.result == "Sổ có chữ ký của cán bộ thôn; Không còn mũi tiêm bị trùng"


def test_a_plan_with_a_single_box_is_not_read_as_a_checklist():
    text = CHECKLIST_HEADER + (
        "II. NHIỆM VỤ\n\n1. Số hóa sổ tiêm chủng. Trạm Y tế chủ trì; hoàn thành trước 30/4/2026.\n"
        "☐ Đã gửi kèm biểu mẫu số 01\n"
    )
    codes = [t.code for t in parse_plan(text).tasks]
    assert codes == ["1"]


WORD_TABLE = (
    "| Lĩnh vực | TT | Nội dung | Thời gian bắt đầu | Thời gian kết thúc | Đơn vị chủ trì | Ghi chú |\n"
    "|---|---|---|---|---|---|---|\n"
    "| Hạ tầng | 1 | Lắp mạng không dây tại trụ sở cơ quan | 02/2026 | 30/4/2026 | Ban Tài chính | Phối hợp: Ban Tổ chức |\n"
    "| | 2 | Mua sắm máy chủ lưu trữ dữ liệu | Quý I/2026 | 30/6/2026 | Ban Tài chính | |\n"
    "| Chăm lo | 3 | Nhận hồ sơ hỗ trợ qua biểu mẫu trực tuyến | 3/2026 | 31/8/2026 | Ban Tuyên giáo | |\n"
    "| người lao động | 4 | Tư vấn pháp luật qua tổng đài | - | Thường xuyên | Ban Tuyên giáo | |\n"
)


def _word_table_tasks():
    plan = parse_plan(
        CHECKLIST_HEADER + "III. NHIỆM VỤ CỤ THỂ\n\n" + WORD_TABLE + "\nIV. TỔ CHỨC THỰC HIỆN\n"
    )
    return {t.code: t for t in plan.tasks}


@pytest.mark.parametrize(("code", "due"), [("1", "2026-04-30"), ("2", "2026-06-30"), ("3", "2026-08-31")])
def test_a_row_is_due_when_its_end_column_says_not_when_it_starts(code, due):
    assert str(_word_table_tasks()[code].deadline.due) == due


@pytest.mark.parametrize(
    ("code", "group"),
    [
        ("1", "Hạ tầng"),
        ("2", "Hạ tầng"),
        # the merged cell's second line, in lower case, carries the name on
        ("3", "Chăm lo người lao động"),
        ("4", "Chăm lo người lao động"),
    ],
)
def test_a_merged_group_column_names_the_section_of_its_rows(code, group):
    assert _word_table_tasks()[code].section == group


def test_a_single_time_column_stays_the_deadline():
    table = (
        "| TT | Nội dung | Thời gian thực hiện | Đơn vị chủ trì |\n|---|---|---|---|\n"
        "| 1 | Lắp mạng không dây tại trụ sở | 30/4/2026 | Ban Tài chính |\n"
    )
    plan = parse_plan(CHECKLIST_HEADER + "III. NHIỆM VỤ\n\n" + table)
    assert [str(t.deadline.due) for t in plan.tasks] == ["2026-04-30"]


@pytest.mark.parametrize(
    ("sentence", "frequency", "day", "month"),
    [
        ("các ban báo cáo kết quả về Văn phòng trước ngày 20 của tháng cuối quý.", "quarterly", 20, 3),
        ("các ban báo cáo kết quả về Văn phòng trước ngày 05 tháng đầu quý sau.", "quarterly", 5, 1),
    ],
)
def test_a_day_of_the_last_month_of_the_quarter_is_a_quarterly_report(sentence, frequency, day, month):
    text = CHECKLIST_HEADER + "III. TỔ CHỨC THỰC HIỆN\n\n1. Chế độ báo cáo: " + sentence + "\n"
    (duty,) = parse_plan(text).duties
    assert (duty.frequency, duty.day, duty.month) == (frequency, day, month)


def test_a_day_of_a_month_named_by_number_is_no_quarterly_report():
    text = CHECKLIST_HEADER + (
        "III. TỔ CHỨC THỰC HIỆN\n\n1. Chế độ báo cáo: các ban báo cáo kết quả về Văn phòng trước ngày 20 "
        "của tháng 6 năm 2026.\n"
    )
    assert all(d.frequency != "quarterly" for d in parse_plan(text).duties)


@pytest.mark.parametrize(
    ("header", "issuer"),
    [
        (
            "UBND XÃ AN PHÚ                  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "TRẠM Y TẾ                         Độc lập - Tự do - Hạnh phúc\n\n"
            "Số: 14/KH-TYT          An Phú, ngày 05 tháng 3 năm 2026\n",
            "Trạm Y tế xã An Phú",
        ),
        (
            "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAM HÀ         Độc lập - Tự do - Hạnh phúc\n"
            "Số: 30/KH-LĐLĐ          Lam Hà, ngày 05 tháng 3 năm 2026\n",
            "Liên đoàn Lao động tỉnh Lam Hà",
        ),
        # the commune's committee issuing on its own is unchanged
        (
            "UBND XÃ AN PHÚ                  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Số: 14/KH-UBND          An Phú, ngày 05 tháng 3 năm 2026\n",
            "UBND xã An Phú",
        ),
    ],
)
def test_a_health_station_or_labour_federation_under_its_parent_issues_on_its_own(header, issuer):
    plan = parse_plan(header + "\nKẾ HOẠCH\nChuyển đổi số năm 2026\n\nII. NHIỆM VỤ\n1. Số hóa hồ sơ.\n")
    assert plan.issuer == issuer


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        # "chuẩn bị" beside a body: the programme's preparing body, its lead, not a topic word
        ("ban xây dựng đảng chuẩn bị những nội dung nào", ["ban", "xay", "dung"]),
        ("ai chuẩn bị đề án chợ phiên", ["de", "an", "phien"]),
        # "phải trình": what the programme puts to the committee, no topic
        ("quý 2 có những nội dung gì phải trình", []),
        # "trình" of "chương trình" stays a word of the topic
        ("chương trình thi trực tuyến ai chủ trì", ["chuong", "trinh", "thi", "truc", "tuyen"]),
    ],
)
def test_a_programme_s_preparing_and_submitting_words_are_no_topic(question, terms):
    assert parse_question(question, date(2026, 3, 16)).terms == terms


@pytest.mark.parametrize(
    ("question", "plan_attr"),
    [
        # "những nội dung nào" of a programme asks its items (its tasks), as "những việc nào" does
        ("đồng chí Trần Văn Bình phụ trách những nội dung nào trong ct 12", None),
        ("ct 12 có những nội dung nào", None),
        # its main contents are the programme's summary
        ("kh 12 gồm những nội dung chính nào", "summary"),
    ],
)
def test_a_programme_s_items_asked_as_nhung_noi_dung_are_its_tasks(question, plan_attr):
    q = parse_question(question, date(2026, 3, 16))
    assert (q.plan_ref, q.plan_attr) == ("12", plan_attr)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("ldld tỉnh lam hà có việc gì", "lien doan lao dong tinh lam ha"),
        ("trạm yt xã an phú", "tram y te xa an phu"),
        # "y" alone and words holding the letters stay as typed
        ("yêu cầu của ttyt", "yeu cau cua trung tam y te"),
    ],
)
def test_a_labour_federation_and_health_abbreviations_are_spelled_out(typed, read):
    assert read in expand(fold(typed))

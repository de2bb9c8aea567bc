"""Layouts the parser first met in question set L, on texts written for these tests: numbered paragraphs
opening with their lead ("3. (Sở Y tế chủ trì) …", "4. **Sở Xây dựng:** …") and closing with "– Thời hạn: …"
(sometimes on a line of its own), a Party resolution's prose paragraphs of several timed work sentences
closed by "Giao X chủ trì …; Y chủ trì …", a table whose unit cell names the lead then "PH: …" partners,
the first term of a school year, work "từ quý …", a ranking target and the heading of a resolution or
action programme."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.deadline import parse_deadline, parse_deadline_cell
from knowledge.plan_parser import parse_plan

HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH BẮC LAM\nSố: 731/KH-UBND\nBắc Lam, ngày 05 tháng 3 năm 2026\n"
    "KẾ HOẠCH\nỨng dụng công nghệ số trên địa bàn tỉnh năm 2026\n\n"
)

LEAD_FIRST = """III. NHIỆM VỤ, GIẢI PHÁP

A. DỮ LIỆU VÀ HẠ TẦNG

1. (Sở Y tế chủ trì) Kết nối phần mềm quản lý trạm y tế với hồ sơ sức khỏe điện tử; phối hợp Bảo hiểm xã hội tỉnh.
– Thời hạn: Quý III/2026.

2. (Đề nghị Hội Cựu chiến binh tỉnh chủ trì) Vận động hội viên cài đặt ứng dụng định danh điện tử; phối hợp
Công an tỉnh. – Thời hạn: trước 31/8/2026.

3. Sở Nội vụ: chuẩn hóa hồ sơ cán bộ, công chức trên phần mềm quản lý của tỉnh; phối hợp các sở, ban,
ngành. – Thời hạn: Tháng 7/2026.

4. **Sở Xây dựng:** số hóa hồ sơ cấp phép xây dựng còn lưu trữ; phối hợp Sở Tài chính. – Thời hạn: Năm 2027.

B. THANH TOÁN SỐ

5. (Ngân hàng Nhà nước Khu vực 4 chủ trì) Mở rộng thanh toán bằng mã QR tại chợ đầu mối; phối hợp Agribank,
VietinBank, BIDV chi nhánh Bắc Lam. – Thời hạn: Thường xuyên.
"""


def _by_code(text: str) -> dict[str, object]:
    return {t.code: t for t in parse_plan(text).tasks}


@pytest.mark.parametrize(
    ("code", "lead", "support", "due", "opens"),
    [
        ("1", "Sở Y tế", ["Bảo hiểm xã hội tỉnh"], date(2026, 9, 30), "(Sở Y tế chủ trì) Kết nối"),
        ("2", "Hội Cựu chiến binh tỉnh", ["Công an tỉnh"], date(2026, 8, 31), "(Đề nghị Hội Cựu chiến binh"),
        ("3", "Sở Nội vụ", ["Các sở, ban, ngành"], date(2026, 7, 31), "Sở Nội vụ: chuẩn hóa"),
        ("4", "Sở Xây dựng", ["Sở Tài chính"], date(2027, 12, 31), "Sở Xây dựng: số hóa"),
        (
            "5",
            "Ngân hàng Nhà nước Khu vực 4",
            ["Agribank", "VietinBank", "BIDV chi nhánh Bắc Lam"],
            None,
            "(",
        ),
    ],
)
def test_numbered_paragraphs_open_with_their_lead(code, lead, support, due, opens):
    tasks = _by_code(HEAD + LEAD_FIRST)
    assert sorted(tasks) == ["1", "2", "3", "4", "5"]  # the number is the code; no task without a lead
    task = tasks[code]
    assert task.lead == lead
    assert task.support == support
    assert task.deadline.due == due
    assert task.content.startswith(opens) and "**" not in task.content


def test_a_time_line_under_a_paragraph_ends_that_task():
    text = (
        HEAD
        + "II. NHIỆM VỤ\n\nTổ chức tập huấn kỹ năng số cho cán bộ một cửa; Văn phòng UBND tỉnh chủ trì.\n"
    )
    text += "– Thời hạn: Tháng 5/2026.\n"
    tasks = parse_plan(text).tasks
    assert len(tasks) == 1
    assert tasks[0].deadline.due == date(2026, 5, 31)
    assert tasks[0].lead == "Văn phòng UBND tỉnh"


RESOLUTION = """ĐẢNG BỘ TỈNH BẮC LAM                                ĐẢNG CỘNG SẢN VIỆT NAM
ĐẢNG ỦY XÃ TRÀ LINH                                Trà Linh, ngày 02 tháng 4 năm 2026
        *
Số 11-NQ/ĐU

{kind}
của Ban Chấp hành Đảng bộ xã về chuyển đổi số trong nông nghiệp đến năm 2027

Ban Chấp hành Đảng bộ xã thống nhất ban hành Nghị quyết (thay thế Nghị quyết số 05-NQ/ĐU ngày 12/02/2025).

I. NHIỆM VỤ VÀ GIẢI PHÁP

1. Đưa nông sản lên môi trường số

Mở gian hàng cho cam Trà Linh trên sàn thương mại điện tử, hoàn thành trong tháng 10/2026. Tập huấn \
livestream bán hàng cho thanh niên nông thôn, tổ chức hằng năm. Cấp mã vùng trồng cho các vườn cam, hoàn \
thành trước 30/6/2027. Giao đồng chí Phó Chủ tịch UBND xã chỉ đạo Phòng Kinh tế chủ trì việc mở gian hàng \
và việc cấp mã vùng trồng, phối hợp với Hợp tác xã Cam Trà Linh; Đoàn Thanh niên xã chủ trì tập huấn \
livestream bán hàng.

II. TỔ CHỨC THỰC HIỆN

1. Văn phòng Đảng ủy: theo dõi, tổng hợp kết quả thực hiện Nghị quyết.
"""


@pytest.mark.parametrize(
    ("words", "lead", "support", "due"),
    [
        ("Mở gian hàng", "Phòng Kinh tế", ["Hợp tác xã Cam Trà Linh"], date(2026, 10, 31)),
        ("Tập huấn livestream", "Đoàn Thanh niên xã", [], None),
        ("Cấp mã vùng trồng", "Phòng Kinh tế", ["Hợp tác xã Cam Trà Linh"], date(2027, 6, 30)),
    ],
)
def test_a_resolution_paragraph_is_a_task_per_work_sentence(words, lead, support, due):
    plan = parse_plan(RESOLUTION.format(kind="NGHỊ QUYẾT CHUYÊN ĐỀ"))
    assert len(plan.tasks) == 3  # the giving sentence and the closing duties are no tasks
    (task,) = [t for t in plan.tasks if t.content.startswith(words)]
    assert task.lead == lead
    assert task.support == support
    assert task.deadline.due == due
    if due is None:
        assert task.deadline.kind == "recurring"  # "tổ chức hằng năm"


@pytest.mark.parametrize("kind", ["NGHỊ QUYẾT CHUYÊN ĐỀ", "NGHỊ QUYẾT", "CHƯƠNG TRÌNH HÀNH ĐỘNG"])
def test_a_resolution_has_its_title_number_and_replaced_resolution(kind):
    plan = parse_plan(RESOLUTION.format(kind=kind))
    assert plan.number == "11-NQ/ĐU"
    assert plan.title.startswith("của Ban Chấp hành Đảng bộ xã về chuyển đổi số trong nông nghiệp")
    assert plan.replaces == ["05-NQ/ĐU"]


def test_a_paragraph_without_a_giving_sentence_stays_one_task():
    text = RESOLUTION.format(kind="NGHỊ QUYẾT").replace("Giao đồng chí", "Đồng chí")
    assert len(parse_plan(text).tasks) == 1


TABLE = """III. NHIỆM VỤ CỤ THỂ

| Nhiệm vụ | Đơn vị thực hiện | Thời gian |
|---|---|---|
| **I. GIÁO DỤC SỐ** | | |
| 1. Cấp tài khoản học trực tuyến cho học sinh,<br>hướng dẫn phụ huynh sử dụng | Phòng Văn hóa - Xã hội<br>PH: các trường tiểu học, trung học cơ sở | Học kỳ I năm học 2026 - 2027 |
| 2. Lắp camera tại các cổng trường | Công an xã; PH: Phòng Kinh tế, Hạ tầng và Đô thị; Bưu điện xã | Quý IV/2026 |
| 3. Thu tiền điện, nước qua ứng dụng ngân hàng | Phòng Kinh tế; PH: Vietcombank Chi nhánh Bắc Lam; Ban Quản lý chợ | Học kỳ II năm học 2026 - 2027 |
"""


@pytest.mark.parametrize(
    ("code", "lead", "support", "due"),
    [
        ("1", "Phòng Văn hóa – Xã hội", ["các trường tiểu học, trung học cơ sở"], date(2027, 1, 31)),
        ("2", "Công an xã", ["Phòng Kinh tế, Hạ tầng và Đô thị", "Bưu điện xã"], date(2026, 12, 31)),
        ("3", "Phòng Kinh tế", ["Vietcombank Chi nhánh Bắc Lam", "Ban Quản lý chợ"], date(2027, 5, 31)),
    ],
)
def test_a_unit_cell_names_the_lead_then_its_partners(code, lead, support, due):
    tasks = _by_code(HEAD + TABLE)
    task = tasks[code]
    assert task.lead == lead
    assert task.support == support
    assert task.deadline.due == due
    assert "<br>" not in task.content and not task.content[0].isdigit()


@pytest.mark.parametrize(
    ("text", "kind", "due"),
    [
        ("Học kỳ I năm học 2027 - 2028", "month", date(2028, 1, 31)),
        ("hoàn thành trong học kỳ 1 năm học 2026-2027.", "month", date(2027, 1, 31)),
        ("Học kỳ II năm học 2027 - 2028", "month", date(2028, 5, 31)),
        ("Mở điểm hỗ trợ người dân, thực hiện từ quý III/2026.", "recurring", None),
    ],
)
def test_school_terms_and_work_from_a_quarter(text, kind, due):
    deadline = parse_deadline_cell(text) if len(text) < 30 else parse_deadline(text)
    assert (deadline.kind, deadline.due) == (kind, due)


def test_a_place_in_a_ranking_is_a_target():
    text = HEAD + (
        "II. CHỈ TIÊU\n\nĐến hết năm 2027: 90% hộ gia đình có cáp quang; chỉ số cải cách hành chính (PAR INDEX)"
        " của tỉnh nằm trong nhóm 15 tỉnh dẫn đầu cả nước.\n\nIII. NHIỆM VỤ\n\n1. Sở Nội vụ chủ trì rà soát"
        " thủ tục hành chính, hoàn thành trong năm 2027.\n"
    )
    targets = {t.indicator: t.values for t in parse_plan(text).targets}
    assert targets["Chỉ số cải cách hành chính (PAR INDEX) của tỉnh"] == {
        "2027": "nhóm 15 tỉnh dẫn đầu cả nước"
    }


DISPATCH = """\
ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHƯỜNG AN BÌNH                              Độc lập - Tự do - Hạnh phúc

Số: 775/UBND-VP                        An Bình, ngày 03 tháng 10 năm 2025
V/v triển khai chuyển đổi số năm 2025

1. Giao Phòng Văn hóa - Xã hội rà soát dữ liệu dân cư, hoàn thành trước 30/11/2025.
"""


@pytest.mark.parametrize(("symbol", "number"), [("775/UBND-VP", "775/UBND-VP"), ("57/ĐU-VP", "57/ĐU-VP")])
def test_a_dispatch_is_numbered_by_its_labelled_symbol(symbol, number):
    plan = parse_plan(DISPATCH.replace("775/UBND-VP", symbol))
    assert (plan.number, plan.issuer) == (number, "UBND phường An Bình")


IN_CHARGE_TABLE = """\
ỦY BAN NHÂN DÂN XÃ TÂN PHONG

Số: 88/KH-UBND                                Tân Phong, ngày 02 tháng 9 năm 2025

KẾ HOẠCH
Chuyển đổi số xã Tân Phong năm 2025

| Nội dung công việc | Thời gian | Người/đơn vị phụ trách | Ghi chú |
|---|---|---|---|
| Rà soát dữ liệu hộ nghèo trên phần mềm | Tháng 10/2025 | Công chức Lao động - Thương binh và Xã hội | |
| Lắp wifi miễn phí tại nhà văn hóa thôn | Quý I/2026 | Đ/c Phó Chủ tịch UBND xã | |
"""


def test_a_column_of_the_one_in_charge_gives_the_lead_when_none_says_chu_tri():
    plan = parse_plan(IN_CHARGE_TABLE)
    assert [t.lead for t in plan.tasks] == [
        "Công chức Lao động - Thương binh và Xã hội",
        "Đ/c Phó Chủ tịch UBND xã",
    ]

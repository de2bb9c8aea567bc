"""Questions about a province and its communes, headings that carry a topic, "my tasks", outside bodies as
collectives, partners the unit registry does not know, and targets written as goals.

The plans are written here (an invented province, Lam Giang, and another, Hạ Sơn), parsed and saved through
the real pipeline (knowledge.plan_parser.parse_plan, storage.plans.save_plan)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.assistant import Asker, Assistant
from knowledge import answer as ans
from knowledge.deadline import parse_deadline
from knowledge.plan_parser import parse_plan
from knowledge.plan_parser.region import plan_region
from knowledge.question import parse_question
from knowledge.units import COLLECTIVE_INSTITUTIONS, COLLECTIVE_UNITS, collective_kind
from knowledge.vocabulary import expand
from storage.plans import save_plan
from storage.search import Searcher

TODAY = date(2025, 10, 1)
NOBODY = Asker(person_id=None, name="", role="member", unit_id=None, unit_name=None)

DEPARTMENT = """\
UBND TỈNH LAM GIANG                         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ Y TẾ                                          Độc lập - Tự do - Hạnh phúc

Số: 501/KH-SYT                                Lam Giang, ngày 04 tháng 8 năm 2025

KẾ HOẠCH
Chuyển đổi số ngành y tế năm 2025

I. MỤC TIÊU ĐẾN HẾT NĂM 2025

- 90% trạm y tế xã sử dụng bệnh án điện tử.
- Phấn đấu 100% cơ sở khám bệnh chấp nhận thanh toán không dùng tiền mặt trước 31/12/2025.

II. NHIỆM VỤ

1. An toàn thông tin

1.1. Diễn tập ứng cứu sự cố mạng cho các bệnh viện tuyến tỉnh. Phòng Kế hoạch chủ trì, phối hợp Viettel Lam Giang; hoàn thành trước 30/11/2025.

1.2. Rà soát phần mềm diệt virus trên máy trạm. Phòng Kế hoạch chủ trì; hoàn thành trước 15/12/2025.

2. Hạ tầng số và an toàn thông tin

2.1. Nâng cấp đường truyền cho trạm y tế xã. Trung tâm Chuyển đổi số chủ trì, phối hợp Công ty Cổ phần Dược Lam Giang; hoàn thành trước 20/12/2025.

2.2. Cài đặt tường lửa cho trung tâm dữ liệu ngành. Phòng Kế hoạch chủ trì, phối hợp Phòng Tổ chức; hoàn thành trong quý IV/2025.

2.3. Triển khai kê đơn điện tử tại các trạm y tế. Các cơ sở khám bệnh chủ trì, phối hợp Phòng Tổ chức; hoàn thành trong tháng 12/2025.
"""

COMMUNE = """\
ĐẢNG BỘ TỈNH LAM GIANG                         ĐẢNG CỘNG SẢN VIỆT NAM
ĐẢNG ỦY XÃ PHÚ DIÊN
        *
Số 14-KH/ĐU                                    Phú Diên, ngày 10 tháng 8 năm 2025

KẾ HOẠCH
thực hiện Nghị quyết số 57-NQ/TW trên địa bàn xã

Thực hiện Kế hoạch số 22-KH/TU của Ban Thường vụ Tỉnh ủy Lam Giang, Đảng ủy xã ban hành Kế hoạch như sau:

I. NHIỆM VỤ

1. Số hóa sổ sách của các chi bộ (Văn phòng Đảng ủy chủ trì; các chi bộ phối hợp; hoàn thành trước 30/11/2025).

2. Đấu tranh phản bác quan điểm sai trái trên mạng xã hội (Ban Chỉ đạo 35 Đảng ủy xã chủ trì; Công an xã phối hợp; thời gian: thường xuyên).

3. Lắp wifi miễn phí tại chợ Phú Diên (Ủy ban nhân dân xã chủ trì; Viettel Lam Giang, Bưu điện xã Phú Diên phối hợp; hoàn thành trước 31/12/2025).
"""

OTHER_PROVINCE = """\
ỦY BAN NHÂN DÂN                           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ ĐÔNG KHÊ                                     Độc lập - Tự do - Hạnh phúc

Số: 77/KH-UBND                                 Đông Khê, ngày 12 tháng 8 năm 2025

KẾ HOẠCH
Chuyển đổi số xã Đông Khê năm 2025

Căn cứ Kế hoạch số 90/KH-UBND ngày 01/7/2025 của UBND tỉnh Hạ Sơn, UBND xã ban hành Kế hoạch như sau.

I. NHIỆM VỤ

1. Lắp camera an ninh tại chợ Đông Khê. Công an xã chủ trì, phối hợp Viettel Hạ Sơn; hoàn thành trước 30/12/2025.
"""


@pytest.fixture
def world(fresh_db):
    for text in (DEPARTMENT, COMMUNE, OTHER_PROVINCE):
        save_plan(fresh_db, parse_plan(text))
    return fresh_db


def found(db, text, *, unit_id=None):
    result = Searcher(db).search(parse_question(text, TODAY), today=TODAY, asker_unit_id=unit_id)
    # A task's content is its whole item ("… Phòng Kế hoạch chủ trì; hoàn thành …"): its first sentence.
    return result, [t["content"].split(". ")[0].split(" (")[0].rstrip(".") + "." for t in result.tasks]


# --- the province a plan belongs to ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ĐẢNG BỘ TỈNH LAM GIANG            ĐẢNG CỘNG SẢN VIỆT NAM\nĐẢNG ỦY XÃ PHÚ DIÊN", "tỉnh Lam Giang"),
        ("UBND XÃ AN KHÊ\nThực hiện Kế hoạch số 5/KH-UBND của UBND tỉnh Hạ Sơn.", "tỉnh Hạ Sơn"),
        (
            "ĐẢNG ỦY XÃ AN KHÊ\nThực hiện Kế hoạch số 22-KH/TU của Ban Thường vụ Tỉnh ủy Lam Giang.",
            "tỉnh Lam Giang",
        ),
        ("UBND THÀNH PHỐ BẢO AN\nSỞ NỘI VỤ", "thành phố Bảo An"),
        ("UBND XÃ AN KHÊ\nKẾ HOẠCH chuyển đổi số cấp tỉnh", None),
        ("UBND XÃ AN KHÊ\nđể báo cáo tình hình", None),
    ],
)
def test_the_province_is_read_from_the_header_and_preamble(header, expected):
    assert plan_region(header) == expected


def test_plans_of_a_province_include_its_communes_plans(world):
    answer = Assistant(world).ask("ds ke hoach cua tinh Lam Giang", NOBODY, today=TODAY).text
    assert "501/KH-SYT" in answer and "14-KH/ĐU" in answer
    assert "77/KH-UBND" not in answer


def test_a_company_named_alone_means_its_branches_within_the_province(world):
    result, contents = found(world, "Viettel phoi hop nhung viec gi o tinh Lam Giang")
    assert sorted(contents) == sorted(
        [
            "Diễn tập ứng cứu sự cố mạng cho các bệnh viện tuyến tỉnh.",
            "Lắp wifi miễn phí tại chợ Phú Diên.",
        ]
    )
    _result, everywhere = found(world, "Viettel phoi hop nhung viec gi")
    assert len(everywhere) == 3  # Viettel Hạ Sơn's too


def test_a_body_followed_by_its_province_is_that_body_in_that_provinces_plans(world):
    result, contents = found(world, "TT chuyen doi so tinh Lam Giang lam nhung nv nao")
    assert contents == ["Nâng cấp đường truyền cho trạm y tế xã."]
    assert result.unit is not None and result.unit.name == "Trung tâm Chuyển đổi số"


# --- headings, leads of a Party committee's bodies, partners ---------------------------------------


def test_a_heading_that_is_the_topic_brings_its_tasks_but_a_wider_one_does_not(world):
    _result, contents = found(world, "kh 501 cac viec ve an toan thong tin")
    assert "Rà soát phần mềm diệt virus trên máy trạm." in contents  # under "1. An toàn thông tin" only
    assert "Nâng cấp đường truyền cho trạm y tế xã." not in contents  # "Hạ tầng số và an toàn thông tin"


FIELDED = """\
ỦY BAN NHÂN DÂN                           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHƯỜNG TÂY SƠN                                    Độc lập - Tự do - Hạnh phúc

Số: 51/KH-UBND                                 Tây Sơn, ngày 02 tháng 9 năm 2025

KẾ HOẠCH
Chuyển đổi số phường Tây Sơn năm 2025

II. NHIỆM VỤ

1. Phủ sóng wifi miễn phí tại công viên trung tâm phường.
- Chủ trì: Phòng Kinh tế, Hạ tầng và Đô thị
- Phối hợp: VNPT Hạ Sơn
- Thời gian: tháng 12/2025

2. Số hóa hồ sơ hộ tịch.
- Chủ trì: Phòng Văn hóa - Xã hội
- Phối hợp: Công an phường
- Thời gian: quý IV/2025

3. Triển khai hóa đơn điện tử khởi tạo từ máy tính tiền cho hộ kinh doanh.
- Chủ trì: Phòng Kinh tế, Hạ tầng và Đô thị
- Phối hợp: Thuế cơ sở 5 tỉnh Lam Giang
- Thời gian: trước 30/11/2025
"""


@pytest.mark.parametrize(
    "question",
    [
        "ai phoi hop vs p kt lam wifi cong vien trung tam",
        "ai phối hợp với Phòng Kinh tế phủ sóng wifi công viên",
    ],
)
def test_who_works_with_a_body_named_after_voi_asks_of_the_task_that_body_leads(fresh_db, question):
    save_plan(fresh_db, parse_plan(FIELDED))
    result = Searcher(fresh_db).search(parse_question(question, TODAY), today=TODAY)
    assert result.tasks and result.tasks[0]["content"].startswith("Phủ sóng wifi miễn phí")


def test_who_coordinates_names_a_partner_as_written_when_the_registry_does_not_know_it(fresh_db):
    save_plan(fresh_db, parse_plan(FIELDED))
    answer = Assistant(fresh_db).ask("ai phoi hop lam hoa don dt tu may tinh tien", NOBODY, today=TODAY)
    assert "Thuế cơ sở 5 tỉnh Lam Giang" in answer.replies[0].text
    result = Searcher(fresh_db).search(parse_question("Thuế cơ sở 5 phối hợp việc gì", TODAY), today=TODAY)
    assert [t["content"][:30] for t in result.tasks] == ["Triển khai hóa đơn điện tử khở"]


@pytest.mark.parametrize("words", ["cac phong so y te bc dinh ky the nao", "chi tieu cua so y te lam giang"])
def test_a_department_that_leads_no_task_is_found_by_the_plans_it_issued(world, words):
    assert [p["number"] for p in Searcher(world).plans_of_body_named(words)] == ["501/KH-SYT"]


def test_a_wider_heading_saying_the_topic_brings_its_tasks_when_nothing_else_does(world):
    _result, contents = found(world, "kh 501 co nv nao ve ha tang so")
    assert "Nâng cấp đường truyền cho trạm y tế xã." in contents  # "2. Hạ tầng số và an toàn thông tin"
    assert "Rà soát phần mềm diệt virus trên máy trạm." not in contents  # "1. An toàn thông tin"


def test_a_body_of_the_party_committee_leads_and_cells_written_in_lower_case_coordinate(world):
    tasks = {t.content.split(" (")[0]: t for t in parse_plan(COMMUNE).tasks}
    assert tasks["Đấu tranh phản bác quan điểm sai trái trên mạng xã hội"].lead == "Ban Chỉ đạo 35 Đảng ủy xã"
    assert tasks["Số hóa sổ sách của các chi bộ"].support == ["Các chi bộ"]


def test_a_partner_the_registry_does_not_know_is_found_by_its_name(world):
    _result, contents = found(world, "cty cp duoc lam giang phoi hop gi")
    assert contents == ["Nâng cấp đường truyền cho trạm y tế xã."]


# --- "my tasks" and outside bodies --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Các cơ sở giáo dục", COLLECTIVE_INSTITUTIONS),
        ("Các doanh nghiệp", COLLECTIVE_INSTITUTIONS),
        ("Các ngân hàng thương mại", COLLECTIVE_INSTITUTIONS),
        ("Các tổ chức tín dụng", COLLECTIVE_INSTITUTIONS),
        ("Các chi đoàn trực thuộc", "party_cells"),
        ("Các chi hội", "party_cells"),
        ("Các phòng, ban, ngành", COLLECTIVE_UNITS),
        ("Các cơ quan, đơn vị", COLLECTIVE_UNITS),
    ],
)
def test_outside_bodies_are_a_collective_of_their_own(name, kind):
    assert collective_kind(name) == kind


def test_my_tasks_are_those_my_unit_leads_and_the_answer_counts_the_others(world):
    unit_id = world.execute("SELECT id FROM units WHERE name = 'Phòng Tổ chức'").fetchone()[0]
    asker = Asker(person_id=None, name="", role="member", unit_id=unit_id, unit_name="Phòng Tổ chức")
    answer = Assistant(world).ask("nv cua toi", asker, today=TODAY).text
    # Phòng Tổ chức leads nothing: what it coordinates is shown; the schools' task is not "mine".
    assert "Cài đặt tường lửa" in answer
    lead_id = world.execute("SELECT id FROM units WHERE name = 'Phòng Kế hoạch'").fetchone()[0]
    asker = Asker(person_id=None, name="", role="member", unit_id=lead_id, unit_name="Phòng Kế hoạch")
    answer = Assistant(world).ask("nhiệm vụ của tôi", asker, today=TODAY).text
    assert "Rà soát phần mềm diệt virus" in answer and "Triển khai kê đơn điện tử" not in answer


def test_my_tasks_say_how_many_more_my_unit_coordinates(world):
    unit_id = world.execute("SELECT id FROM units WHERE name = 'Phòng Tổ chức'").fetchone()[0]
    save_plan(
        world,
        parse_plan(
            DEPARTMENT.replace("501/KH-SYT", "502/KH-SYT").replace(
                "1.2. Rà soát phần mềm diệt virus trên máy trạm. Phòng Kế hoạch chủ trì",
                "1.2. Rà soát phần mềm diệt virus trên máy trạm. Phòng Tổ chức chủ trì",
            )
        ),
    )
    unit_ids = [r[0] for r in world.execute("SELECT id FROM units WHERE name = 'Phòng Tổ chức'").fetchall()]
    assert unit_id in unit_ids
    asker = Asker(person_id=None, name="", role="member", unit_id=unit_id, unit_name="Phòng Tổ chức")
    answer = Assistant(world).ask("nv cua toi", asker, today=TODAY).text
    assert "Rà soát phần mềm diệt virus" in answer
    assert "phối hợp 4 nhiệm vụ" in answer  # the firewall and the prescriptions of both plans, not listed


# --- targets written as goals --------------------------------------------------------------------


def test_goals_under_a_dated_heading_and_goals_ending_with_their_date_are_targets():
    targets = {g.indicator: g for g in parse_plan(DEPARTMENT).targets}
    assert targets["Trạm y tế xã sử dụng bệnh án điện tử"].values == {"2025": "90%"}
    dated = "Cơ sở khám bệnh chấp nhận thanh toán không dùng tiền mặt trước 31/12/2025"
    assert targets[dated].values == {"2025": "100%"}


# --- how questions are read ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "issuer", "terms"),
    [
        ("dang uy tuong van tre han nhung viec gi", "dang uy tuong van", []),
        ("trong kh dang uy tuong van co muc nao ve cho ko", "dang uy tuong van", ["cho"]),
        ("xa yen binh co viec gi lien quan cay che ko", "xa yen binh", ["che"]),
    ],
)
def test_party_committees_places_and_topics_after_ve(text, issuer, terms):
    q = parse_question(text, TODAY)
    assert q.issuer_text == issuer
    assert q.terms == terms


def test_a_plans_date_asked_with_ra_ngay_nao_is_a_fact_of_the_plan():
    q = parse_question("kh 12 cua dang uy p ngoc son ra ngay nao", TODAY)
    assert (q.plan_ref, q.plan_attr) == ("12", "issued_on")


@pytest.mark.parametrize(
    ("text", "plan_ref", "attr", "issuer"),
    [
        (
            "chương trình hành động 24 của đảng ủy kim lũy ban hành ngày nào",
            "24",
            "issued_on",
            "dang uy kim luy",
        ),
        ("kh 268 thay kh nao", "268", "replaces", None),
        ("xa tan khuong ban hanh kh cds so may, ngay nao", None, "summary", "xa tan khuong"),
        ("doan xa cam lam ban hanh kh ngay nao", None, "issued_on", "doan xa cam lam"),
        ("ke hoach cua xa cam lam so may", None, "summary", "xa cam lam"),
    ],
)
def test_plans_named_as_programmes_by_place_or_by_what_they_replace(text, plan_ref, attr, issuer):
    q = parse_question(text, TODAY)
    assert (q.plan_ref, q.plan_attr, q.issuer_text) == (plan_ref, attr, issuer)


def test_lam_after_a_place_is_the_verb_only_before_what_is_done():
    assert parse_question("xa tan an lam nhung viec gi", TODAY).issuer_text == "xa tan an"
    assert parse_question("xa cam lam co viec gi", TODAY).issuer_text == "xa cam lam"


@pytest.mark.parametrize(
    ("typed", "expanded"),
    [
        ("so vh tt dl con han nao", "so vhttdl con han nao"),
        ("tram y te x phuoc loc", "tram y te xa phuoc loc"),
        ("btv doan xa", "ban thuong vu doan xa"),
        ("kq cds", "ket qua chuyen doi so"),
        ("so tt va tt", "so tt va tt"),  # one pair of initials is not a body's
        # "nn": "nhà nước" after what the state owns or runs, else left as typed
        ("dung ngan sach nn", "dung ngan sach nha nuoc"),
        ("co quan nn cap tinh", "co quan nha nuoc cap tinh"),
        ("khuyen nong nn", "khuyen nong nn"),
        # "p" before a ward's name is "phường", before an office's field "phòng"
        ("p van loc co viec gi", "phuong van loc co viec gi"),
        ("p van hoa co viec gi", "phong van hoa co viec gi"),
        ("p tai chinh", "phong tai chinh"),
        # "sổ tay đv": the Party member's handbook
        ("so tay dv dien tu", "so tay dang vien dien tu"),
        ("dv chu tri", "dv chu tri"),
        # "ct 52": a programme by its number, not a date or an item
        ("ct 52 cua dang uy", "chuong trinh 52 cua dang uy"),
        ("ct 1/2026", "ct 1/2026"),
        # bodies of the army, hospitals and boards by their initials
        ("bo chqs tinh", "bo chi huy quan su tinh"),
        ("bvdk tinh", "benh vien da khoa tinh"),
        ("bql cac kcn", "ban quan ly cac khu cong nghiep"),
    ],
)
def test_phone_spellings_of_bodies_and_places(typed, expanded):
    assert expand(typed) == expanded


def test_a_province_named_in_the_question_scopes_every_kind_of_question(world):
    _result, contents = found(world, "tinh lam giang co viec nao lien quan wifi")
    assert contents == ["Lắp wifi miễn phí tại chợ Phú Diên."]
    answer = Assistant(world).ask("chỉ tiêu của sở y tế đến 2025 là gì", NOBODY, today=TODAY).text
    assert "90%" in answer and "Trạm y tế xã sử dụng bệnh án điện tử" in answer


def test_a_body_followed_by_the_bare_name_of_its_province(world):
    result, contents = found(world, "phong ke hoach lam giang chu tri nhung viec gi")
    assert result.unit is not None and result.unit.name == "Phòng Kế hoạch"
    assert len(contents) == 3


@pytest.mark.parametrize(
    ("typed", "expanded"),
    [
        ("ai chiu tn", "ai chiu trach nhiem"),
        ("ngay thu 7 so", "ngay thu bay so"),
        ("ngam hoa cap vt", "ngam hoa cap vien thong"),
        ("so tay dang vien dt", "so tay dang vien dien tu"),
        ("hoa don dt", "hoa don dien tu"),
        ("so gd dt", "so giao duc va dao tao"),
        ("kh dt", "ke hoach dt"),
    ],
)
def test_more_phone_spellings(typed, expanded):
    assert expand(typed) == expanded


def test_xa_after_tu_is_no_commune():
    # "ký số từ xa trên SIM": "từ xa" is remote, not "xã Trên Sim".
    assert parse_question("han chot ky so tu xa tren sim", TODAY).issuer_text is None


def test_a_body_then_in_brackets_the_committee_whose_plan_it_works_in(world):
    result, contents = found(world, "cong an xa (dang uy phu dien) phoi hop nhung viec gi")
    assert result.unit is not None and result.unit.name == "Công an xã"
    assert contents == ["Đấu tranh phản bác quan điểm sai trái trên mạng xã hội."]


def test_the_rest_of_an_issuers_name_is_no_topic(world):
    # "Đảng ủy xã Phú Diên việc nào…": "đảng ủy" is its name, not a word the tasks must hold.
    _result, contents = found(world, "dang uy xa phu dien co nhung viec nao")
    assert len(contents) == 3


@pytest.mark.parametrize(
    ("text", "intent", "terms"),
    [
        ("ai lo vu lap wifi", "who", ["lap", "wifi"]),
        ("han chot giai marathon dk online", "when", ["giai", "marathon", "ky", "truc", "tuyen"]),
    ],
)
def test_who_handles_it_and_phone_words_of_the_web(text, intent, terms):
    q = parse_question(text, TODAY)
    assert q.intent == intent and q.terms == terms


def test_a_body_named_with_its_commune_and_a_word_after_dien_tu(world):
    # "Viettel Lam Giang" is a partner of its own name; "… điện tử xã …" still names the commune.
    result, contents = found(world, "viettel lam giang phoi hop nhung viec nao")
    assert result.unit is not None and result.unit.name == "Viettel Lam Giang" and len(contents) == 2
    assert parse_question("so tay dien tu xa phu dien ai chu tri", TODAY).issuer_text == "xa phu dien"
    result, contents = found(world, "buu dien xa phu dien phoi hop nhung viec nao")
    assert result.unit is not None and result.unit.name == "Bưu điện xã Phú Diên"
    assert contents == ["Lắp wifi miễn phí tại chợ Phú Diên."]


def test_only_the_issuers_own_offices_as_a_collective_reach_every_units_list(fresh_db):
    plan = COMMUNE.replace("Số 14-KH/ĐU", "Số 15-KH/ĐU") + (
        "\n4. Cập nhật sổ đảng viên điện tử (Các chi bộ chủ trì; Văn phòng Đảng ủy phối hợp; quý IV/2025).\n"
        "\n5. Rà soát quy chế làm việc (Các ban, ngành chủ trì; Văn phòng Đảng ủy phối hợp; quý IV/2025).\n"
    )
    save_plan(fresh_db, parse_plan(plan))
    unit_id = fresh_db.execute("SELECT id FROM units WHERE name = 'Công an xã'").fetchone()[0]
    asker = Asker(person_id=None, name="", role="member", unit_id=unit_id, unit_name="Công an xã")
    answer = Assistant(fresh_db).ask("nv cua toi", asker, today=TODAY).text
    assert "Rà soát quy chế làm việc" in answer  # "các ban, ngành": its offices, Công an xã among them
    assert "Cập nhật sổ đảng viên" not in answer  # the Party cells' own work


@pytest.mark.parametrize(
    ("text", "due"),
    [
        (
            "Lắp camera tại đầu cầu Bến Đá, kết nối về trụ sở (Công an xã, quý I/2026; Viettel phối hợp).",
            date(2026, 3, 31),
        ),
        (
            "Giám sát việc trả kết quả thủ tục qua bưu chính, hoàn thành trong tháng Mười Hai năm 2025.",
            date(2025, 12, 31),
        ),
        ("Tổ chức hội nghị sơ kết vào tháng Năm năm 2026 tại hội trường xã.", date(2026, 5, 31)),
    ],
)
def test_times_in_the_closing_brackets_and_months_in_words(text, due):
    assert parse_deadline(text).due == due


def test_a_standing_board_is_named_with_the_body_above_it():
    header = (
        "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM               CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "XÃ BẾN ĐÁ                                   Độc lập - Tự do - Hạnh phúc\n"
        "BAN THƯỜNG TRỰC\n\nSố: 12/KH-MTTQ-BTT                 Bến Đá, ngày 03 tháng 11 năm 2025\n\nKẾ HOẠCH\n"
        "Vận động Nhân dân tham gia chuyển đổi số\n\nI. NHIỆM VỤ\n\n"
        "1. Người cao tuổi: Giao Hội Người cao tuổi xã mở lớp học kỹ năng số (quý I/2026).\n"
        "2. Giám sát: Giám sát việc trả kết quả, do Ban Thường trực Ủy ban MTTQ xã đảm nhiệm (tháng 12/2025).\n"
    )
    plan = parse_plan(header)
    assert plan.issuer == "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã Bến Đá"
    assert [t.lead for t in plan.tasks] == ["Hội Người cao tuổi xã", "Ban Thường trực Ủy ban MTTQ xã"]


def test_a_plan_that_implements_a_placed_plan_is_in_its_province(world):
    save_plan(
        world,
        parse_plan(
            "ỦY BAN NHÂN DÂN\nXÃ AN KHÊ\n\nSố: 9/KH-UBND            An Khê, ngày 2 tháng 9 năm 2025\n\n"
            "KẾ HOẠCH\nChuyển đổi số xã An Khê\n\nThực hiện Kế hoạch số 501/KH-SYT, UBND xã ban hành kế hoạch.\n\n"
            "I. NHIỆM VỤ\n\n1. Lắp wifi tại trạm y tế xã (Trạm Y tế xã, quý IV/2025).\n"
        ),
    )
    answer = Assistant(world).ask("ds ke hoach cua tinh Lam Giang", NOBODY, today=TODAY).text
    assert "9/KH-UBND" in answer and "77/KH-UBND" not in answer


def test_how_often_is_said_as_the_plan_says_it():
    task = {"deadline_kind": "recurring", "deadline_text": "hằng quý"}
    assert ans.deadline_words(task, "vi") == "hằng quý"
    assert (
        ans.deadline_words({"deadline_kind": "recurring", "deadline_text": "thường xuyên"}, "vi")
        == "thường xuyên"
    )


def test_the_topic_after_ve_keeps_its_common_words_in_order():
    q = parse_question("co muc nao ve thanh toan ko dung tien mat", TODAY)
    assert q.terms == ["thanh", "toan", "dung", "tien", "mat"]
    assert parse_question("viec ve camera hoac wifi", TODAY).about_any == [["camera"], ["wifi"]]
    assert parse_question("viec ve khoa hoc va cong nghe", TODAY).about_any == []


def test_topics_set_apart_by_commas_are_any_of_them(world):
    _result, contents = found(world, "kh 501 co viec gi ve tuong lua, virus ko")
    assert sorted(contents) == [
        "Cài đặt tường lửa cho trung tâm dữ liệu ngành.",
        "Rà soát phần mềm diệt virus trên máy trạm.",
    ]


def test_a_topic_no_task_names_is_the_work_of_the_body_named_for_it(world):
    # No task of plan 501 says "chuyển đổi số"; its Trung tâm Chuyển đổi số leads one.
    _result, contents = found(world, "kh 501 co viec gi ve chuyen doi so")
    assert contents == ["Nâng cấp đường truyền cho trạm y tế xã."]


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        ("p huong lam co viec nao tre han", "phuong huong lam"),
        ("xa an phu co viec gi", "xa an phu"),
        ("phuong huong nhiem vu nam 2026", None),
        ("phuong an toan thong tin", None),
    ],
)
def test_places_whose_first_word_is_also_a_common_word(text, issuer):
    assert parse_question(text, TODAY).issuer_text == issuer


@pytest.mark.parametrize(
    ("typed", "expanded"),
    [
        ("so ct con han nao", "so cong thuong con han nao"),
        ("tt khuyen cong va xttm", "trung tam khuyen cong va xuc tien thuong mai"),
        ("hoi phu nu phuong", "hoi lien hiep phu nu phuong"),
    ],
)
def test_bodies_of_trade_and_mass_organisations_typed_short(typed, expanded):
    assert expand(typed) == expanded


def test_a_party_committee_after_a_month_and_deadlines_left_are_no_unit():
    q = parse_question("thang 12/2025 dang uy son khe phai lam xong nhung gi", TODAY)
    assert q.issuer_text == "dang uy son khe"
    assert "con" not in parse_question("so cong thuong con han nao", TODAY).unit_text.split()


@pytest.mark.parametrize(
    ("text", "check"),
    [
        ("phan mem ql van ban cua dang uy xa son khe cho cac chi bo han j", lambda q: q.intent == "when"),
        (
            "phan mem ql van ban cua dang uy xa son khe cho cac chi bo",
            lambda q: q.issuer_text == "dang uy xa son khe",
        ),
        ("viec cua don vi minh gom nhung gi", lambda q: q.mine and q.terms == []),
        ("so hoa hs cap phep", lambda q: q.terms[:4] == ["so", "hoa", "ho", "so"]),
    ],
)
def test_more_of_how_officials_type(text, check):
    assert check(parse_question(text, TODAY))


UNION = """\
HỘI NÔNG DÂN VIỆT NAM                         ĐẢNG CỘNG SẢN VIỆT NAM
BAN THƯỜNG VỤ HỘI NÔNG DÂN TỈNH LAM GIANG

Số: 41-KH/HNDT                                Lam Giang, ngày 05 tháng 9 năm 2025

KẾ HOẠCH
Chuyển đổi số trong hoạt động Hội năm 2025

II. NHIỆM VỤ

1. Số hóa hồ sơ hội viên. Văn phòng Hội Nông dân tỉnh chủ trì; hoàn thành trước 31/12/2025.

2. Tập huấn bán nông sản trên sàn thương mại điện tử. Ban Kinh tế - Xã hội chủ trì; hoàn thành trong tháng 12/2025.
"""


def test_a_body_asked_whose_office_leads_some_tasks_means_all_the_bodys_plans(fresh_db):
    save_plan(fresh_db, parse_plan(UNION))
    result, contents = found(fresh_db, "hoi nong dan tinh co viec gi")
    assert contents == ["Số hóa hồ sơ hội viên.", "Tập huấn bán nông sản trên sàn thương mại điện tử."]
    assert result.unit is None

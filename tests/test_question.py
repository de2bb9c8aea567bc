"""Question understanding: intents and slots, with and without diacritics, with typos."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge import question as qm
from knowledge.question import has_phrase, parse_question, parse_window

TODAY = date(2025, 8, 1)  # a Friday


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Phòng Kinh tế có nhiệm vụ gì?", qm.SEARCH),  # a unit: resolved against the DB later
        ("việc nào quá hạn?", qm.LIST),
        ("viec nao qua han", qm.LIST),
        ("viec nao tre han", qm.LIST),
        ("nhiệm vụ của tôi tháng này", qm.LIST),
        ("ai chủ trì làm sạch dữ liệu hộ tịch?", qm.WHO),
        ("ai chu tri lam sach du lieu ho tich", qm.WHO),
        ("đơn vị nào phụ trách kết nối Đề án 06", qm.WHO),
        ("hạn chót KIOSK y tế thông minh", qm.WHEN),
        ("han chot kiosk y te thong minh", qm.WHEN),
        ("sổ sức khỏe điện tử khi nào xong", qm.WHEN),
        ("nhiệm vụ về 5G", qm.SEARCH),
        ("STEM", qm.SEARCH),
        ("kế hoạch 47a ban hành ngày nào", qm.PLAN),
        ("ke hoach 47a do co quan nao ban hanh", qm.PLAN),
        ("kế hoạch 5749 thay thế kế hoạch nào", qm.PLAN),
        ("báo cáo hằng tháng vào ngày nào", qm.DUTY),
        ("ngay bao cao hang thang la ngay nao", qm.DUTY),
        ("tỷ lệ phủ sóng 5G năm 2030", qm.TARGET),
        ("", qm.HELP),
        ("help", qm.HELP),
        ("xin chào", qm.HELP),
        ("?!", qm.HELP),
        ("nhiệm vụ thường xuyên", qm.LIST),
        ("việc nào đến hạn?", qm.LIST),
        ("ai tham mưu số hóa hồ sơ lưu trữ", qm.WHO),
    ],
)
def test_intent(text, intent):
    assert parse_question(text, TODAY).intent == intent


@pytest.mark.parametrize(
    "text",
    [
        "Văn phòng Đảng ủy tham mưu những việc gì",
        "van phong dang uy tham muu nv nao",
        "ai tham mưu số hóa hồ sơ",
    ],
)
def test_tham_muu_is_the_role_asked_not_words_of_the_task(text):
    assert not {"tham", "muu"} & set(parse_question(text, TODAY).terms)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("trong tháng 8/2025", date(2025, 8, 1), date(2025, 8, 31)),
        ("trong thang 12/2025", date(2025, 12, 1), date(2025, 12, 31)),
        ("tháng 10", date(2025, 10, 1), date(2025, 10, 31)),
        ("tháng này", date(2025, 8, 1), date(2025, 8, 31)),
        ("thang sau", date(2025, 9, 1), date(2025, 9, 30)),
        ("tuần này", date(2025, 7, 28), date(2025, 8, 3)),
        ("trong 30 ngày tới", date(2025, 8, 1), date(2025, 8, 31)),
        ("quý 4", date(2025, 10, 1), date(2025, 12, 31)),
        ("quy IV nam 2026", date(2026, 10, 1), date(2026, 12, 31)),
        ("trước 15/12/2025", None, date(2025, 12, 15)),
        ("năm 2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("từ ngày 1/8 đến 15/8/2025", date(2025, 8, 1), date(2025, 8, 15)),
        ("6 tháng cuối năm", date(2025, 7, 1), date(2025, 12, 31)),
        ("6 thang dau nam 2026", date(2026, 1, 1), date(2026, 6, 30)),
        ("đến cuối năm", date(2025, 1, 1), date(2025, 12, 31)),
        ("năm sau", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_window(text, start, end):
    window, _ = parse_window(qm.normalize(text), TODAY)
    assert window is not None
    assert (window.start, window.end) == (start, end)


@pytest.mark.parametrize("text", ["nhiệm vụ về 5G", "tháng 13", "trước 31/2/2026", "ai chủ trì số hóa"])
def test_no_window(text):
    window, _ = parse_window(qm.normalize(text), TODAY)
    assert window is None


def test_slots_of_a_combined_question():
    q = parse_question("Phòng Kinh tế có việc gì quá hạn trong tháng 10?", TODAY)
    assert q.intent == qm.LIST and q.overdue and q.window.start == date(2025, 10, 1)
    assert "kinh" in q.unit_text and "te" in q.unit_text


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        ("nhiệm vụ của tôi", "mine"),
        ("nhiem vu cua toi sap den han", "due_soon"),
        ("việc sắp hết hạn", "due_soon"),
        ("nhiệm vụ thường xuyên", "recurring"),
        ("nhiem vu thuong xuyn", "recurring"),  # typo
        ("việc nào trễ hạn", "overdue"),
        ("viec nao qua hna", "overdue"),  # swapped letters
    ],
)
def test_flags(text, slot):
    assert getattr(parse_question(text, TODAY), slot)


def test_coordinator_role():
    assert parse_question("Phòng Văn hóa phối hợp những việc gì", TODAY).role == "support"
    assert parse_question("Phòng Văn hóa chủ trì những việc gì", TODAY).role is None


@pytest.mark.parametrize(
    ("words", "phrase", "found"),
    [
        (["phong", "noi", "vu"], "phong toi", False),  # short words must match exactly
        (["viec", "qua", "han"], "qua han", True),
        (["thuong", "xuyn"], "thuong xuyen", True),
        (["thanh", "toan"], "qua han", False),
    ],
)
def test_has_phrase(words, phrase, found):
    assert has_phrase(words, phrase) is found


def test_plan_slots():
    q = parse_question("Kế hoạch số 47a/KH-UBND do cơ quan nào ban hành?", TODAY)
    assert q.plan_ref.startswith("47a") and q.plan_attr == "issuer"
    assert parse_question("kế hoạch 5749 thay thế kế hoạch nào", TODAY).plan_attr == "replaces"


def test_topic_words_drop_question_words():
    q = parse_question("ai chủ trì rà soát các hạng mục công nghệ thông tin cần đầu tư?", TODAY)
    assert {"soat", "hang", "muc", "nghe", "thong", "tin", "tu"} <= set(q.terms)
    assert "ai" not in q.terms


def test_target_year():
    q = parse_question("tỷ lệ phủ sóng 5G năm 2030", TODAY)
    assert q.target_year == "2030" and "5g" in q.terms


def test_huge_message_does_not_raise():
    assert parse_question("quá hạn " * 10000, TODAY).overdue


@pytest.mark.parametrize(
    ("text", "intent", "slot"),
    [
        ("which tasks are overdue", qm.LIST, "overdue"),
        ("my tasks this month", qm.LIST, "mine"),
        ("show me the recurring tasks", qm.LIST, "recurring"),
        ("who leads the KIOSK project", qm.WHO, None),
        ("what can you do", qm.HELP, None),
    ],
)
def test_english_questions(text, intent, slot):
    q = parse_question(text, TODAY)
    assert q.intent == intent and (slot is None or getattr(q, slot))
    assert not {"which", "tasks", "are", "the"} & set(q.terms)


@pytest.mark.parametrize(
    "text",
    [
        "việc của tôi trong quý 4",
        "việc nào quá hạn?",
        "Phòng Kinh tế có nhiệm vụ gì?",
        "hạn chót số hóa hộ tịch",
    ],
)
def test_question_survives_json(text):
    from datetime import date

    from knowledge.question import parse_question, question_from_json, question_to_json

    q = parse_question(text, date(2025, 8, 1))
    assert question_from_json(question_to_json(q)) == q


@pytest.mark.parametrize("junk", ["[]", "{}x", '{"intent": "list"}', "null"])
def test_damaged_question_json_is_refused(junk):
    from knowledge.question import question_from_json

    with pytest.raises((ValueError, TypeError)):
        question_from_json(junk)


@pytest.mark.parametrize(
    ("text", "intent", "role"),
    [
        ("ai phoi hop lap camera giam sat", "who", "support"),
        ("đơn vị nào phối hợp số hóa hồ sơ tthc", "who", "support"),
        ("ai chủ trì lắp camera giám sát", "who", None),
        ("Công an xã phối hợp những việc gì", "list", "support"),
        ("TTPVHCC phoi hop voi ai trong viec vneid", "list", "support"),
    ],
)
def test_who_coordinates_one_task_versus_what_a_unit_coordinates(text, intent, role):
    q = parse_question(text, TODAY)
    assert (q.intent, q.role) == (intent, role)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("cong an xa hoan thanh nhung viec gi r", "done"),
        ("việc nào hoàn thành rồi", "done"),
        ("việc nào hoàn thành trước 30/9", None),
        ("hạn hoàn thành số hóa hồ sơ khi nào", None),
    ],
)
def test_done_is_read_from_hoan_thanh_only_where_it_asks_what_is_done(text, status):
    assert parse_question(text, TODAY).status == status


def test_no_deadline_is_not_a_question_about_when():
    q = parse_question("kh 5749 nhung viec nao chua co thoi han", TODAY)
    assert q.no_deadline and not q.due_soon and q.intent == "list"


def test_bao_is_a_topic_word_unless_it_asks_when_or_how_many():
    assert "bao" in parse_question("ke hoach phong chong bao lut", TODAY).terms
    assert "bao" not in parse_question("so hoa ho so bao gio xong", TODAY).terms
    assert "may" not in parse_question("mấy việc nào xong rồi", TODAY).terms


def test_a_task_question_inside_a_plan_is_not_the_plans_date():
    q = parse_question("so suc khoe dien tu kh 47a han bao h", TODAY)
    assert q.intent == "when" and q.plan_ref == "47a"
    assert parse_question("kh 47a ban hanh ngay nao", TODAY).plan_attr == "issued_on"
    assert parse_question("ke hoach 415 thay cho ke hoach so may", TODAY).plan_attr == "replaces"


@pytest.mark.parametrize(
    ("text", "intent", "issuer", "attr"),
    [
        ("kh cua so khcn la kh so may", "plan", "so khoa hoc cong nghe", "summary"),
        ("kh cua so khcn co bao nhieu nv", "list", "so khoa hoc cong nghe", None),
        ("ke hoach do ubnd xa phuoc loc ban hanh ngay nao", "plan", "ubnd xa phuoc loc", "issued_on"),
        ("p ngoc son thang 11 co viec gi", "list", "phuong ngoc son", None),
    ],
)
def test_a_plan_named_by_its_issuer(text, intent, issuer, attr):
    q = parse_question(text, TODAY)
    assert (q.intent, q.issuer_text) == (intent, issuer)
    if attr:
        assert q.plan_attr == attr


def test_must_finish_is_not_done():
    assert parse_question("quy 4 phai xong nhung viec gi", TODAY).status is None
    assert parse_question("nhung viec gi xong roi", TODAY).status == "done"


def test_places_can_be_turned_off_for_a_unit_that_names_its_commune():
    assert parse_question("hoi nong dan xa tham gia viec gi", TODAY).issuer_text == "xa tham gia"
    assert parse_question("hoi nong dan xa tham gia viec gi", TODAY, places=False).issuer_text is None


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        ("phong vhxh xa phuoc loc co viec j", "xa phuoc loc"),
        ("o xa tan an co viec gi", "xa tan an"),
        ("phuong tien so cho dan", None),
        ("nhiem vu an sinh xa hoi", None),
        ("dia phuong nao chua bao cao", None),
    ],
)
def test_a_place_is_not_xa_hoi_or_phuong_tien(text, issuer):
    assert parse_question(text, TODAY).issuer_text == issuer


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("bc thang gui ve dau", "duty"),
        ("han nop bc quy", "duty"),
        ("báo cáo 6 tháng nộp khi nào", "duty"),
        ("việc báo cáo tháng 9 của phòng kinh tế", "list"),
    ],
)
def test_a_kind_of_report_asks_for_the_reporting_duty(text, intent):
    assert parse_question(text, TODAY).intent == intent


def test_a_body_of_the_commune_keeps_its_level_word():
    q = parse_question("viec cua cong an xa phuoc loc", TODAY)
    assert q.issuer_text == "xa phuoc loc" and "cong an xa" in q.unit_text
    assert "xa" not in parse_question("o xa phuoc loc co viec gi", TODAY).unit_text.split()


def test_a_count_with_a_status_inside_a_plan_is_a_list():
    q = parse_question("kh 92 co bao nhieu viec da xong", TODAY)
    assert (q.intent, q.status, q.count) == ("list", "done", True)
    assert parse_question("kh 415 co bao nhieu nv", TODAY).intent == "plan"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("quy 1 nam sau co viec gi", date(2026, 1, 1), date(2026, 3, 31)),
        ("đến hết quý 4 phải hoàn thành những việc nào", TODAY, date(2025, 12, 31)),
        ("den het thang 11 co nhung viec gi", TODAY, date(2025, 11, 30)),
        ("truoc thang 12 phai xong gi", TODAY, date(2025, 11, 30)),
    ],
)
def test_windows_up_to_a_month_or_quarter(text, start, end):
    q = parse_question(text, TODAY)
    assert (q.window.start, q.window.end) == (start, end)
    assert q.status is None


def test_cua_toi_before_a_month_is_mine_not_until():
    q = parse_question("nv cua toi thang 9", TODAY)
    assert q.mine and (q.window.start, q.window.end) == (date(2025, 9, 1), date(2025, 9, 30))


def test_all_communes_are_not_a_place():
    assert parse_question("ubnd cac xa phuong phoi hop viec gi voi so gddt", TODAY).issuer_text is None


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        ("dang uy vinh hung co may kh", "dang uy vinh hung"),
        ("kh cua dang uy co gi", "dang uy"),
        ("viec cua dang uy", "dang uy"),
    ],
)
def test_a_party_committee_with_or_without_its_place(text, issuer):
    assert parse_question(text, TODAY).issuer_text == issuer


def test_whose_plan_asks_for_its_issuer():
    assert parse_question("kh 248 cua ai", TODAY).plan_attr == "issuer"


def test_a_plan_of_an_issuer_whose_name_holds_giao():
    q = parse_question("trong kh cua so gddt viec nao lien quan hoc ba so", TODAY)
    assert q.issuer_text == "so giao duc va dao tao" and q.terms == ["hoc", "ba", "so"]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("kh 1054 quy nay co viec j phai xong", date(2025, 7, 1), date(2025, 9, 30)),
        ("quy sau co viec gi", date(2025, 10, 1), date(2025, 12, 31)),
    ],
)
def test_this_and_next_quarter(text, start, end):
    q = parse_question(text, TODAY)
    assert (q.window.start, q.window.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "intent", "issuer", "attr"),
    [
        ("so giao duc ban hanh kh so may", "plan", "so giao duc", "summary"),
        ("kh cua so cong thuong thay the kh nao", "plan", "so cong thuong", "replaces"),
        ("kh so cong thuong co bn nv", "list", "so cong thuong", None),
        ("ke hoach 47a cua xa nao", "plan", None, "issuer"),
        ("kh 248 do ai ban hanh ngay nao", "plan", None, "summary"),
    ],
)
def test_more_ways_to_name_a_plan_and_ask_its_facts(text, intent, issuer, attr):
    q = parse_question(text, TODAY)
    assert (q.intent, q.issuer_text) == (intent, issuer)
    if attr:
        assert q.plan_attr == attr


@pytest.mark.parametrize(
    ("text", "issuer", "terms"),
    [
        ("tu nay den cuoi nam bcd tp bao giang con nhung viec nao", "ban chi dao thanh pho bao giang", []),
        ("bcd xa tan an co gi", "ban chi dao xa tan an", []),
        ("kh phuong hai duong co gi ve ocop", "phuong hai duong", ["ocop"]),
    ],
)
def test_steering_committees_and_plans_of_a_place(text, issuer, terms):
    q = parse_question(text, TODAY)
    assert (q.issuer_text, q.terms) == (issuer, terms)


def test_my_tasks_in_a_plan_are_a_list_not_the_plan():
    q = parse_question("nv cua toi o kh 1763 la j", TODAY)
    assert (q.intent, q.mine, q.plan_ref) == ("list", True, "1763")


def test_a_body_named_after_cua_scopes_to_its_plans():
    q = parse_question("p buu chinh vien thong va cds cua so khcn co nhung nv gi", TODAY)
    assert q.issuer_text == "so khoa hoc cong nghe" and "khoa" not in q.terms


def test_how_many_tasks_is_not_a_topic():
    assert parse_question("so noi vu chu tri may nv", TODAY).terms == ["so", "noi"]


def test_a_year_long_past_or_after_tu_is_part_of_the_task():
    q = parse_question("so hoa so ho tich tu nam 1999 o ngoc son bao gio xong", TODAY)
    assert q.window is None and "1999" in q.terms
    assert parse_question("nam 2026 co viec gi", TODAY).window.start == date(2026, 1, 1)


@pytest.mark.parametrize(
    ("text", "title", "attr"),
    [
        ("kh chuyen doi so nganh y te so may", "chuyen doi so nganh y te", "summary"),
        ("kh cds nganh y te ban hanh ngay nao", "chuyen doi so nganh y te", "issued_on"),
        ("kh 415 so may", None, "summary"),
    ],
)
def test_a_plan_named_by_its_subject(text, title, attr):
    q = parse_question(text, TODAY)
    assert (q.intent, q.plan_title, q.plan_attr) == ("plan", title, attr)


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        ("o xa tan phu co viec gi", "xa tan phu"),  # "phú" is part of the name, not "phụ trách"
        ("che do bc cua bcd xa yen binh", "ban chi dao xa yen binh"),
    ],
)
def test_place_names_end_only_where_the_question_goes_on(text, issuer):
    assert parse_question(text, TODAY).issuer_text == issuer


def test_a_plan_numbers_kh_bcd_stays_a_number():
    assert parse_question("ke hoach 09 kh bcd co bao nhieu nv", TODAY).plan_ref == "09 kh/bcd"


def test_the_tasks_of_a_plan_named_by_its_subject_and_the_coming_week():
    q = parse_question("nv cua toi trong kh cds nganh y te", TODAY)
    assert (q.intent, q.mine, q.plan_title, q.terms) == ("list", True, "chuyen doi so nganh y te", [])
    q = parse_question("sap den han trong tuan toi co j", TODAY)
    assert (q.window.start, q.window.end) == (TODAY, date(2025, 8, 8))


def test_a_party_office_named_with_its_commune_keeps_its_own_words():
    q = parse_question("van phong dang uy xa vinh hung dc giao nhung nv nao", TODAY)
    assert q.issuer_text == "dang uy xa vinh hung" and q.unit_text.startswith("van phong dang uy xa")


@pytest.mark.parametrize(
    ("text", "intent", "issuer", "status"),
    [
        ("kh 317 nhung viec nao done roi", "list", None, "done"),
        ("kh 92 bc ve dau, truoc ngay may", "duty", None, None),
        ("sở nn mt phấn đấu bao nhiêu sp ocop có tem truy xuất", "target", None, None),
        ("ds ke hoach cua tinh thanh nguyen", "plans", "tinh thanh nguyen", None),
        ("tinh hinh thuc hien the nao", "progress", None, None),
        ("nam 2026 dang uy p tuong van co nhung viec gi", "list", "dang uy phuong tuong van", None),
    ],
)
def test_more_phone_phrasings(text, intent, issuer, status):
    q = parse_question(text, TODAY)
    assert (q.intent, q.issuer_text, q.status) == (intent, issuer, status)
    if issuer == "dang uy phuong tuong van":
        assert "dang" not in q.unit_text.split()  # after a year the body's words were only the place


def test_tt_is_a_centre_before_what_it_does():
    from knowledge.vocabulary import expand

    assert expand("tt chuyen doi so lam gi") == "trung tam chuyen doi so lam gi"
    assert expand("tt cong khai") == "tt cong khai"


@pytest.mark.parametrize(
    ("text", "issuer", "terms"),
    [
        ("p long chau trong thang 12 co viec gi", "phuong long chau", []),
        ("vui long cho biet han chot ban do so quy hoach", None, ["ban", "do", "so", "quy", "hoach"]),
        ("xin vui lòng cho biết đô thị thông minh do ai chủ trì", None, ["do", "thi", "thong", "minh"]),
    ],
)
def test_place_words_and_compounds_are_not_small_words(text, issuer, terms):
    q = parse_question(text, TODAY)
    assert (q.issuer_text, q.terms) == (issuer, terms)


@pytest.mark.parametrize(
    ("text", "intent", "issuer"),
    [
        ("ds van ban ve cds cua tinh phu an", qm.PLANS, "tinh phu an"),
        ("dang uy xa ha my co nghi quyet nao ve cds ko", qm.PLANS, "dang uy xa ha my"),
        ("kh 415 thuc hien nghi quyet nao", qm.PLAN, None),
    ],
)
def test_documents_asked_for_as_a_list(text, intent, issuer):
    q = parse_question(text, TODAY)
    assert (q.intent, q.issuer_text) == (intent, issuer)


def test_a_resolution_number_is_a_soft_plan_reference_whose_words_stay():
    q = parse_question("han chot xd kh thuc hien nq 71", TODAY)
    assert (q.plan_ref, q.ref_soft) == ("71", True)
    assert {"nghi", "quyet", "71"} <= set(q.terms)
    hard = parse_question("kh 415 co bao nhieu nhiem vu", TODAY)
    assert (hard.plan_ref, hard.ref_soft) == ("415", False)


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        ("ubnd tinh phu an co vc nao dang vuong", "ubnd tinh phu an"),
        ("quy 1 nam sau ubnd tinh phu an co nv nao den han", "ubnd tinh phu an"),
        ("ủy ban nhân dân thành phố Bảo Giang có việc gì", "uy ban nhan dan thanh pho bao giang"),
    ],
)
def test_the_provinces_peoples_committee_is_an_issuer_not_the_whole_province(text, issuer):
    assert parse_question(text, TODAY).issuer_text == issuer


@pytest.mark.parametrize(
    ("text", "unit_text", "issuer"),
    [
        ("đ/c phó chủ tịch ubnd xã phụ trách những việc gì", "pho chu tich ubnd xa nhung viec gi", None),
        ("dc pho hieu truong phu trach nv nao", "pho hieu truong nao", None),
        ("xa phu lac co viec gi", "co viec gi", "xa phu lac"),
    ],
)
def test_an_honorific_before_a_post_and_a_role_after_a_level_are_no_names(text, unit_text, issuer):
    q = parse_question(text, TODAY)
    assert (q.unit_text, q.issuer_text) == (unit_text, issuer)


@pytest.mark.parametrize(
    ("text", "issuer", "place_hint", "terms"),
    [
        ("tu nay den cuoi nam ha my con han nao", None, "ha my", None),
        ("nq đảng ủy hạ mỹ có mục nào về camera ko", "dang uy ha my", None, ["camera"]),
        ("viec nao qua han", None, None, []),
    ],
)
def test_a_place_named_bare_beside_a_time_and_a_resolutions_issuer(text, issuer, place_hint, terms):
    q = parse_question(text, TODAY)
    assert (q.issuer_text, q.place_hint) == (issuer, place_hint)
    assert terms is None or q.terms == terms


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("qd 412 co bao nhieu nv", "412"),
        ("cv 1186 cua p ky phong thay the cv so may", "1186"),
        ("quyết định 55 ban hành ngày nào", "55"),
    ],
)
def test_decisions_and_dispatches_are_named_by_kind_and_number(text, ref):
    q = parse_question(text, TODAY)
    assert (q.plan_ref, q.ref_soft) == (ref, True)


@pytest.mark.parametrize(
    ("text", "ref", "attr", "terms"),
    [
        # the issuer's initials before or after the number are the plan's own, no topic
        ("kh bhxh 1342 thay the van ban nao", "1342", "replaces", None),
        ("kh ubnd 415 co may viec", "415", "summary", []),
        ("kh 415 ubnd co may viec", "415", "summary", []),
        ("kh 1054 so khcn co nv nao qua han", "1054", None, []),
        # "số hóa" after the number is what the task is about, not a department
        ("kh 415 so hoa ho tich han khi nao", "415", None, ["so", "hoa", "ho", "tich"]),
        # a year after initials is no plan number
        ("kh cds 2025 co bao nhieu nv", None, None, None),
        # the issuer's name ends where the question goes on: its reporting duty is asked
        ("kh 12 dang uy ngoc son bc dinh ky khi nao", "12", None, None),
    ],
)
def test_a_plan_number_with_its_issuers_initials(text, ref, attr, terms):
    q = parse_question(text, TODAY)
    assert (q.plan_ref, q.plan_attr) == (ref, attr)
    if terms is not None:
        assert q.terms == terms
    if text.startswith("kh 12 dang uy"):
        assert q.intent == "duty"


@pytest.mark.parametrize(
    ("text", "open_only"),
    [
        ("tháng này có việc nào đến hạn", True),  # still to do
        ("quý 3 có nv nào đến hạn", False),  # a window already past: every task that fell due, done or not
        ("quý 4 có việc gì sắp đến hạn", True),
    ],
)
def test_due_in_a_window_past_or_to_come(text, open_only):
    assert parse_question(text, date(2025, 11, 20)).open_only is open_only


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("kich hoat dinh danh muc 2 cho dan ai phu trach", None),  # a level of the account
        ("tai khoan dinh danh dien tu muc 2 bao nhieu", None),
        ("muc 2.1 han khi nao", "2.1"),  # an item of the plan
        ("nhiem vu 3 ai chu tri", "3"),
    ],
)
def test_a_level_is_no_item(text, code):
    assert parse_question(text, TODAY).task_code == code


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("nv đối thoại với công nhân kcn cần đạt kết quả gì", "details"),
        ("kết quả cần đạt của việc số hóa hộ tịch", "details"),
        ("nhiem vu 2.1 co san pham gi", "details"),
        # a product that is the topic, not the expected result
        ("sản phẩm ocop lên sàn khi nào", "when"),
        ("đưa sản phẩm ocop lên sàn", "search"),
    ],
)
def test_a_tasks_expected_result_asked(text, intent):
    assert parse_question(text, TODAY).intent == intent


@pytest.mark.parametrize(
    ("text", "intent", "ref", "attr"),
    [
        # a notice of conclusions sets tasks like a plan
        ("thông báo kết luận 53 của đảng ủy phường an khê ký ngày nào", "plan", "53", "issued_on"),
        ("tb 53 có mục nào về người cao tuổi ko", "search", "53", None),
        # a dispatch's date and subject: the summary gives both; its issuer after the number is no topic
        ("cv 2204 sở nnmt ngày nào, về việc gì", "plan", "2204", "summary"),
        ("cv 2204 ngay nao", "plan", "2204", "issued_on"),
        # when and where a report goes
        ("sở y tế bc quý trước ngày mấy, gửi đâu", "duty", None, None),
    ],
)
def test_documents_of_other_kinds_and_their_facts(text, intent, ref, attr):
    q = parse_question(text, TODAY)
    assert (q.intent, q.plan_ref, q.plan_attr) == (intent, ref, attr)


@pytest.mark.parametrize(
    ("text", "intent", "fields"),
    [
        # a document's kind typed before its number, kept to tell plans of one number apart
        ("kh 12 của đảng ủy p ngọc sơn ban hành ngày mấy", qm.PLAN, {"plan_ref": "12", "plan_kind": "kh"}),
        ("nq 12 chi bộ có mấy việc", None, {"plan_ref": "12", "plan_kind": "nq"}),
        # "57 không" is no plan number "57 kh…"; the plans carrying a resolution out are listed
        ("đảng ủy p ngọc sơn có kh nào về nq 57 ko", qm.PLANS, {"plan_ref": None}),
        ("tỉnh quế lâm có những vb nào về cđs", qm.PLANS, {}),
        ("dang uy xa tung loc co ctr hanh dong nao ve cds ko", qm.PLANS, {}),
        # a plan named by its subject, its tasks counted
        (
            "kh cds so du lich tong cong may nv",
            qm.LIST,
            {"plan_title": "chuyen doi so so du lich", "count": True},
        ),
        # a Party cell's resolution named by its issuer and month, its number asked
        ("nghi quyet chi bo thon dong mit thang 12 so may", qm.PLAN, {"issuer_text": "chi bo thon dong mit"}),
        # a report to a body above, asked when: a reporting duty
        ("chi bo dong mit bc dang uy xa han chot", qm.DUTY, {}),
        # a unit of the plan after its number, asked what it leads: no issuer of the plan
        (
            "kh 1927 so noi vu chu tri may viec",
            qm.LIST,
            {"plan_ref": "1927", "plan_attr": None, "count": True},
        ),
        ("chuoi video me thong thai ban nao tham muu", qm.WHO, {}),
        ("hoi cho ocop to chuc thang may", qm.WHEN, {"terms": ["hoi", "cho", "ocop", "to", "chuc"]}),
        ("chung ket rung chuong vang may h", qm.WHEN, {"terms": ["chung", "ket", "rung", "chuong", "vang"]}),
        ("ct cong tac 2026 hoi phu nu tinh co may noi dung", qm.LIST, {"count": True}),
        ("p bến liễu có hđ gì cho học sinh ko", qm.LIST, {"terms": ["hoc", "sinh"]}),  # "hđ gì": work asked
        # "ngày bn", "số bao nhiêu": which day, which number, not a count
        ("ubnd x tân an ban hành kh cđs số mấy, ngày bn", qm.PLAN, {"plan_attr": "summary", "count": False}),
        ("kh của đảng ủy xã tân an số bao nhiêu", qm.PLAN, {"count": False}),
        ("đảng ủy xã tân an có bao nhiêu kh", qm.PLANS, {"count": True}),
        # "kh số mấy" asks the number: no "sở" issues it
        ("ban chỉ đạo cđs tp hà an có kh số mấy", qm.PLAN, {"plan_attr": "summary"}),
        ("kh sở công thương số mấy", qm.PLAN, {"issuer_text": "so cong thuong"}),
        # the plans counted in all
        ("tổng số kế hoạch trong hệ thống là bao nhiêu", qm.PLANS, {"count": True}),
        ("so luong ke hoach hien co", qm.PLANS, {}),
        # "tới hạn" with a month: what falls due then, not "thời hạn" of one task
        ("sở y tế tháng 11/2025 có việc gì tới hạn", qm.LIST, {}),
        # "giải pháp nào": the plan's tasks ("nhiệm vụ, giải pháp"); "bị chậm so với hạn": overdue
        ("kh 133 tỉnh đoàn những giải pháp nào bị chậm so với hạn", qm.LIST, {"overdue": True, "terms": []}),
        ("đoàn xã đc giao mấy giải pháp", qm.LIST, {"count": True}),
        # a plan named by its subject, its issuer asked
        (
            "kế hoạch chuyển đổi số trong hoạt động công đoàn do cơ quan nào ban hành",
            qm.PLAN,
            {"plan_attr": "issuer", "plan_title": "chuyen doi so trong hoat dong cong doan"},
        ),
        # "toàn bộ các kh": every plan, no topic
        (
            "toàn bộ các kh hiện có những việc nào đang làm dở",
            qm.LIST,
            {"terms": [], "status": "in_progress"},
        ),
        # what a plan carries out, asked as the plan it follows
        (
            "kh 92 p ngọc sơn làm theo kh nào của đảng ủy",
            qm.PLAN,
            {"plan_ref": "92", "plan_attr": "implements"},
        ),
        # a hospital or a centre issues plans too
        ("kh của bệnh viện đa khoa tỉnh có mấy nv", qm.LIST, {"issuer_text": "benh vien da khoa tinh"}),
        # "của tỉnh đoàn": the province's Youth Union, no province named "Đoàn …"
        (
            "kh phong trào thanh niên tình nguyện của tỉnh đoàn ký ngày nào",
            qm.PLAN,
            {"issuer_text": "tinh doan"},
        ),
        # a notice named by its subject, its number asked ("p vạn lộc" is a ward, "p văn hóa" an office)
        (
            "thông báo kết luận cuộc họp giao ban tháng 1 p vạn lộc là số mấy",
            qm.PLAN,
            {"plan_title": "cuoc hop giao ban thang 1 phuong van loc", "plan_attr": "summary"},
        ),
    ],
)
def test_documents_named_by_kind_issuer_and_subject(text, intent, fields):
    q = parse_question(text, TODAY)
    if intent is not None:
        assert q.intent == intent
    for name, value in fields.items():
        assert getattr(q, name) == value, name


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        ("kh 12 có nv gì về hội, đoàn thể", [["hoi"], ["doan", "the"]]),  # "đoàn thể" kept whole
        ("qd 647 co viec gi cho tre em, hoc sinh ko", [["tre", "em"], ["hoc", "sinh"]]),
        ("giao viec cho phong kinh te, phong noi vu", []),  # "giao … cho" names who, not topics
    ],
)
def test_several_topics_asked(text, topics):
    assert parse_question(text, TODAY).about_any == topics


@pytest.mark.parametrize(
    ("text", "filler"),
    [
        ("cho e hỏi vụ lắp camera chợ phiên thì ai chủ trì, hạn ntn", {"em", "hoi", "thi", "nhu"}),
        ("cho mình hỏi số hóa hộ tịch thì hạn khi nào", {"minh", "hoi", "thi"}),
        # "đợt", "cuộc": a round of inspection, a session of supervision: the tasks themselves
        ("đảng ủy có đợt kiểm tra nào trong quý 2", {"dot"}),
        ("có bao nhiêu cuộc giám sát chuyên đề", {"cuoc"}),
    ],
)
def test_how_a_phone_question_opens_and_links_is_no_topic(text, filler):
    q = parse_question(text, TODAY)
    assert q.terms and not filler & set(q.terms)


def test_a_body_after_ben_scopes_its_plans():
    q = parse_question("hạn chót cái quy trình cấp phép bên bql kcn là bao h", TODAY)
    assert (q.intent, q.issuer_text) == (qm.WHEN, "ban quan ly khu cong nghiep")


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("p ktht&đt làm gì", "phong kthtdt lam gi"),  # a unit's initials joined by "&" are its initials
        ("p kt-ht&đt làm gì", "phong kthtdt lam gi"),
        ("kh 12-kh/đu", "ke hoach 12-kh/du"),  # a plan's number keeps its hyphen
    ],
)
def test_initials_joined_by_an_ampersand(text, folded):
    assert qm.normalize(text) == folded

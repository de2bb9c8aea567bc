"""Search: units, windows, overdue, recurring, topics with typos, questions matching nothing."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge import search as ks
from knowledge.question import parse_question
from storage import tasks as store
from storage.progress import record_update
from storage.search import Searcher
from tests import qa_world
from tests.qa_world import TODAY


@pytest.fixture
def searcher(fresh_db):
    qa_world.build(fresh_db)
    return Searcher(fresh_db)


def codes(searcher, text, today=TODAY, unit_id=None):
    result = searcher.search(parse_question(text, today), today=today, asker_unit_id=unit_id)
    return [t["code"] for t in result.tasks], result


@pytest.mark.parametrize(
    "text",
    [
        "Phòng Kinh tế có nhiệm vụ gì?",
        "phong kinh te lam gi",
        "phòng kinh tê có việc gì",
        "việc của phòng KT",
        "Phòng Kinh tế có bao nhiêu nhiệm vụ?",
        "nhiệm vụ được giao cho Phòng Kinh tế",
        "Cho tôi xem các việc Phòng Kinh tế phải làm",
    ],
)
def test_tasks_a_unit_leads(searcher, text):
    found, result = codes(searcher, text)
    assert result.unit is not None and result.unit.name == qa_world.KT
    assert set(found) == {"2.1", "2.2", "4.2", "4.3"}


def test_tasks_a_unit_coordinates(searcher):
    found, result = codes(searcher, "Phòng Văn hóa Xã hội phối hợp những việc gì?")
    assert found == ["2.1"] and result.unit.name == qa_world.VH


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nhiệm vụ nào hết hạn trong tháng 12/2025", {"4.1", "4.2"}),
        ("viec nao het han trong thang 12/2025", {"4.1", "4.2"}),
        ("phòng kinh tế có việc gì tháng 10", {"2.2"}),
        ("nhiệm vụ quý 4", {"2.2", "4.1", "4.2"}),
        ("việc trước 15/10/2025", {"1.1", "2.1", "2.2"}),
        ("nhiệm vụ thường xuyên", {"1.2", "4.3"}),
        ("phong kinh te co nhiem vu thuong xuyen nao", {"4.3"}),
    ],
)
def test_windows_and_recurring(searcher, text, expected):
    assert set(codes(searcher, text)[0]) == expected


def test_overdue_as_of_today_and_done_is_not_overdue(searcher, fresh_db):
    assert codes(searcher, "việc nào quá hạn?", today=date(2025, 9, 5))[0] == ["1.1", "2.1"]
    record_update(
        fresh_db, task_id=qa_world.task_id(fresh_db, "1.1"), person_id=None, status="done", percent=100
    )
    assert codes(searcher, "viec nao tre han", today=date(2025, 9, 5))[0] == ["2.1"]
    assert codes(searcher, "việc nào quá hạn?", today=date(2025, 7, 1))[0] == []


def test_mine_uses_the_askers_unit(searcher, fresh_db):
    unit_id = searcher.unit_by_name(qa_world.KT).id
    found, _ = codes(searcher, "nhiệm vụ của tôi tháng 8", unit_id=unit_id)
    assert found == ["2.1"]


@pytest.mark.parametrize(
    ("text", "top"),
    [
        ("ai chủ trì làm sạch dữ liệu hộ tịch?", "3.1"),
        ("ai chu tri lam sach du lieu ho tich", "3.1"),
        ("ai chu tri lam sach du leu ho tcih", "3.1"),  # typos
        ("hạn chót KIOSK y tế thông minh", "3.2"),
        ("han chot kiost y te thong minh", "3.2"),
        ("nhiệm vụ về 5G", "2.2"),
        ("STEM", "4.1"),
        ("đất đai", "4.2"),
        ("dat dai", "4.2"),
        ("thanh toán không dùng tiền mặt khi nào xong", "2.1"),
    ],
)
def test_one_task_and_topic_questions(searcher, text, top):
    found, _ = codes(searcher, text)
    assert found and found[0] == top


@pytest.mark.parametrize("text", ["blockchain lượng tử", "asdf qwer", "nhiệm vụ về xyzzy"])
def test_questions_matching_nothing(searcher, text):
    assert codes(searcher, text)[0] == []


def test_unknown_unit_is_reported_not_guessed(searcher):
    _, result = codes(searcher, "Phòng Nội vụ có việc gì?")
    assert result.intent == "unknown_unit" and result.tasks == []


def test_fts_query_with_odd_characters_does_not_fail(searcher):
    found, _ = codes(searcher, 'nhiệm vụ "5G" OR (NEAR) *')
    assert found and found[0] == "2.2"


def test_index_follows_new_plans(searcher, fresh_db):
    assert codes(searcher, "lưu trữ")[0] == []
    from storage.plans import save_plan

    save_plan(fresh_db, qa_world.many_tasks_plan(3))
    assert len(codes(searcher, "lưu trữ")[0]) == 3


def test_list_queries_are_limited(fresh_db):
    qa_world.build(fresh_db, many=True)
    f = store.TaskFilter(unit_ids=(Searcher(fresh_db).unit_by_name(qa_world.KT).id,), unit_role="lead")
    assert len(store.find_tasks(fresh_db, f, limit=5)) == 5
    assert store.count_tasks(fresh_db, f) == 4 + 23


@pytest.mark.parametrize(
    "text",
    [
        "nhung viec het han thang 12 nam 2025 cua phong van hoa",
        "vp hdnd ubnd lam gi",
        "VH-XH có việc gì tháng 12",
    ],
)
def test_unit_by_the_start_of_its_name_or_abbreviation(searcher, text):
    _, result = codes(searcher, text)
    assert result.unit is not None and result.unit.name in (qa_world.VH, qa_world.VP)


def test_a_unit_that_leads_nothing_shows_what_it_coordinates(fresh_db):
    from storage.plans import save_plan

    plan = qa_world.plan_a()
    plan.tasks[0].support = ["Công an"]
    save_plan(fresh_db, plan)
    found, result = codes(Searcher(fresh_db), "Công an có nhiệm vụ gì")
    assert found == ["1.1"] and result.extra.get("role") == "support"


def test_who_prefers_a_task_that_names_its_lead(fresh_db):
    from knowledge.models import ParsedPlan, ParsedTask
    from storage.plans import save_plan

    save_plan(
        fresh_db,
        ParsedPlan(
            number="5/KH",
            tasks=[
                ParsedTask("1", "Phát triển hạ tầng phủ sóng 5G", None, position=0),
                ParsedTask("2", "Phát triển hạ tầng phủ sóng 5G", qa_world.KT, position=1),
            ],
        ),
    )
    assert codes(Searcher(fresh_db), "ai chủ trì phủ sóng 5G")[0][0] == "2"


def test_an_issuer_named_like_a_unit_means_its_plans(searcher, fresh_db):
    from knowledge.models import ParsedPlan, ParsedTask
    from storage.plans import save_plan

    save_plan(
        fresh_db,
        ParsedPlan(number="9/KH-SCT", issuer="Sở Công Thương", tasks=[ParsedTask("1", "Số hóa hồ sơ")]),
    )
    found, result = codes(searcher, "Sở Công Thương có những nhiệm vụ gì?")
    assert found == ["1"] and result.extra["issuer"] == "Sở Công Thương"


def test_ocr_damaged_long_words_still_match(searcher, fresh_db):
    from knowledge.models import ParsedPlan, ParsedTask
    from storage.plans import save_plan

    damaged = ParsedTask(
        "1", "Trién khai hé théng quan ly vin ban diéu hanh trén méi truòng mang", qa_world.VP
    )
    save_plan(
        fresh_db, ParsedPlan(number="7/KH", tasks=[damaged, ParsedTask("2", "Tổ chức hội nghị", qa_world.KT)])
    )
    found, _ = codes(searcher, "ai chủ trì hệ thống quản lý văn bản điều hành trên môi trường mạng")
    assert found[0] == "1"


def test_look_alikes_count_in_scoring_and_are_found_in_the_vocabulary(searcher, fresh_db):
    from knowledge.models import ParsedPlan, ParsedTask
    from storage.plans import save_plan

    assert ks.score("trien khai he theng", [("thong", 1.0, ("theng",))], []) > 0.5
    assert ks.score("trien khai he theng", [("thong", 1.0, ())], []) == 0
    save_plan(fresh_db, ParsedPlan(number="8/KH", tasks=[ParsedTask("1", "Hé théng théng tin")]))
    (term, _, alts), *_ = searcher.vocabulary().terms(["thong"])
    assert term == "thong" and "theng" in alts


def test_a_body_named_inside_a_task_is_a_topic_when_it_leads_nothing_on_it(searcher, fresh_db):
    from knowledge.models import Deadline, ParsedPlan, ParsedTask
    from storage.plans import save_plan

    none = Deadline("none", None, "", False)
    bank = "Ngân hàng Nhà nước"
    tasks = [
        ParsedTask("1", "Hướng dẫn mở tài khoản cho hộ kinh doanh", bank, [], none),
        ParsedTask("2", f"Phối hợp với {bank} triển khai thu phí chợ qua ví điện tử", qa_world.KT, [], none),
    ]
    for i, task in enumerate(tasks):
        task.position = i
    save_plan(fresh_db, ParsedPlan(number="7/KH-UBND", issuer="UBND xã Kim Thành", tasks=tasks))
    found, _ = codes(searcher, "thu phi cho qua vi dien tu voi ngan hang nha nuoc")
    assert found and found[0] == "2"
    found, result = codes(searcher, "ngân hàng nhà nước có việc gì")
    assert found == ["1"] and result.unit is not None  # named alone, it is still the lead


def _plan_of(number, issuer, tasks):
    from knowledge.models import Deadline, ParsedPlan, ParsedTask

    none = Deadline("none", None, "", False)
    parsed = [ParsedTask(str(i + 1), content, lead, [], none) for i, (content, lead) in enumerate(tasks)]
    for i, task in enumerate(parsed):
        task.position = i
    return ParsedPlan(number=number, issuer=issuer, tasks=parsed)


def test_a_body_that_issued_a_plan_is_asked_about_its_plan_unless_chu_tri_is_said(searcher, fresh_db):
    from storage.plans import save_plan

    own = [(f"Việc số {i} của Sở", "Phòng Quản lý ngành") for i in range(4)]
    save_plan(fresh_db, _plan_of("31/KH-SGDĐT", "Sở Giáo dục và Đào tạo", own))
    save_plan(
        fresh_db,
        _plan_of("9/KH-BCĐ", "Ban Chỉ đạo thành phố", [("Dạy kỹ năng số", "Sở Giáo dục và Đào tạo")]),
    )
    _, result = codes(searcher, "sở gd đt có bao nhiêu nhiệm vụ")
    assert result.total == 4 and result.unit is None
    found, result = codes(searcher, "sở gd đt chủ trì việc gì")
    assert found == ["1"] and result.unit is not None


def test_a_place_named_without_its_level_scopes_to_its_plans(searcher, fresh_db):
    from storage.plans import save_plan

    save_plan(fresh_db, _plan_of("248/KH-UBND", "UBND xã Đồng Tâm", [("Nâng cấp mạng nội bộ", qa_world.KT)]))
    found, result = codes(searcher, "ở đồng tâm có việc gì")
    assert found == ["1"] and result.extra.get("issuer") == "UBND xã Đồng Tâm"  # as its plans write it
    assert codes(searcher, "ở đồng xanh có việc gì")[0] != ["1"]


def test_the_body_after_voi_is_the_other_side_whose_plan_is_asked_about(searcher, fresh_db):
    from knowledge.models import Deadline, ParsedPlan, ParsedTask
    from storage.plans import save_plan

    none = Deadline("none", None, "", False)
    tasks = [
        ParsedTask(
            "1",
            "Triển khai phần mềm quản lý trẻ mầm non",
            "Phòng Giáo dục mầm non",
            ["UBND các xã, phường"],
            none,
        ),
        ParsedTask("2", "Xây dựng kho học liệu số", "Phòng Giáo dục thường xuyên", [], none),
    ]
    for i, task in enumerate(tasks):
        task.position = i
    save_plan(fresh_db, ParsedPlan(number="1763/KH-SGDĐT", issuer="Sở Giáo dục và Đào tạo", tasks=tasks))
    other = [
        ParsedTask(
            "1", "Đưa kỹ năng số vào trường học", "Sở Giáo dục và Đào tạo", ["UBND các xã, phường"], none
        )
    ]
    other[0].position = 0
    save_plan(fresh_db, ParsedPlan(number="9/KH-BCĐ", issuer="Ban Chỉ đạo thành phố", tasks=other))
    found, result = codes(searcher, "ubnd cac xa phuong phoi hop viec gi voi so gddt")
    assert found == ["1"] and result.tasks[0]["plan_number"] == "1763/KH-SGDĐT"


def test_a_committee_whose_header_leaves_out_its_commune_is_found_by_its_title(searcher, fresh_db):
    from storage.plans import save_plan

    plan = _plan_of("07-KH/BCĐ", "Ban Chỉ đạo chuyển đổi số", [("Phủ sóng 4G tại thôn Khe Mơ", qa_world.KT)])
    plan.title = "Chuyển đổi số trên địa bàn xã Yên Bình năm 2025"
    save_plan(fresh_db, plan)
    found, _ = codes(searcher, "bcd xa yen binh co viec gi")
    assert found == ["1"]
    assert codes(searcher, "bcd xa yen lac co viec gi")[1].intent == "unknown_plan"


_TARGETS = [
    {
        "folded": "can bo cong chuc xa duoc cap va su dung chu ky so ca nhan",
        "issuer": "UBND xã An Khê",
        "plan_title": "",
    },
    {
        "folded": "dau tu nang cap co so ha tang ky thuat cong nghe thong tin",
        "issuer": "Đảng ủy phường Bắc Sơn",
        "plan_title": "",
    },
    {
        "folded": "benh vien tuyen tinh trien khai benh an dien tu",
        "issuer": "Sở Y tế tỉnh Hòa Bình",
        "plan_title": "Chuyển đổi số ngành Y tế",
    },
    {"folded": "ho so hoi vien duoc so hoa", "issuer": "Hội Nông dân tỉnh Hòa Bình", "plan_title": ""},
    {"folded": "chi hoi co nhom zalo de sinh hoat", "issuer": "Hội Nông dân tỉnh Hòa Bình", "plan_title": ""},
]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # syllables standing together win over the same syllables scattered through a longer target
        ("ky so", [0]),
        # the plan's own words (its issuer, its subject) are held by each of its targets
        ("benh an dien nganh te hoa binh", [2]),
        ("hoi nong dan", [3, 4]),
        # nothing about it: no target, not the nearest ones
        ("tram sac xe dien", []),
        ("du lich cong dong", []),
    ],
)
def test_targets_ranked_by_the_words_they_hold(words, expected):
    got = ks.rank_targets(words.split(), _TARGETS)
    assert [_TARGETS.index(t) for t in got] == expected


def _home_affairs_world(db):
    """A department's plan whose offices lead its tasks, and a city plan where the department leads one."""
    from storage.plans import save_plan

    own = [
        ("Xây dựng phần mềm quản lý biên chế của Sở", "Phòng Tổ chức - Biên chế"),
        ("Chấm điểm chỉ số cải cách hành chính", "Phòng Cải cách hành chính"),
        ("Khảo sát sự hài lòng của người dân", "Phòng Cải cách hành chính"),
        ("Tuyên truyền cho người cao tuổi về dịch vụ công", "Văn phòng Sở"),
        ("Hướng dẫn người trên 60 tuổi cài ứng dụng", "Phòng Lao động - Việc làm"),
    ]
    save_plan(db, _plan_of("77/KH-SNV", "Sở Nội vụ tỉnh Hòa Khánh", own))
    save_plan(db, _plan_of("5/KH-BCĐ", "Ban Chỉ đạo tỉnh", [("Bố trí công chức chuyên trách", "Sở Nội vụ")]))


@pytest.mark.parametrize(
    ("text", "plan", "expected"),
    [
        # an office then the body it belongs to: that office, in the body's plans
        ("phòng cải cách hành chính sở nv chủ trì mấy việc", "77/KH-SNV", ["2", "3"]),
        # the body asked without "chủ trì": the tasks of the plans it issued ("sở nội vụ" is no place)
        ("sở nội vụ có những việc gì", "77/KH-SNV", ["1", "2", "3", "4", "5"]),
        # a department named after the task: the issuer of the task's plan, not words of the task
        ("ai chủ trì pm quản lý biên chế sở nội vụ hòa khánh", "77/KH-SNV", ["1"]),
        # one thing under two names: both tasks, though one names it as asked
        ("kh 77 có việc nào về người cao tuổi", "77/KH-SNV", ["4", "5"]),
    ],
)
def test_a_department_its_offices_and_its_plan(searcher, fresh_db, text, plan, expected):
    _home_affairs_world(fresh_db)
    found, result = codes(searcher, text)
    assert sorted(found) == expected
    assert {t["plan_number"] for t in result.tasks} == {plan}


@pytest.mark.parametrize(
    ("text", "plan"),
    [
        ("sổ tay đảng viên điện tử đảng ủy tường vân hạn chót", "12-KH/ĐU"),
        ("ai chủ trì sổ tay đảng viên điện tử đảng ủy hòa sơn", "30-KH/ĐU"),
        ("sổ tay đảng viên đt ubnd phường tường vân ai chủ trì", "45/KH-UBND"),
    ],
)
def test_a_committee_named_after_the_task_is_the_issuer_of_its_plan(searcher, fresh_db, text, plan):
    from storage.plans import save_plan

    task = [("Triển khai sổ tay đảng viên điện tử đến các chi bộ", "Văn phòng Đảng ủy")]
    save_plan(fresh_db, _plan_of("12-KH/ĐU", "Đảng ủy phường Tường Vân", task))
    save_plan(fresh_db, _plan_of("30-KH/ĐU", "Đảng ủy xã Hòa Sơn", task))
    save_plan(
        fresh_db, _plan_of("45/KH-UBND", "UBND phường Tường Vân", [(task[0][0], "Văn phòng HĐND và UBND")])
    )
    found, result = codes(searcher, text)
    assert [t["plan_number"] for t in result.tasks] == [plan]


@pytest.mark.parametrize(
    "text",
    ["bệnh viện đa khoa tỉnh có việc gì", "bv đa khoa tỉnh có những việc nào", "bvđk tỉnh có bao nhiêu việc"],
)
def test_a_hospital_named_at_the_start_is_the_issuer_of_its_plans(searcher, fresh_db, text):
    from storage.plans import save_plan

    own = [
        ("Triển khai bệnh án điện tử", "Phòng Kế hoạch tổng hợp"),
        ("Kết nối máy xét nghiệm", "Khoa Xét nghiệm"),
    ]
    save_plan(fresh_db, _plan_of("76/KH-BVĐK", "Bệnh viện Đa khoa tỉnh Hà An", own))
    save_plan(
        fresh_db,
        _plan_of("9/KH-SYT", "Sở Y tế tỉnh Hà An", [("Chỉ đạo bệnh viện tuyến huyện", "Phòng Y tế")]),
    )
    found, result = codes(searcher, text)
    assert sorted(found) == ["1", "2"]
    assert {t["plan_number"] for t in result.tasks} == {"76/KH-BVĐK"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tỉnh đoàn có những việc gì", ["1", "2", "3"]),
        ("tinh doan co viec gi cho sinh vien", ["2"]),
        # "không" is no typo of "phòng": the body, not its office
        ("tỉnh đoàn có những việc nào không", ["1", "2", "3"]),
    ],
)
def test_the_provinces_youth_union_named_as_people_do(searcher, fresh_db, text, expected):
    from storage.plans import save_plan

    own = [
        ("Tập huấn kỹ năng số cho đoàn viên", "Ban Phong trào"),
        ("Mở lớp kỹ năng số cho sinh viên", "Hội Sinh viên"),
        ("Số hóa hồ sơ đoàn viên", "Văn phòng Tỉnh đoàn"),
    ]
    save_plan(fresh_db, _plan_of("133-KH/TĐTN", "BCH Đoàn TNCS Hồ Chí Minh tỉnh Hà An", own))
    save_plan(
        fresh_db,
        _plan_of("9-KH/TĐTN", "Thành Đoàn Bảo Giang", [("Hỗ trợ sinh viên khởi nghiệp", "Thành Đoàn")]),
    )
    found, result = codes(searcher, text)
    assert sorted(found) == expected
    assert {t["plan_number"] for t in result.tasks} == {"133-KH/TĐTN"}


def test_a_place_by_its_initials_after_the_body(searcher, fresh_db):
    from storage.plans import save_plan

    own = [("Xây dựng bản đồ số truy xuất nguồn gốc nông sản", "Chi cục Tiêu chuẩn Đo lường Chất lượng")]
    save_plan(fresh_db, _plan_of("1054/KH-SKHCN", "Sở Khoa học và Công nghệ", own))
    save_plan(fresh_db, _plan_of("7/KH-UBND", "UBND xã Tân An", [("Bản đồ số du lịch", "Phòng Kinh tế")]))
    found, result = codes(searcher, "bản đồ số truy xuất nguồn gốc bên sở khcn bg đơn vị nào làm")
    assert found[:1] == ["1"] and result.tasks[0]["plan_number"] == "1054/KH-SKHCN"


def test_a_communes_office_and_its_civil_servant_of_the_same_field_are_one(searcher, fresh_db):
    from storage.plans import save_plan

    tasks = [
        ("Kiện toàn tổ công nghệ số cộng đồng", "Công chức Văn hóa - Xã hội"),
        ("Lắp camera", "Công an xã"),
    ]
    save_plan(fresh_db, _plan_of("12/KH-UBND", "UBND xã Hòa Khê", tasks))
    save_plan(
        fresh_db, _plan_of("13/KH-UBND", "UBND xã Hòa Sơn", [("Tuyên truyền", "Phòng Văn hóa - Xã hội")])
    )
    assert codes(searcher, "p vhxh xã hòa khê được giao gì")[0] == ["1"]
    plans = {t["plan_number"] for t in codes(searcher, "công chức văn hóa xã hội có việc gì")[1].tasks}
    assert {"12/KH-UBND", "13/KH-UBND"} <= plans
    # no twin of another field
    assert "12/KH-UBND" not in {
        t["plan_number"] for t in codes(searcher, "phòng kinh tế có việc gì")[1].tasks
    }


def test_a_heads_post_finds_the_tasks_given_to_the_head(searcher, fresh_db):
    from storage.plans import save_plan

    tasks = [
        ("Làm sạch dữ liệu dân cư", "Võ Minh Khoa – Trưởng Công an xã"),
        ("Lắp camera an ninh", "Võ Minh Khoa – Trưởng Công an xã"),
        ("Tuyên truyền chuyển đổi số", "Lê Văn Tâm – Bí thư Đảng ủy xã"),
    ]
    save_plan(fresh_db, _plan_of("14-KH/BCĐ", "Ban Chỉ đạo xã Phú Hòa", tasks))
    found, _ = codes(searcher, "trưởng công an xã phú hòa phụ trách những việc gì")
    assert sorted(found) == ["1", "2"]


def test_an_issuer_written_short_is_found_by_its_name_in_full(searcher, fresh_db):
    from storage.plans import save_plan

    rows = [
        ("Tập huấn kỹ năng số cho hội viên", "Ban Tuyên giáo"),
        ("Cuộc thi phụ nữ khởi nghiệp số", "Ban Kinh tế"),
    ]
    save_plan(fresh_db, _plan_of("63/CTr-HPN", "Hội LHPN tỉnh Hòa Khánh", rows))
    _, result = codes(searcher, "hội phụ nữ tỉnh hòa khánh có bao nhiêu nội dung")
    assert result.total == 2 and result.extra.get("issuer") == "Hội LHPN tỉnh Hòa Khánh"


def test_a_party_cell_named_without_its_village_level_is_the_issuer(searcher, fresh_db):
    from storage.plans import save_plan

    rows = [
        ("Vận động hộ dân cài ứng dụng VNeID", "Trưởng thôn"),
        ("Thu quỹ qua mã QR", "Chi hội Phụ nữ thôn"),
    ]
    save_plan(fresh_db, _plan_of("12-NQ/CB", "Chi bộ thôn Đồng Mít", rows))
    found, result = codes(searcher, "chi bộ đồng mít có những việc gì")
    assert sorted(found) == ["1", "2"] and result.extra.get("issuer") == "Chi bộ thôn Đồng Mít"


def test_a_number_names_the_plan_of_the_issuer_and_kind_typed(searcher, fresh_db):
    from storage.plans import save_plan

    save_plan(
        fresh_db, _plan_of("12-KH/ĐU", "Đảng ủy phường Ngọc Sơn", [("Quán triệt nghị quyết", "Các chi bộ")])
    )
    newer = _plan_of("12-NQ/CB", "Chi bộ thôn Đồng Mít", [("Thu quỹ qua mã QR", "Trưởng thôn")])
    newer.issued_on = date(2025, 12, 2)
    save_plan(fresh_db, newer)
    for text, number in [
        ("kh 12 của đảng ủy p ngọc sơn", "12-KH/ĐU"),
        ("kh 12 ban hành ngày nào", "12-KH/ĐU"),
        ("nq 12 chi bộ đồng mít", "12-NQ/CB"),
    ]:
        plan = searcher.plan_for_ref(parse_question(text, TODAY))
        assert plan is not None and plan["number"] == number, text


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("đh bảo giang phối hợp những việc gì", "Trường Đại học Bảo Giang"),  # a school without "Trường"
        ("tt xúc tiến du lịch làm những nv gì", "Trung tâm Thông tin xúc tiến du lịch"),  # a word left out
    ],
)
def test_units_named_short_of_their_whole_name(searcher, fresh_db, text, unit):
    from storage.plans import save_plan

    rows = [
        ("Vườn ươm công nghệ", "Trường Đại học Bảo Giang"),
        ("Ứng dụng du lịch thông minh", "Trung tâm Thông tin xúc tiến du lịch"),
        ("Cổng thông tin du lịch", "Trung tâm Phục vụ hành chính công"),
    ]
    save_plan(fresh_db, _plan_of("806/KH-SDL", "Sở Du lịch thành phố Ninh Sa", rows))
    found = Searcher(fresh_db).resolve_unit(parse_question(text, TODAY).unit_text)
    assert found is not None and found.name == unit


def test_a_plan_named_by_its_subject_must_hold_the_words_that_tell_it_apart(searcher, fresh_db):
    from storage.plans import save_plan

    plan = _plan_of(
        "2418/KH-SXD", "Sở Xây dựng thành phố Ninh Sa", [("Số hóa hồ sơ cấp phép", "Văn phòng Sở")]
    )
    plan.title = "Chuyển đổi số ngành Xây dựng thành phố Ninh Sa giai đoạn 2025 - 2026"
    save_plan(fresh_db, plan)
    fresh = Searcher(fresh_db)
    assert fresh.plans_titled("chuyen doi so nganh xay dung")
    assert not fresh.plans_titled("chuyen doi so nganh y te")  # no health plan: none, not the closest


def test_a_place_typed_by_its_initials_scopes_the_issuers_plans(searcher, fresh_db):
    from knowledge.models import Deadline
    from storage.plans import save_plan

    plan = _plan_of(
        "1054/KH-SKHCN",
        "Sở Khoa học và Công nghệ thành phố Bảo Giang",
        [
            ("Thành lập Trung tâm Đổi mới sáng tạo", "Phòng Quản lý công nghệ"),
            ("Ngày hội khởi nghiệp", "Văn phòng Sở"),
        ],
    )
    plan.tasks[0].deadline = Deadline("quarter", date(2026, 3, 31), "Quý I/2026", False)
    save_plan(fresh_db, plan)
    found, result = codes(Searcher(fresh_db), "quý 1/2026 sở khcn bg phải xong j", today=date(2025, 11, 24))
    assert found == ["1"], result.extra


def test_partners_are_shown_as_the_plan_wrote_them_when_it_says_more(fresh_db):
    from knowledge.models import Deadline, ParsedPlan, ParsedTask
    from storage.plans import save_plan

    task = ParsedTask(
        "1",
        "Chi trả lương hưu qua tài khoản ngân hàng",
        "Phòng Văn hóa – Xã hội",
        ["Bưu điện phường", "Bảo hiểm xã hội cơ sở Ngân Thủy", "Công an phường"],
        Deadline("none", None, "", False),
    )
    save_plan(fresh_db, ParsedPlan(number="647/QĐ-UBND", issuer="UBND phường Ngân Thủy", tasks=[task]))
    [task_id] = [r[0] for r in fresh_db.execute("SELECT id FROM tasks").fetchall()]
    shown = store.support_names(fresh_db, task_id)
    assert "Bưu điện phường" in shown and "Bảo hiểm xã hội cơ sở Ngân Thủy" in shown
    assert "Công an phường" in shown


def test_a_person_named_with_their_post_finds_their_tasks(fresh_db):
    from storage.plans import save_plan

    rows = [
        ("Mở lớp cầm tay chỉ việc dùng điện thoại thông minh", "Nguyễn Thị Hoa – Chi hội trưởng phụ nữ"),
        ("Vận động các hộ trả tiền điện qua ví điện tử", "Nguyễn Thị Hoa – Chi hội trưởng phụ nữ"),
        ("Rà soát hộ chưa có tài khoản định danh", "Trần Văn Lợi – Bí thư Chi bộ"),
        ("Hỗ trợ hồ sơ văn hóa thôn", "Phòng Văn hóa – Xã hội"),
    ]
    save_plan(fresh_db, _plan_of("12-NQ/CB", "Chi bộ thôn Đồng Mít", rows))
    found, _ = codes(Searcher(fresh_db), "dc hoa chi hoi truong phu nu thon dong mit phu trach gi")
    assert sorted(found) == ["1", "2"]


def test_prefixes_are_spelled_only_from_a_vocabulary_of_the_index_as_it_is(searcher, fresh_db):
    """Prefix terms are run as the vocabulary's words starting with them only while it holds every word of
    the index: this connection's rewrite of a task's text (same id, so the vocabulary is kept) stops that."""
    assert searcher._index_words_starting() is not None
    task_id = fresh_db.execute("SELECT min(id) FROM tasks").fetchone()[0]
    fresh_db.execute("UPDATE tasks SET content_folded = 'thongzz hoa' WHERE id = ?", [task_id])
    stale = searcher.vocabulary().starting_with
    assert "thongzz" not in stale("thong")
    assert searcher._index_words_starting() is None
    assert task_id in dict(store.fts_candidates(fresh_db, ['"thong"*']))
    assert task_id not in dict(store.fts_candidates(fresh_db, ['"thong"*'], words_starting=stale))

"""Targets read cleanly (sentences under a year, tables, OCR tables without the debris) and answered with their
plan, from the plan a question names."""

from __future__ import annotations

import pytest

from bot.ingest import ingest_path
from knowledge.plan_parser import parse_plan
from knowledge.plan_parser.targets import _ocr_targets
from storage.plans import export_plans
from tests.own_plans import PARTY_TARGETS
from tests.test_grade_own_plans import DATA

HEAD = "UBND XÃ AN PHÚ\nSố: 5/KH-UBND\nAn Phú, ngày 1 tháng 2 năm 2026\nKẾ HOẠCH\nChuyển đổi số\n"
TASKS = "III. NHIỆM VỤ\n1. Phòng Kinh tế chủ trì rà soát hạ tầng số.\n"


def folded_targets(plan):
    from knowledge.fold import fold_words

    return [(fold_words(g.indicator), g.values, g.unit) for g in plan.targets]


@pytest.mark.parametrize("name", ["party_15.pdf", "party_15_ocr.txt"])
def test_bullet_targets_under_a_year(name, fresh_db):
    ingest_path(fresh_db, DATA / name)
    [plan] = export_plans(fresh_db)["plans"]
    got = [(g["values"], g["unit"]) for g in plan["targets"]]
    assert got == [({year: value}, "%") for _words, year, value in PARTY_TARGETS]
    from knowledge.fold import fold_words

    for target, (words, _year, _value) in zip(plan["targets"], PARTY_TARGETS, strict=True):
        assert words[:20] in fold_words(target["indicator"]).replace("ty le ", "")


def test_sentence_targets_on_one_line_with_words_before_the_value():
    plan = parse_plan(
        HEAD
        + "I. MỤC TIÊU\nĐến năm 2030, tỷ lệ hộ gia đình có cáp quang đạt trên 90%; chỉ số phát triển con "
        "người (HDI) phấn đấu đạt 0,8.\n" + TASKS
    )
    assert [(g.indicator, g.values, g.unit) for g in plan.targets] == [
        ("Tỷ lệ hộ gia đình có cáp quang", {"2030": "trên 90%"}, "%"),
        ("Chỉ số phát triển con người (HDI)", {"2030": "0,8"}, None),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "- Đến hết năm 2026: 80% hộ có tài khoản ngân hàng; 1.200 hộ kinh doanh được hướng dẫn bán hàng qua mạng.",
            ("Hộ kinh doanh được hướng dẫn bán hàng qua mạng", {"2026": "1.200"}),
        ),
        (
            "- Năm 2026: 05 mô hình chợ số được xây dựng ở các thôn.",
            ("Mô hình chợ số được xây dựng ở các thôn", {"2026": "05"}),
        ),
    ],
)
def test_a_number_of_things_to_reach_is_a_target(line, expected):
    plan = parse_plan(HEAD + "II. CHỈ TIÊU\n" + line + "\n" + TASKS)
    assert expected in [(g.indicator, g.values) for g in plan.targets]


def test_a_year_opening_a_clause_is_no_count():
    plan = parse_plan(HEAD + "II. CHỈ TIÊU\n- Đến năm 2026: 2030 là năm hoàn thành đề án.\n" + TASKS)
    assert all(g.values != {"2026": "2030"} for g in plan.targets)


def test_no_year_no_sentence_target():
    plan = parse_plan(HEAD + "I. MỤC TIÊU\nTỷ lệ hộ gia đình có cáp quang đạt 90%.\n" + TASKS)
    assert plan.targets == []


def test_ocr_table_debris_is_no_target_and_no_value():
    chunk = list(
        enumerate(
            [
                "Chỉ tiêu 2025 2030 2035",
                "Tỷ lệ phủ sóng 5G trên địa bàn xã đạt >30% >80% 100%",
                ". 6G 6G 6G A e s A N 0 0",
                "Người sử dụng có khả năng truy cập băng rộng cố định 0 o o >30% 1 100%",
            ]
        )
    )
    targets = _ocr_targets(chunk)
    assert [g.indicator for g in targets] == [
        "Tỷ lệ phủ sóng 5G trên địa bàn xã đạt",
        "Người sử dụng có khả năng truy cập băng rộng cố định",
    ]
    assert targets[0].values == {"2025": ">30%", "2030": ">80%", "2035": "100%"}
    assert "1" not in targets[1].values.values()
    assert targets[0].unit == "%"


def test_target_answers_name_their_plan_and_keep_to_the_plan_asked(fresh_db):
    from bot.assistant import Asker, Assistant
    from tests.core_fixtures import clock

    ingest_path(fresh_db, DATA / "party_15.pdf")
    text = parse_plan(
        HEAD + "I. MỤC TIÊU\nĐến năm 2030, tỷ lệ hộ gia đình có cáp quang đạt trên 90%.\n" + TASKS
    )
    from storage.plans import save_plan

    save_plan(fresh_db, text)
    assistant = Assistant(fresh_db, clock())
    asker = Asker(None, "An", "admin", None, None)
    answer = assistant.ask("chỉ tiêu kế hoạch 5/KH-UBND", asker)
    body = "\n".join(r.text for r in answer.replies)
    assert "cáp quang" in body and "5/KH-UBND" in body
    assert "đảng viên" not in body
    answer = assistant.ask("chỉ tiêu tỷ lệ người dân có danh tính điện tử năm 2030", asker)
    body = "\n".join(r.text for r in answer.replies)
    assert "95%" in body and "15-KH/ĐU" in body

"""Topics people name by other words than the plans (knowledge.topics): "trường học" finds the task about
"các trường mầm non, tiểu học", but a topic the plans do write is answered by its own words only.

The plan is written here, parsed and saved through the real pipeline."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.plan_parser import parse_plan
from knowledge.question import parse_question
from knowledge.topics import TOPIC_GROUPS, related_phrases
from storage.plans import save_plan
from storage.search import Searcher

TODAY = date(2025, 10, 1)

PLAN = """\
ỦY BAN NHÂN DÂN                           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ LỘC ĐIỀN                                       Độc lập - Tự do - Hạnh phúc

Số: 77/KH-UBND                                Lộc Điền, ngày 02 tháng 9 năm 2025

KẾ HOẠCH
Chuyển đổi số xã Lộc Điền năm 2025

II. NHIỆM VỤ

1. Triển khai sổ liên lạc điện tử tại các trường mầm non, tiểu học trên địa bàn. Phòng Văn hóa - Xã hội chủ trì; hoàn thành trước 30/11/2025.

2. Lắp công tơ điện tử đo xa cho các hộ ở thôn Đồng Bái. Điện lực Lộc Điền chủ trì; hoàn thành trong quý IV/2025.

3. Hướng dẫn hợp tác xã mở gian hàng trên sàn thương mại điện tử. Phòng Kinh tế chủ trì; hoàn thành trong tháng 12/2025.

4. Lắp camera giám sát tại chợ Lộc Điền. Công an xã chủ trì; hoàn thành trước 31/12/2025.
"""


@pytest.fixture
def world(fresh_db):
    save_plan(fresh_db, parse_plan(PLAN))
    return fresh_db


def contents(db, text):
    result = Searcher(db).search(parse_question(text, TODAY), today=TODAY)
    return [t["content"].split(". ")[0] for t in result.tasks]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "kh 77 co viec gi lien quan truong hoc",
            "Triển khai sổ liên lạc điện tử tại các trường mầm non, tiểu học trên địa bàn",
        ),
        ("xa loc dien co nv nao ve nang luong ko", "Lắp công tơ điện tử đo xa cho các hộ ở thôn Đồng Bái"),
        ("việc nào về bán hàng online", "Hướng dẫn hợp tác xã mở gian hàng trên sàn thương mại điện tử"),
    ],
)
def test_a_topic_named_otherwise_finds_the_plans_words_for_it(world, question, expected):
    assert contents(world, question) == [expected]


def test_a_topic_the_plans_write_is_answered_by_its_own_words_only(world):
    assert contents(world, "kh 77 co viec gi ve camera") == ["Lắp camera giám sát tại chợ Lộc Điền"]


@pytest.mark.parametrize(
    ("topic", "related"), [(["truong", "hoc"], "mam non"), (["nang", "luong"], "thuy dien")]
)
def test_a_groups_phrase_names_the_others(topic, related):
    assert related in related_phrases(topic)


@pytest.mark.parametrize("topic", [["truong", "hoc", "vung", "cao"], ["dien"], ["truong"]])
def test_a_wider_or_ambiguous_topic_names_no_group(topic):
    assert related_phrases(topic) == []


def test_no_phrase_is_in_two_groups_and_none_is_a_lone_ambiguous_word():
    phrases = [p for group in TOPIC_GROUPS for p in group]
    assert len(phrases) == len(set(phrases))
    assert not {"dien", "truong", "hoc", "so"} & set(phrases)

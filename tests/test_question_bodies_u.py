"""Questions naming a body that issues its own plans by the short forms officials type (set U): "bv đa khoa
tỉnh", "bvđk tỉnh", "bộ chqs tỉnh" name the hospital's or the military command's plans. Every question here is
written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from bot.assistant import Assistant, asker_for_unit
from bot.ingest import ingest_path
from knowledge.question import parse_question
from knowledge.vocabulary import expand

TODAY = date(2026, 5, 4)


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("bvdk tinh lam ha", "benh vien da khoa tinh lam ha"),
        ("bv dk tinh", "benh vien da khoa tinh"),
        ("bo chqs tinh", "bo chi huy quan su tinh"),
        ("bchqs xa an lac", "ban chi huy quan su xa an lac"),
        # "p mình": my room, a verb after it; "p Minh Khai" stays a ward
        ("viec p minh phai chu tri", "viec phong minh phai chu tri"),
        ("p minh khai co viec gi", "phuong minh khai co viec gi"),
    ],
)
def test_short_forms_of_hospitals_and_commands_are_spelled_out(typed, words):
    assert expand(typed) == words


@pytest.mark.parametrize(
    ("question", "issuer"),
    [
        ("bv đa khoa tỉnh có việc nào quá hạn", "benh vien da khoa tinh"),
        ("2 tuần tới bv tỉnh có vc gì tới hạn", "benh vien tinh"),
        ("quý 3 bộ chqs tỉnh phải xong những gì", "bo chi huy quan su tinh"),
        ("phòng hậu cần bộ chqs tỉnh chủ trì mấy việc", "bo chi huy quan su tinh"),
    ],
)
def test_a_hospital_or_command_named_with_its_level_scopes_the_plans(question, issuer):
    assert parse_question(question, TODAY).issuer_text == issuer


@pytest.mark.parametrize(
    "question",
    [
        # a hospital as the place of a task, without its level: no issuer
        "ai chủ trì kết nối bệnh viện với trạm y tế xã",
        "số hóa hồ sơ bệnh án tại bệnh viện xong chưa",
    ],
)
def test_a_hospital_named_without_its_level_is_no_issuer(question):
    assert parse_question(question, TODAY).issuer_text is None


@pytest.mark.parametrize(
    ("question", "unit_text"),
    [
        # "Phòng Tham mưu" is an office's name; "văn phòng tham mưu gì" still asks of its role
        ("phòng tham mưu chủ trì bao nhiêu nv", "phong tham muu"),
        ("ban tham mưu có việc gì", "ban tham muu"),
        ("văn phòng tham mưu những việc gì", "van phong"),
    ],
)
def test_the_unit_asked_of_is_read_without_filler(question, unit_text):
    assert parse_question(question, TODAY).unit_text.startswith(unit_text)


@pytest.mark.parametrize(
    "question",
    [
        "cho e hỏi vụ lắp camera ngã ba đồng mới thì ai chủ trì, hạn ntn",
        "cho em hỏi vụ lắp camera ngã ba đồng mới thì ai chủ trì, hạn như thế nào",
    ],
)
def test_a_polite_opening_and_a_how_are_no_words_of_the_task(question):
    terms = parse_question(question, TODAY).terms
    assert not {"em", "hoi", "nhu"} & set(terms)
    assert {"camera", "dong", "moi"} <= set(terms)


HOSPITAL = """SỞ Y TẾ TỈNH LAM HÀ                  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
BỆNH VIỆN ĐA KHOA TỈNH                        Độc lập - Tự do - Hạnh phúc
Số: 40/KH-BVĐK                        Lam Hà, ngày 5 tháng 1 năm 2026

KẾ HOẠCH
Số hóa hồ sơ bệnh án năm 2026

Bệnh viện Đa khoa tỉnh Lam Hà xây dựng Kế hoạch như sau:

II. NHIỆM VỤ
1. Khoa Dược chủ trì kê đơn điện tử tại các khoa lâm sàng; hoàn thành trước ngày 31/3/2026.
2. Phòng Tham mưu chủ trì lập kho dữ liệu bệnh án; hoàn thành trong quý III/2026.

Nơi nhận:
- Lưu: VT.
"""
HAMLETS = """ỦY BAN NHÂN DÂN
XÃ AN LẠC
Số: 21/UBND-VP                 An Lạc, ngày 9 tháng 1 năm 2026
V/v giao nhiệm vụ chuyển đổi số tại các thôn

Kính gửi: Trưởng thôn các thôn.

UBND xã giao nhiệm vụ như sau:

1. Nhiệm vụ chung của các thôn (Trưởng thôn các thôn chủ trì thực hiện):

a) Rà soát hộ chưa có điện thoại thông minh; hoàn thành trước ngày 28/02/2026.

2. Nhiệm vụ riêng của từng thôn:

2.1. Thôn Đồng Mới:
- Trưởng thôn Đồng Mới chủ trì lắp loa truyền thanh thông minh; hoàn thành trong tháng 4/2026.

3. Trách nhiệm của các cơ quan thuộc xã:

a) Phòng Văn hóa – Xã hội phối hợp các thôn lập danh sách hộ nghèo; hoàn thành trong tháng 4/2026.

Nơi nhận:
- Lưu: VT.
"""


@pytest.fixture
def letters(fresh_db, tmp_path):
    for name, text in (("40_bv.txt", HOSPITAL), ("21_thon.txt", HAMLETS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        ingest_path(fresh_db, tmp_path / name)
    assistant = Assistant(fresh_db)
    return lambda question: assistant.ask(question, asker_for_unit(assistant, None), today=date(2026, 4, 10))


@pytest.mark.parametrize(
    ("question", "firsts"),
    [
        ("bvđk tỉnh việc nào quá hạn", ["Khoa Dược chủ trì kê đơn"]),
        ("bv đa khoa tỉnh đến hết quý 3 phải xong việc gì", ["Phòng Tham mưu chủ trì lập kho"]),
        ("phòng tham mưu bv tỉnh chủ trì việc gì", ["Phòng Tham mưu chủ trì lập kho"]),
        # "riêng": the hamlet's own tasks, the word no topic
        ("nv riêng giao cho trưởng thôn đồng mới gồm những gì", ["Trưởng thôn Đồng Mới chủ trì lắp loa"]),
        # "các thôn" of a commune's letter: what each hamlet's own body leads too
        (
            "trong tháng 4 các thôn xã an lạc phải hoàn thành việc nào",
            ["Trưởng thôn Đồng Mới chủ trì lắp loa"],
        ),
        ("các thôn xã an lạc có việc nào quá hạn", ["Rà soát hộ chưa có điện thoại"]),
    ],
)
def test_questions_reach_the_tasks(letters, question, firsts):
    answer = letters(question)
    got = [t["content"] for t in answer.tasks]
    assert len(got) == len(firsts)
    assert all(c.startswith(f) for c, f in zip(got, firsts, strict=True))


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        # "nội dung nào về …": the plan's tasks on that topic
        ("kh 40 có nội dung nào về kê đơn điện tử không", "search"),
        # "nội dung gì" alone: what the plan is about
        ("kh 40 có nội dung gì", "plan"),
    ],
)
def test_a_plans_items_on_a_topic_are_its_tasks(question, intent):
    assert parse_question(question, TODAY).intent == intent

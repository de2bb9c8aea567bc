"""Numbered menus shared by Zalo and the console: list numbers kept across pages, a label's own number
never confused with the choice number, long answers split only between items."""

from __future__ import annotations

import pytest

from bot.chat import Button, Reply
from handlers import numbered_menu as nm
from handlers.zalo_render import render_replies, render_reply


def _page(first: int, last: int, *, prev: bool, next_: bool) -> Reply:
    rows = [[Button(f"{i}. Đẩy mạnh việc {i}", f"td:{i}")] for i in range(first, last + 1)]
    nav = ([Button("« Trước", f"pg:{first - 10}")] if prev else []) + (
        [Button("Sau »", f"pg:{last + 1}")] if next_ else []
    )
    return Reply(f"Trang các việc {first}-{last}", buttons=rows + ([nav] if nav else []))


def test_page_two_shows_the_list_numbers_once():
    text, menu = render_reply(_page(11, 20, prev=True, next_=True), "vi")
    assert "11. Đẩy mạnh việc 11" in text and "1. 11." not in text
    assert not any(line.startswith("1. ") for line in text.splitlines())
    assert "Trả lời một số từ 11 đến 20." in text
    assert nm.resolve_choice("15", menu) == ("action", "td:15")
    assert nm.resolve_choice("tiếp", menu) == ("action", "pg:21")
    assert nm.resolve_choice("3", menu) == ("no_choice", 3)


def test_page_one_does_not_number_a_numbered_label_twice():
    reply = Reply(
        "Kết quả", buttons=[[Button("1. Phòng Kinh tế rà soát", "td:1")], [Button("2. Số hóa", "td:2")]]
    )
    text, menu = render_reply(reply, "vi")
    assert text.splitlines()[2:4] == ["1. Phòng Kinh tế rà soát", "2. Số hóa"]
    assert "1. 1." not in text and [(c.n, c.listed) for c in menu] == [(1, True), (2, True)]


def test_a_number_from_an_earlier_page_is_understood_after_paging():
    _, page1 = render_reply(_page(1, 10, prev=False, next_=True), "vi")
    outcome, action = nm.resolve_choice("tiếp", page1)
    assert (outcome, action) == ("action", "pg:11") and nm.is_paging(page1, action)
    _, page2 = render_reply(_page(11, 20, prev=True, next_=True), "vi")
    kept = nm.follow_menu(page1, page2, paged=True)
    assert nm.resolve_choice("3", kept) == ("action", "td:3")  # from page 1
    assert nm.resolve_choice("15", kept) == ("action", "td:15")
    assert nm.menu_hint(kept, "vi") == "Trả lời một số từ 11 đến 20."  # only the page shown
    # Not after an unrelated answer: its menu stands alone.
    assert nm.follow_menu(page1, page2, paged=False) == page2
    assert nm.resolve_choice("3", nm.follow_menu(page1, page2, paged=False)) == ("no_choice", 3)
    # Three pages on, page 1 and 2 are both remembered; the stored form keeps that.
    _, page3 = render_reply(_page(21, 25, prev=True, next_=False), "vi")
    kept3 = nm.follow_menu(kept, page3, paged=True)
    assert nm.menu_from_json(nm.menu_to_json(kept3)) == kept3
    assert [nm.resolve_choice(n, kept3)[1] for n in ("2", "12", "22")] == ["td:2", "td:12", "td:22"]


def test_a_label_that_starts_with_a_code_keeps_the_choice_number_distinct():
    reply = Reply(
        "Chọn nhiệm vụ",
        buttons=[
            [Button("2 Tuyên truyền về chuyển đổi số", "pt:f:2")],
            [Button("1.1 Số hóa sổ hộ tịch", "pt:f:7")],
            [Button("✖ Hủy", "px:f")],
        ],
    )
    text, menu = render_reply(reply, "vi")
    assert "1. [2] Tuyên truyền về chuyển đổi số" in text and "2. [1.1] Số hóa sổ hộ tịch" in text
    assert "3. ✖ Hủy" in text
    assert nm.resolve_choice("2", menu) == ("action", "pt:f:7")  # the choice number, not the code


def test_repeated_list_numbers_fall_back_to_counting():
    # Two replies of one answer that both start at "1.": numbers must not repeat within the answer.
    replies = [
        Reply("a", buttons=[[Button("1. Việc A", "td:1")]]),
        Reply("b", buttons=[[Button("1. Việc B", "td:2")]]),
    ]
    messages, menu = render_replies(replies, "vi")
    assert [(c.n, c.action) for c in menu] == [(1, "td:1"), (2, "td:2")]
    assert "1. [1] Việc A" in messages[0].text and "2. [1] Việc B" in messages[1].text


def test_a_list_with_a_cancel_button_types_the_cancel_by_name():
    reply = Reply(
        "x",
        buttons=[[Button("11. Việc", "td:11")], [Button("12. Việc khác", "td:12")], [Button("✖ Hủy", "px")]],
    )
    text, menu = render_reply(reply, "vi")
    assert "Hoặc gõ: “Hủy”." in text and nm.resolve_choice("hủy", menu) == ("action", "px")
    assert nm.resolve_choice("12", menu) == ("action", "td:12")


def test_menus_saved_before_this_module_still_load():
    old = [{"kind": "number", "n": 1, "label": "Xác nhận", "action": "pk:f1"}, {"kind": "bogus"}, "x"]
    assert nm.menu_from_json(old) == [nm.Choice("number", "pk:f1", "Xác nhận", n=1)]
    assert nm.menu_from_json("not a list") == []


# --- splitting between items -----------------------------------------------------------------------------


def _list_text(count: int) -> str:
    items = [
        f"{i}. KH 112/KH-UBND · 1.{i} — "
        + "Đẩy mạnh số hóa hồ sơ thủ tục hành chính " * 3
        + f"\n    Chủ trì: Phòng Kinh tế · Hạn: 30/12/2026 (việc {i})"
        for i in range(1, count + 1)
    ]
    return "Phòng Kinh tế chủ trì: nhiều nhiệm vụ\n" + "\n".join(items)


@pytest.mark.parametrize("limit", [500, 700, 2000])
def test_long_lists_are_split_only_between_items(limit):
    text = _list_text(20)
    parts = nm.pack_messages(text, limit)
    assert len(parts) > 1 and all(0 < len(p) <= limit for p in parts)
    assert all(not p.startswith(" ") for p in parts)  # never begins with the indented half of an item
    for i in range(1, 21):  # each item's head and its indented line arrive in the same message
        assert sum(f"{i}. KH" in p and f"(việc {i})" in p for p in parts) == 1
    assert "\n".join(parts).replace("\n", "") == text.replace("\n", "")


def test_an_item_longer_than_a_message_is_cut_at_words():
    text = "Mở đầu\n" + "dài " * 300 + "\nCuối"
    parts = nm.pack_messages(text, 200)
    assert all(len(p) <= 200 for p in parts) and parts[0] == "Mở đầu" and parts[-1].endswith("Cuối")
    assert nm.pack_messages("", 100) == [] and nm.pack_messages("ngắn", 100) == ["ngắn"]


def test_zalo_answer_with_a_long_list_keeps_items_whole():
    reply = Reply(_list_text(20), buttons=[[Button(f"{i}. Đẩy mạnh", f"td:{i}")] for i in range(1, 11)])
    messages, menu = render_replies([reply], "vi")
    assert len(messages) > 1 and all(len(m.text) <= 2000 for m in messages)
    for i in range(1, 21):
        assert sum(f"{i}. KH" in m.text and f"(việc {i})" in m.text for m in messages) == 1
    assert messages[-1].text.endswith("Trả lời một số từ 1 đến 10.")
    assert [c.n for c in menu] == list(range(1, 11))

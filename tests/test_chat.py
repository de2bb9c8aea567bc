import re

import pytest

from bot.chat import split_message, to_plain_text


def test_to_plain_text_strips_tags_and_unescapes():
    assert to_plain_text("<b>Hạn:</b> 30/7/2025 &lt;script&gt;") == "Hạn: 30/7/2025 <script>"


@pytest.mark.parametrize("limit", [50, 200, 4096])
def test_split_message_respects_limit_and_keeps_words(limit):
    text = "\n".join(f"{i}. Nhiệm vụ số hóa hồ sơ hộ tịch của xã" for i in range(300))
    parts = split_message(text, limit)
    assert all(len(p) <= limit for p in parts)
    assert " ".join(" ".join(parts).split()) == " ".join(text.split())


def test_split_message_short_text_is_one_part():
    assert split_message("ngắn", 10) == ["ngắn"]


def test_split_message_cuts_unbroken_text():
    parts = split_message("x" * 25, 10)
    assert parts == ["x" * 10, "x" * 10, "x" * 5]


def _balanced(chunk: str) -> bool:
    stack = []
    for match in re.finditer(r"<(/?)(b|i|u|code|pre|a)(\s[^>]*)?>", chunk):
        if match.group(1):
            if not stack or stack.pop() != match.group(2):
                return False
        else:
            stack.append(match.group(2))
    return not stack


@pytest.mark.parametrize("limit", [80, 200, 4096])
def test_split_html_never_cuts_inside_tags_or_entities_and_keeps_each_chunk_balanced(limit):
    notice = "&lt;họp&gt; &amp; " * 600
    text = f"📢 <b>Thông báo</b>\n<b>{notice}</b>\n<i>{notice[:900]}</i> <code>a&amp;b</code>"
    parts = split_message(text, limit)
    assert len(parts) > 1
    for part in parts:
        assert len(part) <= limit
        assert _balanced(part), part[:120]
        assert not re.search(r"&[a-z]*$", part) and not re.search(r"^[a-z]*;", part)
        assert not re.search(r"<[^>]*$", part)
    assert to_plain_text("".join(parts)).replace(" ", "").replace("\n", "") == to_plain_text(text).replace(
        " ", ""
    ).replace("\n", "")

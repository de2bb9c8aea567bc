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

import pytest

from knowledge.fold import fold, fold_aligned, fold_words, tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phòng Văn hóa – Xã hội", "phong van hoa – xa hoi"),
        ("ĐẢNG ỦY", "dang uy"),
        ("đường", "duong"),
        ("Hoàn thành trước 30/7/2025", "hoan thanh truoc 30/7/2025"),
        ("", ""),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


def test_fold_is_idempotent_and_handles_composed_and_decomposed_forms():
    composed = "Hộ tịch"
    import unicodedata

    decomposed = unicodedata.normalize("NFD", composed)
    assert fold(composed) == fold(decomposed) == fold(fold(composed)) == "ho tich"


def test_fold_words_and_tokens():
    assert fold_words("  Phòng  Kinh tế, chủ trì: ") == "phong kinh te chu tri"
    assert tokens("Số hóa hộ-tịch") == ["so", "hoa", "ho", "tich"]


def _reference_fold(text: str) -> str:
    """The definition: NFD, drop every combining character, đ→d, lowercase (slow, per character)."""
    import unicodedata

    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("ð", "d").replace("Ð", "D").lower()


@pytest.mark.parametrize("start", range(0, 0x10000, 0x800))
def test_fold_agrees_with_the_definition_on_every_bmp_character(start):
    chunk = "".join(chr(c) for c in range(start, start + 0x800) if not 0xD800 <= c <= 0xDFFF)
    assert fold(chunk) == _reference_fold(chunk)


@pytest.mark.parametrize(
    "text",
    [
        "Nguyễn Thị Ánh Tuyết, ĐẢNG ỦY xã Đông Hòa",
        "musical 𝅘𝅥 mark \U0001d165 and Việt",  # a combining mark outside the BMP takes the slow path
        "plain ascii Only",
        "OCR ð and Ð",
    ],
)
def test_fold_agrees_with_the_definition_on_mixed_text(text):
    assert fold(text) == _reference_fold(text)


def test_fold_aligned_keeps_positions():
    text = "Hoàn thành trước 30/7/2025 – Đảng ủy"
    folded = fold_aligned(text)
    assert len(folded) == len(text)
    assert folded == "hoan thanh truoc 30/7/2025 – dang uy"


@pytest.mark.parametrize("seed", range(5))
def test_long_texts_fold_exactly_like_short_ones(seed):
    # Long texts take a faster path (NFD + regex); it must agree with the character table everywhere.
    import random

    from knowledge.fold import _fold_aligned

    rng = random.Random(seed)
    pool = [chr(c) for c in range(0x20, 0x10000) if not 0xD800 <= c <= 0xDFFF]
    vietnamese = "Phòng Văn hóa – Xã hội chủ trì, ĐẢNG ỦY hoàn thành trước 30/7/2025 ﬁ € ¢ ð "
    for _ in range(50):
        text = vietnamese * 4 + "".join(rng.choice(pool) for _ in range(rng.choice([0, 5, 300])))
        assert len(text) > 256
        assert fold_aligned(text) == _fold_aligned(text)  # the table, the reference


@pytest.mark.parametrize(
    "text",
    [
        "KẾ HOẠCH\nThay thế Kế hoạch số 12/KH-UBND\n"
        + "Phòng Văn hóa – Xã hội chủ trì, hoàn thành trước 30/7/2026. " * 8,
        "Dòng một\n\nDòng ba có € và ¢ của OCR\n",
        "A line with a combining mark: ra\u0301c\nand ΟΔΟΣ ΣΑΣ, which fold whole\n"
        * 6,  # marks, Σ: not joined
        "",
    ],
)
def test_fold_aligned_lines_is_the_text_folded_whole(text):
    from knowledge.fold import _fold_aligned_long, fold_aligned_lines

    lines = [fold_aligned(line) for line in text.split("\n")]
    _fold_aligned_long.cache_clear()  # the whole text folded afresh, not found in the cache
    assert fold_aligned_lines(text, lines) == fold_aligned(text)

import pytest

from knowledge.fold import fold, fold_words, tokens


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

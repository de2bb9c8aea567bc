"""Plans saved in pre-Unicode Vietnamese encodings are converted, or refused; never stored as garbage."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from knowledge.documents import DocumentError, read_document
from knowledge.legacy_encodings import LegacyEncodingError, decode_text

PLAN = (
    "ỦY BAN NHÂN DÂN XÃ AN PHÚ\nSố: 47/KH-UBND\nKẾ HOẠCH\nChuyển đổi số năm 2026\n"
    "1. Phòng Văn hóa - Xã hội chủ trì số hóa sổ hộ tịch, hoàn thành trước 30/6/2026.\n"
    "2. Công an xã phối hợp làm sạch dữ liệu dân cư; đẩy mạnh thanh toán không dùng tiền mặt.\n"
    "3. Đoàn Thanh niên hướng dẫn người dân cài đặt ứng dụng, thực hiện thường xuyên.\n"
)
# ABC (TCVN3) fonts have no accented capitals: documents typed in them are in lowercase or use the
# capital base letters only, so the sample for TCVN3 is lowercase.
PLAN_LOWER = PLAN.lower()

# VNI, written here from the layout of the VNI fonts (independent of the module's tables): the mark
# bytes that follow a base letter, as their Windows-1252 characters, and VNI's one-byte letters.
VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
VNI_HAT = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
VNI_OWN = {"đ": "ñ", "ơ": "ô", "ư": "ö", "ị": "ò", "ỉ": "æ", "ĩ": "ó"}


def vni_encode(text: str) -> bytes:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        upper = ch.isupper()
        low = ch.lower()
        if low in VNI_OWN:
            out.append(VNI_OWN[low].upper() if upper else VNI_OWN[low])
            continue
        parts = unicodedata.normalize("NFD", low)
        base, marks = parts[0], parts[1:]
        if not marks or not base.isascii():
            out.append(ch)
            continue
        tone = next((m for m in marks if m in VNI_TONE), "")
        if "\u031b" in marks:  # horn: ơ, ư are letters of their own
            base = "ơ" if base == "o" else "ư"
            base = VNI_OWN[base]
            mark = VNI_TONE.get(tone, "")
        elif "\u0302" in marks:
            mark = VNI_HAT[tone]
        elif "\u0306" in marks:
            mark = VNI_BREVE[tone]
        else:
            mark = VNI_TONE[tone]
        out.append((base.upper() if upper else base) + (mark.upper() if upper else mark))
    return "".join(out).encode("cp1252")


def iconv(text: str, encoding: str) -> bytes:
    result = subprocess.run(
        ["iconv", "-f", "UTF-8", "-t", encoding], input=text.encode(), capture_output=True, check=True
    )
    return result.stdout


def cp1258_encode(text: str) -> bytes:
    """Windows-1258 as old tools wrote it: the letter with its hat, breve or horn, then the tone mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        nfd = unicodedata.normalize("NFD", ch)
        letter = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in tones))
        out.append(letter + "".join(c for c in nfd if c in tones))
    return "".join(out).encode("cp1258")


needs_iconv = pytest.mark.skipif(shutil.which("iconv") is None, reason="no iconv to encode with")


def test_vni_file_is_converted(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_bytes(vni_encode(PLAN))
    assert read_document(f) == PLAN


@needs_iconv
def test_tcvn3_file_is_converted(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_bytes(iconv(PLAN_LOWER, "TCVN5712-1"))
    assert read_document(f) == PLAN_LOWER


@needs_iconv
def test_viscii_file_is_converted(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_bytes(iconv(PLAN, "VISCII"))
    assert read_document(f) == PLAN


def test_cp1258_file_is_converted(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_bytes(cp1258_encode(PLAN))
    assert read_document(f) == PLAN


@pytest.mark.parametrize(
    ("encoder", "name"),
    [(vni_encode, "VNI"), (cp1258_encode, "CP1258")],
)
def test_the_encoding_is_named(encoder, name):
    assert decode_text(encoder(PLAN))[1] == name


def test_bytes_that_read_as_no_vietnamese_are_refused(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_bytes(bytes(range(0x80, 0x100)) * 20 + b"\n1. abc\n")
    with pytest.raises(DocumentError) as refused:
        read_document(f)
    assert refused.value.key == "legacy_encoding"
    assert "UTF-8" in refused.value.message("vi")


def test_decode_text_refuses_garbage():
    with pytest.raises(LegacyEncodingError):
        decode_text("Plan ¤¦§¨©ª«¬®¯°±²³ plan ¼½¾".encode("latin-1") * 5)


def test_utf16_cut_mid_character_is_refused_clearly(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_bytes(PLAN.encode("utf-16")[:-1])
    with pytest.raises(DocumentError) as refused:
        read_document(f)
    assert refused.value.key == "cut_utf16"
    assert "UTF-16" in refused.value.message("en")

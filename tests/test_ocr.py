"""Scanned plans (bot.ocr): image-only PDFs and page images read by Tesseract's Vietnamese model.

Tests that run Tesseract skip, naming the packages to install, when it is missing; with
PLANBOT_REQUIRE_OCR=1 (as in CI) they fail instead.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from bot import ocr
from bot.cli import main as cli_main
from knowledge.documents import DocumentError

PLAN = """ỦY BAN NHÂN DÂN XÃ AN PHÚ
Số: 21/KH-UBND                         An Phú, ngày 10 tháng 9 năm 2025
KẾ HOẠCH
Chuyển đổi số trên địa bàn xã An Phú năm 2025
I. NHIỆM VỤ
1. Số hóa hồ sơ hộ tịch còn hiệu lực; Công an xã chủ trì, hoàn thành trước ngày 30/11/2025.
2. Hướng dẫn người dân sử dụng dịch vụ công trực tuyến; Văn phòng HĐND và UBND xã chủ trì,
thực hiện thường xuyên.
3. Tổ chức tập huấn kỹ năng số cho cán bộ, công chức; Phòng Văn hóa - Xã hội chủ trì, trong tháng 10/2025.
"""


@pytest.fixture
def tesseract():
    if not ocr.tesseract_ready():
        if os.environ.get("PLANBOT_REQUIRE_OCR") == "1":
            pytest.fail(
                f"PLANBOT_REQUIRE_OCR=1 but Tesseract with Vietnamese is missing: apt-get install {ocr.PACKAGES}"
            )
        pytest.skip(f"Tesseract with Vietnamese is missing: apt-get install {ocr.PACKAGES}")


def pages(text: str, dpi: int = 200, scan: bool = False):
    from benchmarks.ocr_material import render_pages

    return render_pages(text, dpi=dpi, scan=scan)


def write_pdf(path, images, dpi=200):
    images[0].save(path, save_all=True, append_images=images[1:], resolution=dpi)
    return path


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def test_scanned_pdf_is_read_with_progress_per_page(tmp_path, tesseract):
    images = pages(
        PLAN + "\n" * 40 + "II. TỔ CHỨC THỰC HIỆN\nCác đơn vị báo cáo trước ngày 20 hằng tháng.", scan=True
    )
    assert len(images) == 2
    pdf = write_pdf(tmp_path / "scan.pdf", images)
    seen = []
    text = ocr.read_any(pdf, progress=lambda page, total: seen.append((page, total)))
    assert seen == [(1, 2), (2, 2)]
    first_page = norm(PLAN)
    read = norm(text)[: len(first_page)]
    assert Levenshtein.distance(first_page, read) / len(first_page) < 0.03
    assert "hằng tháng" in text


def test_photo_of_a_page_is_read(tmp_path, tesseract):
    path = tmp_path / "page.jpg"
    pages(PLAN)[0].convert("RGB").save(path, quality=85)
    text = ocr.read_any(path)
    assert "Số hóa hồ sơ hộ tịch" in text and "30/11/2025" in text


def test_ingest_of_a_scan_saves_the_plan_and_prints_progress(tmp_path, tesseract, capsys):
    pdf = write_pdf(tmp_path / "ke_hoach_quet.pdf", pages(PLAN, scan=True))
    db = tmp_path / "kb.db"
    assert cli_main(["--db", str(db), "ingest", str(pdf)]) == 0
    captured = capsys.readouterr()
    assert "Đang nhận dạng trang 1/1…" in captured.err
    assert cli_main(["--db", str(db), "export", "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)["plans"][0]
    assert plan["number"] == "21/KH-UBND"
    assert len(plan["tasks"]) == 3
    assert plan["tasks"][0]["lead"] == "Công an xã" and plan["tasks"][0]["deadline"]["due"] == "2025-11-30"


def test_page_limit_is_a_clear_refusal(tmp_path, tesseract):
    pdf = write_pdf(tmp_path / "long.pdf", pages(PLAN * 4))
    with pytest.raises(ocr.TooManyPages) as refused:
        ocr.ocr_document(pdf, max_pages=1)
    assert refused.value.key == "ocr_too_many_pages"
    assert "vượt giới hạn 1 trang" in refused.value.message("vi")


def test_time_limit_is_a_clear_refusal(tmp_path, tesseract):
    pdf = write_pdf(tmp_path / "slow.pdf", pages(PLAN))
    with pytest.raises(ocr.OcrTimeout) as refused:
        ocr.ocr_document(pdf, time_limit=0)
    assert "1/1" in refused.value.message("vi")


def test_missing_tesseract_says_what_to_install_and_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    image = tmp_path / "scan.png"
    pages("KẾ HOẠCH\n1. Một nhiệm vụ.")[0].save(image)
    with pytest.raises(ocr.TesseractMissing) as refused:
        ocr.read_any(image)
    assert isinstance(refused.value, DocumentError)
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in refused.value.message("vi")
    # The command line, in a process whose PATH has no tesseract (files are read in worker processes).
    db = tmp_path / "kb.db"
    planbot = str(Path(sys.executable).with_name("planbot"))
    env = dict(os.environ, PATH=str(tmp_path))
    done = subprocess.run(
        [planbot, "--db", str(db), "ingest", str(image)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "tesseract-ocr-vie" in done.stderr
    assert cli_main(["--db", str(db), "export", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["plans"] == []


def test_a_broken_image_is_refused(tmp_path, tesseract):
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG not really")
    with pytest.raises(DocumentError) as refused:
        ocr.read_any(path)
    assert refused.value.key == "ocr_bad_image"


def test_median_filter_keeps_the_page_size_and_grays_it():
    image = pages("KẾ HOẠCH")[0].convert("RGB")
    prepared = ocr.prepare(image)
    assert prepared.mode == "L" and prepared.size == image.size

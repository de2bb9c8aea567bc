"""planbot report: each kind of file from the command line, scopes by unit, plan number and person."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from bot.cli import main
from storage.db import open_db
from tests.reports_world import KT, seed_reports


@pytest.fixture
def world(tmp_path):
    path = tmp_path / "kb.db"
    db = open_db(path)
    ids = seed_reports(db)
    db.conn.close()
    return path, ids


def run(capsys, db, *argv):
    code = main(["--db", str(db), "report", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("kind", "magic"),
    [
        ("monthly", b"PK"),
        ("quarterly", b"PK"),
        ("yearly", b"PK"),
        ("tracker", b"PK"),
        ("chart", b"\x89PNG"),
        ("calendar", b"BEGIN:VCALENDAR"),
    ],
)
def test_every_kind_writes_its_file(world, tmp_path, capsys, kind, magic):
    db, _ = world
    out = tmp_path / "out" / f"file.{kind}"
    code, stdout, err = run(capsys, db, kind, "--today", "2025-09-02", "--out", str(out))
    assert code == 0, err
    assert out.read_bytes().startswith(magic)
    assert str(out) in stdout


def test_plan_by_its_short_number_and_period(world, tmp_path, capsys):
    db, _ = world
    out = tmp_path / "r.docx"
    code, _, err = run(
        capsys,
        db,
        "monthly",
        "--plan",
        "47a",
        "--period",
        "2025-08",
        "--today",
        "2025-09-02",
        "--out",
        str(out),
    )
    assert code == 0, err
    document = Document(io.BytesIO(out.read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Kế hoạch số 47a/KH-UBND" in text and "tháng 8 năm 2025" in text
    appendix = document.tables[-1]
    assert {row.cells[1].text.split(" · ")[0] for row in appendix.rows[1:]} == {"47a/KH-UBND"}


def test_unit_tracker_in_english(world, tmp_path, capsys):
    db, _ = world
    out = tmp_path / "t.xlsx"
    code, stdout, err = run(
        capsys, db, "tracker", "--unit", KT, "--lang", "en", "--today", "2025-09-02", "--out", str(out)
    )
    assert code == 0, err
    assert "(3 tasks)" in stdout  # it leads 1.2, 2.1 (plan 47a) and 1 (plan 12) and coordinates none
    workbook = load_workbook(out)
    assert workbook.sheetnames[0] == "Summary by unit"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["monthly", "--period", "2025-13"], "không hợp lệ"),
        (["monthly", "--period", "2025-Q3"], "2025-08"),
        (["tracker", "--plan", "99"], 'Không tìm thấy kế hoạch số "99"'),
        (["tracker", "--unit", "Phòng Không Có"], "Không tìm thấy đơn vị"),
        (["calendar", "--person", "999"], "Không tìm thấy người dùng"),
    ],
)
def test_bad_arguments_get_one_clear_line(world, tmp_path, capsys, argv, message):
    db, _ = world
    out = tmp_path / "x"
    code, _, err = run(capsys, db, *argv, "--out", str(out))
    assert code == 1
    assert message in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_calendar_of_a_person(world, tmp_path, capsys):
    db, ids = world
    out = tmp_path / "p.ics"
    code, _, err = run(
        capsys,
        db,
        "calendar",
        "--person",
        str(ids["person:leader_kt"]),
        "--today",
        "2025-09-02",
        "--out",
        str(out),
    )
    assert code == 0, err
    text = out.read_text(encoding="utf-8").replace("\r\n ", "")
    assert "thanh toán không dùng tiền mặt" in text and "Tuyên truyền" not in text

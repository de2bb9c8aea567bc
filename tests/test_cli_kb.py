"""planbot ingest / export: files in, summaries out, bad files rejected with nothing written."""

from __future__ import annotations

import json
import shutil

import pytest

from bot.cli import main
from storage.db import open_db

TABLES = ("plans", "tasks", "units", "task_units", "duties", "targets")


def counts(db_path) -> dict[str, int]:
    db = open_db(db_path)
    try:
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        db.conn.close()


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_sample_prints_summary_and_export_has_tasks(tmp_path, capsys, sample_plan_path):
    db = tmp_path / "kb.db"
    code, out, err = run(capsys, "--db", str(db), "ingest", str(sample_plan_path))
    assert code == 0, err
    assert "Đã nạp kế hoạch" in out and "nhiệm vụ" in out
    code, out, _ = run(capsys, "--db", str(db), "export", "--json")
    assert code == 0
    data = json.loads(out)
    assert len(data["plans"]) == 1
    plan = data["plans"][0]
    assert plan["number"] and plan["tasks"]
    assert all({"code", "content", "lead", "support", "deadline"} <= set(t) for t in plan["tasks"])
    assert "Đ" in out or "ư" in out  # ensure_ascii=False keeps diacritics readable


def test_reingest_reports_update_and_keeps_one_plan(tmp_path, capsys, sample_plan_path):
    db = tmp_path / "kb.db"
    run(capsys, "--db", str(db), "ingest", str(sample_plan_path))
    before = counts(db)
    code, out, _ = run(capsys, "--db", str(db), "ingest", str(sample_plan_path))
    assert code == 0 and "Đã cập nhật kế hoạch" in out
    assert counts(db) == before


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.txt", b""),
        ("notes.odt", b"some text"),
        ("table.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel"),
        ("broken.docx", b"this is not a zip file"),
        ("broken.pdf", b"%PDF-1.4 garbage"),
        ("shopping.txt", "Mua rau, mua thịt, mua cá.\nGọi điện cho mẹ.\n".encode()),
    ],
)
def test_bad_file_exits_1_with_one_line_and_writes_nothing(tmp_path, capsys, name, content):
    db = tmp_path / "kb.db"
    bad = tmp_path / name
    bad.write_bytes(content)
    before = counts(db)
    code, out, err = run(capsys, "--db", str(db), "ingest", str(bad))
    assert code == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and name in lines[0] and "Traceback" not in err
    assert counts(db) == before


def test_one_bad_file_among_good_ones_still_ingests_the_rest(tmp_path, capsys, sample_plan_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(sample_plan_path, folder / "a_plan.txt")
    (folder / "b_empty.txt").write_bytes(b"")
    (folder / "ignored.jpg").write_bytes(b"\xff\xd8")  # unsupported files in a folder are skipped
    db = tmp_path / "kb.db"
    code, out, err = run(capsys, "--db", str(db), "ingest", str(folder))
    assert code == 1
    assert "b_empty.txt" in err and "ignored.jpg" not in err
    assert counts(db)["plans"] == 1


def test_missing_file_is_an_error(tmp_path, capsys):
    code, _, err = run(capsys, "--db", str(tmp_path / "kb.db"), "ingest", str(tmp_path / "nope.txt"))
    assert code == 1 and "nope.txt" in err


def test_empty_folder_says_what_to_do(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "--db", str(tmp_path / "kb.db"), "ingest", str(tmp_path / "empty"))
    assert code == 1 and ".txt" in err


def test_ingest_all_seeds(tmp_path, capsys, seeds_dir):
    db = tmp_path / "kb.db"
    code, out, err = run(capsys, "--db", str(db), "ingest", str(seeds_dir))
    assert code == 0, err
    summaries = [line for line in out.splitlines() if line.startswith("Đã nạp kế hoạch")]
    assert len(summaries) == len(list(seeds_dir.glob("*.txt")))
    data = json.loads(run(capsys, "--db", str(db), "export", "--json")[1])
    assert len(data["plans"]) == len(summaries)
    assert all(plan["tasks"] for plan in data["plans"])


def test_file_over_the_size_limit_is_refused(tmp_path, capsys):
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    db = tmp_path / "kb.db"
    before = counts(db)
    code, _, err = run(capsys, "--db", str(db), "ingest", str(big))
    assert code == 1 and "huge.txt" in err and len(err.strip().splitlines()) == 1
    assert counts(db) == before


def test_ctrl_c_says_what_was_saved_and_how_to_continue(tmp_path, capsys, monkeypatch, sample_plan_path):
    import bot.ingest

    folder = tmp_path / "in"
    folder.mkdir()
    text = sample_plan_path.read_text(encoding="utf-8")
    for i in range(4):
        (folder / f"{i}.txt").write_text(text.replace("Số: 112/", f"Số: {300 + i}/"), encoding="utf-8")
    real = bot.ingest.ingest_files

    def interrupted(db, paths, workers=None, **options):
        outcomes = real(db, paths, workers=1, **options)
        yield next(outcomes)
        yield next(outcomes)
        raise KeyboardInterrupt  # Ctrl-C while the third file is read

    monkeypatch.setattr(bot.ingest, "ingest_files", interrupted)
    db = tmp_path / "kb.db"
    code, out, err = run(capsys, "--db", str(db), "ingest", str(folder))
    assert code == 130
    assert "2/4" in err and "Traceback" not in err
    assert len(out.strip().splitlines()) == 2
    assert counts(db)["plans"] == 2

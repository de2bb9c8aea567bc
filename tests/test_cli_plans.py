"""planbot plans list|remove and planbot units list."""

from __future__ import annotations

import io
import json

from bot.cli import main
from storage.db import open_db
from tests.test_grade_own_plans import DATA


def run(capsys, *argv, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def two_plans(tmp_path, capsys):
    db = str(tmp_path / "kb.db")
    code, _out, err = run(
        capsys, "--db", db, "ingest", str(DATA / "dept_58.docx"), str(DATA / "party_15.pdf")
    )
    assert code == 0, err
    return db


def count(db_path, sql):
    db = open_db(db_path)
    try:
        return db.execute(sql).fetchone()[0]
    finally:
        db.conn.close()


def test_plans_list_shows_each_plan_with_its_counts(tmp_path, capsys):
    db = two_plans(tmp_path, capsys)
    code, out, _ = run(capsys, "--db", db, "plans", "list")
    assert code == 0
    assert "58/KH-SKHCN" in out and "12 nhiệm vụ" in out
    assert "15-KH/ĐU" in out and "9 nhiệm vụ" in out
    code, out, _ = run(capsys, "--db", db, "plans", "list", "--json")
    assert [p["number"] for p in json.loads(out)] == ["58/KH-SKHCN", "15-KH/ĐU"]


def test_remove_asks_and_keeps_the_plan_unless_confirmed(tmp_path, capsys, monkeypatch):
    db = two_plans(tmp_path, capsys)
    code, out, _ = run(capsys, "--db", db, "plans", "remove", "58", stdin="k\n", monkeypatch=monkeypatch)
    assert code == 1 and "Đã giữ nguyên" in out
    assert count(db, "SELECT COUNT(*) FROM plans") == 2
    code, out, _ = run(capsys, "--db", db, "plans", "remove", "58", stdin="c\n", monkeypatch=monkeypatch)
    assert code == 0 and "Đã gỡ kế hoạch 58/KH-SKHCN" in out


def test_remove_yes_deletes_that_plan_only_with_its_history(tmp_path, capsys):
    db = two_plans(tmp_path, capsys)
    handle = open_db(db)
    person = handle.execute(
        "INSERT INTO people (name, role, created_at) VALUES ('An', 'member', '2026-01-01T00:00:00')"
    ).lastrowid
    for plan_id in (1, 2):
        task = handle.execute("SELECT id FROM tasks WHERE plan_id = ? LIMIT 1", [plan_id]).fetchone()[0]
        handle.execute(
            "INSERT INTO status_updates (task_id, person_id, status, percent, created_at)"
            " VALUES (?, ?, 'in_progress', 10, '2026-01-02T00:00:00')",
            [task, person],
        )
    handle.conn.commit()
    handle.conn.close()
    code, out, _ = run(capsys, "--db", db, "plans", "remove", "15-KH/ĐU", "--yes")
    assert code == 0, out
    assert count(db, "SELECT COUNT(*) FROM plans") == 1
    assert count(db, "SELECT COUNT(*) FROM tasks WHERE plan_id = 2") == 0
    assert count(db, "SELECT COUNT(*) FROM tasks WHERE plan_id = 1") == 12
    assert count(db, "SELECT COUNT(*) FROM status_updates") == 1
    assert count(db, "SELECT COUNT(*) FROM people") == 1


def test_remove_an_unknown_plan_fails_cleanly(tmp_path, capsys):
    db = two_plans(tmp_path, capsys)
    code, _out, err = run(capsys, "--db", db, "plans", "remove", "999", "--yes")
    assert code == 1 and "999" in err


def test_units_list_leaves_collectives_out(tmp_path, capsys):
    db = two_plans(tmp_path, capsys)
    code, out, _ = run(capsys, "--db", db, "units", "list")
    assert code == 0
    assert "Văn phòng Sở" in out and "Công an xã" in out
    assert "Các " not in out
    code, out, _ = run(capsys, "--db", db, "units", "list", "--json")
    data = json.loads(out)
    assert all(not u["name"].startswith("Các") for u in data["units"])
    assert {c["kind"] for c in data["collectives"]} >= {"units", "party_cells"}

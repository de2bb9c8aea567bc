"""planbot backup / restore: a consistent copy while another connection writes; a restore checks the
file first (SQLite, intact, planbot's, a known schema version) and keeps the current database."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from bot.cli import main
from storage.backup import BackupError, backup_database, check_database_file, latest_version, restore_database
from storage.db import open_db, transaction


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def add_plan(db, number: str) -> None:
    """A plan and one task, in one transaction (a backup must never hold one without the other)."""
    with transaction(db):
        plan = db.execute(
            "INSERT INTO plans (number, number_key, ingested_at) VALUES (?, ?, '2026-01-01')",
            [number, number],
        ).lastrowid
        db.execute(
            "INSERT INTO tasks (plan_id, task_key, content, content_folded) VALUES (?, 'k', 'việc', 'viec')",
            [plan],
        )


def test_backup_while_another_connection_writes_is_consistent(tmp_path):
    db_path = tmp_path / "live.db"
    writer = open_db(db_path)
    add_plan(writer, "0")
    stop = threading.Event()
    written = []

    def keep_writing():
        db = open_db(db_path)
        i = 1
        while not stop.is_set():
            add_plan(db, str(i))
            written.append(i)
            i += 1
        db.conn.close()

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        while len(written) < 20:  # the writer is under way
            threading.Event().wait(0.01)
        copies = [backup_database(db_path, tmp_path / f"copy{n}.db") for n in range(3)]
    finally:
        stop.set()
        thread.join()
        writer.conn.close()
    for info in copies:
        conn = sqlite3.connect(info.path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        plans, tasks = conn.execute(
            "SELECT (SELECT COUNT(*) FROM plans), (SELECT COUNT(*) FROM tasks)"
        ).fetchone()
        assert plans == tasks >= 20  # every plan with its task: one snapshot, no half transaction
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
        conn.close()
        assert info.version == latest_version()
    assert not list(tmp_path.glob("*.partial"))


def test_cli_backup_and_restore_round_trip_keeps_the_current_database(tmp_path, capsys):
    db_path = tmp_path / "planbot.db"
    db = open_db(db_path)
    add_plan(db, "47a")
    db.conn.close()
    backup = tmp_path / "saoluu.db"
    code, out, err = run(capsys, "--db", str(db_path), "backup", str(backup))
    assert code == 0, err
    assert "Đã sao lưu" in out

    db = open_db(db_path)
    add_plan(db, "99")  # written after the backup
    db.conn.close()
    code, out, err = run(capsys, "--db", str(db_path), "restore", str(backup))
    assert code == 0, err
    db = open_db(db_path)
    assert [r[0] for r in db.execute("SELECT number FROM plans")] == ["47a"]
    db.conn.close()
    [kept] = tmp_path.glob("planbot.db.before-restore-*")
    assert str(kept) in out
    conn = sqlite3.connect(kept)
    assert sorted(r[0] for r in conn.execute("SELECT number FROM plans")) == ["47a", "99"]
    conn.close()


def test_restore_refuses_what_is_not_a_planbot_database(tmp_path, capsys):
    db_path = tmp_path / "planbot.db"
    db = open_db(db_path)
    add_plan(db, "47a")
    db.conn.close()
    text = tmp_path / "notes.db"
    text.write_text("không phải cơ sở dữ liệu\n" * 100)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    for bad in (text, other):
        code, _, err = run(capsys, "--db", str(db_path), "restore", str(bad))
        assert code == 1 and "không phải cơ sở dữ liệu planbot" in err
    code, _, err = run(capsys, "--db", str(db_path), "restore", str(tmp_path / "missing.db"))
    assert code == 1 and "Không có tệp" in err
    db = open_db(db_path)
    assert [r[0] for r in db.execute("SELECT number FROM plans")] == ["47a"]
    db.conn.close()
    assert not list(tmp_path.glob("planbot.db.before-restore-*"))


def test_restore_refuses_a_newer_schema_and_a_damaged_file(tmp_path):
    newer = tmp_path / "newer.db"
    db = open_db(newer)
    db.execute(
        "INSERT INTO schema_migrations (version, name) VALUES (?, 'from the future')", [latest_version() + 1]
    )
    db.conn.close()
    with pytest.raises(BackupError) as refused:
        check_database_file(newer)
    assert refused.value.key == "restore.too_new"

    damaged = tmp_path / "damaged.db"
    db = open_db(damaged)
    for i in range(300):
        add_plan(db, str(i))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    data = bytearray(damaged.read_bytes())
    page = 4096
    for offset in range(3 * page, len(data) - page, page):  # scribble over b-tree pages, keep the header
        data[offset + 8 : offset + 200] = b"\xff" * 192
    damaged.write_bytes(bytes(data))
    with pytest.raises(BackupError) as refused:
        restore_database(damaged, tmp_path / "target.db")
    assert refused.value.key in ("restore.damaged", "restore.not_planbot")
    assert not (tmp_path / "target.db").exists()


def test_backup_refuses_its_own_database_as_destination(tmp_path):
    db_path = tmp_path / "planbot.db"
    open_db(db_path).conn.close()
    with pytest.raises(BackupError) as refused:
        backup_database(db_path, db_path)
    assert refused.value.key == "backup.same_file"

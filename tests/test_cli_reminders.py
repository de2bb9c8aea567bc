"""`planbot reminders preview` lists what would be sent, as JSON, without sending."""

from __future__ import annotations

import json

from bot.cli import main
from storage.db import open_db
from tests.test_reminders import World


def make_db(tmp_path):
    path = tmp_path / "p.db"
    db = open_db(path)
    world = World(db)
    lan = world.person("Lan", unit="Phòng Văn hóa - Xã hội")
    world.task("2026-12-10", assigned=(lan,), code="2.1")
    world.task("2026-12-10", assigned=(lan,), code="2.2", status="done")
    db.conn.close()
    return path


def test_preview_json(tmp_path, capsys):
    path = make_db(tmp_path)
    code = main(
        ["--db", str(path), "reminders", "preview", "--from", "2026-12-01", "--to", "2026-12-08", "--json"]
    )
    assert code == 0
    plan = json.loads(capsys.readouterr().out)
    assert [(p["at"], p["kind"], p["recipient"]["name"], p["tasks"]) for p in plan] == [
        ("2026-12-03T08:00+07:00", "before_7", "Lan", [{"plan": "47/KH-UBND", "code": "2.1"}]),
        ("2026-12-07T08:00+07:00", "before_3", "Lan", [{"plan": "47/KH-UBND", "code": "2.1"}]),
    ]
    db = open_db(path)
    assert db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 0  # nothing sent or queued
    assert db.execute("SELECT COUNT(*) FROM reminders").fetchone()[0] == 0


def test_preview_text_and_empty_range(tmp_path, capsys):
    path = make_db(tmp_path)
    assert (
        main(["--db", str(path), "reminders", "preview", "--from", "2026-12-03", "--to", "2026-12-03T23:00"])
        == 0
    )
    out = capsys.readouterr().out
    assert "before_7" in out and "Lan" in out and "2.1" in out and "2.2" not in out
    assert (
        main(["--db", str(path), "reminders", "preview", "--from", "2027-06-01", "--to", "2027-06-02"]) == 0
    )
    assert "Không có nhắc việc" in capsys.readouterr().out


def test_bad_dates_and_policy_file_say_what_to_do(tmp_path, capsys):
    path = make_db(tmp_path)
    try:
        main(["--db", str(path), "reminders", "preview", "--from", "31/2/2026"])
    except SystemExit as exc:
        assert "ISO" in str(exc)
    else:
        raise AssertionError("a bad date must be refused")
    bad = tmp_path / "policy.json"
    bad.write_text('{"send_at": "23:00"}')
    try:
        main(["--db", str(path), "reminders", "policy", "--policy", str(bad)])
    except SystemExit as exc:
        assert "quiet hours" in str(exc)
    else:
        raise AssertionError("a bad policy must be refused")


def test_policy_file_is_used(tmp_path, capsys):
    path = make_db(tmp_path)
    policy = tmp_path / "policy.json"
    policy.write_text('{"before_days": [2]}')
    assert (
        main(
            [
                "--db",
                str(path),
                "reminders",
                "preview",
                "--from",
                "2026-12-01",
                "--to",
                "2026-12-11",
                "--json",
                "--policy",
                str(policy),
            ]
        )
        == 0
    )
    assert [p["kind"] for p in json.loads(capsys.readouterr().out)] == ["before_2", "due"]

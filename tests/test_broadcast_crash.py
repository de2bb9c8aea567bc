"""Kill the sending process (SIGKILL) in the middle of a broadcast to 2,000 recipients, restart it, and check
every recipient got the notice, with duplicates no more than the messages in flight at the kill.

The "bot process" is `planbot outbox drain` (the real OutboxSender + TelegramSender through PTB's Bot)
against a fake Bot API server on 127.0.0.1; the pace is raised (200/s, server limit 300/s) to keep the
test short."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from storage.db import open_db
from storage.outbox import create_broadcast
from tests.fake_bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parent.parent
RECIPIENTS = 2000
ADMIN_CHAT = "999999"
MAX_IN_FLIGHT = 8
RATE = 200


def make_broadcast(path: Path) -> int:
    db = open_db(path)
    db.execute(
        "INSERT INTO people (id, name, role, created_at) VALUES (?, 'Admin', 'admin', 'x')", [RECIPIENTS + 1]
    )
    db.execute(
        "INSERT INTO identities (channel, external_id, person_id, chat_id) VALUES ('telegram', ?, ?, ?)",
        [ADMIN_CHAT, RECIPIENTS + 1, ADMIN_CHAT],
    )
    db.conn.executemany(
        "INSERT INTO people (id, name, role, created_at) VALUES (?, ?, 'member', 'x')",
        [(i, f"Người {i}") for i in range(1, RECIPIENTS + 1)],
    )
    db.conn.executemany(
        "INSERT INTO identities (channel, external_id, person_id, chat_id) VALUES ('telegram', ?, ?, ?)",
        [(str(i), i, str(i)) for i in range(1, RECIPIENTS + 1)],
    )
    created = create_broadcast(
        db,
        created_by=RECIPIENTS + 1,
        text="📢 Họp giao ban chuyển đổi số",
        audience={"kind": "role", "value": "member"},
    )
    db.conn.close()
    assert created.total == RECIPIENTS
    return created.id


def received(api: FakeBotAPI) -> Counter:
    """Messages the fake platform accepted, per chat."""
    with api.cond:
        return Counter(chat for chat, _ in api.sent_order)


def start_sender(db_path: Path, api: FakeBotAPI, cwd: Path) -> subprocess.Popen:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "PLANBOT_", "ZALO_"))},
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "--db",
            str(db_path),
            "outbox",
            "drain",
            "--until-empty",
            "--ignore-quiet-hours",  # the test runs at any hour; quiet hours are tested in test_quiet_hours
            "--rate",
            str(RATE),
            "--max-in-flight",
            str(MAX_IN_FLIGHT),
            "--backoff",
            "0.2",
        ],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_mid_broadcast_then_restart_delivers_everyone_with_bounded_duplicates(tmp_path):
    db_path = tmp_path / "crash.db"
    broadcast_id = make_broadcast(db_path)
    api = FakeBotAPI(max_per_second=300, retry_after=1).start()
    try:
        first = start_sender(db_path, api, tmp_path)
        wait_for(
            lambda: len(api.sent_order) >= RECIPIENTS * 0.4 or first.poll() is not None, 60, "40% delivered"
        )
        assert first.poll() is None, first.stderr.read().decode()[-2000:]
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        accepted_at_kill = sum(received(api).values())
        db = open_db(db_path)
        sending_at_kill = db.execute("SELECT COUNT(*) FROM outbox WHERE state = 'sending'").fetchone()[0]
        marked_at_kill = db.execute("SELECT COUNT(*) FROM outbox WHERE state = 'sent'").fetchone()[0]
        db.conn.close()
        in_flight = accepted_at_kill - marked_at_kill  # accepted by the platform, not yet marked sent

        second = start_sender(db_path, api, tmp_path)
        out, err = second.communicate(timeout=90)
        assert second.returncode == 0, err.decode()[-2000:]

        counts = received(api)
        missing = [i for i in range(1, RECIPIENTS + 1) if counts[str(i)] == 0]
        duplicates = sum(n - 1 for chat, n in counts.items() if chat != ADMIN_CHAT and n > 1)
        print(
            f"\ncrash test: killed after {accepted_at_kill} accepted ({sending_at_kill} rows 'sending', "
            f"{in_flight} accepted-but-unmarked in flight); after restart: {RECIPIENTS - len(missing)}/{RECIPIENTS} "
            f"received, duplicates={duplicates}, 429s={api.rejected_429}"
        )
        assert missing == []
        assert duplicates <= in_flight <= MAX_IN_FLIGHT
        db = open_db(db_path)
        assert db.execute(
            "SELECT state, COUNT(*) FROM outbox WHERE broadcast_id = ? GROUP BY state", [broadcast_id]
        ).fetchall() == [("sent", RECIPIENTS)]
        assert db.execute("SELECT state, reported FROM broadcasts").fetchone() == ("done", 1)
        db.conn.close()
        reports = api.texts(ADMIN_CHAT)
        assert len(reports) == 1 and f"{RECIPIENTS}/{RECIPIENTS}" in reports[0]
    finally:
        api.stop()

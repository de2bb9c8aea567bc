"""The terminal chat: stdin lines through the real core, replies as plain text with numbered buttons."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from bot import actions
from bot.chat import Button, FileRef, Reply
from bot.clock import FixedClock
from bot.compose import build_core
from bot.ingest import ingest_path
from handlers.console import (
    CHANNEL,
    LOCAL_ID,
    ensure_console_admin,
    incoming_for,
    render_replies,
    run_console,
)
from knowledge.messages import t
from storage import people as people_db

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 23)


def run_planbot(db_path, stdin: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "--db", str(db_path), "console", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def plan_count(db_path) -> int:
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT count(*) FROM plans").fetchone()[0]


def test_demo_session_answers_presses_a_numbered_button_and_exits_on_eof(tmp_path):
    db_path = tmp_path / "planbot.db"
    # A question with results, then "1" presses the first numbered button (task details), then EOF.
    result = run_planbot(db_path, "Phòng Văn hóa có nhiệm vụ gì?\n1\n", "--demo", "--today", "2026-01-05")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert t("vi", "console.demo_loaded", number="112/KH-UBND", tasks=14).split("(")[0] in out
    assert t("vi", "console.greeting") in out
    assert "[1] " in out and t("vi", "console.choose_hint") in out
    # The answer names the lead unit with diacritics, and the details of task 1 follow the choice.
    assert "Phòng Văn hóa – Xã hội" in out
    answer, _, after_choice = out.partition(t("vi", "console.choose_hint"))
    # Button 1's label is the first listed task's reference and leading clause (knowledge.labels);
    # pressing "1" shows that task's details in full.
    label = re.search(r"\[1\] (?:\d+\. )?(?:[\dIVX]+(?:\.\d+)* )?(.+?)…?$", answer, re.M).group(1)
    details = after_choice.split(t("vi", "console.bye"))[0]
    assert label[:15] in details, "pressing 1 did not show the first task"
    assert "Traceback" not in out + result.stderr
    assert out.rstrip().endswith(t("vi", "console.bye"))
    assert plan_count(db_path) == 1


def test_demo_does_not_reingest_when_plans_exist(tmp_path):
    db_path = tmp_path / "planbot.db"
    first = run_planbot(db_path, "", "--demo")
    second = run_planbot(db_path, "", "--demo")
    assert first.returncode == second.returncode == 0
    assert "112/KH-UBND" in first.stdout
    assert "112/KH-UBND" not in second.stdout
    assert plan_count(db_path) == 1


def test_unknown_unit_is_a_clear_error(tmp_path):
    result = run_planbot(tmp_path / "planbot.db", "", "--unit", "Phòng Không Tồn Tại")
    assert result.returncode == 1
    assert t("vi", "console.unknown_unit", unit="Phòng Không Tồn Tại") in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_today_is_rejected_by_argparse(tmp_path):
    result = run_planbot(tmp_path / "planbot.db", "", "--today", "31/2/2026")
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr


@pytest.fixture
def demo_core(fresh_db, sample_plan_path):
    ingest_path(fresh_db, sample_plan_path)
    return build_core(fresh_db, None, FixedClock(datetime(2026, 11, 23, 9, 0)))


async def drive(core, lines: str, lang: str = "vi") -> tuple[int, str]:
    out = io.StringIO()
    code = await run_console(core, io.StringIO(lines), out, lang=lang, today=TODAY)
    return code, out.getvalue()


@pytest.mark.parametrize("word", ["q", "thoat", "Thoát", "exit"])
async def test_exit_words_stop_before_later_lines(demo_core, word):
    code, out = await drive(demo_core, f"{word}\n/help\n")
    assert code == 0
    assert "/nhiemvu" not in out  # the /help after the exit word was never read
    assert out.rstrip().endswith(t("vi", "console.bye"))


async def test_unknown_command_is_answered_and_session_goes_on(demo_core):
    code, out = await drive(demo_core, "/khongcolenhnay\n/help\n")
    assert code == 0
    assert t("vi", "core.unknown_command", command="/khongcolenhnay") in out
    assert "/nhiemvu" in out


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_greeting_in_the_chosen_language(demo_core, lang):
    _, out = await drive(demo_core, "", lang=lang)
    assert t(lang, "console.greeting") in out and t(lang, "console.hint") in out


async def test_the_console_person_is_an_admin_registered_on_the_console_channel(demo_core, fresh_db):
    await drive(demo_core, "/help\n")
    person = people_db.find_by_identity(fresh_db, CHANNEL, LOCAL_ID)
    assert person is not None and person.role == "admin"


async def test_a_core_crash_is_reported_without_ending_the_session():
    class Broken:
        calls = 0

        async def handle(self, incoming):
            Broken.calls += 1
            if Broken.calls == 1:
                raise RuntimeError("boom")
            return [Reply("ok")]

    code, out = await drive(Broken(), "a\nb\n")
    assert code == 0
    assert t("vi", "console.error") in out and "> ok\n" in out and "boom" not in out


def test_ensure_console_admin_sets_and_keeps_the_unit(fresh_db, sample_plan_path):
    ingest_path(fresh_db, sample_plan_path)
    unit_id = people_db.resolve_unit(fresh_db, "Phòng Kinh tế")
    first = ensure_console_admin(fresh_db, unit_id=unit_id)
    again = ensure_console_admin(fresh_db)  # a later session without --unit keeps it
    assert first == again
    person = people_db.get_person(fresh_db, first)
    assert (person.role, person.unit_id) == ("admin", unit_id)
    assert fresh_db.execute("SELECT count(*) FROM people").fetchone()[0] == 1


def test_render_numbers_buttons_across_replies_and_unescapes_html():
    replies = [
        Reply("<b>A &amp; B</b>", buttons=[[Button("x", "td:1"), Button("y", "td:2")]]),
        Reply("two", buttons=[[Button("z", "pg:3")]], document=FileRef("document", "f1", name="kq.json")),
    ]
    text, menu = render_replies(replies, "vi")
    assert [(c.n, c.action) for c in menu] == [(1, "td:1"), (2, "td:2"), (3, "pg:3")]
    assert "A & B" in text and "<b>" not in text
    assert "[1] x  [2] y" in text and "[3] z" in text
    assert t("vi", "console.document", name="kq.json") in text


@pytest.mark.parametrize(
    ("line", "expected_action", "expected_text"),
    [("2", "td:2", None), ("9", None, "9"), ("việc nào quá hạn?", None, "việc nào quá hạn?")],
)
def test_typed_number_presses_a_shown_button_only(line, expected_action, expected_text):
    _, menu = render_replies([Reply("?", buttons=[[Button("a", "td:1"), Button("b", "td:2")]])], "vi")
    incoming = incoming_for(line, menu, lang="vi", today=TODAY)
    assert (incoming.action, incoming.text) == (expected_action, expected_text)
    assert (incoming.channel, incoming.chat_id, incoming.sender_id, incoming.today) == (
        "console",
        "local",
        "local",
        TODAY,
    )
    if expected_action:
        assert actions.parse(incoming.action).verb == "td"


def test_console_uses_the_shared_numbered_menu():
    page = Reply(
        "Trang 2",
        buttons=[
            [Button("11. Đẩy mạnh số hóa", "td:11")],
            [Button("12. Rà soát thủ tục", "td:12")],
            [Button("« Trước", "pg:1"), Button("Sau »", "pg:3")],
        ],
    )
    text, menu = render_replies([page], "vi")
    assert "[11] Đẩy mạnh số hóa" in text and "[1] 11." not in text and "[1]" not in text
    assert t("vi", "zalo.next_page") in text and t("vi", "console.choose_hint") in text
    pressed = {
        line: incoming_for(line, menu, lang="vi", today=TODAY).action for line in ("12", "tiếp", "trước")
    }
    assert pressed == {"12": "td:12", "tiếp": "pg:3", "trước": "pg:1"}


def test_console_percent_buttons_are_typed_as_values():
    reply = Reply(
        "Bao nhiêu?",
        buttons=[[Button(f"{p}%", f"pc:f:{p}") for p in (0, 50, 100)], [Button("✖ Hủy", "px:f")]],
    )
    text, menu = render_replies([reply], "vi")
    assert "[1]" not in text and "0%, 50%, 100%" in text
    assert incoming_for("50", menu, lang="vi", today=TODAY).action == "pc:f:50"
    assert incoming_for("hủy", menu, lang="vi", today=TODAY).action == "px:f"

"""End to end: `planbot run` as a subprocess against the fake Bot API (TELEGRAM_API_BASE_URL), playing a
whole story: the admin loads a plan by sending its file, invites a leader and a member, the member
registers with the code, asks three questions, reports progress with a note, the leader sees it in /tiendo,
and a restart keeps the data."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fake_bot_api import DEFAULT_TOKEN, FakeBotAPI

ADMIN, LEADER, MEMBER = 111, 222, 333
ROOT = Path(__file__).resolve().parent.parent


def start_bot(
    api: FakeBotAPI, db_path: Path, cwd: Path, *args: str, env_extra: dict | None = None
) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "PLANBOT_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=DEFAULT_TOKEN,
        TELEGRAM_API_BASE_URL=api.base_url,
        PLANBOT_DB=str(db_path),
        PLANBOT_ADMINS=str(ADMIN),
        PLANBOT_TELEGRAM_MAX_RATE="0",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    env.update(env_extra or {})
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop_bot(process: subprocess.Popen) -> str:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.stderr.read()


def ask_until(api: FakeBotAPI, user: int, text: str, part: str, timeout: float = 30.0) -> list[dict]:
    """Send `text` and wait for a new message holding `part`; the messages sent since. A reminder the bot
    sends on its own meanwhile (its clock is the real one) does not pass for the answer."""
    before = len(api.sent(user))
    api.message(user, text)
    api.wait_for(
        lambda: any(part in (m.get("text") or m.get("caption") or "") for m in api.sent(user)[before:]),
        timeout,
    )
    return api.sent(user)[before:]


def wait_text(api: FakeBotAPI, chat: int, part: str, timeout: float = 30.0) -> dict:
    """The latest message (as last edited) to `chat` containing `part`."""

    def find():
        for message in reversed(api.sent(chat)):
            if part in (message.get("text") or ""):
                return message
        return None

    return api.wait_for(find, timeout)


def ask(api: FakeBotAPI, user: int, text: str, timeout: float = 30.0) -> list[dict]:
    before = len(api.sent(user))
    api.message(user, text)
    api.wait_for(lambda: len(api.sent(user)) > before, timeout)
    api.wait_consumed(timeout)
    return api.sent(user)[before:]


def press(api: FakeBotAPI, user: int, message: dict, label: str) -> None:
    api.press(user, message, label)


def test_story(tmp_path, sample_plan_path):
    db_path = tmp_path / "e2e.db"
    with FakeBotAPI() as api:
        bot = start_bot(api, db_path, tmp_path)
        try:
            api.wait_for(lambda: api.calls_of("getUpdates"), timeout=60)
            assert api.calls_of("deleteWebhook")[0].params.get("drop_pending_updates") in (
                None,
                False,
                "False",
                "false",
            )

            # The admin (from PLANBOT_ADMINS) loads the plan by sending its file.
            ask(api, ADMIN, "/start")
            doc = api.add_file(sample_plan_path.read_bytes(), name="ke-hoach-112.txt")
            api.message(ADMIN, None, document=doc)
            loaded = wait_text(api, ADMIN, "Đã nạp kế hoạch", timeout=60)
            assert "112/KH-UBND" in loaded["text"]

            # A file that is not a plan gets a clear answer and changes nothing.
            junk = api.add_file(b"\x00\x01binary", name="virus.exe", mime_type="application/octet-stream")
            api.message(ADMIN, None, document=junk)
            wait_text(api, ADMIN, "virus.exe")

            # Invites for a leader and a member of the same unit.
            leader_link = ask(api, ADMIN, "/moi leader Phòng Văn hóa – Xã hội")[-1]["text"]
            member_link = ask(api, ADMIN, "/moi member Phòng Văn hóa – Xã hội")[-1]["text"]
            leader_code = re.search(r"start=(\w+)", leader_link).group(1)
            member_code = re.search(r"start=(\w+)", member_link).group(1)
            assert "t.me/planbot_test_bot?start=" in member_link

            # An unregistered person sees no plan data.
            stranger = ask(api, 999, "việc nào quá hạn?")
            assert "chưa đăng ký" in stranger[0]["text"]

            assert "Đăng ký thành công" in ask(api, LEADER, f"/start {leader_code}")[0]["text"]
            assert "Đăng ký thành công" in ask(api, MEMBER, f"/start {member_code}")[0]["text"]

            # Three questions.
            for question in (
                "Phòng Văn hóa – Xã hội có nhiệm vụ gì?",
                "viec nao qua han?",
                "hạn chót số hóa hồ sơ?",
            ):
                answer = ask(api, MEMBER, question)
                assert answer and all(m["text"].strip() for m in answer)
                assert not any("lỗi" in m["text"] for m in answer)

            # Progress report with a note.
            ask(api, MEMBER, "/capnhat")
            picker = wait_text(api, MEMBER, "Chọn nhiệm vụ cần cập nhật")
            first_task = picker["reply_markup"]["inline_keyboard"][0][0]["text"]
            press(api, MEMBER, picker, first_task)
            status = wait_text(api, MEMBER, "Chọn trạng thái mới")
            press(api, MEMBER, status, "Đang thực hiện")
            percent = wait_text(api, MEMBER, "bao nhiêu phần trăm")
            press(api, MEMBER, percent, "50%")
            wait_text(api, MEMBER, "ghi chú")
            ask(api, MEMBER, "Đã xong một nửa")
            evidence = wait_text(api, MEMBER, "minh chứng")
            press(api, MEMBER, evidence, "Bỏ qua")
            confirm = wait_text(api, MEMBER, "Xác nhận cập nhật")
            assert "Đã xong một nửa" in confirm["text"]
            press(api, MEMBER, confirm, "Xác nhận")
            wait_text(api, MEMBER, "Đã lưu cập nhật")
            assert len(api.answered_callbacks) >= 5

            # The leader sees it.
            progress = ask_until(api, LEADER, "/tiendo", "Đang thực hiện 50%")
            text = "\n".join(m.get("text") or m.get("caption") or "" for m in progress)
            assert "Phòng Văn hóa – Xã hội" in text and "Đang thực hiện 50%" in text
            # ... and the chart, uploaded as a photo.
            api.wait_for(lambda: api.calls_of("sendPhoto"), timeout=30)
            upload = api.calls_of("sendPhoto")[0].params["photo"]
            assert upload["filename"].endswith(".png") and upload["size"] > 10_000
            # Members may not.
            assert "không có quyền" in ask(api, MEMBER, "/tiendo")[0]["text"]
        finally:
            log = stop_bot(bot)
        assert DEFAULT_TOKEN not in log, "the token leaked into the logs"
        assert "Traceback" not in log, log[-3000:]

        # Restart: the registrations and the update are still there.
        bot = start_bot(api, db_path, tmp_path)
        try:
            api.wait_for(lambda: len(api.calls_of("setMyCommands")) >= 6, timeout=60)
            progress = ask_until(api, LEADER, "/tiendo", "Đang thực hiện 50%")
            assert "Đang thực hiện 50%" in "\n".join(
                m.get("text") or m.get("caption") or "" for m in progress
            )
        finally:
            stop_bot(bot)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_webhook_mode_checks_the_secret_token(tmp_path):
    import time

    import httpx

    port = _free_port()
    with FakeBotAPI() as api:
        env_extra = {
            "PLANBOT_WEBHOOK_LISTEN": "127.0.0.1",
            "PLANBOT_WEBHOOK_PORT": str(port),
            "PLANBOT_WEBHOOK_SECRET": "s3cret-token",
        }
        url = f"http://127.0.0.1:{port}/tg"
        bot = start_bot(api, tmp_path / "wh.db", tmp_path, "--webhook", url, env_extra=env_extra)
        try:
            setup = api.wait_for(lambda: api.calls_of("setWebhook"), timeout=60)
            assert (
                setup[0].params["url"].endswith("/tg") and setup[0].params["secret_token"] == "s3cret-token"
            )
            update = {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": int(time.time()),
                    "chat": {"id": ADMIN, "type": "private"},
                    "from": {"id": ADMIN, "is_bot": False, "first_name": "Admin"},
                    "text": "/help",
                },
            }
            deadline = time.monotonic() + 30
            while True:
                try:
                    forged = httpx.post(url, json=update, timeout=5)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            assert forged.status_code == 403
            ok = httpx.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}, timeout=5
            )
            assert ok.status_code == 200
            reply = api.wait_for_sent(ADMIN, 1, timeout=30)[0]
            assert "/nhiemvu" in reply["text"]
        finally:
            stop_bot(bot)


@pytest.mark.parametrize("verbose", [False, True], ids=["quiet", "debug"])
def test_a_rejected_token_is_never_printed(tmp_path, verbose):
    """getMe answers 401: one clear line and exit 2; the token appears nowhere in stdout or stderr,
    tracebacks and debug logs included."""
    wrong = "987654321:WRONGtokenWRONGtokenWRONGtokenWRONG"
    with FakeBotAPI() as api:
        args = ("-v",) if verbose else ()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "PLANBOT_"))}
        env.update(
            TELEGRAM_BOT_TOKEN=wrong,
            TELEGRAM_API_BASE_URL=api.base_url,
            PLANBOT_DB=str(tmp_path / "kb.db"),
            PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        )
        result = subprocess.run(
            [sys.executable, "-m", "bot.cli", *args, "run"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert wrong not in output and wrong.split(":")[1] not in output
    assert "TELEGRAM_BOT_TOKEN" in result.stderr

"""`planbot run` with PLANBOT_WEB_PORT: the bot and the dashboard in one process and one event loop,
against the fake Bot API. /web in chat gives a link that the same process then serves; in webhook mode
Telegram's updates arrive on the dashboard's server."""

from __future__ import annotations

import re
import time

import httpx

from tests.fake_bot_api import FakeBotAPI
from tests.test_e2e_telegram import ADMIN, _free_port, start_bot, stop_bot


def _get(url: str, client: httpx.Client, deadline: float) -> httpx.Response:
    while True:
        try:
            return client.get(url)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _log_in_with_link(link: str, port: int) -> httpx.Client:
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10, follow_redirects=False)
    path = "/login/" + link.rsplit("/login/", 1)[1]
    confirm = _get(path, client, time.monotonic() + 30)
    assert confirm.status_code == 200, confirm.text
    started = client.post(path, data={"csrf": client.cookies.get("planbot_pre")})
    assert started.status_code == 303, started.text
    return client


def test_run_serves_the_dashboard_beside_polling(tmp_path):
    port = _free_port()
    with FakeBotAPI() as api:
        env = {"PLANBOT_WEB_PORT": str(port), "PLANBOT_WEB_LISTEN": "127.0.0.1"}
        bot = start_bot(api, tmp_path / "run.db", tmp_path, env_extra=env)
        try:
            api.message(ADMIN, "/web")
            reply = api.wait_for_sent(ADMIN, 1, timeout=60)[0]
            link = re.search(r"http://localhost:\d+/login/\S+", reply["text"]).group(0)
            client = _log_in_with_link(link, port)
            overview = client.get("/")
            assert overview.status_code == 200 and "Tổng quan tiến độ" in overview.text
            # The bot still answers while the dashboard serves.
            api.message(ADMIN, "/help")
            assert len(api.wait_for_sent(ADMIN, 2, timeout=30)) >= 2
        finally:
            stderr = stop_bot(bot)
        assert bot.returncode == 0, stderr
        assert "Traceback" not in stderr, stderr[-3000:]


def test_webhook_updates_arrive_on_the_dashboards_server(tmp_path):
    port = _free_port()
    with FakeBotAPI() as api:
        env = {
            "PLANBOT_WEB_PORT": str(port),
            "PLANBOT_WEB_LISTEN": "127.0.0.1",
            "PLANBOT_WEBHOOK_SECRET": "s3cret-token",
        }
        url = f"http://127.0.0.1:{port}/tg"
        bot = start_bot(api, tmp_path / "wh.db", tmp_path, "--webhook", url, env_extra=env)
        try:
            api.wait_for(lambda: api.calls_of("setWebhook"), timeout=60)
            update = {
                "update_id": 7,
                "message": {
                    "message_id": 1,
                    "date": int(time.time()),
                    "chat": {"id": ADMIN, "type": "private"},
                    "from": {"id": ADMIN, "is_bot": False, "first_name": "Admin"},
                    "text": "/web",
                },
            }
            with httpx.Client(timeout=10) as client:
                _get(f"http://127.0.0.1:{port}/healthz", client, time.monotonic() + 30)
                assert client.post(url, json=update).status_code == 403  # no secret
                ok = client.post(
                    url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
                )
                assert ok.status_code == 200
            reply = api.wait_for_sent(ADMIN, 1, timeout=30)[0]
            link = re.search(r"http://localhost:\d+/login/\S+", reply["text"]).group(0)
            assert _log_in_with_link(link, port).get("/tasks").status_code == 200
        finally:
            stderr = stop_bot(bot)
        assert bot.returncode == 0, stderr

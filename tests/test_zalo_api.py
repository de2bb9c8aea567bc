"""The Zalo Bot API client against the fake server: shapes, long polling, named errors, no token leaks."""

from __future__ import annotations

import logging
import socket

import httpx
import pytest

from handlers.zalo_api import (
    ZaloApiClient,
    ZaloBadRequest,
    ZaloForbidden,
    ZaloNetworkError,
    ZaloRateLimited,
    ZaloServerError,
    ZaloTimeout,
    ZaloUnauthorized,
)
from tests.fake_zalo_api import DEFAULT_TOKEN, FakeZaloAPI


@pytest.fixture
def fake():
    with FakeZaloAPI(max_poll_wait=0.2) as server:
        yield server


@pytest.fixture
async def client(fake):
    api = ZaloApiClient(DEFAULT_TOKEN, base_url=fake.base_url, poll_timeout=1)
    yield api
    await api.aclose()


async def test_get_me_posts_json_to_bot_token_path(client, fake):
    me = await client.get_me()
    assert me["account_name"] == "Bot Kế hoạch"
    assert [c.method for c in fake.calls] == ["getMe"]


async def test_get_updates_returns_one_update_then_none_on_408(client, fake):
    first = fake.say("u1", "xin chào")
    fake.say("u2", "việc nào quá hạn?")
    assert await client.get_updates() == first
    second = await client.get_updates()
    assert second["message"]["from"]["id"] == "u2"
    assert await client.get_updates() is None  # error_code 408: nothing arrived
    assert fake.calls_of("getUpdates")[0].params == {"timeout": 1}


async def test_send_message_and_photo(client, fake):
    await client.send_message("c1", "Xin chào")
    await client.send_photo("c1", "https://example.invalid/p.jpg", "ảnh")
    await client.send_chat_action("c1")
    assert [m["method"] for m in fake.sent("c1")] == ["sendMessage", "sendPhoto"]
    assert fake.sent("c1")[1]["caption"] == "ảnh"
    assert fake.calls_of("sendChatAction")[0].params == {"chat_id": "c1", "action": "typing"}


@pytest.mark.parametrize("text", ["", "x" * 2001])
async def test_send_message_refuses_text_outside_1_to_2000(client, fake, text):
    with pytest.raises(ValueError):
        await client.send_message("c1", text)
    assert fake.sent() == []


async def test_webhook_methods(client, fake):
    await client.set_webhook("https://bot.example.invalid/zalo", "s3cret-token")
    assert (await client.get_webhook_info())["url"] == "https://bot.example.invalid/zalo"
    await client.delete_webhook()
    assert (await client.get_webhook_info())["url"] == ""


async def test_wrong_token_is_unauthorized_and_never_shown(fake, caplog):
    api = ZaloApiClient("999:wrongTOKENwrongTOKEN", base_url=fake.base_url)
    try:
        with pytest.raises(ZaloUnauthorized) as info:
            await api.get_me()
    finally:
        await api.aclose()
    assert "wrongTOKEN" not in str(info.value)
    assert info.value.__cause__ is None and info.value.__context__ is None


@pytest.mark.parametrize(
    ("error_code", "exception"),
    [
        (400, ZaloBadRequest),
        (403, ZaloForbidden),
        (429, ZaloRateLimited),
        (500, ZaloServerError),
        (503, ZaloServerError),
        (401, ZaloUnauthorized),
    ],
)
async def test_error_codes_become_named_exceptions(client, fake, error_code, exception):
    fake.fail_next("sendMessage", error_code=error_code, description="boom")
    with pytest.raises(exception) as info:
        await client.send_message("c1", "hi")
    assert info.value.error_code == error_code
    assert info.value.method == "sendMessage"


async def test_non_json_gateway_error_is_a_server_error(client, fake):
    fake.fail_next("getMe", http_status=502, raw=b"<html>Bad Gateway</html>")
    with pytest.raises(ZaloServerError) as info:
        await client.get_me()
    assert info.value.error_code == 502


async def test_unreachable_server_is_a_network_error():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    api = ZaloApiClient(DEFAULT_TOKEN, base_url=f"http://127.0.0.1:{port}", timeout=2)
    try:
        with pytest.raises(ZaloNetworkError) as info:
            await api.get_me()
    finally:
        await api.aclose()
    assert DEFAULT_TOKEN not in str(info.value)


async def test_timeout_is_named_and_redacted(caplog):
    def slow(request):
        raise httpx.ReadTimeout(f"timed out reading {request.url}", request=request)

    api = ZaloApiClient(DEFAULT_TOKEN, base_url="http://zalo.invalid", transport=httpx.MockTransport(slow))
    caplog.set_level(logging.DEBUG)
    try:
        with pytest.raises(ZaloTimeout) as info:
            await api.send_message("c1", "hi")
    finally:
        await api.aclose()
    assert DEFAULT_TOKEN not in str(info.value)
    assert DEFAULT_TOKEN not in caplog.text

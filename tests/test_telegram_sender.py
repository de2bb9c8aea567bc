"""TelegramSender (PTB Bot → ChannelSender) against the fake Bot API server: rendering and error mapping."""

from __future__ import annotations

import json

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.delivery import ChannelSender, DeliveryBlocked, DeliveryFailed, DeliveryRetryAfter, DeliveryTransient
from handlers.telegram_sender import TelegramSender
from tests.fake_bot_api import FakeBotAPI


class MediaFakeBotAPI(FakeBotAPI):
    """The shared fake echoes a sent document/photo as the bare file id; Telegram returns a Document /
    PhotoSize list, which PTB parses. Shape it like Telegram does (a helper here, the shared fake is
    another team's file)."""

    def _store(self, chat_id, fields):
        if isinstance(fields.get("document"), str):
            fields = {**fields, "document": {"file_id": fields["document"], "file_unique_id": "u1"}}
        if isinstance(fields.get("photo"), str):
            fields = {
                **fields,
                "photo": [{"file_id": fields["photo"], "file_unique_id": "u2", "width": 1, "height": 1}],
            }
        return super()._store(chat_id, fields)


@pytest.fixture
def api():
    with MediaFakeBotAPI() as server:
        yield server


@pytest.fixture
async def sender(api):
    bot = Bot(api.token, base_url=f"{api.base_url}/bot", request=HTTPXRequest(connection_pool_size=4))
    async with bot:
        yield TelegramSender(bot)


def buttons_of(message) -> list:
    markup = message.get("reply_markup")
    markup = json.loads(markup) if isinstance(markup, str) else markup
    return [[b["callback_data"] for b in row] for row in (markup or {}).get("inline_keyboard", [])]


async def test_is_a_channel_sender(sender):
    assert isinstance(sender, ChannelSender) and sender.channel == "telegram"
    assert sender.is_group("-100123") and not sender.is_group("42")


async def test_sends_html_with_inline_buttons(api, sender):
    await sender.send(
        "42", {"text": "<b>3 nhiệm vụ</b> &lt;x&gt;", "buttons": [[{"label": "Xem", "action": "td:7"}]]}
    )
    message = api.sent(42)[-1]
    assert message["text"] == "<b>3 nhiệm vụ</b> &lt;x&gt;" and message.get("parse_mode") == "HTML"
    assert buttons_of(message) == [["td:7"]]


async def test_long_text_is_split_with_buttons_on_the_last_part(api, sender):
    text = "\n\n".join(f"Đoạn {i} " + "x" * 900 for i in range(6))
    await sender.send("42", {"text": text, "buttons": [[{"label": "Xem", "action": "td:1"}]]})
    parts = api.sent(42)
    assert len(parts) == 2 and all(len(p["text"]) <= 4096 for p in parts)
    assert buttons_of(parts[0]) == [] and buttons_of(parts[1]) == [["td:1"]]


async def test_attachment_goes_as_document_with_caption(api, sender):
    await sender.send(
        "42", {"text": "Lịch họp", "attachment": {"kind": "document", "ref": "FILEID", "name": "a.pdf"}}
    )
    assert api.calls_of("sendDocument") and api.texts(42)[-1] == "Lịch họp"


async def test_attachment_from_another_channel_is_named_not_sent(api, sender):
    await sender.send(
        "42",
        {
            "text": "Lịch",
            "attachment": {"kind": "photo", "ref": "https://zalo/x.jpg", "name": "x.jpg", "channel": "zalo"},
        },
    )
    assert not api.calls_of("sendPhoto") and "x.jpg" in api.texts(42)[-1]


async def test_blocked_chat_maps_to_delivery_blocked(api, sender):
    api.block(43)
    with pytest.raises(DeliveryBlocked):
        await sender.send("43", {"text": "x"})


async def test_rate_limit_maps_to_retry_after_with_seconds(api, sender):
    api.max_per_second = 1
    api.retry_after = 3
    await sender.send("42", {"text": "first"})
    with pytest.raises(DeliveryRetryAfter) as caught:
        await sender.send("42", {"text": "second"})
    assert caught.value.seconds == 3


@pytest.mark.parametrize(
    ("status", "description", "expected"),
    [
        (400, "Bad Request: chat not found", DeliveryBlocked),
        (400, "Bad Request: can't parse entities", DeliveryFailed),
        (502, "Bad Gateway", DeliveryTransient),
    ],
)
async def test_other_errors(api, sender, status, description, expected):
    api.fail_next("sendMessage", 1, status=status, description=description)
    with pytest.raises(expected):
        await sender.send("42", {"text": "x"})


def test_live_replies_and_pushed_messages_share_one_renderer():
    from bot.chat import Button, FileRef, Reply
    from bot.delivery import reply_of_payload
    from handlers.telegram_render import CAPTION_LIMIT, render_reply

    payload = {
        "text": "x" * 5000,
        "buttons": [[{"label": "Xem", "action": "td:1"}]],
        "attachment": {"kind": "document", "ref": "FILEID", "name": "a.pdf", "channel": "telegram"},
    }
    live = Reply(
        "x" * 5000, buttons=[[Button("Xem", "td:1")]], document=FileRef("document", "FILEID", "a.pdf")
    )
    assert render_reply(reply_of_payload(payload, "telegram")) == render_reply(live)
    parts = render_reply(live)  # too long for a caption: text parts, buttons on the last, then the file
    assert [bool(p.markup) for p in parts] == [False, True, False] and parts[-1].file.ref == "FILEID"
    short = render_reply(Reply("Lịch", document=FileRef("photo", "P1")))
    assert len(short) == 1 and short[0].file.kind == "photo" and len(short[0].text) <= CAPTION_LIMIT
    foreign = reply_of_payload(
        {"text": "Lịch", "attachment": {**payload["attachment"], "channel": "zalo"}}, "telegram"
    )
    assert render_reply(foreign)[0].file is None and "a.pdf" in render_reply(foreign)[0].text

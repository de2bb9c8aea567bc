"""The Zalo adapter end to end against the fake Zalo Bot API on 127.0.0.1: rendering as numbered choices,
invites, questions, a status update by numbers and a photo, reminders and broadcasts through the outbox
(Zalo and Telegram, exactly once each), polling and webhook transport, errors contained."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from datetime import datetime
from types import SimpleNamespace

import httpx
import pytest

from bot import actions
from bot.chat import Button, Reply
from bot.clock import VN_TZ, FixedClock
from bot.compose import build_core
from bot.config import Secret, ZaloSettings
from bot.delivery import DeliveryBlocked, DeliveryRetryAfter, DeliveryTransient
from bot.outbox_sender import OutboxSender
from bot.reminders import run_tick
from handlers.numbered_menu import resolve_choice
from handlers.zalo import ZaloAdapter
from handlers.zalo_api import ZaloApiClient
from handlers.zalo_render import render_replies, render_reply
from handlers.zalo_sender import ZaloSender
from handlers.zalo_updates import INVITE_CODE, unwrap_update, update_to_incoming
from handlers.zalo_webhook import ZaloWebhookServer, run_webhook
from knowledge.fold import fold_words
from storage import people as people_db
from tests.core_fixtures import StubAssistant, seed_plan
from tests.fake_zalo_api import DEFAULT_TOKEN, FakeZaloAPI

MONDAY_9AM = datetime(2026, 11, 23, 9, 0, tzinfo=VN_TZ)


# --- rendering and choosing (pure) ---------------------------------------------------------------------


def test_buttons_become_numbered_choices_with_a_hint():
    reply = Reply(
        "<b>Chọn</b> &amp; trả lời",
        buttons=[[Button("Xác nhận", "pk:f1")], [Button("Sửa", "pe:f1"), Button("Hủy", "px:f1")]],
    )
    text, menu = render_reply(reply, "vi")
    assert text == "Chọn & trả lời\n\n1. Xác nhận\n2. Sửa\n3. Hủy\nTrả lời 1, 2 hoặc 3."
    assert [(c.n, c.action) for c in menu] == [(1, "pk:f1"), (2, "pe:f1"), (3, "px:f1")]
    assert render_reply(Reply("x", buttons=[[Button("A", "a"), Button("B", "b")]]), "en")[0].endswith(
        "Reply 1 or 2."
    )


def test_numbering_continues_across_the_replies_of_one_answer():
    replies = [Reply("một", buttons=[[Button("A", "a")]]), Reply("hai", buttons=[[Button("B", "b")]])]
    messages, menu = render_replies(replies, "vi")
    assert [m.text.splitlines()[2] for m in messages] == ["1. A", "2. B"]
    assert resolve_choice("2", menu) == ("action", "b")


def test_value_buttons_are_chosen_by_value_never_by_position():
    buttons = [Button(f"{p}%", actions.build("pc", "f1", p)) for p in range(0, 101, 10)]
    reply = Reply("Bao nhiêu phần trăm?", buttons=[buttons, [Button("✖ Hủy", "px:f1")]])
    text, menu = render_reply(reply, "vi")
    assert "0%, 10%, 20%" in text and "“Hủy”" in text and "\n1. " not in text
    assert resolve_choice("10", menu) == ("action", "pc:f1:10")  # 10 %, not the 10th button
    assert resolve_choice("50%", menu) == ("action", "pc:f1:50")
    assert resolve_choice("huy", menu) == ("action", "px:f1")
    assert resolve_choice("35", menu) == ("text", None)  # the core accepts a typed percent


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1", ("action", "td:1")),
        ("2.", ("action", "td:2")),
        ("số 2", ("action", "td:2")),
        ("tiếp", ("action", "pg:1")),
        ("Sau", ("action", "pg:1")),
        ("trước", ("action", "pg:0x")),
        ("Xem chi tiết 1", ("text", None)),
        ("7", ("no_choice", 7)),
        ("việc nào quá hạn?", ("text", None)),
        ("kho du lieu", ("action", "td:2")),  # a button's name, typed without diacritics
    ],
)
def test_typed_answers_map_to_the_menu(typed, expected):
    reply = Reply(
        "Kết quả",
        buttons=[
            [Button("Số hóa hộ tịch", "td:1")],
            [Button("Kho dữ liệu", "td:2")],
            [Button("◀", "pg:0x"), Button("▶", "pg:1")],
        ],
    )
    text, menu = render_reply(reply, "vi")
    assert "Gõ “tiếp” để xem trang sau." in text and "3." not in text
    assert resolve_choice(typed, menu) == expected


def test_paging_word_without_a_next_page_says_so_and_no_menu_means_text():
    _, menu = render_reply(Reply("x", buttons=[[Button("A", "a")]]), "vi")
    assert resolve_choice("tiếp", menu) == ("no_next", None)
    assert resolve_choice("1", []) == ("text", None)


def test_long_answer_is_split_cleanly_within_2000_characters():
    paragraphs = [f"Nhiệm vụ {i}: " + "số hóa dữ liệu hộ tịch " * 12 for i in range(40)]
    messages, _ = render_replies([Reply("\n\n".join(paragraphs), buttons=[[Button("A", "a")]])], "vi")
    assert len(messages) > 2 and all(0 < len(m.text) <= 2000 for m in messages)
    assert all(m.text.startswith("Nhiệm vụ") or m.text.startswith("1. A") for m in messages)
    assert messages[-1].text.endswith("Trả lời 1 để chọn.")


def test_documents_and_photos():
    photo = Reply("Ảnh minh chứng", document=_file("photo", "https://x.invalid/a.jpg"))
    doc = Reply("Xuất dữ liệu", document=_file("document", "BQACAgIAA", name="ke_hoach.json"))
    messages, _ = render_replies([photo, doc], "vi")
    assert messages[0].photo == "https://x.invalid/a.jpg" and messages[0].text == "Ảnh minh chứng"
    assert messages[1].photo is None and "ke_hoach.json" in messages[1].text


def _file(kind, ref, name=None):
    from bot.chat import FileRef

    return FileRef(kind=kind, ref=ref, name=name)


# --- updates → Incoming --------------------------------------------------------------------------------


def test_text_photo_group_and_other_updates():
    fake = FakeZaloAPI()
    text = update_to_incoming(fake.message("u1", " Việc nào quá hạn? ", display_name="Lan"))
    assert (text.channel, text.chat_id, text.sender_id, text.sender_name) == ("zalo", "u1", "u1", "Lan")
    assert text.text == "Việc nào quá hạn?" and not text.is_group

    photo = update_to_incoming(fake.message("u1", photo_url="https://x.invalid/p.jpg", caption="minh chứng"))
    assert photo.file.kind == "photo" and photo.file.ref == "https://x.invalid/p.jpg"
    assert photo.text == "minh chứng"

    group = update_to_incoming(
        fake.message("u1", "@Bot Kế hoạch việc quá hạn", chat_id="g1", chat_type="GROUP"),
        bot_name="Bot Kế hoạch",
    )
    assert group.is_group and group.mentioned and group.chat_id == "g1" and group.text == "việc quá hạn"

    sticker = update_to_incoming(fake.message("u1", "x", event_name="message.sticker.received"))
    assert sticker.text is None and sticker.file is None

    bot = fake.message("u1", "hi")
    bot["message"]["from"]["is_bot"] = True
    assert update_to_incoming(bot) is None
    assert update_to_incoming({"event_name": "message.text.received"}) is None


def test_webhook_bodies_with_or_without_the_ok_result_wrapping():
    update = FakeZaloAPI().message("u1", "hi")
    assert unwrap_update({"ok": True, "result": update}) == update
    assert unwrap_update(update) == update
    assert unwrap_update([update]) == update
    assert unwrap_update("nope") is None


def test_invite_code_shape_matches_created_invites(fresh_db):
    code = people_db.create_invite(fresh_db, unit_id=None, role="admin")
    assert INVITE_CODE.match(code) and INVITE_CODE.match(code.upper())
    assert not INVITE_CODE.match("abc") and not INVITE_CODE.match("hello12345")  # 'l', 'o' never used


async def test_a_ten_letter_word_is_not_taken_for_an_invite(zalo):
    answer = await zalo.say("zu5", "quahanchua")  # invite-shaped, but no such invite: plain onboarding
    assert "Gửi yêu cầu đăng ký" in answer and people_db.find_by_identity(zalo.db, "zalo", "zu5") is None


# --- the adapter against the fake server ---------------------------------------------------------------


@pytest.fixture
def fake():
    with FakeZaloAPI(max_poll_wait=0.2) as server:
        yield server


@pytest.fixture
async def zalo(fresh_db, fake):
    clock = FixedClock(MONDAY_9AM)
    ids = seed_plan(fresh_db)
    core = build_core(fresh_db, None, clock, assistant=StubAssistant(fresh_db))
    api = ZaloApiClient(DEFAULT_TOKEN, base_url=fake.base_url, poll_timeout=1)
    adapter = ZaloAdapter(core, api, initial_backoff=0.01, max_backoff=0.05)
    z = SimpleNamespace(db=fresh_db, core=core, api=api, adapter=adapter, fake=fake, ids=ids, clock=clock)

    async def say(user, text=None, **kwargs):
        outs = await adapter.process_update(fake.message(user, text, **kwargs))
        return "\n---\n".join(o.text for o in outs)

    z.say = say
    yield z
    await api.aclose()


def _number_of(text: str, label_part: str) -> str:
    """The number a rendered menu gives the choice whose label contains `label_part`."""
    for line in text.splitlines():
        number, dot, label = line.partition(". ")
        if dot and number.isdigit() and label_part in label:
            return number
    raise AssertionError(f"no choice {label_part!r} in {text!r}")


def _invite(z, role="leader", unit="Phòng Văn hóa – Xã hội"):
    return people_db.create_invite(z.db, unit_id=z.ids[unit] if unit else None, role=role, now=z.clock.now())


async def test_register_with_a_bare_invite_code(zalo):
    welcome = await zalo.say("zu1", "xin chào")
    assert "1. 📝 Gửi yêu cầu đăng ký" in welcome and "Trả lời 1 để chọn." in welcome
    code = _invite(zalo)
    registered = await zalo.say("zu1", code.upper(), display_name="Trần Thị Lan")
    assert "Đăng ký thành công" in registered and "Trần Thị Lan" in registered
    person = people_db.find_by_identity(zalo.db, "zalo", "zu1")
    assert person.role == "leader" and person.unit_name == "Phòng Văn hóa – Xã hội"
    assert people_db.identities_of(zalo.db, person.id)[0]["chat_id"] == "zu1"
    assert zalo.fake.texts("zu1")[-1] == registered  # what the user saw


async def test_register_with_start_code_links_a_telegram_person_too(zalo):
    person_id = people_db.add_user(
        zalo.db,
        channel="telegram",
        external_id="100",
        name="Lan",
        role="member",
        unit_id=zalo.ids["Phòng Kinh tế"],
    )
    code = _invite(zalo, role="member", unit="Phòng Kinh tế")
    assert "Đăng ký thành công" in await zalo.say("zu2", f"/start {code}")
    assert "không" in (await zalo.say("zu3", "/start abcdefghjk")).lower()  # unknown code: told so
    zalo_person = people_db.find_by_identity(zalo.db, "zalo", "zu2")
    assert zalo_person.id != person_id  # a new person; linking both needs the same invite flow per channel


async def test_ask_questions_and_open_details_by_number(zalo):
    await zalo.say("zu1", _invite(zalo))
    answer = await zalo.say("zu1", "số hóa hộ tịch")
    assert "Kết quả cho: số hóa hộ tịch" in answer and "1. Số hóa sổ hộ tịch" in answer
    assert "<b>" not in answer and "&amp;" not in answer
    details = await zalo.say("zu1", "1")
    assert "Số hóa sổ hộ tịch" in details and "Trạng thái" in details
    assert "Không có lựa chọn số 9" in await zalo.say("zu1", "9")


async def test_numbered_status_update_with_photo_evidence(zalo):
    await zalo.say("zu1", _invite(zalo))
    picker = await zalo.say("zu1", "/capnhat")
    status = await zalo.say("zu1", _number_of(picker, "Tuyên truyền về chuyển đổi số"))
    in_progress = _number_of(status, "🔵")
    percent = await zalo.say("zu1", in_progress)
    assert "50%" in percent and "\n1. " not in percent and "“Hủy”" in percent
    note = await zalo.say("zu1", "50")
    assert _number_of(note, "Bỏ qua") == "1" and "trang sau" not in note
    evidence = await zalo.say("zu1", "Đã in 200 tờ rơi")
    assert evidence
    confirm = await zalo.say("zu1", photo_url="https://zalo.invalid/photo/abc.jpg")
    assert "Đã in 200 tờ rơi" in confirm
    confirm_number = _number_of(confirm, "Xác nhận")
    saved = await zalo.say("zu1", confirm_number)
    assert "50%" in saved
    row = zalo.db.execute(
        "SELECT status, percent, note, evidence_kind, evidence_ref, channel FROM status_updates"
    ).fetchall()
    assert row == [
        ("in_progress", 50, "Đã in 200 tờ rơi", "photo", "https://zalo.invalid/photo/abc.jpg", "zalo")
    ]
    # Tapping "1" again (double send) does not store a second update.
    await zalo.say("zu1", confirm_number)
    assert zalo.db.execute("SELECT COUNT(*) FROM status_updates").fetchone()[0] == 1


async def test_unsupported_messages_and_core_errors_get_a_friendly_answer(zalo, monkeypatch, caplog):
    assert "tệp đính kèm" in await zalo.say("zu1", "x", event_name="message.sticker.received")

    async def broken(incoming):
        raise RuntimeError("database exploded")

    monkeypatch.setattr(zalo.core, "handle", broken)
    caplog.set_level(logging.ERROR)
    assert await zalo.say("zu1", "hello") == ""
    assert "lỗi" in zalo.fake.texts("zu1")[-1] and "exploded" not in zalo.fake.texts("zu1")[-1]
    assert "database exploded" in caplog.text and zalo.adapter.stats["errors"] == 1


async def test_a_redelivered_update_is_answered_once(zalo):
    update = zalo.fake.message("zu1", "xin chào")
    await zalo.adapter.process_update(update)
    await zalo.adapter.process_update({"ok": True, "result": update})
    assert len(zalo.fake.sent("zu1")) == 1


# --- delivery through the outbox -----------------------------------------------------------------------


def _zalo_sender(z, **kw) -> ZaloSender:
    return ZaloSender(z.api, z.db, z.clock, max_per_second=50, per_chat_interval=0, **kw)


async def test_reminder_digest_reaches_zalo_once_and_its_numbers_answer_it(zalo):
    await zalo.say("zu1", _invite(zalo))
    before = len(zalo.fake.sent("zu1"))
    result = run_tick(zalo.db, zalo.clock.now())
    assert result.digests >= 1
    sender = OutboxSender(zalo.db, [_zalo_sender(zalo)], zalo.clock)
    await sender.drain_once()
    await sender.drain_once()
    digests = zalo.fake.sent("zu1")[before:]
    assert len(digests) == 1 and "1. " in digests[0]["text"] and len(digests[0]["text"]) <= 2000
    assert zalo.db.execute("SELECT state FROM outbox WHERE channel = 'zalo'").fetchall() == [("sent",)]
    first = next(line for line in digests[0]["text"].splitlines() if line.startswith("1. "))
    details = await zalo.say("zu1", "1")  # the digest's "1" opens the first task's details
    assert "Trạng thái" in details and first
    assert any(task in details for task in ("Số hóa sổ hộ tịch", "Tuyên truyền về chuyển đổi số"))


async def test_broadcast_reaches_zalo_and_telegram_exactly_once_each(zalo):
    from telegram import Bot
    from telegram.request import HTTPXRequest

    from handlers.telegram_sender import TelegramSender
    from tests.fake_bot_api import FakeBotAPI

    await zalo.say("zadmin", _invite(zalo, role="admin", unit=None))
    await zalo.say("zu1", _invite(zalo))
    people_db.add_user(
        zalo.db,
        channel="telegram",
        external_id="555",
        name="Mai",
        role="member",
        unit_id=zalo.ids["Phòng Kinh tế"],
    )
    assert "Soạn" in await zalo.say("zadmin", "/thongbao")
    audience = await zalo.say("zadmin", "Lịch trực Tết: từ 28/1 đến 3/2.")
    preview = await zalo.say("zadmin", _number_of(audience, "Mọi người"))
    send = _number_of(preview, "Gửi")
    assert "3 người" in preview
    queued = await zalo.say("zadmin", send)
    await zalo.say("zadmin", send)  # sent twice by a nervous admin: still one broadcast
    assert queued
    with FakeBotAPI() as telegram:
        bot = Bot(telegram.token, base_url=f"{telegram.base_url}/bot", request=HTTPXRequest())
        async with bot:
            senders = [_zalo_sender(zalo), TelegramSender(bot, max_per_second=50, per_chat_interval=0)]
            outbox_sender = OutboxSender(zalo.db, senders, zalo.clock)
            for _ in range(3):
                await outbox_sender.drain_once()
            notice = [t for t in telegram.texts("555") if "Lịch trực Tết" in t]
        assert len(notice) == 1
    zalo_notice = [t for t in zalo.fake.texts("zu1") if "Lịch trực Tết" in t]
    assert len(zalo_notice) == 1
    report = [t for t in zalo.fake.texts("zadmin") if "3" in t and t != queued]
    assert report and zalo.db.execute("SELECT COUNT(*) FROM broadcasts").fetchone()[0] == 1
    states = zalo.db.execute("SELECT channel, state, COUNT(*) FROM outbox GROUP BY 1, 2").fetchall()
    assert all(state == "sent" for _, state, _ in states)


async def test_blocked_zalo_user_is_marked_and_not_retried(zalo):
    await zalo.say("zu1", _invite(zalo))
    person = people_db.find_by_identity(zalo.db, "zalo", "zu1")
    from storage.outbox import enqueue_message

    enqueue_message(zalo.db, person_id=person.id, text="Nhắc việc", dedupe_key="t1")
    zalo.fake.block("zu1")
    sender = OutboxSender(zalo.db, [_zalo_sender(zalo)], zalo.clock)
    await sender.drain_once()
    assert zalo.db.execute("SELECT state FROM outbox").fetchone() == ("blocked",)
    assert people_db.identities_of(zalo.db, person.id)[0]["active"] == 0


@pytest.mark.parametrize(
    ("fail", "expected"),
    [
        ({"error_code": 403, "description": "blocked"}, DeliveryBlocked),
        ({"error_code": 429, "description": "slow down"}, DeliveryRetryAfter),
        ({"error_code": 503, "description": "maintenance"}, DeliveryRetryAfter),
        ({"error_code": 500, "description": "oops"}, DeliveryTransient),
        ({"error_code": 401, "description": "Unauthorized"}, DeliveryRetryAfter),
    ],
)
async def test_sender_maps_zalo_errors(zalo, fail, expected):
    zalo.fake.fail_next("sendMessage", **fail)
    with pytest.raises(expected):
        await _zalo_sender(zalo).send("zu9", {"text": "x", "buttons": []})


async def test_zalo_down_pauses_zalo_only_and_telegram_still_delivers(zalo):
    from telegram import Bot
    from telegram.request import HTTPXRequest

    from handlers.telegram_sender import TelegramSender
    from storage.outbox import enqueue_message
    from tests.fake_bot_api import FakeBotAPI

    person_id = people_db.add_user(
        zalo.db,
        channel="telegram",
        external_id="555",
        name="Mai",
        role="leader",
        unit_id=zalo.ids["Phòng Kinh tế"],
    )
    people_db.link_identity(zalo.db, person_id, "zalo", "zu7", "zu7")
    enqueue_message(zalo.db, person_id=person_id, text="Họp giao ban 14h", dedupe_key="m1")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    down = ZaloApiClient(DEFAULT_TOKEN, base_url=f"http://127.0.0.1:{dead_port}", timeout=2)
    with FakeBotAPI() as telegram:
        bot = Bot(telegram.token, base_url=f"{telegram.base_url}/bot", request=HTTPXRequest())
        async with bot:
            senders = [
                ZaloSender(down, zalo.db, zalo.clock, max_per_second=50, per_chat_interval=0),
                TelegramSender(bot, max_per_second=50, per_chat_interval=0),
            ]
            await OutboxSender(zalo.db, senders, zalo.clock).drain_once()
        assert telegram.texts("555") == ["Họp giao ban 14h"]
    await down.aclose()
    row = zalo.db.execute("SELECT state, attempts FROM outbox WHERE channel = 'zalo'").fetchone()
    assert row[0] == "pending"  # paused, not failed: delivered once Zalo is back


# --- transports ----------------------------------------------------------------------------------------


async def test_polling_answers_and_survives_api_errors(zalo, caplog):
    caplog.set_level(logging.DEBUG)
    zalo.fake.fail_next("getUpdates", error_code=500, count=2)
    zalo.fake.fail_next("getUpdates", http_status=502, raw=b"<html>gateway</html>")
    zalo.fake.webhook_url = "https://old.invalid/hook"  # left from a webhook deployment: removed
    stop = asyncio.Event()
    task = asyncio.create_task(zalo.adapter.run_polling(stop))
    await asyncio.to_thread(zalo.fake.wait_for, lambda: zalo.fake.calls_of("deleteWebhook"))
    zalo.fake.say("zu1", "xin chào")
    zalo.fake.say("zu2", "chào bạn")
    await asyncio.to_thread(zalo.fake.wait_for_sent, "zu2")
    await asyncio.to_thread(zalo.fake.wait_for_sent, "zu1")
    stop.set()
    await asyncio.wait_for(task, timeout=5)  # stops promptly, mid long poll
    assert zalo.adapter.stats["poll_errors"] == 3 and zalo.adapter.bot_name == "Bot Kế hoạch"
    assert DEFAULT_TOKEN not in caplog.text


async def test_polling_with_a_refused_token_keeps_retrying_quietly(zalo, caplog):
    bad = ZaloApiClient("1:wrongWRONGwrong", base_url=zalo.fake.base_url)
    adapter = ZaloAdapter(zalo.core, bad, initial_backoff=0.01, bad_token_pause=0.05)
    stop = asyncio.Event()
    task = asyncio.create_task(adapter.run_polling(stop))
    await asyncio.sleep(0.3)
    stop.set()
    await asyncio.wait_for(task, timeout=5)
    await bad.aclose()
    assert len([c for c in zalo.fake.calls if c.method == "(bad token)"]) >= 2
    assert "token was refused" in caplog.text and "wrongWRONG" not in caplog.text


async def test_webhook_checks_the_secret_and_accepts_both_body_shapes(zalo):
    server = ZaloWebhookServer(zalo.adapter, "s3cret-token", path="/hooks/zalo")
    port = await server.start("127.0.0.1", 0)
    url = f"http://127.0.0.1:{port}/hooks/zalo"
    try:
        async with httpx.AsyncClient() as http:
            update = zalo.fake.message("zu1", "xin chào")
            wrong = await http.post(url, json=update, headers={"X-Bot-Api-Secret-Token": "nope"})
            missing = await http.post(url, json=update)
            assert (wrong.status_code, missing.status_code) == (403, 403)
            other_path = await http.post(
                url + "x", json=update, headers={"X-Bot-Api-Secret-Token": "s3cret-token"}
            )
            assert other_path.status_code == 404
            ok = await http.post(
                url, json={"ok": True, "result": update}, headers={"X-Bot-Api-Secret-Token": "s3cret-token"}
            )
            assert ok.status_code == 200 and ok.json() == {"ok": True}
            bare = zalo.fake.message("zu2", "xin chào")
            assert (
                await http.post(url, json=bare, headers={"X-Bot-Api-Secret-Token": "s3cret-token"})
            ).status_code == 200
            junk = await http.post(
                url, content=b"not json", headers={"X-Bot-Api-Secret-Token": "s3cret-token"}
            )
            assert junk.status_code == 400
        await zalo.adapter.drain()
    finally:
        await server.close()
    assert len(zalo.fake.sent("zu1")) == 1 and len(zalo.fake.sent("zu2")) == 1


async def test_run_webhook_registers_with_set_webhook(zalo):
    settings = ZaloSettings(
        token=Secret(DEFAULT_TOKEN),
        webhook_url="https://bot.example.invalid/zalo",
        webhook_secret=Secret("s3cret-token"),
        webhook_listen="127.0.0.1",
        webhook_port=_free_port(),
    )
    stop = asyncio.Event()
    task = asyncio.create_task(run_webhook(zalo.adapter, settings, stop))
    await asyncio.to_thread(zalo.fake.wait_for, lambda: zalo.fake.webhook_url)
    stop.set()
    await asyncio.wait_for(task, timeout=5)
    assert json.loads(json.dumps(zalo.fake.calls_of("setWebhook")[0].params)) == {
        "url": "https://bot.example.invalid/zalo",
        "secret_token": "s3cret-token",
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_zalo_only_deployment_answers_and_drains_the_outbox(fresh_db, fake):
    """`planbot run` with only ZALO_BOT_TOKEN: the adapter polls and the plain-asyncio scheduler delivers."""
    from bot.app import serve_zalo_only
    from bot.config import Config
    from storage.outbox import enqueue_message

    clock = FixedClock(MONDAY_9AM)
    ids = seed_plan(fresh_db)
    code = people_db.create_invite(fresh_db, unit_id=ids["Phòng Kinh tế"], role="member", now=clock.now())
    config = Config(zalo_token=Secret(DEFAULT_TOKEN), zalo_api_base_url=fake.base_url)
    stop = asyncio.Event()
    task = asyncio.create_task(
        serve_zalo_only(config, stop, db=fresh_db, clock=clock, assistant=StubAssistant(fresh_db))
    )
    fake.say("zu1", code)
    await asyncio.to_thread(fake.wait_for_sent, "zu1")
    person = people_db.find_by_identity(fresh_db, "zalo", "zu1")
    enqueue_message(fresh_db, person_id=person.id, text="Họp giao ban lúc 14h", dedupe_key="note-1")
    await asyncio.to_thread(fake.wait_for, lambda: "Họp giao ban lúc 14h" in fake.texts("zu1"))
    stop.set()
    assert await asyncio.wait_for(task, timeout=10) == 0
    assert fake.texts("zu1").count("Họp giao ban lúc 14h") == 1


async def test_paging_by_tiep_and_truoc(zalo):
    from bot.features.people import USERS_PER_PAGE as _USERS_PER_PAGE

    await zalo.say("zadmin", _invite(zalo, role="admin", unit=None))
    for i in range(_USERS_PER_PAGE + 2):
        people_db.add_user(
            zalo.db,
            channel="telegram",
            external_id=f"7{i:02d}",
            name=f"Cán bộ {i:02d}",
            role="member",
            unit_id=zalo.ids["Phòng Kinh tế"],
        )
    first = await zalo.say("zadmin", "/nguoidung")
    assert "Gõ “tiếp” để xem trang sau." in first and "trang trước" not in first
    second = await zalo.say("zadmin", "tiếp")
    assert "Gõ “trước” để xem trang trước." in second and second != first
    assert await zalo.say("zadmin", "trước") == first


async def test_group_mentions_and_menus_are_per_person(zalo):
    await zalo.say("zu1", _invite(zalo))
    await zalo.say("zu2", _invite(zalo, role="member", unit="Phòng Kinh tế"))
    answer = await zalo.say("zu1", "@Bot Kế hoạch /quahan", chat_id="g1", chat_type="GROUP")
    zalo.adapter.bot_name = "Bot Kế hoạch"  # learnt from getMe when polling starts
    assert "Quá hạn" in answer and "1. " in answer
    assert zalo.fake.sent("g1") and not zalo.fake.sent("zu1")[1:]  # answered in the group
    # zu2 never saw a menu in this group: their "1" is a question, not zu1's choice.
    await zalo.say("zu2", "1", chat_id="g1", chat_type="GROUP")
    assert "Trạng thái" not in zalo.fake.texts("g1")[-1]
    assert "Trạng thái" in await zalo.say("zu1", "@Bot Kế hoạch 1", chat_id="g1", chat_type="GROUP")


async def test_a_reply_survives_a_brief_zalo_hiccup(zalo):
    zalo.adapter.reply_retry_delays = (0.01, 0.01)
    zalo.fake.fail_next("sendMessage", error_code=503, description="busy")
    zalo.fake.fail_next("sendMessage", error_code=429, description="slow down")
    assert "Gửi yêu cầu đăng ký" in await zalo.say("zu1", "xin chào")
    assert len(zalo.fake.sent("zu1")) == 1 and len(zalo.fake.calls_of("sendMessage")) == 3
    zalo.fake.fail_next("sendMessage", error_code=400, description="bad request")  # never retried
    await zalo.say("zu1", "xin chào lần nữa")
    assert zalo.adapter.stats["errors"] == 1 and len(zalo.fake.calls_of("sendMessage")) == 5  # + apology


async def test_webhook_refuses_oversized_bodies_and_get(zalo):
    server = ZaloWebhookServer(zalo.adapter, "s3cret-token", path="/zalo")
    port = await server.start("127.0.0.1", 0)
    url = f"http://127.0.0.1:{port}/zalo"
    headers = {"X-Bot-Api-Secret-Token": "s3cret-token"}
    try:
        async with httpx.AsyncClient() as http:
            big = await http.post(url, content=b"{" + b" " * (300 * 1024) + b"}", headers=headers)
            get = await http.get(url, headers=headers)
        assert (big.status_code, get.status_code) == (400, 405)
    finally:
        await server.close()
    assert zalo.fake.sent() == []


class ListAssistant(StubAssistant):
    """Answers "danh sách" like the real assistant answers a long list: pages of ten, each button labelled
    with the task's list number ("11. …"), « Trước / Sau » to turn the page (verb "pg")."""

    def ask(self, text, asker, *, today=None):
        if "danh sach" not in fold_words(text):
            return super().ask(text, asker, today=today)
        return SimpleNamespace(intent="list", tasks=[], replies=self._page(1))

    def _page(self, page):
        tasks = self._tasks("content LIKE 'Đẩy mạnh%'")
        start = (page - 1) * 10
        rows = [
            [Button(f"{start + i + 1}. {task['content'][:28]}", actions.build("td", task["id"]))]
            for i, task in enumerate(tasks[start : start + 10])
        ]
        nav = []
        if page > 1:
            nav.append(Button("« Trước", actions.build("pg", page - 1)))
        if start + 10 < len(tasks):
            nav.append(Button("Sau »", actions.build("pg", page + 1)))
        lines = [f"{start + i + 1}. {task['content']}" for i, task in enumerate(tasks[start : start + 10])]
        return [Reply(f"Trang {page}\n" + "\n".join(lines), buttons=rows + ([nav] if nav else []))]

    def on_action(self, action, asker, *, today=None):
        if action.verb == "pg":
            return self._page(action.int_arg(0))
        return super().on_action(action, asker, today=today)


@pytest.fixture
async def listing(zalo):
    from storage.db import transaction

    with transaction(zalo.db):  # 25 tasks of one unit, as a long answer lists them
        for i in range(1, 26):
            content = f"Đẩy mạnh việc số {i:02d}"
            zalo.db.execute(
                "INSERT INTO tasks (plan_id, task_key, code, content, content_folded, position) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [zalo.ids["plan"], f"list{i}", f"{i}.", content, fold_words(content), 100 + i],
            )
    zalo.core.assistant = ListAssistant(zalo.db)
    await zalo.say("zu1", _invite(zalo))
    return zalo


async def test_long_list_numbers_are_the_list_numbers_on_every_page(listing):
    first = await listing.say("zu1", "danh sách")
    assert "1. Đẩy mạnh việc số 01" in first and "1. 1." not in first
    second = await listing.say("zu1", "tiếp")
    assert "11. Đẩy mạnh việc số 11" in second and "1. 11." not in second
    assert "Trả lời một số từ 11 đến 20." in second
    details = await listing.say("zu1", "15")  # the number the page shows
    assert "Đẩy mạnh việc số 15" in details and "Trạng thái" in details
    assert "Không có lựa chọn" not in details


async def test_a_number_from_the_page_before_still_opens_its_task(listing):
    await listing.say("zu1", "danh sách")
    await listing.say("zu1", "tiếp")
    third = await listing.say("zu1", "sau")
    assert "21. Đẩy mạnh việc số 21" in third and "trang sau" not in third
    details = await listing.say("zu1", "3")  # seen on page 1, typed on page 3
    assert "Đẩy mạnh việc số 03" in details and "Trạng thái" in details
    await listing.say("zu1", "danh sách")
    assert "Không có lựa chọn số 25" in await listing.say("zu1", "25")  # a new list forgets old pages

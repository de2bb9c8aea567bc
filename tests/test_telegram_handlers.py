"""Drive the real PTB Application (handlers from handlers/telegram.py, built by bot.app) with built
Update objects; bot calls go to the fake Bot API on 127.0.0.1, so nothing touches the internet."""

from __future__ import annotations

import itertools
import json
import logging
import time

import pytest
from telegram import Update

from bot.app import build_application, post_init
from bot.config import Config, Secret
from bot.feature import Command, Feature
from storage import people as people_db
from tests.core_fixtures import StubAssistant, clock, seed_plan
from tests.fake_bot_api import DEFAULT_TOKEN, FakeBotAPI

ADMIN, MEMBER = 1, 3
_ids = itertools.count(1000)


@pytest.fixture
def api():
    with FakeBotAPI() as server:
        yield server


@pytest.fixture
async def app(fresh_db, api):
    ids = seed_plan(fresh_db)
    people_db.add_user(
        fresh_db,
        channel="telegram",
        external_id=str(MEMBER),
        name="Thành Viên",
        role="member",
        unit_id=ids["Phòng Văn hóa – Xã hội"],
    )
    config = Config(
        telegram_token=Secret(DEFAULT_TOKEN),
        telegram_api_base_url=api.base_url,
        telegram_max_rate=0,
        admins=(str(ADMIN),),
        db_path=":memory:",
    )
    application = build_application(config, db=fresh_db, clock=clock(), assistant=StubAssistant(fresh_db))
    async with application:
        application.bot_data["ids"] = ids
        yield application


def _user(uid, lang="vi"):
    return {"id": uid, "is_bot": False, "first_name": f"Người {uid}", "language_code": lang}


def message_update(app, uid, text=None, *, chat_id=None, chat_type="private", **extra) -> Update:
    chat_id = uid if chat_id is None else chat_id
    chat = {"id": chat_id, "type": chat_type}
    message = {"message_id": next(_ids), "date": int(time.time()), "chat": chat, "from": _user(uid), **extra}
    if text is not None:
        message["text"] = text
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return Update.de_json({"update_id": next(_ids), "message": message}, app.bot)


def callback_update(app, uid, data, sent_message) -> Update:
    message = {
        "message_id": sent_message["message_id"],
        "date": sent_message["date"],
        "chat": {"id": int(sent_message["chat_id"]), "type": "private"},
        "from": {"id": 123456789, "is_bot": True, "first_name": "planbot", "username": "planbot_test_bot"},
        "text": sent_message.get("text") or "",
    }
    query = {
        "id": str(next(_ids)),
        "from": _user(uid),
        "chat_instance": "x",
        "data": data,
        "message": message,
    }
    return Update.de_json({"update_id": next(_ids), "callback_query": query}, app.bot)


def buttons(message):
    return [b for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


def data_of(message, label_part):
    for b in buttons(message):
        if label_part in b["text"]:
            return b["callback_data"]
    raise AssertionError(f"no button {label_part!r}: {[b['text'] for b in buttons(message)]}")


async def test_question_is_answered_in_html_with_buttons(app, api):
    await app.process_update(message_update(app, MEMBER, "hộ tịch <b>"))
    [reply] = api.sent(MEMBER)
    assert reply["parse_mode"] == "HTML"
    assert "hộ tịch &lt;b&gt;" in reply["text"]
    assert data_of(reply, "Số hóa").startswith("td:")


async def test_callbacks_are_answered_and_edit_in_place(app, api):
    await app.process_update(message_update(app, MEMBER, "/capnhat"))
    picker = api.sent(MEMBER)[-1]
    await app.process_update(callback_update(app, MEMBER, data_of(picker, "hộ tịch"), picker))
    assert len(api.answered_callbacks) == 1
    edited = api.sent(MEMBER)[-1]
    assert edited["message_id"] == picker["message_id"] and "Chọn trạng thái" in edited["text"]
    assert len(api.sent(MEMBER)) == 1


async def test_whole_update_conversation_through_telegram(app, api):
    await app.process_update(message_update(app, MEMBER, "/capnhat"))
    msg = api.sent(MEMBER)[-1]
    for label in ("hộ tịch", "Đang thực hiện", "40%"):
        await app.process_update(callback_update(app, MEMBER, data_of(msg, label), msg))
        msg = api.sent(MEMBER)[-1]
    await app.process_update(message_update(app, MEMBER, "Đang nhập liệu"))
    doc = api.add_file(b"%PDF evidence", name="bien-ban.pdf", mime_type="application/pdf")
    await app.process_update(message_update(app, MEMBER, None, document=doc))
    confirm = api.sent(MEMBER)[-1]
    assert "bien-ban.pdf" in confirm["text"]
    await app.process_update(callback_update(app, MEMBER, data_of(confirm, "Xác nhận"), confirm))
    assert "Đã lưu" in api.sent(MEMBER)[-1]["text"]
    row = (
        app.bot_data["core"]
        .db.execute("SELECT evidence_kind, evidence_ref, note FROM status_updates")
        .fetchone()
    )
    assert row == ("document", doc["file_id"], "Đang nhập liệu")


async def test_photo_evidence_keeps_the_largest_size(app, api):
    core = app.bot_data["core"]
    await app.process_update(message_update(app, MEMBER, "/capnhat"))
    msg = api.sent(MEMBER)[-1]
    for label in ("hộ tịch", "Hoàn thành", "Bỏ qua"):
        await app.process_update(callback_update(app, MEMBER, data_of(msg, label), msg))
        msg = api.sent(MEMBER)[-1]
    photo = [
        {"file_id": "SMALL", "file_unique_id": "s", "width": 90, "height": 90},
        {"file_id": "LARGE", "file_unique_id": "l", "width": 1280, "height": 960},
    ]
    await app.process_update(message_update(app, MEMBER, None, photo=photo))
    assert (
        core.get_state(__import__("tests.core_fixtures", fromlist=["x"]).incoming(MEMBER)).data[
            "evidence_ref"
        ]
        == "LARGE"
    )


async def test_long_answers_are_split_with_buttons_on_the_last_part(app, api):
    from bot.chat import Button, Reply

    core = app.bot_data["core"]

    async def long_reply(core_, incoming, person):
        return [Reply("dòng dài\n" * 1200, buttons=[[Button("OK", "noop")]])]

    core.install(Feature("long", commands=(Command("dai", long_reply),)))
    await app.process_update(message_update(app, MEMBER, "/dai"))
    parts = api.sent(MEMBER)
    assert len(parts) >= 3 and all(len(p["text"]) <= 4096 for p in parts)
    assert parts[-1]["reply_markup"] and not parts[0].get("reply_markup")


async def test_admin_loads_a_file_that_is_not_a_plan(app, api):
    doc = api.add_file(b"\x00\x01\x02garbage", name="anh.exe", mime_type="application/octet-stream")
    await app.process_update(message_update(app, ADMIN, None, document=doc))
    [reply] = api.sent(ADMIN)
    assert "anh.exe" in reply["text"] and "Không có gì bị thay đổi" in reply["text"]
    assert app.bot_data["core"].db.execute("SELECT COUNT(*) FROM plans").fetchone()[0] == 1


async def test_group_chatter_is_ignored_and_mentions_answered(app, api):
    await app.process_update(
        message_update(app, MEMBER, "chào mọi người", chat_id=-100, chat_type="supergroup")
    )
    assert api.sent(-100) == []
    app.bot_data["core"].bot_username = "planbot_test_bot"
    text = "@planbot_test_bot hộ tịch"
    entities = [{"type": "mention", "offset": 0, "length": len("@planbot_test_bot")}]
    await app.process_update(
        message_update(app, MEMBER, text, chat_id=-100, chat_type="supergroup", entities=entities)
    )
    [reply] = api.sent(-100)
    assert "Số hóa sổ hộ tịch" in reply["text"]


async def test_errors_are_logged_and_the_user_gets_a_short_message(app, api, caplog):
    core = app.bot_data["core"]

    async def boom(core_, incoming, person):
        raise RuntimeError("secret internals")

    core.install(Feature("boom", commands=(Command("no", boom),)))
    with caplog.at_level(logging.ERROR):
        await app.process_update(message_update(app, MEMBER, "/no"))
    [reply] = api.sent(MEMBER)
    assert (
        "lỗi" in reply["text"]
        and "secret internals" not in reply["text"]
        and "Traceback" not in reply["text"]
    )
    assert any(r.exc_info for r in caplog.records)


async def test_a_blocked_chat_is_marked_inactive_without_an_error_reply(app, api, caplog):
    api.block(MEMBER)
    await app.process_update(message_update(app, MEMBER, "hộ tịch"))
    person = people_db.find_by_identity(app.bot_data["core"].db, "telegram", str(MEMBER))
    assert people_db.identities_of(app.bot_data["core"].db, person.id)[0]["active"] is False
    assert api.rejected_403 == 1 and api.sent(MEMBER) == []


async def test_command_menus_in_vietnamese_and_english(app, api):
    await app.process_update(message_update(app, ADMIN, "/start"))  # the admin registers from PLANBOT_ADMINS
    await post_init(app)
    default = api.commands[(json.dumps({"type": "default"}), "")]
    english = api.commands[(json.dumps({"type": "default"}), "en")]
    names = [c["command"] for c in default]
    assert {"nhiemvu", "saphethan", "quahan", "capnhat", "help"} <= set(names)
    assert "moi" not in names
    assert [c["command"] for c in english] == names
    assert default[0]["description"] != english[0]["description"]
    admin_menu = api.commands[(json.dumps({"chat_id": ADMIN, "type": "chat"}, sort_keys=True), "")]
    assert "moi" in [c["command"] for c in admin_menu]


async def test_token_never_appears_in_logs(app, api, caplog):
    with caplog.at_level(logging.DEBUG):
        await app.process_update(message_update(app, MEMBER, "hộ tịch"))
    assert DEFAULT_TOKEN not in caplog.text


async def test_sticker_gets_a_hint_and_edited_messages_are_not_reanswered(app, api):
    sticker = {
        "file_id": "STK",
        "file_unique_id": "s",
        "width": 1,
        "height": 1,
        "is_animated": False,
        "is_video": False,
        "type": "regular",
    }
    await app.process_update(message_update(app, MEMBER, None, sticker=sticker))
    assert "bằng chữ" in api.sent(MEMBER)[-1]["text"]
    edited = message_update(app, MEMBER, "hộ tịch").to_dict()
    edited["edited_message"] = edited.pop("message")
    await app.process_update(Update.de_json(edited, app.bot))
    assert len(api.sent(MEMBER)) == 1


def test_token_is_redacted_even_in_debug_logs(capsys):
    from bot.log_redaction import RedactSecrets

    handler = logging.StreamHandler()
    handler.addFilter(RedactSecrets([DEFAULT_TOKEN]))
    logger = logging.getLogger("redaction-test")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        logger.debug("Set Bot API URL: %s", f"https://api.telegram.org/bot{DEFAULT_TOKEN}")
    finally:
        logger.removeHandler(handler)
    err = capsys.readouterr().err
    assert "Set Bot API URL" in err and DEFAULT_TOKEN not in err and "**********" in err


async def test_a_button_too_old_to_answer_still_gets_a_reply(app, api):
    await app.process_update(message_update(app, MEMBER, "/capnhat"))
    picker = api.sent(MEMBER)[-1]
    api.fail_next(
        "answerCallbackQuery",
        status=400,
        description="Bad Request: query is too old and response timeout expired",
    )
    await app.process_update(callback_update(app, MEMBER, data_of(picker, "hộ tịch"), picker))
    assert "Chọn trạng thái" in api.sent(MEMBER)[-1]["text"]
    assert not any("lỗi" in text for text in api.texts(MEMBER))


async def test_admin_sends_a_text_file_without_tasks(app, api):
    doc = api.add_file("Kính gửi các đồng chí,\nXin chào.\n".encode(), name="thu-moi.txt")
    await app.process_update(message_update(app, ADMIN, None, document=doc))
    [reply] = api.sent(ADMIN)
    assert "Không tìm thấy nhiệm vụ" in reply["text"] and "thu-moi.txt" in reply["text"]
    assert app.bot_data["core"].db.execute("SELECT COUNT(*) FROM plans").fetchone()[0] == 1


async def test_admin_loads_a_plan_file(app, api, sample_plan_path):
    doc = api.add_file(sample_plan_path.read_bytes(), name="ke-hoach.txt")
    await app.process_update(message_update(app, ADMIN, None, document=doc))
    [reply] = api.sent(ADMIN)
    assert "Đã nạp kế hoạch" in reply["text"] and "112/KH-UBND" in reply["text"]
    assert app.bot_data["core"].db.execute("SELECT COUNT(*) FROM plans").fetchone()[0] == 2


async def test_zalo_runs_beside_telegram_on_the_same_core(fresh_db, api):
    import asyncio

    from bot.app import post_shutdown
    from tests.fake_zalo_api import DEFAULT_TOKEN as ZALO_TOKEN
    from tests.fake_zalo_api import FakeZaloAPI

    ids = seed_plan(fresh_db)
    people_db.add_user(
        fresh_db, channel="zalo", external_id="z1", name="Zalo", role="member", unit_id=ids["Phòng Kinh tế"]
    )
    with FakeZaloAPI() as zalo:
        config = Config(
            telegram_token=Secret(DEFAULT_TOKEN),
            telegram_api_base_url=api.base_url,
            telegram_max_rate=0,
            zalo_token=Secret(ZALO_TOKEN),
            zalo_api_base_url=zalo.base_url,
        )
        application = build_application(config, db=fresh_db, clock=clock(), assistant=StubAssistant(fresh_db))
        async with application:
            await post_init(application)
            senders = application.bot_data["services"].senders
            assert [s.channel for s in senders] == ["telegram", "zalo"]
            zalo.say("z1", "hộ tịch")
            await asyncio.get_running_loop().run_in_executor(None, lambda: zalo.wait_for_sent("z1", 1, 20))
            assert "hộ tịch" in zalo.texts("z1")[0]
            await post_shutdown(application)


@pytest.mark.parametrize(
    ("name", "content", "saved"),
    [
        ("ghichu.txt", "Kính gửi anh chị.\nChiều nay họp tổ lúc 3 giờ, nhớ mang máy tính.\n", False),
        (
            "kehoach.txt",
            "Số: 77/KH-UBND\nKẾ HOẠCH\nII. NHIỆM VỤ\n1. Phòng Kinh tế chủ trì rà soát hồ sơ đất đai,"
            " hoàn thành trước 30/11/2026.\n",
            True,
        ),
    ],
)
async def test_admin_upload_saves_plans_and_refuses_notes_like_planbot_ingest(app, api, name, content, saved):
    doc = api.add_file(content.encode("utf-8"), name=name, mime_type="text/plain")
    await app.process_update(message_update(app, ADMIN, None, document=doc))
    [reply] = api.sent(ADMIN)
    assert name in reply["text"]
    plans = app.bot_data["core"].db.execute("SELECT COUNT(*) FROM plans").fetchone()[0]
    assert plans == (2 if saved else 1)


async def test_a_long_notice_heavy_in_markup_characters_gets_its_preview_and_send_button(app, api):
    """3,000 characters of '&' and '<' escape to ~12,000: the preview arrives as balanced chunks with the
    Send button, not as "Xin lỗi, đã có lỗi"."""
    import re

    await app.process_update(message_update(app, ADMIN, "/thongbao"))
    notice = "Họp & <giao ban> " * 180
    assert 2000 < len(notice) <= 3500
    await app.process_update(message_update(app, ADMIN, notice))
    audience = api.sent(ADMIN)[-1]
    assert "Gửi thông báo tới ai" in audience["text"] or audience.get("reply_markup")
    await app.process_update(callback_update(app, ADMIN, "bc:a:all", audience))
    sent = api.sent(ADMIN)
    preview_parts = [m for m in sent if "giao ban" in m.get("text", "")]
    assert len(preview_parts) >= 2
    for part in preview_parts:
        assert len(part["text"]) <= 4096
        opened = re.findall(r"<(b|i|code)>", part["text"])
        closed = re.findall(r"</(b|i|code)>", part["text"])
        assert sorted(opened) == sorted(closed)
    assert "reply_markup" in preview_parts[-1] and "bc:ok:" in json.dumps(preview_parts[-1]["reply_markup"])
    assert not any("lỗi" in text for text in api.texts(ADMIN))

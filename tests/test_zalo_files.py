"""Plan files on Zalo: a file message becomes the core's document (its URL the reference), the adapter's
fetcher downloads it, and an admin's plan is loaded exactly as on Telegram; /help promises it on Zalo
because the adapter does it."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest

from bot.clock import VN_TZ, FixedClock
from bot.compose import build_core
from handlers.zalo import ZaloAdapter
from handlers.zalo_api import ZaloApiClient
from handlers.zalo_runtime import install_file_fetcher
from handlers.zalo_updates import update_to_incoming
from storage import people as people_db
from storage.db import open_db
from tests.core_fixtures import StubAssistant
from tests.fake_zalo_api import DEFAULT_TOKEN, FakeZaloAPI

PLAN = (
    "Số: 77/KH-UBND\nKẾ HOẠCH\nII. NHIỆM VỤ\n1. Phòng Kinh tế chủ trì rà soát hồ sơ đất đai,"
    " hoàn thành trước 30/11/2026.\n"
)
ADMIN, MEMBER = "za1", "zm1"


@pytest.fixture
def fake():
    with FakeZaloAPI(max_poll_wait=0.2) as server:
        yield server


@pytest.fixture
async def zalo(tmp_path, fake):
    db = open_db(tmp_path / "kb.db")  # a file: saving a plan runs on its own connection
    unit = db.execute("INSERT INTO units (name, folded) VALUES ('Phòng Kinh tế', 'phong kinh te')").lastrowid
    people_db.add_user(db, channel="zalo", external_id=ADMIN, name="Quản Trị", role="admin", unit_id=None)
    people_db.add_user(db, channel="zalo", external_id=MEMBER, name="Lan", role="member", unit_id=unit)
    core = build_core(
        db, None, FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=VN_TZ)), assistant=StubAssistant(db)
    )
    api = ZaloApiClient(DEFAULT_TOKEN, base_url=fake.base_url, poll_timeout=1)
    install_file_fetcher(core, api)
    adapter = ZaloAdapter(core, api, initial_backoff=0.01, max_backoff=0.05)

    async def say(user, text=None, **kwargs):
        outs = await adapter.process_update(fake.message(user, text, **kwargs))
        return "\n---\n".join(o.text for o in outs)

    yield SimpleNamespace(db=db, core=core, fake=fake, say=say)
    await api.aclose()
    db.conn.close()


def plans(db) -> list[str]:
    return [r[0] for r in db.execute("SELECT number FROM plans").fetchall()]


def test_file_updates_become_documents_with_their_url_name_and_size(fake):
    flat = update_to_incoming(
        fake.message("u1", file_url="https://zalo.invalid/f/abc", file_name="Kế hoạch 77.docx", file_size=123)
    )
    assert flat.file.kind == "document" and flat.file.ref == "https://zalo.invalid/f/abc"
    assert flat.file.name == "Kế hoạch 77.docx" and flat.file.size == 123 and flat.text is None
    nested = update_to_incoming(
        {
            "event_name": "message.file.received",
            "message": {
                "message_id": "m9",
                "from": {"id": "u1"},
                "chat": {"id": "u1"},
                "attachments": [{"type": "file", "payload": {"url": "https://zalo.invalid/x/kh%2077.pdf"}}],
            },
        }
    )
    assert nested.file.kind == "document" and nested.file.name == "kh 77.pdf"
    assert update_to_incoming(fake.message("u1", "x", event_name="message.file.received")).file is None


async def test_an_admin_sends_a_plan_file_on_zalo(zalo):
    url = zalo.fake.host_file("kehoach77.txt", PLAN.encode())
    answer = await zalo.say(ADMIN, file_url=url, file_name="kehoach77.txt", file_size=len(PLAN.encode()))
    assert "77/KH-UBND" in answer and plans(zalo.db) == ["77/KH-UBND"]
    assert "planbot-upload" not in answer


async def test_a_file_that_cannot_be_downloaded_or_is_too_large_changes_nothing(zalo):
    missing = await zalo.say(ADMIN, file_url=f"{zalo.fake.base_url}/files/none.txt", file_name="none.txt")
    assert "tải" in missing.lower() and plans(zalo.db) == []
    big = await zalo.say(ADMIN, file_url="https://zalo.invalid/big.pdf", file_name="big.pdf", file_size=10**9)
    assert "MB" in big and plans(zalo.db) == []


async def test_a_member_cannot_load_a_plan_and_help_promises_files_to_admins_only(zalo):
    url = zalo.fake.host_file("kehoach77.txt", PLAN.encode())
    await zalo.say(MEMBER, file_url=url, file_name="kehoach77.txt")
    assert plans(zalo.db) == []
    assert ".docx" in await zalo.say(ADMIN, "/help")
    assert ".docx" not in await zalo.say(MEMBER, "/help")

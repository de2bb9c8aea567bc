"""A plan file sent in chat that would remove tasks with history: the admin sees what would change and
a confirm button; nothing is written until the tap; the question survives a restart; a double tap
replaces the plan once; cancel keeps the stored plan."""

from __future__ import annotations

import pytest

from bot.chat import FileRef
from bot.compose import build_core
from bot.config import Config
from storage.db import open_db
from tests.core_fixtures import StubAssistant, button, clock, incoming
from tests.test_reingest import FULL, header_and_one_task, report_progress

ADMIN, OTHER_ADMIN = "1", "2"


def make_core(db_path):
    db = open_db(db_path)
    core = build_core(db, Config(admins=(ADMIN, OTHER_ADMIN)), clock(), assistant=StubAssistant(db))
    core.files = {}

    async def fetch(ref):
        return core.files[ref.ref]

    core.fetch_file = fetch
    return core


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "kb.db"


@pytest.fixture
def core(db_path):
    core = make_core(db_path)
    yield core
    core.db.conn.close()


async def send(core, name: str, text: str, sender: str = ADMIN, lang: str = "vi"):
    core.files[name] = text.encode()
    ref = FileRef("document", name, name, size=len(core.files[name]))
    return await core.handle(incoming(sender, file=ref, language="en-US" if lang == "en" else "vi"))


def tap(core, action: str, sender: str = ADMIN):
    return core.handle(incoming(sender, action=action))


def dump(core) -> str:
    return "\n".join(line for line in core.db.conn.iterdump() if "pending_plan_uploads" not in line)


def count(core, table: str) -> int:
    return core.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


async def loaded_with_history(core, db_path) -> int:
    [reply] = await send(core, "kehoach.txt", FULL)
    assert "112/KH-UBND" in reply.text
    report_progress(db_path)
    return count(core, "tasks")


async def test_a_cut_off_file_asks_first_and_writes_nothing(core, db_path):
    tasks = await loaded_with_history(core, db_path)
    before = dump(core)
    [reply] = await send(core, "trang1.txt", header_and_one_task(FULL))
    assert f"đang có {tasks} nhiệm vụ" in reply.text and "Chưa nạp" in reply.text
    assert "Đang thực hiện 40%" in reply.text  # the removed tasks with history, by name
    assert "nhỏ hơn nhiều" in reply.text
    assert button([reply], "Thay kế hoạch").action.startswith("pr:ok:")
    assert dump(core) == before


async def test_confirm_after_a_restart_replaces_once_and_archives(core, db_path):
    tasks = await loaded_with_history(core, db_path)
    history = count(core, "status_updates")
    [reply] = await send(core, "trang1.txt", header_and_one_task(FULL))
    confirm = button([reply], "Thay kế hoạch").action
    core.db.conn.close()

    restarted = make_core(db_path)  # the question was kept in the database, not in memory
    try:
        [done] = await tap(restarted, confirm)
        assert "Đã nạp kế hoạch 112/KH-UBND" in done.text and "lưu trữ" in done.text
        left = count(restarted, "tasks")
        assert count(restarted, "archived_tasks") == tasks - left > 0
        assert (
            restarted.db.execute("SELECT SUM(updates) FROM archived_tasks").fetchone()[0]
            + count(restarted, "status_updates")
            == history
        )
        after = dump(restarted)

        [again] = await tap(restarted, confirm)  # a double tap
        assert "đã được xử lý" in again.text
        assert dump(restarted) == after
        assert count(restarted, "pending_plan_uploads") == 0
    finally:
        restarted.db.conn.close()
    core.db = open_db(db_path)  # for the fixture's teardown


async def test_cancel_keeps_the_stored_plan_and_forgets_the_file(core, db_path):
    await loaded_with_history(core, db_path)
    before = dump(core)
    [reply] = await send(core, "trang1.txt", header_and_one_task(FULL))
    [cancelled] = await tap(core, button([reply], "Huỷ").action)
    assert "giữ nguyên" in cancelled.text
    [late] = await tap(core, button([reply], "Thay kế hoạch").action)
    assert "đã được xử lý" in late.text
    assert dump(core) == before and count(core, "pending_plan_uploads") == 0


async def test_another_admin_cannot_confirm_someone_elses_file(core, db_path):
    await loaded_with_history(core, db_path)
    [reply] = await send(core, "trang1.txt", header_and_one_task(FULL))
    await core.handle(incoming(OTHER_ADMIN, "/start"))
    before = dump(core)
    [answer] = await tap(core, button([reply], "Thay kế hoạch").action, sender=OTHER_ADMIN)
    assert "đã được xử lý" in answer.text and dump(core) == before


@pytest.mark.parametrize("action", ["pr:ok:9223372036854775808", "pr:ok:x", "pr:zz:1", "pr:ok", "pr:no:-1"])
async def test_forged_confirm_buttons_are_refused(core, db_path, action):
    await loaded_with_history(core, db_path)
    before = dump(core)
    [answer] = await tap(core, action)
    assert answer.text and dump(core) == before


async def test_an_update_without_losses_saves_at_once_and_shows_the_changes(core, db_path):
    await loaded_with_history(core, db_path)
    [reply] = await send(core, "kehoach.txt", FULL, lang="en")
    assert "Loaded plan 112/KH-UBND" in reply.text
    assert "changed 0, added 0, removed 0" in reply.text and not reply.buttons

"""/kehoach: admins see the plans and remove one after confirming; others cannot."""

from __future__ import annotations

import pytest

from bot import actions
from bot.compose import build_core
from bot.config import Config
from bot.verbs import Verb
from storage import people as people_db
from tests.core_fixtures import StubAssistant, button, clock, incoming, seed_plan

ADMIN, LEADER = "1", "2"


@pytest.fixture
def world(fresh_db):
    ids = seed_plan(fresh_db)
    people_db.add_user(
        fresh_db,
        channel="telegram",
        external_id=LEADER,
        name="Lê",
        role="leader",
        unit_id=ids["Phòng Kinh tế"],
    )
    core = build_core(fresh_db, Config(admins=(ADMIN,)), clock(), assistant=StubAssistant(fresh_db))
    return core, ids


def count(db, table):
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


async def test_admin_lists_and_removes_a_plan_after_confirming(world):
    core, _ids = world
    await core.handle(incoming(ADMIN, "/start"))
    replies = await core.handle(incoming(ADMIN, "/kehoach"))
    assert "47/KH-UBND" in replies[0].text and "5 nhiệm vụ" in replies[0].text
    remove = button(replies, "47/KH-UBND")
    replies = await core.handle(incoming(ADMIN, action=remove.action))
    assert "Không thể hoàn tác" in replies[0].text
    assert count(core.db, "plans") == 1  # nothing removed before confirming
    cancel = button(replies, "Hủy")
    replies = await core.handle(incoming(ADMIN, action=cancel.action))
    assert count(core.db, "plans") == 1
    replies = await core.handle(incoming(ADMIN, action=remove.action))
    replies = await core.handle(incoming(ADMIN, action=button(replies, "Gỡ hẳn").action))
    assert "Đã gỡ kế hoạch 47/KH-UBND" in replies[0].text
    assert (count(core.db, "plans"), count(core.db, "tasks")) == (0, 0)
    assert count(core.db, "units") == 3  # units stay: other plans may name them
    replies = await core.handle(incoming(ADMIN, action=remove.action))
    assert "không còn" in replies[0].text


async def test_leaders_cannot_list_or_remove_plans(world):
    core, ids = world
    replies = await core.handle(incoming(LEADER, "/kehoach"))
    assert "không có quyền" in replies[0].text
    replies = await core.handle(incoming(LEADER, action=actions.build(Verb.PLAN_REMOVE_CONFIRM, ids["plan"])))
    assert count(core.db, "plans") == 1
    assert "không có quyền" in replies[0].text

"""Who sees what in a task's details: status and percent to everyone who can see the task; the reporter's
name, note and evidence only to the people working on it (its lead and coordinating units, those assigned,
admins)."""

from __future__ import annotations

import pytest

from bot.compose import build_core
from bot.config import Config
from storage import people as people_db
from storage import progress as progress_db
from tests.core_fixtures import StubAssistant, clock, incoming, seed_plan

ADMIN, VHXH_MEMBER, KT_LEADER, VP_MEMBER = "1", "2", "3", "4"
NOTE = "chờ kinh phí của Sở"


@pytest.fixture
def world(fresh_db):
    ids = seed_plan(fresh_db)
    add = people_db.add_user
    add(fresh_db, channel="telegram", external_id=ADMIN, name="Quản Trị", role="admin", unit_id=None)
    add(
        fresh_db,
        channel="telegram",
        external_id=VHXH_MEMBER,
        name="Người Phối Hợp",
        role="member",
        unit_id=ids["Phòng Văn hóa – Xã hội"],
    )
    reporter = add(
        fresh_db,
        channel="telegram",
        external_id=KT_LEADER,
        name="Người Báo Cáo",
        role="leader",
        unit_id=ids["Phòng Kinh tế"],
    )
    add(
        fresh_db,
        channel="telegram",
        external_id=VP_MEMBER,
        name="Người Ngoài",
        role="member",
        unit_id=ids["Văn phòng HĐND và UBND"],
    )
    core = build_core(fresh_db, Config(), clock(), assistant=StubAssistant(fresh_db))
    # Task 3: led by Phòng Kinh tế, coordinated by Phòng Văn hóa – Xã hội.
    progress_db.record_update(
        fresh_db,
        task_id=ids["task3"],
        person_id=reporter,
        status="blocked",
        percent=40,
        note=NOTE,
        evidence_kind="document",
        evidence_ref="file-1",
        now=core.clock.now(),
    )
    return core, ids


async def _details(core, who, task_id) -> str:
    replies = await core.handle(incoming(who, action=f"td:{task_id}"))
    return replies[-1].text


@pytest.mark.parametrize("who", [ADMIN, VHXH_MEMBER, KT_LEADER])
async def test_lead_coordinators_and_admins_see_notes_names_and_evidence(world, who):
    core, ids = world
    text = await _details(core, who, ids["task3"])
    assert NOTE in text and "Người Báo Cáo" in text and "📎" in text
    assert "40%" in text


async def test_another_units_member_sees_status_and_percent_only(world):
    core, ids = world
    text = await _details(core, VP_MEMBER, ids["task3"])
    assert "40%" in text
    assert NOTE not in text
    assert "Người Báo Cáo" not in text
    assert "📎" not in text

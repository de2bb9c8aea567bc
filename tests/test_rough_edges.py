"""Rough edges a new user met: commands with nothing to list say so in their own words; a role without a
unit reads without a stray space; English counts agree with their number."""

from __future__ import annotations

import pytest

from bot.compose import build_core
from bot.config import Config
from knowledge.messages import catalog, t
from storage import people as people_db
from tests.core_fixtures import clock, incoming, seed_plan

LEADER = "2"


@pytest.fixture
def core(fresh_db):
    ids = seed_plan(fresh_db)
    people_db.add_user(
        fresh_db,
        channel="telegram",
        external_id=LEADER,
        name="Lãnh Đạo",
        role="leader",
        unit_id=ids["Phòng Kinh tế"],
    )
    return build_core(fresh_db, Config(), clock())  # the real assistant


@pytest.mark.parametrize(
    ("command", "expected_vi", "expected_en"),
    [
        (
            "/saphethan",
            "không có nhiệm vụ nào đến hạn trong 7 ngày tới",
            "has no task due in the next 7 days",
        ),
        ("/quahan", "không có nhiệm vụ nào quá hạn", "has no overdue task"),
    ],
)
async def test_commands_with_nothing_to_list_say_so(core, command, expected_vi, expected_en):
    # Phòng Kinh tế: task 3 due 31/12 (not within 7 days of 23/11), task 5 overdue since 1/10 — mark it done.
    core.db.execute("UPDATE tasks SET status = 'done' WHERE code = '5'")
    vi = (await core.handle(incoming(LEADER, command)))[0].text
    en = (await core.handle(incoming(LEADER, command, language="en")))[0].text
    assert expected_vi in vi and "Phòng Kinh tế" in vi
    assert expected_en in en
    for text in (vi, en):
        assert t("vi", "qa.none_hint") not in text and t("en", "qa.none_hint") not in text


async def test_nhiemvu_for_a_unit_without_tasks(core):
    unit = core.db.execute(
        "INSERT INTO units (name, folded) VALUES ('Phòng Nội vụ', 'phong noi vu')"
    ).lastrowid
    people_db.add_user(
        core.db, channel="telegram", external_id="9", name="Nội Vụ", role="member", unit_id=unit
    )
    text = (await core.handle(incoming("9", "/nhiemvu")))[0].text
    assert "không có nhiệm vụ nào đang mở" in text and t("vi", "qa.none_hint") not in text


async def test_an_admin_without_a_unit_registers_without_a_stray_space(core):
    code = people_db.create_invite(core.db, unit_id=None, role="admin", now=core.clock.now())
    text = (await core.handle(incoming("77", f"/start {code}")))[0].text
    assert "Quản trị viên." in text and "Quản trị viên ." not in text
    code = people_db.create_invite(core.db, unit_id=1, role="member", now=core.clock.now())
    text = (await core.handle(incoming("78", f"/start {code}")))[0].text
    assert "Thành viên Phòng Văn hóa – Xã hội." in text


def test_english_counts_agree_with_their_number():
    assert t("en", "qa.count", count=1) == "1 task"
    assert t("en", "qa.count", count=5) == "5 tasks"
    assert "1 task," in t("en", "qa.count_page", count=1, page=1, pages=1)
    # No English message says a bare "{n} tasks" (or recipients, days, …) without choosing the form.
    import re

    bare = [
        key
        for key, text in catalog("en").items()
        if re.search(
            r"\{(count|total|days|tasks|people|messages|n|kept|done|overdue|hidden)\} [a-z]+s\b", text
        )
    ]
    assert bare == [], bare


async def test_a_stranger_is_told_their_account_id_for_planbot_admins(core):
    text = (await core.handle(incoming("5550123", "/start")))[0].text
    assert "<code>5550123</code>" in text and "Telegram" in text


async def test_help_promises_plan_files_only_where_a_file_can_be_sent(core):
    people_db.add_user(
        core.db, channel="console", external_id="c1", name="Quản Trị", role="admin", unit_id=None
    )
    people_db.add_user(
        core.db, channel="telegram", external_id="t1", name="Quản Trị", role="admin", unit_id=None
    )
    console = (await core.handle(incoming("c1", "/help", channel="console")))[0].text
    telegram = (await core.handle(incoming("t1", "/help")))[0].text
    assert t("vi", "core.help_admin_file") in telegram
    assert t("vi", "core.help_admin_file") not in console and "planbot ingest" in console

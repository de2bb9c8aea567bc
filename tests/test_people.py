"""storage.people and the admin user flows (/nguoidung)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.compose import build_core
from bot.config import Config
from storage import people as people_db
from storage.errors import Conflict
from tests.core_fixtures import StubAssistant, button, clock, incoming, seed_plan


@pytest.fixture
def ids(fresh_db):
    return seed_plan(fresh_db)


@pytest.mark.parametrize("text", ["Phòng Kinh tế", "phong kinh te", "PHÒNG KINH TẾ", "  Phòng   Kinh tế "])
def test_resolve_unit_matches(fresh_db, ids, text):
    assert people_db.resolve_unit(fresh_db, text) == ids["Phòng Kinh tế"]


@pytest.mark.parametrize("text", ["", "Phòng Ngoại giao", "Sở Không Có"])
def test_resolve_unit_no_match(fresh_db, ids, text):
    with pytest.raises(people_db.UnknownUnit):
        people_db.resolve_unit(fresh_db, text)


def test_roles_need_units(fresh_db, ids):
    with pytest.raises(people_db.BadRole):
        people_db.add_person(fresh_db, name="A", role="member")
    with pytest.raises(people_db.BadRole):
        people_db.add_person(fresh_db, name="A", role="boss", unit_id=ids["Phòng Kinh tế"])
    assert people_db.add_person(fresh_db, name="A", role="admin")


def test_add_user_twice_updates_the_same_person(fresh_db, ids):
    first = people_db.add_user(
        fresh_db, channel="telegram", external_id="7", name="A", role="member", unit_id=ids["Phòng Kinh tế"]
    )
    second = people_db.add_user(
        fresh_db, channel="telegram", external_id="7", name="A B", role="leader", unit_id=ids["Phòng Kinh tế"]
    )
    assert first == second
    person = people_db.get_person(fresh_db, first)
    assert (person.name, person.role) == ("A B", "leader")


def test_invite_expires(fresh_db, ids):
    then = datetime(2026, 1, 1, tzinfo=UTC)
    code = people_db.create_invite(fresh_db, unit_id=ids["Phòng Kinh tế"], role="member", now=then)
    with pytest.raises(people_db.InviteError) as exc:
        people_db.use_invite(
            fresh_db,
            code,
            channel="telegram",
            external_id="8",
            chat_id="8",
            name="X",
            now=then + timedelta(days=15),
        )
    assert exc.value.reason == "expired"
    assert people_db.find_by_identity(fresh_db, "telegram", "8") is None


def test_request_decided_once(fresh_db, ids):
    admin = people_db.add_person(fresh_db, name="Admin", role="admin")
    request_id, created = people_db.create_request(
        fresh_db, channel="zalo", external_id="z1", chat_id="z1", name="Z"
    )
    assert created and people_db.create_request(
        fresh_db, channel="zalo", external_id="z1", chat_id="z1", name="Z"
    ) == (request_id, False)
    _, person = people_db.decide_request(
        fresh_db, request_id, approve=True, decided_by=admin, unit_id=ids["Phòng Kinh tế"]
    )
    assert people_db.find_by_identity(fresh_db, "zalo", "z1").id == person.id
    with pytest.raises(Conflict):
        people_db.decide_request(fresh_db, request_id, approve=False, decided_by=admin)


def test_conversation_round_trip(fresh_db):
    people_db.set_conversation(
        fresh_db, "telegram", "5", "5", "progress:note", {"flow": "abc", "n": "ghi chú"}
    )
    state = people_db.get_conversation(fresh_db, "telegram", "5", "5")
    assert (state.state, state.data) == ("progress:note", {"flow": "abc", "n": "ghi chú"})
    assert people_db.clear_conversation(fresh_db, "telegram", "5", "5")
    assert people_db.get_conversation(fresh_db, "telegram", "5", "5") is None


def test_blocked_identity_deactivated(fresh_db, ids):
    pid = people_db.add_user(
        fresh_db, channel="telegram", external_id="9", name="A", role="admin", unit_id=None
    )
    assert people_db.set_identity_active(fresh_db, "telegram", "9", False) == 1
    assert people_db.identities_of(fresh_db, pid)[0]["active"] is False


async def test_admin_changes_role_unit_and_suspends(fresh_db, ids):
    people_db.add_user(
        fresh_db, channel="telegram", external_id="1", name="Admin", role="admin", unit_id=None
    )
    target = people_db.add_user(
        fresh_db,
        channel="telegram",
        external_id="3",
        name="Mem <b>",
        role="member",
        unit_id=ids["Phòng Kinh tế"],
    )
    core = build_core(fresh_db, Config(), clock(), assistant=StubAssistant(fresh_db))
    listing = await core.handle(incoming("1", "/nguoidung"))
    assert "Mem &lt;b&gt;" in listing[0].text
    card = await core.handle(incoming("1", action=button(listing, "Mem").action))
    card = await core.handle(incoming("1", action=button(card, "Lãnh đạo").action))
    assert people_db.get_person(fresh_db, target).role == "leader"
    units = await core.handle(incoming("1", action=button(card, "Đổi đơn vị").action))
    card = await core.handle(incoming("1", action=button(units, "Văn phòng").action))
    assert people_db.get_person(fresh_db, target).unit_name == "Văn phòng HĐND và UBND"
    card = await core.handle(incoming("1", action=button(card, "Khóa").action))
    assert people_db.get_person(fresh_db, target).active is False
    refused = await core.handle(incoming("3", "hộ tịch"))
    assert "tạm khóa" in refused[0].text


async def test_last_admin_cannot_demote_or_suspend_themselves(fresh_db, ids):
    me = people_db.add_user(
        fresh_db, channel="telegram", external_id="1", name="Admin", role="admin", unit_id=None
    )
    core = build_core(fresh_db, Config(), clock(), assistant=StubAssistant(fresh_db))
    replies = await core.handle(incoming("1", action=f"us:{me}:m"))
    assert "cuối cùng" in replies[0].text
    replies = await core.handle(incoming("1", action=f"ua:{me}:0"))
    assert "không thể" in replies[0].text.lower()
    assert people_db.get_person(fresh_db, me).role == "admin"

"""/language: a person's explicit choice of reply language is stored and wins over the chat client's."""

from __future__ import annotations

import pytest

from bot.compose import build_core
from bot.config import Config
from storage import people as people_db
from tests.core_fixtures import StubAssistant, clock, incoming, seed_plan

MEMBER = "3"


@pytest.fixture
def core(fresh_db):
    ids = seed_plan(fresh_db)
    people_db.add_user(
        fresh_db,
        channel="telegram",
        external_id=MEMBER,
        name="Thành Viên",
        role="member",
        unit_id=ids["Phòng Văn hóa – Xã hội"],
    )
    return build_core(fresh_db, Config(), clock(), assistant=StubAssistant(fresh_db))


async def test_typed_choice_wins_over_the_client_language(core):
    # Before choosing, the client's language decides.
    assert "Commands" in (await core.handle(incoming(MEMBER, "/help", language="en")))[0].text
    saved = (await core.handle(incoming(MEMBER, "/language vi", language="en")))[0].text
    assert "Tiếng Việt" in saved
    # The client still says English; the person's choice wins.
    assert "Các lệnh" in (await core.handle(incoming(MEMBER, "/help", language="en")))[0].text
    person = people_db.find_by_identity(core.db, "telegram", MEMBER)
    assert person.language == "vi" and person.language_chosen


async def test_buttons_and_reminder_language(core):
    shown = (await core.handle(incoming(MEMBER, "/language", language="vi")))[0]
    choices = {b.label: b.action for row in shown.buttons for b in row}
    assert set(choices) == {"Tiếng Việt", "English"}
    saved = (await core.handle(incoming(MEMBER, action=choices["English"], language="vi")))[0].text
    assert "English" in saved and "From now on" in saved
    assert "Commands" in (await core.handle(incoming(MEMBER, "/help", language="vi")))[0].text
    # What is pushed to the person (reminders, alerts) reads the stored language.
    from storage.reminders import recipients

    person = people_db.find_by_identity(core.db, "telegram", MEMBER)
    assert recipients(core.db, [person.id])[person.id].language == "en"


@pytest.mark.parametrize("typed", ["English", "tiếng Anh", "en-US"])
async def test_language_names_typed(core, typed):
    await core.handle(incoming(MEMBER, f"/language {typed}"))
    assert people_db.find_by_identity(core.db, "telegram", MEMBER).language == "en"


async def test_unknown_language_is_refused_and_nothing_changes(core):
    reply = (await core.handle(incoming(MEMBER, "/language français", language="vi")))[0]
    assert "vi, en" in reply.text
    assert not people_db.find_by_identity(core.db, "telegram", MEMBER).language_chosen


async def test_forged_language_button_changes_nothing(core):
    await core.handle(incoming(MEMBER, action="lg:fr"))
    assert not people_db.find_by_identity(core.db, "telegram", MEMBER).language_chosen

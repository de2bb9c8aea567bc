"""Core: identity resolution, onboarding, roles, group rules, routing, extension points, stale buttons."""

from __future__ import annotations

import re

import pytest

from bot.chat import FileRef, Reply
from bot.compose import build_core
from bot.config import Config
from bot.core import MAX_TEXT
from bot.feature import ButtonAction, Command, DuplicateRegistration, Feature, Flow
from bot.verbs import Verb
from storage import people as people_db
from tests.core_fixtures import StubAssistant, button, buttons_of, clock, incoming, seed_plan

ADMIN, LEADER, MEMBER, STRANGER = "1", "2", "3", "9"


@pytest.fixture
def world(fresh_db):
    ids = seed_plan(fresh_db)
    vhxh = ids["Phòng Văn hóa – Xã hội"]
    people_db.add_user(
        fresh_db, channel="telegram", external_id=LEADER, name="Lê Lãnh Đạo", role="leader", unit_id=vhxh
    )
    people_db.add_user(
        fresh_db,
        channel="telegram",
        external_id=MEMBER,
        name="Trần <Thành> Viên",
        role="member",
        unit_id=vhxh,
    )
    assistant = StubAssistant(fresh_db)
    core = build_core(
        fresh_db, Config(admins=(ADMIN,)), clock(), assistant=assistant, bot_username="planbot_test_bot"
    )
    return core, ids


async def test_first_admin_comes_from_config(world):
    core, _ = world
    replies = await core.handle(incoming(ADMIN, "/start"))
    assert "/moi" in replies[0].text
    person = people_db.find_by_identity(core.db, "telegram", ADMIN)
    assert person.role == "admin"


@pytest.mark.parametrize("text", ["/start", "việc nào quá hạn?", "/nhiemvu", "/tiendo"])
async def test_unregistered_people_see_no_plan_data(world, text):
    core, _ = world
    replies = await core.handle(incoming(STRANGER, text))
    assert len(replies) == 1
    assert "hộ tịch" not in replies[0].text
    assert button(replies, "đăng ký").action == "rq"
    assert core.assistant.askers == []


async def test_registration_request_is_approved_by_an_admin_with_buttons(world):
    core, ids = world
    await core.handle(incoming(ADMIN, "/start"))
    sent = await core.handle(incoming(STRANGER, action="rq", name="Phạm Mới"))
    assert "quản trị viên" in sent[0].text
    again = await core.handle(incoming(STRANGER, action="rq", name="Phạm Mới"))
    assert "đang chờ" in again[0].text
    # The admin was notified through the outbox with approve/reject buttons.
    row = core.db.execute(
        "SELECT payload FROM outbox WHERE person_id = (SELECT person_id FROM identities WHERE external_id = ?)",
        [ADMIN],
    ).fetchone()
    assert "Phạm Mới" in row[0] and '"ra:' in row[0]
    request_id = people_db.pending_requests(core.db)[0]["id"]
    units = await core.handle(incoming(ADMIN, action=f"ra:{request_id}"))
    unit_button = button(units, "Kinh tế")
    roles = await core.handle(incoming(ADMIN, action=unit_button.action))
    done = await core.handle(incoming(ADMIN, action=button(roles, "Thành viên").action))
    assert "Đã duyệt" in done[0].text
    person = people_db.find_by_identity(core.db, "telegram", STRANGER)
    assert (person.role, person.unit_name) == ("member", "Phòng Kinh tế")
    # A second admin tap on the same request does not register twice.
    twice = await core.handle(incoming(ADMIN, action=button(roles, "Thành viên").action))
    assert "đã được duyệt" in twice[0].text
    assert len(people_db.list_people(core.db)) == 4


async def test_rejected_request_registers_nobody(world):
    core, _ = world
    await core.handle(incoming(ADMIN, "/start"))
    await core.handle(incoming(STRANGER, action="rq"))
    request_id = people_db.pending_requests(core.db)[0]["id"]
    replies = await core.handle(incoming(ADMIN, action=f"rx:{request_id}"))
    assert "từ chối" in replies[0].text
    assert people_db.find_by_identity(core.db, "telegram", STRANGER) is None


async def test_members_cannot_approve_requests(world):
    core, _ = world
    await core.handle(incoming(STRANGER, action="rq"))
    request_id = people_db.pending_requests(core.db)[0]["id"]
    replies = await core.handle(incoming(MEMBER, action=f"rr:{request_id}:0:a"))
    assert "không có quyền" in replies[0].text
    assert people_db.find_by_identity(core.db, "telegram", STRANGER) is None


async def test_invite_code_registers_with_unit_and_role_once(world):
    core, _ = world
    await core.handle(incoming(ADMIN, "/start"))
    replies = await core.handle(incoming(ADMIN, "/moi leader Phòng Kinh tế"))
    assert "t.me/planbot_test_bot?start=" in replies[0].text
    code = re.search(r"start=(\w+)", replies[0].text).group(1)
    welcome = await core.handle(incoming("50", f"/start {code}", name="Võ Mời"))
    assert "Đăng ký thành công" in welcome[0].text
    person = people_db.find_by_identity(core.db, "telegram", "50")
    assert (person.role, person.unit_name) == ("leader", "Phòng Kinh tế")
    reused = await core.handle(incoming("51", f"/start {code}"))
    assert "đã được dùng" in reused[0].text
    assert people_db.find_by_identity(core.db, "telegram", "51") is None


async def test_invite_by_buttons(world):
    core, _ = world
    await core.handle(incoming(ADMIN, "/start"))
    units = await core.handle(incoming(ADMIN, "/moi"))
    roles = await core.handle(incoming(ADMIN, action=button(units, "Kinh tế").action))
    made = await core.handle(incoming(ADMIN, action=button(roles, "Thành viên").action))
    assert "start=" in made[0].text and made[0].edit


@pytest.mark.parametrize("code", ["nosuchcode", "bad code!", "x" * 80])
async def test_bad_invite_codes_are_refused_clearly(world, code):
    core, _ = world
    replies = await core.handle(incoming("60", f"/start {code}"))
    assert "không đúng" in replies[0].text
    assert people_db.find_by_identity(core.db, "telegram", "60") is None


@pytest.mark.parametrize("command", ["/moi", "/nguoidung", "/giaoviec"])
async def test_admin_commands_are_refused_to_members(world, command):
    core, _ = world
    replies = await core.handle(incoming(MEMBER, command))
    assert "không có quyền" in replies[0].text


async def test_group_ignores_plain_chatter_and_answers_mentions_anonymously(world):
    core, _ = world
    assert await core.handle(incoming(MEMBER, "chào cả nhà", chat="-100", group=True)) == []
    replies = await core.handle(incoming(MEMBER, "hộ tịch", chat="-100", group=True, mentioned=True))
    assert "hộ tịch" in replies[0].text
    assert core.assistant.askers[-1].person_id is None and core.assistant.askers[-1].unit_id is None


@pytest.mark.parametrize("command", ["/nhiemvu", "/capnhat", "/tiendo"])
async def test_personal_commands_are_not_answered_in_groups(world, command):
    core, _ = world
    replies = await core.handle(incoming(LEADER, command, chat="-100", group=True))
    assert "tin nhắn riêng" in replies[0].text
    assert core.get_state(incoming(LEADER, chat="-100")) is None


async def test_commands_for_another_bot_are_ignored_in_groups(world):
    core, _ = world
    assert await core.handle(incoming(MEMBER, "/help@other_bot", chat="-100", group=True)) == []
    replies = await core.handle(incoming(MEMBER, "/help@planbot_test_bot", chat="-100", group=True))
    assert "/nhiemvu" in replies[0].text


async def test_questions_go_to_the_assistant_with_the_askers_unit(world):
    core, ids = world
    replies = await core.handle(incoming(MEMBER, "số hóa hộ tịch"))
    assert "Số hóa sổ hộ tịch" in replies[0].text
    asker = core.assistant.askers[-1]
    assert asker.unit_id == ids["Phòng Văn hóa – Xã hội"] and asker.role == "member"


@pytest.mark.parametrize(
    "text, expected",
    [("/nhiemvu", "Nhiệm vụ của tôi"), ("/quahan", "Quá hạn"), ("/saphethan", "Sắp hết hạn")],
)
async def test_named_queries(world, text, expected):
    core, _ = world
    replies = await core.handle(incoming(MEMBER, text))
    assert expected in replies[0].text


async def test_unknown_command_and_too_long_message(world):
    core, _ = world
    unknown = await core.handle(incoming(MEMBER, "/khongco <x>"))
    assert "/help" in unknown[0].text and "&lt;x&gt;" not in unknown[0].text
    assert "/khongco" in unknown[0].text
    long = await core.handle(incoming(MEMBER, "a" * (MAX_TEXT + 1)))
    assert str(MAX_TEXT) in long[0].text
    assert core.assistant.askers == []


@pytest.mark.parametrize("action", ["zz:1", "td:abc", "", "pk:oldflow", "x" * 70])
async def test_stale_or_forged_buttons_get_a_clear_reply(world, action):
    core, _ = world
    replies = await core.handle(incoming(MEMBER, action=action or ":"))
    assert "cũ" in replies[0].text


async def test_task_details_show_history_and_update_button(world):
    core, ids = world
    replies = await core.handle(incoming(MEMBER, action=f"td:{ids['task1']}"))
    assert "Chưa có cập nhật" in replies[-1].text
    assert button(replies, "Cập nhật tiến độ").action == f"pu:{ids['task1']}"
    # A task of another unit: details yes, update button no.
    other = await core.handle(incoming(MEMBER, action=f"td:{ids['task4']}"))
    assert all("Cập nhật" not in b.label for b in buttons_of(other))


async def test_extension_points(world):
    core, _ = world
    seen = []

    async def hello(core_, incoming_, person):
        seen.append(person.name)
        core_.set_state(incoming_, "demo:wait", {})
        return [Reply("hello")]

    async def demo_flow(core_, incoming_, person):
        core_.clear_state(incoming_)
        return [Reply("flow got " + incoming_.text)]

    async def demo_action(core_, incoming_, person):
        return [Reply("action " + incoming_.action)]

    core.install(
        Feature(
            "demo",
            commands=(Command("chao", hello, roles=("leader",), description="cmd.help"),),
            buttons=(ButtonAction("dm", demo_action, ("leader", "admin")),),
            flows=(Flow("demo:", demo_flow),),
        )
    )
    assert "không có quyền" in (await core.handle(incoming(MEMBER, "/chao")))[0].text
    assert (await core.handle(incoming(LEADER, "/chao")))[0].text == "hello"
    assert (await core.handle(incoming(LEADER, "xin chào")))[0].text == "flow got xin chào"
    assert (await core.handle(incoming(LEADER, action="dm:1")))[0].text == "action dm:1"
    # The role a button declares is checked by the core, exactly as for commands.
    assert "không có quyền" in (await core.handle(incoming(MEMBER, action="dm:1")))[0].text
    assert seen == ["Lê Lãnh Đạo"]
    assert ("chao", "cmd.help") in core.menu("leader") and ("chao", "cmd.help") not in core.menu("member")


@pytest.mark.parametrize(
    "clash",
    [
        Feature("x", commands=(Command("help", None),)),
        Feature("x", buttons=(ButtonAction(Verb.TASK_DETAILS, None),)),
        Feature("x", flows=(Flow("progress:", None),)),
        Feature("x", flows=(Flow("progress:note", None),)),
        Feature("x", on_text=lambda *a: None),
        Feature("onboarding"),
    ],
    ids=["command", "verb", "flow", "flow-prefix-overlap", "text-hook", "feature-name"],
)
async def test_a_second_claim_is_an_error_at_start(world, clash):
    core, _ = world
    with pytest.raises(DuplicateRegistration):
        core.install(clash)


def test_every_verb_is_claimed_by_exactly_one_feature():
    from bot.compose import FEATURES

    claimed = [str(b.verb) for f in FEATURES for b in f.buttons]
    assert sorted(claimed) == sorted(str(v) for v in Verb)


@pytest.mark.parametrize(
    "forged",
    [
        "uv:1",
        "us:1:a",
        "ua:1:0",
        "un:1:1",
        "ul:0",
        "ra:1",
        "rr:1:0:a",
        "rx:1",
        "iu:0",
        "ic:0",
        "ir:0:a",
        "at:f:1",
    ],
)
async def test_members_cannot_press_admin_buttons(world, forged):
    core, _ = world
    before = core.db.execute("SELECT role, active, unit_id FROM people ORDER BY id").fetchall()
    replies = await core.handle(incoming(MEMBER, action=forged))
    assert "không có quyền" in replies[0].text
    assert core.db.execute("SELECT role, active, unit_id FROM people ORDER BY id").fetchall() == before
    assert core.db.execute("SELECT COUNT(*) FROM invites").fetchone()[0] == 0


async def test_cancel(world):
    core, _ = world
    assert "Không có" in (await core.handle(incoming(MEMBER, "/huy")))[0].text
    await core.handle(incoming(MEMBER, "/capnhat"))
    assert "Đã hủy" in (await core.handle(incoming(MEMBER, "/huy")))[0].text
    assert core.get_state(incoming(MEMBER)) is None


async def test_file_from_a_member_outside_a_conversation(world):
    core, _ = world
    replies = await core.handle(incoming(MEMBER, file=FileRef("document", "F1", "x.pdf")))
    assert "/capnhat" in replies[0].text


async def test_suspended_people_are_refused(world):
    core, _ = world
    person = people_db.find_by_identity(core.db, "telegram", MEMBER)
    people_db.update_person(core.db, person.id, active=False)
    replies = await core.handle(incoming(MEMBER, "hộ tịch"))
    assert "tạm khóa" in replies[0].text
    assert core.assistant.askers == []


async def test_english_catalog_follows_the_client_language(world):
    core, _ = world
    replies = await core.handle(incoming(MEMBER, "/huy", language="en-US"))
    assert replies[0].text == "Nothing to cancel."


async def test_composition_root_wires_delivery_commands_into_the_core(fresh_db):
    from bot.compose import build_core

    seed_plan(fresh_db)
    core = build_core(fresh_db, Config(admins=(ADMIN,)), clock(), assistant=StubAssistant(fresh_db))
    assert {"thongbao", "tatnhac", "batnhac"} <= set(core.commands)
    await core.handle(incoming(ADMIN, "/start"))
    started = await core.handle(incoming(ADMIN, "/thongbao"))
    assert started and "cũ" not in started[0].text
    assert core.get_state(incoming(ADMIN)).state.startswith("bc:")
    assert "Đã hủy" in (await core.handle(incoming(ADMIN, "/huy")))[0].text
    refused = await core.handle(incoming(STRANGER, "/thongbao"))
    assert "đăng ký" in refused[0].text


async def test_terminal_user_is_an_admin_and_zalo_strangers_are_not(world):
    core, _ = world
    replies = await core.handle(incoming("me", "/tiendo", channel="console"))
    assert "Tiến độ" in replies[0].text
    assert people_db.find_by_identity(core.db, "console", "me").role == "admin"
    stranger = await core.handle(incoming(ADMIN, "/tiendo", channel="zalo"))
    assert "đăng ký" in stranger[0].text


async def test_link_code_binds_a_zalo_account_to_the_same_person(world):
    core, _ = world
    replies = await core.handle(incoming(MEMBER, "/lienket"))
    code = re.search(r"/start (\w+)", replies[0].text).group(1)
    await core.handle(incoming("zalo-77", f"/start {code}", channel="zalo", name="Viên trên Zalo"))
    on_telegram = people_db.find_by_identity(core.db, "telegram", MEMBER)
    on_zalo = people_db.find_by_identity(core.db, "zalo", "zalo-77")
    assert on_zalo is not None and on_zalo.id == on_telegram.id
    assert on_zalo.role == "member"
    assert {i["channel"] for i in people_db.identities_of(core.db, on_telegram.id)} == {"telegram", "zalo"}
    again = await core.handle(incoming("zalo-78", f"/start {code}", channel="zalo"))
    assert people_db.find_by_identity(core.db, "zalo", "zalo-78") is None
    assert "đã được dùng" in again[0].text


async def test_link_code_is_not_given_in_groups_or_to_strangers(world):
    core, _ = world
    group = await core.handle(incoming(MEMBER, "/lienket", chat="-100", group=True))
    assert not any(re.search(r"/start \w{10}", r.text) for r in group)
    stranger = await core.handle(incoming("999", "/lienket"))
    assert not any(re.search(r"/start \w{10}", r.text) for r in stranger)

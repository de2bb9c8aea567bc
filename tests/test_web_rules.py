"""The dashboard's rules without HTTP: login tokens, Telegram's init-data signature, scope, plan review's
doubts, the corrections' values and their re-application after a save; the /web command; the config."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta
from urllib.parse import parse_qsl

import pytest

from bot import corrections, plan_review, web_auth, web_scope
from bot.config import ConfigError, load_config
from bot.permissions import Forbidden
from storage.corrections import BadCorrection
from tests.web_world import BOT_TOKEN, make_world


@pytest.fixture
def world(tmp_path):
    w = make_world(tmp_path)
    yield w
    w.db.conn.close()


# --- one-time links and sessions --------------------------------------------------------------------


def test_link_tokens_are_stored_hashed(world):
    token = web_auth.issue_link(world.db, world.admin, world.clock.now())
    stored = [r[0] for r in world.db.execute("SELECT token_hash FROM web_links").fetchall()]
    assert token not in stored and hashlib.sha256(token.encode()).hexdigest() in stored


def test_a_link_works_once(world):
    token = web_auth.issue_link(world.db, world.member, world.clock.now())
    session = web_auth.redeem_link(world.db, token, world.clock.now())
    assert session.person.id == world.member.id
    with pytest.raises(web_auth.LoginRefused) as refused:
        web_auth.redeem_link(world.db, token, world.clock.now())
    assert refused.value.reason == "used"


def test_a_link_expires_after_ten_minutes(world):
    token = web_auth.issue_link(world.db, world.member, world.clock.now())
    world.clock.advance(timedelta(minutes=9, seconds=59))
    web_auth.check_link(world.db, token, world.clock.now())
    world.clock.advance(timedelta(seconds=2))
    with pytest.raises(web_auth.LoginRefused) as refused:
        web_auth.redeem_link(world.db, token, world.clock.now())
    assert refused.value.reason == "expired"


def test_session_ids_are_stored_hashed_and_end_on_logout(world):
    session = web_auth.start_session(world.db, world.admin, world.clock.now(), via="link")
    assert not world.db.execute("SELECT 1 FROM web_sessions WHERE id_hash = ?", [session.token]).fetchone()
    person, csrf = web_auth.session_person(world.db, session.token, world.clock.now())
    assert person.id == world.admin.id and csrf == session.csrf
    assert web_auth.end_session(world.db, session.token)
    assert web_auth.session_person(world.db, session.token, world.clock.now()) is None


def test_purge_forgets_expired_sessions(world):
    web_auth.start_session(world.db, world.admin, world.clock.now(), via="link")
    world.clock.advance(web_auth.SESSION_TTL + timedelta(days=2))
    assert web_auth.purge(world.db, world.clock.now()) >= 1
    assert world.db.execute("SELECT COUNT(*) FROM web_sessions").fetchone()[0] == 0


def test_csrf_comparison():
    assert web_auth.check_csrf("abc", "abc")
    assert not web_auth.check_csrf("abc", "abd")
    assert not web_auth.check_csrf("", "")
    assert not web_auth.check_csrf("abc", None)


# --- Telegram's init data ---------------------------------------------------------------------------


def _signed(world, **fields):
    base = {"auth_date": str(int(world.clock.now().timestamp())), "user": json.dumps({"id": 1002})}
    return web_auth.sign_init_data({**base, **fields}, BOT_TOKEN)


def test_init_data_signature_follows_telegrams_recipe(world):
    # Independent of sign_init_data: the data-check string and the two HMACs written out here.
    fields = {"auth_date": str(int(world.clock.now().timestamp())), "query_id": "Q1", "user": '{"id":1002}'}
    check = "\n".join(f"{k}={fields[k]}" for k in sorted(fields))
    key = hmac.new(b"WebAppData", BOT_TOKEN.encode(), hashlib.sha256).digest()
    digest = hmac.new(key, check.encode(), hashlib.sha256).hexdigest()
    data = "&".join(f"{k}={v}" for k, v in fields.items()) + f"&hash={digest}"
    assert web_auth.verify_init_data(data, BOT_TOKEN, world.clock.now())["id"] == 1002
    assert dict(parse_qsl(web_auth.sign_init_data(fields, BOT_TOKEN)))["hash"] == digest


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.replace("1002", "1001"),  # another user
        lambda d: d + "&extra=1",  # a field added after signing
        lambda d: d.rsplit("&hash=", 1)[0],  # no hash
        lambda d: d[:-1] + ("0" if d[-1] != "0" else "1"),  # a hash off by one digit
    ],
)
def test_tampered_init_data_is_refused(world, change):
    data = _signed(world)
    with pytest.raises(web_auth.LoginRefused) as refused:
        web_auth.verify_init_data(change(data), BOT_TOKEN, world.clock.now())
    assert refused.value.reason == "bad_signature"


def test_init_data_signed_for_another_bot_is_refused(world):
    data = web_auth.sign_init_data({"auth_date": "1", "user": '{"id":1002}'}, "42:another-bot-token-value")
    with pytest.raises(web_auth.LoginRefused):
        web_auth.verify_init_data(data, BOT_TOKEN, world.clock.now())


def test_old_init_data_is_refused(world):
    old = str(int((world.clock.now() - web_auth.INIT_DATA_MAX_AGE - timedelta(seconds=5)).timestamp()))
    with pytest.raises(web_auth.LoginRefused) as refused:
        web_auth.verify_init_data(_signed(world, auth_date=old), BOT_TOKEN, world.clock.now())
    assert refused.value.reason == "stale"


# --- scope ------------------------------------------------------------------------------------------


def test_visibility_by_role(world):
    assert web_scope.visibility(world.db, world.admin).everything
    leader = web_scope.visibility(world.db, world.leader)
    assert (
        not leader.everything and leader.unit_ids == (world.economy,) and leader.person_id == world.leader.id
    )
    member = web_scope.visibility(world.db, world.member)
    assert member.unit_ids == (world.culture,)
    assert web_scope.people_scope(world.admin) is None
    assert web_scope.people_scope(world.leader) == (world.economy,)
    with pytest.raises(Forbidden):
        web_scope.people_scope(world.member)
    with pytest.raises(Forbidden):
        web_scope.require_admin(world.leader)


def test_an_inactive_admin_sees_nothing(world):
    from dataclasses import replace

    gone = replace(world.admin, active=False)
    assert web_scope.visibility(world.db, gone).where() == ("0 = 1", [])


# --- plan review ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lead", "collective"),
    [
        ("Các phòng, ban, đơn vị", True),
        ("UBND các xã, thị trấn", True),
        ("các cơ quan liên quan", True),
        ("Phòng Kinh tế", False),
        ("Văn phòng HĐND và UBND", False),
    ],
)
def test_collective_leads(lead, collective):
    assert plan_review.is_collective(lead) is collective


@pytest.mark.parametrize(
    ("text", "damaged"),
    [
        ("Phòng Văn hóa – Xã hội chủ trì xây dựng chuyên mục chuyển đổi số trên trang thông tin.", False),
        ("Triển khai VNeID mức 2 cho 100% cán bộ, công chức (UBND, HĐND) năm 2026.", False),
        ("Tr1ển kh4i th@nh t0án kh0ng dùng t1ền mặt tạ1 chợ", True),
        ("Xây dựng ~~ ## hệ thống ¤¤ §§ ¶¶ dữ liệu ¤¤ §§", True),
        ("hk", True),
        ("Rà soát thủ tục \ufffd hành chính", True),
    ],
)
def test_damaged_text(text, damaged):
    assert plan_review.looks_damaged(text) is damaged


def test_review_order_puts_doubtful_tasks_first():
    tasks = [
        {"lead": "Phòng Kinh tế", "deadline_kind": "date", "content": "Triển khai thanh toán số tại chợ xã."},
        {"lead": None, "deadline_kind": "none", "content": "Cập nhật cơ sở dữ liệu cán bộ, công chức."},
        {"lead": "Các phòng, ban", "deadline_kind": "date", "content": "Rà soát quy trình nội bộ để số hóa."},
    ]
    ordered = plan_review.review_order(tasks)
    assert [t["doubts"] for t in ordered] == [["no_lead", "no_deadline"], ["collective_lead"], []]


# --- corrections ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("31/12/2026", "2026-12-31"),
        ("1-2-2027", "2027-02-01"),
        ("05.06.2026", "2026-06-05"),
        ("2026-03-31", "2026-03-31"),
    ],
)
def test_dates_as_officials_type_them(typed, iso):
    assert corrections.parse_date(typed).isoformat() == iso


@pytest.mark.parametrize("typed", ["31/02/2026", "tháng 12", "12/2026", ""])
def test_bad_dates(typed):
    with pytest.raises(BadCorrection) as bad:
        corrections.parse_date(typed)
    assert bad.value.key == "web.correct.bad_date"


def test_values_for_each_field(world):
    assert corrections.value_for(world.db, "lead", "  phong  kinh te ") == {"name": "Phòng Kinh tế"}
    assert corrections.value_for(world.db, "lead", "Ban Chỉ đạo mới") == {"name": "Ban Chỉ đạo mới"}
    support = corrections.value_for(world.db, "support", "Phòng Kinh tế; phong kinh te\nBan Chỉ đạo mới")
    assert support == {"names": ["Phòng Kinh tế", "Ban Chỉ đạo mới"]}
    assert corrections.value_for(world.db, "deadline", "") == {"due": None, "text": ""}
    assert corrections.value_for(world.db, "code", "III.2") == {"code": "III.2"}
    for field, typed, key in (
        ("content", " ", "web.correct.empty"),
        ("lead", "", "web.correct.bad_unit"),
        ("code", "x" * 41, "web.correct.too_long"),
        ("status", "done", "web.correct.bad_field"),
    ):
        with pytest.raises(BadCorrection) as bad:
            corrections.value_for(world.db, field, typed)
        assert bad.value.key == key


def test_corrected_text_is_searchable_and_kept(world):
    task = world.script_task
    corrections.correct(
        world.db, world.admin, task, "content", "Rà soát quy trình tiếp nhận hồ sơ một cửa", world.clock.now()
    )
    corrections.correct(world.db, world.admin, task, "code", "2a", world.clock.now())
    hits = world.db.execute("SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH 'mot AND cua'").fetchall()
    assert (task,) in hits
    as_read = world.db.execute("SELECT original FROM tasks WHERE id = ?", [task]).fetchone()[0]
    assert as_read.startswith("Các phòng, ban, đơn vị chủ trì rà soát")  # the document's text is kept
    world.reingest()
    row = world.db.execute("SELECT content, code, original FROM tasks WHERE id = ?", [task]).fetchone()
    assert row == ("Rà soát quy trình tiếp nhận hồ sơ một cửa", "2a", as_read)
    page = world.dashboard.task(world.admin, task)["task"]
    assert page["original"] == as_read


def test_a_newer_correction_replaces_the_older(world):
    task = world.script_task
    corrections.correct(world.db, world.admin, task, "deadline", "20/12/2026", world.clock.now())
    corrections.correct(world.db, world.admin, task, "deadline", "25/12/2026", world.clock.now())
    assert world.db.execute("SELECT COUNT(*) FROM corrections").fetchone()[0] == 1
    world.reingest()
    assert world.db.execute("SELECT due_date FROM tasks WHERE id = ?", [task]).fetchone()[0] == "2026-12-25"
    log = world.db.execute("SELECT COUNT(*) FROM audit_log WHERE task_id = ?", [task]).fetchone()[0]
    assert log == 2  # the audit log keeps both


def test_without_reapply_a_reingest_loses_the_correction(world):
    # The guard for the hook: saving alone puts the document's values back.
    import storage.plans
    from bot.ingest import read_plan

    corrections.correct(world.db, world.admin, world.script_task, "lead", "Phòng Kinh tế", world.clock.now())
    parsed, prepared = read_plan(world.plan_file)
    storage.plans.save_plan(world.db, parsed, source_file=world.plan_file.name, prepared=prepared)
    lead = world.db.execute("SELECT lead_text FROM tasks WHERE id = ?", [world.script_task]).fetchone()[0]
    assert lead == "Các phòng, ban, đơn vị"
    assert corrections.reapply(world.db, 2) == 1
    lead = world.db.execute("SELECT lead_text FROM tasks WHERE id = ?", [world.script_task]).fetchone()[0]
    assert lead == "Phòng Kinh tế"


async def test_corrections_are_kept_through_a_chat_upload(world):
    from bot.chat import FileRef, Incoming
    from bot.compose import build_core

    corrections.correct(world.db, world.admin, world.script_task, "deadline", "20/12/2026", world.clock.now())
    core = build_core(world.db, world.config, world.clock)
    content = world.plan_file.read_bytes()

    async def fetch(ref) -> bytes:
        return content

    core.fetch_file = fetch
    sent = FileRef("document", "file-205", name=world.plan_file.name, size=len(content))
    replies = await core.handle(Incoming("telegram", "1001", "1001", file=sent))
    assert "205/KH-UBND" in replies[0].text
    due = world.db.execute("SELECT due_date FROM tasks WHERE id = ?", [world.script_task]).fetchone()[0]
    assert due == "2026-12-20"


def test_assigning_is_logged_once(world):
    assert corrections.assign(world.db, world.admin, world.economy_task, world.leader.id, world.clock.now())
    assert not corrections.assign(
        world.db, world.admin, world.economy_task, world.leader.id, world.clock.now()
    )
    rows = world.db.execute(
        "SELECT action, new_value FROM audit_log WHERE task_id = ?", [world.economy_task]
    ).fetchall()
    assert rows == [("assign", world.leader.name)]
    with pytest.raises(BadCorrection):
        corrections.assign(world.db, world.admin, world.economy_task, 99999, world.clock.now())


# --- the /web command ------------------------------------------------------------------------------


async def test_web_command_gives_a_one_time_link(world):
    from bot.chat import Incoming
    from bot.compose import build_core

    core = build_core(world.db, world.config, world.clock)
    replies = await core.handle(Incoming("telegram", "1003", "1003", text="/web"))
    text = replies[0].text
    assert "http://testserver/login/" in text and "10" in text
    token = text.split("/login/", 1)[1].split()[0]
    assert web_auth.check_link(world.db, token, world.clock.now()).id == world.member.id
    group = await core.handle(Incoming("telegram", "-500", "1003", text="/web", is_group=True))
    assert "/login/" not in group[0].text  # never in a group chat


async def test_web_command_without_an_address(world):
    from dataclasses import replace

    from bot.chat import Incoming
    from bot.compose import build_core

    core = build_core(world.db, replace(world.config, web_url=None, web_port=None), world.clock)
    replies = await core.handle(Incoming("telegram", "1003", "1003", text="/web"))
    assert "/login/" not in replies[0].text and "PLANBOT_WEB" in replies[0].text


# --- configuration ----------------------------------------------------------------------------------


def test_web_settings():
    config = load_config(
        {"PLANBOT_WEB_PORT": "8088", "PLANBOT_WEB_URL": "https://bang.example.vn/"}, dotenv=False
    )
    assert config.web_port == 8088 and config.web_base_url() == "https://bang.example.vn"
    assert load_config({"PLANBOT_WEB_PORT": "8088"}, dotenv=False).web_base_url() == "http://localhost:8088"
    assert load_config({}, dotenv=False).web_base_url() is None
    for bad in (
        {"PLANBOT_WEB_PORT": "web"},
        {"PLANBOT_WEB_PORT": "70000"},
        {"PLANBOT_WEB_URL": "bang.example.vn"},
    ):
        with pytest.raises(ConfigError):
            load_config(bad, dotenv=False)

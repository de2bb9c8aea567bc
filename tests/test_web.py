"""The dashboard over HTTP (Starlette's TestClient): login, scope on every request, CSRF, escaping,
corrections kept across re-ingest, and each page rendering for the roles that may see it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot import web_auth
from tests.web_world import BOT_TOKEN, EVIDENCE_BYTES, client_for, login, make_world


@pytest.fixture
def world(tmp_path):
    w = make_world(tmp_path)
    yield w
    w.db.conn.close()


@pytest.fixture
def client(world):
    return client_for(world)


# --- logging in ------------------------------------------------------------------------------------


def test_pages_need_a_session(client):
    for url in ("/", "/tasks", "/plans", "/people", "/audit"):
        page = client.get(url)
        assert page.status_code == 401
        assert "/web" in page.text  # says how to log in


def test_a_one_time_link_starts_a_session_once(client, world):
    token = web_auth.issue_link(world.db, world.leader, world.clock.now())
    confirm = client.get(f"/login/{token}")
    assert confirm.status_code == 200 and world.leader.name in confirm.text
    pre = client.cookies.get("planbot_pre")
    started = client.post(f"/login/{token}", data={"csrf": pre})
    assert started.status_code == 303 and started.headers["location"] == "/"
    cookie = started.headers["set-cookie"].lower()
    assert "planbot_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie  # plain http here; see the https test
    assert client.get("/").status_code == 200
    # Reused: refused, in another browser and in the same one.
    other = client_for(world)
    assert other.get(f"/login/{token}").status_code == 403
    other.cookies.set("planbot_pre", "double")  # a well-formed login form, with a used link
    again = other.post(f"/login/{token}", data={"csrf": "double"})
    assert again.status_code == 403 and "đã được dùng" in again.text
    assert other.get("/").status_code == 401


def test_opening_a_link_does_not_use_it(client, world):
    # Chat apps fetch links for their previews: only the button's POST uses the link.
    token = web_auth.issue_link(world.db, world.member, world.clock.now())
    for _ in range(3):
        assert client.get(f"/login/{token}").status_code == 200
    assert client.post(f"/login/{token}", data={"csrf": client.cookies.get("planbot_pre")}).status_code == 303


def test_an_expired_link_fails(client, world):
    token = web_auth.issue_link(world.db, world.admin, world.clock.now())
    world.clock.advance(web_auth.LINK_TTL + timedelta(seconds=1))
    page = client.get(f"/login/{token}")
    assert page.status_code == 403 and "hết hạn" in page.text
    pre = client.cookies.get("planbot_pre") or "x"
    assert client.post(f"/login/{token}", data={"csrf": pre}).status_code in (403,)
    assert client.get("/").status_code == 401


def test_an_unknown_link_fails(client):
    assert client.get("/login/not-a-real-token").status_code == 403


def test_the_login_post_needs_its_csrf_double(client, world):
    token = web_auth.issue_link(world.db, world.admin, world.clock.now())
    client.get(f"/login/{token}")
    assert client.post(f"/login/{token}", data={}).status_code == 403
    assert client.post(f"/login/{token}", data={"csrf": "forged"}).status_code == 403
    # Nothing was used up: the right form still works.
    assert client.post(f"/login/{token}", data={"csrf": client.cookies.get("planbot_pre")}).status_code == 303


def test_session_cookie_is_secure_over_https(tmp_path):
    from handlers.web.app import create_app
    from tests.web_world import test_client

    world = make_world(tmp_path, web_url="https://dashboard.example.vn")
    client = test_client(create_app(world.dashboard), base_url="https://testserver")
    token = web_auth.issue_link(world.db, world.admin, world.clock.now())
    client.get(f"/login/{token}")
    started = client.post(f"/login/{token}", data={"csrf": client.cookies.get("planbot_pre")})
    assert "secure" in started.headers["set-cookie"].lower()
    world.db.conn.close()


def test_logout_ends_the_session_on_the_server(client, world):
    csrf = login(client, world, world.admin)
    cookie = client.cookies.get("planbot_session")
    assert client.post("/logout", data={"csrf": csrf}).status_code == 303
    assert world.dashboard.session(cookie) is None
    client.cookies.set("planbot_session", cookie)  # a copied cookie no longer works either
    assert client.get("/").status_code == 401


def test_logout_without_csrf_is_refused(client, world):
    login(client, world, world.admin)
    assert client.post("/logout", data={}).status_code == 403
    assert client.get("/").status_code == 200


def test_sessions_expire(client, world):
    login(client, world, world.member)
    world.clock.advance(web_auth.SESSION_TTL + timedelta(minutes=1))
    assert client.get("/").status_code == 401


def test_a_deactivated_person_loses_the_session(client, world):
    from storage.people import update_person

    login(client, world, world.member)
    update_person(world.db, world.member.id, active=False)
    assert client.get("/").status_code == 401


# --- the Telegram Mini App -------------------------------------------------------------------------


def _init_data(world, user_id: int, *, age: timedelta = timedelta(minutes=1), token: str = BOT_TOKEN) -> str:
    signed_at = int((world.clock.now() - age).timestamp())
    user = json.dumps({"id": user_id, "first_name": "Lan"}, separators=(",", ":"))
    return web_auth.sign_init_data({"auth_date": str(signed_at), "query_id": "AAH", "user": user}, token)


def _mini_app_login(client, init_data: str):
    assert client.get("/app").status_code == 200
    return client.post("/app/login", data={"csrf": client.cookies.get("planbot_pre"), "init_data": init_data})


def test_mini_app_login_with_telegram_signed_data(client, world):
    started = _mini_app_login(client, _init_data(world, 1002))
    assert started.status_code == 303
    page = client.get("/")
    assert page.status_code == 200 and world.leader.name in page.text


def test_a_forged_mini_app_payload_fails(client, world):
    forged = _init_data(world, 1001, token="999999:another-bots-token-xxxxxxxxxxxx")
    assert _mini_app_login(client, forged).status_code == 403
    # Tampering with a correctly signed payload (another user id) breaks the signature too.
    genuine = _init_data(world, 1003)
    tampered = genuine.replace("%22id%22%3A1003", "%22id%22%3A1001")
    assert tampered != genuine
    refused = _mini_app_login(client, tampered)
    assert refused.status_code == 403 and "không hợp lệ" in refused.text
    assert _mini_app_login(client, "user=%7B%22id%22%3A1001%7D").status_code == 403  # no hash at all
    assert client.get("/").status_code == 401


def test_stale_mini_app_data_fails(client, world):
    stale = _init_data(world, 1001, age=web_auth.INIT_DATA_MAX_AGE + timedelta(minutes=1))
    assert _mini_app_login(client, stale).status_code == 403


def test_mini_app_of_an_unregistered_telegram_user_fails(client, world):
    assert _mini_app_login(client, _init_data(world, 5555)).status_code == 403


# --- scope: checked on the server for every request -------------------------------------------------


def test_a_member_cannot_reach_another_units_task_by_url(client, world):
    login(client, world, world.member)  # Phòng Văn hóa – Xã hội
    assert client.get(f"/tasks/{world.culture_task}").status_code == 200
    page = client.get(f"/tasks/{world.economy_task}")  # Phòng Kinh tế's
    assert page.status_code == 404
    assert "thanh toán không dùng tiền mặt tại chợ" not in page.text
    assert client.get(f"/evidence/{world.update_id}").status_code == 404


def test_a_member_sees_a_task_assigned_to_them(client, world):
    from storage.progress import assign

    login(client, world, world.member)
    assert client.get(f"/tasks/{world.economy_task}").status_code == 404
    assign(world.db, world.economy_task, world.member.id, by=world.admin.id)
    assert client.get(f"/tasks/{world.economy_task}").status_code == 200


def test_lists_show_only_the_units_tasks(client, world):
    login(client, world, world.leader)  # Phòng Kinh tế
    listing = client.get("/tasks").text
    assert "tại chợ xã" in listing
    assert "tổ chức ngày hội chuyển đổi số" not in listing  # Phòng Văn hóa – Xã hội's
    # Asking for the other unit by URL shows nothing of it either.
    other = client.get(f"/tasks?unit={world.culture}").text
    assert "tổ chức ngày hội chuyển đổi số" not in other
    overview = client.get("/").text
    assert "Phòng Văn hóa – Xã hội" not in overview


def test_admin_pages_are_refused_to_other_roles(client, world):
    login(client, world, world.member)
    for url in ("/people", "/broadcasts", "/audit"):
        assert client.get(url).status_code == 403, url
    csrf = world.dashboard.session(client.cookies.get("planbot_session"))[1]
    refused = client.post(
        f"/tasks/{world.culture_task}/correct", data={"csrf": csrf, "field": "lead", "value": "Phòng Kinh tế"}
    )
    assert refused.status_code == 403
    assert world.dashboard.task(world.admin, world.culture_task)["task"]["lead"] == "Phòng Văn hóa – Xã hội"


def test_a_leader_lists_only_their_units_people(client, world):
    login(client, world, world.leader)
    page = client.get("/people")
    assert page.status_code == 200
    assert world.leader.name in page.text and world.member.name not in page.text


# --- escaping and CSRF ------------------------------------------------------------------------------


def test_task_text_with_markup_is_shown_as_text(client, world):
    login(client, world, world.admin)
    for url in (f"/tasks/{world.script_task}", "/tasks?plan=2", "/plans/2"):
        page = client.get(url)
        assert "<script>alert(1)</script>" not in page.text, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text, url
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_posts_without_csrf_are_refused(client, world):
    csrf = login(client, world, world.admin)
    before = world.dashboard.task(world.admin, world.script_task)["task"]["lead"]
    for data in ({}, {"csrf": "guess"}, {"csrf": csrf + "x"}):
        answer = client.post(
            f"/tasks/{world.script_task}/correct", data={**data, "field": "lead", "value": "Phòng Kinh tế"}
        )
        assert answer.status_code == 403
    assert (
        client.post(f"/tasks/{world.script_task}/assign", data={"person": world.member.id}).status_code == 403
    )
    assert client.post("/people/invite", data={"role": "admin"}).status_code == 403
    assert world.dashboard.task(world.admin, world.script_task)["task"]["lead"] == before
    assert world.dashboard.task(world.admin, world.script_task)["assignees"] == []


def test_another_sessions_csrf_token_is_refused(client, world):
    login(client, world, world.admin)
    other = client_for(world)
    other_csrf = login(other, world, world.admin)
    answer = client.post(
        f"/tasks/{world.script_task}/correct", data={"csrf": other_csrf, "field": "code", "value": "9"}
    )
    assert answer.status_code == 403


# --- corrections ------------------------------------------------------------------------------------


def test_a_correction_survives_reingest_and_is_audited(client, world):
    csrf = login(client, world, world.admin)
    task = world.script_task
    for field, value in (
        ("lead", "phong kinh te"),
        ("deadline", "20/12/2026"),
        ("support", "Phòng Văn hóa – Xã hội"),
    ):
        answer = client.post(f"/tasks/{task}/correct", data={"csrf": csrf, "field": field, "value": value})
        assert answer.status_code == 303 and "saved=" in answer.headers["location"]
    _, result = world.reingest()
    assert not result.created and result.kept_history == result.tasks
    data = world.dashboard.task(world.admin, task)
    assert data["task"]["lead"] == "Phòng Kinh tế"  # the registry's name, not as typed
    assert data["task"]["due_date"] == "2026-12-20"
    assert data["task"]["support_names"] == ["Phòng Văn hóa – Xã hội"]
    assert data["doubts"] == []
    # The corrected lead counts: Phòng Kinh tế's leader now sees the task, by URL and in lists.
    leader = client_for(world)
    login(leader, world, world.leader)
    assert leader.get(f"/tasks/{task}").status_code == 200
    audit = client.get("/audit").text
    assert "Chánh Văn phòng" in audit and "Các phòng, ban, đơn vị" in audit and "20/12/2026" in audit


def test_a_bad_date_is_refused_with_a_message(client, world):
    csrf = login(client, world, world.admin)
    answer = client.post(
        f"/tasks/{world.script_task}/correct", data={"csrf": csrf, "field": "deadline", "value": "31/02/2026"}
    )
    assert answer.status_code == 303 and "error=web.correct.bad_date" in answer.headers["location"]
    page = client.get(answer.headers["location"])
    assert "31/12/2026" in page.text  # the message shows the expected form
    assert world.dashboard.task(world.admin, world.script_task)["task"]["due_date"] == "2026-12-15"


def test_assigning_a_person(client, world):
    csrf = login(client, world, world.admin)
    answer = client.post(
        f"/tasks/{world.economy_task}/assign", data={"csrf": csrf, "person": world.leader.id}
    )
    assert answer.status_code == 303
    page = client.get(f"/tasks/{world.economy_task}")
    assert world.leader.name in page.text.split("Người được giao", 1)[1].split("</dd>", 1)[0]


def test_plan_review_lists_doubtful_tasks_first(client, world):
    login(client, world, world.admin)
    page = client.get("/plans/2").text
    rows = page.split('id="plan-tasks"', 1)[1].split("<tr")[2:]
    assert "doubtful" in rows[0] and "doubtful" in rows[1]
    assert "doubtful" not in rows[-1]
    assert "chủ trì chung nhiều đơn vị" in rows[0] or "chủ trì chung nhiều đơn vị" in rows[1]


# --- pages ------------------------------------------------------------------------------------------


def test_overview_counts_and_chart(client, world):
    login(client, world, world.admin)
    page = client.get("/")
    assert page.status_code == 200
    assert "<svg" in page.text and "Phòng Kinh tế" in page.text
    assert "Nhiệm vụ quá hạn" in page.text
    assert page.headers["cache-control"] == "no-store"


def test_tasks_filters_and_search(client, world):
    login(client, world, world.admin)
    overdue = client.get("/tasks?status=overdue").text
    assert "tổ chức ngày hội chuyển đổi số" in overdue  # due 20/11/2026, today is 23/11/2026
    assert "tại chợ xã" not in overdue
    by_unit = client.get(f"/tasks?unit={world.economy}&plan=2").text
    assert "tại chợ xã" in by_unit and "ngày hội" not in by_unit
    window = client.get("/tasks?from=2026-12-01&to=2026-12-31&plan=2").text
    assert "rà soát quy trình nội bộ" in window and "tại chợ xã" not in window
    found = client.get("/tasks?q=thanh+to%C3%A1n+kh%C3%B4ng+d%C3%B9ng+ti%E1%BB%81n+m%E1%BA%B7t").text
    assert "tại chợ xã" in found and "ngày hội chuyển đổi số" not in found


def test_tasks_are_paged(client, world, tmp_path):
    from bot.ingest import ingest_path

    items = "\n".join(
        f"{n}. Phòng Kinh tế chủ trì kiểm tra hạ tầng số tại thôn số {n}." for n in range(1, 41)
    )
    extra = tmp_path / "ke-hoach-300.txt"
    extra.write_text(f"UBND XÃ AN PHÚ\nSố: 300/KH-UBND\n\nKẾ HOẠCH\nKiểm tra hạ tầng\n\n{items}\n", "utf-8")
    ingest_path(world.db, extra)
    login(client, world, world.admin)
    total = world.db.execute("SELECT COUNT(*) FROM tasks").fetchone()[0]
    pages = -(-total // 25)
    first = client.get("/tasks?unit=" + str(world.economy))
    assert "page=2" in first.text
    last = client.get(f"/tasks?page={pages}")
    assert last.status_code == 200 and f"Trang {pages}/{pages}" in last.text
    shown = {line for line in last.text.split("\n") if 'href="/tasks/' in line}
    first_rows = {line for line in client.get("/tasks").text.split("\n") if 'href="/tasks/' in line}
    assert shown and not shown & first_rows


def test_task_page_shows_history_and_evidence(client, world):
    login(client, world, world.leader)
    page = client.get(f"/tasks/{world.economy_task}")
    assert "Đã họp triển khai với ban quản lý chợ" in page.text
    assert f"/evidence/{world.update_id}" in page.text
    evidence = client.get(f"/evidence/{world.update_id}")
    assert evidence.status_code == 200 and evidence.content == EVIDENCE_BYTES
    assert "attachment" in evidence.headers["content-disposition"]


def test_english_via_the_catalog(client, world):
    login(client, world, world.admin)
    switched = client.get("/lang/en?next=/tasks")
    assert switched.status_code == 303 and switched.headers["location"] == "/tasks"
    assert "Filter" in client.get("/tasks").text
    assert client.get("/lang/en?next=//evil.example").headers["location"] == "/"


def test_people_broadcasts_and_invites_for_admins(client, world):
    from storage.outbox import create_broadcast

    csrf = login(client, world, world.admin)
    create_broadcast(
        world.db, text="Họp giao ban thứ Hai", audience={"kind": "all"}, created_by=world.admin.id
    )
    assert "Họp giao ban thứ Hai" in client.get("/broadcasts").text
    made = client.post("/people/invite", data={"csrf": csrf, "role": "member", "unit": world.economy})
    assert made.status_code == 200 and 'id="new-code"' in made.text
    assert world.leader.name in client.get("/people").text


def test_reports_download_in_the_persons_scope(client, world):
    login(client, world, world.leader)
    page = client.get("/reports")
    assert page.status_code == 200 and 'href="/reports/tracker"' in page.text
    tracker = client.get("/reports/tracker")
    assert tracker.status_code == 200 and tracker.content[:2] == b"PK"  # an .xlsx
    assert "attachment" in tracker.headers["content-disposition"]
    import io

    from openpyxl import load_workbook

    cells = " ".join(
        str(c.value)
        for sheet in load_workbook(io.BytesIO(tracker.content)).worksheets
        for row in sheet.iter_rows()
        for c in row
        if c.value
    )
    assert "tại chợ xã" in cells and "ngày hội chuyển đổi số" not in cells  # the leader's unit only
    chart = client.get("/reports/chart")
    assert chart.status_code == 200 and chart.content[:4] == b"\x89PNG"
    assert client.get("/reports/nonsense").status_code == 404


def test_members_get_no_reports(client, world):
    login(client, world, world.member)
    assert 'href="/reports/' not in client.get("/reports").text
    assert client.get("/reports/tracker").status_code == 404


def test_static_assets_are_served_locally(client):
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    assert client.get("/static/mini_app.js").status_code == 200
    page = client.get("/login")
    assert "https://" not in page.text.split("</head>")[0]  # no CDN


# --- organizations ------------------------------------------------------------------------------------


def test_an_organizations_admin_sees_only_its_tasks(client, world, tmp_path):
    from bot.ingest import ingest_path
    from storage import people as people_db

    other = tmp_path / "binh-minh.txt"
    other.write_text(
        "UBND XÃ BÌNH MINH\nSố: 12/KH-UBND\n\nKẾ HOẠCH\nChuyển đổi số\n\n"
        "1. Phòng Kinh tế chủ trì lắp camera giám sát tại bến đò. Hoàn thành trước 30/12/2026.\n",
        "utf-8",
    )
    ingest_path(world.db, other)
    foreign = world.task_id("Phòng Kinh tế chủ trì lắp camera")
    an_phu = world.db.execute("SELECT org_id FROM tasks WHERE id = ?", [world.economy_task]).fetchone()[0]
    binh_minh = world.db.execute("SELECT org_id FROM tasks WHERE id = ?", [foreign]).fetchone()[0]
    assert an_phu is not None and binh_minh is not None and an_phu != binh_minh
    admin_id = people_db.add_person(world.db, name="Văn phòng An Phú", role="admin", org_id=an_phu)
    csrf = login(client, world, people_db.get_person(world.db, admin_id))
    assert client.get(f"/tasks/{world.economy_task}").status_code == 200
    assert client.get(f"/tasks/{foreign}").status_code == 404
    assert "bến đò" not in client.get("/tasks").text
    assert "lắp camera giám sát" not in client.get("/tasks?q=camera+b%E1%BA%BFn+%C4%91%C3%B2").text
    refused = client.post(f"/tasks/{foreign}/correct", data={"csrf": csrf, "field": "code", "value": "9"})
    assert refused.status_code == 404
    # The deployment's first admin (no organization) still sees both.
    everyone = client_for(world)
    login(everyone, world, world.admin)
    assert everyone.get(f"/tasks/{foreign}").status_code == 200

"""One deployment, many organizations: two communes whose plans share unit names, and a city plan that
gives a task to all communes. Each commune's people see and are reminded of their own tasks and the
city's task, never the other commune's; a commune's update on the city task is its own; the city's admin
sees both; a member of one commune pressing or typing references of the other's tasks sees nothing of
them and changes nothing."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import pytest

from bot import actions
from bot.compose import build_core
from bot.reminders.tick import run_tick
from knowledge.models import Deadline, ParsedPlan, ParsedTask
from knowledge.orgs import leads_every_commune, org_of_plan
from storage import orgs as orgs_db
from storage import people as people_db
from storage.db import open_db
from storage.plans import export_plans, save_plan
from tests.core_fixtures import TODAY, clock, incoming


def _task(code, content, lead, due):
    return ParsedTask(code, content, lead=lead, deadline=Deadline("date", date.fromisoformat(due), text=due))


def _plan(number, issuer, tasks):
    return ParsedPlan(number=number, issuer=issuer, title="Kế hoạch chuyển đổi số", tasks=tasks)


KIM = _plan(
    "47a/KH-UBND",
    "UBND xã Kim Thành",
    [
        _task("1", "Kim Thành số hóa hồ sơ địa chính", "Phòng Kinh tế", "2026-11-10"),
        _task("2", "Kim Thành lắp wifi nhà văn hóa", "Phòng Kinh tế", "2026-11-25"),
    ],
)
BINH = _plan(
    "12/KH-UBND",
    "UBND xã Bình Minh",
    [
        _task("1", "Bình Minh lắp camera an ninh trật tự", "Phòng Kinh tế", "2026-11-12"),
        _task("2", "Bình Minh mở lớp bình dân học vụ số", "Phòng Kinh tế", "2026-11-26"),
    ],
)
CITY = _plan(
    "238/KH-UBND",
    "UBND thành phố Hải Phòng",
    [
        _task(
            "1", "Triển khai nền tảng họp trực tuyến thống nhất", "UBND các xã, phường, đặc khu", "2026-11-26"
        ),
        _task("2", "Rà soát biên chế công chức thành phố", "Sở Nội vụ", "2026-11-27"),
    ],
)


@pytest.fixture
def world(tmp_path):
    db = open_db(tmp_path / "orgs.db")
    for plan in (KIM, BINH, CITY):
        save_plan(db, plan)
    kim, binh, city = (
        orgs_db.resolve_org(db, n) for n in ("xa Kim Thanh", "Bình Minh", "thành phố Hải Phòng")
    )
    orgs_db.set_parent(db, kim, city)
    orgs_db.set_parent(db, binh, city)
    ids = {"kim": kim, "binh": binh, "city": city}
    for tg, name, role, org, unit in (
        ("1", "Kim member", "member", kim, "Phòng Kinh tế"),
        ("2", "Kim leader", "leader", kim, "Phòng Kinh tế"),
        ("3", "Kim admin", "admin", kim, None),
        ("4", "Binh leader", "leader", binh, "Phòng Kinh tế"),
        ("5", "Binh member", "member", binh, "Phòng Kinh tế"),
        ("6", "City admin", "admin", city, None),
    ):
        unit_id = people_db.resolve_unit(db, unit, org) if unit else None
        ids[name] = people_db.add_user(
            db, channel="telegram", external_id=tg, name=name, role=role, unit_id=unit_id, org_id=org
        )
    task = {r[1]: r[0] for r in db.execute("SELECT id, content FROM tasks").fetchall()}
    ids["shared"] = next(i for c, i in task.items() if c.startswith("Triển khai nền tảng"))
    ids["binh_tasks"] = [i for c, i in task.items() if c.startswith("Bình Minh")]
    ids["kim_tasks"] = [i for c, i in task.items() if c.startswith("Kim Thành")]
    core = build_core(db, None, clock())
    yield db, core, ids
    db.conn.close()


def text_of(replies) -> str:
    return (
        "\n".join(r.text for r in replies)
        + "\n"
        + "\n".join(b.label for r in replies for row in r.buttons for b in row)
    )


async def say(core, sender, text=None, action=None):
    return await core.handle(incoming(sender, text, action=action))


def press_first(replies, verb: str) -> str:
    for reply in replies:
        for row in reply.buttons:
            for b in row:
                if b.action.startswith(verb + ":") or b.action == verb:
                    return b.action
    raise AssertionError(f"no {verb} button in {text_of(replies)}")


def test_header_names_the_body_and_shared_leads():
    assert org_of_plan("UBND xã Kim Thành", "47a/KH-UBND").name == "xã Kim Thành"
    assert org_of_plan("Đảng ủy phường Long Bình", "17-KH/ĐU").kind == "party_committee"
    assert org_of_plan("Sở Công Thương", "5749/KH-SCT").kind == "department"
    assert org_of_plan("Ban Chỉ đạo thành phố Hải Phòng", "01-KH/BCĐ").name == "BCĐ thành phố Hải Phòng"
    assert org_of_plan(None, "1/KH") is None
    assert leads_every_commune("UBND các xã, phường, đặc khu")
    assert not leads_every_commune("UBND xã Kim Thành")


def test_units_are_per_organization_and_export_names_the_org(world):
    db, _, ids = world
    rows = db.execute("SELECT org_id FROM units WHERE folded = 'phong kinh te' ORDER BY org_id").fetchall()
    assert sorted(r[0] for r in rows) == sorted([ids["kim"], ids["binh"]])
    with pytest.raises(people_db.UnitInManyOrgs):
        people_db.resolve_unit(db, "Phong Kinh te")
    orgs = {p["number"]: p["org"] for p in export_plans(db)["plans"]}
    assert orgs == {
        "47a/KH-UBND": "xã Kim Thành",
        "12/KH-UBND": "xã Bình Minh",
        "238/KH-UBND": "thành phố Hải Phòng",
    }


async def test_each_commune_sees_its_tasks_and_the_city_task_never_the_others(world):
    _, core, _ = world
    kim_tasks = text_of(await say(core, "1", "/nhiemvu"))
    assert "Kim Thành số hóa" in kim_tasks and "nền tảng họp trực tuyến" in kim_tasks
    assert "Bình Minh" not in kim_tasks
    binh_overdue = text_of(await say(core, "5", "/quahan"))
    assert "Bình Minh lắp camera" in binh_overdue and "Kim Thành" not in binh_overdue
    asked = text_of(await say(core, "1", "Phòng Kinh tế có nhiệm vụ gì?"))
    assert "Kim Thành" in asked and "Bình Minh" not in asked
    kim_admin = text_of(await say(core, "3", "/saphethan"))
    assert "Kim Thành lắp wifi" in kim_admin and "Bình Minh" not in kim_admin
    assert "Rà soát biên chế" not in kim_admin  # the city's own task is not the commune's


async def test_city_admin_sees_both_communes(world):
    _, core, _ = world
    overdue = text_of(await say(core, "6", "/quahan"))
    assert "Kim Thành số hóa" in overdue and "Bình Minh lắp camera" in overdue
    progress = text_of(await say(core, "6", "/tiendo"))
    assert "xã Kim Thành" in progress and "xã Bình Minh" in progress


async def test_a_communes_update_on_the_city_task_is_its_own(world):
    db, core, ids = world
    shared = ids["shared"]
    replies = await say(core, "3", action=actions.build("pu", shared))
    replies = await say(core, "3", action=press_first(replies, "ps")[:-1] + "d")
    replies = await say(core, "3", action=press_first(replies, "pn"))
    replies = await say(core, "3", action=press_first(replies, "pe"))
    replies = await say(core, "3", action=press_first(replies, "pk"))
    assert orgs_db.org_status(db, shared, ids["kim"])[0] == "done"
    assert orgs_db.org_status(db, shared, ids["binh"])[0] == "not_started"
    assert db.execute("SELECT status FROM tasks WHERE id = ?", [shared]).fetchone()[0] == "not_started"
    binh_view = text_of(await say(core, "4", action=actions.build("td", shared)))
    assert "Chưa" in binh_view and "Kim admin" not in binh_view  # Bình Minh's own status, no Kim Thành update
    city_view = text_of(await say(core, "6", action=actions.build("td", shared)))
    assert "xã Kim Thành" in city_view and "xã Bình Minh" in city_view
    # Reminders: Bình Minh's leader is still reminded of the city task; Kim Thành finished it.
    result_keys = {(r[0], r[1]) for r in _remind(db)}
    assert (ids["Binh leader"], f"task:{shared}") in result_keys
    assert (ids["Kim leader"], f"task:{shared}") not in result_keys


def _remind(db):
    run_tick(db, datetime(2026, 11, 23, 2, 0, tzinfo=UTC))
    return db.execute("SELECT person_id, subject FROM reminders").fetchall()


def test_reminders_stay_within_each_commune(world):
    db, _, ids = world
    sent = _remind(db)

    def subjects(person):
        return {s for p, s in sent if p == ids[person]}

    kim, binh = subjects("Kim leader"), subjects("Binh leader")
    assert f"task:{ids['shared']}" in kim and f"task:{ids['shared']}" in binh
    assert {f"task:{i}" for i in ids["binh_tasks"]} & kim == set()
    assert {f"task:{i}" for i in ids["kim_tasks"]} & binh == set()
    assert any(f"task:{i}" in kim for i in ids["kim_tasks"])


async def test_a_commune_admin_cannot_broadcast_beyond_the_commune(world):
    db, core, ids = world
    await say(core, "3", "/thongbao")
    replies = await say(core, "3", "Họp giao ban")
    replies = await say(core, "3", action=actions.build("bc", "a", "all"))
    assert "3 người" in text_of(replies)  # Kim Thành's member, leader and admin: not Bình Minh's people
    await say(core, "3", action=press_first(replies, "bc:ok"))
    reached = {r[0] for r in db.execute("SELECT person_id FROM outbox").fetchall()}
    assert reached and reached <= {ids["Kim member"], ids["Kim leader"], ids["Kim admin"]}


def _snapshot(db):
    return [
        db.execute(sql).fetchall()
        for sql in (
            "SELECT id, status, percent FROM tasks ORDER BY id",
            "SELECT * FROM task_org_status ORDER BY task_id, org_id",
            "SELECT count(*) FROM status_updates",
            "SELECT * FROM assignments",
            "SELECT * FROM mutes",
            "SELECT id, role, unit_id, org_id, active FROM people ORDER BY id",
        )
    ]


async def test_fuzzed_presses_and_references_of_another_commune_show_and_change_nothing(world):
    db, core, ids = world
    rng = random.Random(13)
    binh_tasks = ids["binh_tasks"]
    binh_people = [ids["Binh leader"], ids["Binh member"]]
    binh_unit = people_db.resolve_unit(db, "Phòng Kinh tế", ids["binh"])
    texts = [
        "kế hoạch 12/KH-UBND ban hành ngày nào",
        "Bình Minh lắp camera",
        "ai chủ trì lắp camera an ninh",
        "nhiệm vụ bình dân học vụ số khi nào xong",
        "việc nào quá hạn",
        "kế hoạch 12 có những nhiệm vụ nào",
    ]
    before = _snapshot(db)
    for sender in ("1", "2", "3"):  # Kim Thành's member, leader and admin
        for _ in range(60):
            choice = rng.random()
            task = rng.choice(binh_tasks)
            if choice < 0.6:
                action = rng.choice(
                    [
                        actions.build("td", task),
                        actions.build("pu", task),
                        actions.build("mt", task),
                        actions.build("pt", "abc123", task),
                        actions.build("at", "abc123", task),
                        actions.build("uv", rng.choice(binh_people)),
                        actions.build("ua", rng.choice(binh_people), 0),
                        actions.build("un", ids["Kim member"], binh_unit),
                        actions.build("ic", binh_unit),
                    ]
                )
                replies = await say(core, sender, action=action)
            else:
                replies = await say(core, sender, rng.choice(texts))
            shown = text_of(replies)
            # Bình Minh's data (its tasks, people, organization), not the words Kim Thành typed itself.
            for marker in (
                "an ninh trật tự",
                "Bình Minh mở lớp",
                "Binh leader",
                "Binh member",
                "xã Bình Minh",
            ):
                assert marker not in shown, (marker, shown)
    assert _snapshot(db) == before


def test_migration_places_existing_plans(tmp_path):
    """A database made before organizations: plans get their org from their issuer, a unit named by two
    communes' plans is split, and its people keep their unit."""
    from storage import migrations

    path = tmp_path / "old.db"
    keep = [m for m in migrations.MIGRATIONS if m[0] < 10]
    saved = list(migrations.MIGRATIONS)
    migrations.MIGRATIONS[:] = keep
    try:
        db = open_db(path)
        now = datetime.now(UTC).isoformat()
        unit = db.execute(
            "INSERT INTO units (name, folded) VALUES ('Phòng Kinh tế', 'phong kinh te')"
        ).lastrowid
        for number, issuer in (("1/KH-UBND", "UBND xã Kim Thành"), ("2/KH-UBND", "UBND xã Bình Minh")):
            plan = db.execute(
                "INSERT INTO plans (number, number_key, issuer, issuer_key, ingested_at) VALUES (?, ?, ?, ?, ?)",
                [number, number, issuer, issuer, now],
            ).lastrowid
            db.execute(
                "INSERT INTO tasks (plan_id, task_key, content, content_folded, lead_unit_id) VALUES (?, ?, ?, ?, ?)",
                [plan, "k", f"việc {number}", "viec", unit],
            )
            db.execute(
                "INSERT INTO task_units (task_id, unit_id, role) VALUES (last_insert_rowid(), ?, 'lead')",
                [unit],
            )
        db.execute(
            "INSERT INTO people (name, unit_id, role, created_at) VALUES ('Lan', ?, 'member', ?)", [unit, now]
        )
        db.conn.close()
    finally:
        migrations.MIGRATIONS[:] = saved
    db = open_db(path)
    assert {r[0] for r in db.execute("SELECT o.name FROM plans p JOIN orgs o ON o.id = p.org_id")} == {
        "xã Kim Thành",
        "xã Bình Minh",
    }
    units = db.execute("SELECT id, org_id FROM units WHERE folded = 'phong kinh te'").fetchall()
    assert len(units) == 2 and len({o for _, o in units}) == 2
    leads = db.execute(
        "SELECT t.lead_unit_id, u.org_id, t.org_id FROM tasks t JOIN units u ON u.id = t.lead_unit_id"
    )
    assert all(unit_org == task_org for _, unit_org, task_org in leads)
    person = people_db.get_person(db, 1)
    assert person.unit_id == unit and person.org_id is not None
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_one_organization_needs_no_name(tmp_path):
    db = open_db(tmp_path / "one.db")
    save_plan(db, KIM)
    unit = people_db.resolve_unit(db, "Phong Kinh te")  # no --org needed
    person = people_db.get_person(
        db, people_db.add_user(db, channel="telegram", external_id="9", name="A", role="member", unit_id=unit)
    )
    assert person.org_name == "xã Kim Thành"


def test_cli_orgs_and_org_options(tmp_path, capsys):
    from bot.cli import main

    path = tmp_path / "cli.db"
    db = open_db(path)
    for plan in (KIM, BINH, CITY):
        save_plan(db, plan)
    db.conn.close()
    assert main(["--db", str(path), "orgs", "set-parent", "Kim Thanh", "thanh pho Hai Phong"]) == 0
    assert main(["--db", str(path), "orgs", "list"]) == 0
    listing = capsys.readouterr().out
    assert "  xã Kim Thành" in listing  # indented under the city
    with pytest.raises(SystemExit):
        main(
            [
                "--db",
                str(path),
                "users",
                "add",
                "--telegram-id",
                "5",
                "--name",
                "X",
                "--org",
                "Kim Thanhh X",
                "--unit",
                "Phòng Kinh tế",
            ]
        )
    assert "xã Kim Thành" in capsys.readouterr().err  # the close matches
    assert (
        main(
            [
                "--db",
                str(path),
                "users",
                "add",
                "--telegram-id",
                "5",
                "--name",
                "X",
                "--role",
                "member",
                "--unit",
                "Phòng Kinh tế",
            ]
        )
        == 1
    )
    assert "--org" in capsys.readouterr().err
    assert (
        main(
            [
                "--db",
                str(path),
                "users",
                "add",
                "--telegram-id",
                "5",
                "--name",
                "X",
                "--org",
                "Binh Minh",
                "--unit",
                "Phòng Kinh tế",
            ]
        )
        == 0
    )
    assert "xã Bình Minh" in capsys.readouterr().out
    assert (
        main(
            [
                "--db",
                str(path),
                "ask",
                "--org",
                "xã Bình Minh",
                "--unit",
                "Phòng Kinh tế",
                "--today",
                TODAY.isoformat(),
                "nhiệm vụ của tôi",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Bình Minh" in out and "Kim Thành" not in out


def _digest_items(db, moment):
    from bot.reminders import plan_tick

    return {
        digest.person_id: [(item.kind, item.task_id, item.unit) for item in digest.items]
        for digest in plan_tick(db, moment)
    }


def test_weekly_overdue_digest_lists_each_communes_shared_task_by_its_own_status(world):
    db, _, ids = world
    shared = ids["shared"]
    monday = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)  # 08:00 in Hanoi; the city task was due 26/11
    items = _digest_items(db, monday)
    kim = [i for i in items[ids["Kim leader"]] if i[0] == "overdue"]
    binh = [i for i in items[ids["Binh leader"]] if i[0] == "overdue"]
    assert ("overdue", shared, "xã Kim Thành") in kim
    assert ("overdue", shared, "xã Bình Minh") in binh
    assert {t for _, t, _ in kim} & set(ids["binh_tasks"]) == set()
    assert {t for _, t, _ in binh} & set(ids["kim_tasks"]) == set()
    # Kim Thành finishes its own instance: gone from its list, still in Bình Minh's.
    from storage import progress

    progress.record_update(db, task_id=shared, person_id=None, status="done", percent=100, org_id=ids["kim"])
    items = _digest_items(db, monday)
    assert shared not in {t for _, t, _ in items[ids["Kim leader"]]}
    assert ("overdue", shared, "xã Bình Minh") in items[ids["Binh leader"]]


def test_a_commune_admins_escalation_holds_its_overdue_shared_task(world):
    db, _, ids = world
    shared = ids["shared"]
    from storage import progress

    progress.record_update(db, task_id=shared, person_id=None, status="done", percent=100, org_id=ids["binh"])
    items = _digest_items(db, datetime(2026, 12, 14, 1, 0, tzinfo=UTC))  # 18 days after 26/11
    kim_admin = {t for kind, t, _ in items[ids["Kim admin"]] if kind == "escalation"}
    assert shared in kim_admin and set(ids["kim_tasks"]) <= kim_admin
    assert kim_admin & set(ids["binh_tasks"]) == set()
    assert all(t != shared for _, t, _ in items.get(ids["Binh leader"], []))  # Bình Minh finished it


def test_a_tick_queues_at_most_its_budget_of_weekly_lists_and_the_next_tick_the_rest(world):
    """A province's Monday is spread over the first minutes (the tick runs in the bot's event loop)."""
    from datetime import timedelta

    from bot.reminders import ReminderPolicy, preview

    db, _, ids = world
    policy = ReminderPolicy(weekly_lists_per_tick=1)
    monday = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)

    def weekly():
        return db.execute(
            "SELECT person_id, late FROM reminders WHERE subject = 'digest' ORDER BY person_id"
        ).fetchall()

    wanted = {p["recipient"]["id"] for p in preview(db, monday, monday, policy) if p["kind"] == "overdue"}
    assert {ids["Kim leader"], ids["Binh leader"]} <= wanted  # preview plans them all at once
    run_tick(db, monday, policy)
    assert len(weekly()) == 1
    run_tick(db, monday + timedelta(minutes=1), policy)
    assert len(weekly()) == 2
    for _ in range(5):
        run_tick(db, monday + timedelta(minutes=2), policy)
    lists = weekly()
    assert {p for p, _ in lists} >= {ids["Kim leader"], ids["Binh leader"]}
    assert all(late == 0 for _, late in lists)  # a few minutes later is not late
    # Whoever waited got everything due to them in one message: their list and their city task.
    for leader in ("Kim leader", "Binh leader"):
        keys = db.execute(
            "SELECT DISTINCT message_key FROM reminders WHERE person_id = ?", [ids[leader]]
        ).fetchall()
        subjects = {
            r[0] for r in db.execute("SELECT subject FROM reminders WHERE person_id = ?", [ids[leader]])
        }
        assert len(keys) == 1 and {"digest", f"task:{ids['shared']}"} <= subjects


def test_a_city_admins_escalation_is_the_same_read_per_commune_or_as_one_subtree(world, monkeypatch):
    from bot.reminders import planner

    db, _, ids = world
    moment = datetime(2026, 12, 14, 1, 0, tzinfo=UTC)
    per_commune = _digest_items(db, moment)[ids["City admin"]]
    monkeypatch.setattr(planner, "_LARGE_SUBTREE", 0)  # every subtree read as one list
    as_subtree = _digest_items(db, moment)[ids["City admin"]]
    assert as_subtree == per_commune
    assert {t for kind, t, _ in as_subtree if kind == "escalation"} >= set(ids["kim_tasks"]) | set(
        ids["binh_tasks"]
    )

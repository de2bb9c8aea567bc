"""Organizations in chat (/tochuc: the tree, setting a parent, scope-checked) and registration requests
placed in an organization (the approving admin picks it when there are several; with one, nobody names
it; a commune's admin never makes an admin of everything)."""

from __future__ import annotations

import pytest

from bot import actions
from bot.compose import build_core
from storage import orgs as orgs_db
from storage import people as people_db
from storage.db import open_db
from storage.plans import save_plan
from tests.core_fixtures import buttons_of, clock, incoming
from tests.test_orgs import BINH, CITY, KIM


@pytest.fixture
def province(tmp_path):
    db = open_db(tmp_path / "province.db")
    for plan in (KIM, BINH, CITY):
        save_plan(db, plan)
    ids = {n: orgs_db.resolve_org(db, n) for n in ("Kim Thành", "Bình Minh", "thành phố Hải Phòng")}
    orgs_db.set_parent(db, ids["Kim Thành"], ids["thành phố Hải Phòng"])
    orgs_db.set_parent(db, ids["Bình Minh"], ids["thành phố Hải Phòng"])
    for tg, role, org in (
        ("1", "admin", None),
        ("2", "admin", "thành phố Hải Phòng"),
        ("3", "admin", "Kim Thành"),
    ):
        ids[tg] = people_db.add_user(
            db,
            channel="telegram",
            external_id=tg,
            name=f"Admin {tg}",
            role=role,
            unit_id=None,
            org_id=ids[org] if org else None,
        )
    yield db, build_core(db, None, clock()), ids
    db.conn.close()


async def press(core, sender, verb, *args):
    return await core.handle(incoming(sender, action=actions.build(verb, *args)))


def text_of(replies) -> str:
    return "\n".join(r.text for r in replies) + "\n" + "\n".join(b.label for b in buttons_of(replies))


def parent_of(db, org_id):
    return orgs_db.get_org(db, org_id).parent_id


async def test_a_city_admin_lists_its_tree_and_sets_a_parent_with_buttons(province):
    db, core, ids = province
    kim, binh, city = ids["Kim Thành"], ids["Bình Minh"], ids["thành phố Hải Phòng"]
    listing = text_of(await core.handle(incoming("2", "/tochuc")))
    assert "thành phố Hải Phòng" in listing and "xã Kim Thành" in listing and "xã Bình Minh" in listing
    assert actions.build("ov", kim) in {
        b.action for b in buttons_of(await core.handle(incoming("2", "/tochuc")))
    }
    detail = text_of(await press(core, "2", "ov", kim))
    assert "thành phố Hải Phòng" in detail  # its parent
    offered = {b.action for b in buttons_of(await press(core, "2", "oq", kim, 0))}
    assert actions.build("os", kim, binh) in offered and actions.build("os", kim, city) in offered
    assert actions.build("os", kim, kim) not in offered  # never itself
    assert actions.build("os", kim, 0) not in offered  # the top is for an admin of everything
    done = text_of(await press(core, "2", "os", kim, binh))
    assert "xã Bình Minh" in done and parent_of(db, kim) == binh
    # Now Kim Thành is under Bình Minh: Bình Minh cannot go under Kim Thành (a cycle); nothing changes.
    assert actions.build("os", binh, kim) not in {
        b.action for b in buttons_of(await press(core, "2", "oq", binh, 0))
    }
    refused = text_of(await press(core, "2", "os", binh, kim))
    assert parent_of(db, binh) == city and "xã Bình Minh" in refused


async def test_a_commune_admin_cannot_arrange_beyond_its_commune(province):
    db, core, ids = province
    kim, binh, city = ids["Kim Thành"], ids["Bình Minh"], ids["thành phố Hải Phòng"]
    listing = text_of(await core.handle(incoming("3", "/tochuc")))
    assert "xã Kim Thành" in listing and "xã Bình Minh" not in listing and "Hải Phòng" not in listing
    for forged in (("os", kim, binh), ("os", binh, kim), ("os", kim, 0), ("ov", binh), ("oq", city, 0)):
        shown = text_of(await press(core, "3", *forged))
        assert "Bình Minh" not in shown and "Hải Phòng" not in shown
    assert parent_of(db, kim) == city and parent_of(db, binh) == city
    members = text_of(await core.handle(incoming("99", "/tochuc")))  # a stranger
    assert "xã Kim Thành" not in members


async def test_an_admin_of_everything_puts_an_organization_at_the_top(province):
    db, core, ids = province
    kim = ids["Kim Thành"]
    assert actions.build("os", kim, 0) in {b.action for b in buttons_of(await press(core, "1", "oq", kim, 0))}
    await press(core, "1", "os", kim, 0)
    assert parent_of(db, kim) is None


async def _request(core, db, sender="77"):
    await core.handle(incoming(sender, action=actions.build("rq")))
    return people_db.pending_requests(db)[-1]["id"]


async def test_the_approving_admin_picks_the_newcomers_organization(province):
    db, core, ids = province
    kim, binh = ids["Kim Thành"], ids["Bình Minh"]
    req = await _request(core, db)
    orgs_offered = {b.action for b in buttons_of(await press(core, "2", "ra", req))}
    assert actions.build("ro", req, kim) in orgs_offered and actions.build("ro", req, binh) in orgs_offered
    units = buttons_of(await press(core, "2", "ro", req, binh))
    binh_unit = people_db.resolve_unit(db, "Phòng Kinh tế", binh)
    kim_unit = people_db.resolve_unit(db, "Phòng Kinh tế", kim)
    assert actions.build("ru", req, binh_unit, binh) in {b.action for b in units}
    assert all(
        not b.action.startswith(f"ru:{req}:{kim_unit}") for b in units
    )  # Kim Thành's unit: not offered
    await press(core, "2", "ru", req, binh_unit, binh)
    approved = text_of(await press(core, "2", "rr", req, binh_unit, "m"))
    person = people_db.find_by_identity(db, "telegram", "77")
    assert person.org_id == binh and person.unit_id == binh_unit
    assert "xã Bình Minh" in approved


async def test_a_commune_admin_places_newcomers_in_its_commune_only(province):
    db, core, ids = province
    kim, binh = ids["Kim Thành"], ids["Bình Minh"]
    req = await _request(core, db)
    units = {
        b.action for b in buttons_of(await press(core, "3", "ra", req))
    }  # one org in sight: units at once
    assert actions.build("ru", req, 0, kim) in units
    # A forged choice of Bình Minh is refused and places nobody.
    await press(core, "3", "rr", req, 0, "a", binh)
    assert people_db.find_by_identity(db, "telegram", "77") is None
    # An admin without a unit, even from a button without the organization, stays in Kim Thành.
    await press(core, "3", "rr", req, 0, "a")
    newcomer = people_db.find_by_identity(db, "telegram", "77")
    assert newcomer.role == "admin" and newcomer.org_id == kim


async def test_with_one_organization_nobody_names_it(tmp_path):
    db = open_db(tmp_path / "one.db")
    save_plan(db, KIM)
    people_db.add_user(db, channel="telegram", external_id="1", name="A", role="admin", unit_id=None)
    core = build_core(db, None, clock())
    req = await _request(core, db)
    replies = await press(core, "1", "ra", req)
    unit = people_db.resolve_unit(db, "Phòng Kinh tế")
    assert not any(b.action.startswith("ro:") for b in buttons_of(replies))
    assert actions.build("ru", req, unit, orgs_db.only_org(db)) in {b.action for b in buttons_of(replies)}
    approved = text_of(await press(core, "1", "rr", req, unit, "l"))
    assert "Tổ chức" not in approved
    assert people_db.find_by_identity(db, "telegram", "77").org_id == orgs_db.only_org(db)
    db.conn.close()


async def test_a_commune_admin_sees_and_removes_only_the_communes_plans(province):
    from bot.verbs import Verb
    from storage import plan_admin

    db, core, ids = province
    plans = {p.number: p.id for p in plan_admin.list_plans(db)}
    city_plan = next(i for n, i in plans.items() if n == CITY.number)
    kim_plan = next(i for n, i in plans.items() if n == KIM.number)
    listing = text_of(await core.handle(incoming("3", "/kehoach")))
    assert KIM.number in listing and CITY.number not in listing and BINH.number not in listing
    # A forged press on the city's plan is stale: nothing asked, nothing removed.
    await press(core, "3", Verb.PLAN_REMOVE_CONFIRM, city_plan)
    assert city_plan in {p.id for p in plan_admin.list_plans(db)}
    await press(core, "3", Verb.PLAN_REMOVE_CONFIRM, kim_plan)
    assert kim_plan not in {p.id for p in plan_admin.list_plans(db)}
    # The admin of everything still sees every plan.
    assert CITY.number in text_of(await core.handle(incoming("1", "/kehoach")))

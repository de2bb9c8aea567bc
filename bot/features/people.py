"""People, for admins: `/nguoidung` lists everyone (and pending requests); a person's card changes their
role, unit or whether they are active."""

from __future__ import annotations

import html

from bot import actions
from bot.chat import Button, Reply
from bot.feature import ButtonAction, Command, Feature
from bot.features.keyboards import LETTER_OF, ROLE_LETTERS, role_name, units_keyboard
from bot.permissions import ADMINS
from bot.verbs import Verb
from knowledge.messages import t
from storage import people as people_db
from storage.people import BadRole, Person

USERS_PER_PAGE = 10
PENDING_SHOWN = 5


def _users_page(core, lang, page, *, edit, person=None) -> list[Reply]:
    everyone = people_db.list_people(core.db, org_ids=core.scope(person).org_ids if person else None)
    pages = max(1, (len(everyone) + USERS_PER_PAGE - 1) // USERS_PER_PAGE)
    page = min(max(page, 0), pages - 1)
    chunk = everyone[page * USERS_PER_PAGE : (page + 1) * USERS_PER_PAGE]
    lines = [t(lang, "users.title", count=len(everyone))]
    rows = []
    for p in chunk:
        mark = "" if p.active else " ⛔"
        lines.append(
            f"• {html.escape(p.name)} — {role_name(lang, p.role)}"
            + (f", {html.escape(p.unit_name)}" if p.unit_name else "")
            + mark
        )
        rows.append([Button(p.name[:40], actions.build(Verb.USER_VIEW, p.id))])
    nav = []
    if page > 0:
        nav.append(Button("◀", actions.build(Verb.USERS_PAGE, page - 1)))
    if page < pages - 1:
        nav.append(Button("▶", actions.build(Verb.USERS_PAGE, page + 1)))
    if nav:
        rows.append(nav)
    for request in people_db.pending_requests(core.db)[:PENDING_SHOWN]:
        lines.append(t(lang, "users.pending", name=html.escape(request["name"])))
        rows.append(
            [
                Button("✅ " + request["name"][:30], actions.build(Verb.REQUEST_APPROVE, request["id"])),
                Button("❌", actions.build(Verb.REQUEST_REJECT, request["id"])),
            ]
        )
    return [Reply("\n".join(lines), buttons=rows, edit=edit)]


async def list_users(core, incoming, person) -> list[Reply]:
    """List everyone, with pending requests."""
    return _users_page(core, core.lang(incoming, person), 0, edit=False, person=person)


async def page_users(core, incoming, person) -> list[Reply]:
    """Show another page of the list."""
    return _users_page(
        core, core.lang(incoming, person), actions.parse(incoming.action).int_arg(0), edit=True, person=person
    )


def _user_card(core, lang, target: Person, *, note: str = "") -> list[Reply]:
    lines = [
        f"<b>{html.escape(target.name)}</b>",
        t(lang, "users.card", role=role_name(lang, target.role), unit=html.escape(target.unit_name or "—")),
        t(lang, "users.active" if target.active else "users.inactive"),
    ]
    for identity in people_db.identities_of(core.db, target.id):
        lines.append(
            f"{html.escape(identity['channel'])}: <code>{html.escape(identity['external_id'])}</code>"
        )
    if note:
        lines.insert(0, note)
    rows = [
        [
            Button(role_name(lang, r), actions.build(Verb.USER_ROLE, target.id, LETTER_OF[r]))
            for r in ("member", "leader", "admin")
            if r != target.role
        ],
        [
            Button(t(lang, "users.change_unit"), actions.build(Verb.USER_UNITS_PAGE, target.id, 0)),
            Button(
                t(lang, "users.deactivate" if target.active else "users.activate"),
                actions.build(Verb.USER_ACTIVE, target.id, 0 if target.active else 1),
            ),
        ],
        [Button(t(lang, "users.back"), actions.build(Verb.USERS_PAGE, 0))],
    ]
    return [Reply("\n".join(lines), buttons=rows, edit=True)]


def _target(core, incoming, person) -> tuple[Person | None, list[Reply] | None]:
    target = people_db.get_person(core.db, actions.parse(incoming.action).int_arg(0))
    if target is None:
        return None, [Reply(t(core.lang(incoming, person), "core.stale_button"))]
    return target, None


async def view_user(core, incoming, person) -> list[Reply]:
    """Show one person's card."""
    target, done = _target(core, incoming, person)
    return done or _user_card(core, core.lang(incoming, person), target)


async def change_role(core, incoming, person) -> list[Reply]:
    """Give a person another role (never leave the bot without an admin)."""
    target, done = _target(core, incoming, person)
    if done:
        return done
    lang = core.lang(incoming, person)
    role = ROLE_LETTERS.get(actions.parse(incoming.action).arg(1) or "")
    if role is None:
        return [Reply(t(lang, "core.stale_button"))]
    if target.id == person.id and role != "admin" and len(people_db.admins(core.db)) <= 1:
        return [Reply(t(lang, "users.last_admin"))]
    try:
        updated = people_db.update_person(core.db, target.id, role=role)
    except BadRole:
        return [Reply(t(lang, "users.needs_unit"))]
    return _user_card(core, lang, updated, note=t(lang, "users.saved"))


async def change_active(core, incoming, person) -> list[Reply]:
    """Deactivate or reactivate a person (never oneself)."""
    target, done = _target(core, incoming, person)
    if done:
        return done
    lang = core.lang(incoming, person)
    active = actions.parse(incoming.action).arg(1) == "1"
    if target.id == person.id and not active:
        return [Reply(t(lang, "users.not_yourself"))]
    updated = people_db.update_person(core.db, target.id, active=active)
    return _user_card(core, lang, updated, note=t(lang, "users.saved"))


async def pick_unit(core, incoming, person) -> list[Reply]:
    """Show the units to move a person to."""
    target, done = _target(core, incoming, person)
    if done:
        return done
    lang = core.lang(incoming, person)
    page = actions.parse(incoming.action).int_arg(1)
    rows = units_keyboard(core, Verb.USER_UNIT, (target.id,), page, Verb.USER_UNITS_PAGE, person=person)
    return [Reply(t(lang, "users.pick_unit", name=html.escape(target.name)), buttons=rows, edit=True)]


async def change_unit(core, incoming, person) -> list[Reply]:
    """Move a person to the chosen unit."""
    target, done = _target(core, incoming, person)
    if done:
        return done
    lang = core.lang(incoming, person)
    unit_id = actions.parse(incoming.action).int_arg(1)
    if people_db.unit_name(core.db, unit_id) is None:
        return [Reply(t(lang, "core.stale_button"))]
    updated = people_db.update_person(core.db, target.id, unit_id=unit_id)
    return _user_card(core, lang, updated, note=t(lang, "users.saved"))


FEATURE = Feature(
    name="people",
    commands=(Command("nguoidung", list_users, ADMINS, private=True, description="cmd.nguoidung"),),
    buttons=(
        ButtonAction(Verb.USERS_PAGE, page_users, ADMINS),
        ButtonAction(Verb.USER_VIEW, view_user, ADMINS),
        ButtonAction(Verb.USER_ROLE, change_role, ADMINS),
        ButtonAction(Verb.USER_ACTIVE, change_active, ADMINS),
        ButtonAction(Verb.USER_UNITS_PAGE, pick_unit, ADMINS),
        ButtonAction(Verb.USER_UNIT, change_unit, ADMINS),
    ),
)

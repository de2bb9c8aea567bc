"""Invites: `/moi` makes a one-time code (unit and role by buttons or typed), `/lienket` a code to use
the same account from another chat app (Telegram and Zalo)."""

from __future__ import annotations

import html

from bot import actions
from bot.chat import Button, Reply
from bot.feature import ButtonAction, Command, Feature
from bot.features.keyboards import ROLE_LETTERS, role_buttons, role_in_unit, role_name, units_keyboard
from bot.permissions import ADMINS
from bot.verbs import Verb
from knowledge.messages import t
from storage import people as people_db
from storage.people import BadRole

# Role words an admin may type after /moi, with or without diacritics folded away.
ROLE_WORDS = {
    "member": "member",
    "thanhvien": "member",
    "leader": "leader",
    "lanhdao": "leader",
    "totruong": "leader",
    "admin": "admin",
    "quantri": "admin",
}


def invite_link(core, code: str) -> str:
    if core.bot_username:
        return f"https://t.me/{core.bot_username}?start={code}"
    return f"/start {code}"


async def make_link_code(core, incoming, person) -> list[Reply]:
    """Give a code that links another chat app to this account."""
    code = people_db.create_link_code(core.db, person)
    return [Reply(t(core.lang(incoming, person), "link.code", code=html.escape(code)))]


async def start_invite(core, incoming, person) -> list[Reply]:
    """Make an invite from `/moi [role] [unit]`, or ask for the unit with buttons."""
    lang = core.lang(incoming, person)
    args = core.command_args(incoming)
    if not args:
        return _unit_page(core, lang, 0, person)
    head, _, rest = args.partition(" ")
    role = ROLE_WORDS.get(head.lower())
    if role is None:
        role, rest = "member", args
    unit_id = None
    if rest.strip():
        try:
            unit_id = people_db.resolve_unit(core.db, rest, person.org_id)
        except (people_db.UnknownUnit, people_db.UnitInManyOrgs):
            return [Reply(t(lang, "people.unknown_unit", unit=html.escape(rest.strip())))]
    return _make_invite(core, incoming, person, unit_id, role)


def _unit_page(core, lang, page, person) -> list[Reply]:
    if not people_db.list_units(core.db, core.scope(person).org_ids):
        return [Reply(t(lang, "people.no_units"))]
    rows = units_keyboard(
        core,
        Verb.INVITE_UNIT,
        (),
        page,
        Verb.INVITE_UNITS_PAGE,
        none_label=t(lang, "onboard.no_unit"),
        person=person,
    )
    return [Reply(t(lang, "invite.pick_unit"), buttons=rows, edit=page > 0)]


async def page_invite_units(core, incoming, person) -> list[Reply]:
    """Show another page of units for the invite."""
    return _unit_page(core, core.lang(incoming, person), actions.parse(incoming.action).int_arg(0), person)


async def pick_invite_unit(core, incoming, person) -> list[Reply]:
    """Ask for the invite's role once its unit is chosen."""
    lang = core.lang(incoming, person)
    unit_id = actions.parse(incoming.action).int_arg(0)
    if unit_id:
        unit = people_db.unit_name(core.db, unit_id)
        if unit is None:
            return [Reply(t(lang, "core.stale_button"))]
        buttons = role_buttons(lang, Verb.INVITE_ROLE, unit_id)
    else:
        unit = t(lang, "onboard.no_unit")
        buttons = [[Button(role_name(lang, "admin"), actions.build(Verb.INVITE_ROLE, 0, "a"))]]
    return [Reply(t(lang, "invite.pick_role", unit=html.escape(unit)), buttons=buttons, edit=True)]


async def pick_invite_role(core, incoming, person) -> list[Reply]:
    """Make the invite with the chosen unit and role."""
    action = actions.parse(incoming.action)
    role = ROLE_LETTERS.get(action.arg(1) or "")
    if role is None:
        return [Reply(t(core.lang(incoming, person), "core.stale_button"))]
    return _make_invite(core, incoming, person, action.int_arg(0) or None, role, edit=True)


def _make_invite(core, incoming, person, unit_id, role, *, edit=False) -> list[Reply]:
    lang = core.lang(incoming, person)
    try:
        code = people_db.create_invite(
            core.db,
            unit_id=unit_id,
            role=role,
            created_by=person.id,
            now=core.clock.now(),
            org_id=person.org_id,
        )
    except BadRole:
        return [Reply(t(lang, "invite.needs_unit"))]
    unit = people_db.unit_name(core.db, unit_id) or ""
    return [
        Reply(
            t(
                lang,
                "invite.created",
                link=html.escape(invite_link(core, code)),
                code=code,
                role=role_in_unit(lang, role, html.escape(unit)),
                days=people_db.INVITE_TTL.days,
            ),
            edit=edit,
        )
    ]


FEATURE = Feature(
    name="invites",
    commands=(
        Command("moi", start_invite, ADMINS, private=True, description="cmd.moi"),
        Command("lienket", make_link_code, private=True, description="cmd.lienket"),
    ),
    buttons=(
        ButtonAction(Verb.INVITE_UNITS_PAGE, page_invite_units, ADMINS),
        ButtonAction(Verb.INVITE_UNIT, pick_invite_unit, ADMINS),
        ButtonAction(Verb.INVITE_ROLE, pick_invite_role, ADMINS),
    ),
)

"""Joining: someone the bot does not know writes; an invite code (`/start CODE`) registers them, or they
ask to join and an admin decides (unit, then role) with buttons. Also `/start` for people already known."""

from __future__ import annotations

import html
import re

from bot import actions
from bot.chat import Button, Incoming, Reply
from bot.feature import ButtonAction, Command, Feature
from bot.features.basics import help_text
from bot.features.keyboards import (
    ROLE_LETTERS,
    org_depths,
    orgs_in_sight,
    orgs_keyboard,
    role_buttons,
    role_in_unit,
    role_name,
    units_keyboard,
)
from bot.permissions import ADMINS
from bot.verbs import Verb
from knowledge.messages import normalize_language, t
from storage import orgs as orgs_db
from storage import people as people_db
from storage.errors import Conflict, NotFound
from storage.people import BadRole, InviteError, Person, RequestDecided

_CODE = re.compile(r"^[A-Za-z0-9_-]{4,64}$")


async def greet_stranger(core, incoming: Incoming) -> list[Reply]:
    """Register a stranger with an invite code, or offer to ask an admin."""
    lang = core.lang(incoming)
    text = (incoming.text or "").strip()
    if incoming.is_group:
        if text.startswith("/") or incoming.mentioned:
            return [Reply(t(lang, "onboard.group_unregistered"))]
        return []
    if text.startswith("/start"):
        code = core.command_args(incoming)
        if code:
            return redeem_invite(core, incoming, code)
        return [_welcome(lang, incoming)]
    if incoming.action:
        try:
            action = actions.parse(incoming.action)
        except actions.BadAction:
            action = None
        if action and action.verb == Verb.REQUEST_ACCESS:
            return await request_access(core, incoming, None)
    return [_welcome(lang, incoming, unregistered=True)]


def _welcome(lang: str, incoming: Incoming, *, unregistered: bool = False) -> Reply:
    key = "onboard.unregistered" if unregistered else "onboard.welcome"
    # The account id, so that a first admin can put it in PLANBOT_ADMINS (or `planbot users add`).
    your_id = t(
        lang, "onboard.your_id", channel=incoming.channel.capitalize(), id=html.escape(incoming.sender_id)
    )
    return Reply(
        t(lang, key, name=html.escape(incoming.sender_name or "")) + "\n\n" + your_id,
        buttons=[[Button(t(lang, "onboard.request_button"), actions.build(Verb.REQUEST_ACCESS))]],
    )


def redeem_invite(core, incoming: Incoming, code: str) -> list[Reply]:
    """Register (or link) the sender with an invite or link code."""
    lang = core.lang(incoming)
    if not _CODE.match(code):
        return [Reply(t(lang, "onboard.invite_unknown"))]
    try:
        person = people_db.use_invite(
            core.db,
            code,
            channel=incoming.channel,
            external_id=incoming.sender_id,
            chat_id=incoming.chat_id,
            name=incoming.sender_name or incoming.sender_id,
            language=normalize_language(incoming.language),
            now=core.clock.now(),
        )
    except InviteError as exc:
        return [Reply(t(lang, f"onboard.invite_{exc.reason}"))]
    except Conflict:
        return [Reply(t(lang, "onboard.invite_used"))]
    unit = html.escape(person.unit_name or "")
    return [
        Reply(
            t(
                lang,
                "onboard.registered",
                name=html.escape(person.name),
                role=role_in_unit(lang, person.role, unit),
            )
            + "\n\n"
            + help_text(core, person, lang, incoming.channel)
        )
    ]


async def start_chat(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Welcome a known person back, or use the invite code they were given."""
    lang = core.lang(incoming, person)
    code = core.command_args(incoming)
    if code and not incoming.is_group:
        return redeem_invite(core, incoming, code)
    return [
        Reply(
            t(lang, "core.welcome_back", name=html.escape(person.name))
            + "\n\n"
            + help_text(core, person, lang, incoming.channel)
        )
    ]


async def request_access(core, incoming: Incoming, person: Person | None) -> list[Reply]:
    """Ask the admins to let this account in."""
    lang = core.lang(incoming, person)
    if person is not None:
        return [Reply(t(lang, "onboard.already_registered"))]
    request_id, created = people_db.create_request(
        core.db,
        channel=incoming.channel,
        external_id=incoming.sender_id,
        chat_id=incoming.chat_id,
        name=incoming.sender_name or incoming.sender_id,
        now=core.clock.now(),
    )
    if created:
        for admin in people_db.admins(core.db):
            admin_lang = admin.language
            core.notify(
                admin.id,
                t(
                    admin_lang,
                    "onboard.request_for_admin",
                    name=html.escape(incoming.sender_name or "?"),
                    channel=html.escape(incoming.channel),
                    external_id=html.escape(incoming.sender_id),
                ),
                dedupe_key=f"regreq:{request_id}:{admin.id}",
                buttons=[
                    [
                        Button(
                            t(admin_lang, "onboard.approve"), actions.build(Verb.REQUEST_APPROVE, request_id)
                        ),
                        Button(
                            t(admin_lang, "onboard.reject"), actions.build(Verb.REQUEST_REJECT, request_id)
                        ),
                    ]
                ],
            )
    return [Reply(t(lang, "onboard.request_sent" if created else "onboard.request_pending"), edit=True)]


def _decided(lang: str, status: str) -> list[Reply]:
    return [Reply(t(lang, "onboard.request_decided", status=t(lang, f"request.{status}")))]


def _pending_or_reply(core, incoming, person, request_id) -> tuple[dict | None, list[Reply] | None]:
    lang = core.lang(incoming, person)
    request = people_db.get_request(core.db, request_id)
    if request is None:
        return None, [Reply(t(lang, "core.stale_button"))]
    if request["status"] != "pending":
        return None, _decided(lang, RequestDecided(request["status"]).status)
    return request, None


def _org_arg(action, index: int) -> int | None:
    """The organization an action carries at `index` (None when it carries none)."""
    return action.int_arg(index) if len(action.args) > index else None


async def pick_request_unit(core, incoming, person) -> list[Reply]:
    """Show the organizations, then the units, for a pending request (ra:<req>; rs:<req>:<page>: pages of
    organizations; ro:<req>:<org>; rp:<req>:<page>[:<org>]: pages of units). With one organization in
    sight (or none) nobody names it: the units come at once."""
    action = actions.parse(incoming.action)
    request, done = _pending_or_reply(core, incoming, person, action.int_arg(0))
    if done:
        return done
    lang = core.lang(incoming, person)
    if action.verb == Verb.REQUEST_ORG:
        page, org_id = 0, action.int_arg(1)
    else:
        page = action.int_arg(1) if len(action.args) > 1 else 0
        org_id = _org_arg(action, 2)
    if org_id is None and action.verb in (Verb.REQUEST_APPROVE, Verb.REQUEST_ORGS_PAGE):
        orgs = orgs_in_sight(core, person)
        if len(orgs) > 1:
            org_page = page if action.verb == Verb.REQUEST_ORGS_PAGE else 0
            rows = orgs_keyboard(
                orgs,
                Verb.REQUEST_ORG,
                (request["id"],),
                org_page,
                Verb.REQUEST_ORGS_PAGE,
                depth=org_depths(orgs),
            )
            text = t(lang, "orgs_admin.pick_org", name=html.escape(request["name"]))
            return [Reply(text, buttons=rows, edit=True)]
        org_id, page = (orgs[0].id if orgs else None), 0
    rows = units_keyboard(
        core,
        Verb.REQUEST_UNIT,
        (request["id"],),
        page,
        Verb.REQUEST_UNITS_PAGE,
        none_label=t(lang, "onboard.no_unit"),
        person=person,
        org_id=org_id,
        suffix_args=(org_id,) if org_id is not None else (),
    )
    return [Reply(t(lang, "onboard.pick_unit", name=html.escape(request["name"])), buttons=rows, edit=True)]


async def pick_request_role(core, incoming, person) -> list[Reply]:
    """Show the roles for a request's chosen unit (ru:<req>:<unit>[:<org>]); without a unit only admin,
    of the organization chosen."""
    action = actions.parse(incoming.action)
    request, done = _pending_or_reply(core, incoming, person, action.int_arg(0))
    if done:
        return done
    lang = core.lang(incoming, person)
    unit_id = action.int_arg(1)
    org_id = _org_arg(action, 2)
    if unit_id:
        unit = people_db.unit_name(core.db, unit_id)
        if unit is None:
            return [Reply(t(lang, "core.stale_button"))]
        buttons = role_buttons(lang, Verb.REQUEST_ROLE, request["id"], unit_id)
    else:
        extra = (org_id,) if org_id is not None else ()
        buttons = [
            [
                Button(
                    role_name(lang, "admin"), actions.build(Verb.REQUEST_ROLE, request["id"], 0, "a", *extra)
                )
            ]
        ]
        unit = t(lang, "onboard.no_unit")
    return [
        Reply(
            t(lang, "onboard.pick_role", name=html.escape(request["name"]), unit=html.escape(unit)),
            buttons=buttons,
            edit=True,
        )
    ]


async def approve_request(core, incoming, person) -> list[Reply]:
    """Approve a request with its unit and role (rr:<req>:<unit>:<role letter>)."""
    lang = core.lang(incoming, person)
    action = actions.parse(incoming.action)
    role = ROLE_LETTERS.get(action.arg(2) or "")
    unit_id = action.int_arg(1) or None
    if role is None:
        return [Reply(t(lang, "core.stale_button"))]
    # A unit places the person in its organization; an admin without a unit goes to the organization
    # chosen, else the approving admin's own (a commune's admin cannot make an admin of everything).
    org_id = _org_arg(action, 3)
    if org_id is None:
        org_id = person.org_id
    try:
        request, new_person = people_db.decide_request(
            core.db,
            action.int_arg(0),
            approve=True,
            decided_by=person.id,
            unit_id=unit_id,
            role=role,
            now=core.clock.now(),
            org_id=org_id,
        )
    except (NotFound, BadRole):
        return [Reply(t(lang, "core.stale_button"))]
    except RequestDecided as exc:
        return _decided(lang, exc.status)
    unit = html.escape(new_person.unit_name or "")
    core.notify(
        new_person.id,
        t(new_person.language, "onboard.approved_user", role=role_in_unit(new_person.language, role, unit)),
        dedupe_key=f"regok:{request['id']}",
    )
    text = t(
        lang, "onboard.approved_admin", name=html.escape(new_person.name), role=role_in_unit(lang, role, unit)
    )
    if new_person.org_name and orgs_db.org_count(core.db) > 1:
        text += "\n" + t(lang, "orgs_admin.approved_org", org=html.escape(new_person.org_name))
    return [Reply(text, edit=True)]


async def reject_request(core, incoming, person) -> list[Reply]:
    """Turn a request down (rx:<req>)."""
    lang = core.lang(incoming, person)
    action = actions.parse(incoming.action)
    try:
        request, _ = people_db.decide_request(
            core.db, action.int_arg(0), approve=False, decided_by=person.id, now=core.clock.now()
        )
    except NotFound:
        return [Reply(t(lang, "core.stale_button"))]
    except RequestDecided as exc:
        return _decided(lang, exc.status)
    # The rejected account has no person to notify through the outbox; it learns on its next message.
    return [Reply(t(lang, "onboard.rejected_admin", name=html.escape(request["name"])), edit=True)]


FEATURE = Feature(
    name="onboarding",
    commands=(Command("start", start_chat, description="cmd.start", menu=False),),
    buttons=(
        ButtonAction(Verb.REQUEST_ACCESS, request_access),
        ButtonAction(Verb.REQUEST_APPROVE, pick_request_unit, ADMINS),
        ButtonAction(Verb.REQUEST_UNITS_PAGE, pick_request_unit, ADMINS),
        ButtonAction(Verb.REQUEST_ORGS_PAGE, pick_request_unit, ADMINS),
        ButtonAction(Verb.REQUEST_ORG, pick_request_unit, ADMINS),
        ButtonAction(Verb.REQUEST_UNIT, pick_request_role, ADMINS),
        ButtonAction(Verb.REQUEST_ROLE, approve_request, ADMINS),
        ButtonAction(Verb.REQUEST_REJECT, reject_request, ADMINS),
    ),
    on_stranger=greet_stranger,
)

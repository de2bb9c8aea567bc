"""Core flows about people: onboarding (/start, invite codes, registration requests decided by admins),
admin commands (/moi invites, /nguoidung users, /giaoviec assignments) and loading a plan by sending
its file. Channel-agnostic: everything returns `Reply` objects."""

from __future__ import annotations

import html
import logging
import os
import re
import tempfile
from pathlib import Path

from bot import actions
from bot.chat import Button, Incoming, Reply
from bot.permissions import ADMINS
from knowledge.messages import normalize_language, t
from storage import people as people_db
from storage import progress as progress_db
from storage.errors import Conflict, NotFound
from storage.people import BadRole, InviteError, Person

logger = logging.getLogger(__name__)

ROLE_LETTERS = {"a": "admin", "l": "leader", "m": "member"}
LETTER_OF = {v: k for k, v in ROLE_LETTERS.items()}
_CODE = re.compile(r"^[A-Za-z0-9_-]{4,64}$")


def register(core) -> None:
    core.add_action("rq", _action_request)
    core.add_action("ra", _action_approve)
    core.add_action("rp", _action_approve)
    core.add_action("ru", _action_request_unit)
    core.add_action("rr", _action_request_role)
    core.add_action("rx", _action_reject)
    core.add_command("moi", _cmd_invite, ADMINS, private=True, description="cmd.moi")
    core.add_action("iu", _action_invite_units)
    core.add_action("ic", _action_invite_unit)
    core.add_action("ir", _action_invite_role)
    core.add_command("lienket", _cmd_link, private=True, description="cmd.lienket")
    core.add_command("nguoidung", _cmd_users, ADMINS, private=True, description="cmd.nguoidung")
    core.add_action("ul", _action_users_page)
    core.add_action("uv", _action_user_view)
    core.add_action("us", _action_user_role)
    core.add_action("ua", _action_user_active)
    core.add_action("uu", _action_user_units)
    core.add_action("un", _action_user_unit)
    core.add_command("giaoviec", _cmd_assign, ADMINS, private=True, description="cmd.giaoviec")
    core.add_flow("assign:", _flow_assign)
    core.add_action("at", _action_assign_task)
    core.add_action("ap", _action_assign_person)


def role_name(lang: str, role: str) -> str:
    return t(lang, f"role.{role}")


def _require_admin(core, incoming, person) -> list[Reply] | None:
    if person.role != "admin":
        return [Reply(t(core.lang(incoming, person), "core.forbidden"))]
    return None


def _action(incoming: Incoming) -> actions.Action:
    return actions.parse(incoming.action)


# --- onboarding --------------------------------------------------------------------------------------


async def onboard(core, incoming: Incoming) -> list[Reply]:
    """Someone the bot does not know: an invite code registers them; otherwise offer a request."""
    lang = core.lang(incoming)
    text = (incoming.text or "").strip()
    if incoming.is_group:
        if text.startswith("/") or incoming.mentioned:
            return [Reply(t(lang, "onboard.group_unregistered"))]
        return []
    if text.startswith("/start"):
        code = text.split(maxsplit=1)[1].strip() if len(text.split(maxsplit=1)) > 1 else ""
        if code:
            return redeem_invite(core, incoming, code)
        return [_welcome(lang, incoming)]
    if incoming.action:
        try:
            action = actions.parse(incoming.action)
        except actions.BadAction:
            action = None
        if action and action.verb == "rq":
            return await _action_request(core, incoming, None)
    return [_welcome(lang, incoming, unregistered=True)]


def _welcome(lang: str, incoming: Incoming, *, unregistered: bool = False) -> Reply:
    key = "onboard.unregistered" if unregistered else "onboard.welcome"
    return Reply(
        t(lang, key, name=html.escape(incoming.sender_name or "")),
        buttons=[[Button(t(lang, "onboard.request_button"), actions.build("rq"))]],
    )


def redeem_invite(core, incoming: Incoming, code: str) -> list[Reply]:
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
    except (InviteError, Conflict) as exc:
        reason = getattr(exc, "reason", "used")
        return [Reply(t(lang, f"onboard.invite_{reason}"))]
    from bot.core import help_text

    unit = html.escape(person.unit_name or "")
    return [
        Reply(
            t(
                lang,
                "onboard.registered",
                name=html.escape(person.name),
                role=role_name(lang, person.role),
                unit=unit,
            )
            + "\n\n"
            + help_text(core, person, lang)
        )
    ]


async def _action_request(core, incoming: Incoming, person: Person | None) -> list[Reply]:
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
                        Button(t(admin_lang, "onboard.approve"), actions.build("ra", request_id)),
                        Button(t(admin_lang, "onboard.reject"), actions.build("rx", request_id)),
                    ]
                ],
            )
    return [Reply(t(lang, "onboard.request_sent" if created else "onboard.request_pending"), edit=True)]


def _pending_or_reply(core, incoming, person, request_id) -> tuple[dict | None, list[Reply] | None]:
    lang = core.lang(incoming, person)
    request = people_db.get_request(core.db, request_id)
    if request is None:
        return None, [Reply(t(lang, "core.stale_button"))]
    if request["status"] != "pending":
        return None, [
            Reply(t(lang, "onboard.request_decided", status=t(lang, f"request.{request['status']}")))
        ]
    return request, None


async def _action_approve(core, incoming, person) -> list[Reply]:
    """ra:<req> or rp:<req>:<page>: pick the new person's unit."""
    if denied := _require_admin(core, incoming, person):
        return denied
    action = _action(incoming)
    request, done = _pending_or_reply(core, incoming, person, action.int_arg(0))
    if done:
        return done
    lang = core.lang(incoming, person)
    page = action.int_arg(1) if len(action.args) > 1 else 0
    rows = core_units_keyboard(
        core, "ru", (request["id"],), page, "rp", none_label=t(lang, "onboard.no_unit")
    )
    return [Reply(t(lang, "onboard.pick_unit", name=html.escape(request["name"])), buttons=rows, edit=True)]


def core_units_keyboard(core, verb, prefix, page, page_verb, none_label=None):
    from bot.core import units_keyboard

    return units_keyboard(core, verb, prefix, page, page_verb, none_label=none_label)


def _role_buttons(lang: str, verb: str, *prefix, with_admin: bool = True) -> list[list[Button]]:
    roles = ["member", "leader"] + (["admin"] if with_admin else [])
    return [[Button(role_name(lang, r), actions.build(verb, *prefix, LETTER_OF[r])) for r in roles]]


async def _action_request_unit(core, incoming, person) -> list[Reply]:
    """ru:<req>:<unit>: pick the role (without a unit only admin is possible)."""
    if denied := _require_admin(core, incoming, person):
        return denied
    action = _action(incoming)
    request, done = _pending_or_reply(core, incoming, person, action.int_arg(0))
    if done:
        return done
    lang = core.lang(incoming, person)
    unit_id = action.int_arg(1)
    if unit_id:
        buttons = _role_buttons(lang, "rr", request["id"], unit_id)
        unit = people_db.unit_name(core.db, unit_id) or "?"
    else:
        buttons = [[Button(role_name(lang, "admin"), actions.build("rr", request["id"], 0, "a"))]]
        unit = t(lang, "onboard.no_unit")
    return [
        Reply(
            t(lang, "onboard.pick_role", name=html.escape(request["name"]), unit=html.escape(unit)),
            buttons=buttons,
            edit=True,
        )
    ]


async def _action_request_role(core, incoming, person) -> list[Reply]:
    """rr:<req>:<unit>:<role letter>: approve."""
    if denied := _require_admin(core, incoming, person):
        return denied
    lang = core.lang(incoming, person)
    action = _action(incoming)
    role = ROLE_LETTERS.get(action.arg(2) or "")
    unit_id = action.int_arg(1) or None
    if role is None:
        return [Reply(t(lang, "core.stale_button"))]
    try:
        request, new_person = people_db.decide_request(
            core.db,
            action.int_arg(0),
            approve=True,
            decided_by=person.id,
            unit_id=unit_id,
            role=role,
            now=core.clock.now(),
        )
    except NotFound:
        return [Reply(t(lang, "core.stale_button"))]
    except Conflict as exc:
        return [Reply(t(lang, "onboard.request_decided", status=t(lang, f"request.{exc}")))]
    except BadRole:
        return [Reply(t(lang, "core.stale_button"))]
    unit = html.escape(new_person.unit_name or "")
    core.notify(
        new_person.id,
        t(new_person.language, "onboard.approved_user", role=role_name(new_person.language, role), unit=unit),
        dedupe_key=f"regok:{request['id']}",
    )
    return [
        Reply(
            t(
                lang,
                "onboard.approved_admin",
                name=html.escape(new_person.name),
                role=role_name(lang, role),
                unit=unit,
            ),
            edit=True,
        )
    ]


async def _action_reject(core, incoming, person) -> list[Reply]:
    if denied := _require_admin(core, incoming, person):
        return denied
    lang = core.lang(incoming, person)
    action = _action(incoming)
    try:
        request, _ = people_db.decide_request(
            core.db, action.int_arg(0), approve=False, decided_by=person.id, now=core.clock.now()
        )
    except NotFound:
        return [Reply(t(lang, "core.stale_button"))]
    except Conflict as exc:
        return [Reply(t(lang, "onboard.request_decided", status=t(lang, f"request.{exc}")))]
    # The rejected account has no person to notify through the outbox; it learns on its next message.
    return [Reply(t(lang, "onboard.rejected_admin", name=html.escape(request["name"])), edit=True)]


# --- invites -----------------------------------------------------------------------------------------


def invite_link(core, code: str) -> str:
    if core.bot_username:
        return f"https://t.me/{core.bot_username}?start={code}"
    return f"/start {code}"


async def _cmd_link(core, incoming, person) -> list[Reply]:
    """/lienket — a code to use the same account from another chat app (Telegram and Zalo)."""
    code = people_db.create_link_code(core.db, person)
    return [Reply(t(core.lang(incoming, person), "link.code", code=html.escape(code)))]


async def _cmd_invite(core, incoming, person) -> list[Reply]:
    """/moi [member|leader|admin] [unit name] — or buttons for both."""
    lang = core.lang(incoming, person)
    args = core.command_args(incoming)
    if args:
        head, _, rest = args.partition(" ")
        role = {
            "member": "member",
            "thanhvien": "member",
            "leader": "leader",
            "lanhdao": "leader",
            "totruong": "leader",
            "admin": "admin",
            "quantri": "admin",
        }.get(head.lower())
        if role is None:
            role, rest = "member", args
        unit_id = None
        if rest.strip():
            try:
                unit_id = people_db.resolve_unit(core.db, rest)
            except people_db.UnknownUnit:
                return [Reply(t(lang, "people.unknown_unit", unit=html.escape(rest.strip())))]
        return _make_invite(core, incoming, person, unit_id, role)
    return _invite_unit_page(core, lang, 0)


def _invite_unit_page(core, lang, page) -> list[Reply]:
    if not people_db.list_units(core.db):
        return [Reply(t(lang, "people.no_units"))]
    rows = core_units_keyboard(core, "ic", (), page, "iu", none_label=t(lang, "onboard.no_unit"))
    return [Reply(t(lang, "invite.pick_unit"), buttons=rows, edit=page > 0)]


async def _action_invite_units(core, incoming, person) -> list[Reply]:
    if denied := _require_admin(core, incoming, person):
        return denied
    return _invite_unit_page(core, core.lang(incoming, person), _action(incoming).int_arg(0))


async def _action_invite_unit(core, incoming, person) -> list[Reply]:
    if denied := _require_admin(core, incoming, person):
        return denied
    lang = core.lang(incoming, person)
    unit_id = _action(incoming).int_arg(0)
    if unit_id:
        buttons = _role_buttons(lang, "ir", unit_id)
    else:
        buttons = [[Button(role_name(lang, "admin"), actions.build("ir", 0, "a"))]]
    unit = people_db.unit_name(core.db, unit_id) or t(lang, "onboard.no_unit")
    return [Reply(t(lang, "invite.pick_role", unit=html.escape(unit)), buttons=buttons, edit=True)]


async def _action_invite_role(core, incoming, person) -> list[Reply]:
    if denied := _require_admin(core, incoming, person):
        return denied
    action = _action(incoming)
    role = ROLE_LETTERS.get(action.arg(1) or "")
    if role is None:
        return [Reply(t(core.lang(incoming, person), "core.stale_button"))]
    return _make_invite(core, incoming, person, action.int_arg(0) or None, role, edit=True)


def _make_invite(core, incoming, person, unit_id, role, *, edit=False) -> list[Reply]:
    lang = core.lang(incoming, person)
    try:
        code = people_db.create_invite(
            core.db, unit_id=unit_id, role=role, created_by=person.id, now=core.clock.now()
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
                role=role_name(lang, role),
                unit=html.escape(unit),
                days=people_db.INVITE_TTL.days,
            ),
            edit=edit,
        )
    ]


# --- users -------------------------------------------------------------------------------------------

_USERS_PER_PAGE = 10


def _users_page(core, lang, page, *, edit) -> list[Reply]:
    everyone = people_db.list_people(core.db)
    pages = max(1, (len(everyone) + _USERS_PER_PAGE - 1) // _USERS_PER_PAGE)
    page = min(max(page, 0), pages - 1)
    chunk = everyone[page * _USERS_PER_PAGE : (page + 1) * _USERS_PER_PAGE]
    lines = [t(lang, "users.title", count=len(everyone))]
    rows = []
    for p in chunk:
        mark = "" if p.active else " ⛔"
        lines.append(
            f"• {html.escape(p.name)} — {role_name(lang, p.role)}"
            + (f", {html.escape(p.unit_name)}" if p.unit_name else "")
            + mark
        )
        rows.append([Button(p.name[:40], actions.build("uv", p.id))])
    nav = []
    if page > 0:
        nav.append(Button("◀", actions.build("ul", page - 1)))
    if page < pages - 1:
        nav.append(Button("▶", actions.build("ul", page + 1)))
    if nav:
        rows.append(nav)
    pending = people_db.pending_requests(core.db)
    for request in pending[:5]:
        lines.append(t(lang, "users.pending", name=html.escape(request["name"])))
        rows.append(
            [
                Button("✅ " + request["name"][:30], actions.build("ra", request["id"])),
                Button("❌", actions.build("rx", request["id"])),
            ]
        )
    return [Reply("\n".join(lines), buttons=rows, edit=edit)]


async def _cmd_users(core, incoming, person) -> list[Reply]:
    return _users_page(core, core.lang(incoming, person), 0, edit=False)


async def _action_users_page(core, incoming, person) -> list[Reply]:
    if denied := _require_admin(core, incoming, person):
        return denied
    return _users_page(core, core.lang(incoming, person), _action(incoming).int_arg(0), edit=True)


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
            Button(role_name(lang, r), actions.build("us", target.id, LETTER_OF[r]))
            for r in ("member", "leader", "admin")
            if r != target.role
        ],
        [
            Button(t(lang, "users.change_unit"), actions.build("uu", target.id, 0)),
            Button(
                t(lang, "users.deactivate" if target.active else "users.activate"),
                actions.build("ua", target.id, 0 if target.active else 1),
            ),
        ],
        [Button(t(lang, "users.back"), actions.build("ul", 0))],
    ]
    return [Reply("\n".join(lines), buttons=rows, edit=True)]


def _target(core, incoming, person) -> tuple[Person | None, list[Reply] | None]:
    if denied := _require_admin(core, incoming, person):
        return None, denied
    target = people_db.get_person(core.db, _action(incoming).int_arg(0))
    if target is None:
        return None, [Reply(t(core.lang(incoming, person), "core.stale_button"))]
    return target, None


async def _action_user_view(core, incoming, person) -> list[Reply]:
    target, done = _target(core, incoming, person)
    return done or _user_card(core, core.lang(incoming, person), target)


async def _action_user_role(core, incoming, person) -> list[Reply]:
    target, done = _target(core, incoming, person)
    if done:
        return done
    lang = core.lang(incoming, person)
    role = ROLE_LETTERS.get(_action(incoming).arg(1) or "")
    if role is None:
        return [Reply(t(lang, "core.stale_button"))]
    if target.id == person.id and role != "admin" and len(people_db.admins(core.db)) <= 1:
        return [Reply(t(lang, "users.last_admin"))]
    try:
        updated = people_db.update_person(core.db, target.id, role=role)
    except BadRole:
        return [Reply(t(lang, "users.needs_unit"))]
    return _user_card(core, lang, updated, note=t(lang, "users.saved"))


async def _action_user_active(core, incoming, person) -> list[Reply]:
    target, done = _target(core, incoming, person)
    if done:
        return done
    lang = core.lang(incoming, person)
    active = _action(incoming).arg(1) == "1"
    if target.id == person.id and not active:
        return [Reply(t(lang, "users.not_yourself"))]
    updated = people_db.update_person(core.db, target.id, active=active)
    return _user_card(core, lang, updated, note=t(lang, "users.saved"))


async def _action_user_units(core, incoming, person) -> list[Reply]:
    target, done = _target(core, incoming, person)
    if done:
        return done
    lang = core.lang(incoming, person)
    page = _action(incoming).int_arg(1)
    rows = core_units_keyboard(core, "un", (target.id,), page, "uu")
    return [Reply(t(lang, "users.pick_unit", name=html.escape(target.name)), buttons=rows, edit=True)]


async def _action_user_unit(core, incoming, person) -> list[Reply]:
    target, done = _target(core, incoming, person)
    if done:
        return done
    lang = core.lang(incoming, person)
    unit_id = _action(incoming).int_arg(1)
    if people_db.unit_name(core.db, unit_id) is None:
        return [Reply(t(lang, "core.stale_button"))]
    updated = people_db.update_person(core.db, target.id, unit_id=unit_id)
    return _user_card(core, lang, updated, note=t(lang, "users.saved"))


# --- assigning a task to a person --------------------------------------------------------------------


async def _cmd_assign(core, incoming, person) -> list[Reply]:
    lang = core.lang(incoming, person)
    flow = core.new_flow_id()
    query = core.command_args(incoming)
    if query:
        return _assign_matches(core, incoming, person, flow, query)
    core.set_state(incoming, "assign:task", {"flow": flow})
    return [Reply(t(lang, "assign.ask_task"))]


def _assign_matches(core, incoming, person, flow, query) -> list[Reply]:
    lang = core.lang(incoming, person)
    tasks = []
    if query.isdigit() and progress_db.get_task(core.db, int(query)):
        tasks = [progress_db.get_task(core.db, int(query))]
    else:
        answer = core.assistant.ask(query, core.asker(person, incoming), today=core.today(incoming))
        tasks = [task for task in answer.tasks[:8] if task.get("id")]
    if not tasks:
        core.set_state(incoming, "assign:task", {"flow": flow})
        return [Reply(t(lang, "assign.no_match"))]
    core.set_state(incoming, "assign:pick", {"flow": flow})
    rows = [
        [
            Button(
                _short(f"{task.get('code') or ''} {task['content']}".strip(), 60),
                actions.build("at", flow, task["id"]),
            )
        ]
        for task in tasks
    ]
    return [Reply(t(lang, "assign.pick_task"), buttons=rows)]


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def _flow_assign(core, incoming, person) -> list[Reply]:
    lang = core.lang(incoming, person)
    state = core.get_state(incoming)
    text = (incoming.text or "").strip()
    if state.state == "assign:task" and text:
        return _assign_matches(core, incoming, person, state.data.get("flow", ""), text)
    return [Reply(t(lang, "flow.use_buttons"))]


def _flow_matches(core, incoming, flow) -> dict | None:
    state = core.get_state(incoming)
    if state is None or not state.state.startswith("assign:") or state.data.get("flow") != flow:
        return None
    return state.data


async def _action_assign_task(core, incoming, person) -> list[Reply]:
    if denied := _require_admin(core, incoming, person):
        return denied
    lang = core.lang(incoming, person)
    action = _action(incoming)
    flow, task_id = action.arg(0), action.int_arg(1)
    data = _flow_matches(core, incoming, flow)
    task = progress_db.get_task(core.db, task_id)
    if data is None or task is None:
        return [Reply(t(lang, "core.stale_button"))]
    core.set_state(incoming, "assign:person", {"flow": flow, "task_id": task_id})
    unit_ids = progress_db.task_unit_ids(core.db, task_id)
    candidates = [p for p in people_db.list_people(core.db) if p.active and p.unit_id in unit_ids]
    others = [p for p in people_db.list_people(core.db) if p.active and p.unit_id not in unit_ids]
    rows = [
        [
            Button(
                _short(f"{p.name} ({p.unit_name or role_name(lang, p.role)})", 60),
                actions.build("ap", flow, p.id),
            )
        ]
        for p in (candidates + others)[:12]
    ]
    if not rows:
        core.clear_state(incoming)
        return [Reply(t(lang, "assign.nobody"), edit=True)]
    return [
        Reply(
            t(lang, "assign.pick_person", task=html.escape(_short(task["content"], 200))),
            buttons=rows,
            edit=True,
        )
    ]


async def _action_assign_person(core, incoming, person) -> list[Reply]:
    if denied := _require_admin(core, incoming, person):
        return denied
    lang = core.lang(incoming, person)
    action = _action(incoming)
    flow, person_id = action.arg(0), action.int_arg(1)
    data = _flow_matches(core, incoming, flow)
    target = people_db.get_person(core.db, person_id)
    if data is None or "task_id" not in data or target is None:
        return [Reply(t(lang, "core.stale_button"))]
    task = progress_db.get_task(core.db, data["task_id"])
    progress_db.assign(core.db, data["task_id"], target.id, by=person.id, now=core.clock.now())
    core.clear_state(incoming)
    content = html.escape(_short(task["content"], 300))
    core.notify(
        target.id,
        t(target.language, "assign.notify", task=content, by=html.escape(person.name)),
        dedupe_key=f"assign:{data['task_id']}:{target.id}",
        buttons=[
            [Button(t(target.language, "progress.update_button"), actions.build("pu", data["task_id"]))]
        ],
    )
    return [Reply(t(lang, "assign.done", name=html.escape(target.name), task=content), edit=True)]


# --- loading a plan by sending its file ----------------------------------------------------------------


def ingest_file(db_path: str, path: str, name: str, db=None):
    """Read, parse and save one plan file, like `planbot ingest`. Runs in a worker thread with its own
    connection (or on `db` when given). Returns (plan number, title, task count, problems); a document
    that is not a plan (no task, or loose text with no code, lead or deadline) is not saved and counts 0.
    Raises knowledge.documents.DocumentError and parse errors."""
    from bot.ingest import NoTasksFound, read_plan
    from storage.db import open_db
    from storage.plans import save_plan

    try:
        parsed, prepared = read_plan(Path(path), name)
    except NoTasksFound:
        return None, "", 0, []
    own = db is None
    db = open_db(db_path) if own else db
    try:
        result = save_plan(db, parsed, source_file=name, prepared=prepared)
        return result.number, parsed.title or "", result.tasks, list(parsed.problems)
    finally:
        if own:
            db.conn.close()


def database_path(db) -> str:
    for _, name, filename in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return filename
    raise RuntimeError("database has no main file")


async def load_plan_file(core, incoming: Incoming, person: Person) -> list[Reply]:
    """An admin sent a document: ingest it exactly like `planbot ingest` does, with the same errors."""
    from bot.core import MAX_PLAN_BYTES, run_blocking

    lang = core.lang(incoming, person)
    ref = incoming.file
    if ref.kind != "document":
        return [Reply(t(lang, "plan.photo_not_plan"))]
    if ref.size and ref.size > MAX_PLAN_BYTES:
        return [Reply(t(lang, "plan.too_large", mb=MAX_PLAN_BYTES // (1024 * 1024)))]
    if core.fetch_file is None:
        return [Reply(t(lang, "plan.cannot_download"))]
    try:
        content = await core.fetch_file(ref)
    except Exception:
        logger.warning("could not download plan file", exc_info=True)
        return [Reply(t(lang, "plan.cannot_download"))]
    name = os.path.basename(ref.name or "plan.txt") or "plan.txt"
    suffix = Path(name).suffix.lower() or ".txt"
    fd, tmp = tempfile.mkstemp(suffix=suffix, prefix="planbot-upload-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        try:
            db_path = database_path(core.db)
            if db_path:
                number, title, count, problems = await run_blocking(ingest_file, db_path, tmp, name)
            else:  # an in-memory database has no second connection: ingest on this one
                number, title, count, problems = ingest_file("", tmp, name, core.db)
        except Exception as exc:
            from knowledge.documents import DocumentError

            if isinstance(exc, DocumentError):
                return [
                    Reply(
                        t(
                            lang,
                            "plan.bad_document",
                            name=html.escape(name),
                            error=html.escape(exc.message(lang)),
                        )
                    )
                ]
            logger.warning("plan %s could not be loaded", name, exc_info=True)
            return [
                Reply(
                    t(lang, "plan.not_a_plan", name=html.escape(name))
                )  # the error itself goes to the log only
            ]
    finally:
        os.unlink(tmp)
    if count == 0:
        return [Reply(t(lang, "plan.no_tasks", name=html.escape(name)))]
    text = t(
        lang,
        "plan.loaded",
        name=html.escape(name),
        number=html.escape(number or "—"),
        title=html.escape(_short(title or "", 200)),
        count=count,
    )
    if problems:
        text += "\n" + t(lang, "plan.problems", count=len(problems))
        text += "\n" + "\n".join("• " + html.escape(_short(str(p), 200)) for p in problems[:5])
    return [Reply(text)]

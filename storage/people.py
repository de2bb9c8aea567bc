"""People, their chat identities, invites, registration requests, conversation state and settings.

A person is one official (name, unit, role); an identity binds a channel account (Telegram user id, Zalo
user id) to a person and says which chat to push messages to. Everything here is channel-agnostic.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlite_utils

from knowledge.fold import fold_words
from storage.db import transaction
from storage.errors import Conflict, NotFound, StorageError

ROLES = ("admin", "leader", "member")
INVITE_TTL = timedelta(days=14)
# Invite codes go into t.me/<bot>?start=<code> (only A-Z a-z 0-9 _ - allowed, ≤ 64 chars) and may be typed
# by hand after /start: no look-alike characters.
_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class UnknownUnit(StorageError):
    """A unit name that matches no unit in the database."""


class UnitInManyOrgs(StorageError):
    """A unit name that several organizations have: say which organization (`orgs`: their names)."""

    def __init__(self, text: str, orgs: list[str]):
        super().__init__(text)
        self.text = text
        self.orgs = orgs


class BadRole(StorageError):
    """A role other than admin, leader, member; or a leader/member without a unit."""


class RequestDecided(Conflict):
    """A registration request that an admin already decided. `status` is approved|rejected."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status if status in ("approved", "rejected") else "approved"


class InviteError(StorageError):
    """An invite code that does not exist, was used, or expired. `reason` is unknown|used|expired."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    role: str
    unit_id: int | None
    unit_name: str | None
    language: str = "vi"
    active: bool = True
    reminders_paused: bool = False
    org_id: int | None = None  # the organization (None: the whole deployment, for its first admins)
    org_name: str | None = None
    language_chosen: bool = False  # picked by the person (/language): wins over the chat client's language

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def now_text(moment: datetime | None = None) -> str:
    moment = moment or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


_PERSON_SQL = (
    "SELECT p.id, p.name, p.role, p.unit_id, u.name, p.language, p.active, p.reminders_paused, p.org_id, o.name, "
    "p.language_chosen FROM people p LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN orgs o ON o.id = p.org_id"
)


def _person(row) -> Person:
    return Person(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        bool(row[6]),
        bool(row[7]),
        row[8],
        row[9],
        bool(row[10]),
    )


def choose_language(db: sqlite_utils.Database, person_id: int, language: str) -> bool:
    """Store the language a person picked (it then wins over their chat client's). False if unknown."""
    with transaction(db):
        return bool(
            db.execute(
                "UPDATE people SET language = ?, language_chosen = 1 WHERE id = ?", [language, person_id]
            ).rowcount
        )


def _in_orgs(column: str, org_ids) -> tuple[str, list]:
    """A condition keeping rows whose `column` is one of `org_ids` (None: no condition)."""
    if org_ids is None:
        return "", []
    return f" AND {column} IN (SELECT value FROM json_each(?))", ["[" + ",".join(map(str, org_ids)) + "]"]


def get_person(db: sqlite_utils.Database, person_id: int) -> Person | None:
    row = db.execute(_PERSON_SQL + " WHERE p.id = ?", [person_id]).fetchone()
    return _person(row) if row else None


def find_by_identity(db: sqlite_utils.Database, channel: str, external_id: str) -> Person | None:
    row = db.execute(
        _PERSON_SQL + " JOIN identities i ON i.person_id = p.id WHERE i.channel = ? AND i.external_id = ?",
        [channel, str(external_id)],
    ).fetchone()
    return _person(row) if row else None


def list_people(
    db: sqlite_utils.Database, *, unit_id: int | None = None, role: str | None = None, org_ids=None
) -> list[Person]:
    """People (of the organizations `org_ids` when given), by role, unit and name."""
    where, params = _in_orgs("p.org_id", org_ids)
    sql = _PERSON_SQL + " WHERE 1 = 1" + where
    if unit_id is not None:
        sql += " AND p.unit_id = ?"
        params.append(unit_id)
    if role is not None:
        sql += " AND p.role = ?"
        params.append(role)
    return [_person(r) for r in db.execute(sql + " ORDER BY p.role, u.name, p.name, p.id", params).fetchall()]


def identities_of(db: sqlite_utils.Database, person_id: int) -> list[dict]:
    rows = db.execute(
        "SELECT channel, external_id, chat_id, active FROM identities WHERE person_id = ? ORDER BY channel",
        [person_id],
    ).fetchall()
    return [{"channel": r[0], "external_id": r[1], "chat_id": r[2], "active": bool(r[3])} for r in rows]


def admins(db: sqlite_utils.Database, org_ids=None) -> list[Person]:
    """Active admins (of `org_ids` when given; admins of the whole deployment always count)."""
    found = [p for p in list_people(db, role="admin") if p.active]
    if org_ids is None:
        return found
    return [p for p in found if p.org_id is None or p.org_id in org_ids]


def unit_leaders(db: sqlite_utils.Database, unit_id: int | None) -> list[Person]:
    if unit_id is None:
        return []
    return [p for p in list_people(db, unit_id=unit_id, role="leader") if p.active]


# --- units -------------------------------------------------------------------------------------------


def list_units(db: sqlite_utils.Database, org_ids=None) -> list[tuple[int, str]]:
    """(id, label) of units (of `org_ids` when given), by name; when they span several organizations the
    label names the organization too ("Phòng Kinh tế · xã Kim Thành"). Collective audiences ("Các phòng,
    ban, ngành") are no unit a person belongs to: left out."""
    where, params = _in_orgs("u.org_id", org_ids)
    rows = db.execute(
        "SELECT u.id, u.name, o.name, u.org_id FROM units u LEFT JOIN orgs o ON o.id = u.org_id"
        " WHERE u.collective IS NULL" + where + " ORDER BY u.name, o.name",
        params,
    ).fetchall()
    several = len({r[3] for r in rows}) > 1
    return [(r[0], f"{r[1]} · {r[2]}" if several and r[2] else r[1]) for r in rows]


def unit_org(db: sqlite_utils.Database, unit_id: int | None) -> int | None:
    if unit_id is None:
        return None
    row = db.execute("SELECT org_id FROM units WHERE id = ?", [unit_id]).fetchone()
    return row[0] if row else None


def unit_name(db: sqlite_utils.Database, unit_id: int | None) -> str | None:
    if unit_id is None:
        return None
    row = db.execute("SELECT name FROM units WHERE id = ?", [unit_id]).fetchone()
    return row[0] if row else None


def resolve_unit(db: sqlite_utils.Database, text: str, org_id: int | None = None) -> int:
    """The id of the unit `text` names: exact or folded name, a document alias, an abbreviation, or the
    unit registry's canonical form; of organization `org_id` when given. Raises UnknownUnit (units come
    from ingested plans), or UnitInManyOrgs when several organizations have it and none was given."""
    text = (text or "").strip()
    if not text:
        raise UnknownUnit(text)
    if text.isdigit():
        row = db.execute("SELECT id, org_id FROM units WHERE id = ?", [int(text)]).fetchone()
        if row and (org_id is None or row[1] == org_id):
            return row[0]
    folded = fold_words(text)
    found = _units_named(db, "u.folded = ? OR u.name = ?", [folded, text], org_id)
    if not found:
        row = db.execute("SELECT unit_id FROM unit_aliases WHERE alias = ?", [folded]).fetchone()
        if row:
            found = _units_named(
                db, "u.folded = (SELECT x.folded FROM units x WHERE x.id = ?)", [row[0]], org_id
            )
    if not found:
        found = _units_named(db, "lower(u.abbreviation) = lower(?)", [text], org_id)
    if not found:
        try:
            from knowledge.units import canonical_unit

            canonical = canonical_unit(text)
        except Exception:  # the registry is a convenience; exact names above always work
            canonical = None
        if canonical:
            found = _units_named(db, "u.folded = ?", [fold_words(canonical)], org_id)
    if not found:
        raise UnknownUnit(text)
    orgs = {org for _, org, _ in found}
    if len(orgs) > 1:
        raise UnitInManyOrgs(text, sorted({name or "—" for _, _, name in found}))
    return found[0][0]


def _units_named(db, condition: str, params: list, org_id: int | None) -> list[tuple[int, int | None, str]]:
    """(unit id, org id, org name) of the units matching `condition`, of `org_id` when given."""
    sql = (
        "SELECT u.id, u.org_id, o.name FROM units u LEFT JOIN orgs o ON o.id = u.org_id WHERE ("
        + condition
        + ")"
    )
    if org_id is not None:
        sql += " AND u.org_id = ?"
        params = [*params, org_id]
    return [(r[0], r[1], r[2]) for r in db.execute(sql + " ORDER BY u.id", params).fetchall()]


# --- people ------------------------------------------------------------------------------------------


def check_role(role: str, unit_id: int | None) -> None:
    if role not in ROLES:
        raise BadRole(role)
    if role != "admin" and unit_id is None:
        raise BadRole(f"{role} needs a unit")


def add_person(
    db: sqlite_utils.Database,
    *,
    name: str,
    role: str,
    unit_id: int | None = None,
    language: str = "vi",
    now: datetime | None = None,
    org_id: int | None = None,
) -> int:
    """A new person; of the organization of their unit (or `org_id`, for an admin without a unit)."""
    check_role(role, unit_id)
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO people (name, unit_id, role, language, created_at, org_id) VALUES (?, ?, ?, ?, ?, ?)",
            [name.strip() or "?", unit_id, role, language, now_text(now), _person_org(db, unit_id, org_id)],
        )
        return cursor.lastrowid


def _person_org(db, unit_id: int | None, org_id: int | None) -> int | None:
    """A person's organization: their unit's, else the one given."""
    return unit_org(db, unit_id) if unit_id is not None else org_id


def link_identity(
    db: sqlite_utils.Database, person_id: int, channel: str, external_id: str, chat_id: str | None = None
) -> None:
    """Bind a channel account to a person (re-binding moves it) and mark it active."""
    with transaction(db):
        db.execute(
            "INSERT INTO identities (channel, external_id, person_id, chat_id, active) VALUES (?, ?, ?, ?, 1) "
            "ON CONFLICT (channel, external_id) DO UPDATE SET person_id = excluded.person_id, "
            "chat_id = excluded.chat_id, active = 1",
            [channel, str(external_id), person_id, str(chat_id or external_id)],
        )


def set_identity_active(db: sqlite_utils.Database, channel: str, chat_id: str, active: bool) -> int:
    with transaction(db):
        return db.execute(
            "UPDATE identities SET active = ? WHERE channel = ? AND chat_id = ?",
            [int(active), channel, str(chat_id)],
        ).rowcount


def add_user(
    db: sqlite_utils.Database,
    *,
    channel: str,
    external_id: str,
    name: str,
    role: str,
    unit_id: int | None,
    language: str = "vi",
    now: datetime | None = None,
    org_id: int | None = None,
) -> int:
    """Create or update the person behind a channel account (scripted set-ups: `planbot users add`)."""
    check_role(role, unit_id)
    with transaction(db):
        existing = find_by_identity(db, channel, external_id)
        if existing:
            db.execute(
                "UPDATE people SET name = ?, role = ?, unit_id = ?, org_id = ?, active = 1 WHERE id = ?",
                [name, role, unit_id, _person_org(db, unit_id, org_id), existing.id],
            )
            return existing.id
        person_id = add_person(
            db, name=name, role=role, unit_id=unit_id, language=language, now=now, org_id=org_id
        )
        link_identity(db, person_id, channel, external_id)
        return person_id


def update_person(
    db: sqlite_utils.Database,
    person_id: int,
    *,
    role: str | None = None,
    unit_id: int | None = -1,
    active: bool | None = None,
    language: str | None = None,
    name: str | None = None,
) -> Person:
    """Change some fields of a person (unit_id=-1 means "leave as is"). Raises NotFound, BadRole."""
    with transaction(db):
        person = get_person(db, person_id)
        if person is None:
            raise NotFound(f"person {person_id}")
        new_role = role or person.role
        new_unit = person.unit_id if unit_id == -1 else unit_id
        check_role(new_role, new_unit)
        db.execute(
            "UPDATE people SET role = ?, unit_id = ?, active = ?, language = ?, name = ?, org_id = ? WHERE id = ?",
            [
                new_role,
                new_unit,
                int(person.active if active is None else active),
                language or person.language,
                name or person.name,
                _person_org(db, new_unit, person.org_id),
                person_id,
            ],
        )
        return get_person(db, person_id)


def set_reminders_paused(db: sqlite_utils.Database, person_id: int, paused: bool) -> None:
    with transaction(db):
        db.execute("UPDATE people SET reminders_paused = ? WHERE id = ?", [int(paused), person_id])


# --- invites -----------------------------------------------------------------------------------------


def create_invite(
    db: sqlite_utils.Database,
    *,
    unit_id: int | None,
    role: str,
    created_by: int | None = None,
    now: datetime | None = None,
    ttl: timedelta = INVITE_TTL,
    org_id: int | None = None,
) -> str:
    """A one-time code that registers its user with this unit and role (in the unit's organization, or
    `org_id` for an admin without a unit)."""
    check_role(role, unit_id)
    moment = now or datetime.now(UTC)
    with transaction(db):
        while True:
            code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
            if not db.execute("SELECT 1 FROM invites WHERE code = ?", [code]).fetchone():
                break
        db.execute(
            "INSERT INTO invites (code, unit_id, role, created_by, created_at, expires_at, org_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                code,
                unit_id,
                role,
                created_by,
                now_text(moment),
                now_text(moment + ttl),
                _person_org(db, unit_id, org_id),
            ],
        )
    return code


def use_invite(
    db: sqlite_utils.Database,
    code: str,
    *,
    channel: str,
    external_id: str,
    chat_id: str,
    name: str,
    language: str = "vi",
    now: datetime | None = None,
) -> Person:
    """Register the channel account with the invite's unit and role, in one transaction; an invite works
    once. An account that is already registered is moved to the invite's unit and role."""
    code = (code or "").strip().lower()
    moment = now or datetime.now(UTC)
    with transaction(db):
        row = db.execute(
            "SELECT unit_id, role, expires_at, used_by, person_id, org_id FROM invites WHERE code = ?", [code]
        ).fetchone()
        if row is None:
            raise InviteError("unknown")
        unit_id, role, expires_at, used_by, link_to, org_id = row
        if used_by is not None:
            raise InviteError("used")
        if expires_at and expires_at < now_text(moment):
            raise InviteError("expired")
        existing = find_by_identity(db, channel, external_id)
        if link_to is not None:
            # A link code: this account becomes another identity of the person who made the code.
            person_id = link_to
        elif existing:
            person_id = existing.id
            db.execute(
                "UPDATE people SET role = ?, unit_id = ?, org_id = ?, active = 1 WHERE id = ?",
                [role, unit_id, _person_org(db, unit_id, org_id), person_id],
            )
        else:
            person_id = add_person(
                db, name=name, role=role, unit_id=unit_id, language=language, now=moment, org_id=org_id
            )
        link_identity(db, person_id, channel, external_id, chat_id)
        updated = db.execute(
            "UPDATE invites SET used_by = ?, used_at = ? WHERE code = ? AND used_by IS NULL",
            [person_id, now_text(moment), code],
        )
        if updated.rowcount != 1:
            raise Conflict("invite used concurrently")
        return get_person(db, person_id)


def create_link_code(
    db: sqlite_utils.Database, person: Person, *, now: datetime | None = None, ttl: timedelta = INVITE_TTL
) -> str:
    """A one-time code that, sent from another chat account (e.g. Zalo), binds it to `person`."""
    with transaction(db):
        code = create_invite(
            db,
            unit_id=person.unit_id,
            role=person.role,
            created_by=person.id,
            now=now,
            ttl=ttl,
            org_id=person.org_id,
        )
        db.execute("UPDATE invites SET person_id = ? WHERE code = ?", [person.id, code])
    return code


# --- registration requests ---------------------------------------------------------------------------


def create_request(
    db: sqlite_utils.Database,
    *,
    channel: str,
    external_id: str,
    chat_id: str,
    name: str,
    note: str | None = None,
    now: datetime | None = None,
) -> tuple[int, bool]:
    """A pending request for this account (the existing one if any). Returns (id, created)."""
    with transaction(db):
        row = db.execute(
            "SELECT id FROM registration_requests WHERE channel = ? AND external_id = ? AND status = 'pending'",
            [channel, str(external_id)],
        ).fetchone()
        if row:
            return row[0], False
        cursor = db.execute(
            "INSERT INTO registration_requests (channel, external_id, chat_id, name, note, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [channel, str(external_id), str(chat_id), name.strip() or "?", note, now_text(now)],
        )
        return cursor.lastrowid, True


def get_request(db: sqlite_utils.Database, request_id: int) -> dict | None:
    row = db.execute(
        "SELECT id, channel, external_id, chat_id, name, note, status, decided_by FROM registration_requests "
        "WHERE id = ?",
        [request_id],
    ).fetchone()
    if not row:
        return None
    keys = ("id", "channel", "external_id", "chat_id", "name", "note", "status", "decided_by")
    return dict(zip(keys, row, strict=True))


def pending_requests(db: sqlite_utils.Database) -> list[dict]:
    ids = db.execute("SELECT id FROM registration_requests WHERE status = 'pending' ORDER BY id").fetchall()
    return [get_request(db, r[0]) for r in ids]


def decide_request(
    db: sqlite_utils.Database,
    request_id: int,
    *,
    approve: bool,
    decided_by: int,
    unit_id: int | None = None,
    role: str = "member",
    now: datetime | None = None,
    org_id: int | None = None,
) -> tuple[dict, Person | None]:
    """Approve (creating the person and identity) or reject a pending request, once: a second decision
    raises Conflict (two admins tapping at the same time, or one tapping twice)."""
    if approve:
        check_role(role, unit_id)
    with transaction(db):
        request = get_request(db, request_id)
        if request is None:
            raise NotFound(f"request {request_id}")
        if request["status"] != "pending":
            raise RequestDecided(request["status"])
        person = None
        if approve:
            existing = find_by_identity(db, request["channel"], request["external_id"])
            if existing:
                person_id = existing.id
                db.execute(
                    "UPDATE people SET role = ?, unit_id = ?, org_id = ?, active = 1 WHERE id = ?",
                    [role, unit_id, _person_org(db, unit_id, org_id), person_id],
                )
            else:
                person_id = add_person(
                    db, name=request["name"], role=role, unit_id=unit_id, now=now, org_id=org_id
                )
            link_identity(db, person_id, request["channel"], request["external_id"], request["chat_id"])
            person = get_person(db, person_id)
        db.execute(
            "UPDATE registration_requests SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?",
            ["approved" if approve else "rejected", decided_by, now_text(now), request_id],
        )
        request["status"] = "approved" if approve else "rejected"
        return request, person


# --- conversations -----------------------------------------------------------------------------------


@dataclass
class Conversation:
    state: str
    data: dict
    updated_at: str


def get_conversation(
    db: sqlite_utils.Database, channel: str, chat_id: str, external_id: str
) -> Conversation | None:
    row = db.execute(
        "SELECT state, data, updated_at FROM conversations WHERE channel = ? AND chat_id = ? AND external_id = ?",
        [channel, str(chat_id), str(external_id)],
    ).fetchone()
    return Conversation(row[0], json.loads(row[1]), row[2]) if row else None


def set_conversation(
    db: sqlite_utils.Database,
    channel: str,
    chat_id: str,
    external_id: str,
    state: str,
    data: dict,
    *,
    now: datetime | None = None,
) -> None:
    with transaction(db):
        db.execute(
            "INSERT INTO conversations (channel, chat_id, external_id, state, data, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel, chat_id, external_id) DO UPDATE SET "
            "state = excluded.state, data = excluded.data, updated_at = excluded.updated_at",
            [
                channel,
                str(chat_id),
                str(external_id),
                state,
                json.dumps(data, ensure_ascii=False),
                now_text(now),
            ],
        )


def clear_conversation(db: sqlite_utils.Database, channel: str, chat_id: str, external_id: str) -> bool:
    with transaction(db):
        return bool(
            db.execute(
                "DELETE FROM conversations WHERE channel = ? AND chat_id = ? AND external_id = ?",
                [channel, str(chat_id), str(external_id)],
            ).rowcount
        )


# --- settings ----------------------------------------------------------------------------------------


def get_setting(db: sqlite_utils.Database, key: str, default=None):
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else default


def set_setting(db: sqlite_utils.Database, key: str, value) -> None:
    with transaction(db):
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value, ensure_ascii=False)],
        )

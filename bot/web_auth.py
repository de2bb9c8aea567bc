"""Logging in to the web dashboard without a password.

- `/web` in chat gives a one-time link valid `LINK_TTL`; opening it and pressing "continue" starts a
  session (a GET alone does not: chat apps fetch links for previews, which must not use them up).
- In Telegram, the Mini App sends the init data Telegram signed for the user; `verify_init_data` checks
  the signature (HMAC-SHA256 with the key HMAC-SHA256("WebAppData", bot token)) and its age.
- A session is a random id in an HttpOnly cookie; the database holds its hash, its person, its expiry
  and its CSRF token (every POST form carries it; `check_csrf` compares in constant time).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

import sqlite_utils

from storage import web_auth as store
from storage.people import Person, find_by_identity, get_person, now_text

LINK_TTL = timedelta(minutes=10)
SESSION_TTL = timedelta(hours=12)
# Telegram signs the init data when the Mini App opens; older data is a replay.
INIT_DATA_MAX_AGE = timedelta(hours=1)


class LoginRefused(PermissionError):
    """A link or Mini App payload that does not log anyone in. `reason` names why (a catalog key suffix):
    unknown | used | expired | inactive | bad_signature | stale | unregistered."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Session:
    """A started session: `token` goes into the cookie (only its hash is stored)."""

    token: str
    person: Person
    csrf: str
    expires_at: datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def issue_link(db: sqlite_utils.Database, person: Person, now: datetime) -> str:
    """A new one-time login token for `person` (put into the link's path)."""
    token = secrets.token_urlsafe(32)
    store.add_link(db, _hash(token), person.id, now=now_text(now), expires_at=now_text(_utc(now) + LINK_TTL))
    return token


def check_link(db: sqlite_utils.Database, token: str, now: datetime) -> Person:
    """The person a link would log in, without using it. Raises LoginRefused."""
    state = store.link_state(db, _hash(token)) if token else None
    if state is None:
        raise LoginRefused("unknown")
    person_id, expires_at, used_at = state
    if used_at is not None:
        raise LoginRefused("used")
    if expires_at <= now_text(now):
        raise LoginRefused("expired")
    person = get_person(db, person_id)
    if person is None or not person.active:
        raise LoginRefused("inactive")
    return person


def redeem_link(db: sqlite_utils.Database, token: str, now: datetime) -> Session:
    """Use a one-time link and start a session. Raises LoginRefused (a link works once)."""
    person = check_link(db, token, now)
    if store.use_link(db, _hash(token), now=now_text(now)) is None:
        raise LoginRefused("used")  # another request used it between the check and now
    return start_session(db, person, now, via="link")


def start_session(db: sqlite_utils.Database, person: Person, now: datetime, *, via: str) -> Session:
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    expires = _utc(now) + SESSION_TTL
    store.add_session(
        db, _hash(token), person.id, csrf=csrf, via=via, now=now_text(now), expires_at=now_text(expires)
    )
    return Session(token, person, csrf, expires)


def session_person(db: sqlite_utils.Database, token: str | None, now: datetime) -> tuple[Person, str] | None:
    """(person, CSRF token) behind a session cookie; None when unknown, expired or the person left."""
    if not token:
        return None
    row = store.session_row(db, _hash(token), now=now_text(now))
    if row is None:
        return None
    person = get_person(db, row[0])
    if person is None or not person.active:
        return None
    return person, row[1]


def end_session(db: sqlite_utils.Database, token: str | None) -> bool:
    return bool(token) and store.delete_session(db, _hash(token))


def check_csrf(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


def verify_init_data(init_data: str, bot_token: str, now: datetime) -> dict:
    """The Telegram user of a Mini App's signed init data. Raises LoginRefused (bad_signature, stale)."""
    fields = dict(parse_qsl(init_data or "", keep_blank_values=True))
    given = fields.pop("hash", "")
    if not given or not bot_token:
        raise LoginRefused("bad_signature")
    check_string = "\n".join(f"{key}={fields[key]}" for key in sorted(fields))
    secret = hmac.new(b"WebAppData", bot_token.encode("utf-8"), hashlib.sha256).digest()
    expected = hmac.new(secret, check_string.encode("utf-8"), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, given.lower()):
        raise LoginRefused("bad_signature")
    try:
        signed_at = datetime.fromtimestamp(int(fields.get("auth_date", "")), UTC)
        user = json.loads(fields.get("user", ""))
        user_id = int(user["id"])
    except (ValueError, TypeError, KeyError):
        raise LoginRefused("bad_signature") from None
    age = _utc(now) - signed_at
    if age > INIT_DATA_MAX_AGE or age < -timedelta(minutes=5):
        raise LoginRefused("stale")
    return {**user, "id": user_id}


def login_telegram(db: sqlite_utils.Database, init_data: str, bot_token: str, now: datetime) -> Session:
    """Start a session for the registered person behind a Mini App's init data. Raises LoginRefused."""
    user = verify_init_data(init_data, bot_token, now)
    person = find_by_identity(db, "telegram", str(user["id"]))
    if person is None:
        raise LoginRefused("unregistered")
    if not person.active:
        raise LoginRefused("inactive")
    return start_session(db, person, now, via="telegram")


def sign_init_data(fields: dict[str, str], bot_token: str) -> str:
    """Init data signed as Telegram signs it (for tests and the local demo, never for a real login)."""
    from urllib.parse import urlencode

    check_string = "\n".join(f"{key}={fields[key]}" for key in sorted(fields))
    secret = hmac.new(b"WebAppData", bot_token.encode("utf-8"), hashlib.sha256).digest()
    digest = hmac.new(secret, check_string.encode("utf-8"), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest})


def purge(db: sqlite_utils.Database, now: datetime) -> int:
    return store.purge_expired(db, now=now_text(now))

"""One-time login links and web sessions (rows only; the rules are in bot/web_auth.py).

Tokens never reach the database: the caller passes their SHA-256 hash. A link is used with one UPDATE
that also checks it is unused and unexpired, so two browsers racing for the same link get one session.
"""

from __future__ import annotations

import sqlite_utils

from storage.db import transaction


def add_link(
    db: sqlite_utils.Database, token_hash: str, person_id: int, *, now: str, expires_at: str
) -> None:
    db.execute(
        "INSERT INTO web_links (token_hash, person_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
        [token_hash, person_id, now, expires_at],
    )


def link_state(db: sqlite_utils.Database, token_hash: str) -> tuple[int, str, str | None] | None:
    """(person id, expires_at, used_at) of a link, or None when there is no such link."""
    row = db.execute(
        "SELECT person_id, expires_at, used_at FROM web_links WHERE token_hash = ?", [token_hash]
    ).fetchone()
    return (row[0], row[1], row[2]) if row else None


def use_link(db: sqlite_utils.Database, token_hash: str, *, now: str) -> int | None:
    """Mark the link used if it is unused and unexpired; the person id, or None when it was not."""
    with transaction(db):
        row = db.execute(
            "SELECT person_id FROM web_links WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
            [token_hash, now],
        ).fetchone()
        if row is None:
            return None
        db.execute("UPDATE web_links SET used_at = ? WHERE token_hash = ?", [now, token_hash])
        return row[0]


def add_session(
    db: sqlite_utils.Database, id_hash: str, person_id: int, *, csrf: str, via: str, now: str, expires_at: str
) -> None:
    db.execute(
        "INSERT INTO web_sessions (id_hash, person_id, csrf, via, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [id_hash, person_id, csrf, via, now, expires_at],
    )


def session_row(db: sqlite_utils.Database, id_hash: str, *, now: str) -> tuple[int, str] | None:
    """(person id, csrf token) of an unexpired session."""
    row = db.execute(
        "SELECT person_id, csrf FROM web_sessions WHERE id_hash = ? AND expires_at > ?", [id_hash, now]
    ).fetchone()
    return (row[0], row[1]) if row else None


def delete_session(db: sqlite_utils.Database, id_hash: str) -> bool:
    return bool(db.execute("DELETE FROM web_sessions WHERE id_hash = ?", [id_hash]).rowcount)


def purge_expired(db: sqlite_utils.Database, *, now: str) -> int:
    """Forget expired sessions and links (a link is kept a day past its expiry for the 'expired' message)."""
    with transaction(db):
        gone = db.execute("DELETE FROM web_sessions WHERE expires_at <= ?", [now]).rowcount
        gone += db.execute(
            "DELETE FROM web_links WHERE julianday(expires_at) < julianday(?) - 1", [now]
        ).rowcount
    return gone

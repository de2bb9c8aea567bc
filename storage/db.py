"""Open the planbot database: WAL, foreign keys, migrations applied."""

from __future__ import annotations

import logging
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from storage.migrations import apply_migrations

logger = logging.getLogger(__name__)

DEFAULT_DB = "planbot.db"


def default_db_path() -> str:
    return os.environ.get("PLANBOT_DB") or DEFAULT_DB


def open_db(path: str | os.PathLike | None = None, *, migrate: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) the database at `path` (":memory:" allowed) and bring its schema up to date."""
    path = str(path) if path is not None else default_db_path()
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: we issue BEGIN/COMMIT ourselves (see `transaction`), so a whole
    # file ingest or a claim-and-mark is one atomic unit.
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 30000")
    if path != ":memory:":
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    if migrate:
        apply_migrations(db)
    return db


@contextmanager
def transaction(db: sqlite_utils.Database):
    """Run the block in one IMMEDIATE transaction; roll back on any exception.

    Nested use joins the outer transaction (savepoints would hide partial writes from callers
    that expect all-or-nothing per file).
    """
    conn = db.conn
    if conn.in_transaction:
        yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def database_path(db: sqlite_utils.Database) -> str:
    """The file behind the main database ("" for an in-memory one)."""
    for _, name, filename in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return filename
    raise RuntimeError("database has no main file")

"""Back up and restore the planbot database with SQLite's online backup API.

A backup copies the database page by page from a consistent snapshot while the bot keeps running (WAL:
the bot's writers are not blocked, and nothing written after the snapshot began is half in the copy).
The copy is written next to its destination, checked (integrity_check, schema version) and only then
renamed into place, so a failed backup never leaves a half-written file under the name asked for.

A restore checks the file first (an SQLite database, intact, with planbot's tables and a schema version
this code knows), keeps a copy of the current database beside it, and then copies the file into the
database through the same backup API: other connections see either the old or the restored content.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from storage.errors import StorageError
from storage.migrations import MIGRATIONS

# Tables every planbot database has had since its first migrations: a file without them is something else.
PLANBOT_TABLES = ("schema_migrations", "plans", "tasks", "units")


class BackupError(StorageError):
    """A backup or restore could not be done; `key` names the catalog message, `values` fill it."""

    key = "backup.failed"

    def __init__(self, key: str, **values):
        super().__init__(f"{key}: {values}")
        self.key = key
        self.values = values


@dataclass(frozen=True)
class BackupInfo:
    path: str
    version: int
    size: int  # bytes


def latest_version() -> int:
    """The newest schema version this code can run."""
    return max(version for version, _, _ in MIGRATIONS)


def backup_database(db_path: str | os.PathLike, destination: str | os.PathLike) -> BackupInfo:
    """Copy the database at `db_path` to `destination` (replaced if it exists), online and consistent."""
    source_path, dest = Path(db_path), Path(destination)
    if dest.exists() and source_path.exists() and dest.resolve() == source_path.resolve():
        raise BackupError("backup.same_file", db=str(source_path))
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
    try:
        target = sqlite3.connect(partial)
        try:
            # pages=-1: the whole database in one step, from one read snapshot. (Steps of a few pages
            # would let the bot's writes restart the copy again and again on a busy database.)
            source.backup(target, pages=-1)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        finally:
            target.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError("backup.failed", db=str(source_path), reason=str(exc)) from exc
    finally:
        source.close()
    try:
        version = check_database_file(partial)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, dest)
    return BackupInfo(str(dest), version, dest.stat().st_size)


def check_database_file(path: str | os.PathLike) -> int:
    """The schema version of the planbot database at `path`; raises BackupError when it is missing, not
    an SQLite database, damaged, not planbot's, or newer than this code."""
    path = Path(path)
    shown = str(path)
    if not path.is_file():
        raise BackupError("restore.missing", file=shown)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError("restore.not_planbot", file=shown) from exc
    try:
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:  # "file is not a database"
            raise BackupError("restore.not_planbot", file=shown) from exc
        if not all(table in tables for table in PLANBOT_TABLES):
            raise BackupError("restore.not_planbot", file=shown)
        try:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
        except sqlite3.DatabaseError as exc:
            raise BackupError("restore.damaged", file=shown, detail=str(exc)) from exc
        if problems != ["ok"]:
            raise BackupError("restore.damaged", file=shown, detail="; ".join(problems))
        version = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] or 0
    finally:
        conn.close()
    if version > latest_version():
        raise BackupError("restore.too_new", file=shown, version=version, known=latest_version())
    return version


def restore_database(source: str | os.PathLike, db_path: str | os.PathLike) -> tuple[int, str | None]:
    """Replace the database at `db_path` with the backup `source` after checking it. The current
    database is first backed up beside itself (`<db>.before-restore-<time>`). Returns (the restored
    schema version, the path of that copy or None when there was no database). Open the database with
    storage.db.open_db afterwards to bring an older backup's schema up to date."""
    version = check_database_file(source)
    db_path = Path(db_path)
    kept = None
    if db_path.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = str(db_path.with_name(f"{db_path.name}.before-restore-{stamp}"))
        backup_database(db_path, kept)
    src = sqlite3.connect(f"file:{Path(source)}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(db_path, timeout=30)
        try:
            src.backup(target, pages=-1)
        finally:
            target.close()
    except sqlite3.Error as exc:
        raise BackupError("backup.failed", db=str(db_path), reason=str(exc)) from exc
    finally:
        src.close()
    return version, kept

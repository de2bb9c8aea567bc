import pytest

from storage.db import open_db, transaction
from storage.migrations import MIGRATIONS, current_version


def test_fresh_db_is_migrated_to_latest(fresh_db):
    assert current_version(fresh_db) == max(v for v, _, _ in MIGRATIONS)
    assert fresh_db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert fresh_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopen_does_not_reapply(tmp_path):
    path = tmp_path / "x.db"
    open_db(path).conn.close()
    db = open_db(path)
    assert db.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)


def test_transaction_rolls_back_on_error(fresh_db):
    with pytest.raises(RuntimeError), transaction(fresh_db):
        fresh_db.execute("INSERT INTO units (name, folded) VALUES ('Phòng Kinh tế', 'phong kinh te')")
        raise RuntimeError("boom")
    assert fresh_db.execute("SELECT COUNT(*) FROM units").fetchone()[0] == 0

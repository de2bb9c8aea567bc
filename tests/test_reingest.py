"""Re-ingest safety: a cut-off file never silently replaces a plan. What a save would change is shown
first; removing tasks with history (or replacing a plan with a much smaller file) needs
--allow-removals; removed tasks are archived with their history and can be restored."""

from __future__ import annotations

import pytest

from bot.cli import main
from storage.db import open_db
from storage.errors import NotFound
from storage.plan_changes import RemovalsNeedConfirmation
from storage.plans import plan_changes, save_plan
from storage.task_archive import AlreadyRestored, list_archived, restore_task
from tests.conftest import SAMPLE_PLAN

FULL = SAMPLE_PLAN.read_text(encoding="utf-8")


def header_and_one_task(text: str) -> str:
    """The plan's header and its first task (a one-page scan of a longer plan)."""
    return text[: text.index("\n1.2.")] + "\n"


def first_share(text: str, share: float) -> str:
    return text[: int(len(text) * share)]


CUTS = {"header_and_one_task": header_and_one_task, "first_30_percent": lambda s: first_share(s, 0.3)}


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def dump(db_path) -> str:
    db = open_db(db_path)
    try:
        return "\n".join(db.conn.iterdump())
    finally:
        db.conn.close()


def scalar(db_path, sql: str):
    db = open_db(db_path)
    try:
        return db.execute(sql).fetchone()[0]
    finally:
        db.conn.close()


def report_progress(db_path, every: int = 3) -> int:
    """A member reports progress on every `every`-th task; returns how many tasks got history."""
    db = open_db(db_path)
    try:
        person = db.execute(
            "INSERT INTO people (name, role, created_at) VALUES ('Lan', 'member', '2026-10-01T00:00:00')"
        ).lastrowid
        ids = [r[0] for r in db.execute("SELECT id FROM tasks ORDER BY position")][::every]
        for task_id in ids:
            db.execute(
                "INSERT INTO status_updates (task_id, person_id, status, percent, note, created_at)"
                " VALUES (?, ?, 'in_progress', 40, 'đang làm', '2026-10-02T08:00:00')",
                [task_id, person],
            )
            db.execute(
                "UPDATE tasks SET status = 'in_progress', percent = 40, status_updated_at = ? WHERE id = ?",
                ["2026-10-02T08:00:00", task_id],
            )
        return len(ids)
    finally:
        db.conn.close()


@pytest.fixture
def stored(tmp_path, capsys):
    """The sample plan ingested, with progress reported on some of its tasks."""
    db_path = tmp_path / "kb.db"
    plan = tmp_path / "kehoach.txt"
    plan.write_text(FULL, encoding="utf-8")
    code, _, err = run(capsys, "--db", str(db_path), "ingest", str(plan))
    assert code == 0, err
    return db_path, plan


@pytest.mark.parametrize("cut", sorted(CUTS))
def test_a_cut_off_file_is_held_and_nothing_of_it_is_written(stored, tmp_path, capsys, cut):
    db_path, _ = stored
    with_history = report_progress(db_path)
    tasks_before = scalar(db_path, "SELECT COUNT(*) FROM tasks")
    before = dump(db_path)
    partial = tmp_path / "trang1.txt"
    partial.write_text(CUTS[cut](FULL), encoding="utf-8")

    code, out, err = run(capsys, "--db", str(db_path), "ingest", str(partial))

    assert code == 1
    assert dump(db_path) == before  # nothing of that file was written
    assert "Đã cập nhật" not in out
    held = next(line for line in err.splitlines() if line.startswith("Chưa nạp"))
    assert scalar(db_path, "SELECT COUNT(*) FROM tasks") == tasks_before
    assert f"đang có {tasks_before} nhiệm vụ" in held
    assert "nhiệm vụ đã có tiến độ" in held and "--allow-removals" in err
    assert "nhỏ hơn nhiều" in err  # the file is flagged as much smaller too
    changes_held = int(held.split("trong đó ")[1].split()[0])
    assert 0 < changes_held <= with_history


def test_allow_removals_archives_the_removed_tasks_and_restore_brings_them_back(stored, tmp_path, capsys):
    db_path, plan = stored
    report_progress(db_path)
    full_tasks = scalar(db_path, "SELECT COUNT(*) FROM tasks")
    history = scalar(db_path, "SELECT COUNT(*) FROM status_updates")
    partial = tmp_path / "trang1.txt"
    partial.write_text(header_and_one_task(FULL), encoding="utf-8")

    code, out, err = run(capsys, "--db", str(db_path), "ingest", "--allow-removals", str(partial))

    assert code == 0, err
    left = scalar(db_path, "SELECT COUNT(*) FROM tasks")
    archived = scalar(db_path, "SELECT COUNT(*) FROM archived_tasks")
    assert archived == full_tasks - left > 0
    assert f"bỏ {archived} nhiệm vụ" in out and "planbot archive restore" in out
    assert (
        scalar(db_path, "SELECT SUM(updates) FROM archived_tasks")
        + scalar(db_path, "SELECT COUNT(*) FROM status_updates")
        == history
    )  # every update is either still on its task or in the archive

    code, out, err = run(capsys, "--db", str(db_path), "archive", "list")
    assert code == 0 and out.count("\n") == archived

    code, out, err = run(capsys, "--db", str(db_path), "archive", "restore", "--plan", "112/KH-UBND")
    assert code == 0, err
    assert scalar(db_path, "SELECT COUNT(*) FROM tasks") == full_tasks
    assert scalar(db_path, "SELECT COUNT(*) FROM status_updates") == history
    assert scalar(db_path, "SELECT COUNT(*) FROM tasks WHERE status = 'in_progress'") > 0
    code, out, _ = run(capsys, "--db", str(db_path), "archive", "list")
    assert "Không có nhiệm vụ nào" in out


def test_a_much_smaller_file_is_flagged_even_when_no_task_has_history(stored, tmp_path, capsys):
    db_path, _ = stored
    before = dump(db_path)
    partial = tmp_path / "trang1.txt"
    partial.write_text(first_share(FULL, 0.3), encoding="utf-8")
    code, _, err = run(capsys, "--db", str(db_path), "--verbose", "ingest", str(partial))
    assert code == 1
    assert "trong đó 0 nhiệm vụ" in err and "nhỏ hơn nhiều" in err
    assert dump(db_path) == before


def test_the_same_file_again_changes_nothing_and_says_so(stored, capsys):
    db_path, plan = stored
    report_progress(db_path)
    tasks = scalar(db_path, "SELECT COUNT(*) FROM tasks")
    code, out, err = run(capsys, "--db", str(db_path), "ingest", str(plan))
    assert code == 0, err
    assert f"giữ nguyên {tasks}, sửa 0, thêm 0, bỏ 0" in out


def test_dropping_one_task_without_history_goes_through_and_is_archived(stored, tmp_path, capsys):
    db_path, _ = stored
    edited = tmp_path / "kehoach.txt"
    start = FULL.index("\n2.2.")
    end = FULL.index("\n2.3.")
    edited.write_text(FULL[:start] + FULL[end:], encoding="utf-8")
    code, out, err = run(capsys, "--db", str(db_path), "ingest", str(edited))
    assert code == 0, err
    assert "bỏ 1 nhiệm vụ" in out
    assert scalar(db_path, "SELECT content FROM archived_tasks").startswith(
        "Văn phòng HĐND và UBND xã chủ trì"
    )


def test_english_summary(stored, tmp_path, capsys):
    db_path, _ = stored
    report_progress(db_path)
    partial = tmp_path / "page1.txt"
    partial.write_text(header_and_one_task(FULL), encoding="utf-8")
    code, _, err = run(capsys, "--db", str(db_path), "ingest", "--lang", "en", str(partial))
    assert code == 1
    assert "Not loaded" in err and "with reported progress" in err and "--allow-removals" in err


# --- storage: the preview, the guard, the archive -------------------------------------------------------


def parsed(text: str):
    from knowledge.plan_parser import parse_plan

    return parse_plan(text, source_name="kh.txt")


def test_plan_changes_is_a_preview_that_writes_nothing(fresh_db):
    save_plan(fresh_db, parsed(FULL))
    stored_tasks = fresh_db.execute("SELECT COUNT(*) FROM tasks").fetchone()[0]
    changes_before = fresh_db.conn.total_changes
    changes = plan_changes(fresh_db, parsed(header_and_one_task(FULL)))
    assert fresh_db.conn.total_changes == changes_before
    assert changes.stored_tasks == stored_tasks
    assert changes.kept + changes.changed + changes.added == changes.new_tasks
    assert len(changes.removed) == stored_tasks - changes.kept - changes.changed
    assert changes.much_smaller and changes.needs_confirmation
    assert not plan_changes(fresh_db, parsed(FULL)).needs_confirmation
    new_plan = plan_changes(fresh_db, parsed(FULL.replace("112/KH-UBND", "113/KH-UBND")))
    assert new_plan.plan_id is None and new_plan.added == new_plan.new_tasks


def test_the_guard_holds_inside_the_save_too(fresh_db):
    save_plan(fresh_db, parsed(FULL))
    before = "\n".join(fresh_db.conn.iterdump())
    with pytest.raises(RemovalsNeedConfirmation) as held:
        save_plan(fresh_db, parsed(first_share(FULL, 0.3)))
    assert held.value.changes.much_smaller
    assert "\n".join(fresh_db.conn.iterdump()) == before


def test_restore_returns_the_history_to_a_task_that_came_back(fresh_db):
    save_plan(fresh_db, parsed(FULL))
    task_id = fresh_db.execute("SELECT id FROM tasks ORDER BY position DESC LIMIT 1").fetchone()[0]
    person = fresh_db.execute(
        "INSERT INTO people (name, role, created_at) VALUES ('Lan', 'member', '2026-10-01T00:00:00')"
    ).lastrowid
    fresh_db.execute(
        "INSERT INTO status_updates (task_id, person_id, status, percent, created_at)"
        " VALUES (?, ?, 'blocked', 20, '2026-10-02T08:00:00')",
        [task_id, person],
    )
    fresh_db.execute(
        "UPDATE tasks SET status = 'blocked', percent = 20, status_updated_at = '2026-10-02T08:00:00'"
        " WHERE id = ?",
        [task_id],
    )
    fresh_db.execute(
        "INSERT INTO assignments (task_id, person_id, assigned_at) VALUES (?, ?, '2026-10-01')",
        [task_id, person],
    )
    save_plan(fresh_db, parsed(header_and_one_task(FULL)), allow_removals=True)
    assert fresh_db.execute("SELECT COUNT(*) FROM status_updates").fetchone()[0] == 0
    save_plan(fresh_db, parsed(FULL))  # the whole plan again: the task is back, without its history
    [archived] = [a for a in list_archived(fresh_db) if a.updates]

    restored = restore_task(fresh_db, archived.id)

    assert restored.merged and restored.updates == 1
    row = fresh_db.execute("SELECT status, percent FROM tasks WHERE id = ?", [restored.task_id]).fetchone()
    assert row == ("blocked", 20)
    assert fresh_db.execute("SELECT task_id FROM assignments").fetchall() == [(restored.task_id,)]
    with pytest.raises(AlreadyRestored):
        restore_task(fresh_db, archived.id)
    with pytest.raises(NotFound):
        restore_task(fresh_db, 10_000)


def test_a_restored_task_takes_its_old_id_back_so_old_buttons_work(fresh_db):
    save_plan(fresh_db, parsed(FULL))
    last = fresh_db.execute(
        "SELECT id, content, content_folded FROM tasks ORDER BY position DESC LIMIT 1"
    ).fetchone()
    save_plan(fresh_db, parsed(header_and_one_task(FULL)), allow_removals=True)
    archived = next(a for a in list_archived(fresh_db) if a.content == last[1])
    restored = restore_task(fresh_db, archived.id)
    assert not restored.merged and restored.task_id == last[0]
    hits = fresh_db.execute(
        "SELECT COUNT(*) FROM tasks_fts WHERE tasks_fts MATCH ?", [last[2].split()[-1]]
    ).fetchone()[0]
    assert hits >= 1  # back in the search index


def test_the_seed_plan_cut_off_is_held(seeds_dir, tmp_path, capsys):
    """The reproduction: the seed plan with the most tasks re-ingested from its first 30%, or 15% (a
    one-page scan of a longer plan)."""
    from knowledge.plan_parser import parse_plan

    source = max(
        sorted(seeds_dir.glob("*.txt")),
        key=lambda p: len(parse_plan(p.read_text(encoding="utf-8"), source_name=p.name).tasks),
    )
    db_path = tmp_path / "kb.db"
    assert run(capsys, "--db", str(db_path), "ingest", str(source))[0] == 0
    report_progress(db_path)
    before = dump(db_path)
    text = source.read_text(encoding="utf-8")
    for name, cut in (("a.txt", first_share(text, 0.3)), ("b.txt", first_share(text, 0.15))):
        partial = tmp_path / name
        partial.write_text(cut, encoding="utf-8")
        code, _, err = run(capsys, "--db", str(db_path), "ingest", str(partial))
        assert code == 1 and "--allow-removals" in err, err
        assert dump(db_path) == before

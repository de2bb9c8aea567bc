"""bot.ingest: one file at a time or many through worker processes, the same plans either way."""

from __future__ import annotations

import pytest

from bot.ingest import MIN_FILES_FOR_POOL, NoTasksFound, ingest_files, ingest_path, looks_like_plan, read_plan
from knowledge.documents import DocumentError
from knowledge.models import Deadline, ParsedPlan, ParsedTask
from storage.db import open_db
from storage.plans import export_plans

FREE_TEXT = "Kính gửi anh chị.\nChiều nay họp tổ lúc 3 giờ, mọi người nhớ mang theo máy tính.\n"


def plan_folder(tmp_path, sample_plan_path, count: int):
    """`count` distinct copies of the sample plan (own numbers), an empty file and a note in the middle."""
    text = sample_plan_path.read_text(encoding="utf-8")
    assert "Số: 112/KH-UBND" in text
    folder = tmp_path / "plans"
    folder.mkdir()
    for i in range(count):
        (folder / f"{i:03d}_plan.txt").write_text(text.replace("Số: 112/", f"Số: {500 + i}/"), "utf-8")
    (folder / "005_empty.txt").write_bytes(b"")
    (folder / "007_note.txt").write_text(FREE_TEXT, encoding="utf-8")
    return sorted(folder.iterdir())


def ingest_all(db_path, paths, workers):
    db = open_db(db_path)
    try:
        outcomes = list(ingest_files(db, paths, workers=workers))
        return outcomes, export_plans(db)
    finally:
        db.conn.close()


def test_worker_processes_store_exactly_what_one_by_one_stores(tmp_path, sample_plan_path):
    paths = plan_folder(tmp_path, sample_plan_path, MIN_FILES_FOR_POOL + 2)
    alone, alone_export = ingest_all(tmp_path / "alone.db", paths, workers=1)
    pooled, pooled_export = ingest_all(tmp_path / "pooled.db", paths, workers=2)

    assert [o.path for o in pooled] == paths  # outcomes come back in file order
    assert pooled_export == alone_export
    assert len(pooled_export["plans"]) == MIN_FILES_FOR_POOL + 2
    refused = {o.path.name: type(o.error) for o in pooled if o.error is not None}
    assert refused == {"005_empty.txt": DocumentError, "007_note.txt": NoTasksFound}
    assert refused == {o.path.name: type(o.error) for o in alone if o.error is not None}
    saved = [o for o in pooled if o.error is None]
    assert all(o.result.tasks == len(o.parsed.tasks) > 0 for o in saved)


def test_stopping_early_keeps_the_files_already_saved(tmp_path, sample_plan_path):
    paths = plan_folder(tmp_path, sample_plan_path, MIN_FILES_FOR_POOL + 4)
    db = open_db(tmp_path / "kb.db")
    outcomes = ingest_files(db, paths, workers=2)
    taken = [next(outcomes) for _ in range(3)]
    outcomes.close()  # the caller broke off (Ctrl-C): pending work is dropped, the pool shut down
    assert [o.path for o in taken] == paths[:3]
    assert db.execute("SELECT COUNT(*) FROM plans").fetchone()[0] == 3
    db.conn.close()


def test_ingest_path_saves_one_plan(fresh_db, sample_plan_path):
    parsed, result = ingest_path(fresh_db, sample_plan_path)
    assert result.created and result.tasks == len(parsed.tasks) > 0
    assert fresh_db.execute("SELECT COUNT(*) FROM tasks").fetchone()[0] == result.tasks


def test_read_plan_refuses_a_note_without_tasks(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(FREE_TEXT, encoding="utf-8")
    with pytest.raises(NoTasksFound):
        read_plan(note)


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        (ParsedPlan(number="12/KH-UBND", tasks=[ParsedTask(None, "Rà soát hồ sơ")]), True),
        (ParsedPlan(number=None, tasks=[ParsedTask("1.1", "Rà soát hồ sơ")]), True),
        (ParsedPlan(number=None, tasks=[ParsedTask(None, "Rà soát", lead="Phòng Kinh tế")]), True),
        (ParsedPlan(number=None, tasks=[ParsedTask(None, "Rà soát", deadline=Deadline("recurring"))]), True),
        (ParsedPlan(number="12/KH-UBND", tasks=[]), False),
        (ParsedPlan(number=None, tasks=[ParsedTask(None, "Chiều nay họp tổ lúc 3 giờ")]), False),
    ],
)
def test_looks_like_plan(plan, expected):
    assert looks_like_plan(plan) is expected


def _die_on_the_third(path, name):
    """Stands in for a worker's job: reading the third file kills the worker (out of memory, a crash)."""
    import os

    from bot.isolation import read_job

    if name.startswith("002"):
        os._exit(3)
    return read_job(path, name)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_dead_worker_refuses_its_file_and_the_others_are_saved(
    tmp_path, sample_plan_path, monkeypatch, workers
):
    paths = plan_folder(tmp_path, sample_plan_path, MIN_FILES_FOR_POOL)
    monkeypatch.setattr("bot.isolation.read_job", _die_on_the_third)  # the job the workers run
    db = open_db(tmp_path / "kb.db")
    outcomes = list(ingest_files(db, paths, workers=workers))
    assert [o.path for o in outcomes] == paths
    crashed = [o for o in outcomes if isinstance(o.error, DocumentError) and o.error.key == "reader_crashed"]
    assert [o.path.name for o in crashed] == ["002_plan.txt"]
    assert db.execute("SELECT COUNT(*) FROM plans").fetchone()[0] == MIN_FILES_FOR_POOL - 1
    db.conn.close()


def _hang_on_the_third(path, name):
    """Stands in for a worker's job: reading the third file never ends."""
    import time

    if name.startswith("002"):
        time.sleep(600)
    return name.upper()


def test_a_file_that_hangs_is_refused_and_the_files_queued_behind_it_are_read(tmp_path):
    from bot.isolation import QUEUE_DEPTH, ReaderPool, ReadLimits

    assert QUEUE_DEPTH > 1  # one worker has the fourth file waiting behind the third when it hangs
    paths = [tmp_path / f"{i:03d}_plan.txt" for i in range(6)]
    for path in paths:
        path.write_text("x", encoding="utf-8")
    # The limit counts from a file's sending, a fresh worker's start included: wide enough for a loaded machine
    # (1.5 s refused the file after the hanging one twice while four test runs shared two cores).
    with ReaderPool(1, ReadLimits(seconds=5), job=_hang_on_the_third) as pool:
        outcomes = list(pool.read_many((path, path.name) for path in paths))
    assert isinstance(outcomes[2], DocumentError) and outcomes[2].key == "too_slow"
    assert outcomes[:2] + outcomes[3:] == [p.name.upper() for p in paths[:2] + paths[3:]]


IMPOSSIBLE_DATES_PLAN = """UBND XÃ AN PHÚ
Số: 31/KH-UBND
KẾ HOẠCH
Chuyển đổi số năm 2026
II. NHIỆM VỤ
1. Phòng Văn hóa - Xã hội chủ trì số hóa hồ sơ, hoàn thành trước 31/2/2026.
2. Phòng Kinh tế chủ trì rà soát dữ liệu đất đai, hoàn thành trước tháng 13/2026.
3. Công an xã chủ trì làm sạch dữ liệu dân cư, hoàn thành trước 30/6/2026.
"""


def test_impossible_dates_are_stored_and_counted_as_no_date(fresh_db, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(IMPOSSIBLE_DATES_PLAN, encoding="utf-8")
    parsed, result = ingest_path(fresh_db, path)
    assert result.tasks == 3 and result.with_deadline == 1  # never "có thời hạn" for 31/2 or tháng 13
    rows = fresh_db.execute("SELECT code, deadline_kind, due_date FROM tasks ORDER BY position").fetchall()
    assert rows == [("1", "none", None), ("2", "none", None), ("3", "date", "2026-06-30")]
    assert len(parsed.problems) == 2  # each one still reported as a warning

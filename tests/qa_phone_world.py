"""The knowledge base behind the phone-typed question sets (tests/data/qa_phone_*.json): the five seed
plans and the clean plans of tests/data/qa_plans, ingested with the real pipeline, then a few status
updates so that "đã xong", "đang làm", "vướng mắc" have true answers.

Also runnable: `python -m tests.qa_phone_world DB [SET.json ...]` builds DB and grades the sets in-process
(the same rules as ../shared/eval/grade_qa.py), printing the figures by pattern."""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "tests" / "data" / "qa_plans"
SETS = (ROOT / "tests" / "data" / "qa_phone_dev.json", ROOT / "tests" / "data" / "qa_phone_holdout.json")
SEEDS = ROOT.parent / "shared" / "seeds"
EVAL = ROOT.parent / "shared" / "eval"

# (plan number, task code, words of its content, status, percent)
STATUSES = [
    ("415/KH-UBND", "1.2", "cắt giảm thời gian", "done", 100),
    ("415/KH-UBND", "2.2", "VNeID", "done", 100),
    ("25-KH/ĐU", "1", "quán triệt", "done", 100),
    ("415/KH-UBND", "1.1", "Số hóa hồ sơ", "in_progress", 60),
    ("415/KH-UBND", "4.2", "tập huấn", "in_progress", 30),
    ("415/KH-UBND", "2.1", "đất đai", "blocked", 20),
    ("47a/KH-UBND", "3.2", "", "in_progress", 50),
]


def plan_files(seeds_dir: Path = SEEDS) -> list[Path]:
    return sorted(seeds_dir.glob("*.txt")) + sorted(PLANS.glob("*.txt"))


def set_statuses(db) -> None:
    """The status updates of STATUSES, through storage.progress like a real update."""
    from storage.progress import record_update

    for number, code, words, status, percent in STATUSES:
        rows = db.execute(
            "SELECT t.id, t.content FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE p.number = ? AND t.code = ?",
            [number, code],
        ).fetchall()
        ids = [i for i, content in rows if words.lower() in (content or "").lower()]
        assert len(ids) == 1, (number, code, words, len(ids))
        record_update(db, task_id=ids[0], person_id=None, status=status, percent=percent)


def build(path: Path, seeds_dir: Path = SEEDS) -> None:
    """Ingest every plan file into `path` and set the statuses."""
    from bot.ingest import ingest_path
    from storage.db import open_db

    db = open_db(str(path))
    for plan in plan_files(seeds_dir):
        ingest_path(db, plan)
    set_statuses(db)
    db.conn.close()


def grade_in_process(db_path: Path, qfile: Path) -> tuple[int, int, Counter, Counter, list[str]]:
    """(passed, total, passed by pattern, total by pattern, failures) of one set, asked in this process."""
    sys.path.insert(0, str(EVAL))
    from grade_qa import grade  # the shared grader's rules

    from bot.assistant import Assistant, asker_for_unit
    from bot.cli_ask import answer_json
    from storage.db import open_db

    assistant = Assistant(open_db(str(db_path)))
    data = json.loads(qfile.read_text(encoding="utf-8"))
    ok, all_, fails = Counter(), Counter(), []
    for q in data["questions"]:
        today = date.fromisoformat(q.get("today", data["default_today"]))
        asker = asker_for_unit(assistant, q.get("unit"))
        out = answer_json(assistant.ask(q["q"], asker, today=today))
        why = grade(q, out)
        all_[q["pattern"]] += 1
        if why:
            fails.append(f"{q['id']}: {q['q']!r}: {'; '.join(why)}")
        else:
            ok[q["pattern"]] += 1
    return sum(ok.values()), sum(all_.values()), ok, all_, fails


if __name__ == "__main__":
    target = Path(sys.argv[1])
    if not target.exists():
        build(target)
    for qfile in [Path(a) for a in sys.argv[2:]] or SETS:
        passed, total, ok, all_, fails = grade_in_process(target, qfile)
        print("\n".join(fails))
        print(f"{qfile.name}: {passed}/{total} ({passed / total:.0%})")
        print("  " + ", ".join(f"{p} {ok[p]}/{n}" for p, n in all_.items()))

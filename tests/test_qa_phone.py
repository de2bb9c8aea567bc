"""The phone-typed question sets (tests/data/qa_phone_*.json) over the seeds and the clean plans of
tests/data/qa_plans, graded by the shared grader (../shared/eval/grade_qa.py) through `planbot ask`.
The development set must pass at least DEV_MIN; the held-out set (not tuned on) is printed and kept above
HELD_OUT_MIN so that it cannot silently regress."""

from __future__ import annotations

import subprocess
import sys

from tests import qa_phone_world
from tests.test_grade_qa import planbot_executable

DEV_MIN = 0.95  # the figure for the development set
HELD_OUT_MIN = 0.9


def _grade(planbot, db, qfile) -> float:
    grade = subprocess.run(
        [sys.executable, str(qa_phone_world.EVAL / "grade_qa.py"), planbot, str(db), str(qfile), "0"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    print(grade.stdout)
    passed, total = (int(x) for x in grade.stdout.strip().splitlines()[-1].split()[1].split("/"))
    return passed / total


def test_phone_questions_pass(tmp_path, seeds_dir, eval_dir):
    db = tmp_path / "phone.db"
    qa_phone_world.build(db, seeds_dir)
    planbot = planbot_executable()
    dev, held_out = qa_phone_world.SETS
    assert _grade(planbot, db, dev) >= DEV_MIN
    assert _grade(planbot, db, held_out) >= HELD_OUT_MIN

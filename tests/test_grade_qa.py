"""The shared QA grader over a knowledge base of the five seed plans, built with the real pipeline
(`planbot ingest`), must pass at least 90% of the dev questions."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def planbot_executable() -> str:
    sibling = Path(sys.executable).with_name("planbot")
    if sibling.exists():
        return str(sibling)
    found = shutil.which("planbot")
    assert found, "the planbot console script is not installed (pip install -e .)"
    return found


def test_dev_questions_pass(tmp_path, seeds_dir, eval_dir):
    planbot = planbot_executable()
    db = tmp_path / "seeds.db"
    seeds = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    assert len(seeds) >= 5
    ingest = subprocess.run(
        [planbot, "--db", str(db), "ingest", *seeds], capture_output=True, text=True, timeout=300
    )
    assert ingest.returncode == 0, ingest.stderr
    grade = subprocess.run(
        [sys.executable, str(eval_dir / "grade_qa.py"), planbot, str(db), str(eval_dir / "qa_dev.json")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(grade.stdout)
    last = grade.stdout.strip().splitlines()[-1]
    passed, total = (int(x) for x in last.split()[1].split("/"))
    assert passed / total >= 0.9, grade.stdout

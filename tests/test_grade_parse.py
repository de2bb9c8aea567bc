"""Run the shared grader on an export of all five seed plans: recall, lead, kind, due >= 0.95, metadata exact.

The export goes through the real pipeline (storage.plans.save_plan + export_plans) when storage/plans.py
exists, else through the parser's own export shape (`plan_to_export`), which is the same public format.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys

from knowledge.documents import read_document
from knowledge.plan_parser import parse_plan, plan_to_export


def _export(seeds_dir, fresh_db) -> dict:
    parsed = [parse_plan(read_document(f), source_name=f.name) for f in sorted(seeds_dir.glob("*.txt"))]
    if importlib.util.find_spec("storage.plans") is not None:
        from storage import plans as plan_store

        for f, plan in zip(sorted(seeds_dir.glob("*.txt")), parsed, strict=True):
            plan_store.save_plan(fresh_db, plan, source_file=str(f))
        return plan_store.export_plans(fresh_db)
    return {"plans": [plan_to_export(p) for p in parsed]}


def _grade(export: dict, eval_dir, tmp_path) -> tuple[int, dict, str]:
    out = tmp_path / "out.json"
    out.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(eval_dir / "grade_parse.py"), str(out), str(eval_dir / "gold"), "--min", "0.95"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    return proc.returncode, figures, proc.stdout


def test_seed_export_meets_the_grader(seeds_dir, eval_dir, fresh_db, tmp_path):
    code, figures, output = _grade(_export(seeds_dir, fresh_db), eval_dir, tmp_path)
    for key in ("recall", "lead", "kind", "due"):
        assert figures[key] >= 0.95, output
    assert figures["meta"] == 1.0, output
    assert code == 0, output


def test_seeds_without_blank_lines_still_meet_the_grader(seeds_dir, eval_dir, tmp_path):
    """Other OCR tools drop blank lines: paragraphs must still come apart."""
    plans = []
    for f in sorted(seeds_dir.glob("*.txt")):
        text = re.sub(r"\n\s*\n", "\n", read_document(f))
        plans.append(plan_to_export(parse_plan(text)))
    code, figures, output = _grade({"plans": plans}, eval_dir, tmp_path)
    assert code == 0, output
    assert figures["meta"] == 1.0


def test_grader_fails_a_broken_export(seeds_dir, eval_dir, fresh_db, tmp_path):
    """The check can fail: the same export without leads and deadlines must not pass."""
    export = {
        "plans": [plan_to_export(parse_plan(read_document(f))) for f in sorted(seeds_dir.glob("*.txt"))]
    }
    for plan in export["plans"]:
        for task in plan["tasks"]:
            task["lead"] = None
            task["deadline"] = {"kind": "none", "due": None, "text": ""}
    code, figures, _output = _grade(export, eval_dir, tmp_path)
    assert code != 0
    assert figures["lead"] < 0.5 and figures["due"] < 0.5

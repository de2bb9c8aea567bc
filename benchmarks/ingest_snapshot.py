"""Snapshot of everything ingest produces, to prove a speed change leaves its output identical.

Every plan of tests/data/**/*.txt and ../shared/seeds is read as `planbot ingest` reads it (parse, repair,
prepare: bot.plan_reading.read_plan, in this process) and dumped as JSON: the parsed plan (tasks' original,
content, lead, partners, deadline, section, duties, targets, title, issuer...) and the prepared plan (folded
search text, keys, canonical units). Then all of them are saved into a fresh database through
bot.ingest (the same save path), and every row of the tables ingest writes is dumped too (times left out).

Run: .venv/bin/python -m benchmarks.ingest_snapshot OUT.json [--repair off]
Compare two snapshots: .venv/bin/python -m benchmarks.ingest_snapshot --compare A.json B.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEEDS = ROOT.parent / "shared" / "seeds"
TABLES = ("plans", "tasks", "task_units", "units", "unit_aliases", "duties", "targets")
SKIP_COLUMNS = {"ingested_at", "created_at", "updated_at"}


def plan_files() -> list[Path]:
    files = sorted((ROOT / "tests" / "data").rglob("*.txt"))
    if SEEDS.is_dir():
        files += sorted(SEEDS.glob("*.txt"))
    return files


def snapshot() -> dict:
    from bot.ingest import _save
    from bot.plan_reading import NoTasksFound, read_plan
    from knowledge.documents import DocumentError
    from storage.db import open_db

    out: dict = {"files": {}, "db": {}}
    with tempfile.TemporaryDirectory(prefix="planbot-snapshot-") as tmp:
        db = open_db(Path(tmp) / "snap.db")
        for path in plan_files():
            name = str(path.relative_to(path.parents[1]))
            try:
                parsed, prepared = read_plan(path, path.name)
            except (DocumentError, NoTasksFound) as exc:
                out["files"][name] = {"refused": repr(exc)}
                continue
            out["files"][name] = {"parsed": asdict(parsed), "prepared": asdict(prepared)}
            try:
                _save(db, parsed, prepared, path.name, allow_removals=True)
            except Exception as exc:  # recorded: the same failure before and after is identical output
                out["files"][name]["save_error"] = repr(exc)
        for table in TABLES:
            rows = db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            columns = [c[1] for c in db.execute(f"PRAGMA table_info({table})").fetchall()]
            out["db"][table] = [
                {c: v for c, v in zip(columns, row, strict=True) if c not in SKIP_COLUMNS} for row in rows
            ]
        out["db"]["search"] = search_rows(db)
        db.conn.close()
    return out


def search_rows(db) -> list:
    """The full-text index as a query sees it: each term with the rows holding it (an external-content
    table's own rows are read from its content table, so the index itself is read through fts5vocab)."""
    names = [
        r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE sql LIKE '%using fts5(%'").fetchall()
    ]
    rows = []
    for name in names:
        db.execute(f"CREATE VIRTUAL TABLE temp.snapshot_vocab USING fts5vocab(main, {name}, row)")
        rows.extend([name, *row] for row in db.execute("SELECT * FROM temp.snapshot_vocab ORDER BY term"))
        for (term,) in db.execute("SELECT term FROM temp.snapshot_vocab ORDER BY term").fetchall():
            hits = db.execute(f"SELECT rowid FROM {name} WHERE {name} MATCH ? ORDER BY rowid", [f'"{term}"'])
            rows.append([name, term, [r[0] for r in hits]])
        db.execute("DROP TABLE temp.snapshot_vocab")
    return rows


def compare(a: dict, b: dict) -> int:
    differences = 0
    for section in ("files", "db"):
        for key in sorted(set(a[section]) | set(b[section])):
            if a[section].get(key) != b[section].get(key):
                differences += 1
                if differences <= 10:
                    print(f"differs: {section} {key}")
                    _first_difference(a[section].get(key), b[section].get(key), f"  {key}")
    print(f"{len(a['files'])} files, {sum(len(v) for v in a['db'].values())} rows: {differences} differ")
    return 1 if differences else 0


def _first_difference(x, y, where: str) -> None:
    if isinstance(x, dict) and isinstance(y, dict):
        for k in sorted(set(x) | set(y), key=str):
            if x.get(k) != y.get(k):
                return _first_difference(x.get(k), y.get(k), f"{where}.{k}")
    if isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
        for i, (p, q) in enumerate(zip(x, y, strict=True)):
            if p != q:
                return _first_difference(p, q, f"{where}[{i}]")
    print(f"{where}:\n    {str(x)[:300]}\n    {str(y)[:300]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ingest_snapshot", description=__doc__)
    parser.add_argument("out", nargs="?", help="where to write the snapshot (JSON)")
    parser.add_argument("--repair", choices=("on", "off"), default="on")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"), help="compare two snapshots")
    args = parser.parse_args(argv)
    if args.compare:
        a, b = (json.loads(Path(p).read_text(encoding="utf-8")) for p in args.compare)
        return compare(a, b)
    if not args.out:
        parser.error("give OUT.json or --compare A B")
    os.environ["PLANBOT_REPAIR"] = "1" if args.repair == "on" else "0"
    data = snapshot()
    Path(args.out).write_text(json.dumps(data, ensure_ascii=False, default=str, indent=0), encoding="utf-8")
    print(f"{len(data['files'])} files written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

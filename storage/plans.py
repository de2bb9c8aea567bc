"""Save parsed plans into the knowledge base, and export it.

A plan is identified by its folded number and issuer. Saving a plan that is already there updates it in
place: its tasks are matched to the stored ones (by a stable key, then by fuzzy content among the rest),
so the status, status history, assignments and mutes of tasks that still exist are kept; tasks that
disappeared from the document are archived with their history (storage.task_archive) and deleted.

What a save would change is computed first (`plan_changes`, storage.plan_changes): removing tasks with
history, or replacing a plan with a much smaller file, needs `allow_removals=True`; without it the save
raises RemovalsNeedConfirmation and writes nothing.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlite_utils
from rapidfuzz import fuzz

from knowledge.export import TaskProgress, export_document, export_plan
from knowledge.fold import fold_words
from knowledge.models import Deadline, ParsedPlan, ParsedTask, ReportingDuty, Target
from knowledge.orgs import leads_every_commune
from knowledge.refs import plan_refs
from knowledge.units import abbreviation, canonical_unit, collective_kind, match_unit_at_start
from storage.db import transaction
from storage.org_placement import org_for_plan, place_plan_tasks
from storage.plan_changes import PlanChanges, RemovalsNeedConfirmation, describe_changes
from storage.repair import searchable_folded
from storage.task_archive import archive_tasks

logger = logging.getLogger(__name__)

# json.dumps(value, ensure_ascii=False) builds an encoder per call; one built once encodes the same (every
# task, duty and target has a list or two to store).
_to_json = json.JSONEncoder(ensure_ascii=False).encode

# OCR spells the same issuer differently from one scan to the next; above this similarity two issuers of
# a plan with the same number are taken as the same body.
ISSUER_SIMILARITY = 85
# Below this similarity an edited task is a new task (its history is not carried over).
TASK_SIMILARITY = 80
KEY_WORDS = 12


@dataclass
class SaveResult:
    plan_id: int
    number: str | None
    created: bool
    tasks: int
    with_lead: int
    with_deadline: int
    kept_history: int  # tasks matched to a stored task (status and history kept)
    removed: int  # stored tasks no longer in the document (archived)
    changes: PlanChanges | None = None  # what the save changed (None for a plan saved as new in bulk)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _marks(name: str) -> int:
    """How many letters of `name` carry Vietnamese marks (or đ): more means a better spelling."""
    return sum(1 for ch in name if ch.isalpha() and not ch.isascii())


def ensure_unit(db: sqlite_utils.Database, name: str, org_id: int | None = None) -> int:
    """Id of the unit named `name` (canonical, with diacritics) of organization `org_id`, created if new
    ("Phòng Kinh tế" of one commune is not that of another).

    A unit outside the registry is named as a document wrote it; when an OCR'd plan named it first
    ("Chi cục Thuy loi") and a clean one spells it with its marks ("Chi cục Thủy lợi"), the better
    spelling replaces the stored name, so every plan shows it.
    """
    folded = fold_words(name)
    row = db.execute(
        "SELECT id, name FROM units WHERE coalesce(org_id, 0) = ? AND folded = ?", [org_id or 0, folded]
    ).fetchone()
    if row is None:
        row = _variant_of(db, name, folded, org_id)
    if row:
        # The same spelling as stored (the usual case) has nothing better to give: no letters counted.
        if name.strip() != row[1] and _marks(name.strip()) > _marks(row[1]) and fold_words(row[1]) == folded:
            db.execute("UPDATE units SET name = ? WHERE id = ?", [name.strip(), row[0]])
        return row[0]
    cur = db.execute(
        "INSERT INTO units (name, folded, abbreviation, org_id, collective) VALUES (?, ?, ?, ?, ?)",
        [name.strip(), folded, abbreviation(name), org_id, collective_kind(name)],
    )
    return cur.lastrowid


# Two names of units outside the registry this similar (folded) are one unit spelt by OCR two ways
# ("Chi cục Thủy lợi" / "Chi cuc Thuy loj"); registered names are made canonical before they get here.
VARIANT_SIMILARITY = 92


def _registered(name: str) -> bool:
    """Whether `name` is a unit of the registry (whose spellings are made canonical before saving)."""
    hit = match_unit_at_start(name, generic=False)
    return bool(hit) and hit[1] >= len(name.rstrip(" .;,")) - 1


def _variant_of(db, name: str, folded: str, org_id: int | None) -> tuple[int, str] | None:
    """The stored unit of the same organization `name` is an OCR or spelling variant of (recorded as its
    alias), or None."""
    row = db.execute(
        "SELECT u.id, u.name FROM unit_aliases a JOIN units u ON u.id = a.unit_id"
        " WHERE a.alias = ? AND coalesce(u.org_id, 0) = ?",
        [folded, org_id or 0],
    ).fetchone()
    if row:
        return row
    if _registered(name) or len(folded) < 8:
        return None
    head = folded.split()[0]
    # "Đoàn kiểm tra số 1" / "số 2", "Tổ 3" / "Tổ 5": names differing in their numbers are different units.
    numbers = re.findall(r"\d+", folded)
    best = None
    for unit_id, stored_name, stored in db.execute(
        "SELECT id, name, folded FROM units WHERE folded LIKE ? AND collective IS NULL AND coalesce(org_id, 0) = ?",
        [head + " %", org_id or 0],
    ).fetchall():
        score = fuzz.ratio(folded, stored)
        if re.findall(r"\d+", stored) != numbers:
            continue
        if score >= VARIANT_SIMILARITY and (best is None or score > best[0]) and not _registered(stored_name):
            best = (score, unit_id, stored_name)
    if best is None:
        return None
    db.execute("INSERT OR IGNORE INTO unit_aliases (alias, unit_id) VALUES (?, ?)", [folded, best[1]])
    return best[1], best[2]


class _OrgUnits(dict):
    """Unit ids by name, of one organization (the plans saved together may come from several)."""

    def __init__(self, org_id: int | None = None):
        super().__init__()
        self.org_id = org_id


def _unit_for(db, cache: dict[str, int | None], name: str | None) -> int | None:
    if not name:
        return None
    if name not in cache:
        cache[name] = ensure_unit(db, name, getattr(cache, "org_id", None)) if fold_words(name) else None
    return cache[name]


def _support_units(db, cache, canonical_names: list[str]) -> list[int]:
    ids = []
    for canonical in canonical_names:
        unit_id = _unit_for(db, cache, canonical)
        if unit_id not in ids:
            ids.append(unit_id)
    return ids


@dataclass
class PreparedPlan:
    """What saving a plan computes without the database: folded text, task keys, canonical unit names.

    Pure and picklable, so a worker process can prepare a plan while the main process writes another.
    """

    number_key: str
    issuer_key: str
    folded: list[str]  # fold_words of each task's content
    keys: list[str]  # unique task keys within the plan
    support: list[list[str]]  # canonical names of each task's coordinating units (recognised ones)
    reporters: list[str | None]  # canonical unit of each duty's reporter
    indicators: list[str]  # fold_words of each target's indicator


def prepare_plan(parsed: ParsedPlan, source_file: str | None = None) -> PreparedPlan:
    """Compute everything `save_plan` needs from `parsed` alone (the CPU part of saving)."""
    folded = [_searchable(task.content, task.original) for task in parsed.tasks]
    canonical: dict[str, str | None] = {}  # the same names recur on every task of a plan

    def canonical_of(name: str) -> str | None:
        if name not in canonical:
            canonical[name] = canonical_unit(name) or None
        return canonical[name]

    def partner_of(name: str) -> str | None:
        # A partner the registry does not know is still a body when the parser read it as a name
        # ("Công ty Cổ phần Cấp nước Bảo Giang"): "X phối hợp việc gì" must find it.
        return canonical_of(name) or (name if _named_body(name) else None)

    return PreparedPlan(
        number_key=fold_words(parsed.number or source_file or ""),
        issuer_key=fold_words(parsed.issuer or ""),
        folded=folded,
        keys=_unique_keys(parsed.tasks, folded),
        support=[[c for c in map(partner_of, task.support) if c] for task in parsed.tasks],
        reporters=[canonical_of(d.reporter) if d.reporter else None for d in parsed.duties],
        indicators=[_searchable(g.indicator, g.original) for g in parsed.targets],
    )


_MAX_NAME_WORDS = 10


def _named_body(name: str) -> bool:
    """A capitalised name of a few words without dates or amounts: a body, not a phrase the parser took for
    one. A short number is part of a name ("Thuế cơ sở 3", "Trường THCS số 2")."""
    words = name.split()
    return (
        2 <= len(words) <= _MAX_NAME_WORDS
        and name[:1].isupper()
        and all(w.isdigit() and len(w) <= 2 or not any(ch.isdigit() for ch in w) for w in words[1:])
        and not any(ch.isdigit() for ch in words[0])
    )


def _searchable(text: str, original: str | None) -> str:
    """Folded text to search and match by: the text alone, or as read and repaired (storage.repair)."""
    if original is None or original == text:
        return fold_words(text)
    return searchable_folded(text, original)


def task_key(task: ParsedTask, folded: str | None = None) -> str:
    """Stable identity of a task within its plan: its code and the first words of its folded content."""
    if folded is None:
        folded = fold_words(task.content)
    words = folded.split(maxsplit=KEY_WORDS)[:KEY_WORDS]  # the first words, not the whole text split
    return f"{(task.code or '').strip()}|{' '.join(words)}"


def _find_plan(db, number_key: str, issuer_key: str) -> int | None:
    rows = db.execute("SELECT id, issuer_key FROM plans WHERE number_key = ?", [number_key]).fetchall()
    for plan_id, stored_issuer in rows:
        if stored_issuer == issuer_key:
            return plan_id
    for plan_id, stored_issuer in rows:
        if stored_issuer and issuer_key and fuzz.ratio(stored_issuer, issuer_key) >= ISSUER_SIMILARITY:
            return plan_id
    return None


def _match_existing(
    db, plan_id: int, keys: list[str], tasks: list[ParsedTask], folded: list[str]
) -> tuple[list[int | None], set[int]]:
    """For each new task, the id of the stored task it continues (or None); and the stored ids left over."""
    stored = db.execute(
        "SELECT id, task_key, code, content_folded FROM tasks WHERE plan_id = ?", [plan_id]
    ).fetchall()
    by_key = {row[1]: row[0] for row in stored}
    left = {row[0]: row for row in stored}
    matched: list[int | None] = [None] * len(tasks)
    for i, key in enumerate(keys):
        task_id = by_key.get(key)
        if task_id is not None and task_id in left:
            matched[i] = task_id
            del left[task_id]
    for i, task in enumerate(tasks):
        if matched[i] is not None or not left:
            continue
        content = folded[i]
        best, best_score = None, 0.0
        for task_id, (_, _, code, stored_folded) in left.items():
            # A lettered item stored before it kept its letter ("1" then, "1.a" now) is the same task.
            if (code or "") != (task.code or "") and not (task.code or "").startswith(f"{code}."):
                continue
            score = fuzz.ratio(content, stored_folded)
            if score > best_score:
                best, best_score = task_id, score
        if best is not None and best_score >= TASK_SIMILARITY:
            matched[i] = best
            del left[best]
    return matched, set(left)


def _unique_keys(tasks: list[ParsedTask], folded: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    keys = []
    for task, content in zip(tasks, folded, strict=True):
        key = task_key(task, content)
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return keys


def save_plan(
    db: sqlite_utils.Database,
    parsed: ParsedPlan,
    *,
    source_file: str | None = None,
    prepared: PreparedPlan | None = None,
    allow_removals: bool = False,
) -> SaveResult:
    """Store `parsed` in one transaction (insert, or update in place on re-ingest).

    `prepared` is `prepare_plan(parsed, source_file)` when the caller computed it already (elsewhere).
    Raises RemovalsNeedConfirmation (nothing written) when the save would remove tasks with history or
    replace the plan with a much smaller one, unless `allow_removals`.
    """
    if prepared is None:
        prepared = prepare_plan(parsed, source_file)
    return save_plans(db, [(parsed, source_file, prepared)], allow_removals=allow_removals)[0]


def plan_changes(
    db: sqlite_utils.Database, parsed: ParsedPlan, prepared: PreparedPlan | None = None
) -> PlanChanges:
    """What saving `parsed` would change (kept, changed, added, removed tasks), without writing."""
    if prepared is None:
        prepared = prepare_plan(parsed)
    plan_id = _find_plan(db, prepared.number_key, prepared.issuer_key)
    if plan_id is None:
        matched, leftover = [None] * len(parsed.tasks), set()
    else:
        matched, leftover = _match_existing(db, plan_id, prepared.keys, parsed.tasks, prepared.folded)
    return _describe(db, plan_id, parsed, matched, leftover)


def _describe(db, plan_id: int | None, parsed: ParsedPlan, matched, leftover) -> PlanChanges:
    rows = [(task.code, task.content, task.lead, task.deadline.text or "") for task in parsed.tasks]
    return describe_changes(db, plan_id, parsed.number, rows, matched, leftover)


def save_plans(
    db: sqlite_utils.Database,
    plans: Iterable[tuple[ParsedPlan, str | None, PreparedPlan | None]],
    *,
    all_new: bool = False,
    allow_removals: bool = False,
) -> list[SaveResult]:
    """Store many (parsed, source_file, prepared) plans in one transaction, each as `save_plan` would.

    For bulk loads (benchmarks, imports): the unit ids found for one plan serve the next. With `all_new`
    the caller vouches that none of the plans is stored yet, so none is looked for (nor merged with a
    stored plan of a similar issuer); a plan that is there after all fails the UNIQUE constraint and the
    whole transaction rolls back, as it does when one plan needs `allow_removals` (see `save_plan`).
    """
    units: dict[int | None, _OrgUnits] = {}
    results = []
    with transaction(db):
        for parsed, source_file, prepared in plans:
            if prepared is None:
                prepared = prepare_plan(parsed, source_file)
            org_id = org_for_plan(db, parsed.issuer, parsed.number)
            org_units = units.setdefault(org_id, _OrgUnits(org_id))
            results.append(
                _save(
                    db,
                    parsed,
                    source_file,
                    prepared,
                    org_units,
                    look_up=not all_new,
                    allow_removals=allow_removals,
                )
            )
    for result in results:
        logger.info(
            "saved plan %s (%s tasks, created=%s)",
            result.number,
            result.tasks,
            result.created,
        )
    return results


def _save(
    db,
    parsed: ParsedPlan,
    source_file: str | None,
    prepared: PreparedPlan,
    units: dict[str, int | None],
    *,
    look_up: bool = True,
    allow_removals: bool = False,
) -> SaveResult:
    """The steps of saving one plan, inside the caller's transaction."""
    org_id = getattr(units, "org_id", None)
    plan_id, created = _upsert_plan(db, parsed, prepared, source_file, org_id, look_up=look_up)
    changes = None
    if created:
        matched, leftover = [None] * len(parsed.tasks), set()
    else:
        matched, leftover = _match_existing(db, plan_id, prepared.keys, parsed.tasks, prepared.folded)
        changes = _check_removals(db, plan_id, parsed, matched, leftover, allow_removals)
    _archive_removed(db, leftover, source_file)
    _delete_tasks(db, leftover)
    kept = _release_keys(db, matched)
    _write_tasks(db, plan_id, parsed, prepared, matched, units)
    if not created:
        # A new plan's row and its tasks were written with their organization (`_upsert_plan`,
        # `_insert_tasks`); updating them afterwards rewrote every row and index entry just written.
        place_plan_tasks(db, plan_id, org_id)
    _write_duties(db, plan_id, parsed, prepared, units)
    _write_targets(db, plan_id, parsed, prepared)
    summary = parsed.summary()
    return SaveResult(
        plan_id=plan_id,
        number=parsed.number,
        created=created,
        tasks=summary["tasks"],
        with_lead=summary["with_lead"],
        with_deadline=summary["with_deadline"],
        kept_history=len(kept),
        removed=len(leftover),
        changes=changes,
    )


def _check_removals(db, plan_id: int, parsed: ParsedPlan, matched, leftover, allow: bool) -> PlanChanges:
    """The changes this save makes; raises RemovalsNeedConfirmation (the transaction rolls back) when
    they need a confirmation the caller did not give."""
    changes = _describe(db, plan_id, parsed, matched, leftover)
    if changes.needs_confirmation and not allow:
        raise RemovalsNeedConfirmation(changes)
    return changes


def _archive_removed(db, task_ids: set[int], source_file: str | None) -> None:
    """Tasks about to be deleted go to the archive first, with their history (recoverable)."""
    if task_ids:
        archive_tasks(db, task_ids, source_file=source_file)


def _upsert_plan(
    db,
    parsed: ParsedPlan,
    prepared: PreparedPlan,
    source_file: str | None,
    org_id: int | None,
    *,
    look_up: bool = True,
) -> tuple[int, bool]:
    """The plan's row, inserted (with `org_id`) or updated in place (its org set by `place_plan_tasks`);
    returns (plan id, created)."""
    plan_id = _find_plan(db, prepared.number_key, prepared.issuer_key) if look_up else None
    values = {
        "number": parsed.number,
        "number_key": prepared.number_key,
        "issuer": parsed.issuer,
        "issuer_key": prepared.issuer_key,
        "issued_on": parsed.issued_on.isoformat() if parsed.issued_on else None,
        "title": parsed.title or "",
        "title_original": parsed.title_original,
        "issuer_original": parsed.issuer_original,
        "region": parsed.region,
        "region_key": fold_words(parsed.region or ""),
        "implements": _to_json(parsed.implements),
        "replaces": _to_json(parsed.replaces),
        "problems": _to_json(parsed.problems),
        "source_file": source_file,
        "ingested_at": _now(),
    }
    if plan_id is None:
        values["org_id"] = org_id
        cols = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        plan_id = db.execute(f"INSERT INTO plans ({cols}) VALUES ({marks})", list(values.values())).lastrowid
        return plan_id, True
    sets = ", ".join(f"{c} = ?" for c in values)
    db.execute(f"UPDATE plans SET {sets} WHERE id = ?", [*values.values(), plan_id])
    return plan_id, False


def _delete_tasks(db, task_ids: set[int]) -> None:
    """Tasks gone from the document, with their history (ON DELETE CASCADE)."""
    if task_ids:
        db.conn.executemany("DELETE FROM tasks WHERE id = ?", [(i,) for i in task_ids])


def _release_keys(db, matched: list[int | None]) -> list[int]:
    """The kept tasks' ids. Their keys may change (an edited task): cleared first so UNIQUE(plan, key) holds."""
    kept = [task_id for task_id in matched if task_id is not None]
    if kept:
        db.conn.executemany("UPDATE tasks SET task_key = '~' || id WHERE id = ?", [(i,) for i in kept])
    return kept


_TASK_COLUMNS = (
    "task_key, code, content, content_folded, lead_unit_id, lead_text, support, deadline_kind, due_date, "
    "deadline_text, recurring, deadline_condition, section, source, position, result, original, ref"
)


def _write_tasks(
    db,
    plan_id: int,
    parsed: ParsedPlan,
    prepared: PreparedPlan,
    matched: list[int | None],
    units: dict[str, int | None],
) -> None:
    """Update the matched tasks in place, insert the new ones, and link each to its lead and partners."""
    inserts, updates, unit_rows = [], [], []
    refs = plan_refs(parsed.tasks)
    for position, (task, key, task_id, content_folded, support) in enumerate(
        zip(parsed.tasks, prepared.keys, matched, prepared.folded, prepared.support, strict=True)
    ):
        lead_id = _unit_for(db, units, task.lead)
        row = _task_row(task, key, content_folded, lead_id, position, refs[position])
        support_ids = [u for u in _support_units(db, units, support) if u != lead_id]
        if task_id is None:
            inserts.append((row, lead_id, support_ids))
        else:
            updates.append((*row, task_id))
            unit_rows.append((task_id, lead_id, support_ids))
    if updates:
        sets = ", ".join(f"{c.strip()} = ?" for c in _TASK_COLUMNS.split(","))
        db.conn.executemany(f"UPDATE tasks SET {sets} WHERE id = ?", updates)
        db.conn.executemany("DELETE FROM task_units WHERE task_id = ?", [(u[0],) for u in unit_rows])
    if inserts:
        # A new task carries its plan's organization, and that organization as its audience when its lead
        # is every commune ("UBND các xã, phường"): what `place_plan_tasks` would set.
        org_id = getattr(units, "org_id", None)
        every_commune: dict[str | None, bool] = {}  # by lead: a plan names the same few leads again and again
        for row, _, _ in inserts:
            if org_id is not None and row[5] not in every_commune:
                every_commune[row[5]] = leads_every_commune(row[5])
        _insert_tasks(
            db,
            [(plan_id, *row, org_id, org_id if every_commune.get(row[5]) else None) for row, _, _ in inserts],
        )
        # The new ids by key (keys are unique within a plan).
        ids = dict(db.conn.execute("SELECT task_key, id FROM tasks WHERE plan_id = ?", (plan_id,)))
        unit_rows.extend((ids[row[0]], lead_id, support_ids) for row, lead_id, support_ids in inserts)
    _link_units(db, unit_rows)


# Rows per INSERT statement (21 values each, well under SQLite's 32,766 parameters).
_ROWS_PER_INSERT = 500


def _insert_tasks(db, rows: list[tuple]) -> None:
    """Insert task rows (plan_id first, then `_TASK_COLUMNS`, org_id, audience_org_id), in order, many per
    statement.

    Why not executemany: the trigger that keeps tasks_fts in step fires per row either way, but FTS5
    writes its pending terms out as a new segment at every statement boundary inside a transaction (a
    statement savepoint), so one statement per row wrote one tiny segment per task and merged them on the
    fly: about 40% of the time spent saving a plan. One statement for a plan's tasks writes one segment.
    """
    one = f"({', '.join('?' * 21)})"
    head = f"INSERT INTO tasks (plan_id, {_TASK_COLUMNS}, org_id, audience_org_id) VALUES "
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        chunk = rows[start : start + _ROWS_PER_INSERT]
        db.conn.execute(head + ", ".join([one] * len(chunk)), [value for row in chunk for value in row])


def _task_row(
    task: ParsedTask, key: str, content_folded: str, lead_id: int | None, position: int, ref: str
) -> tuple:
    """A task's values in `_TASK_COLUMNS` order."""
    dl = task.deadline
    return (
        key,
        task.code,
        task.content,
        content_folded,
        lead_id,
        task.lead,
        _to_json(task.support),
        dl.kind,
        dl.due.isoformat() if dl.due else None,
        dl.text or "",
        int(bool(dl.recurring)),
        dl.condition,
        task.section,
        task.source,
        position,
        task.result,
        task.original,
        ref,
    )


def _link_units(db, unit_rows: list[tuple[int, int | None, list[int]]]) -> None:
    """task_units rows: (task id, lead unit id, partner unit ids)."""
    links = []
    for task_id, lead_id, support_ids in unit_rows:
        if lead_id is not None:
            links.append((task_id, lead_id, "lead"))
        links.extend((task_id, unit_id, "support") for unit_id in support_ids)
    db.conn.executemany("INSERT OR IGNORE INTO task_units (task_id, unit_id, role) VALUES (?, ?, ?)", links)


def _write_duties(
    db, plan_id: int, parsed: ParsedPlan, prepared: PreparedPlan, units: dict[str, int | None]
) -> None:
    """The plan's reporting duties, replacing the stored ones."""
    db.execute("DELETE FROM duties WHERE plan_id = ?", [plan_id])
    db.conn.executemany(
        "INSERT INTO duties (plan_id, text, reporter, reporter_unit_id, recipient, frequency, day, month, periods,"
        " original) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                plan_id,
                d.text,
                d.reporter,
                _unit_for(db, units, reporter),
                d.recipient,
                d.frequency,
                d.day,
                d.month,
                _to_json(d.periods),
                d.original,
            )
            for d, reporter in zip(parsed.duties, prepared.reporters, strict=True)
        ],
    )


def _write_targets(db, plan_id: int, parsed: ParsedPlan, prepared: PreparedPlan) -> None:
    """The plan's targets, replacing the stored ones."""
    db.execute("DELETE FROM targets WHERE plan_id = ?", [plan_id])
    db.conn.executemany(
        'INSERT INTO targets (plan_id, code, indicator, indicator_folded, "values", original, unit)'
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                plan_id,
                g.code,
                g.indicator,
                indicator,
                _to_json(g.values),
                g.original,
                g.unit,
            )
            for g, indicator in zip(parsed.targets, prepared.indicators, strict=True)
        ],
    )


@dataclass
class StoredPlan:
    """A plan as stored: the models the parser made (leads as the units are named now), where it came
    from, and each task's progress."""

    plan: ParsedPlan
    source_file: str | None
    progress: list[TaskProgress]
    org: str | None = None  # the organization that issued it


def load_plans(db: sqlite_utils.Database) -> list[StoredPlan]:
    """Every stored plan, by date of issue."""
    out = []
    org_names = {r[0]: r[1] for r in db.execute("SELECT id, name FROM orgs").fetchall()}
    for row in db.query("SELECT * FROM plans ORDER BY issued_on, id"):
        tasks, progress = [], []
        for t in db.query(
            "SELECT t.*, u.name AS lead_name FROM tasks t LEFT JOIN units u ON u.id = t.lead_unit_id"
            " WHERE t.plan_id = ? ORDER BY t.position, t.id",
            [row["id"]],
        ):
            tasks.append(_stored_task(t))
            progress.append(TaskProgress(status=t["status"], percent=t["percent"]))
        duties = [
            ReportingDuty(
                text=d["text"],
                reporter=d["reporter"],
                recipient=d["recipient"],
                frequency=d["frequency"],
                day=d["day"],
                month=d["month"],
                periods=json.loads(d["periods"]),
                original=d["original"],
            )
            for d in db.query("SELECT * FROM duties WHERE plan_id = ? ORDER BY id", [row["id"]])
        ]
        targets = [
            Target(
                indicator=g["indicator"],
                values=json.loads(g["values"]),
                code=g["code"],
                original=g["original"],
                unit=g["unit"],
            )
            for g in db.query("SELECT * FROM targets WHERE plan_id = ? ORDER BY id", [row["id"]])
        ]
        plan = ParsedPlan(
            number=row["number"],
            issuer=row["issuer"],
            issued_on=date.fromisoformat(row["issued_on"]) if row["issued_on"] else None,
            title=row["title"],
            implements=json.loads(row["implements"]),
            replaces=json.loads(row["replaces"]),
            tasks=tasks,
            duties=duties,
            targets=targets,
            problems=json.loads(row["problems"]),
            title_original=row["title_original"],
            issuer_original=row["issuer_original"],
        )
        out.append(
            StoredPlan(
                plan=plan,
                source_file=row["source_file"],
                progress=progress,
                org=org_names.get(row.get("org_id")),
            )
        )
    return out


def _stored_task(t: dict) -> ParsedTask:
    return ParsedTask(
        code=t["code"],
        content=t["content"],
        lead=t["lead_name"] or t["lead_text"],
        support=json.loads(t["support"]),
        deadline=Deadline(
            kind=t["deadline_kind"],
            due=date.fromisoformat(t["due_date"]) if t["due_date"] else None,
            text=t["deadline_text"],
            recurring=bool(t["recurring"]),
            condition=t["deadline_condition"],
        ),
        section=t["section"],
        source=t["source"],
        position=t["position"],
        result=t["result"],
        original=t["original"],
        ref=t["ref"],
    )


def export_plans(db: sqlite_utils.Database) -> dict:
    """The knowledge base in the public `planbot export --json` format (written by knowledge.export)."""
    stored_plans = load_plans(db)
    return export_document(
        export_plan(stored.plan, source_file=stored.source_file, progress=stored.progress, org=stored.org)
        for stored in stored_plans
    )

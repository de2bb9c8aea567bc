"""Read queries over the knowledge base for question answering: tasks with their plan and lead unit,
filtered in SQL (unit and role, due-date window, overdue, recurring, plan, full-text candidates), plus
plans, reporting duties and targets. Every list query has a LIMIT so a question never loads the whole
table into Python."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

import sqlite_utils

from knowledge.fold import fold_words
from knowledge.orgs import OFFICE_OPENINGS, issuer_named
from knowledge.search import fts_twin, spell_prefixes
from knowledge.vocabulary import written_short

TASK_SELECT = (
    "SELECT t.id, t.code, t.content, t.content_folded, t.lead_unit_id, u.name AS lead_name, t.lead_text, "
    "t.support, t.deadline_kind, t.due_date, t.deadline_text, t.recurring, t.deadline_condition, t.status, "
    "t.percent, p.number AS plan_number, t.plan_id, t.position, t.result, t.org_id, t.audience_org_id, "
    "t.original, t.ref "
    "FROM tasks t JOIN plans p ON p.id = t.plan_id LEFT JOIN units u ON u.id = t.lead_unit_id"
)
TASK_FIELDS = (
    "id",
    "code",
    "content",
    "content_folded",
    "lead_unit_id",
    "lead_name",
    "lead_text",
    "support",
    "deadline_kind",
    "due_date",
    "deadline_text",
    "recurring",
    "deadline_condition",
    "status",
    "percent",
    "plan_number",
    "plan_id",
    "position",
    "result",
    "org_id",
    "audience_org_id",
    "original",
    "ref",
)
DEFAULT_LIMIT = 200


class BadSearch(ValueError):
    """A full-text query that FTS5 could not run."""


@dataclass
class TaskFilter:
    """Structured conditions on tasks, all optional (AND-ed)."""

    unit_ids: tuple[int, ...] = ()
    unit_role: str | None = None  # "lead" | "support" | None (either)
    due_from: date | None = None
    due_to: date | None = None
    overdue_on: date | None = None  # open tasks due before this day
    open_only: bool = False  # skip done tasks
    recurring: bool = False
    plan_id: int | None = None
    plan_ids: tuple[int, ...] = ()
    fts: str | None = None  # an FTS5 MATCH expression over content_folded
    org_ids: tuple[int, ...] | None = None  # tasks of these organizations' plans (None: every task) ...
    parent_ids: tuple[int, ...] = ()  # ... and the tasks these organizations' plans give to all communes
    with_shared: bool = False  # "my tasks": a unit's lead tasks include those given to all communes and
    # those its plan gives to a collective ("Các phòng, ban, ngành")
    status: str | None = None  # one stored status ("done", "in_progress", "blocked", "not_started")
    no_deadline: bool = False  # tasks the plan gives no deadline at all
    code: str | None = None  # the task's numbering in its plan ("2.2")
    sections: tuple[str, ...] = ()  # tasks under these headings ("An toàn thông tin")


def _row(values) -> dict:
    task = dict(zip(TASK_FIELDS, values, strict=False))
    try:
        task["support"] = json.loads(task["support"] or "[]")
    except ValueError:
        task["support"] = []
    return task


def _where(f: TaskFilter) -> tuple[list[str], list]:
    where: list[str] = []
    params: list = []
    if f.unit_ids:
        marks = ",".join("?" * len(f.unit_ids))
        if f.unit_role == "lead" and f.with_shared:
            # "My tasks": a unit's own, those its plan gives to a collective it belongs to ("Các phòng, ban,
            # ngành"), and those a parent's plans give to all communes.
            clauses = [
                f"t.lead_unit_id IN ({marks})",
                f"t.id IN (SELECT task_id FROM collective_task_units WHERE unit_id IN ({marks}))",
            ]
            params += [*f.unit_ids, *f.unit_ids]
            if f.parent_ids:
                clauses.append("t.audience_org_id IN (SELECT value FROM json_each(?))")
                params.append(_json_ids(f.parent_ids))
            where.append("(" + " OR ".join(clauses) + ")")
        elif f.unit_role == "lead":
            # tasks.lead_unit_id mirrors the lead rows of task_units; its (lead_unit_id, due_date) index
            # serves both the filter and the due-date order.
            where.append(f"t.lead_unit_id IN ({marks})")
            params += list(f.unit_ids)
        elif f.unit_role:
            where.append(f"t.id IN (SELECT task_id FROM task_units WHERE unit_id IN ({marks}) AND role = ?)")
            params += [*f.unit_ids, f.unit_role]
        else:
            where.append(f"t.id IN (SELECT task_id FROM task_units WHERE unit_id IN ({marks}))")
            params += list(f.unit_ids)
    if f.due_from is not None:
        where.append("t.due_date >= ?")
        params.append(f.due_from.isoformat())
    if f.due_to is not None:
        where.append("t.due_date <= ?")
        params.append(f.due_to.isoformat())
    if f.overdue_on is not None:
        where.append("t.due_date < ? AND t.status != 'done'")
        params.append(f.overdue_on.isoformat())
    if f.open_only:
        where.append("t.status != 'done'")
    if f.recurring:
        where.append("(t.deadline_kind = 'recurring' OR t.recurring = 1)")
    if f.plan_id is not None:
        where.append("t.plan_id = ?")
        params.append(f.plan_id)
    if f.plan_ids:
        where.append(f"t.plan_id IN ({','.join('?' * len(f.plan_ids))})")
        params += list(f.plan_ids)
    if f.status is not None:
        where.append("t.status = ?")
        params.append(f.status)
    if f.no_deadline:
        where.append("t.deadline_kind = 'none' AND t.due_date IS NULL")
    if f.sections:
        where.append(f"t.section IN ({','.join('?' * len(f.sections))})")
        params += list(f.sections)
    if f.code is not None:
        where.append("rtrim(t.code, '.') = ?")
        params.append(f.code)
    if f.fts:
        where.append("t.id IN (SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ?)")
        params.append(f.fts)
    if f.org_ids is not None:
        own = "t.org_id IN (SELECT value FROM json_each(?))"
        params.append(_json_ids(f.org_ids))
        if f.parent_ids:
            own = f"({own} OR t.audience_org_id IN (SELECT value FROM json_each(?)))"
            params.append(_json_ids(f.parent_ids))
        where.append(own)
    return where, params


def _json_ids(ids) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


MAX_SAME_UNITS = 12  # same-named units answered together for someone who sees every organization


def same_units(
    db: sqlite_utils.Database, unit_id: int, org_ids: tuple[int, ...] | None, *, branches: bool = False
) -> tuple[int, ...]:
    """The units named like `unit_id` in the organizations `org_ids` ("Phòng Kinh tế" of each commune in
    sight); in every organization when `org_ids` is None (someone who sees everything asks about the
    unit wherever it is). With `branches`, also the units named like it followed by a place ("Viettel" →
    "Viettel Thanh Nguyên", "Sở Y tế" → "Sở Y tế tỉnh Hòa Vân"): a question that names the body alone
    means it wherever it is."""
    where, params = (
        ("", [])
        if org_ids is None
        else (" AND u.org_id IN (SELECT value FROM json_each(?))", [_json_ids(org_ids)])
    )
    folded = db.execute("SELECT folded FROM units WHERE id = ?", [unit_id]).fetchone()
    if folded is None:
        return (-1,)
    limit = MAX_SAME_UNITS + 1 if org_ids is None else -1
    rows = db.execute(
        f"SELECT u.id FROM units u WHERE u.folded IN (?, ?){where} ORDER BY u.id LIMIT ?",
        [folded[0], _field_twin(folded[0]), *params, limit],
    ).fetchall()
    if branches and (org_ids is not None or len(rows) <= MAX_SAME_UNITS):
        # A range on the folded index, not LIKE: "viettel " up to "viettel!" (the next character).
        more = db.execute(
            f"SELECT u.id, u.name FROM units u WHERE u.folded > ? AND u.folded < ?{where} ORDER BY u.id LIMIT ?",
            [folded[0] + " ", folded[0] + "!", *params, limit],
        ).fetchall()
        base = len(folded[0].split())
        rows += [(i,) for i, name in more if _is_branch(name, base)]
    if org_ids is None and len(rows) > MAX_SAME_UNITS:
        # A name every commune has ("Phòng Kinh tế" of 3,000 communes): the whole province's list is no
        # answer and costs a sort of every match, so the unit the question resolved to stands alone.
        return (unit_id,)
    return tuple(r[0] for r in rows) or (-1,)


_PLACE_LEVEL = frozenset(["tinh", "thanh", "tp", "xa", "phuong", "dac", "thi"])


def _field_twin(folded: str) -> str:
    """A commune's office of a field and its civil servant of the same field, one for the other: plans of
    communes write "Công chức Văn hóa - Xã hội" where others write "Phòng Văn hóa - Xã hội", and people ask
    by either ("p vhxh xã … được giao gì")."""
    if folded.startswith("phong "):
        return "cong chuc " + folded[len("phong ") :]
    if folded.startswith("cong chuc "):
        return "phong " + folded[len("cong chuc ") :]
    return folded


def _is_branch(name: str, base_words: int) -> bool:
    """Whether `name` is a body's name of `base_words` words followed by a place of one to four words
    ("Viettel Thanh Nguyên", "Sở Y tế tỉnh Hòa Vân"), not another body ("Phòng Văn hóa, Thông tin")."""
    words = [w for w in name.split() if any(ch.isalnum() for ch in w)]
    rest = words[base_words:]
    if not 1 <= len(rest) <= 5 or not words[base_words - 1][-1:].isalnum() or not rest[0][:1].isalpha():
        return False  # "Phòng Văn hóa, Thông tin": a comma joins another body's name
    first = fold_words(" ".join(rest[:2]))
    # "Viettel Thanh Nguyên", "Sở Y tế tỉnh Hòa Vân", "Ngân hàng Nhà nước chi nhánh khu vực 6"
    return rest[0][:1].isupper() or fold_words(rest[0]) in _PLACE_LEVEL or first in ("chi nhanh", "khu vuc")


def find_tasks(db: sqlite_utils.Database, f: TaskFilter, *, limit: int = DEFAULT_LIMIT) -> list[dict]:
    """Tasks matching `f`, by due date (undated last), then plan order. Two queries so that SQLite can
    walk the due-date index instead of sorting every match."""
    if f.unit_ids and f.unit_role is None:
        # Lead or coordinating: two index-friendly queries merged (an OR would defeat the indexes).
        both = find_tasks(db, replace(f, unit_role="lead"), limit=limit)
        both += find_tasks(db, replace(f, unit_role="support"), limit=limit)
        unique = {t["id"]: t for t in both}
        ordered = sorted(unique.values(), key=lambda t: (t["due_date"] is None, t["due_date"] or "", t["id"]))
        return ordered[:limit]
    where, params = _where(f)
    dated = [*where, "t.due_date IS NOT NULL"]
    sql = TASK_SELECT + " WHERE " + " AND ".join(dated) + " ORDER BY t.due_date, t.id LIMIT ?"
    try:
        rows = db.execute(sql, [*params, limit]).fetchall()
        if len(rows) < limit and f.due_from is None and f.due_to is None and f.overdue_on is None:
            undated = [*where, "t.due_date IS NULL"]
            sql = TASK_SELECT + " WHERE " + " AND ".join(undated) + " ORDER BY t.id LIMIT ?"
            rows += db.execute(sql, [*params, limit - len(rows)]).fetchall()
    except sqlite3.OperationalError as exc:
        raise BadSearch(str(exc)) from exc
    return [_row(r) for r in rows]


def count_by_status(db: sqlite_utils.Database, f: TaskFilter, today: date) -> dict[str, int]:
    """How many tasks matching `f` are in each status, with "overdue" (open, due before `today`) and
    "total": true counts for "tiến độ chung"."""
    if f.unit_ids and f.unit_role is None:
        f = replace(f, unit_role="lead")
    where, params = _where(f)
    sql = (
        "SELECT t.status, count(*), sum(t.status != 'done' AND t.due_date < ?) FROM tasks t"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " GROUP BY t.status"
    )
    try:
        rows = db.execute(sql, [today.isoformat(), *params]).fetchall()
    except sqlite3.OperationalError as exc:
        raise BadSearch(str(exc)) from exc
    counts = {status: n for status, n, _ in rows}
    counts["overdue"] = sum(late or 0 for _, _, late in rows)
    counts["total"] = sum(n for _, n, _ in rows)
    return counts


def count_tasks(db: sqlite_utils.Database, f: TaskFilter) -> int:
    if f.unit_ids and f.unit_role is None:
        return count_tasks(db, replace(f, unit_role="lead")) + count_tasks(
            db, replace(f, unit_role="support")
        )
    where, params = _where(f)
    sql = "SELECT count(*) FROM tasks t" + (" WHERE " + " AND ".join(where) if where else "")
    try:
        return db.execute(sql, params).fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise BadSearch(str(exc)) from exc


NARROW_SCOPE = 3000  # tasks an organization's view may hold for its search to run without FTS5


def fts_candidates(
    db: sqlite_utils.Database,
    matches: list[str],
    f: TaskFilter | None = None,
    *,
    limit: int = 600,
    words_starting: Callable[[str], list[str]] | None = None,
) -> list[tuple[int, str]]:
    """(id, folded text) of tasks matching any of the FTS5 expressions `matches` (the most precise
    first), with `f` applied; at most `limit` per expression. Unranked on purpose: bm25 over an OR of
    common words costs time proportional to every match, so ranking is done on this bounded set.
    `words_starting(prefix)`, when given, lists every word of the index that starts with `prefix`: the
    expressions' prefix terms are run as those words (knowledge.search.spell_prefixes), the same tasks."""
    f = f or TaskFilter()
    where, params = _where(f)
    seen: dict[int, str] = {}
    if f.org_ids is not None:
        # One organization's view is usually a few hundred tasks: match them here (knowledge.search's
        # twin of the expression) instead of letting FTS5 list every match in the province.
        scoped = db.execute(
            "SELECT t.id, t.content_folded FROM tasks t WHERE " + " AND ".join(where) + " LIMIT ?",
            [*params, NARROW_SCOPE + 1],
        ).fetchall()
        twins = [fts_twin(match) for match in matches]
        if len(scoped) <= NARROW_SCOPE and all(twins):
            for twin in twins:
                kept = 0
                for task_id, text in scoped:
                    if kept < limit and twin(text or ""):
                        seen.setdefault(task_id, text or "")
                        kept += 1
            return list(seen.items())
    for match in matches:
        if words_starting is not None:
            match = spell_prefixes(match, words_starting)
        if where:
            sql = (
                "SELECT t.id, t.content_folded FROM tasks t WHERE "
                + " AND ".join(where)
                + " AND t.id IN (SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ?) LIMIT ?"
            )
            args = [*params, match, limit]
        else:
            sql = (
                "SELECT t.id, t.content_folded FROM tasks t WHERE t.id IN "
                "(SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ? LIMIT ?)"
            )
            args = [match, limit]
        try:
            for task_id, text in db.execute(sql, args).fetchall():
                seen.setdefault(task_id, text or "")
        except sqlite3.OperationalError as exc:
            raise BadSearch(str(exc)) from exc
    return list(seen.items())


def get_tasks(db: sqlite_utils.Database, ids: list[int]) -> list[dict]:
    """Full rows of `ids`, in that order."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = {r[0]: _row(r) for r in db.execute(TASK_SELECT + f" WHERE t.id IN ({marks})", ids).fetchall()}
    return [rows[i] for i in ids if i in rows]


def get_task(db: sqlite_utils.Database, task_id: int) -> dict | None:
    row = db.execute(TASK_SELECT + " WHERE t.id = ?", [task_id]).fetchone()
    return _row(row) if row else None


def lead_words(db: sqlite_utils.Database, task_ids: list[int]) -> dict[int, str]:
    """The folded name of each task's registered lead, by task id (tasks whose lead is unregistered left out)."""
    if not task_ids:
        return {}
    rows = db.execute(
        "SELECT t.id, u.folded FROM tasks t JOIN units u ON u.id = t.lead_unit_id "
        f"WHERE t.id IN ({','.join('?' * len(task_ids))})",
        list(task_ids),
    ).fetchall()
    return {task_id: folded or "" for task_id, folded in rows}


def support_names(db: sqlite_utils.Database, task_id: int) -> list[str]:
    """The units that coordinate a task: those linked to it by their canonical names, else the names as the
    plan wrote them (a partner the registry does not know, "Thuế cơ sở 3 thành phố …", is still one)."""
    rows = db.execute(
        "SELECT u.name FROM task_units tu JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = ? "
        "AND tu.role = 'support' ORDER BY u.name",
        [task_id],
    ).fetchall()
    row = db.execute("SELECT support FROM tasks WHERE id = ?", [task_id]).fetchone()
    written = json.loads(row[0]) if row and row[0] else []
    written = [name for name in written if isinstance(name, str) and name.strip()]
    if not rows:
        return written
    # A canonical name the plan wrote with more ("Bưu điện" as "Bưu điện phường", "Bảo hiểm xã hội" as "… cơ
    # sở Ngân Thủy") is shown as written: the plan's words say which one.
    longer = {fold_words(w): w for w in written}
    shown = []
    for (name,) in rows:
        key = fold_words(name)
        fuller = [w for k, w in longer.items() if k.startswith(key + " ")]
        shown.append(fuller[0] if len(fuller) == 1 else name)
    return shown


def units(db: sqlite_utils.Database) -> list[tuple[int, str, str | None]]:
    """(id, canonical name, abbreviation) of every unit."""
    return [tuple(r) for r in db.execute("SELECT id, name, abbreviation FROM units ORDER BY id").fetchall()]


def unit_aliases(db: sqlite_utils.Database) -> list[tuple[str, int]]:
    return [tuple(r) for r in db.execute("SELECT alias, unit_id FROM unit_aliases").fetchall()]


def max_task_id(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT coalesce(max(id), 0) FROM tasks").fetchone()[0]


PLAN_FIELDS = ("id", "number", "number_key", "issuer", "issued_on", "title", "implements", "replaces")


def _plan(row) -> dict:
    plan = dict(zip(PLAN_FIELDS, row, strict=False))
    for key in ("implements", "replaces"):
        try:
            plan[key] = json.loads(plan[key] or "[]")
        except ValueError:
            plan[key] = []
    return plan


def _plans_of(org_ids, alias: str = "") -> tuple[str, list]:
    """A condition keeping the plans of `org_ids` (None: every plan)."""
    if org_ids is None:
        return "", []
    column = f"{alias}.org_id" if alias else "org_id"
    return f" AND {column} IN (SELECT value FROM json_each(?))", [_json_ids(org_ids)]


def find_plans(db: sqlite_utils.Database, number: str, *, limit: int = 20, org_ids=None) -> list[dict]:
    """Plans whose number is `number` or starts with it ("47a" → "47a/KH-UBND"), however punctuated (of
    the organizations `org_ids` when given)."""

    key = fold_words(number)
    if not key:
        return []
    where, params = _plans_of(org_ids)
    rows = db.execute(
        "SELECT id, number, number_key, issuer, issued_on, title, implements, replaces FROM plans "
        f"WHERE (number_key = ? OR number_key LIKE ?){where} "
        "ORDER BY number_key = ? DESC, issued_on DESC, id LIMIT ?",
        [key, key.replace("%", "").replace("_", "") + " %", *params, key, limit],
    ).fetchall()
    return [_plan(r) for r in rows]


def plans_by_issuer(
    db: sqlite_utils.Database, issuer_words: str, *, limit: int = 50, org_ids=None
) -> list[dict]:
    """Plans whose issuer's folded name contains `issuer_words` ("so cong thuong"), of the organizations
    `org_ids` when given."""
    if not issuer_words:
        return []
    found = _plans_by_issuer(db, issuer_words, limit, org_ids)
    # An office ("Phòng Văn hóa – Xã hội") issues no plan: no search by its short forms (each scans every plan)
    shorts = () if found or issuer_words.startswith(OFFICE_OPENINGS) else written_short(issuer_words)
    for short, probe in shorts:
        # "Hội LHPN tỉnh …" asked in full: narrowed by the short form itself, a rare word
        found = _plans_by_issuer(db, short, limit, org_ids, probe=probe)
        if found:
            break
    return found


def _plans_by_issuer(
    db: sqlite_utils.Database, issuer_words: str, limit: int, org_ids, probe: str | None = None
) -> list[dict]:
    where, params = _plans_of(org_ids)
    # The words decide in Python ("sở khoa học công nghệ" names "Sở Khoa học và Công nghệ"); SQL only
    # narrows to the issuers holding the rarest-looking (longest) word.
    probe = probe or max(issuer_words.split(), key=len)
    # The issuers first (off the (number, issuer) index, not the wide rows), then the rows of those named.
    keys = db.execute(
        f"SELECT id, issuer_key FROM plans WHERE (' ' || issuer_key || ' ') LIKE ?{where}",
        ["% " + probe.replace("%", "").replace("_", "") + "%", *params],
    ).fetchall()
    named = [plan_id for plan_id, key in keys if issuer_named(issuer_words, key or "")]
    if not named:
        return []
    rows = db.execute(
        "SELECT id, number, number_key, issuer, issued_on, title, implements, replaces FROM plans "
        "WHERE id IN (SELECT value FROM json_each(?)) ORDER BY issued_on DESC, id LIMIT ?",
        [_json_ids(named), limit],
    ).fetchall()
    return [_plan(r) for r in rows]


def plans_in_region(
    db: sqlite_utils.Database, region_words: str, *, limit: int = 200, org_ids=None
) -> list[dict]:
    """Plans of the province or city `region_words` ("tinh thanh nguyen"): those whose header or preamble
    places them there, a commune's plan included, and the plans that implement one of those without
    naming the province themselves ("Thực hiện Kế hoạch số 12-KH/ĐU của Đảng ủy phường")."""
    where, params = _plans_of(org_ids)
    columns = "id, number, number_key, issuer, issued_on, title, implements, replaces"
    rows = db.execute(
        f"SELECT {columns} FROM plans WHERE region_key = ?{where} ORDER BY issued_on DESC, id LIMIT ?",
        [region_words, *params, limit],
    ).fetchall()
    plans = [_plan(r) for r in rows]
    if not plans or len(plans) >= limit:
        return plans  # none placed there, or enough already ("is any plan there?" asks for one)
    placed = {fold_words(p["number"] or "") for p in plans} - {""}
    seen = {p["id"] for p in plans}
    # One step down: placeless plans that implement a plan placed there (their own number shows no place).
    for row in db.execute(
        f"SELECT {columns} FROM plans WHERE region_key = '' AND implements != '[]'{where} ORDER BY issued_on DESC, id",
        params,
    ).fetchall():
        plan = _plan(row)
        if plan["id"] not in seen and placed & {fold_words(n) for n in plan["implements"]}:
            plans.append(plan)
            seen.add(plan["id"])
    return plans[:limit]


def units_named_with(db: sqlite_utils.Database, words: str, limit: int = 200) -> tuple[int, ...]:
    """The units whose folded name holds `words` as whole words ("y te" → "Trạm Y tế xã", "Sở Y tế")."""
    rows = db.execute(
        "SELECT id FROM units WHERE (' ' || folded || ' ') LIKE ? AND collective IS NULL LIMIT ?",
        [f"% {words.replace('%', '').replace('_', '')} %", limit],
    ).fetchall()
    return tuple(r[0] for r in rows)


def sections_of(db: sqlite_utils.Database, plan_ids: tuple[int, ...]) -> list[str]:
    """The headings tasks of these plans stand under ("An toàn thông tin", "II Kinh tế số")."""
    rows = db.execute(
        f"SELECT DISTINCT section FROM tasks WHERE plan_id IN ({','.join('?' * len(plan_ids))})"
        " AND section IS NOT NULL AND section != ''",
        list(plan_ids),
    ).fetchall()
    return [r[0] for r in rows]


def region_keys(db: sqlite_utils.Database) -> list[str]:
    """Every province or city plans are placed in (folded), longest first."""
    rows = db.execute("SELECT DISTINCT region_key FROM plans WHERE region_key != ''").fetchall()
    return sorted((r[0] for r in rows), key=len, reverse=True)


def region_as_written(db: sqlite_utils.Database, region_words: str) -> str | None:
    """The province or city `region_words` names as plans write it ("thành phố Bảo Giang")."""
    row = db.execute("SELECT region FROM plans WHERE region_key = ? LIMIT 1", [region_words]).fetchone()
    return row[0] if row else None


def count_plans(db: sqlite_utils.Database, *, org_ids=None) -> int:
    where, params = _plans_of(org_ids)
    return db.execute(f"SELECT count(*) FROM plans WHERE 1 = 1{where}", params).fetchone()[0]


def list_plans(db: sqlite_utils.Database, *, limit: int = 20, org_ids=None) -> list[dict]:
    where, params = _plans_of(org_ids)
    rows = db.execute(
        "SELECT id, number, number_key, issuer, issued_on, title, implements, replaces FROM plans "
        f"WHERE 1 = 1{where} ORDER BY issued_on DESC, id LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [_plan(r) for r in rows]


def plan_task_count(db: sqlite_utils.Database, plan_id: int) -> int:
    return db.execute("SELECT count(*) FROM tasks WHERE plan_id = ?", [plan_id]).fetchone()[0]


def _of_plans(
    db, select: str, alias: str, plan_id: int | None, order: str, limit: int, org_ids=None
) -> list[tuple]:
    """Rows of `select` (which joins plans as p), of one plan when `plan_id` is given, of the plans of
    `org_ids` when given."""
    where, params = " WHERE 1 = 1", []
    if plan_id is not None:
        where, params = f" WHERE {alias}.plan_id = ?", [plan_id]
    scoped, more = _plans_of(org_ids, "p")
    return db.execute(f"{select}{where}{scoped} ORDER BY {order} LIMIT ?", [*params, *more, limit]).fetchall()


def duties(
    db: sqlite_utils.Database, *, plan_id: int | None = None, limit: int = 200, org_ids=None
) -> list[dict]:
    rows = _of_plans(
        db,
        "SELECT d.id, d.text, d.reporter, d.recipient, d.frequency, d.day, d.month, d.periods, p.number "
        "FROM duties d JOIN plans p ON p.id = d.plan_id",
        "d",
        plan_id,
        "p.issued_on DESC, d.plan_id, d.id",
        limit,
        org_ids,
    )
    keys = ("id", "text", "reporter", "recipient", "frequency", "day", "month", "periods", "plan_number")
    return [dict(zip(keys, r, strict=False)) for r in rows]


def targets(
    db: sqlite_utils.Database, *, plan_id: int | None = None, limit: int = 500, org_ids=None
) -> list[dict]:
    rows = _of_plans(
        db,
        'SELECT g.id, g.code, g.indicator, g.indicator_folded, g."values", p.number, g.unit, p.id, p.issuer, p.title '
        "FROM targets g JOIN plans p ON p.id = g.plan_id",
        "g",
        plan_id,
        "g.plan_id, g.id",
        limit,
        org_ids,
    )
    out = []
    for r in rows:
        try:
            values = json.loads(r[4] or "{}")
        except ValueError:
            values = {}
        out.append(
            {
                "id": r[0],
                "code": r[1],
                "indicator": r[2],
                "folded": r[3],
                "values": values,
                "plan_number": r[5],
                "unit": r[6],
                "plan_id": r[7],
                "issuer": r[8],
                "plan_title": r[9],
            }
        )
    return out

"""Versioned schema migrations. Each migration runs once, in order, inside one transaction.

Never edit a migration that has shipped; add a new one. (Until the first release, the owners of each
migration below may still reshape it.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils

logger = logging.getLogger(__name__)

MIGRATIONS: list[tuple[int, str, Callable[[sqlite_utils.Database], None]]] = []


def migration(version: int, name: str):
    def register(fn):
        MIGRATIONS.append((version, name, fn))
        return fn

    return register


@migration(1, "knowledge base: units, plans, tasks, duties, targets")
def _knowledge_base(db: sqlite_utils.Database) -> None:
    _run_script(
        db,
        """
        CREATE TABLE units (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,          -- canonical, with diacritics
            folded TEXT NOT NULL UNIQUE,        -- knowledge.fold.fold_words(name)
            abbreviation TEXT
        );
        CREATE TABLE unit_aliases (
            alias TEXT PRIMARY KEY,             -- folded words of a variant seen in a document
            unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE
        );
        CREATE TABLE plans (
            id INTEGER PRIMARY KEY,
            number TEXT,                        -- "47a/KH-UBND"
            number_key TEXT NOT NULL,           -- folded number, identity with issuer_key
            issuer TEXT,
            issuer_key TEXT NOT NULL DEFAULT '',
            issued_on TEXT,                     -- ISO date
            title TEXT NOT NULL DEFAULT '',
            implements TEXT NOT NULL DEFAULT '[]',   -- JSON list
            replaces TEXT NOT NULL DEFAULT '[]',     -- JSON list of plan numbers
            problems TEXT NOT NULL DEFAULT '[]',     -- JSON list of warnings
            source_file TEXT,
            ingested_at TEXT NOT NULL,
            UNIQUE (number_key, issuer_key)
        );
        CREATE TABLE tasks (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            task_key TEXT NOT NULL,             -- stable identity across re-ingests
            code TEXT,
            content TEXT NOT NULL,              -- original text
            content_folded TEXT NOT NULL,       -- fold_words(content [+ lead]): FTS5 indexes this
            lead_unit_id INTEGER REFERENCES units(id),
            lead_text TEXT,                     -- lead as the document wrote it
            support TEXT NOT NULL DEFAULT '[]', -- JSON list of canonical names / document words
            deadline_kind TEXT NOT NULL DEFAULT 'none',
            due_date TEXT,                      -- ISO date or NULL
            deadline_text TEXT NOT NULL DEFAULT '',
            recurring INTEGER NOT NULL DEFAULT 0,
            deadline_condition TEXT,
            section TEXT,
            source TEXT NOT NULL DEFAULT 'item',
            position INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'not_started',
            percent INTEGER NOT NULL DEFAULT 0,
            status_updated_at TEXT,
            UNIQUE (plan_id, task_key)
        );
        CREATE INDEX tasks_plan ON tasks(plan_id, position);
        CREATE INDEX tasks_lead ON tasks(lead_unit_id, due_date);
        CREATE INDEX tasks_due ON tasks(due_date);
        CREATE TABLE task_units (
            task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            role TEXT NOT NULL CHECK (role IN ('lead', 'support')),
            PRIMARY KEY (task_id, unit_id, role)
        );
        CREATE INDEX task_units_unit ON task_units(unit_id, role);
        CREATE TABLE duties (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            reporter TEXT,
            reporter_unit_id INTEGER REFERENCES units(id),
            recipient TEXT,
            frequency TEXT NOT NULL DEFAULT 'other',
            day INTEGER,
            month INTEGER,
            periods TEXT NOT NULL DEFAULT '[]'
        );
        CREATE TABLE targets (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            code TEXT,
            indicator TEXT NOT NULL,
            indicator_folded TEXT NOT NULL,
            "values" TEXT NOT NULL DEFAULT '{}'   -- JSON {year: value}
        );
        """,
    )
    db["tasks"].enable_fts(["content_folded"], fts_version="FTS5", create_triggers=True, tokenize="unicode61")


@migration(2, "people, chat identities, invites, assignments, status history, conversations")
def _people(db: sqlite_utils.Database) -> None:
    _run_script(
        db,
        """
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            unit_id INTEGER REFERENCES units(id),
            role TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'member')),
            language TEXT NOT NULL DEFAULT 'vi',
            active INTEGER NOT NULL DEFAULT 1,
            reminders_paused INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        CREATE INDEX people_unit ON people(unit_id, role);
        CREATE TABLE identities (
            channel TEXT NOT NULL,              -- telegram | zalo | console
            external_id TEXT NOT NULL,          -- the channel's user id
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            chat_id TEXT NOT NULL,              -- where to push messages to this person
            active INTEGER NOT NULL DEFAULT 1,  -- 0 once the person blocked the bot on this channel
            PRIMARY KEY (channel, external_id)
        );
        CREATE INDEX identities_person ON identities(person_id);
        CREATE TABLE invites (
            code TEXT PRIMARY KEY,
            unit_id INTEGER REFERENCES units(id),
            role TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'member')),
            created_by INTEGER REFERENCES people(id),
            created_at TEXT NOT NULL,
            expires_at TEXT,
            used_by INTEGER REFERENCES people(id),
            used_at TEXT
        );
        CREATE TABLE registration_requests (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            external_id TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            name TEXT NOT NULL,
            note TEXT,
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
            created_at TEXT NOT NULL,
            decided_by INTEGER REFERENCES people(id),
            decided_at TEXT
        );
        CREATE TABLE assignments (
            task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            assigned_by INTEGER REFERENCES people(id),
            assigned_at TEXT NOT NULL,
            PRIMARY KEY (task_id, person_id)
        );
        CREATE TABLE status_updates (
            id INTEGER PRIMARY KEY,
            task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            person_id INTEGER REFERENCES people(id),
            status TEXT NOT NULL,
            percent INTEGER NOT NULL,
            note TEXT,
            evidence_kind TEXT,                 -- document | photo
            evidence_ref TEXT,                  -- channel file id or URL
            channel TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX status_updates_task ON status_updates(task_id, created_at);
        CREATE TABLE conversations (
            channel TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            external_id TEXT NOT NULL,
            state TEXT NOT NULL,
            data TEXT NOT NULL DEFAULT '{}',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (channel, chat_id, external_id)
        );
        CREATE TABLE mutes (
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            PRIMARY KEY (person_id, task_id)
        );
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL                 -- JSON
        );
        """,
    )


@migration(3, "reminders ledger, broadcasts and the outbox")
def _delivery(db: sqlite_utils.Database) -> None:
    _run_script(
        db,
        """
        CREATE TABLE reminders (
            key TEXT PRIMARY KEY,               -- subject|recipient|kind|due date: sent at most once
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,                 -- before_7 | before_3 | before_1 | due | overdue | escalation | duty_before_2 | duty_due
            subject TEXT NOT NULL,              -- "task:12" | "duty:3" | "digest" (weekly overdue digest)
            due_date TEXT,                      -- the task's due date, the duty's occurrence, the digest's week
            scheduled_for TEXT NOT NULL,        -- when the policy wanted it sent (UTC ISO)
            state TEXT NOT NULL DEFAULT 'claimed' CHECK (state IN ('claimed', 'sent', 'dropped', 'failed')),
            late INTEGER NOT NULL DEFAULT 0,
            message_key TEXT,                   -- outbox.message_key of the digest that carries it
            claimed_at TEXT NOT NULL,
            sent_at TEXT
        );
        CREATE INDEX reminders_due ON reminders(due_date, kind);
        CREATE INDEX reminders_message ON reminders(message_key);
        CREATE TABLE broadcasts (
            id INTEGER PRIMARY KEY,
            created_by INTEGER REFERENCES people(id),
            draft_key TEXT UNIQUE,              -- a confirmed draft creates one broadcast, even if tapped twice
            text TEXT NOT NULL,
            attachment_kind TEXT,
            attachment_ref TEXT,
            attachment_name TEXT,
            audience TEXT NOT NULL,             -- JSON {"kind": "all"|"unit"|"role"|"plan", "value": ...}
            state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done')),
            total INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            finished_at TEXT,
            reported INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            message_key TEXT NOT NULL,          -- the caller's dedupe key: one message, fanned out per identity
            broadcast_id INTEGER REFERENCES broadcasts(id),
            person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
            channel TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            priority INTEGER NOT NULL DEFAULT 0, -- 0 reminders and reports, 1 broadcasts (a big notice must not delay reminders)
            payload TEXT NOT NULL,              -- JSON: text, buttons, attachment
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'blocked')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL DEFAULT '',  -- UTC ISO, '' = due now
            last_error TEXT,
            created_at TEXT NOT NULL,
            sent_at TEXT,
            UNIQUE (message_key, channel, chat_id)
        );
        CREATE INDEX outbox_due ON outbox(state, channel, priority, id);
        CREATE INDEX outbox_broadcast ON outbox(broadcast_id, state);
        """,
    )


@migration(4, "zalo: the last numbered menu shown to each person in each chat")
def _zalo_menus(db: sqlite_utils.Database) -> None:
    # Owned by the Zalo adapter (handlers/zalo.py, storage/zalo_menus.py): Zalo has no buttons, so the
    # adapter numbers them and must remember what "1", "2", ... meant when the answer comes back.
    _run_script(
        db,
        """
        CREATE TABLE zalo_menus (
            chat_id TEXT NOT NULL,
            external_id TEXT NOT NULL,          -- the Zalo user the menu was shown to
            choices TEXT NOT NULL,              -- JSON list of {"kind", "n", "label", "value", "action"}
            updated_at TEXT NOT NULL,           -- UTC ISO
            PRIMARY KEY (chat_id, external_id)
        );
        """,
    )


@migration(5, "invites that link another chat account to an existing person")
def _link_invites(db: sqlite_utils.Database) -> None:
    # A person on both Telegram and Zalo: a code made by the person, redeemed from the other account.
    db.conn.execute(
        "ALTER TABLE invites ADD COLUMN person_id INTEGER REFERENCES people(id) ON DELETE CASCADE"
    )


@migration(6, "indexes on foreign keys that plans and tasks are deleted or replaced by")
def _foreign_key_indexes(db: sqlite_utils.Database) -> None:
    # Saving a plan replaces its duties and targets (DELETE ... WHERE plan_id = ?), and deleting a task or
    # a person cascades to these tables; without an index each of those scans the whole table, so
    # ingesting N plans cost O(N²) (3,475 plans: save went from 6 ms to 8+ ms per plan as the tables grew).
    _run_script(
        db,
        """
        CREATE INDEX duties_plan ON duties(plan_id);
        CREATE INDEX targets_plan ON targets(plan_id);
        CREATE INDEX mutes_task ON mutes(task_id);
        CREATE INDEX assignments_person ON assignments(person_id);
        CREATE INDEX invites_person ON invites(person_id);
        CREATE INDEX outbox_person ON outbox(person_id);
        """,
    )


@migration(7, "full-text index: ascii tokens, no positions; reindexed only when the folded text changes")
def _lean_task_index(db: sqlite_utils.Database) -> None:
    # The index holds folded words (a-z, 0-9) and is queried with single words, prefixes, AND and OR:
    # no phrase, NEAR or bm25. So positions (detail=none) and per-row sizes (columnsize=0) are dropped
    # and the plain ascii tokenizer is used: saving a plan costs ~20% less. The update trigger now fires
    # only when content_folded changes, not on every status update.
    statements = [
        "DROP TRIGGER IF EXISTS tasks_ai",
        "DROP TRIGGER IF EXISTS tasks_ad",
        "DROP TRIGGER IF EXISTS tasks_au",
        "DROP TABLE IF EXISTS tasks_fts",
        "CREATE VIRTUAL TABLE tasks_fts USING fts5(content_folded, content='tasks', content_rowid='id',"
        " tokenize='ascii', detail='none', columnsize=0)",
        # Trigger bodies hold ';', so these are not run through _run_script.
        "CREATE TRIGGER tasks_ai AFTER INSERT ON tasks BEGIN"
        " INSERT INTO tasks_fts (rowid, content_folded) VALUES (new.id, new.content_folded); END",
        "CREATE TRIGGER tasks_ad AFTER DELETE ON tasks BEGIN"
        " INSERT INTO tasks_fts (tasks_fts, rowid, content_folded) VALUES ('delete', old.id, old.content_folded);"
        " END",
        "CREATE TRIGGER tasks_au AFTER UPDATE OF content_folded ON tasks BEGIN"
        " INSERT INTO tasks_fts (tasks_fts, rowid, content_folded) VALUES ('delete', old.id, old.content_folded);"
        " INSERT INTO tasks_fts (rowid, content_folded) VALUES (new.id, new.content_folded); END",
        "INSERT INTO tasks_fts (tasks_fts) VALUES ('rebuild')",
    ]
    for statement in statements:
        db.conn.execute(statement)


@migration(8, "answer lists: the question behind a list's page buttons, so paging survives a restart")
def _answer_lists(db: sqlite_utils.Database) -> None:
    _run_script(
        db,
        """
        CREATE TABLE answer_lists (
            id INTEGER PRIMARY KEY,             -- the list id in "pg:<id>:<page>" buttons (hex)
            question TEXT NOT NULL,             -- JSON of knowledge.question.Question
            unit_id INTEGER,                    -- the asker's unit when asked ("my tasks")
            created_at TEXT NOT NULL            -- UTC ISO
        );
        """,
    )


@migration(9, "tasks.result: the product a task must deliver ('rõ sản phẩm')")
def _task_result(db: sqlite_utils.Database) -> None:
    db.conn.execute("ALTER TABLE tasks ADD COLUMN result TEXT")


@migration(10, "organizations: plans, units and people belong to the body that issued the plan")
def _organizations(db: sqlite_utils.Database) -> None:
    # Owned by the orgs feature (storage/orgs.py, bot/scope.py). One deployment may serve a city, its
    # departments and communes: "Phòng Kinh tế" of one commune is not that of another, so units become
    # unique per organization (the units table is rebuilt: SQLite cannot drop a UNIQUE constraint).
    # A city plan's task led by "UBND các xã, phường" is each child commune's own task: its status per
    # commune lives in task_org_status, and its updates carry the commune (status_updates.org_id).
    _run_script(
        db,
        """
        CREATE TABLE orgs (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,                 -- canonical, with diacritics when known ("xã Kim Thành")
            folded TEXT NOT NULL UNIQUE,        -- knowledge.fold.fold_words(name)
            kind TEXT NOT NULL DEFAULT 'other', -- knowledge.orgs.KINDS
            parent_id INTEGER REFERENCES orgs(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX orgs_parent ON orgs(parent_id);
        ALTER TABLE plans ADD COLUMN org_id INTEGER REFERENCES orgs(id);
        CREATE INDEX plans_org ON plans(org_id);
        ALTER TABLE tasks ADD COLUMN org_id INTEGER;          -- the plan's org, copied for scope filters
        ALTER TABLE tasks ADD COLUMN audience_org_id INTEGER; -- set: each child org of this one does it
        CREATE INDEX tasks_org ON tasks(org_id, due_date);
        CREATE INDEX tasks_audience ON tasks(audience_org_id, due_date) WHERE audience_org_id IS NOT NULL;
        ALTER TABLE people ADD COLUMN org_id INTEGER REFERENCES orgs(id);
        CREATE INDEX people_org ON people(org_id, role);
        ALTER TABLE invites ADD COLUMN org_id INTEGER REFERENCES orgs(id);
        ALTER TABLE status_updates ADD COLUMN org_id INTEGER;  -- whose instance of a shared task
        CREATE TABLE task_org_status (
            task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            org_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
            status TEXT NOT NULL DEFAULT 'not_started',
            percent INTEGER NOT NULL DEFAULT 0,
            status_updated_at TEXT,
            PRIMARY KEY (task_id, org_id)
        );
        CREATE INDEX task_org_status_org ON task_org_status(org_id, status);
        """,
    )
    _rebuild_units_per_org(db)
    from storage.org_placement import assign_existing_plans

    assign_existing_plans(db)


def _rebuild_units_per_org(db: sqlite_utils.Database) -> None:
    """units: UNIQUE(name) and UNIQUE(folded) become unique per organization.

    Inside the migration's transaction foreign keys cannot be switched off, so their checks are deferred
    to COMMIT: the old table is dropped (its aliases, which cascade, are kept aside) and the new one is
    filled with the same ids, which satisfies every reference again before the commit checks them.
    """
    conn = db.conn
    conn.execute("PRAGMA defer_foreign_keys = ON")
    conn.execute("CREATE TEMP TABLE _units_kept AS SELECT id, name, folded, abbreviation FROM units")
    conn.execute("CREATE TEMP TABLE _aliases_kept AS SELECT alias, unit_id FROM unit_aliases")
    conn.execute("DROP TABLE units")
    _run_script(
        db,
        """
        CREATE TABLE units (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,                 -- canonical, with diacritics
            folded TEXT NOT NULL,               -- knowledge.fold.fold_words(name)
            abbreviation TEXT,
            org_id INTEGER REFERENCES orgs(id)  -- the body whose plans name it (NULL: none known)
        );
        CREATE UNIQUE INDEX units_org_folded ON units(coalesce(org_id, 0), folded);
        CREATE INDEX units_folded ON units(folded);
        """,
    )
    conn.execute("INSERT INTO units (id, name, folded, abbreviation) SELECT * FROM _units_kept")
    conn.execute("INSERT OR IGNORE INTO unit_aliases (alias, unit_id) SELECT * FROM _aliases_kept")
    conn.execute("DROP TABLE _units_kept")
    conn.execute("DROP TABLE _aliases_kept")


@migration(11, "texts as read beside readable ones: tasks, duties, targets, plan titles and issuers")
def _original_texts(db: sqlite_utils.Database) -> None:
    # OCR-damaged plans are now repaired for reading (knowledge.repair); `original` keeps the text as read
    # (NULL when repair left it unchanged). Existing rows are repaired here, plan by plan, with the same
    # gate as ingest; ids, keys, statuses and history stay as they are.
    for statement in (
        "ALTER TABLE tasks ADD COLUMN original TEXT",
        "ALTER TABLE duties ADD COLUMN original TEXT",
        "ALTER TABLE targets ADD COLUMN original TEXT",
        "ALTER TABLE plans ADD COLUMN title_original TEXT",
        "ALTER TABLE plans ADD COLUMN issuer_original TEXT",
    ):
        db.conn.execute(statement)
    from storage.repair import repair_stored_plans

    repair_stored_plans(db)


@migration(12, "people.language_chosen: a language the person picked (/language) wins over the client's")
def _language_chosen(db: sqlite_utils.Database) -> None:
    db.conn.execute("ALTER TABLE people ADD COLUMN language_chosen INTEGER NOT NULL DEFAULT 0")


# --- re-ingest safety (issue 17, branch reingest) -------------------------------------------------------


@migration(13, "archived tasks: tasks a re-ingest removed, with their history, recoverable")
def _archived_tasks(db: sqlite_utils.Database) -> None:
    # A task removed by a re-ingest is copied here (its row and everything that hung on it, as JSON) in
    # the same transaction that deletes it, so `planbot archive restore` can put it back. JSON rather
    # than copies of each table: the tasks table gains columns over time, and a restore writes back
    # whichever of them still exist.
    _run_script(
        db,
        """
        CREATE TABLE archived_tasks (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            task_id INTEGER NOT NULL,           -- the id it had (restored under it when still free)
            task_key TEXT NOT NULL,
            code TEXT,
            content TEXT NOT NULL,
            task TEXT NOT NULL,                 -- JSON: the tasks row
            units TEXT NOT NULL DEFAULT '[]',   -- JSON: its task_units rows
            history TEXT NOT NULL DEFAULT '[]', -- JSON: its status_updates rows
            assignments TEXT NOT NULL DEFAULT '[]',
            mutes TEXT NOT NULL DEFAULT '[]',
            updates INTEGER NOT NULL DEFAULT 0, -- rows in history
            source_file TEXT,                   -- the file whose ingest removed it
            archived_at TEXT NOT NULL,
            restored_at TEXT,
            restored_task_id INTEGER
        );
        CREATE INDEX archived_tasks_plan ON archived_tasks(plan_id, restored_at);
        CREATE TABLE pending_plan_uploads (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            file_name TEXT NOT NULL,
            content BLOB NOT NULL,              -- the file as sent, read again when confirmed
            plan_id INTEGER REFERENCES plans(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            claimed_at TEXT                     -- set by the first tap on "confirm": a double tap saves once
        );
        CREATE INDEX pending_plan_uploads_person ON pending_plan_uploads(person_id);
        """,
    )


@migration(16, "web dashboard: one-time login links, sessions, plan corrections and their audit log")
def _web(db: sqlite_utils.Database) -> None:
    # Owned by the web dashboard (bot/web_auth.py, bot/corrections.py, storage/web*.py). Tokens are kept
    # as SHA-256 hashes: a copy of the database does not let anyone log in. Corrections are keyed by the
    # plan's identity (number and issuer keys) and the task key, not by row ids, so that they are applied
    # again after the same plan is ingested again. The three task indexes serve the dashboard at 200,000
    # tasks (benchmarks/bench_web.py): progress by unit is one scan of a covering index, overdue and
    # this week's counts are ranges of (due_date, status), the task list pages along the deadline order.
    _run_script(
        db,
        """
        CREATE TABLE web_links (
            token_hash TEXT PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,           -- UTC ISO
            used_at TEXT                        -- set once: a link starts one session
        );
        CREATE INDEX web_links_person ON web_links(person_id);
        CREATE TABLE web_sessions (
            id_hash TEXT PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            csrf TEXT NOT NULL,                 -- the session's form token
            via TEXT NOT NULL,                  -- link | telegram
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE INDEX web_sessions_person ON web_sessions(person_id);
        CREATE INDEX web_sessions_expiry ON web_sessions(expires_at);
        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            number_key TEXT NOT NULL,           -- plans.number_key
            issuer_key TEXT NOT NULL,           -- plans.issuer_key when corrected
            task_key TEXT NOT NULL,             -- tasks.task_key (the parsed identity, never corrected)
            field TEXT NOT NULL,                -- lead | support | deadline | code | content
            value TEXT NOT NULL,                -- JSON
            person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            UNIQUE (number_key, issuer_key, task_key, field)
        );
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
            action TEXT NOT NULL,               -- correct | assign | login | logout
            task_id INTEGER,                    -- no foreign key: the log outlives the task
            plan_id INTEGER,
            field TEXT,
            old_value TEXT,
            new_value TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX audit_log_task ON audit_log(task_id, id);
        CREATE INDEX audit_log_plan ON audit_log(plan_id, id);
        CREATE INDEX tasks_overview ON tasks(lead_unit_id, status, due_date);
        CREATE INDEX tasks_due_status ON tasks(due_date, status, lead_unit_id);
        CREATE INDEX tasks_deadline_order ON tasks(due_date IS NULL, due_date, id);
        """,
    )


@migration(14, "collective audiences (units.collective), task references (tasks.ref), targets.unit")
def _collectives_and_refs(db: sqlite_utils.Database) -> None:
    # "Các phòng, ban, ngành", "UBND các xã, phường": an audience of the issuing body, not one unit. The
    # kind ("units", "communes", "villages", "party_cells") is kept on the unit row, so pickers leave it
    # out and a task it leads reaches every unit of its plan (the view below).
    from knowledge.refs import task_refs
    from knowledge.units import collective_kind

    db.conn.execute("ALTER TABLE units ADD COLUMN collective TEXT")
    for unit_id, name in db.conn.execute("SELECT id, name FROM units").fetchall():
        kind = collective_kind(name)
        if kind:
            db.conn.execute("UPDATE units SET collective = ? WHERE id = ?", (kind, unit_id))
    # A task's short reference, unique in its plan ("1.1", "1.1-2", "B3"): typed by users, shown on buttons.
    db.conn.execute("ALTER TABLE tasks ADD COLUMN ref TEXT")
    plans = [r[0] for r in db.conn.execute("SELECT id FROM plans").fetchall()]
    for plan_id in plans:
        rows = db.conn.execute(
            "SELECT id, code, source FROM tasks WHERE plan_id = ? ORDER BY position, id", (plan_id,)
        ).fetchall()
        refs = task_refs([(code, source) for _id, code, source in rows])
        db.conn.executemany(
            "UPDATE tasks SET ref = ? WHERE id = ?", [(r, row[0]) for r, row in zip(refs, rows, strict=True)]
        )
    db.conn.execute("CREATE INDEX tasks_ref ON tasks(plan_id, ref)")
    # The unit of measure a target's values share ("%", "doanh nghiệp").
    db.conn.execute("ALTER TABLE targets ADD COLUMN unit TEXT")
    # The units a task led by a collective reaches: every single unit its plan names (as lead or partner).
    db.conn.execute(
        "CREATE VIEW collective_task_units AS"
        " SELECT DISTINCT ct.id AS task_id, tu.unit_id AS unit_id"
        " FROM tasks ct JOIN units cu ON cu.id = ct.lead_unit_id AND cu.collective IS NOT NULL"
        " JOIN tasks t2 ON t2.plan_id = ct.plan_id JOIN task_units tu ON tu.task_id = t2.id"
        " JOIN units mu ON mu.id = tu.unit_id AND mu.collective IS NULL"
    )


@migration(15, "qa_context: each chat's last question and list, for 'tiếp', 'cái số 3', 'còn X thì sao?'")
def _qa_context(db: sqlite_utils.Database) -> None:
    _run_script(
        db,
        """
        CREATE TABLE qa_context (
            chat TEXT PRIMARY KEY,              -- channel:chat:sender (the same in Telegram, Zalo, console)
            question TEXT NOT NULL,             -- the last question as typed
            unit_words TEXT NOT NULL DEFAULT '',-- the folded words that named its unit ("còn X thì sao?")
            task_ids TEXT NOT NULL DEFAULT '[]',-- JSON: the tasks of its answer, best first
            page INTEGER NOT NULL DEFAULT 1,    -- the page shown last
            focus INTEGER,                      -- the item "nó" refers to (1-based)
            updated_at TEXT NOT NULL            -- UTC ISO, older than storage.qa_context.TTL is ignored
        );
        """,
    )


@migration(17, "plans.region: the province or city a plan belongs to, for 'kế hoạch của tỉnh …'")
def _plan_region(db: sqlite_utils.Database) -> None:
    # Read from the plan's header when it is ingested; plans ingested before stay without one until they
    # are read again (the text is not kept), and questions about a province still find them by issuer.
    db.conn.execute("ALTER TABLE plans ADD COLUMN region TEXT")
    db.conn.execute("ALTER TABLE plans ADD COLUMN region_key TEXT NOT NULL DEFAULT ''")
    db.conn.execute("CREATE INDEX plans_region ON plans(region_key)")


@migration(18, "a collective reaches every unit of its plan only when it names the plan's own offices")
def _collectives_of_offices(db: sqlite_utils.Database) -> None:
    # Until now every "các …" audience reached every unit of its plan: a task of "Các cơ sở giáo dục",
    # "Các chi bộ" or "Các thôn" showed in each office's "my tasks" and reminded its leader. Only "Các
    # phòng, ban, ngành" (the issuer's own offices) does; the kind of each collective is read again
    # (outside bodies and the cells of mass organisations have kinds of their own now).
    from knowledge.units import COLLECTIVE_UNITS, collective_kind

    rows = db.conn.execute("SELECT id, name FROM units WHERE collective IS NOT NULL").fetchall()
    db.conn.executemany(
        "UPDATE units SET collective = ? WHERE id = ?",
        [(collective_kind(name) or COLLECTIVE_UNITS, unit_id) for unit_id, name in rows],
    )
    db.conn.execute("DROP VIEW IF EXISTS collective_task_units")
    db.conn.execute(
        "CREATE VIEW collective_task_units AS"
        " SELECT DISTINCT ct.id AS task_id, tu.unit_id AS unit_id"
        f" FROM tasks ct JOIN units cu ON cu.id = ct.lead_unit_id AND cu.collective = '{COLLECTIVE_UNITS}'"
        " JOIN tasks t2 ON t2.plan_id = ct.plan_id JOIN task_units tu ON tu.task_id = t2.id"
        " JOIN units mu ON mu.id = tu.unit_id AND mu.collective IS NULL"
    )


def _run_script(db: sqlite_utils.Database, script: str) -> None:
    """Run `;`-separated DDL statements inside the caller's transaction.

    (sqlite3's executescript would COMMIT first, breaking the one-transaction-per-migration rule.)
    """
    for statement in script.split(";"):
        lines = [line.split("--", 1)[0] for line in statement.splitlines()]
        sql = "\n".join(lines).strip()
        if sql:
            db.conn.execute(sql)


def current_version(db: sqlite_utils.Database) -> int:
    if "schema_migrations" not in db.table_names():
        return 0
    row = db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return row[0] or 0


def apply_migrations(db: sqlite_utils.Database) -> int:
    """Apply every migration newer than the database; return the resulting version."""
    conn = db.conn
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)"
    )
    done = current_version(db)
    for version, name, fn in sorted(MIGRATIONS):
        if version <= done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            fn(db)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (version, name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        logger.info("applied migration %s: %s", version, name)
        done = version
    return done

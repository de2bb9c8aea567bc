"""Loading a plan by sending its file in chat (admins): read, parse and save it exactly like
`planbot ingest`, off the event loop, with the same refusals."""

from __future__ import annotations

import html
import logging
import os
import tempfile
from pathlib import Path

from bot.chat import Incoming, Reply
from bot.core import run_blocking
from bot.feature import Feature
from bot.features.keyboards import short
from bot.ingest import NoTasksFound, read_plan
from bot.permissions import ADMINS
from knowledge.documents import DocumentError
from knowledge.messages import t
from storage.db import database_path, open_db
from storage.people import Person
from storage.plans import save_plan

logger = logging.getLogger(__name__)

MAX_PLAN_BYTES = 20 * 1024 * 1024  # the document reader's own limit; refused before downloading
PROBLEMS_SHOWN = 5


def ingest_file(db_path: str, path: str, name: str, db=None):
    """Read, parse and save one plan file, like `planbot ingest`. Runs in a worker thread with its own
    connection (or on `db` when given). Returns (plan number, title, task count, problems); a document
    that is not a plan (no task, or loose text with no code, lead or deadline) is not saved and counts 0.
    Raises knowledge.documents.DocumentError and parse errors."""
    try:
        parsed, prepared = read_plan(Path(path), name)
    except NoTasksFound:
        return None, "", 0, []
    own = db is None
    db = open_db(db_path) if own else db
    try:
        result = save_plan(db, parsed, source_file=name, prepared=prepared)
        return result.number, parsed.title or "", result.tasks, list(parsed.problems)
    finally:
        if own:
            db.conn.close()


async def load_plan_file(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Ingest the plan file an admin sent."""
    lang = core.lang(incoming, person)
    ref = incoming.file
    if ref.kind != "document":
        return [Reply(t(lang, "plan.photo_not_plan"))]
    if ref.size and ref.size > MAX_PLAN_BYTES:
        return [Reply(t(lang, "plan.too_large", mb=MAX_PLAN_BYTES // (1024 * 1024)))]
    if core.fetch_file is None:
        return [Reply(t(lang, "plan.cannot_download"))]
    try:
        content = await core.fetch_file(ref)
    except Exception:
        logger.warning("could not download plan file", exc_info=True)
        return [Reply(t(lang, "plan.cannot_download"))]
    name = os.path.basename(ref.name or "plan.txt") or "plan.txt"
    suffix = Path(name).suffix.lower() or ".txt"
    fd, tmp = tempfile.mkstemp(suffix=suffix, prefix="planbot-upload-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        try:
            db_path = database_path(core.db)
            if db_path:
                number, title, count, problems = await run_blocking(ingest_file, db_path, tmp, name)
            else:  # an in-memory database has no second connection: ingest on this one
                number, title, count, problems = ingest_file("", tmp, name, core.db)
        except DocumentError as exc:
            error = html.escape(exc.message(lang))
            return [Reply(t(lang, "plan.bad_document", name=html.escape(name), error=error))]
        except Exception:
            logger.warning(
                "plan %s could not be loaded", name, exc_info=True
            )  # the error goes to the log only
            return [Reply(t(lang, "plan.not_a_plan", name=html.escape(name)))]
    finally:
        os.unlink(tmp)
    if count == 0:
        return [Reply(t(lang, "plan.no_tasks", name=html.escape(name)))]
    text = t(
        lang,
        "plan.loaded",
        name=html.escape(name),
        number=html.escape(number or "—"),
        title=html.escape(short(title or "", 200)),
        count=count,
    )
    if problems:
        text += "\n" + t(lang, "plan.problems", count=len(problems))
        text += "\n" + "\n".join("• " + html.escape(short(str(p), 200)) for p in problems[:PROBLEMS_SHOWN])
    return [Reply(text)]


FEATURE = Feature(name="plan_upload", on_file=load_plan_file, file_roles=ADMINS)

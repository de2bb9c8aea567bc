"""Loading a plan by sending its file in chat (admins): read, parse and save it exactly like
`planbot ingest`, off the event loop, with the same refusals; the file is read in a worker process under
a time and a memory limit (bot.isolation)."""

from __future__ import annotations

import asyncio
import functools
import html
import logging
import os
import tempfile
from pathlib import Path

from bot.chat import Incoming, Reply
from bot.core import run_blocking
from bot.feature import Feature
from bot.features.keyboards import short
from bot.ingest import NoTasksFound
from bot.isolation import ReadersStopped, read_isolated
from bot.permissions import ADMINS
from knowledge.documents import DocumentError
from knowledge.messages import t
from storage.db import database_path, open_db
from storage.people import Person
from storage.plans import save_plan

logger = logging.getLogger(__name__)

MAX_PLAN_BYTES = 20 * 1024 * 1024  # the document reader's own limit; refused before downloading
PROBLEMS_SHOWN = 5


def save_file(db_path: str, parsed, prepared, name: str, db=None):
    """Save one plan read by `bot.isolation`, like `planbot ingest`, in one transaction. Runs in a worker
    thread with its own connection (or on `db` when given). Returns (plan number, title, task count,
    problems)."""
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
            # Read and parse in a worker process under a time and a memory limit (a hostile file costs
            # at most that, and never this process); this thread only waits for it.
            loop = asyncio.get_running_loop()

            def tell_page(page: int, pages: int) -> None:
                # From the waiting thread: the message is queued on the event loop's thread (its
                # database connection), and the outbox delivers it while the rest is read.
                text = t(lang, "doc.ocr_progress", page=page, pages=pages)
                notify = functools.partial(core.notify, person.id, text, dedupe_key=f"ocr:{tmp}:{page}")
                loop.call_soon_threadsafe(notify)

            parsed, prepared = await run_blocking(read_isolated, Path(tmp), name, None, tell_page)
            db_path = database_path(core.db)
            if db_path:
                number, title, count, problems = await run_blocking(
                    save_file, db_path, parsed, prepared, name
                )
            else:  # an in-memory database has no second connection: save on this one
                number, title, count, problems = save_file("", parsed, prepared, name, core.db)
        except NoTasksFound:
            return [Reply(t(lang, "plan.no_tasks", name=html.escape(name)))]
        except DocumentError as exc:  # its message names the file the admin sent, once
            return [Reply(t(lang, "plan.bad_document", error=html.escape(exc.message(lang))))]
        except ReadersStopped:
            return []  # the bot is shutting down
        except Exception:
            logger.warning(
                "plan %s could not be loaded", name, exc_info=True
            )  # the error goes to the log only
            return [Reply(t(lang, "plan.not_a_plan", name=html.escape(name)))]
    finally:
        os.unlink(tmp)
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

"""Loading a plan by sending its file in chat (admins): read, parse and save it exactly like
`planbot ingest`, off the event loop, with the same refusals; the file is read in a worker process under
a time and a memory limit (bot.isolation).

A file that would remove tasks with history from the plan it updates, or replace it with a much smaller
one (storage.plan_changes), is not saved: the admin sees what would change and a confirm button. The
file waits in `pending_plan_uploads` (a restart loses nothing); the first tap reads it again and saves it
with the removals allowed (removed tasks are archived), a second tap does nothing.
"""

from __future__ import annotations

import asyncio
import functools
import html
import logging
import os
import tempfile
from pathlib import Path

from bot import actions, reingest_text
from bot.chat import Button, Incoming, Reply
from bot.core import run_blocking
from bot.corrections import reapply
from bot.feature import ButtonAction, Feature
from bot.features.keyboards import short
from bot.ingest import NoTasksFound
from bot.isolation import ReadersStopped, read_isolated
from bot.permissions import ADMINS
from bot.verbs import Verb
from knowledge.documents import DocumentError
from knowledge.messages import t
from storage import pending_uploads
from storage.db import database_path, open_db, transaction
from storage.people import Person
from storage.plan_changes import RemovalsNeedConfirmation
from storage.plans import save_plan

logger = logging.getLogger(__name__)

MAX_PLAN_BYTES = 20 * 1024 * 1024  # the document reader's own limit; refused before downloading
PROBLEMS_SHOWN = 5


def save_file(db_path: str, parsed, prepared, name: str, db=None, allow_removals: bool = False):
    """Save one plan read by `bot.isolation`, like `planbot ingest`, in one transaction. Runs in a worker
    thread with its own connection (or on `db` when given). Returns storage.plans.SaveResult; raises
    RemovalsNeedConfirmation (nothing written) unless `allow_removals`."""
    own = db is None
    db = open_db(db_path) if own else db
    try:
        with transaction(db):  # the dashboard's corrections go back on the plan with its save
            result = save_plan(db, parsed, source_file=name, prepared=prepared, allow_removals=allow_removals)
            reapply(db, result.plan_id)
        return result
    finally:
        if own:
            db.conn.close()


async def _read_and_save(core, person: Person, lang: str, content: bytes, name: str, *, allow_removals: bool):
    """Read `content` (the file `name`) in an isolated worker and save it. Returns (parsed, SaveResult).
    Raises what reading and saving raise. The pages of a scan read by OCR are told to `person`."""
    suffix = Path(name).suffix.lower() or ".txt"
    fd, tmp = tempfile.mkstemp(suffix=suffix, prefix="planbot-upload-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        # Read and parse in a worker process under a time and a memory limit (a hostile file costs at
        # most that, and never this process); this thread only waits for it.
        loop = asyncio.get_running_loop()

        def tell_page(page: int, pages: int) -> None:
            # From the waiting thread: the message is queued on the event loop's thread (its database
            # connection), and the outbox delivers it while the rest is read.
            text = t(lang, "doc.ocr_progress", page=page, pages=pages)
            notify = functools.partial(core.notify, person.id, text, dedupe_key=f"ocr:{tmp}:{page}")
            loop.call_soon_threadsafe(notify)

        parsed, prepared = await run_blocking(read_isolated, Path(tmp), name, None, tell_page)
    finally:
        os.unlink(tmp)
    db_path = database_path(core.db)
    if db_path:
        result = await run_blocking(save_file, db_path, parsed, prepared, name, None, allow_removals)
    else:  # an in-memory database has no second connection: save on this one
        result = save_file("", parsed, prepared, name, core.db, allow_removals)
    return parsed, result


def _refusal(lang: str, name: str, exc: BaseException) -> list[Reply]:
    """What the admin reads when a file could not be read or saved (nothing was changed)."""
    if isinstance(exc, NoTasksFound):
        return [Reply(t(lang, "plan.no_tasks", name=html.escape(name)))]
    if isinstance(exc, DocumentError):  # its message names the file the admin sent, once
        return [Reply(t(lang, "plan.bad_document", error=html.escape(exc.message(lang))))]
    if isinstance(exc, ReadersStopped):
        return []  # the bot is shutting down
    logger.warning("plan %s could not be loaded", name, exc_info=exc)  # the error goes to the log only
    return [Reply(t(lang, "plan.not_a_plan", name=html.escape(name)))]


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
    try:
        parsed, result = await _read_and_save(core, person, lang, content, name, allow_removals=False)
    except RemovalsNeedConfirmation as held:
        return [_ask_to_confirm(core, person, lang, name, content, held.changes)]
    except Exception as exc:
        return _refusal(lang, name, exc)
    return [Reply(_loaded_text(lang, name, parsed, result))]


def _loaded_text(lang: str, name: str, parsed, result) -> str:
    text = t(
        lang,
        "plan.loaded",
        name=html.escape(name),
        number=html.escape(result.number or "—"),
        title=html.escape(short(parsed.title or "", 200)),
        count=result.tasks,
    )
    changes = result.changes
    if changes is not None:
        text += "\n" + reingest_text.changes_line(lang, changes)
        if changes.removed:
            text += "\n" + reingest_text.archived_line(lang, changes, chat=True)
    problems = list(parsed.problems)
    if problems:
        text += "\n" + t(lang, "plan.problems", count=len(problems))
        text += "\n" + "\n".join("• " + html.escape(short(str(p), 200)) for p in problems[:PROBLEMS_SHOWN])
    return text


def _ask_to_confirm(core, person: Person, lang: str, name: str, content: bytes, changes) -> Reply:
    """Keep the file and ask: what replacing the plan would change, and a confirm button."""
    upload_id = pending_uploads.hold_upload(
        core.db,
        person_id=person.id,
        file_name=name,
        content=content,
        plan_id=changes.plan_id,
        now=core.clock.now(),
    )
    return Reply(
        reingest_text.chat_held_text(lang, changes, name, html.escape),
        buttons=[
            [
                Button(t(lang, "reingest.button_confirm"), actions.build(VERB, "ok", upload_id)),
                Button(t(lang, "reingest.button_cancel"), actions.build(VERB, "no", upload_id)),
            ]
        ],
    )


async def confirm_plan_replacement(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Replace the stored plan with the held file (or forget the file), once."""
    lang = core.lang(incoming, person)
    action = actions.parse(incoming.action)
    step, upload_id = action.arg(0), action.int_arg(1)
    if step == "no":
        pending_uploads.drop_upload(core.db, upload_id, person.id)
        return [Reply(t(lang, "reingest.cancelled"), edit=True)]
    if step != "ok":
        raise actions.BadAction(f"pr: unknown step {step!r}")
    upload = pending_uploads.claim_upload(core.db, upload_id, person.id, now=core.clock.now())
    if upload is None:  # a second tap, someone else's file, or an expired question
        return [Reply(t(lang, "reingest.already_done"))]
    saved = False
    try:
        parsed, result = await _read_and_save(
            core, person, lang, upload.content, upload.file_name, allow_removals=True
        )
        saved = True
    except Exception as exc:
        return _refusal(lang, upload.file_name, exc)
    finally:  # a failed or interrupted save may be confirmed again; a done one is forgotten
        if saved:
            pending_uploads.drop_upload(core.db, upload.id, person.id)
        else:
            pending_uploads.release_upload(core.db, upload.id)
    return [Reply(_loaded_text(lang, upload.file_name, parsed, result), edit=True)]


VERB = Verb.PLAN_REPLACE

FEATURE = Feature(
    name="plan_upload",
    on_file=load_plan_file,
    file_roles=ADMINS,
    buttons=(ButtonAction(VERB, confirm_plan_replacement, roles=ADMINS),),
)

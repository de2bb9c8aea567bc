"""Reading one plan file into a parsed and prepared plan, with no database: the CPU part of ingest,
run inside the isolated reader processes (bot.isolation) and named by what it refuses."""

from __future__ import annotations

import os
from pathlib import Path

from knowledge.deadline import settled
from knowledge.documents import DocumentError
from knowledge.models import ParsedPlan


class NoTasksFound(Exception):
    """The document was read but holds no task: not saved, so a wrong file cannot replace a plan."""


def looks_like_plan(parsed: ParsedPlan) -> bool:
    """A plan has tasks, and either a plan number or a task with a code, lead or deadline.

    Free text (a note, a letter) parses into loose "tasks" with none of these; saving it would add a
    nameless plan, so it is rejected like a file with no task at all.
    """
    if not parsed.tasks:
        return False
    if parsed.number:
        return True
    return any(t.code or t.lead or t.deadline.kind != "none" for t in parsed.tasks)


def read_plan(path: Path, name: str | None = None, progress=None):
    """Read (OCR for scans), parse, repair and prepare one file (no database). Returns (parsed, prepared).

    Scans are read by Tesseract (bot.ocr), `progress(page, pages)` called per page. OCR-damaged text is
    parsed as read, then its texts are repaired for reading, the text as read kept beside them
    (knowledge.repair.plan; PLANBOT_REPAIR=0 turns this off).
    Raises DocumentError (unreadable file) or NoTasksFound (not a plan).
    """
    from bot.ocr import read_any
    from knowledge.plan_parser import parse_plan
    from knowledge.repair.plan import repair_plan
    from storage.plans import prepare_plan

    name = name or path.name
    try:
        text = read_any(path, progress=progress)
    except DocumentError as exc:
        if exc.name == name:
            raise
        # An upload is read from a temporary file: the refusal names the file the person sent.
        raise DocumentError(exc.key, name, **exc.values) from exc
    parsed = parse_plan(text, source_name=name)
    for task in parsed.tasks:  # an impossible date (31/2/2026) is stored and counted as no date
        task.deadline = settled(task.deadline)
    if not looks_like_plan(parsed):
        raise NoTasksFound(name)
    if os.environ.get("PLANBOT_REPAIR", "1") != "0":
        repair_plan(parsed, text)
    return parsed, prepare_plan(parsed, name)

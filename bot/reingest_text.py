"""What a re-ingest changes, in words: the lines `planbot ingest` prints and the chat shows.

The same facts in both places (storage.plan_changes.PlanChanges): what is kept, changed, added and
removed, which removed tasks carry history, and whether the file is much smaller than the stored plan.
`escape` is html.escape for chat replies and the identity for the terminal.
"""

from __future__ import annotations

from collections.abc import Callable

from knowledge.messages import has_message, t

REMOVED_SHOWN = 5  # removed tasks with history listed by name; the rest are counted


def _plain(text: str) -> str:
    return text


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def changes_line(lang: str, changes) -> str:
    return t(
        lang,
        "reingest.changes",
        kept=changes.kept,
        changed=changes.changed,
        added=changes.added,
        removed=len(changes.removed),
    )


def archived_line(lang: str, changes, *, chat: bool = False) -> str:
    if chat:
        return t(lang, "reingest.chat_archived", removed=len(changes.removed))
    return t(
        lang,
        "reingest.archived",
        removed=len(changes.removed),
        with_history=len(changes.removed_with_history),
    )


def smaller_line(lang: str, changes) -> str:
    return t(
        lang,
        "reingest.smaller",
        new=changes.new_tasks,
        stored=changes.stored_tasks,
        new_chars=changes.new_chars,
        stored_chars=changes.stored_chars,
    )


def held_line(lang: str, changes, file: str) -> str:
    """The CLI's one line: how many tasks (with history) would go; nothing written."""
    return t(
        lang,
        "reingest.held",
        file=file,
        number=changes.number or file,
        stored=changes.stored_tasks,
        new=changes.new_tasks,
        removed=len(changes.removed),
        with_history=len(changes.removed_with_history),
    )


def chat_held_text(lang: str, changes, name: str, escape: Callable[[str], str]) -> str:
    """The chat's question before replacing a plan: the changes, the removed tasks with history, the
    size warning, and what the confirm button does."""
    lines = [
        t(
            lang,
            "reingest.chat_held",
            name=escape(name),
            number=escape(changes.number or "—"),
            stored=changes.stored_tasks,
            new=changes.new_tasks,
            kept=changes.kept,
            changed=changes.changed,
            added=changes.added,
            removed=len(changes.removed),
            with_history=len(changes.removed_with_history),
        )
    ]
    lines += ["• " + line for line in removed_lines(lang, changes, escape)]
    if changes.much_smaller:
        lines.append(smaller_line(lang, changes))
    lines.append(t(lang, "reingest.chat_confirm"))
    return "\n".join(lines)


def removed_lines(lang: str, changes, escape: Callable[[str], str] = _plain) -> list[str]:
    """The removed tasks with history, by name (the first few), and how many more."""
    with_history = changes.removed_with_history
    lines = [
        t(
            lang,
            "reingest.removed_task",
            code=escape(task.code or ""),
            content=escape(_short(task.content, 80)),
            updates=task.updates,
            status=_status(lang, task.status),
            percent=task.percent,
        ).strip()
        for task in with_history[:REMOVED_SHOWN]
    ]
    if len(with_history) > REMOVED_SHOWN:
        lines.append(t(lang, "reingest.more", count=len(with_history) - REMOVED_SHOWN))
    return lines


def _status(lang: str, status: str) -> str:
    key = f"status.{status}"
    return t(lang, key) if has_message(key) else status

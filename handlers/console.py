"""The terminal chat (`planbot console`): a thin adapter over the core.

Each input line becomes an `Incoming` on the "console" channel; the core's replies are printed as plain
text with their buttons as numbered choices ("[1] Xác nhận"), so typing a number presses the button. The
choices are the same as on Zalo (handlers/numbered_menu.py): values typed as values, "tiếp"/"trước" for
pages, list numbers kept across pages. No SQL and no matching here: the local console identity is
registered through storage.people, everything else is the core's.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TextIO

from bot.chat import Incoming, Reply, to_plain_text
from handlers import numbered_menu
from handlers.numbered_menu import NUMBER, Choice
from knowledge.fold import fold_words
from knowledge.messages import t
from storage import people as people_db

logger = logging.getLogger(__name__)

CHANNEL = "console"
LOCAL_ID = "local"
# Words that end the session (folded: "thoát" and "thoat" both match).
EXIT_WORDS = frozenset({"q", "quit", "exit", "thoat", "/thoat", "/quit"})


def ensure_console_admin(
    db,
    *,
    unit_id: int | None = None,
    language: str = "vi",
    name: str = "Console",
    now=None,
    org_id: int | None = None,
) -> int:
    """Register the local console identity as an admin (with `unit_id` if given); returns the person id."""
    existing = people_db.find_by_identity(db, CHANNEL, LOCAL_ID)
    if existing is not None and unit_id is None:
        unit_id = existing.unit_id  # keep the unit chosen in an earlier session
    return people_db.add_user(
        db,
        channel=CHANNEL,
        external_id=LOCAL_ID,
        name=existing.name if existing else name,
        role="admin",
        unit_id=unit_id,
        language=language,
        now=now,
        org_id=org_id,
    )


def render_replies(replies: list[Reply], lang: str) -> tuple[str, list[Choice]]:
    """Plain text of `replies` with their numbered choices in the buttons' rows, and the menu."""
    lines: list[str] = []
    menu: list[Choice] = []
    for reply, choices in zip(replies, numbered_menu.number_replies(replies), strict=True):
        menu.extend(choices)
        lines.append(to_plain_text(reply.text))
        if reply.document is not None:
            lines.append(t(lang, "console.document", name=reply.document.name or reply.document.ref))
        position = 0
        for row in reply.buttons:
            cells = [
                f"[{c.n}] {to_plain_text(c.label)}"
                for c in choices[position : position + len(row)]
                if c.kind == NUMBER
            ]
            position += len(row)
            if cells:
                lines.append("  ".join(cells))
        lines.extend(numbered_menu.other_hints(choices, lang))
    if any(c.kind == NUMBER for c in menu):
        lines.append(t(lang, "console.choose_hint"))
    return "\n".join(lines), menu


def incoming_for(line: str, menu: list[Choice], *, lang: str, today: date | None) -> Incoming:
    """A typed number, value, paging word or name of a shown choice presses it; anything else is a
    message."""
    outcome, value = numbered_menu.resolve_choice(line, menu)
    action = value if outcome == "action" else None
    return Incoming(
        channel=CHANNEL,
        chat_id=LOCAL_ID,
        sender_id=LOCAL_ID,
        sender_name="Console",
        text=None if action else line,
        action=action,
        language=lang,
        today=today,
    )


async def run_console(
    core, stdin: TextIO, stdout: TextIO, *, lang: str = "vi", today: date | None = None
) -> int:
    """Read lines from `stdin` until EOF or an exit word, answer each through `core.handle`."""
    print(t(lang, "console.greeting"), file=stdout)
    print(t(lang, "console.hint"), file=stdout)
    menu: list[Choice] = []
    while True:
        stdout.write("> ")
        stdout.flush()
        raw = stdin.readline()
        if not raw:  # EOF
            stdout.write("\n")
            break
        line = raw.strip()
        if not line:
            continue
        if fold_words(line) in EXIT_WORDS:
            break
        incoming = incoming_for(line, menu, lang=lang, today=today)
        try:
            replies = await core.handle(incoming)
        except Exception:  # one broken answer must not end the session or show a traceback
            logger.exception("console: core failed on a message")
            print(t(lang, "console.error"), file=stdout)
            continue
        text, new_menu = render_replies(replies, lang)
        if text:
            print(text, file=stdout)
        if replies:
            paged = incoming.action is not None and numbered_menu.is_paging(menu, incoming.action)
            menu = numbered_menu.follow_menu(menu, new_menu, paged=paged)
    print(t(lang, "console.bye"), file=stdout)
    return 0

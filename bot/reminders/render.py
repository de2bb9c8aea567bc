"""A digest as one chat message: sections in a fixed order (due today, due soon, overdue, escalation,
reporting duties), each line through the message catalog in the recipient's language, document text
escaped for reply HTML, and per task a details button and a mute button."""

from __future__ import annotations

import html
from datetime import date

from bot import actions
from bot.chat import Button
from bot.reminders.planner import Digest, Item
from bot.reminders.policy import ReminderPolicy
from bot.verbs import Verb
from knowledge.messages import t

SECTION_ORDER = ("due", "before", "overdue", "escalation", "duty")


def _section_of(kind: str) -> str:
    if kind == "due":
        return "due"
    if kind.startswith("before_"):
        return "before"
    if kind.startswith("duty_"):
        return "duty"
    return kind


def shorten(text: str, limit: int = 90) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _ref(item: Item) -> str:
    parts = [p for p in (item.plan, item.code) if p]
    return " · ".join(parts)


class DigestRenderer:
    """Renders the digests of one tick. Many people get the same lines (a city task in every commune's
    digests, a unit's overdue list to each of its leaders): a line, its buttons and the fixed texts are
    made once per language and reused, which keeps a tick of tens of thousands of digests fast."""

    def __init__(self, today: date, policy: ReminderPolicy | None = None):
        self.today = today
        self.policy = policy or ReminderPolicy()
        self._lines: dict[tuple, tuple[str, list[Button] | None]] = {}
        self._texts: dict[tuple, str] = {}
        self._dates: dict[date, str] = {}
        self._items: dict[str, dict[int, tuple]] = {}

    def _text(self, lang: str, key: str, **params) -> str:
        cache_key = (lang, key, *params.items())
        text = self._texts.get(cache_key)
        if text is None:
            text = self._texts[cache_key] = t(lang, key, **params)
        return text

    def _line(self, lang: str, item: Item) -> tuple[str, list[Button] | None]:
        """The item's line and its buttons (None for a duty)."""
        cache_key = (lang, item.kind, item.subject, item.due_date, item.unit)
        found = self._lines.get(cache_key)
        if found is None:
            ref = _ref(item)
            days = (item.due_date - self.today).days
            if days > 0:
                when = self._text(lang, "reminder.when.days_left", days=days)
            elif days == 0:
                when = self._text(lang, "reminder.when.today")
            else:
                when = self._text(lang, "reminder.when.overdue", days=-days)
            due = self._dates.get(item.due_date)
            if due is None:
                due = self._dates[item.due_date] = item.due_date.strftime("%d/%m/%Y")
            line = t(
                lang,
                "reminder.item",
                ref=html.escape(ref + ": ") if ref else "",
                text=html.escape(shorten(item.text)),
                due=due,
                when=when,
            )
            buttons = None
            if item.task_id is not None:
                label = shorten(item.code or ref or f"#{item.task_id}", 24)
                buttons = [
                    Button(
                        self._text(lang, "reminder.button.details", ref=label),
                        actions.build(Verb.TASK_DETAILS, item.task_id),
                    ),
                    Button(
                        self._text(lang, "reminder.button.mute"), actions.build(Verb.MUTE_TASK, item.task_id)
                    ),
                ]
            found = self._lines[cache_key] = (line, buttons)
        return found

    def render(self, digest: Digest) -> tuple[str, list[list[Button]]]:
        """The digest as reply HTML (document text escaped) and its buttons: details (td) and mute (mt)."""
        policy = self.policy
        lang = digest.language
        # Each item's section, line and buttons, made once per language for everyone it goes to (the
        # item is kept beside them, so its id cannot be reused while the renderer lives).
        made = self._items.setdefault(lang, {})
        sections: dict[str, list[tuple]] = {}
        for item in digest.items:
            entry = made.get(id(item))
            if entry is None:
                entry = made[id(item)] = (item, _section_of(item.kind), *self._line(lang, item))
            sections.setdefault(entry[1], []).append(entry)
        lines = [self._text(lang, "reminder.title")]
        if digest.late:
            lines.append(self._text(lang, "reminder.late_note"))
        task_buttons: list[list[Button]] = []
        listed_tasks: set[int] = set()
        for section in SECTION_ORDER:
            items = sections.get(section)
            if not items:
                continue
            extra = sum(n for kind, n in digest.more.items() if _section_of(kind) == section)
            count = len(items) + extra
            units = sorted({e[0].unit for e in items if e[0].unit}) if section == "overdue" else []
            lines.append("")
            lines.append(
                self._text(
                    lang,
                    f"reminder.section.{section}",
                    count=count,
                    unit=html.escape(", ".join(units)),
                    days=policy.escalate_after_days,
                )
            )
            for item, _section, line, buttons in items[: policy.digest_max_items]:
                lines.append(line)
                if (
                    buttons is not None
                    and item.task_id not in listed_tasks
                    and len(task_buttons) < policy.digest_max_items
                ):
                    listed_tasks.add(item.task_id)
                    task_buttons.append(buttons)
            hidden = count - min(len(items), policy.digest_max_items)
            if hidden > 0:
                lines.append(self._text(lang, "reminder.more", count=hidden))
        lines.append("")
        lines.append(self._text(lang, "reminder.footer"))
        return "\n".join(lines), task_buttons


def render_digest(
    digest: Digest, today: date, policy: ReminderPolicy | None = None
) -> tuple[str, list[list[Button]]]:
    """The digest as reply HTML (document text escaped) and its buttons: details (td) and mute (mt)."""
    return DigestRenderer(today, policy).render(digest)

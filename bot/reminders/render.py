"""A digest as one chat message: sections in a fixed order (due today, due soon, overdue, escalation,
reporting duties), each line through the message catalog in the recipient's language, document text
escaped for reply HTML, and per task a details button and a mute button."""

from __future__ import annotations

import html
from collections import defaultdict
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


def _when(lang: str, item: Item, today: date) -> str:
    days = (item.due_date - today).days
    if days > 0:
        return t(lang, "reminder.when.days_left", days=days)
    if days == 0:
        return t(lang, "reminder.when.today")
    return t(lang, "reminder.when.overdue", days=-days)


def _task_buttons(lang: str, item: Item, ref: str) -> list[Button]:
    label = shorten(item.code or ref or f"#{item.task_id}", 24)
    return [
        Button(t(lang, "reminder.button.details", ref=label), actions.build(Verb.TASK_DETAILS, item.task_id)),
        Button(t(lang, "reminder.button.mute"), actions.build(Verb.MUTE_TASK, item.task_id)),
    ]


def render_digest(
    digest: Digest, today: date, policy: ReminderPolicy | None = None
) -> tuple[str, list[list[Button]]]:
    """The digest as reply HTML (document text escaped) and its buttons: details (td) and mute (mt)."""
    policy = policy or ReminderPolicy()
    lang = digest.language
    sections: dict[str, list[Item]] = defaultdict(list)
    for item in digest.items:
        sections[_section_of(item.kind)].append(item)
    lines = [t(lang, "reminder.title")]
    if digest.late:
        lines.append(t(lang, "reminder.late_note"))
    task_buttons: list[list[Button]] = []
    listed_tasks: set[int] = set()
    for section in SECTION_ORDER:
        items = sections.get(section)
        if not items:
            continue
        extra = sum(n for kind, n in digest.more.items() if _section_of(kind) == section)
        count = len(items) + extra
        units = sorted({i.unit for i in items if i.unit}) if section == "overdue" else []
        lines.append("")
        lines.append(
            t(
                lang,
                f"reminder.section.{section}",
                count=count,
                unit=html.escape(", ".join(units)),
                days=policy.escalate_after_days,
            )
        )
        for item in items[: policy.digest_max_items]:
            ref = _ref(item)
            lines.append(
                t(
                    lang,
                    "reminder.item",
                    ref=html.escape(ref + ": ") if ref else "",
                    text=html.escape(shorten(item.text)),
                    due=item.due_date.strftime("%d/%m/%Y"),
                    when=_when(lang, item, today),
                )
            )
            if (
                item.task_id is not None
                and item.task_id not in listed_tasks
                and len(task_buttons) < policy.digest_max_items
            ):
                listed_tasks.add(item.task_id)
                task_buttons.append(_task_buttons(lang, item, ref))
        hidden = count - min(len(items), policy.digest_max_items)
        if hidden > 0:
            lines.append(t(lang, "reminder.more", count=hidden))
    lines.append("")
    lines.append(t(lang, "reminder.footer"))
    return "\n".join(lines), task_buttons

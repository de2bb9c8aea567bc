"""Reminder preferences: a person pauses and resumes their reminders (/tatnhac, /batnhac) or mutes one
task's (the 🔕 button under a reminder); admins view and change the deployment's reminder policy
(/nhacviec)."""

from __future__ import annotations

import html
import json

from bot import actions
from bot.chat import Incoming, Reply
from bot.feature import ButtonAction, Command, Feature
from bot.permissions import ADMINS
from bot.reminders import PolicyError, ReminderPolicy, load_policy
from bot.verbs import Verb
from knowledge.messages import t
from storage import progress as progress_db
from storage import reminders as prefs
from storage.people import Person

# Keys whose value is a list of days; one number typed alone means a list of one.
DAY_LIST_KEYS = ("before_days", "duty_before_days")


async def pause_reminders(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Pause all of this person's reminders."""
    changed = prefs.set_paused(core.db, person.id, True)
    return [Reply(t(core.lang(incoming, person), "mute.paused" if changed else "mute.already_paused"))]


async def resume_reminders(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Resume this person's reminders and unmute their tasks."""
    changed = prefs.set_paused(core.db, person.id, False)
    unmuted = prefs.unmute_all(core.db, person.id)
    lang = core.lang(incoming, person)
    if unmuted:
        return [Reply(t(lang, "mute.resumed_unmuted", count=unmuted))]
    return [Reply(t(lang, "mute.resumed" if changed else "mute.not_paused"))]


async def mute_task(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Stop reminding this person of one task."""
    task_id = actions.parse(incoming.action).int_arg(0)
    lang = core.lang(incoming, person)
    if progress_db.get_task(core.db, task_id) is None:
        return [Reply(t(lang, "mute.task_missing"))]
    changed = prefs.mute_task(core.db, person.id, task_id)
    return [Reply(t(lang, "mute.task_muted" if changed else "mute.task_already"))]


def _policy_lines(policy: ReminderPolicy) -> str:
    lines = []
    for key, value in policy.to_json().items():
        shown = ", ".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)
        lines.append(f"• <code>{html.escape(key)}</code>: {html.escape(shown)}")
    return "\n".join(lines)


async def show_or_change_policy(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Show the reminder policy, or change one key: `/nhacviec <key> <value>`."""
    lang = core.lang(incoming, person)
    args = core.command_args(incoming).split(maxsplit=1)
    try:
        current = load_policy(core.db)
    except PolicyError:
        current = ReminderPolicy()
    if not args:
        return [Reply(t(lang, "policy.show_lines", policy=_policy_lines(current)))]
    key = args[0]
    if key not in current.to_json():
        return [Reply(t(lang, "policy.unknown_key", key=html.escape(key)))]
    if len(args) < 2:
        return [Reply(t(lang, "policy.missing_value", key=html.escape(key)))]
    raw = args[1].strip()
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    if key in DAY_LIST_KEYS and isinstance(value, int):
        value = [value]
    try:
        updated = current.with_changes(**{key: value})
    except (PolicyError, TypeError, ValueError):
        return [Reply(t(lang, "policy.bad_value", key=html.escape(key), value=html.escape(raw[:100])))]
    stored = prefs.load_policy_setting(core.db) or {}
    stored[key] = updated.to_json()[key]
    prefs.save_policy_setting(core.db, stored)
    return [Reply(t(lang, "policy.saved"))]


FEATURE = Feature(
    name="reminder_prefs",
    commands=(
        Command("tatnhac", pause_reminders, private=True, description="cmd.tatnhac"),
        Command("batnhac", resume_reminders, private=True, description="cmd.batnhac"),
        Command("nhacviec", show_or_change_policy, ADMINS, private=True, description="cmd.nhacviec"),
    ),
    buttons=(ButtonAction(Verb.MUTE_TASK, mute_task),),
)

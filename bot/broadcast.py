"""Admin notices (/thongbao), their progress (/thongbao_trangthai), pausing reminders (/tatnhac, /batnhac,
the 🔕 "mt:<task_id>" button) and the reminder policy (/nhacviec). Channel-agnostic core logic; the
wiring into the Core is `register(core)`.

/thongbao flow: write the notice (text, or a file/photo with a caption) → choose the audience (everyone,
a unit, a role, the people with tasks in a plan) → preview with the recipient count → confirm. The
draft lives in the `conversations` row of the admin's chat (state "bc:…"), so a restart mid-flow loses
nothing; confirming creates the broadcast and its outbox rows in one transaction, keyed by the draft, so
a double-tapped "Gửi" sends once.
"""

from __future__ import annotations

import html
import json
import logging
import secrets
from datetime import datetime

import sqlite_utils

from bot import actions
from bot.chat import Button, Incoming, Reply
from bot.clock import VN_TZ, Clock
from bot.reminders import PolicyError, ReminderPolicy, load_policy
from knowledge.messages import t
from storage import outbox
from storage import reminders as prefs
from storage.db import transaction

logger = logging.getLogger(__name__)

VERB = "bc"  # bc:a:<kind> | bc:u:<unit> | bc:r:<role> | bc:p:<plan> | bc:ok:<draft> | bc:no
MUTE_VERB = "mt"  # mt:<task_id>

STATE_TEXT = "bc:text"
STATE_AUDIENCE = "bc:audience"
STATE_CONFIRM = "bc:confirm"

MAX_NOTICE_CHARS = 3500  # leaves room under Telegram's 4096 for the header after escaping
MAX_CHOICES = 24


def _lang(person) -> str:
    return getattr(person, "language", None) or "vi"


def _is_admin(person) -> bool:
    return getattr(person, "role", None) == "admin"


# --- the /thongbao flow -----------------------------------------------------------------------------


class BroadcastFlow:
    """The /thongbao steps. Conversation state goes through the Core (`get_state`/`set_state`/
    `clear_state`: the `conversations` table), so the draft survives a restart."""

    def __init__(self, core):
        self.core = core
        self.db: sqlite_utils.Database = core.db
        self.clock: Clock = getattr(core, "clock", None) or Clock()

    def _load(self, incoming: Incoming) -> tuple[str | None, dict]:
        state = self.core.get_state(incoming)
        return (state.state, dict(state.data or {})) if state is not None else (None, {})

    def _save(self, incoming: Incoming, state: str, data: dict) -> None:
        self.core.set_state(incoming, state, data)

    def _clear(self, incoming: Incoming) -> None:
        self.core.clear_state(incoming)

    # /thongbao
    def start(self, incoming: Incoming, person) -> list[Reply]:
        lang = _lang(person)
        if not _is_admin(person):
            return [Reply(t(lang, "bc.admin_only"))]
        self._save(incoming, STATE_TEXT, {})
        return [Reply(t(lang, "bc.ask_text"))]

    # any message while in a bc:* state
    def on_message(self, incoming: Incoming, person) -> list[Reply]:
        lang = _lang(person)
        if not _is_admin(person):
            self._clear(incoming)
            return [Reply(t(lang, "bc.admin_only"))]
        state, data = self._load(incoming)
        if state != STATE_TEXT:
            # Waiting for a button; a typed message repeats the question rather than guessing.
            return self._ask_again(state, data, lang)
        text = (incoming.text or "").strip()
        file = incoming.file
        if not text and file is None:
            return [Reply(t(lang, "bc.empty"))]
        if len(text) > MAX_NOTICE_CHARS:
            return [Reply(t(lang, "bc.too_long", length=len(text), limit=MAX_NOTICE_CHARS))]
        data = {"text": text}
        if file is not None:
            data["attachment"] = {
                "kind": file.kind,
                "ref": file.ref,
                "name": file.name,
                "channel": incoming.channel,
            }
        self._save(incoming, STATE_AUDIENCE, data)
        return [self._audience_question(lang)]

    def _ask_again(self, state, data, lang) -> list[Reply]:
        if state == STATE_CONFIRM and data.get("audience"):
            return self._preview(data, lang)
        return [self._audience_question(lang)]

    def _audience_question(self, lang: str) -> Reply:
        return Reply(
            t(lang, "bc.ask_audience"),
            buttons=[
                [Button(t(lang, "bc.aud.all"), actions.build(VERB, "a", "all"))],
                [Button(t(lang, "bc.aud.unit"), actions.build(VERB, "a", "unit"))],
                [Button(t(lang, "bc.aud.role"), actions.build(VERB, "a", "role"))],
                [Button(t(lang, "bc.aud.plan"), actions.build(VERB, "a", "plan"))],
                [Button(t(lang, "bc.button.cancel"), actions.build(VERB, "no"))],
            ],
        )

    # buttons bc:…
    def on_action(self, incoming: Incoming, person, action: actions.Action) -> list[Reply]:
        lang = _lang(person)
        if not _is_admin(person):
            return [Reply(t(lang, "bc.admin_only"))]
        step = action.arg(0)
        state, data = self._load(incoming)
        if step == "ok":
            return self._confirm(incoming, person, action.arg(1) or "", state, data)
        if step == "no":
            self._clear(incoming)
            return [Reply(t(lang, "bc.cancelled"), edit=True)]
        if state not in (STATE_AUDIENCE, STATE_CONFIRM) or "text" not in data:
            return [Reply(t(lang, "bc.expired"))]
        if step == "a":
            kind = action.arg(1)
            if kind == "all":
                return self._choose(incoming, data, {"kind": "all"}, lang)
            if kind in ("unit", "role", "plan"):
                return [self._choices(kind, lang)]
        elif step in ("u", "r", "p"):
            kind = {"u": "unit", "r": "role", "p": "plan"}[step]
            value = action.arg(1)
            if kind != "role":
                try:
                    value = action.int_arg(1)
                except actions.BadAction:
                    return [Reply(t(lang, "bc.expired"))]
            return self._choose(incoming, data, {"kind": kind, "value": value}, lang)
        raise actions.BadAction(f"bc: unknown step {step!r}")

    def _choices(self, kind: str, lang: str) -> Reply:
        if kind == "role":
            rows = [[Button(t(lang, f"bc.role.{r}"), actions.build(VERB, "r", r))] for r in outbox.ROLES]
            return Reply(t(lang, "bc.choose_role"), buttons=rows)
        if kind == "unit":
            found = self.db.execute(
                "SELECT u.id, u.name FROM units u WHERE EXISTS (SELECT 1 FROM people p WHERE p.unit_id = u.id "
                "AND p.active = 1) ORDER BY u.name LIMIT ?",
                [MAX_CHOICES],
            ).fetchall()
            rows = [[Button(name[:60], actions.build(VERB, "u", uid))] for uid, name in found]
            title = "bc.choose_unit"
        else:
            found = self.db.execute(
                "SELECT id, COALESCE(number, title) FROM plans ORDER BY COALESCE(issued_on, '') DESC, id DESC LIMIT ?",
                [MAX_CHOICES],
            ).fetchall()
            rows = [
                [Button((label or f"#{pid}")[:60], actions.build(VERB, "p", pid))] for pid, label in found
            ]
            title = "bc.choose_plan"
        if not rows:
            return Reply(t(lang, "bc.none_to_choose"), buttons=self._audience_question(lang).buttons)
        rows.append([Button(t(lang, "bc.button.cancel"), actions.build(VERB, "no"))])
        return Reply(t(lang, title), buttons=rows)

    def _describe(self, audience: dict, lang: str) -> str:
        kind, value = audience["kind"], audience.get("value")
        if kind == "all":
            return t(lang, "bc.audience.all")
        if kind == "role":
            return t(lang, "bc.audience.role", name=t(lang, f"bc.role.{value}"))
        table, column = ("units", "name") if kind == "unit" else ("plans", "COALESCE(number, title)")
        row = self.db.execute(f"SELECT {column} FROM {table} WHERE id = ?", [value]).fetchone()
        return t(lang, f"bc.audience.{kind}", name=html.escape(row[0] if row and row[0] else f"#{value}"))

    def _choose(self, incoming: Incoming, data: dict, audience: dict, lang: str) -> list[Reply]:
        try:
            people, chats = outbox.count_audience(self.db, audience)
        except outbox.BadAudience:
            return [Reply(t(lang, "bc.expired"))]
        if chats == 0:
            return [
                Reply(
                    t(lang, "bc.no_recipients", audience=self._describe(audience, lang)),
                    buttons=self._audience_question(lang).buttons,
                )
            ]
        data = {**data, "audience": audience, "draft": data.get("draft") or secrets.token_hex(6)}
        self._save(incoming, STATE_CONFIRM, data)
        return self._preview(data, lang, counts=(people, chats))

    def _preview(self, data: dict, lang: str, counts: tuple[int, int] | None = None) -> list[Reply]:
        audience = data["audience"]
        people, chats = counts or outbox.count_audience(self.db, audience)
        attachment = data.get("attachment")
        text = t(
            lang,
            "bc.preview",
            text=html.escape(data.get("text") or ""),
            attachment=t(
                lang, "bc.attachment", name=html.escape(attachment.get("name") or attachment["kind"])
            )
            if attachment
            else "",
            audience=self._describe(audience, lang),
            people=people,
            messages=chats,
        )
        return [
            Reply(
                text,
                buttons=[
                    [
                        Button(t(lang, "bc.button.send"), actions.build(VERB, "ok", data["draft"])),
                        Button(t(lang, "bc.button.cancel"), actions.build(VERB, "no")),
                    ]
                ],
            )
        ]

    def _confirm(self, incoming: Incoming, person, draft: str, state, data) -> list[Reply]:
        lang = _lang(person)
        draft_key = f"{person.id}:{draft}"
        if state != STATE_CONFIRM or data.get("draft") != draft:
            row = self.db.execute("SELECT id FROM broadcasts WHERE draft_key = ?", [draft_key]).fetchone()
            if row:
                return [Reply(t(lang, "bc.already", id=row[0]))]
            return [Reply(t(lang, "bc.expired"))]
        notice = t(lang, "bc.notice", text=html.escape(data.get("text") or ""))
        with transaction(self.db):
            created = outbox.create_broadcast(
                self.db,
                created_by=person.id,
                text=notice,
                audience=data["audience"],
                attachment=data.get("attachment"),
                draft_key=draft_key,
                now=self.clock.now(),
            )
            self._clear(incoming)
        if not created.created:
            return [Reply(t(lang, "bc.already", id=created.id))]
        logger.info("broadcast %s queued by person %s to %s chats", created.id, person.id, created.total)
        return [Reply(t(lang, "bc.queued", id=created.id, total=created.total), edit=True)]

    # /thongbao_trangthai
    def status(self, incoming: Incoming, person) -> list[Reply]:
        lang = _lang(person)
        if not _is_admin(person):
            return [Reply(t(lang, "bc.admin_only"))]
        recent = outbox.recent_broadcasts(self.db, 3)
        if not recent:
            return [Reply(t(lang, "bc.status.none"))]
        lines = [t(lang, "bc.status.title")]
        for item in recent:
            created = datetime.fromisoformat(item["created_at"]).astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")
            body = " ".join((item["text"] or "").split())
            body = body.split("</b>", 1)[-1].strip()  # drop the "📢 Thông báo" header
            lines.append("")
            lines.append(
                t(
                    lang,
                    "bc.status.line",
                    id=item["id"],
                    created=created,
                    state=t(lang, f"bc.state.{item['state']}"),
                    sent=item["sent"],
                    total=item["total"],
                    pending=item["pending"],
                    failed=item["failed"],
                    blocked=item["blocked"],
                    text=body[:80],
                )
            )
        return [Reply("\n".join(lines))]


# --- /tatnhac, /batnhac, 🔕 --------------------------------------------------------------------------


def pause_reminders(db: sqlite_utils.Database, person) -> list[Reply]:
    changed = prefs.set_paused(db, person.id, True)
    return [Reply(t(_lang(person), "mute.paused" if changed else "mute.already_paused"))]


def resume_reminders(db: sqlite_utils.Database, person) -> list[Reply]:
    changed = prefs.set_paused(db, person.id, False)
    unmuted = prefs.unmute_all(db, person.id)
    lang = _lang(person)
    if unmuted:
        return [Reply(t(lang, "mute.resumed_unmuted", count=unmuted))]
    return [Reply(t(lang, "mute.resumed" if changed else "mute.not_paused"))]


def mute_task(db: sqlite_utils.Database, person, action: actions.Action) -> list[Reply]:
    task_id = action.int_arg(0)
    lang = _lang(person)
    if not db.execute("SELECT 1 FROM tasks WHERE id = ?", [task_id]).fetchone():
        return [Reply(t(lang, "mute.task_missing"))]
    changed = prefs.mute_task(db, person.id, task_id)
    return [Reply(t(lang, "mute.task_muted" if changed else "mute.task_already"))]


# --- /nhacviec: view or change the reminder policy ---------------------------------------------------


def reminder_policy(db: sqlite_utils.Database, person, text: str | None) -> list[Reply]:
    """`/nhacviec` shows the policy; `/nhacviec <key> <value>` changes one key (admins)."""
    lang = _lang(person)
    if not _is_admin(person):
        return [Reply(t(lang, "policy.admin_only"))]
    args = (text or "").split(maxsplit=2)[1:]  # drop the command itself
    try:
        current = load_policy(db)
    except PolicyError:
        current = ReminderPolicy()
    if not args:
        body = html.escape(json.dumps(current.to_json(), ensure_ascii=False, indent=1))
        return [Reply(t(lang, "policy.show", policy=body))]
    if len(args) < 2:
        return [Reply(t(lang, "policy.bad", error=html.escape(f"thiếu giá trị cho {args[0]}")))]
    key, raw = args[0], args[1].strip()
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    if key in ("before_days", "duty_before_days") and isinstance(value, int):
        value = [value]
    try:
        updated = current.with_changes(**{key: value})
    except (PolicyError, TypeError) as exc:
        return [Reply(t(lang, "policy.bad", error=html.escape(str(exc))))]
    stored = prefs.load_policy_setting(db) or {}
    stored[key] = updated.to_json()[key]
    prefs.save_policy_setting(db, stored)
    return [Reply(t(lang, "policy.saved"))]


# --- wiring -----------------------------------------------------------------------------------------


def register(core) -> BroadcastFlow:
    """Add /thongbao, /thongbao_trangthai, /tatnhac, /batnhac, /nhacviec and the bc/mt buttons to the Core."""
    flow = BroadcastFlow(core)

    async def cmd_broadcast(core, incoming, person):
        """Start writing a notice."""
        return flow.start(incoming, person)

    async def cmd_broadcast_status(core, incoming, person):
        """Show the progress of recent notices."""
        return flow.status(incoming, person)

    async def cmd_pause(core, incoming, person):
        """Pause all reminders."""
        return pause_reminders(core.db, person)

    async def cmd_resume(core, incoming, person):
        """Resume reminders (and unmute tasks)."""
        return resume_reminders(core.db, person)

    async def cmd_policy(core, incoming, person):
        """View or change the reminder policy."""
        return reminder_policy(core.db, person, incoming.text)

    async def on_broadcast_action(core, incoming, person):
        """Handle a /thongbao button."""
        return flow.on_action(incoming, person, actions.parse(incoming.action))

    async def on_mute_action(core, incoming, person):
        """Mute one task's reminders."""
        return mute_task(core.db, person, actions.parse(incoming.action))

    async def on_broadcast_message(core, incoming, person):
        """Take the next step of the /thongbao flow."""
        return flow.on_message(incoming, person)

    everyone = ("admin", "leader", "member")
    core.add_command("thongbao", cmd_broadcast, roles=("admin",), private=True, description="cmd.thongbao")
    core.add_command(
        "thongbao_trangthai", cmd_broadcast_status, roles=("admin",), description="cmd.thongbao_trangthai"
    )
    core.add_command("tatnhac", cmd_pause, roles=everyone, private=True, description="cmd.tatnhac")
    core.add_command("batnhac", cmd_resume, roles=everyone, private=True, description="cmd.batnhac")
    core.add_command("nhacviec", cmd_policy, roles=("admin",), private=True, description="cmd.nhacviec")
    core.add_action(VERB, on_broadcast_action)
    core.add_action(MUTE_VERB, on_mute_action)
    core.add_flow("bc:", on_broadcast_message)
    return flow

"""Admin notices (/thongbao) and their progress (/thongbao_trangthai).

/thongbao flow: write the notice (text, or a file/photo with a caption) → choose the audience (everyone,
a unit, a role, the people with tasks in a plan) → preview with the recipient count → confirm. The
draft lives in the `conversations` row of the admin's chat (state "bc:…"), so a restart mid-flow loses
nothing; confirming creates the broadcast and its outbox rows in one transaction, keyed by the draft, so
a double-tapped "Gửi" sends once.

Quiet hours (the reminder policy's, 21:00-07:00): a notice confirmed then waits in the outbox until they
end; the preview says so, and "Gửi ngay (khẩn)" marks it urgent so it goes out at once.
"""

from __future__ import annotations

import html
import logging
import secrets
from datetime import datetime

import sqlite_utils

from bot import actions
from bot.chat import Button, Incoming, Reply
from bot.clock import VN_TZ, Clock
from bot.feature import ButtonAction, Command, Feature, Flow
from bot.permissions import ADMINS
from bot.reminders.policy import PolicyError, ReminderPolicy, load_policy
from bot.verbs import Verb
from knowledge.messages import t
from storage import broadcasts as broadcasts_db
from storage import outbox
from storage.db import transaction

logger = logging.getLogger(__name__)

VERB = Verb.BROADCAST  # bc:a:<kind> | bc:u:<unit> | bc:r:<role> | bc:p:<plan> | bc:ok:<draft>[:u] | bc:no
URGENT = "u"  # bc:ok:<draft>:u sends at once, even in quiet hours

STATE_TEXT = "bc:text"
STATE_AUDIENCE = "bc:audience"
STATE_CONFIRM = "bc:confirm"

MAX_NOTICE_CHARS = 3500  # leaves room under Telegram's 4096 for the header after escaping
MAX_CHOICES = 24


def _lang(person) -> str:
    return getattr(person, "language", None) or "vi"


# --- the /thongbao flow -----------------------------------------------------------------------------


class BroadcastFlow:
    """The /thongbao steps. Conversation state goes through the Core (`get_state`/`set_state`/
    `clear_state`: the `conversations` table), so the draft survives a restart."""

    def __init__(self, core):
        self.core = core
        self.db: sqlite_utils.Database = core.db
        self.clock: Clock = getattr(core, "clock", None) or Clock()
        self.org_ids: frozenset[int] | None = None  # the organizations the admin reaches (None: all)

    def _load(self, incoming: Incoming) -> tuple[str | None, dict]:
        state = self.core.get_state(incoming)
        return (state.state, dict(state.data or {})) if state is not None else (None, {})

    def _save(self, incoming: Incoming, state: str, data: dict) -> None:
        self.core.set_state(incoming, state, data)

    def _clear(self, incoming: Incoming) -> None:
        self.core.clear_state(incoming)

    def _quiet_until(self) -> datetime | None:
        """When the current quiet hours end (None outside them): notices not marked urgent wait until then."""
        try:
            policy = load_policy(self.db)
        except PolicyError:
            policy = ReminderPolicy()
        return policy.quiet_until(self.clock.now())

    # /thongbao
    def start(self, incoming: Incoming, person) -> list[Reply]:
        lang = _lang(person)
        self._save(incoming, STATE_TEXT, {})
        return [Reply(t(lang, "bc.ask_text"))]

    # any message while in a bc:* state
    def on_message(self, incoming: Incoming, person) -> list[Reply]:
        lang = _lang(person)
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
        self.org_ids = self.core.scope(person).org_ids
        step = action.arg(0)
        state, data = self._load(incoming)
        if step == "ok":
            urgent = action.arg(2) == URGENT
            return self._confirm(incoming, person, action.arg(1) or "", state, data, urgent=urgent)
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
            found = broadcasts_db.units_with_people(self.db, MAX_CHOICES, self.org_ids)
            rows = [[Button(name[:60], actions.build(VERB, "u", uid))] for uid, name in found]
            title = "bc.choose_unit"
        else:
            found = broadcasts_db.recent_plans(self.db, MAX_CHOICES, self.org_ids)
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
        label = (broadcasts_db.unit_label if kind == "unit" else broadcasts_db.plan_label)(self.db, value)
        return t(lang, f"bc.audience.{kind}", name=html.escape(label or f"#{value}"))

    def _choose(self, incoming: Incoming, data: dict, audience: dict, lang: str) -> list[Reply]:
        if self.org_ids is not None:
            # An organization's admin reaches only the people of its organizations, whatever was chosen.
            audience = {**audience, "orgs": sorted(self.org_ids)}
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
        quiet_until = self._quiet_until()
        if quiet_until is not None:
            text += "\n\n" + t(lang, "bc.quiet_note", time=quiet_until.astimezone(VN_TZ).strftime("%H:%M"))
        return [
            Reply(
                text,
                buttons=[
                    [
                        Button(t(lang, "bc.button.send"), actions.build(VERB, "ok", data["draft"])),
                        Button(t(lang, "bc.button.cancel"), actions.build(VERB, "no")),
                    ],
                    [Button(t(lang, "bc.button.urgent"), actions.build(VERB, "ok", data["draft"], URGENT))],
                ],
            )
        ]

    def _confirm(
        self, incoming: Incoming, person, draft: str, state, data, *, urgent: bool = False
    ) -> list[Reply]:
        lang = _lang(person)
        draft_key = f"{person.id}:{draft}"
        if state != STATE_CONFIRM or data.get("draft") != draft:
            existing = broadcasts_db.broadcast_for_draft(self.db, draft_key)
            if existing is not None:
                return [Reply(t(lang, "bc.already", id=existing))]
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
                urgent=urgent,
                now=self.clock.now(),
            )
            self._clear(incoming)
        if not created.created:
            return [Reply(t(lang, "bc.already", id=created.id))]
        logger.info(
            "broadcast %s queued by person %s to %s chats%s",
            created.id,
            person.id,
            created.total,
            " (urgent)" if urgent else "",
        )
        quiet_until = None if urgent else self._quiet_until()
        if quiet_until is not None:
            held = t(
                lang,
                "bc.queued_held",
                id=created.id,
                total=created.total,
                time=quiet_until.astimezone(VN_TZ).strftime("%H:%M"),
            )
            return [Reply(held, edit=True)]
        return [Reply(t(lang, "bc.queued", id=created.id, total=created.total), edit=True)]

    # /thongbao_trangthai
    def status(self, incoming: Incoming, person) -> list[Reply]:
        lang = _lang(person)
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


# --- wiring -----------------------------------------------------------------------------------------


async def start_broadcast(core, incoming, person):
    """Start writing a notice."""
    return BroadcastFlow(core).start(incoming, person)


async def show_broadcast_status(core, incoming, person):
    """Show the progress of recent notices."""
    return BroadcastFlow(core).status(incoming, person)


async def press_broadcast_button(core, incoming, person):
    """Take a /thongbao button: audience, send or cancel."""
    return BroadcastFlow(core).on_action(incoming, person, actions.parse(incoming.action))


async def take_broadcast_message(core, incoming, person):
    """Take the notice's text (or file) in the /thongbao flow."""
    return BroadcastFlow(core).on_message(incoming, person)


FEATURE = Feature(
    name="broadcast",
    commands=(
        Command("thongbao", start_broadcast, ADMINS, private=True, description="cmd.thongbao"),
        Command("thongbao_trangthai", show_broadcast_status, ADMINS, description="cmd.thongbao_trangthai"),
    ),
    buttons=(ButtonAction(Verb.BROADCAST, press_broadcast_button, ADMINS),),
    flows=(Flow("bc:", take_broadcast_message, ADMINS, max_text=MAX_NOTICE_CHARS),),
)

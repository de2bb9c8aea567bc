"""Reports in chat, for the standing office and the units' leaders.

/baocao (admins: every task; leaders: their unit's) asks for a period, then sends the report draft (.docx)
and the Excel tracker (.xlsx) of that period; a calendar button sends the deadlines and reporting days
(.ics). /tiendo (bot.features.progress_updates) attaches the progress chart made here. The task details
get one button per evidence file of the latest updates; pressing it re-sends the file, and only to the
people allowed to see the task's progress (bot.permissions.can_see_task_progress) — the button's data is
checked again when pressed, so a forged `ev:<update>` gets nothing.
"""

from __future__ import annotations

import html
import logging

from bot import actions
from bot.chat import Button, FileRef, Incoming, Reply
from bot.feature import ButtonAction, Command, Feature
from bot.permissions import LEADERS, Forbidden, can_see_task_progress, progress_scope
from bot.reports.common import date_vn, scope_title
from bot.reports.periods import BadPeriod, Period, parse_period, period_of
from bot.verbs import Verb
from knowledge.messages import t
from storage import reports as reports_db
from storage.errors import NotFound
from storage.people import Person
from storage.reports import Scope

logger = logging.getLogger(__name__)

# The periods /baocao offers: (kind, steps back from the period holding today).
PERIOD_CHOICES = (("month", 0), ("month", -1), ("quarter", 0), ("quarter", -1), ("year", 0), ("year", -1))
REPORT_KIND = {"month": "monthly", "quarter": "quarterly", "year": "yearly"}
CALENDAR = "ics"
EVIDENCE_SHOWN = 3  # evidence buttons under a task's details (the latest files)


def scope_of(person: Person) -> Scope:
    """What the person may report on: everything for admins, their unit for leaders (Forbidden else)."""
    return Scope(unit_id=progress_scope(person))


def _file(kind: str, made) -> FileRef:
    """A file the bot made, carried with its bytes (`made` is a bot.reports.files.ReportFile)."""
    return FileRef(kind, made.name, made.name, len(made.content), made.mime_type, content=made.content)


# --- /baocao ------------------------------------------------------------------------------------------


async def ask_report_period(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Ask which period to report on (this or last month, quarter, year) or for the calendar."""
    lang = core.lang(incoming, person)
    try:
        scope = scope_of(person)
    except Forbidden:
        return [Reply(t(lang, "core.forbidden"))]
    today = core.today(incoming)
    buttons = []
    for kind, steps in PERIOD_CHOICES:
        period = period_of(kind, today).shift(steps)
        label = t(lang, "reports.chat.period_button", period=period.label(lang))
        buttons.append(Button(label, actions.build(Verb.REPORT, period.code)))
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([Button(t(lang, "reports.chat.calendar_button"), actions.build(Verb.REPORT, CALENDAR))])
    text = t(lang, "reports.chat.pick_period", scope=html.escape(scope_title(core.db, scope, lang)))
    return [Reply(text, buttons=rows)]


async def send_report_files(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Send the report draft and the tracker of the chosen period (or the calendar) for the person's scope."""
    from bot.reports.files import make_file

    lang = core.lang(incoming, person)
    if incoming.is_group:
        return [Reply(t(lang, "core.private_only"))]
    try:
        scope = scope_of(person)  # from the person, never from the button: a forged button widens nothing
    except Forbidden:
        return [Reply(t(lang, "core.forbidden"))]
    today = core.today(incoming)
    title = html.escape(scope_title(core.db, scope, lang))
    choice = actions.parse(incoming.action).arg(0) or ""
    if choice == CALENDAR:
        calendar = make_file(core.db, "calendar", scope, today, lang=lang)
        return [
            Reply(t(lang, "reports.chat.calendar_sent", scope=title), document=_file("document", calendar))
        ]
    try:
        period: Period = parse_period(choice)
    except BadPeriod:
        return [Reply(t(lang, "core.stale_button"))]
    if period.kind not in REPORT_KIND:
        return [Reply(t(lang, "core.stale_button"))]
    report = make_file(core.db, REPORT_KIND[period.kind], scope, today, period=period, lang=lang)
    tracker = make_file(core.db, "tracker", scope, today, lang=lang)
    caption = t(lang, "reports.chat.report_sent", period=period.label(lang), scope=title, date=date_vn(today))
    return [
        Reply(caption, document=_file("document", report)),
        Reply("", document=_file("document", tracker)),
    ]


# --- the chart behind /tiendo -------------------------------------------------------------------------


async def progress_chart(core, person: Person, today, lang: str) -> FileRef:
    """The progress chart (PNG) of what the person may see: counted here, drawn off the event loop."""
    from bot.core import run_blocking
    from bot.reports.chart import chart_data, figure_png

    scope = scope_of(person)
    groups = chart_data(core.db, scope, today, lang)
    title = t(lang, "reports.chart.title", scope=scope_title(core.db, scope, lang), date=date_vn(today))
    png = await run_blocking(figure_png, groups, title, lang)
    name = f"tien-do-{today.isoformat()}.png"
    return FileRef("photo", name, name, len(png), "image/png", content=png)


# --- evidence -----------------------------------------------------------------------------------------


def add_evidence_buttons(core, replies: list[Reply], task_id: int, incoming: Incoming, person: Person):
    """Under a task's details, one button per evidence file of its latest updates (private chats, and
    only for people who may see the task's progress)."""
    if incoming.is_group or not replies or not can_see_task_progress(core.db, person, task_id):
        return replies
    files = reports_db.evidence_of_task(core.db, task_id, limit=EVIDENCE_SHOWN)
    if not files:
        return replies
    lang = core.lang(incoming, person)
    last = replies[-1]
    last.buttons = [
        *last.buttons,
        *(
            [
                Button(
                    t(lang, "reports.chat.evidence_button", date=date_vn(f.created_at)),
                    actions.build(Verb.EVIDENCE, f.update_id),
                )
            ]
            for f in files
        ),
    ]
    return replies


def _reachable(evidence: reports_db.Evidence, channel: str) -> bool:
    """A URL can be sent from any channel; a channel's own file id only on that channel."""
    return evidence.ref.startswith(("http://", "https://")) or (evidence.channel or channel) == channel


async def send_evidence(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Re-send the file of one status update, if the person may see its task."""
    lang = core.lang(incoming, person)
    if incoming.is_group:
        return [Reply(t(lang, "core.private_only"))]
    update_id = actions.parse(incoming.action).int_arg(0)
    try:
        evidence = reports_db.evidence(core.db, update_id)
    except NotFound:
        return [Reply(t(lang, "core.stale_button"))]
    if not can_see_task_progress(core.db, person, evidence.task_id):
        logger.info("person %s refused the evidence of update %s", person.id, update_id)
        return [Reply(t(lang, "reports.chat.evidence_forbidden"))]
    caption = t(
        lang,
        "reports.chat.evidence_caption",
        name=html.escape(evidence.person or "?"),
        date=date_vn(evidence.created_at),
    )
    if not _reachable(evidence, incoming.channel):
        return [
            Reply(
                caption
                + "\n"
                + t(
                    lang, "reports.chat.evidence_other_channel", channel=(evidence.channel or "").capitalize()
                )
            )
        ]
    name = f"minh-chung-{evidence.update_id}"
    return [Reply(caption, document=FileRef(evidence.kind, evidence.ref, name))]


FEATURE = Feature(
    name="reporting",
    commands=(Command("baocao", ask_report_period, LEADERS, private=True, description="cmd.baocao"),),
    buttons=(
        ButtonAction(Verb.REPORT, send_report_files, LEADERS),
        ButtonAction(Verb.EVIDENCE, send_evidence),
    ),
    decorate_details=add_evidence_buttons,
)

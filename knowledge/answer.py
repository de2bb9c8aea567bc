"""Compose answers: short, best first, dates as Vietnamese write them (babel), paged 10 a page.

Reply text is the small HTML subset of bot.chat: every piece of document or user text is escaped here.
This module builds strings and plain data only; bot.assistant wraps them into Reply/Button objects.
"""

from __future__ import annotations

import html
import re
from datetime import date
from functools import lru_cache

from babel.dates import format_date

from knowledge import question as qmod
from knowledge.fold import fold_words
from knowledge.messages import normalize_language, t
from knowledge.models import ANSWERABLE_IN_TEXT
from knowledge.symbols import kind_of

PAGE_SIZE = 10
SUMMARY_CHARS = 110


def esc(text) -> str:
    return html.escape(str(text or ""), quote=False)


@lru_cache(maxsize=4096)
def fmt_date(value: date, lang: str) -> str:
    """30/7/2025, 08/9/2025 in Vietnamese (the day in two digits, as documents write it: "ngày 08 tháng 9");
    "30 Jul 2025" in English."""
    if normalize_language(lang) == "en":
        return format_date(value, "d MMM yyyy", locale="en")
    return format_date(value, "dd/M/yyyy", locale="vi")


@lru_cache(maxsize=4096)
def fmt_month(value: date, lang: str) -> str:
    if normalize_language(lang) == "en":
        return format_date(value, "MMMM yyyy", locale="en")
    return format_date(value, "M/yyyy", locale="vi")


def _iso(value) -> date | None:
    if isinstance(value, date):
        return value
    return _parse_iso(value) if value else None


@lru_cache(maxsize=8192)
def _parse_iso(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# A time of day as plans write it: "09h00", "9h30", "14:00", "8 giờ 30" (the first one, when a slot gives two).
_HOUR = re.compile(r"\b(?:[01]?\d|2[0-3])(?:h[0-5]\d|h\b|:[0-5]\d\b| giờ(?: [0-5]\d)?\b)")


def _period_words(due: date, text: str, lang: str) -> str:
    """A period deadline as the plan wrote it: "Quý I/2027", "năm 2027", else "tháng 8/2025"."""
    folded = fold_words(text)
    if due.month % 3 == 0 and due.day >= 30 and re.search(r"\bq[uw][yi]\b", folded):
        return t(lang, "qa.deadline.quarter", quarter=_ROMAN[due.month // 3], year=due.year)
    if (
        due.month == 12
        and re.search(rf"\bn\w{{1,2}}m\s+{due.year}\b", folded)
        and not re.search(r"\bth\w{1,3}ng\b", folded)
    ):
        return t(lang, "qa.deadline.year", year=due.year)
    return t(lang, "qa.deadline.month", month=fmt_month(due, lang))


def deadline_words(task: dict, lang: str) -> str:
    """The deadline in words: "30/7/2025", "tháng 8/2025", "thường xuyên", a condition explained."""
    kind = task.get("deadline_kind") or "none"
    due = _iso(task.get("due_date"))
    if kind == "date" and due:
        hour = _HOUR.search(task.get("deadline_text") or "")
        words = (
            t(lang, "qa.deadline.date_time", time=hour.group(0), date=fmt_date(due, lang))
            if hour  # a programme's slot ("09h00 - 10h30 ngày 10/10/2025"): its hour is when
            else t(lang, "qa.deadline.date", date=fmt_date(due, lang))
        )
    elif kind == "month" and due:
        words = _period_words(due, task.get("deadline_text") or "", lang)
    elif due:
        words = t(lang, "qa.deadline.date", date=fmt_date(due, lang))
    elif kind == "recurring" or task.get("recurring"):
        phrase = _recurring_phrase(task.get("deadline_text") or "")
        # "hằng quý", "6 tháng một lần": how often, as the plan says it; "thường xuyên" when it says no more.
        return (
            t(lang, "qa.deadline.recurring_phrase", phrase=phrase)
            if phrase
            else t(lang, "qa.deadline.recurring")
        )
    elif kind == "conditional":
        condition = task.get("deadline_condition") or task.get("deadline_text") or ""
        return t(lang, "qa.deadline.conditional", condition=condition.strip())
    else:
        return t(lang, "qa.deadline.none")
    if task.get("recurring") and kind != "recurring":
        words = t(lang, "qa.deadline.recurring_too", deadline=words)
    return words


_HOW_OFTEN = re.compile(r"\b(?:hang|moi|dinh ky|\d+ (?:thang|nam|tuan|quy) (?:mot|1) lan)\b")


def _recurring_phrase(text: str) -> str | None:
    """The plan's own words for how often ("hằng quý"), when short and saying it; else None."""
    text = text.strip(" .;,")
    if not text or len(text) > 40 or not _HOW_OFTEN.search(fold_words(text)):
        return None
    return text


def how_far(task: dict, today: date, lang: str) -> str | None:
    """ "còn 5 ngày", "quá hạn 12 ngày", "đã hoàn thành"; None without a due date."""
    if task.get("status") == "done":
        return t(lang, "qa.done")
    due = _iso(task.get("due_date"))
    if due is None:
        return None
    days = (due - today).days
    if days > 0:
        return t(lang, "qa.left", days=days)
    if days == 0:
        return t(lang, "qa.due_today")
    return t(lang, "qa.overdue_by", days=-days)


def lead_of(task: dict) -> str | None:
    return task.get("lead_name") or task.get("lead_text") or None


def summary(content: str, limit: int = SUMMARY_CHARS) -> str:
    line = " ".join((content or "").split())
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def task_json(task: dict) -> dict:
    """The public shape of one task in answers (`ask --json`, Answer.tasks)."""
    return {
        "id": task["id"],
        "plan": task.get("plan_number") or "",
        "code": task.get("code") or "",
        "content": task.get("content") or "",
        "original": task.get("original") or task.get("content") or "",
        "lead": lead_of(task),
        "deadline": {
            "kind": task.get("deadline_kind") or "none",
            "due": task.get("due_date"),
            "text": deadline_words(task, "vi"),
            "document": task.get("deadline_text") or "",
            "recurring": bool(task.get("recurring")),
            "condition": task.get("deadline_condition"),
        },
        "status": task.get("status") or "not_started",
        "percent": task.get("percent") or 0,
        "result": task.get("result"),
        "ref": task.get("ref") or "",
    }


def task_line(index: int, task: dict, today: date, lang: str) -> str:
    """One task in a list: plan, code, summary; then lead, deadline and how far."""
    head = t(lang, "qa.plan", number=esc(task.get("plan_number") or "?"))
    if task.get("ref") or task.get("code"):  # the reference, unique in the plan ("1.1-2")
        head += f" · {esc(task.get('ref') or task['code'])}"
    lead = lead_of(task)
    lead_text = t(lang, "qa.lead", unit=esc(lead)) if lead else t(lang, "qa.lead_unknown")
    deadline = t(lang, "qa.deadline", deadline=esc(deadline_words(task, lang)))
    far = how_far(task, today, lang)
    if far:
        deadline += f" ({esc(far)})"
    return f"<b>{index}.</b> {head} — {esc(summary(task.get('content') or ''))}\n    {lead_text} · {deadline}"


def scope_words(result, lang: str, today: date) -> str:
    """What the list is: "Phòng Kinh tế chủ trì · hạn trong tháng 8/2025"."""
    q = result.question
    parts = []
    if result.unit is not None:
        role = q.role or result.extra.get("role") or "lead"
        parts.append(t(lang, f"qa.scope.{role}", unit=esc(result.unit.name)))
    if result.extra.get("units"):
        parts = [t(lang, "ask.scope.units", units=esc(", ".join(result.extra["units"])))]
    if result.extra.get("plan"):
        parts.append(t(lang, "ask.scope.plan", number=esc(result.extra["plan"])))
    if result.extra.get("issuer"):
        parts.append(t(lang, "qa.scope.issuer", issuer=esc(result.extra["issuer"])))
    if q.status:
        parts.append(t(lang, f"ask.scope.status.{q.status}"))
    if q.no_deadline:
        parts.append(t(lang, "ask.scope.no_deadline"))
    elif q.open_only and not q.status:
        parts.append(t(lang, "ask.scope.open"))
    if result.window is not None:
        parts.append(t(lang, "qa.scope.window", label=esc(window_words(result.window, lang))))
    if q.overdue:
        parts.append(t(lang, "qa.scope.overdue", date=fmt_date(today, lang)))
    if q.due_soon:
        parts.append(t(lang, "qa.scope.due_soon"))
    if q.recurring:
        parts.append(t(lang, "qa.scope.recurring"))
    if result.extra.get("topic"):
        parts.append(t(lang, "qa.scope.topic", words=esc(result.extra["topic"])))
    return " · ".join(parts)


def window_words(window: qmod.Window, lang: str) -> str:
    start, end = window.start, window.end
    if start and end and start.day == 1 and start.month == end.month and start.year == end.year:
        next_day = date.fromordinal(end.toordinal() + 1)
        if next_day.day == 1:
            return t(lang, "qa.window.month", month=fmt_month(start, lang))
    if start and end:
        return t(lang, "qa.window.range", start=fmt_date(start, lang), end=fmt_date(end, lang))
    if end:
        return t(lang, "qa.window.before", end=fmt_date(end, lang))
    return window.label


def pages(total_shown: int) -> int:
    return max(1, -(-total_shown // PAGE_SIZE))


def list_text(result, page: int, today: date, lang: str) -> str:
    """A page of a task list with its count and scope."""
    tasks = result.tasks
    count = max(result.total, len(tasks))
    scope = scope_words(result, lang, today)
    if not tasks:
        none = t(lang, "qa.none", scope=(" — " + scope) if scope else "")
        return none + "\n" + t(lang, "qa.none_hint")
    n_pages = pages(len(tasks))
    page = min(max(1, page), n_pages)
    if n_pages > 1:
        header = t(lang, "qa.count_page", count=count, page=page, pages=n_pages)
    else:
        header = t(lang, "qa.count", count=count)
    if scope:
        header = f"{scope}: {header}"
    start = (page - 1) * PAGE_SIZE
    lines = [
        task_line(start + i + 1, task, today, lang) for i, task in enumerate(tasks[start : start + PAGE_SIZE])
    ]
    text = "<b>" + header + "</b>\n" + "\n".join(lines)
    if result.extra.get("also_support") and page == n_pages:
        text += "\n" + t(lang, "qa.mine_also_support", count=result.extra["also_support"])
    return text


def progress_text(result, lang: str) -> str:
    """ "Kế hoạch 415/KH-UBND: 13 nhiệm vụ — 2 đã hoàn thành, …; 0 quá hạn": true counts, no list."""
    counts = result.extra.get("counts") or {}
    scope = scope_words(result, lang, date.today()) or t(lang, "ask.progress_all")
    return t(
        lang,
        "ask.progress",
        scope=scope[:1].upper() + scope[1:],
        total=counts.get("total", 0),
        done=counts.get("done", 0),
        in_progress=counts.get("in_progress", 0),
        blocked=counts.get("blocked", 0),
        not_started=counts.get("not_started", 0),
        overdue=counts.get("overdue", 0),
    )


def plans_text(plans: list[dict], total: int, lang: str) -> str:
    """The plans known (or those of one issuer), newest first, with their task counts."""
    lines = [t(lang, "ask.plans_title", count=total)]
    for plan in plans:
        issued = _iso(plan.get("issued_on"))
        lines.append(
            t(
                lang,
                "ask.plan_line",
                number=esc(plan.get("number") or "?"),
                issuer=esc(plan.get("issuer") or t(lang, "qa.unknown_value")),
                date=fmt_date(issued, lang) if issued else t(lang, "qa.unknown_value"),
                tasks=plan.get("tasks", "?"),
            )
        )
    return "\n".join(lines)


def weak_text(words: str, lang: str) -> str:
    """One line saying nothing matches, and a better question to ask."""
    return t(lang, "ask.weak", words=esc(words)) + "\n" + t(lang, "ask.weak_hint")


# A team's head named in a task's words: "(đồng chí Nguyễn Thị Hạnh, Chủ nhiệm UBKT, làm Trưởng đoàn)".
_TEAM_HEAD = re.compile(
    r"đồng chí ([^,()]{3,40}),[^;]{0,160}?\b(?:làm|là) ((?:Trưởng|trưởng) (?:đoàn|nhóm|tổ)|(?:Tổ|tổ) trưởng)\b"
)
_ASKS_TEAM_HEAD = re.compile(r"\btruong (?:doan|nhom|to)\b|\bto truong\b")


def one_task_text(result, today: date, lang: str, supports: list[str] | None = None) -> str:
    """Who leads (or, given `supports`, who coordinates) / when is the best-matching task due, then up to
    two near matches."""
    tasks = result.tasks
    if not tasks:
        return t(lang, "qa.none", scope="") + "\n" + t(lang, "qa.none_hint")
    best = tasks[0]
    if result.intent == qmod.WHO and supports is not None:
        lead = lead_of(best)
        focus = (
            t(lang, "qa.who_support", units=esc(", ".join(supports)))
            if supports
            else t(lang, "qa.who_support_none")
        )
        if lead:
            focus += " " + t(lang, "qa.who", unit=esc(lead))
    elif result.intent == qmod.WHO:
        lead = lead_of(best)
        focus = t(lang, "qa.who", unit=esc(lead)) if lead else t(lang, "qa.who_unknown")
        answerable = ANSWERABLE_IN_TEXT.search(best.get("content") or "")
        if answerable and "trach nhiem" in (result.question.folded or ""):
            # "ai chịu trách nhiệm …" of a "5 rõ" task: the leader answerable for it ("Rõ trách nhiệm")
            focus = t(lang, "qa.who_answerable", person=esc(answerable.group(1).strip())) + " " + focus
        head = _TEAM_HEAD.search(best.get("content") or "")
        if head and _ASKS_TEAM_HEAD.search(result.question.folded or ""):
            # "ai làm trưởng đoàn kiểm tra …": the person the task names as the team's head, then the team
            post = head.group(2)[0].upper() + head.group(2)[1:]
            focus = (
                t(lang, "qa.who_team_head", post=esc(post), person=esc(head.group(1).strip())) + " " + focus
            )
    else:
        deadline = esc(deadline_words(best, lang))
        far = how_far(best, today, lang)
        focus = t(lang, "qa.when", deadline=deadline) + (f" ({esc(far)})" if far else "")
    lines = [focus, task_line(1, best, today, lang)]
    others = tasks[1:3]
    if others:
        lines.append(t(lang, "qa.also"))
        lines += [task_line(i + 2, task, today, lang) for i, task in enumerate(others)]
    return "\n".join(lines)


def details_text(task: dict, supports: list[str], today: date, lang: str) -> str:
    lines = [f"<b>{t(lang, 'qa.details_title')}</b>"]
    head = t(lang, "qa.plan", number=esc(task.get("plan_number") or "?"))
    if task.get("ref") or task.get("code"):  # the reference, unique in the plan ("1.1-2")
        head += f" · {esc(task.get('ref') or task['code'])}"
    lines.append(head)
    lines.append(esc(task.get("content") or ""))
    lead = lead_of(task)
    lines.append(t(lang, "qa.lead", unit=esc(lead)) if lead else t(lang, "qa.lead_unknown"))
    if supports:
        lines.append(t(lang, "qa.support", units=esc(", ".join(supports))))
    deadline = t(lang, "qa.deadline", deadline=esc(deadline_words(task, lang)))
    far = how_far(task, today, lang)
    if far:
        deadline += f" ({esc(far)})"
    lines.append(deadline)
    if task.get("deadline_text"):
        lines.append(t(lang, "qa.deadline_words", text=esc(task["deadline_text"])))
    if task.get("result"):
        lines.append(t(lang, "qa.result", text=esc(task["result"])))
    status = task.get("status") or "not_started"
    lines.append(
        t(
            lang,
            "qa.status",
            status=t(lang, f"qa.status.{status}") if status else status,
            percent=task.get("percent") or 0,
        )
    )
    return "\n".join(lines)


def plan_text(plans: list[dict], attr: str, ref: str, known: list[str], lang: str, task_count=None) -> str:
    if not plans:
        return t(lang, "qa.plan_none", number=esc(ref), known=esc(", ".join(known) or "—"))
    plan = plans[0]
    number = esc(plan.get("number") or ref)
    # a decision or a dispatch is named as what it is, not "Kế hoạch"
    kind = t(lang, f"qa.doc_kind.{kind_of(plan.get('number'))}")
    issued = _iso(plan.get("issued_on"))
    if attr == "issued_on":
        if issued is None:
            return t(lang, "qa.plan_issued_unknown", kind=kind, number=number)
        return t(lang, "qa.plan_issued_on", kind=kind, number=number, date=fmt_date(issued, lang))
    if attr == "issuer":
        return t(
            lang,
            "qa.plan_issuer",
            kind=kind,
            number=number,
            issuer=esc(plan.get("issuer") or t(lang, "qa.unknown_value")),
        )
    if attr == "implements":
        if not plan.get("implements"):
            return t(lang, "qa.plan_implements_none", kind=kind, number=number)
        return t(
            lang, "qa.plan_implements", kind=kind, number=number, docs=esc(", ".join(plan["implements"]))
        )
    if attr == "replaces":
        if not plan.get("replaces"):
            return t(lang, "qa.plan_replaces_none", kind=kind, number=number)
        return t(lang, "qa.plan_replaces", kind=kind, number=number, plans=esc(", ".join(plan["replaces"])))
    return t(
        lang,
        "qa.plan_summary",
        kind=kind,
        number=number,
        issuer=esc(plan.get("issuer") or t(lang, "qa.unknown_value")),
        date=fmt_date(issued, lang) if issued else t(lang, "qa.unknown_value"),
        title=esc(summary(plan.get("title") or "", 160)),
        tasks=task_count if task_count is not None else "?",
    )


def duty_line(duty: dict, lang: str) -> str:
    if duty.get("frequency") == "monthly" and duty.get("day"):
        when = t(lang, "qa.duty_monthly", day=duty["day"])
    elif duty.get("frequency") == "weekly" and duty.get("day") in range(1, 8):
        when = t(lang, "qa.duty_weekly", weekday=t(lang, f"qa.weekday.{duty['day']}"))
    elif duty.get("frequency") == "quarterly" and duty.get("day") and duty.get("month") in (1, 3):
        key = "qa.duty_quarterly_next" if duty["month"] == 1 else "qa.duty_quarterly_last"
        when = t(lang, key, day=duty["day"])
    elif duty.get("frequency") == "yearly" and duty.get("day") and duty.get("month"):
        when = t(lang, "qa.duty_yearly", day=duty["day"], month=duty["month"])
    else:
        when = t(lang, "qa.duty_other")
    who = duty.get("reporter") or ""
    to = t(lang, "qa.duty_to", recipient=esc(duty["recipient"])) if duty.get("recipient") else ""
    head = " ".join(x for x in (esc(who), to) if x)
    return (
        f"• KH {esc(duty.get('plan_number') or '?')}: <b>{when}</b>"
        + (f" — {head}" if head else "")
        + (f"\n    {esc(summary(duty.get('text') or '', 160))}")
    )


def duties_text(duties: list[dict], lang: str) -> str:
    if not duties:
        return t(lang, "qa.duties_none")
    return t(lang, "qa.duties_title") + "\n" + "\n".join(duty_line(d, lang) for d in duties)


def targets_text(targets: list[dict], year: str | None, lang: str) -> str:
    if not targets:
        return t(lang, "qa.targets_none")
    lines = [t(lang, "qa.targets_title")]
    for target in targets:
        values = target.get("values") or {}
        if year and year in values:
            shown = f"{year}: {values[year]}"
        else:
            shown = ", ".join(f"{y}: {v}" for y, v in sorted(values.items()))
        source = t(lang, "qa.plan", number=esc(target.get("plan_number") or "?"))
        lines.append(f"• {esc(summary(target['indicator'], 140))} — <b>{esc(shown)}</b> ({source})")
    return "\n".join(lines)

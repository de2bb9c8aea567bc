"""Plain data objects that the parser produces and storage keeps.

These are the contract between `knowledge.plan_parser` (producer), `storage` (persistence) and the
question answering (consumer). Field names follow the public `planbot export --json` format.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date

# Deadline kinds (public interface, see README "Export").
DATE = "date"
MONTH = "month"
RECURRING = "recurring"
CONDITIONAL = "conditional"
NONE = "none"
DEADLINE_KINDS = (DATE, MONTH, RECURRING, CONDITIONAL, NONE)


@dataclass
class Deadline:
    """When a task is due.

    kind: one of DEADLINE_KINDS. due: the last day it may be done (None for recurring, conditional, none).
    text: the phrase as the document wrote it. recurring: True when the task also repeats ("trong tháng
    8/2025 và thực hiện thường xuyên" is kind=month, recurring=True). condition: for conditional deadlines,
    the condition in the document's words. problem: set when the phrase held an impossible date (31/2/2026),
    which is reported rather than guessed.
    """

    kind: str = NONE
    due: date | None = None
    text: str = ""
    recurring: bool = False
    condition: str | None = None
    problem: str | None = None

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "due": self.due.isoformat() if self.due else None,
            "text": self.text,
            "recurring": self.recurring,
            "condition": self.condition,
            "problem": self.problem,
        }


@dataclass
class ParsedTask:
    """One task of a plan. `lead`/`support` are canonical unit names (with diacritics) when recognised,
    else the document's words."""

    code: str | None
    content: str
    lead: str | None = None
    support: list[str] = field(default_factory=list)
    deadline: Deadline = field(default_factory=Deadline)
    section: str | None = None  # heading the task sits under, original text
    source: str = "item"  # item | bullet | table
    position: int = 0  # order in the document
    result: str | None = None  # the expected product ("Sản phẩm: ...", "rõ sản phẩm"), as written
    original: str | None = None  # `content` exactly as read, when repair changed it (knowledge.repair)
    ref: str | None = None  # short reference unique in the plan ("1.1-2", "B3"): knowledge.refs


@dataclass
class ReportingDuty:
    """Who reports what to whom and when ("báo cáo ... vào ngày 18 hằng tháng")."""

    text: str
    reporter: str | None = None
    recipient: str | None = None
    frequency: str = "other"  # weekly | monthly | quarterly | yearly | periodic | other
    day: int | None = None  # day of month (monthly, quarterly, yearly); weekday 1-7 for weekly (Monday 1)
    month: int | None = None  # yearly: the month ("trước ngày 05/12 hằng năm"); quarterly: 3 (the quarter's
    # last month: 3, 6, 9, 12) or 1 (the next quarter's first month: 1, 4, 7, 10)
    periods: list[str] = field(default_factory=list)  # "3 tháng", "6 tháng", "1 năm"
    original: str | None = None  # `text` exactly as read, when repair changed it


@dataclass
class Target:
    """An indicator with values by year (a plan's targets table)."""

    indicator: str
    values: dict[str, str] = field(default_factory=dict)  # year -> value as written (">30%")
    code: str | None = None
    original: str | None = None  # `indicator` exactly as read, when repair changed it
    unit: str | None = None  # unit of measure the values share ("%", "doanh nghiệp"), if stated


@dataclass
class ParsedPlan:
    number: str | None  # "47a/KH-UBND"
    issuer: str | None = None
    issued_on: date | None = None
    title: str = ""
    implements: list[str] = field(default_factory=list)  # document numbers it implements
    replaces: list[str] = field(default_factory=list)  # plan numbers it replaces
    tasks: list[ParsedTask] = field(default_factory=list)
    duties: list[ReportingDuty] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # impossible dates and other warnings, reported
    title_original: str | None = None  # `title` and `issuer` exactly as read, when repair changed them
    issuer_original: str | None = None
    region: str | None = None  # the province or city it belongs to ("tỉnh Thanh Nguyên"), from its header

    def summary(self) -> dict:
        return {
            "number": self.number,
            "tasks": len(self.tasks),
            "with_lead": sum(1 for t in self.tasks if t.lead),
            # An impossible date (31/2/2026) is no deadline, whatever kind its phrase had.
            "with_deadline": sum(1 for t in self.tasks if t.deadline.kind != NONE and not t.deadline.problem),
        }


def as_dict(obj) -> dict:
    return asdict(obj)


# The leader answerable for a "5 rõ" task ("Rõ trách nhiệm"), kept in the task's words as the parser writes it
# (knowledge.plan_parser.five_clear) and read back for "ai chịu trách nhiệm …" (knowledge.answer).
def with_answerable(content: str, person: str) -> str:
    return f"{content} (trách nhiệm: {person})"


ANSWERABLE_IN_TEXT = re.compile(r"\(trách nhiệm: ([^)]{3,80})\)")

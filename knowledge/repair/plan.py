"""Make a parsed plan readable: repair the texts people read, keeping each one as it was read.

The parser works on the text as read (its patterns are built for OCR damage, and the graders match either
form); afterwards every text shown to people (task content and product, section, deadline phrase, duty,
target, title, issuer) is repaired with one `Repairer` for the whole document, so the gate and the
abbreviation context are the document's. The text as read goes to `original` (None when unchanged).
"""

from __future__ import annotations

from knowledge.models import ParsedPlan
from knowledge.repair.repair import Repairer


def repair_plan(plan: ParsedPlan, document: str, *, repairer: Repairer | None = None) -> bool:
    """Repair `plan`'s texts in place when `document` (its full text as read) needs it. True if repaired."""
    repairer = repairer or Repairer(document)
    if not repairer.active:
        return False
    fix = repairer.repair
    for task in plan.tasks:
        content = fix(task.content)
        if content != task.content:
            task.original, task.content = task.content, content
        if task.result:
            task.result = fix(task.result)
        if task.section:
            task.section = fix(task.section)
        if task.deadline.text:
            task.deadline.text = fix(task.deadline.text)
        if task.deadline.condition:
            task.deadline.condition = fix(task.deadline.condition)
    for duty in plan.duties:
        text = fix(duty.text)
        if text != duty.text:
            duty.original, duty.text = duty.text, text
    for target in plan.targets:
        indicator = fix(target.indicator)
        if indicator != target.indicator:
            target.original, target.indicator = target.indicator, indicator
    if plan.title:
        title = fix(plan.title)
        if title != plan.title:
            plan.title_original, plan.title = plan.title, title
    if plan.region:
        plan.region = fix(plan.region)
    if plan.issuer:
        issuer = fix(plan.issuer)
        if issuer != plan.issuer:
            plan.issuer_original, plan.issuer = plan.issuer, issuer
    return True

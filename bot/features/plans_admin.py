"""Plans in chat, for admins: /kehoach lists the stored plans with a remove button each; removing asks to
confirm, then deletes that plan's tasks, their history, its duties and targets (storage.plan_admin)."""

from __future__ import annotations

import html

from bot import actions
from bot.chat import Button, Incoming, Reply
from bot.feature import ButtonAction, Command, Feature
from bot.permissions import ADMINS
from bot.verbs import Verb
from knowledge.messages import t
from storage import plan_admin
from storage.people import Person

MAX_PLANS_SHOWN = 30  # one button each; more than this is the CLI's job (planbot plans list)


def _facts(plan) -> dict:
    return {
        "id": plan.id,
        "number": html.escape(plan.number or "-"),
        "issued_on": plan.issued_on or "-",
        "issuer": html.escape(plan.issuer or "-"),
        "tasks": plan.tasks,
        "duties": plan.duties,
        "targets": plan.targets,
    }


async def list_plans(core, incoming: Incoming, person: Person) -> list[Reply]:
    """List the stored plans, each with a button to remove it."""
    lang = core.lang(incoming, person)
    scope = core.scope(person)  # a commune's admin sees and removes the commune's plans only
    plans = plan_admin.list_plans(core.db, org_ids=scope.org_ids)
    if not plans:
        return [Reply(t(lang, "plans.none"))]
    shown = plans[:MAX_PLANS_SHOWN]
    lines = [t(lang, "plans.admin_title", count=len(plans))]
    lines += [t(lang, "plans.line", **_facts(p)) for p in shown]
    buttons = [
        [
            Button(
                t(lang, "plans.remove_button", number=p.number or p.id), actions.build(Verb.PLAN_REMOVE, p.id)
            )
        ]
        for p in shown
    ]
    return [Reply("\n".join(lines), buttons=buttons)]


async def confirm_removal(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Ask the admin to confirm removing one plan, saying what goes with it."""
    lang = core.lang(incoming, person)
    plan_id = actions.parse(incoming.action).int_arg(0)
    found = [p for p in plan_admin.list_plans(core.db, org_ids=core.scope(person).org_ids) if p.id == plan_id]
    if not found:
        return [Reply(t(lang, "plans.gone"), edit=True)]
    buttons = [
        [
            Button(t(lang, "plans.confirm_button"), actions.build(Verb.PLAN_REMOVE_CONFIRM, plan_id)),
            Button(t(lang, "plans.cancel_button"), actions.build(Verb.PLAN_REMOVE_CANCEL)),
        ]
    ]
    return [Reply(t(lang, "plans.confirm_chat", **_facts(found[0])), buttons)]


async def remove_plan(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Remove the confirmed plan with everything it holds."""
    lang = core.lang(incoming, person)
    plan_id = actions.parse(incoming.action).int_arg(0)
    try:
        removed = plan_admin.remove_plan(core.db, plan_id)
    except plan_admin.PlanNotFound:
        return [Reply(t(lang, "plans.gone"), edit=True)]
    return [Reply(t(lang, "plans.removed", **_facts(removed)), edit=True)]


async def keep_plan(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Keep the plan: nothing is removed."""
    return [Reply(t(core.lang(incoming, person), "plans.kept"), edit=True)]


FEATURE = Feature(
    name="plans_admin",
    commands=(Command("kehoach", list_plans, ADMINS, private=True, description="cmd.kehoach"),),
    buttons=(
        ButtonAction(Verb.PLAN_REMOVE, confirm_removal, ADMINS),
        ButtonAction(Verb.PLAN_REMOVE_CONFIRM, remove_plan, ADMINS),
        ButtonAction(Verb.PLAN_REMOVE_CANCEL, keep_plan, ADMINS),
    ),
)

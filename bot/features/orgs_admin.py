"""Organizations in chat, for admins (`/tochuc`): the tree of the organizations an admin sees, and
putting one under another with buttons (the chat twin of `planbot orgs list` and `orgs set-parent`).

An admin of an organization sees it and what is under it, so can only arrange organizations inside that
subtree: both the organization and its new parent are checked in the core (bot.scope.ORG_ARGS) before
anything here runs. Only an admin of the whole deployment may put an organization at the top.
"""

from __future__ import annotations

import html

from bot import actions
from bot.chat import Button, Incoming, Reply
from bot.feature import ButtonAction, Command, Feature
from bot.features.keyboards import org_depths, orgs_in_sight, orgs_keyboard
from bot.permissions import ADMINS
from bot.verbs import Verb
from knowledge.messages import t
from storage import orgs as orgs_db
from storage.people import Person


def _tree_lines(lang: str, orgs: list, depths: dict[int, int]) -> list[str]:
    return [
        t(
            lang,
            "orgs_admin.line",
            indent="    " * depths.get(o.id, 0),
            name=html.escape(o.name),
            plans=o.plans,
            people=o.people,
        )
        for o in orgs
    ]


async def list_orgs(core, incoming: Incoming, person: Person) -> list[Reply]:
    """List the organizations this admin sees, as a tree, each with a button to arrange it."""
    lang = core.lang(incoming, person)
    action = actions.parse(incoming.action) if incoming.action else None
    page = action.int_arg(0) if action is not None else 0
    orgs = orgs_in_sight(core, person)
    if not orgs:
        return [Reply(t(lang, "orgs_admin.none"))]
    depths = org_depths(orgs)
    lines = [t(lang, "orgs_admin.title", count=len(orgs)), *_tree_lines(lang, orgs, depths)]
    if len(lines) > 41:  # the buttons page through them all; the text names the first 40
        lines = [*lines[:41], t(lang, "orgs_admin.more", count=len(orgs) - 40)]
    buttons = orgs_keyboard(orgs, Verb.ORG_VIEW, (), page, Verb.ORGS_PAGE, depth=depths)
    return [Reply("\n".join(lines), buttons=buttons, edit=action is not None)]


async def show_org(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Show one organization: its parent, plans and people, and a button to give it a parent."""
    lang = core.lang(incoming, person)
    org = orgs_db.get_org(core.db, actions.parse(incoming.action).int_arg(0))
    if org is None:
        return [Reply(t(lang, "core.stale_button"), edit=True)]
    text = t(
        lang,
        "orgs_admin.detail",
        name=html.escape(org.name),
        parent=html.escape(org.parent_name or t(lang, "orgs_admin.no_parent")),
        plans=org.plans,
        people=org.people,
    )
    buttons = [
        [Button(t(lang, "orgs_admin.set_parent_button"), actions.build(Verb.ORG_PARENTS_PAGE, org.id, 0))],
        [Button(t(lang, "orgs_admin.back_button"), actions.build(Verb.ORGS_PAGE, 0))],
    ]
    return [Reply(text, buttons=buttons, edit=True)]


async def pick_parent(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Offer the organizations that may become this one's parent (not itself nor anything under it)."""
    lang = core.lang(incoming, person)
    action = actions.parse(incoming.action)
    org = orgs_db.get_org(core.db, action.int_arg(0))
    if org is None:
        return [Reply(t(lang, "core.stale_button"), edit=True)]
    below = orgs_db.subtree(core.db, org.id)
    candidates = [o for o in orgs_in_sight(core, person) if o.id not in below]
    rows = orgs_keyboard(
        candidates, Verb.ORG_SET_PARENT, (org.id,), action.int_arg(1), Verb.ORG_PARENTS_PAGE, depth=None
    )
    if core.scope(person).everything and org.parent_id is not None:
        rows.append(
            [Button(t(lang, "orgs_admin.to_top_button"), actions.build(Verb.ORG_SET_PARENT, org.id, 0))]
        )
    if not rows:
        return [Reply(t(lang, "orgs_admin.no_candidates", name=html.escape(org.name)), edit=True)]
    return [Reply(t(lang, "orgs_admin.pick_parent", name=html.escape(org.name)), buttons=rows, edit=True)]


async def set_parent(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Put the organization under the chosen parent (0: at the top, for an admin of everything)."""
    lang = core.lang(incoming, person)
    action = actions.parse(incoming.action)
    org = orgs_db.get_org(core.db, action.int_arg(0))
    parent_id = action.int_arg(1) or None
    parent = orgs_db.get_org(core.db, parent_id) if parent_id is not None else None
    if org is None or (parent_id is not None and parent is None):
        return [Reply(t(lang, "core.stale_button"), edit=True)]
    if parent_id is None and not core.scope(person).everything:
        return [Reply(t(lang, "core.stale_button"), edit=True)]
    try:
        orgs_db.set_parent(core.db, org.id, parent_id)
    except orgs_db.OrgCycle:
        return [Reply(t(lang, "orgs_admin.cycle", name=html.escape(org.name)), edit=True)]
    if parent is None:
        return [Reply(t(lang, "orgs_admin.now_top", name=html.escape(org.name)), edit=True)]
    return [
        Reply(
            t(lang, "orgs_admin.now_under", name=html.escape(org.name), parent=html.escape(parent.name)),
            edit=True,
        )
    ]


FEATURE = Feature(
    name="orgs_admin",
    commands=(Command("tochuc", list_orgs, ADMINS, private=True, description="cmd.tochuc"),),
    buttons=(
        ButtonAction(Verb.ORGS_PAGE, list_orgs, ADMINS),
        ButtonAction(Verb.ORG_VIEW, show_org, ADMINS),
        ButtonAction(Verb.ORG_PARENTS_PAGE, pick_parent, ADMINS),
        ButtonAction(Verb.ORG_SET_PARENT, set_parent, ADMINS),
    ),
)

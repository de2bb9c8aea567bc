"""Button rows and labels that several rooms share: unit pickers, role pickers, short labels."""

from __future__ import annotations

from bot import actions
from bot.chat import Button
from bot.verbs import Verb
from knowledge.messages import t
from storage import orgs as orgs_db
from storage import people as people_db

ROLE_LETTERS = {"a": "admin", "l": "leader", "m": "member"}
LETTER_OF = {v: k for k, v in ROLE_LETTERS.items()}
UNITS_PER_PAGE = 8


def role_name(lang: str, role: str) -> str:
    return t(lang, f"role.{role}")


def role_in_unit(lang: str, role: str, unit: str | None) -> str:
    """ "Lãnh đạo Phòng Kinh tế", or the role alone when there is no unit ("Quản trị viên", never
    "Quản trị viên ." with a space where the unit would be). `unit` is reply HTML (already escaped)."""
    if not unit:
        return role_name(lang, role)
    return t(lang, "role.in_unit", role=role_name(lang, role), unit=unit)


def short(text: str, limit: int) -> str:
    """One line of at most `limit` characters, cut with an ellipsis."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def units_keyboard(
    core,
    verb: Verb,
    prefix_args: tuple,
    page: int,
    page_verb: Verb,
    *,
    none_label=None,
    person=None,
    org_id: int | None = None,
    suffix_args: tuple = (),
):
    """Rows of unit buttons (8 per page) with previous/next; `verb:*prefix_args:unit_id:*suffix_args` per
    unit (pages: `page_verb:*prefix_args:page:*suffix_args`). Only the units of the organizations
    `person` sees, or of `org_id` alone when given."""
    org_ids = core.scope(person).org_ids if person is not None else None
    if org_id is not None:
        org_ids = (org_id,)
    units = people_db.list_units(core.db, org_ids)
    pages = max(1, (len(units) + UNITS_PER_PAGE - 1) // UNITS_PER_PAGE)
    page = min(max(page, 0), pages - 1)
    rows = [
        [Button(name[:60], actions.build(verb, *prefix_args, unit_id, *suffix_args))]
        for unit_id, name in units[page * UNITS_PER_PAGE : (page + 1) * UNITS_PER_PAGE]
    ]
    nav = []
    if page > 0:
        nav.append(Button("◀", actions.build(page_verb, *prefix_args, page - 1, *suffix_args)))
    if page < pages - 1:
        nav.append(Button("▶", actions.build(page_verb, *prefix_args, page + 1, *suffix_args)))
    if nav:
        rows.append(nav)
    if none_label:
        rows.append([Button(none_label, actions.build(verb, *prefix_args, 0, *suffix_args))])
    return rows


def role_buttons(lang: str, verb: Verb, *prefix, with_admin: bool = True) -> list[list[Button]]:
    roles = ["member", "leader"] + (["admin"] if with_admin else [])
    return [[Button(role_name(lang, r), actions.build(verb, *prefix, LETTER_OF[r])) for r in roles]]


def orgs_in_sight(core, person) -> list:
    """The organizations `person` sees (storage.orgs.Org, parents before children)."""
    return orgs_db.list_orgs(core.db, core.scope(person).org_ids)


def orgs_keyboard(
    orgs: list, verb: Verb, prefix_args: tuple, page: int, page_verb: Verb, *, depth=None
) -> list[list[Button]]:
    """Rows of organization buttons (8 per page) with previous/next: `verb:*prefix_args:org_id` each
    (pages: `page_verb:*prefix_args:page`), indented by `depth` (org id → level) when given."""
    pages = max(1, (len(orgs) + UNITS_PER_PAGE - 1) // UNITS_PER_PAGE)
    page = min(max(page, 0), pages - 1)
    rows = [
        [
            Button(
                ("· " * (depth or {}).get(org.id, 0) + org.name)[:60],
                actions.build(verb, *prefix_args, org.id),
            )
        ]
        for org in orgs[page * UNITS_PER_PAGE : (page + 1) * UNITS_PER_PAGE]
    ]
    nav = []
    if page > 0:
        nav.append(Button("◀", actions.build(page_verb, *prefix_args, page - 1)))
    if page < pages - 1:
        nav.append(Button("▶", actions.build(page_verb, *prefix_args, page + 1)))
    if nav:
        rows.append(nav)
    return rows


def org_depths(orgs: list) -> dict[int, int]:
    """How deep each organization sits under the others of the list (0: none of its parents listed)."""
    parent = {o.id: o.parent_id for o in orgs}
    depth: dict[int, int] = {}
    for org in orgs:  # parents come before their children
        depth[org.id] = depth.get(parent[org.id], -1) + 1 if parent[org.id] in parent else 0
    return depth

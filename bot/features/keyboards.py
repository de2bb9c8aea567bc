"""Button rows and labels that several rooms share: unit pickers, role pickers, short labels."""

from __future__ import annotations

from bot import actions
from bot.chat import Button
from bot.verbs import Verb
from knowledge.messages import t
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
    core, verb: Verb, prefix_args: tuple, page: int, page_verb: Verb, *, none_label=None, person=None
):
    """Rows of unit buttons (8 per page) with previous/next; `verb:*prefix_args:unit_id` per unit. Only
    the units of the organizations `person` sees."""
    units = people_db.list_units(core.db, core.scope(person).org_ids if person is not None else None)
    pages = max(1, (len(units) + UNITS_PER_PAGE - 1) // UNITS_PER_PAGE)
    page = min(max(page, 0), pages - 1)
    rows = [
        [Button(name[:60], actions.build(verb, *prefix_args, unit_id))]
        for unit_id, name in units[page * UNITS_PER_PAGE : (page + 1) * UNITS_PER_PAGE]
    ]
    nav = []
    if page > 0:
        nav.append(Button("◀", actions.build(page_verb, *prefix_args, page - 1)))
    if page < pages - 1:
        nav.append(Button("▶", actions.build(page_verb, *prefix_args, page + 1)))
    if nav:
        rows.append(nav)
    if none_label:
        rows.append([Button(none_label, actions.build(verb, *prefix_args, 0))])
    return rows


def role_buttons(lang: str, verb: Verb, *prefix, with_admin: bool = True) -> list[list[Button]]:
    roles = ["member", "leader"] + (["admin"] if with_admin else [])
    return [[Button(role_name(lang, r), actions.build(verb, *prefix, LETTER_OF[r])) for r in roles]]

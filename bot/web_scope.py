"""Who may see and do what on the web dashboard: every decision in one place, checked on the server for
every request (pages and links are never the protection).

- admins: every task, person, plan, broadcast and the audit log; they correct plans and assign people;
- leaders: the tasks their unit leads or coordinates and the tasks assigned to them; their unit's people;
- members: the same tasks as their unit's leader (their unit's, and those assigned to them).

Organizations (bot/scope.py) narrow it: an admin of an organization sees its tasks and its children's,
and the tasks its parents' plans give to all their children; leaders see those shared tasks too (they
update their organization's instance in chat). Every query takes the `Visibility` made here.
"""

from __future__ import annotations

import sqlite_utils

from bot.permissions import Forbidden
from bot.scope import scope_of
from storage.people import Person
from storage.web import Visibility


def visibility(db: sqlite_utils.Database, person: Person) -> Visibility:
    """The tasks `person` may see."""
    if not person.active:
        return Visibility()
    scope = scope_of(db, person)
    parents = tuple(sorted(scope.parent_ids))
    if person.role == "admin":
        if scope.everything:
            return Visibility(everything=True)
        return Visibility(org_ids=tuple(sorted(scope.org_ids)), parent_ids=parents)
    units = (person.unit_id,) if person.unit_id is not None else ()
    return Visibility(
        unit_ids=units, person_id=person.id, parent_ids=parents if person.role == "leader" else ()
    )


def org_ids(db: sqlite_utils.Database, person: Person) -> tuple[int, ...] | None:
    """The organizations whose people, invites and broadcasts `person` sees (None: every one)."""
    scope = scope_of(db, person)
    return None if scope.everything else tuple(sorted(scope.org_ids))


def people_scope(person: Person) -> tuple[int, ...] | None:
    """The units whose people `person` may list (None = every unit in sight). Members may not."""
    if person.role == "admin" and person.active:
        return None
    if person.role == "leader" and person.active:
        return (person.unit_id,) if person.unit_id is not None else ()
    raise Forbidden("leader")


def require_admin(person: Person) -> None:
    """Corrections, assignments, broadcasts and the audit log are for admins."""
    if not (person.active and person.role == "admin"):
        raise Forbidden("admin")


def may_correct(person: Person) -> bool:
    return person.active and person.role == "admin"


def may_download_reports(person: Person) -> bool:
    """Report files, as /baocao in chat: admins and leaders."""
    return person.active and person.role in ("admin", "leader")


def report_scope(person: Person):
    """The tasks a person's report files cover (storage.reports.Scope): everything for admins, the unit's
    tasks for leaders (as /baocao in chat)."""
    from storage.reports import Scope

    if not may_download_reports(person):
        raise Forbidden("leader")
    return Scope() if person.role == "admin" else Scope(unit_id=person.unit_id)

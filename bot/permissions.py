"""Who may do what. Checked in the core (every adapter goes through it), never only in a handler."""

from __future__ import annotations

import sqlite_utils

from storage.people import Person
from storage.progress import is_assigned, task_unit_ids

ALL_ROLES = ("admin", "leader", "member")
LEADERS = ("admin", "leader")
ADMINS = ("admin",)


class Forbidden(Exception):
    """The person's role does not allow this."""


def has_role(person: Person | None, roles) -> bool:
    return person is not None and person.active and person.role in roles


def require(person: Person | None, roles) -> None:
    if not has_role(person, roles):
        raise Forbidden(",".join(roles))


def can_update_task(db: sqlite_utils.Database, person: Person, task_id: int) -> bool:
    """Admins any task; leaders and members the tasks their unit leads or supports, or assigned to them."""
    if not person.active:
        return False
    if person.role == "admin":
        return True
    if person.unit_id is not None and person.unit_id in task_unit_ids(db, task_id):
        return True
    return is_assigned(db, task_id, person.id)


def can_see_task_progress(db: sqlite_utils.Database, person: Person, task_id: int) -> bool:
    """Who may open a task's evidence files (and its rows in reports): the people who may update it —
    admins, the people of its lead and coordinating units, its assignees."""
    return can_update_task(db, person, task_id)


def progress_scope(person: Person) -> int | None:
    """The unit whose progress the person may see with /tiendo (None = every unit, for admins)."""
    if person.role == "admin":
        return None
    if person.role == "leader" and person.unit_id is not None:
        return person.unit_id
    raise Forbidden("leader")

"""What a person may see and touch, by organization: one `Scope` computed from the Person, checked in the
core (every button that names a task, a person or a unit) and used by every list (answers, /nhiemvu,
/quahan, /saphethan, /tiendo, reminders, broadcasts' audiences, admin lists).

- A person without an organization (the first admins, or everyone in a deployment whose plans name no
  body) sees everything, as before organizations existed.
- An admin of an organization sees it and everything under it (a city's admin: its departments and
  communes).
- A leader or member sees their organization (and works on their unit's tasks).
- Everyone of an organization also sees the tasks a plan of a parent gives to all its communes ("UBND các
  xã, phường"): each organization does its own instance, with its own status and updates.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from bot.verbs import Verb
from storage import orgs as orgs_db
from storage import plan_admin
from storage import progress as progress_db
from storage.people import Person

# Which argument of a button's action is a task, a person or a unit (checked in the core before the
# feature runs: a forged or foreign id gets the stale-button answer and changes nothing).
TASK_ARG = {
    Verb.TASK_DETAILS: 0,
    Verb.UPDATE_TASK: 0,
    Verb.UPDATE_PICK_TASK: 1,
    Verb.ASSIGN_TASK: 1,
    Verb.MUTE_TASK: 0,
}
PERSON_ARG = {
    Verb.USER_VIEW: 0,
    Verb.USER_ROLE: 0,
    Verb.USER_ACTIVE: 0,
    Verb.USER_UNITS_PAGE: 0,
    Verb.USER_UNIT: 0,
    Verb.ASSIGN_PERSON: 1,
}
PLAN_ARG = {
    Verb.PLAN_REMOVE: 0,
    Verb.PLAN_REMOVE_CONFIRM: 0,
}
UNIT_ARG = {
    Verb.USER_UNIT: 1,
    Verb.INVITE_UNIT: 0,
    Verb.INVITE_ROLE: 0,
    Verb.REQUEST_UNIT: 1,
    Verb.REQUEST_ROLE: 1,
}

# Which arguments name an organization (all must be in the scope; 0 is "none", which only an admin of
# everything may choose: it is in nobody's org_ids).
ORG_ARGS = {
    Verb.ORG_VIEW: (0,),
    Verb.ORG_PARENTS_PAGE: (0,),
    Verb.ORG_SET_PARENT: (0, 1),
    Verb.REQUEST_ORG: (1,),
    Verb.REQUEST_UNITS_PAGE: (2,),
    Verb.REQUEST_UNIT: (2,),
    Verb.REQUEST_ROLE: (3,),
}


@dataclass(frozen=True)
class Scope:
    """The organizations a person sees. `org_ids` None: everything."""

    org_id: int | None
    org_ids: frozenset[int] | None
    parent_ids: frozenset[int] = frozenset()
    unit_id: int | None = None
    role: str = "member"

    @property
    def everything(self) -> bool:
        return self.org_ids is None

    @property
    def plan_org_ids(self) -> tuple[int, ...] | None:
        """Organizations whose plans (number, issuer, duties, targets) are in sight: one's own and the
        parents' whose plans give one tasks."""
        if self.org_ids is None:
            return None
        return tuple(sorted(self.org_ids | self.parent_ids))

    def sees_org(self, org_id: int | None) -> bool:
        return self.org_ids is None or (org_id is not None and org_id in self.org_ids)

    def sees(self, task_org: int | None, audience_org: int | None) -> bool:
        """Whether a task of `task_org` (shared with the children of `audience_org`) is in sight."""
        return self.sees_org(task_org) or (audience_org is not None and audience_org in self.parent_ids)

    def instance_org(self, audience_org: int | None) -> int | None:
        """The organization whose own instance of a shared task this person sees and updates (None: the
        task itself)."""
        if audience_org is not None and audience_org in self.parent_ids:
            return self.org_id
        return None


EVERYTHING = Scope(org_id=None, org_ids=None)


def scope_of(db: sqlite_utils.Database, person: Person | None) -> Scope:
    """The person's scope (nobody: nothing beyond what everybody sees, i.e. everything if no org)."""
    if person is None or person.org_id is None:
        return Scope(
            None, None, unit_id=getattr(person, "unit_id", None), role=getattr(person, "role", "member")
        )
    parents = frozenset(orgs_db.ancestors(db, person.org_id))
    seen = orgs_db.subtree(db, person.org_id) if person.role == "admin" else frozenset({person.org_id})
    return Scope(person.org_id, seen, parents, person.unit_id, person.role)


def org_scope(db: sqlite_utils.Database, org_id: int, *, unit_id: int | None = None) -> Scope:
    """The scope of someone of `org_id` (the CLI's `--org`): an admin's when no unit is given."""
    parents = frozenset(orgs_db.ancestors(db, org_id))
    if unit_id is None:
        return Scope(org_id, orgs_db.subtree(db, org_id), parents, None, "admin")
    return Scope(org_id, frozenset({org_id}), parents, unit_id, "member")


def sees_task(db: sqlite_utils.Database, scope: Scope, task_id: int) -> bool:
    row = orgs_db.task_scope_row(db, task_id)
    return row is not None and scope.sees(*row)


def task_instance(db: sqlite_utils.Database, scope: Scope, task_id: int) -> int | None:
    """The organization whose instance of task `task_id` this scope works on (None: the task itself)."""
    row = orgs_db.task_scope_row(db, task_id)
    return scope.instance_org(row[1]) if row else None


def can_update(db: sqlite_utils.Database, person: Person, scope: Scope, task_id: int) -> bool:
    """Admins any task in sight; a shared task's instance: the organization's admins and leaders; else
    the tasks the person's unit leads or supports, or that are assigned to them."""
    if not person.active:
        return False
    row = orgs_db.task_scope_row(db, task_id)
    if row is None or not scope.sees(*row):
        return False
    if person.role == "admin":
        return True
    if scope.instance_org(row[1]) is not None and person.role == "leader":
        return True
    if person.unit_id is not None and person.unit_id in progress_db.task_unit_ids(db, task_id):
        return True
    return progress_db.is_assigned(db, task_id, person.id)


def sees_person(db: sqlite_utils.Database, scope: Scope, person_id: int) -> bool:
    if scope.everything:
        return True
    found, org_id = orgs_db.person_org(db, person_id)
    return found and scope.sees_org(org_id)


def sees_plan(db: sqlite_utils.Database, scope: Scope, plan_id: int) -> bool:
    """A plan of one's own organization (a parent's plan gives tasks but is not one's to remove)."""
    if scope.everything:
        return True
    found, org_id = plan_admin.plan_org(db, plan_id)
    return found and scope.sees_org(org_id)


def sees_unit(db: sqlite_utils.Database, scope: Scope, unit_id: int) -> bool:
    """Unit 0 in a picker means "no unit": always allowed."""
    if scope.everything or unit_id == 0:
        return True
    found, org_id = orgs_db.unit_org(db, unit_id)
    return found and scope.sees_org(org_id)


def action_in_scope(db: sqlite_utils.Database, scope: Scope, action) -> bool:
    """Whether every task, person and unit a button names is in the scope (ids that are not numbers are
    left to the feature, which answers them as stale)."""
    if scope.everything:
        return True
    checks = ((TASK_ARG, sees_task), (PERSON_ARG, sees_person), (UNIT_ARG, sees_unit), (PLAN_ARG, sees_plan))
    for table, check in checks:
        index = table.get(action.verb)
        if index is None:
            continue
        raw = action.arg(index) or ""
        if raw.isascii() and raw.isdigit() and len(raw) <= 16 and not check(db, scope, int(raw)):
            return False
    for index in ORG_ARGS.get(action.verb, ()):
        raw = action.arg(index)
        if (
            raw is not None
            and raw.isascii()
            and raw.isdigit()
            and len(raw) <= 16
            and not scope.sees_org(int(raw))
        ):
            return False
    return True


def overlay_statuses(db: sqlite_utils.Database, scope: Scope, tasks: list[dict]) -> list[dict]:
    """Show each shared task with this scope's organization's own status and percent (in place)."""
    if scope.org_id is None or not scope.parent_ids:
        return tasks
    shared = [t for t in tasks if t.get("audience_org_id") in scope.parent_ids]
    if not shared:
        return tasks
    found = orgs_db.org_statuses(db, [t["id"] for t in shared], scope.org_id)
    for task in shared:
        task["status"], task["percent"] = found.get(task["id"], ("not_started", 0))
    return tasks

"""`planbot orgs list|set-parent`: the organizations plans came from, and their tree (city → its
departments and communes). Also the `--org NAME` lookup the other commands share: a name is matched with
or without diacritics; an unknown one is refused with the closest names."""

from __future__ import annotations

import json
import sys

from storage import orgs as orgs_db
from storage.db import open_db


def org_arg(db, text: str | None, *, option: str = "--org") -> int | None:
    """The organization `text` names (None when not given); raises SystemExit(1) with the closest names
    when it names none."""
    if not text:
        return None
    try:
        return orgs_db.resolve_org(db, text)
    except orgs_db.UnknownOrg as exc:
        close = "; ".join(exc.close) or "none (see `planbot orgs list`)"
        print(f"{option}: no organization like {text!r}; closest: {close}", file=sys.stderr)
        raise SystemExit(1) from None


def cmd_orgs_list(args) -> int:
    db = open_db(args.db)
    orgs = orgs_db.list_orgs(db)
    if args.json:
        print(json.dumps([o.__dict__ for o in orgs], ensure_ascii=False, indent=2))
        return 0
    depth: dict[int, int] = {}
    for org in orgs:
        depth[org.id] = depth.get(org.parent_id, -1) + 1 if org.parent_id in depth else 0
        indent = "  " * depth[org.id]
        print(f"{org.id}\t{indent}{org.name}\t{org.kind}\t{org.plans} plan(s)\t{org.people} person(s)")
    if not orgs:
        print("no organizations yet: they come from the plans' headers (planbot ingest ...)", file=sys.stderr)
    return 0


def cmd_orgs_set_parent(args) -> int:
    db = open_db(args.db)
    child = org_arg(db, args.child, option="CHILD")
    parent = None if args.parent.lower() in ("-", "none") else org_arg(db, args.parent, option="PARENT")
    try:
        orgs_db.set_parent(db, child, parent)
    except orgs_db.OrgCycle:
        print("set-parent: that would put an organization under itself", file=sys.stderr)
        return 1
    moved = orgs_db.get_org(db, child)
    print(f"{moved.name} → {moved.parent_name or '(top)'}")
    return 0


def register(subparsers) -> None:
    orgs = subparsers.add_parser("orgs", help="tổ chức: liệt kê, xếp cây cấp trên – cấp dưới")
    sub = orgs.add_subparsers(dest="orgs_command", metavar="VIỆC", required=True)
    listing = sub.add_parser("list", help="liệt kê tổ chức, cấp dưới nằm dưới cấp trên")
    listing.add_argument("--json", action="store_true", help="in dạng JSON")
    listing.set_defaults(func=cmd_orgs_list)
    parent = sub.add_parser("set-parent", help="đặt tổ chức CON dưới tổ chức CHA ('-' để bỏ cấp trên)")
    parent.add_argument("child", metavar="CON", help="tổ chức cấp dưới")
    parent.add_argument("parent", metavar="CHA", help="tổ chức cấp trên, hoặc '-'")
    parent.set_defaults(func=cmd_orgs_set_parent)

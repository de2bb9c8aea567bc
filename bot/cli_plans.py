"""`planbot plans list|remove` and `planbot units list`: what the knowledge base holds, from the command
line."""

from __future__ import annotations

import json
import sys

from knowledge.messages import t


def cmd_plans_list(args) -> int:
    from storage.db import open_db
    from storage.plan_admin import list_plans

    db = open_db(args.db)
    plans = list_plans(db)
    if args.json:
        print(json.dumps([p.__dict__ for p in plans], ensure_ascii=False, indent=1))
        return 0
    if not plans:
        print(t(args.lang, "plans.none"))
        return 0
    for p in plans:
        print(t(args.lang, "plans.line", **_line(p)))
    return 0


def _line(p) -> dict:
    return {
        "id": p.id,
        "number": p.number or "-",
        "issued_on": p.issued_on or "-",
        "issuer": p.issuer or "-",
        "tasks": p.tasks,
        "duties": p.duties,
        "targets": p.targets,
    }


def cmd_plans_remove(args) -> int:
    from storage.db import open_db
    from storage.plan_admin import list_plans, plan_ids_named, remove_plan

    db = open_db(args.db)
    ids = plan_ids_named(db, args.number)
    if not ids:
        print(t(args.lang, "plans.not_found", number=args.number), file=sys.stderr)
        return 1
    if len(ids) > 1:
        print(t(args.lang, "plans.ambiguous", number=args.number), file=sys.stderr)
        for p in list_plans(db):
            if p.id in ids:
                print(t(args.lang, "plans.line", **_line(p)), file=sys.stderr)
        return 1
    (plan,) = [p for p in list_plans(db) if p.id == ids[0]]
    if not args.yes:
        print(t(args.lang, "plans.confirm", **_line(plan)), end=" ", flush=True)
        answer = sys.stdin.readline().strip().lower()
        if answer not in ("y", "yes", "c", "co", "có"):
            print(t(args.lang, "plans.kept"))
            return 1
    removed = remove_plan(db, plan.id)
    print(t(args.lang, "plans.removed", **_line(removed)))
    return 0


def cmd_units_list(args) -> int:
    from storage.db import open_db
    from storage.units import collective_audiences, unit_registry

    db = open_db(args.db)
    units = unit_registry(db)
    if args.json:
        print(
            json.dumps(
                {"units": units, "collectives": collective_audiences(db)}, ensure_ascii=False, indent=1
            )
        )
        return 0
    if not units:
        print(t(args.lang, "units.none"))
    for unit in units:
        aliases = ", ".join(unit["aliases"])
        print(
            f"{unit['id']:>4}  {unit['name']}"
            + (f"  ({unit['abbreviation']})" if unit["abbreviation"] else "")
            + (f"  ~ {aliases}" if aliases else "")
        )
    return 0


def register(subparsers) -> None:
    plans = subparsers.add_parser("plans", help="các kế hoạch đã nạp: xem, gỡ bỏ")
    verbs = plans.add_subparsers(dest="plans_verb", required=True)
    listing = verbs.add_parser("list", help="liệt kê kế hoạch")
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--lang", default="vi", choices=("vi", "en"))
    listing.set_defaults(func=cmd_plans_list)
    remove = verbs.add_parser(
        "remove", help="gỡ một kế hoạch cùng nhiệm vụ, báo cáo, chỉ tiêu và lịch sử của nó"
    )
    remove.add_argument(
        "number", metavar="NUMBER", help="số kế hoạch (47a, 47a/KH-UBND) hoặc mã trong danh sách"
    )
    remove.add_argument("--yes", action="store_true", help="không hỏi xác nhận")
    remove.add_argument("--lang", default="vi", choices=("vi", "en"))
    remove.set_defaults(func=cmd_plans_remove)
    units = subparsers.add_parser("units", help="danh mục đơn vị")
    unit_verbs = units.add_subparsers(dest="units_verb", required=True)
    unit_list = unit_verbs.add_parser("list", help="liệt kê đơn vị (không gồm các cụm tập thể)")
    unit_list.add_argument("--json", action="store_true")
    unit_list.add_argument("--lang", default="vi", choices=("vi", "en"))
    unit_list.set_defaults(func=cmd_units_list)

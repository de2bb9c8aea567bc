"""`planbot console`: chat with the bot in the terminal (no token needed)."""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from pathlib import Path

from knowledge.messages import t

SAMPLE_PLAN = Path(__file__).parent / "data" / "sample_plan.txt"


def _parse_day(text: str) -> date:
    import argparse

    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: expected YYYY-MM-DD") from exc


def ingest_demo(db, lang: str) -> bool:
    """Load the bundled sample plan when the database has no plan yet; True if it was loaded."""
    from bot.ingest import ingest_path
    from storage.tasks import list_plans

    if list_plans(db, limit=1):
        return False
    _, result = ingest_path(db, SAMPLE_PLAN)
    print(t(lang, "console.demo_loaded", number=result.number or SAMPLE_PLAN.name, tasks=result.tasks))
    return True


def cmd_console(args) -> int:
    from bot.clock import Clock
    from bot.compose import build_core
    from handlers.console import ensure_console_admin, run_console
    from storage import people as people_db
    from storage.db import open_db

    lang = args.lang
    db = open_db(args.db)
    try:
        if args.demo:
            ingest_demo(db, lang)
        from bot.cli_orgs import org_arg

        org_id = org_arg(db, getattr(args, "org", None))
        unit_id = None
        if args.unit:
            try:
                unit_id = people_db.resolve_unit(db, args.unit, org_id)
            except (people_db.UnknownUnit, people_db.UnitInManyOrgs):
                print(t(lang, "console.unknown_unit", unit=args.unit), file=sys.stderr)
                return 1
        clock = Clock()
        ensure_console_admin(db, unit_id=unit_id, language=lang, now=clock.now(), org_id=org_id)
        core = build_core(db, None, clock)
        return asyncio.run(run_console(core, sys.stdin, sys.stdout, lang=lang, today=args.today))
    except KeyboardInterrupt:
        print(file=sys.stdout)
        return 0
    finally:
        db.conn.close()


def register(subparsers) -> None:
    console = subparsers.add_parser("console", help="trò chuyện với planbot trong cửa sổ dòng lệnh")
    console.add_argument("--unit", default=None, help="đơn vị của người dùng (tên hoặc viết tắt)")
    console.add_argument("--org", default=None, help="tổ chức (xã, phường, sở...) của người dùng")
    console.add_argument("--today", type=_parse_day, default=None, metavar="YYYY-MM-DD")
    console.add_argument("--demo", action="store_true", help="nạp kế hoạch mẫu nếu chưa có kế hoạch nào")
    console.add_argument("--lang", default="vi", choices=("vi", "en"))
    console.set_defaults(func=cmd_console)

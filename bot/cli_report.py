"""`planbot report monthly|quarterly|yearly|tracker|chart|calendar`: the standing office's files.

The scope is everything, a unit (`--unit`), a plan by its number as people write it (`--plan 47a`), or for
the calendar a person (`--person`, their unit's tasks and those assigned to them); options combine.
There is no `--org`: the database holds one organization's plans (no organizations table yet).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from knowledge.messages import t


def register(subparsers) -> None:
    from bot.reports.files import KINDS

    p = subparsers.add_parser(
        "report", help="báo cáo, bảng theo dõi, biểu đồ, lịch (.docx, .xlsx, .png, .ics)"
    )
    p.add_argument("kind", choices=KINDS, help="loại tệp")
    p.add_argument("--unit", default=None, help="một đơn vị (tên, tên viết tắt hoặc mã số)")
    p.add_argument(
        "--plan", default=None, metavar="NUMBER", help='một kế hoạch theo số hiệu ("47a" hoặc "47a/KH-UBND")'
    )
    p.add_argument("--person", default=None, metavar="ID", help="lịch của một người (mã số người dùng)")
    p.add_argument("--period", default=None, help="kỳ báo cáo: 2025-08 (tháng), 2025-Q3 (quý), 2025 (năm)")
    p.add_argument("--today", default=None, help="ngày lập báo cáo (YYYY-MM-DD; mặc định: hôm nay)")
    p.add_argument("--lang", default="vi", choices=("vi", "en"))
    p.add_argument("--out", required=True, metavar="FILE", help="tệp kết quả")
    p.set_defaults(func=cmd_report)


def cmd_report(args) -> int:
    """Write the report file the arguments ask for; one line on success, one clear line and 1 on error."""
    from bot.clock import Clock
    from bot.reports.files import write_report
    from bot.reports.periods import BadPeriod, parse_period
    from storage import people as people_db
    from storage import reports as reports_db
    from storage.db import open_db

    lang = args.lang
    try:
        as_of = date.fromisoformat(args.today) if args.today else Clock().today()
    except ValueError:
        print(t(lang, "reports.cli.bad_today", today=args.today), file=sys.stderr)
        return 2
    db = open_db(args.db)
    try:
        period = parse_period(args.period) if args.period else None
        unit_id = people_db.resolve_unit(db, args.unit) if args.unit else None
        plan = reports_db.find_plan(db, args.plan) if args.plan else None
        person_id = None
        if args.person:
            person = people_db.get_person(db, int(args.person)) if args.person.isdigit() else None
            if person is None:
                print(t(lang, "reports.cli.unknown_person", person=args.person), file=sys.stderr)
                return 1
            person_id, unit_id = person.id, person.unit_id
        scope = reports_db.Scope(unit_id=unit_id, plan_id=plan.id if plan else None, person_id=person_id)
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        figures = write_report(db, args.kind, scope, as_of, out, period=period, lang=lang)
    except BadPeriod as exc:
        print(period_error(lang, exc), file=sys.stderr)
        return 1
    except people_db.UnknownUnit:
        print(t(lang, "reports.cli.unknown_unit", unit=args.unit), file=sys.stderr)
        return 1
    except reports_db.AmbiguousPlan as exc:
        print(
            t(lang, "reports.ambiguous_plan", plan=args.plan, numbers=", ".join(exc.numbers)), file=sys.stderr
        )
        return 1
    except reports_db.UnknownPlan:
        print(t(lang, "reports.unknown_plan", plan=args.plan), file=sys.stderr)
        return 1
    finally:
        db.conn.close()
    if "tasks" in figures:
        print(t(lang, "reports.cli.written_tasks", kind=args.kind, file=str(out), tasks=figures["tasks"]))
    else:
        print(t(lang, "reports.cli.written", kind=args.kind, file=str(out)))
    return 0


def period_error(lang: str, exc) -> str:
    """Why a period was refused: not a period at all, or not the kind the report needs."""
    if exc.expected:
        example = {"month": "2025-08", "quarter": "2025-Q3", "year": "2025"}[exc.expected]
        return t(lang, "reports.wrong_period_kind", period=exc.text, example=example)
    return t(lang, "reports.bad_period", period=exc.text)

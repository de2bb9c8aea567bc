"""`planbot reminders preview|policy|tick`: see what reminders would go out when, without sending."""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime, timedelta

from bot.clock import VN_TZ, Clock
from bot.reminders import PolicyError, load_policy, preview, run_tick
from bot.scheduler import POLICY_ENV
from storage.db import open_db


def _moment(text: str | None, default: datetime) -> datetime:
    if not text:
        return default
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise SystemExit(f"not an ISO date/time: {text!r} (e.g. 2026-12-01 or 2026-12-01T08:00)") from exc
    return value if value.tzinfo else value.replace(tzinfo=VN_TZ)


def _policy(db, args):
    try:
        return load_policy(db, getattr(args, "policy", None) or os.environ.get(POLICY_ENV))
    except PolicyError as exc:
        raise SystemExit(f"reminder policy: {exc}") from exc


def cmd_preview(args) -> int:
    """Print the reminders planned between --from and --to (default: the next 14 days)."""
    db = open_db(args.db)
    start = _moment(args.start, Clock().now())
    end = _moment(args.end, start + timedelta(days=14))
    if end < start:
        print("--to must be after --from", file=sys.stderr)
        return 2
    plan = preview(db, start, end, _policy(db, args))
    if args.json:
        print(json.dumps(plan, ensure_ascii=False, indent=2))
        return 0
    if not plan:
        print("Không có nhắc việc nào trong khoảng này.")
    for entry in plan:
        refs = ", ".join(" ".join(p for p in (t["plan"], t["code"]) if p) or "?" for t in entry["tasks"])
        late = " (muộn)" if entry["late"] else ""
        print(
            f"{entry['at']}  {entry['recipient']['name']} (#{entry['recipient']['id']})  {entry['kind']}{late}: {refs}"
        )
    return 0


def cmd_policy(args) -> int:
    """Show the effective reminder policy as JSON."""
    db = open_db(args.db)
    print(json.dumps(_policy(db, args).to_json(), ensure_ascii=False, indent=2))
    return 0


def cmd_tick(args) -> int:
    """Run one reminder tick now (queues digests in the outbox; the running bot sends them)."""
    db = open_db(args.db)
    result = run_tick(db, Clock().now(), _policy(db, args))
    print(f"{result.digests} digests, {result.reminders} reminders queued ({result.late} late)")
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("reminders", help="reminders: preview what would be sent")
    sub = parser.add_subparsers(dest="reminders_command", metavar="ACTION")
    show = sub.add_parser("preview", help="list reminders due between --from and --to without sending")
    show.add_argument("--from", dest="start", help="ISO start (default: now, Asia/Ho_Chi_Minh)")
    show.add_argument("--to", dest="end", help="ISO end (default: start + 14 days)")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.add_argument("--policy", help=f"JSON policy file (default: ${POLICY_ENV})")
    show.set_defaults(func=cmd_preview)
    pol = sub.add_parser("policy", help="show the effective reminder policy")
    pol.add_argument("--policy", help=f"JSON policy file (default: ${POLICY_ENV})")
    pol.set_defaults(func=cmd_policy)
    tick = sub.add_parser("tick", help="run one reminder tick now (queue due digests)")
    tick.add_argument("--policy", help=f"JSON policy file (default: ${POLICY_ENV})")
    tick.set_defaults(func=cmd_tick)
    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])

"""`planbot reminders preview|policy|tick` (see what reminders would go out when, without sending) and
`planbot outbox status|drain` (inspect the outbox; drain it to Telegram without the chat bot running)."""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime, timedelta

from bot.clock import VN_TZ, Clock
from bot.reminders import PolicyError, load_policy, preview, run_tick
from bot.scheduler import POLICY_ENV, QuietHours
from storage.db import open_db
from storage.outbox import counts_by_state, has_unsent


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


def _ref(task: dict) -> str:
    """A task as "47a/KH-UBND 1.2"; a duty with its report day ("47a/KH-UBND báo cáo 13/02/2026")."""
    ref = " ".join(p for p in (task["plan"], task["code"]) if p) or "?"
    if task.get("due"):
        ref += " báo cáo " + date.fromisoformat(task["due"]).strftime("%d/%m/%Y")
    return ref


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
        refs = ", ".join(_ref(task) for task in entry["tasks"])
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


def cmd_outbox_status(args) -> int:
    """Print outbox counts by channel and state."""
    db = open_db(args.db)
    for row in counts_by_state(db):
        print(f"{row.channel}\t{row.state}\t{row.count}")
    return 0


async def _drain(args) -> int:
    import asyncio

    from telegram import Bot
    from telegram.request import HTTPXRequest

    from bot.config import ConfigError, load_config
    from bot.outbox_sender import OutboxSender
    from handlers.telegram_sender import TelegramSender

    try:
        config = load_config()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    if not config.telegram_token:
        print("TELEGRAM_BOT_TOKEN is not set: nothing to send through", file=sys.stderr)
        return 2
    db = open_db(args.db)
    # PTB's default pool has one connection; the sender keeps up to max_in_flight requests open.
    request = HTTPXRequest(connection_pool_size=args.max_in_flight + 2, read_timeout=15, connect_timeout=10)
    bot = Bot(config.telegram_token.get_secret_value(), base_url=config.telegram_base_url(), request=request)
    sender = OutboxSender(
        db,
        [TelegramSender(bot, max_per_second=args.rate)],
        Clock(),
        max_in_flight=args.max_in_flight,
        base_backoff=args.backoff,
        quiet_hours=None if args.ignore_quiet_hours else QuietHours(lambda: _policy(db, args)),
    )
    stop = asyncio.Event()
    async with bot:
        if not args.until_empty:
            await sender.run_forever(stop)
            return 0
        while has_unsent(db):
            if not await sender.drain_once():
                await asyncio.sleep(0.2)
        await sender.drain_once()  # the delivery report queued by the last settle
    print(json.dumps(sender.stats))
    return 0


def cmd_outbox_drain(args) -> int:
    """Send what the outbox holds through Telegram (token and API URL from the environment)."""
    import asyncio

    return asyncio.run(_drain(args))


def register(subparsers) -> None:
    parser = subparsers.add_parser("reminders", help="nhắc việc: xem trước, chính sách, chạy một lượt")
    sub = parser.add_subparsers(dest="reminders_command", metavar="VIỆC")
    show = sub.add_parser("preview", help="liệt kê nhắc việc sẽ gửi từ --from đến --to (không gửi)")
    show.add_argument("--from", dest="start", help="thời điểm bắt đầu ISO (mặc định: bây giờ, giờ Việt Nam)")
    show.add_argument("--to", dest="end", help="thời điểm kết thúc ISO (mặc định: bắt đầu + 14 ngày)")
    show.add_argument("--json", action="store_true", help="in dạng JSON")
    show.add_argument("--policy", help=f"tệp JSON chính sách nhắc việc (mặc định: ${POLICY_ENV})")
    show.set_defaults(func=cmd_preview)
    pol = sub.add_parser("policy", help="xem chính sách nhắc việc đang áp dụng")
    pol.add_argument("--policy", help=f"tệp JSON chính sách nhắc việc (mặc định: ${POLICY_ENV})")
    pol.set_defaults(func=cmd_policy)
    tick = sub.add_parser("tick", help="chạy một lượt nhắc việc ngay (xếp các tin đến hạn vào hàng đợi)")
    tick.add_argument("--policy", help=f"tệp JSON chính sách nhắc việc (mặc định: ${POLICY_ENV})")
    tick.set_defaults(func=cmd_tick)
    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])

    box = subparsers.add_parser(
        "outbox", help="hàng đợi tin gửi đi: trạng thái, hoặc gửi hết mà không cần chạy bot"
    )
    box_sub = box.add_subparsers(dest="outbox_command", metavar="VIỆC")
    box_sub.add_parser("status", help="số tin theo kênh và trạng thái").set_defaults(func=cmd_outbox_status)
    drain = box_sub.add_parser("drain", help="gửi các tin đang chờ qua Telegram")
    drain.add_argument("--rate", type=float, default=25.0, help="số tin mỗi giây (mặc định 25)")
    drain.add_argument("--max-in-flight", type=int, default=8, help="số tin gửi đồng thời (mặc định 8)")
    drain.add_argument(
        "--backoff", type=float, default=2.0, help="chờ trước lần thử lại đầu, giây (mặc định 2)"
    )
    drain.add_argument("--until-empty", action="store_true", help="dừng khi không còn gì để gửi")
    drain.add_argument(
        "--ignore-quiet-hours",
        action="store_true",
        help="gửi cả tin không khẩn trong giờ yên lặng (mặc định: giữ lại đến hết giờ yên lặng)",
    )
    drain.set_defaults(func=cmd_outbox_drain)
    box.set_defaults(func=lambda args: (box.print_help(), 2)[1])

"""`planbot web`: serve the web dashboard alone (the bots may run in another process on the same
database). Login links come from `/web` in chat, or `planbot web --link PERSON_ID` on this machine."""

from __future__ import annotations

import contextlib
import dataclasses
import sys

from bot.config import ConfigError, load_config


def _config(args):
    try:
        config = load_config()
    except ConfigError as exc:
        print(f"planbot: config error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    changes = {"db_path": args.db} if getattr(args, "db", None) else {}
    if args.port:
        changes["web_port"] = args.port
    if args.host:
        changes["web_listen"] = args.host
    config = dataclasses.replace(config, **changes)
    if not config.web_port:
        config = dataclasses.replace(config, web_port=8080)
    return config


def _telegram_files(config):
    """Fetch Telegram evidence files with the bot token, when there is one."""
    if not config.telegram_token:
        return None
    from telegram import Bot

    bot = Bot(
        config.telegram_token.get_secret_value(),
        base_url=config.telegram_base_url(),
        base_file_url=config.telegram_base_file_url(),
    )

    async def fetch(ref) -> bytes:
        file = await bot.get_file(ref.ref)
        return bytes(await file.download_as_bytearray())

    return fetch


def cmd_web(args) -> int:
    """Serve the dashboard until interrupted (or print a login link with --link)."""
    config = _config(args)
    from bot.compose import protect_logs
    from bot.web_runtime import build_dashboard, make_server
    from handlers.web.app import create_app
    from storage.db import open_db
    from storage.people import get_person

    protect_logs(config)
    db = open_db(config.db_path)
    dashboard = build_dashboard(db, config, fetch_file=_telegram_files(config))
    if args.link is not None:
        person = get_person(db, args.link)
        if person is None or not person.active:
            print(f"planbot: no active person with id {args.link}", file=sys.stderr)
            return 1
        print(dashboard.link_for(person))
        return 0
    print(f"dashboard: {config.web_base_url()} (Ctrl-C stops)", file=sys.stderr)
    server = make_server(create_app(dashboard), config)
    with contextlib.suppress(KeyboardInterrupt):
        server.run()
    return 0


def register(subparsers) -> None:
    web = subparsers.add_parser("web", help="chạy bảng điều khiển web (cổng PLANBOT_WEB_PORT, mặc định 8080)")
    web.add_argument("--port", type=int, default=None, help="cổng (mặc định: $PLANBOT_WEB_PORT hoặc 8080)")
    web.add_argument(
        "--host", default=None, help="địa chỉ lắng nghe (mặc định: $PLANBOT_WEB_LISTEN hoặc 127.0.0.1)"
    )
    web.add_argument(
        "--link",
        type=int,
        default=None,
        metavar="MÃ_NGƯỜI",
        help="in ra đường dẫn đăng nhập dùng một lần rồi thoát",
    )
    web.set_defaults(func=cmd_web)

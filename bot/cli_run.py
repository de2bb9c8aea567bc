"""`planbot run [--webhook URL]` (the Telegram bot, with Zalo beside it when ZALO_BOT_TOKEN is set; Zalo
alone when only that token is set) and `planbot run-or-console` (the bot when a token is set, else the
terminal chat with the demo plan)."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys

from bot.config import ConfigError, load_config

logger = logging.getLogger(__name__)


def _config(args):
    """The validated config with --db applied; on bad config print one line and exit 2."""
    try:
        config = load_config()
    except ConfigError as exc:
        print(f"planbot: config error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    if getattr(args, "db", None):
        config = dataclasses.replace(config, db_path=args.db)
    return config


def _run_zalo_only(config) -> int:
    from bot.app import run_zalo_only

    return run_zalo_only(config)


def cmd_run(args) -> int:
    """Run the Telegram bot (long polling, or a webhook with --webhook URL)."""
    config = _config(args)
    if not config.telegram_token and config.zalo_token and not args.webhook:
        logging.getLogger().setLevel(logging.INFO if not args.verbose else logging.DEBUG)
        return _run_zalo_only(config)
    if not config.telegram_token:
        print(
            "planbot: config error: TELEGRAM_BOT_TOKEN is not set (put it in the environment or .env; "
            "without a token use `planbot console --demo`)",
            file=sys.stderr,
        )
        return 2
    logging.getLogger().setLevel(logging.INFO if not args.verbose else logging.DEBUG)
    from telegram.error import InvalidToken

    from bot.app import run
    from bot.log_redaction import protect_logs

    protect_logs(config)
    try:
        return run(config, webhook_url=args.webhook)
    except InvalidToken:
        print(
            "planbot: Telegram rejected TELEGRAM_BOT_TOKEN (check it with @BotFather, then restart).",
            file=sys.stderr,
        )
        return 2


DEMO_DB = "planbot-demo.db"  # the terminal demo never touches the user's own knowledge base


def cmd_run_or_console(args) -> int:
    """The bot when a token is configured, else the terminal chat over the bundled sample plan."""
    config = _config(args)
    if config.telegram_token or config.zalo_token:
        args.webhook = None
        return cmd_run(args)
    from bot import cli_console

    print(
        f"TELEGRAM_BOT_TOKEN is not set: starting the terminal chat over the sample plan, in its own "
        f"database {DEMO_DB} (your {config.db_path} is not touched).",
        file=sys.stderr,
    )
    demo = argparse.Namespace(db=DEMO_DB, demo=True, unit=None, today=None, lang="vi")
    return cli_console.cmd_console(demo)


def register(subparsers) -> None:
    run = subparsers.add_parser(
        "run", help="chạy bot Telegram và/hoặc Zalo (polling; --webhook URL để dùng webhook)"
    )
    run.add_argument(
        "--webhook", metavar="URL", default=None, help="địa chỉ HTTPS công khai cho webhook của Telegram"
    )
    run.set_defaults(func=cmd_run)
    either = subparsers.add_parser(
        "run-or-console",
        help="chạy bot nếu có TELEGRAM_BOT_TOKEN/ZALO_BOT_TOKEN, nếu không thì trò chuyện trong cửa sổ dòng lệnh",
    )
    either.set_defaults(func=cmd_run_or_console)

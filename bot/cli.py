"""`planbot` command line: one parser, subcommands contributed by feature modules.

Each module in `SUBCOMMAND_MODULES` exposes `register(subparsers)`, which adds its subcommands and sets
`func` (called with the parsed args, returning an exit code) on each of them.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from storage.db import default_db_path

SUBCOMMAND_MODULES = (
    "bot.cli_kb",  # ingest, export
    "bot.cli_ask",  # ask, console
    "bot.cli_people",  # users, invite
    "bot.cli_run",  # run, run-or-console
    "bot.cli_reminders",  # reminders preview
    "bot.cli_console",  # console (terminal chat)
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="planbot", description="Trợ lý kế hoạch chuyển đổi số (planbot).")
    parser.add_argument(
        "--db", default=None, help="SQLite database file (default: $PLANBOT_DB or planbot.db)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue  # feature not built yet
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.db is None:
        args.db = default_db_path()
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())

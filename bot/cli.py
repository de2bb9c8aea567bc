"""`planbot` command line: one parser, subcommands contributed by feature modules.

Each module in `SUBCOMMAND_MODULES` exposes `register(subparsers)`, which adds its subcommands and sets
`func` (called with the parsed args, returning an exit code) on each of them.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from bot import cli_ask, cli_console, cli_kb, cli_orgs, cli_people, cli_reminders, cli_report, cli_run
from storage.db import default_db_path

SUBCOMMAND_MODULES = (
    cli_kb,  # ingest, export
    cli_ask,  # ask
    cli_people,  # users, invite
    cli_run,  # run, run-or-console
    cli_reminders,  # reminders preview
    cli_console,  # console (terminal chat)
    cli_report,  # report monthly|quarterly|yearly|tracker|chart|calendar
    cli_orgs,  # orgs list, orgs set-parent
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="planbot", description="Trợ lý kế hoạch chuyển đổi số (planbot).")
    parser.add_argument(
        "--db", default=None, help="SQLite database file (default: $PLANBOT_DB or planbot.db)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in SUBCOMMAND_MODULES:
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
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`planbot ask ... | head`): stop quietly, like any Unix filter. Point
        # stdout at /dev/null so the interpreter's own flush at exit does not fail a second time.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())

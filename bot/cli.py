"""`planbot` command line: one parser, subcommands contributed by feature modules.

Each module in `SUBCOMMAND_MODULES` exposes `register(subparsers)`, which adds its subcommands and sets
`func` (called with the parsed args, returning an exit code) on each of them.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from bot import (
    cli_archive,
    cli_ask,
    cli_backup,
    cli_console,
    cli_kb,
    cli_orgs,
    cli_people,
    cli_plans,
    cli_reminders,
    cli_report,
    cli_run,
    cli_web,
)
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
    cli_archive,  # archive list, archive restore (tasks removed by a re-ingest)
    cli_backup,  # backup, restore
    cli_plans,  # plans list|remove, units list
    cli_web,  # web (the dashboard alone)
)


class _VietnameseFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


class VietnameseArgumentParser(argparse.ArgumentParser):
    """argparse with its own words in Vietnamese too (usage, section titles, -h, errors), so that the help
    of every subcommand reads in one language; subcommands are built with the same class."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _VietnameseFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "đối số"
        self._optionals.title = "tùy chọn"
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS, help="hiện hướng dẫn này rồi thoát"
        )

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = VietnameseArgumentParser(prog="planbot", description="Trợ lý kế hoạch chuyển đổi số (planbot).")
    parser.add_argument(
        "--db", default=None, help="tệp cơ sở dữ liệu SQLite (mặc định: $PLANBOT_DB hoặc planbot.db)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="ghi cả thông báo gỡ lỗi")
    subparsers = parser.add_subparsers(dest="command", metavar="LỆNH", title="các lệnh")
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

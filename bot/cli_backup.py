"""`planbot backup FILE` and `planbot restore FILE`: a consistent copy of the database while the bot
runs, and putting one back after checking it (storage.backup)."""

from __future__ import annotations

import sys

from knowledge.messages import t


def cmd_backup(args) -> int:
    from storage.backup import BackupError, backup_database
    from storage.db import open_db

    open_db(args.db).conn.close()  # creates and migrates a database that does not exist yet
    try:
        info = backup_database(args.db, args.file)
    except BackupError as exc:
        print(t(args.lang, exc.key, **exc.values), file=sys.stderr)
        return 1
    print(
        t(args.lang, "backup.done", db=args.db, file=info.path, size=info.size // 1024, version=info.version)
    )
    return 0


def cmd_restore(args) -> int:
    from storage.backup import BackupError, restore_database
    from storage.db import open_db

    try:
        version, kept = restore_database(args.file, args.db)
    except BackupError as exc:
        print(t(args.lang, exc.key, **exc.values), file=sys.stderr)
        return 1
    open_db(args.db).conn.close()  # an older backup's schema is brought up to date
    print(t(args.lang, "restore.done", db=args.db, file=args.file, version=version, kept=kept or "—"))
    return 0


def register(subparsers) -> None:
    backup = subparsers.add_parser(
        "backup", help="sao lưu cơ sở dữ liệu sang một tệp (bản sao nhất quán cả khi bot đang chạy)"
    )
    backup.add_argument("file", metavar="TỆP")
    backup.add_argument("--lang", default="vi", choices=("vi", "en"))
    backup.set_defaults(func=cmd_backup)
    restore = subparsers.add_parser(
        "restore",
        help="thay cơ sở dữ liệu bằng một bản sao lưu (kiểm tra trước, giữ lại bản hiện tại); nên dừng bot trước",
    )
    restore.add_argument("file", metavar="TỆP")
    restore.add_argument("--lang", default="vi", choices=("vi", "en"))
    restore.set_defaults(func=cmd_restore)

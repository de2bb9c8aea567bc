"""`planbot archive list` and `planbot archive restore`: the tasks a re-ingest removed, and getting
them back with their history (storage.task_archive)."""

from __future__ import annotations

import sys

from knowledge.messages import t


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def cmd_archive_list(args) -> int:
    from storage.db import open_db
    from storage.task_archive import list_archived

    db = open_db(args.db)
    try:
        rows = list_archived(db, plan_number=args.plan, include_restored=args.all)
    finally:
        db.conn.close()
    if not rows:
        print(t(args.lang, "archive.none"))
        return 0
    for row in rows:
        print(
            t(
                args.lang,
                "archive.row",
                id=row.id,
                plan=row.plan_number or row.plan_id,
                code=row.code or "",
                content=_short(row.content),
                updates=row.updates,
                archived_at=row.archived_at,
                source=row.source_file or "—",
            )
        )
    return 0


def cmd_archive_restore(args) -> int:
    from storage.db import open_db
    from storage.errors import NotFound
    from storage.task_archive import AlreadyRestored, list_archived, restore_task

    lang = args.lang
    db = open_db(args.db)
    try:
        plans = {}
        ids = list(args.ids)
        if args.plan:
            found = list_archived(db, plan_number=args.plan)
            ids += [row.id for row in reversed(found)]  # oldest first: positions follow archive order
            plans.update((row.id, row.plan_number) for row in found)
        if not ids:
            print(t(lang, "archive.nothing_named"), file=sys.stderr)
            return 2
        failed = 0
        for archive_id in ids:
            try:
                restored = restore_task(db, archive_id)
            except NotFound:
                failed += 1
                print(t(lang, "archive.not_found", id=archive_id), file=sys.stderr)
                continue
            except AlreadyRestored:
                failed += 1
                print(t(lang, "archive.already_restored", id=archive_id), file=sys.stderr)
                continue
            number = plans.get(archive_id) or _plan_number(db, restored.task_id)
            key = "archive.merged" if restored.merged else "archive.restored"
            print(
                t(lang, key, id=archive_id, plan=number, task_id=restored.task_id, updates=restored.updates)
            )
    finally:
        db.conn.close()
    return 1 if failed else 0


def _plan_number(db, task_id: int) -> str:
    from storage.task_archive import plan_number_of_task

    return plan_number_of_task(db, task_id) or "—"


def register(subparsers) -> None:
    archive = subparsers.add_parser("archive", help="nhiệm vụ bị bỏ khi nạp lại kế hoạch: xem và khôi phục")
    actions = archive.add_subparsers(dest="archive_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="liệt kê nhiệm vụ trong lưu trữ")
    listing.add_argument("--plan", default=None, metavar="SỐ", help="chỉ kế hoạch này (vd. 47a/KH-UBND)")
    listing.add_argument("--all", action="store_true", help="cả những nhiệm vụ đã khôi phục")
    listing.add_argument("--lang", default="vi", choices=("vi", "en"))
    listing.set_defaults(func=cmd_archive_list)
    restore = actions.add_parser("restore", help="khôi phục nhiệm vụ (cùng lịch sử tiến độ) vào kế hoạch")
    restore.add_argument("ids", nargs="*", type=int, metavar="ID", help="số lưu trữ (cột # khi liệt kê)")
    restore.add_argument("--plan", default=None, metavar="SỐ", help="mọi nhiệm vụ lưu trữ của kế hoạch này")
    restore.add_argument("--lang", default="vi", choices=("vi", "en"))
    restore.set_defaults(func=cmd_archive_restore)

"""`planbot ingest` and `planbot export`: the knowledge base from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from knowledge.messages import t

# Picked up inside folders. Photos (.jpg, .png) are read when named one by one: a folder of photos is
# usually one plan's pages, not one plan each. Scans (image-only PDFs, TIFF) are read by OCR (bot.ocr).
SUPPORTED = (".txt", ".docx", ".pdf", ".tif", ".tiff")


def expand_paths(paths: list[str]) -> list[Path]:
    """Files named, plus the supported files inside named folders (sorted)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED))
        else:
            files.append(path)
    return files


def cmd_ingest(args) -> int:
    from tqdm import tqdm

    from bot.ingest import ingest_files
    from storage.db import open_db

    lang = args.lang
    db = open_db(args.db)
    files = expand_paths(args.paths)
    if not files:
        print(t(lang, "kb.no_files"), file=sys.stderr)
        return 1
    show_bar = len(files) > 1 and sys.stderr.isatty()

    def ocr_progress(path: Path, page: int, pages: int) -> None:
        print(
            f"{path.name}: {t(lang, 'doc.ocr_progress', page=page, pages=pages)}", file=sys.stderr, flush=True
        )

    outcomes = ingest_files(
        db,
        files,
        workers=args.workers,
        progress=ocr_progress,
        allow_removals=args.allow_removals,
    )
    progress = tqdm(outcomes, total=len(files), disable=not show_bar, unit="tệp", file=sys.stderr)
    tally = {"done": 0, "failed": 0}
    try:
        _report(progress, lang, tally)
    except KeyboardInterrupt:
        # Ctrl-C: every file reported so far is saved (one transaction each), the one in progress is not.
        progress.close()
        print(t(lang, "kb.interrupted", done=tally["done"], total=len(files)), file=sys.stderr)
        return 130
    finally:
        db.conn.close()
    return 1 if tally["failed"] else 0


def _report(outcomes, lang: str, tally: dict[str, int]) -> None:
    """Print each file's summary (or why it was refused or held), counting files done and refused in
    `tally`."""
    from bot.ingest import NoTasksFound

    for outcome in outcomes:
        tally["done"] += 1
        path, parsed, result = outcome.path, outcome.parsed, outcome.result
        if outcome.held is not None:
            tally["failed"] += 1
            _print_held(lang, outcome.held, path)
            continue
        if isinstance(outcome.error, NoTasksFound):
            tally["failed"] += 1
            print(t(lang, "kb.no_tasks", file=path), file=sys.stderr)
            continue
        if outcome.error is not None:
            tally["failed"] += 1
            reason = outcome.error.message(lang).rstrip(".")
            print(t(lang, "kb.file_error", file=path, reason=reason), file=sys.stderr)
            continue
        key = "kb.summary_created" if result.created else "kb.summary_updated"
        print(
            t(
                lang,
                key,
                number=result.number or path.name,
                tasks=result.tasks,
                with_lead=result.with_lead,
                with_deadline=result.with_deadline,
                kept=result.kept_history,
            )
        )
        _print_changes(lang, result.changes)
        for problem in parsed.problems:
            print(t(lang, "kb.warning", file=path.name, problem=problem), file=sys.stderr)


def _print_held(lang: str, changes, path: Path) -> None:
    """Why a file was not saved (tasks with history would go, or it is much smaller), and how to confirm."""
    from bot import reingest_text

    print(reingest_text.held_line(lang, changes, str(path)), file=sys.stderr)
    for line in reingest_text.removed_lines(lang, changes):
        print("  - " + line, file=sys.stderr)
    if changes.much_smaller:
        print(reingest_text.smaller_line(lang, changes), file=sys.stderr)
    print(t(lang, "reingest.cli_confirm"), file=sys.stderr)


def _print_changes(lang: str, changes) -> None:
    """What an update changed: kept, changed, added, removed (and where the removed tasks went)."""
    from bot import reingest_text

    if changes is None:
        return
    print("  " + reingest_text.changes_line(lang, changes))
    if changes.removed:
        print("  " + reingest_text.archived_line(lang, changes))


def cmd_export(args) -> int:
    from storage.db import open_db
    from storage.plans import export_plans

    db = open_db(args.db)
    json.dump(export_plans(db), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def register(subparsers) -> None:
    ingest = subparsers.add_parser(
        "ingest", help="nạp kế hoạch (.txt, .docx, .pdf, ảnh quét) vào cơ sở dữ liệu"
    )
    ingest.add_argument(
        "paths",
        nargs="+",
        metavar="TỆP_HOẶC_THƯ_MỤC",
        help="tệp kế hoạch, hoặc thư mục chứa các tệp kế hoạch",
    )
    ingest.add_argument("--lang", default="vi", choices=("vi", "en"), help="ngôn ngữ của kết quả in ra")
    ingest.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="tiến trình đọc tệp song song (mặc định: số nhân CPU; 1 = tuần tự)",
    )
    ingest.add_argument(
        "--allow-removals",
        action="store_true",
        help="cho phép bỏ nhiệm vụ đã có tiến độ, hoặc thay kế hoạch bằng tệp nhỏ hơn nhiều"
        " (nhiệm vụ bị bỏ được lưu trữ, khôi phục bằng `planbot archive restore`)",
    )
    ingest.set_defaults(func=cmd_ingest)
    export = subparsers.add_parser("export", help="xuất cơ sở dữ liệu kế hoạch")
    export.add_argument("--json", action="store_true", default=True, help="dạng JSON (dạng duy nhất)")
    export.set_defaults(func=cmd_export)

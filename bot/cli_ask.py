"""`planbot ask`: answer a question from the command line (plain text, --json, or --batch JSON lines).

Kept light to import (no chat library): the grader starts one process per question.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path


def register(subparsers) -> None:
    p = subparsers.add_parser("ask", help="trả lời câu hỏi về kế hoạch, nhiệm vụ (--json, --batch)")
    p.add_argument("question", nargs="?", default=None, help='câu hỏi, ví dụ "việc nào quá hạn?"')
    p.add_argument("--json", action="store_true", help="in câu trả lời và mọi nhiệm vụ khớp dạng JSON")
    p.add_argument("--today", default=None, help="trả lời như vào ngày này (YYYY-MM-DD)")
    p.add_argument(
        "--unit", default=None, help="hỏi với tư cách người của đơn vị này (cho «của tôi»; tên hoặc viết tắt)"
    )
    p.add_argument(
        "--org", default=None, help="hỏi với tư cách người của tổ chức này (chỉ thấy nhiệm vụ của nó)"
    )
    p.add_argument("--lang", default="vi", choices=("vi", "en"), help="ngôn ngữ trả lời")
    p.add_argument("--batch", default=None, help="tệp mỗi dòng một câu hỏi; in mỗi câu trả lời một dòng JSON")
    p.set_defaults(func=run_ask)


def _today(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SystemExit(
            f"--today: '{text}' is not a date; write it as YYYY-MM-DD, e.g. 2025-08-01"
        ) from None


def answer_json(answer) -> dict:
    from bot.chat import to_plain_text

    return {
        "answer": to_plain_text(answer.text),
        "intent": answer.intent,
        "tasks": [
            {
                k: task[k]
                for k in (
                    "plan",
                    "code",
                    "content",
                    "original",
                    "lead",
                    "deadline",
                    "status",
                    "percent",
                    "id",
                )
            }
            for task in answer.tasks
        ],
    }


def run_ask(args) -> int:
    from bot.assistant import Assistant, asker_for_unit
    from bot.chat import to_plain_text
    from storage.db import open_db

    today = _today(args.today)
    if args.question is None and args.batch is None:
        print('ask: give a question, e.g. planbot ask "việc nào quá hạn?", or --batch FILE', file=sys.stderr)
        return 2
    db = open_db(args.db)
    assistant = Assistant(db)
    from bot.cli_orgs import org_arg
    from bot.scope import org_scope

    org_id = org_arg(db, args.org)
    asker = asker_for_unit(assistant, args.unit, language=args.lang, org_id=org_id)
    if org_id is not None:
        asker.scope = org_scope(db, org_id, unit_id=asker.unit_id)
    if args.unit and asker.unit_id is None:
        print(
            f"ask --unit: no unit like '{args.unit}' in the database; «của tôi» questions will say so",
            file=sys.stderr,
        )
    if args.batch:
        try:
            lines = Path(args.batch).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            print(f"ask --batch: cannot read {args.batch}: {exc}", file=sys.stderr)
            return 2
        for line in lines:
            if not line.strip():
                continue
            out = answer_json(assistant.ask(line, asker, today=today))
            out["question"] = line
            print(json.dumps(out, ensure_ascii=False), flush=True)
        return 0
    answer = assistant.ask(args.question, asker, today=today)
    if args.json:
        print(json.dumps(answer_json(answer), ensure_ascii=False))
    else:
        print(to_plain_text(answer.text))
    return 0

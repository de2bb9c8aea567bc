"""Shared helpers for the core/Telegram tests: a small knowledge base written with SQL, a stand-in
assistant that follows the bot.assistant contract (so the core's tests do not depend on QA ranking), and
Incoming factories."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from bot import actions
from bot.chat import Button, Incoming, Reply
from bot.clock import FixedClock
from knowledge.fold import fold_words
from storage.db import transaction

TODAY = date(2026, 11, 23)
UNITS = ("Phòng Văn hóa – Xã hội", "Phòng Kinh tế", "Văn phòng HĐND và UBND")


def seed_plan(db) -> dict:
    """Three units, one plan, five tasks (one overdue, one due soon, one done, one undated, one support)."""
    ids: dict = {}
    with transaction(db):
        for name in UNITS:
            ids[name] = db.execute(
                "INSERT INTO units (name, folded) VALUES (?, ?)", [name, fold_words(name)]
            ).lastrowid
        plan = db.execute(
            "INSERT INTO plans (number, number_key, issuer, title, ingested_at) VALUES (?, ?, ?, ?, ?)",
            ["47/KH-UBND", "47/kh-ubnd", "UBND", "Kế hoạch chuyển đổi số", datetime.now(UTC).isoformat()],
        ).lastrowid
        tasks = [
            ("1", "Số hóa sổ hộ tịch", "Phòng Văn hóa – Xã hội", "2026-11-01", "hoàn thành trước 01/11/2026"),
            (
                "2",
                "Tuyên truyền về chuyển đổi số",
                "Phòng Văn hóa – Xã hội",
                "2026-11-27",
                "trước 27/11/2026",
            ),
            (
                "3",
                "Triển khai thanh toán không dùng tiền mặt",
                "Phòng Kinh tế",
                "2026-12-31",
                "trong năm 2026",
            ),
            ("4", "Rà soát thủ tục hành chính trực tuyến", "Văn phòng HĐND và UBND", None, "thường xuyên"),
            ("5", "Xây dựng kho dữ liệu dùng chung", "Phòng Kinh tế", "2026-10-01", "trước 01/10/2026"),
        ]
        for pos, (code, content, lead, due, deadline_text) in enumerate(tasks):
            task_id = db.execute(
                "INSERT INTO tasks (plan_id, task_key, code, content, content_folded, lead_unit_id, lead_text, "
                "deadline_kind, due_date, deadline_text, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    plan,
                    f"k{code}",
                    code,
                    content,
                    fold_words(content),
                    ids[lead],
                    lead,
                    "date" if due else "recurring",
                    due,
                    deadline_text,
                    pos,
                ],
            ).lastrowid
            ids[f"task{code}"] = task_id
            db.execute(
                "INSERT INTO task_units (task_id, unit_id, role) VALUES (?, ?, 'lead')", [task_id, ids[lead]]
            )
        # Task 3 is supported by Văn hóa – Xã hội too.
        db.execute(
            "INSERT INTO task_units (task_id, unit_id, role) VALUES (?, ?, 'support')",
            [ids["task3"], ids["Phòng Văn hóa – Xã hội"]],
        )
    ids["plan"] = plan
    return ids


@dataclass
class Answer:
    intent: str
    tasks: list = field(default_factory=list)
    replies: list = field(default_factory=list)


class StubAssistant:
    """Answers from the tasks table by substring, with task-details buttons ("td:<id>"), like the real
    assistant's contract. Records every asker it saw (to check group anonymity)."""

    def __init__(self, db, clock=None):
        self.db = db
        self.askers = []

    def _tasks(self, where="1=1", params=()):
        rows = self.db.execute(
            f"SELECT id, code, content, status, percent FROM tasks WHERE {where} ORDER BY id", params
        )
        return [{"id": r[0], "code": r[1], "content": r[2], "status": r[3], "percent": r[4]} for r in rows]

    def _reply(self, title, tasks):
        text = title + "\n" + "\n".join(f"• {html.escape(t['content'])}" for t in tasks)
        buttons = [[Button(t["content"][:30], actions.build("td", t["id"]))] for t in tasks]
        return Reply(text, buttons=buttons)

    def ask(self, text, asker, *, today=None):
        self.askers.append(asker)
        words = fold_words(text)
        tasks = [
            t
            for t in self._tasks()
            if any(w in fold_words(t["content"]) for w in words.split() if len(w) > 3)
        ]
        return Answer("search", tasks, [self._reply(f"Kết quả cho: {html.escape(text)}", tasks)])

    def on_action(self, action, asker, *, today=None):
        if action.verb != "td":
            return None
        return self.task_details(action.int_arg(0), asker, today=today)

    def task_details(self, task_id, asker, *, today=None):
        tasks = self._tasks("id = ?", [task_id])
        if not tasks:
            return [Reply("Không tìm thấy nhiệm vụ.")]
        return [
            Reply(f"<b>{html.escape(tasks[0]['content'])}</b>\nTrạng thái: {tasks[0]['status']}", edit=True)
        ]

    def my_tasks(self, asker, today):
        self.askers.append(asker)
        if asker.unit_id is None:
            return [Reply("Bạn chưa thuộc đơn vị nào.")]
        return [self._reply("Nhiệm vụ của tôi:", self._tasks("lead_unit_id = ?", [asker.unit_id]))]

    def due_soon(self, asker, today, days=7):
        return [
            self._reply(
                "Sắp hết hạn:", self._tasks("due_date >= ? AND status != 'done'", [today.isoformat()])
            )
        ]

    def overdue(self, asker, today):
        return [
            self._reply("Quá hạn:", self._tasks("due_date < ? AND status != 'done'", [today.isoformat()]))
        ]


def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 23, 9, 0))


def incoming(
    sender="100",
    text=None,
    *,
    action=None,
    chat=None,
    file=None,
    group=False,
    mentioned=False,
    name="Nguyễn Văn A",
    language="vi",
    channel="telegram",
) -> Incoming:
    return Incoming(
        channel=channel,
        chat_id=str(chat if chat is not None else sender),
        sender_id=str(sender),
        sender_name=name,
        text=text,
        action=action,
        file=file,
        is_group=group,
        mentioned=mentioned,
        language=language,
        today=TODAY,
    )


def buttons_of(replies) -> list:
    return [b for reply in replies for row in reply.buttons for b in row]


def button(replies, label_part: str):
    for b in buttons_of(replies):
        if label_part in b.label:
            return b
    raise AssertionError(f"no button {label_part!r} in {[b.label for b in buttons_of(replies)]}")

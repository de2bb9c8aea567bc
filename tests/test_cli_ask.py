"""`planbot ask`: plain text, --json with all matching tasks, --unit, --today, --batch, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import cli
from storage.db import open_db
from tests import qa_world


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "kb.db"
    db = open_db(path)
    qa_world.build(db, many=True)
    db.conn.close()
    return str(path)


def run(capsys, *argv):
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_ask_plain_text(db_path, capsys):
    code, out, _ = run(capsys, "--db", db_path, "ask", "--today", "2025-09-05", "việc nào quá hạn?")
    assert code == 0 and "quá hạn" in out and "<b>" not in out


def test_ask_json_lists_all_matching_tasks_best_first(db_path, capsys):
    code, out, _ = run(
        capsys, "--db", db_path, "ask", "--json", "--today", "2025-08-01", "phong kinh te lam gi"
    )
    data = json.loads(out)
    assert code == 0 and data["intent"] == "list" and len(data["tasks"]) == 27
    task = data["tasks"][0]
    assert set(task) >= {"plan", "code", "content", "lead", "deadline"}
    assert set(task["deadline"]) >= {"kind", "due", "text"}
    assert task["lead"] == "Phòng Kinh tế" and "trang 1/3" in data["answer"]


@pytest.mark.parametrize(
    ("question", "top"),
    [
        ("ai chủ trì làm sạch dữ liệu hộ tịch?", "3.1"),
        ("han chot kiost y te thong minh", "3.2"),
        ("STEM", "4.1"),
    ],
)
def test_ask_json_top_task(db_path, capsys, question, top):
    _, out, _ = run(capsys, "--db", db_path, "ask", "--json", question)
    assert json.loads(out)["tasks"][0]["code"] == top


def test_ask_as_a_unit(db_path, capsys):
    _, out, _ = run(
        capsys,
        "--db",
        db_path,
        "ask",
        "--json",
        "--today",
        "2025-08-25",
        "--unit",
        "phong kinh te",
        "nhiệm vụ của tôi sắp đến hạn",
    )
    assert json.loads(out)["tasks"][0]["code"] == "2.1"


def test_ask_matching_nothing_still_answers(db_path, capsys):
    _, out, _ = run(capsys, "--db", db_path, "ask", "--json", "blockchain lượng tử")
    data = json.loads(out)
    assert data["tasks"] == [] and "Không tìm thấy" in data["answer"]


def test_batch_answers_each_line(db_path, capsys, tmp_path):
    batch = tmp_path / "q.txt"
    batch.write_text("STEM\n\nviệc nào quá hạn\nkế hoạch 47a ban hành ngày nào\n", encoding="utf-8")
    code, out, _ = run(capsys, "--db", db_path, "ask", "--today", "2025-09-05", "--batch", str(batch))
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [x["question"] for x in lines] == [
        "STEM",
        "việc nào quá hạn",
        "kế hoạch 47a ban hành ngày nào",
    ]
    assert lines[0]["tasks"][0]["code"] == "4.1" and "11/7/2025" in lines[2]["answer"]


@pytest.mark.parametrize("bad", ["2026-02-31", "31/2/2026", "hôm qua"])
def test_bad_today_is_explained(db_path, capsys, bad):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--db", db_path, "ask", "--today", bad, "việc nào quá hạn"])
    assert "YYYY-MM-DD" in str(exc.value)


def test_missing_question_and_unreadable_batch(db_path, capsys, tmp_path):
    assert run(capsys, "--db", db_path, "ask")[0] == 2
    code, _, err = run(capsys, "--db", db_path, "ask", "--batch", str(tmp_path / "none.txt"))
    assert code == 2 and "cannot read" in err


def test_ask_imports_no_chat_library():
    import subprocess
    import sys

    probe = "import sys, bot.cli_ask, bot.assistant; print('telegram' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_output_cut_short_by_the_reader_prints_no_traceback(db_path):
    """`planbot ask ... | head -1`: the reader closes the pipe early; no BrokenPipeError traceback."""
    import subprocess
    import sys

    questions = "\n".join(["phong kinh te lam gi"] * 200) + "\n"
    batch = Path(db_path).parent / "questions.txt"
    batch.write_text(questions, encoding="utf-8")
    command = [sys.executable, "-m", "bot.cli", "--db", db_path, "ask", "--today", "2025-08-01"]
    proc = subprocess.Popen([*command, "--batch", str(batch)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()  # what `head -1` does after its line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err, err

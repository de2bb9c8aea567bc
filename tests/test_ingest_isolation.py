"""`planbot ingest DIR` with hostile files: every good file saved, the bad ones reported, exit 1; killed
with SIGKILL mid-run, it leaves no process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from bot import cli
from bot.ingest import MIN_FILES_FOR_POOL
from storage.db import open_db
from tests import hostile_documents as hostile


def hostile_folder(tmp_path, sample_plan_path, good: int):
    folder = tmp_path / "plans"
    folder.mkdir()
    text = sample_plan_path.read_text(encoding="utf-8")
    for i in range(good):
        (folder / f"{i:03d}_plan.txt").write_text(text.replace("Số: 112/", f"Số: {700 + i}/"), "utf-8")
    (folder / "004_cut.txt").write_bytes(text.encode("utf-16")[:-1])
    hostile.list_level_x(folder / "005_ilvl.docx")
    hostile.styles_based_on_each_other(folder / "006_styles.docx")
    hostile.roman_numbering_from_999999999999(folder / "007_roman.docx")
    return folder


@pytest.mark.parametrize("workers", ["1", "2"])
def test_folder_ingest_saves_every_good_file_and_reports_the_bad(tmp_path, sample_plan_path, capsys, workers):
    folder = hostile_folder(tmp_path, sample_plan_path, MIN_FILES_FOR_POOL)
    db_path = tmp_path / "kb.db"
    code = cli.main(["--db", str(db_path), "ingest", "--workers", workers, str(folder)])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err and "004_cut.txt" in err
    db = open_db(db_path)
    try:
        numbers = [row[0] for row in db.execute("SELECT number FROM plans WHERE number LIKE '7__/%'")]
        assert len(numbers) == MIN_FILES_FOR_POOL  # every good plan; the crafted .docx read as their text
    finally:
        db.conn.close()


def _session_processes(sid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":  # session id; zombies hold nothing open
            found.append(int(entry))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigkill_mid_ingest_leaves_no_process_behind(tmp_path, sample_plan_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    text = sample_plan_path.read_text(encoding="utf-8")
    for i in range(400):
        (folder / f"{i:03d}.txt").write_text(text.replace("Số: 112/", f"Số: {1000 + i}/"), "utf-8")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "--db",
            str(tmp_path / "kb.db"),
            "ingest",
            "--workers",
            "2",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own session: every process it starts can be found after
    )
    deadline = time.monotonic() + 60
    while len(_session_processes(proc.pid)) < 4 and time.monotonic() < deadline:  # it, forkserver, workers
        time.sleep(0.1)
    assert len(_session_processes(proc.pid)) >= 4, "the workers never started"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while _session_processes(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _session_processes(proc.pid) == []

"""`planbot run-or-console` without a token: the terminal chat over the sample plan, in its own database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_demo_uses_its_own_database_and_says_so(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "PLANBOT_", "ZALO_"))}
    env["PYTHONPATH"] = str(ROOT)
    user_db = tmp_path / "planbot.db"
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--db", str(user_db), "run-or-console"],
        cwd=tmp_path,
        env=env,
        input="việc nào quá hạn?\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "planbot-demo.db" in result.stderr
    assert (tmp_path / "planbot-demo.db").exists()
    assert not user_db.exists()
    assert result.stdout.strip()

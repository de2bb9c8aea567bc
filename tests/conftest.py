"""Shared fixtures: a fresh database, paths to the bundled sample plan and to ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from storage.db import open_db

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PLAN = ROOT / "bot" / "data" / "sample_plan.txt"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EVAL = SHARED / "eval"


def shared_required() -> bool:
    return os.environ.get("PLANBOT_REQUIRE_SHARED") == "1"


@pytest.fixture
def fresh_db(tmp_path):
    """A new, migrated database in a temporary file."""
    db = open_db(tmp_path / "planbot.db")
    yield db
    db.conn.close()


@pytest.fixture
def sample_plan_path() -> Path:
    return SAMPLE_PLAN


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """../shared/seeds: skipped with a reason when absent, a failure when PLANBOT_REQUIRE_SHARED=1."""
    if not SEEDS.is_dir():
        if shared_required():
            pytest.fail(f"PLANBOT_REQUIRE_SHARED=1 but {SEEDS} is missing")
        pytest.skip(f"{SEEDS} not found: the shared seed plans sit beside the repository in CI")
    return SEEDS


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    if not EVAL.is_dir():
        if shared_required():
            pytest.fail(f"PLANBOT_REQUIRE_SHARED=1 but {EVAL} is missing")
        pytest.skip(f"{EVAL} not found: the shared evaluation material sits beside the repository in CI")
    return EVAL

"""The command line as a new user meets it: `users add` takes a Zalo id and unit abbreviations (like
`ask --unit`), an unknown unit is answered with the close names and where to see them all, and the help
is in Vietnamese throughout."""

from __future__ import annotations

import argparse

import pytest

from bot.cli import build_parser, main
from storage import people as people_db
from storage.db import open_db
from tests.core_fixtures import seed_plan


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_BOT_USERNAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "p.db"
    db = open_db(path)
    seed_plan(db)
    db.conn.close()
    return str(path)


def test_users_add_takes_an_abbreviation_like_ask(db_path, capsys):
    assert (
        main(["--db", db_path, "users", "add", "--telegram-id", "7", "--name", "Lan", "--unit", "VHXH"]) == 0
    )
    person = people_db.find_by_identity(open_db(db_path), "telegram", "7")
    assert person.unit_name == "Phòng Văn hóa – Xã hội"


def test_users_add_with_a_zalo_id_alone_or_with_telegram(db_path):
    assert (
        main(["--db", db_path, "users", "add", "--zalo-id", "z-123", "--name", "Mai", "--role", "admin"]) == 0
    )
    db = open_db(db_path)
    mai = people_db.find_by_identity(db, "zalo", "z-123")
    assert mai.role == "admin"
    # Both accounts of one person: the Telegram account joins the person the Zalo account belongs to.
    args = ["--telegram-id", "8", "--zalo-id", "z-123", "--name", "Mai", "--role", "leader", "--unit", "KT"]
    assert main(["--db", db_path, "users", "add", *args]) == 0
    db = open_db(db_path)
    assert people_db.find_by_identity(db, "telegram", "8").id == mai.id
    assert people_db.get_person(db, mai.id).unit_name == "Phòng Kinh tế"
    assert len(people_db.list_people(db)) == 1


def test_users_add_needs_an_account(db_path, capsys):
    assert main(["--db", db_path, "users", "add", "--name", "Ai", "--role", "admin"]) == 2
    assert "--zalo-id" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("typed", "close"), [("Văn phòng Đảng ủy", "Văn phòng HĐND và UBND"), ("Phòng Tài chính", None)]
)
def test_unknown_unit_names_close_units_and_where_to_list_them(db_path, capsys, typed, close):
    args = ["users", "add", "--telegram-id", "9", "--name", "A", "--unit", typed]
    assert main(["--db", db_path, *args]) == 1
    err = capsys.readouterr().err
    assert "users list" not in err
    if close:
        assert f"Gần giống: {close}" in err
    assert "planbot units list" in err or "Mọi đơn vị: Phòng Kinh tế" in err
    assert people_db.list_people(open_db(db_path)) == []


def _parsers(parser: argparse.ArgumentParser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _parsers(sub)


def test_cli_help_is_vietnamese_throughout():
    english = []
    for parser in _parsers(build_parser()):
        texts = [parser.description or ""]
        texts += [a.help for a in parser._actions if a.help and a.help != argparse.SUPPRESS]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                texts += [c.help for c in action._choices_actions if c.help]
        for text in texts:
            words = set(text.lower().replace("(", " ").replace(")", " ").replace(",", " ").split())
            english_words = {"the", "a", "an", "of", "to", "and", "or", "for", "show", "print", "run", "file"}
            english_words |= {
                "list",
                "set",
                "put",
                "under",
                "their",
                "make",
                "add",
                "send",
                "with",
                "without",
            }
            if words & english_words:
                english.append(f"{parser.prog}: {text}")
    assert english == []
    usage = build_parser().format_help()
    assert "options:" not in usage and "usage:" not in usage


def test_env_example_loads_and_names_every_setting_the_readme_lists():
    import re
    from pathlib import Path

    from bot.config import load_config

    root = Path(__file__).resolve().parent.parent
    env = {}
    for line in (root / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    load_config(env, dotenv=False)  # the example as shipped is a valid configuration
    readme = (root / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, flags=re.M))
    assert listed and listed <= set(env)


def test_readme_ingest_example_names_a_path_that_exists():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    paths = re.findall(r"planbot --db planbot.db ingest (\S+)", readme)
    assert paths and all((root / p).exists() or p.startswith("~") for p in paths)
    assert "ingest plans/" not in readme

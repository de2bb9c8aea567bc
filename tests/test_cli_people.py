"""`planbot users add|list|import` and `planbot invite`."""

from __future__ import annotations

import json

import pytest

from bot.cli import main
from storage import people as people_db
from storage.db import open_db
from tests.core_fixtures import seed_plan


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_BOT_USERNAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env
    path = tmp_path / "p.db"
    db = open_db(path)
    seed_plan(db)
    db.conn.close()
    return str(path)


def test_users_add_and_list_json(db_path, capsys):
    assert (
        main(
            [
                "--db",
                db_path,
                "users",
                "add",
                "--telegram-id",
                "42",
                "--name",
                "Lê A",
                "--unit",
                "phong kinh te",
                "--role",
                "leader",
            ]
        )
        == 0
    )
    assert main(["--db", db_path, "users", "list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert (
        data[0]["name"] == "Lê A" and data[0]["unit_name"] == "Phòng Kinh tế" and data[0]["role"] == "leader"
    )
    assert data[0]["identities"][0]["external_id"] == "42"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--telegram-id", "42", "--name", "A", "--unit", "Phòng Không Có"], "không có đơn vị"),
        (["--telegram-id", "42", "--name", "A", "--role", "member"], "vai trò không hợp lệ"),
        (["--telegram-id", "abc", "--name", "A", "--role", "admin"], "phải là một số"),
    ],
)
def test_users_add_refuses_bad_input(db_path, capsys, args, message):
    assert main(["--db", db_path, "users", "add", *args]) != 0
    assert message in capsys.readouterr().err
    assert people_db.list_people(open_db(db_path)) == []


def test_import_all_or_nothing(db_path, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "telegram_id,name,unit,role\n"
        "1,Nguyễn A,Phòng Kinh tế,leader\n"
        "2,Trần B,Phòng Ma,member\n"
        "3,Lê C,Phòng Văn hóa – Xã hội,boss\n",
        encoding="utf-8",
    )
    assert main(["--db", db_path, "users", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "dòng 3: không có đơn vị 'Phòng Ma'" in err and "dòng 4" in err and "không nhập gì" in err
    assert people_db.list_people(open_db(db_path)) == []
    good = tmp_path / "good.csv"
    good.write_text(
        "telegram_id,name,unit,role\n1,Nguyễn A,Phòng Kinh tế,leader\n2,Trần B,,admin\n", encoding="utf-8"
    )
    assert main(["--db", db_path, "users", "import", str(good)]) == 0
    assert "đã nhập 2" in capsys.readouterr().out
    assert sorted(p.role for p in people_db.list_people(open_db(db_path))) == ["admin", "leader"]


def test_import_missing_column(db_path, tmp_path, capsys):
    path = tmp_path / "x.csv"
    path.write_text("id,name\n1,A\n", encoding="utf-8")
    assert main(["--db", db_path, "users", "import", str(path)]) == 1
    assert "thiếu cột" in capsys.readouterr().err


def test_invite_prints_a_link(db_path, capsys, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "@xa_bot")
    assert main(["--db", db_path, "invite", "--unit", "Phòng Kinh tế", "--role", "member"]) == 0
    link = capsys.readouterr().out.strip()
    assert link.startswith("https://t.me/xa_bot?start=")
    code = link.split("start=")[1]
    person = people_db.use_invite(
        open_db(db_path), code, channel="telegram", external_id="5", chat_id="5", name="N"
    )
    assert person.unit_name == "Phòng Kinh tế"


def test_invite_without_username_prints_start_command(db_path, capsys):
    assert main(["--db", db_path, "invite", "--role", "admin"]) == 0
    assert capsys.readouterr().out.startswith("/start ")


def test_invite_unknown_unit(db_path, capsys):
    assert main(["--db", db_path, "invite", "--unit", "Phòng Ma", "--role", "member"]) == 1
    assert "không có đơn vị" in capsys.readouterr().err

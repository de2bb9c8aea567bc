"""Typed config: secrets never print, validation errors are one clear line and exit code 2."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from bot.config import ConfigError, Secret, load_config

TOKEN = "123456789:AAHsecretsecretsecretsecret"


def test_defaults_without_token():
    config = load_config({})
    assert not config.telegram_enabled
    assert config.telegram_base_url() == "https://api.telegram.org/bot"
    assert config.db_path == "planbot.db" and config.admins == ()


def test_full_config():
    config = load_config(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/",
            "PLANBOT_DB": "/tmp/x.db",
            "PLANBOT_ADMINS": "111, 222;333",
            "PLANBOT_WEBHOOK_PORT": "8080",
            "ZALO_BOT_TOKEN": "zalo-secret",
        }
    )
    assert config.telegram_token.get_secret_value() == TOKEN
    assert config.telegram_base_url() == "http://127.0.0.1:8081/bot"
    assert config.telegram_base_file_url() == "http://127.0.0.1:8081/file/bot"
    assert config.admins == ("111", "222", "333")
    assert config.webhook_port == 8080 and config.zalo_token.get_secret_value() == "zalo-secret"


def test_secret_never_shows(caplog):
    config = load_config({"TELEGRAM_BOT_TOKEN": TOKEN})
    secret = config.telegram_token
    assert TOKEN not in str(secret) and TOKEN not in repr(secret) and TOKEN not in f"{secret}"
    assert TOKEN not in repr(config)
    with caplog.at_level(logging.INFO):
        logging.getLogger("x").info("config %s %r", config, secret)
    assert TOKEN not in caplog.text
    assert Secret("a") == Secret("a") and bool(Secret("")) is False


@pytest.mark.parametrize(
    "env, word",
    [
        ({"TELEGRAM_BOT_TOKEN": "not a token"}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_API_BASE_URL": "ftp://x"}, "TELEGRAM_API_BASE_URL"),
        ({"PLANBOT_ADMINS": "12,abc"}, "PLANBOT_ADMINS"),
        ({"PLANBOT_WEBHOOK_PORT": "99999"}, "PLANBOT_WEBHOOK_PORT"),
        ({"PLANBOT_TELEGRAM_MAX_RATE": "-1"}, "PLANBOT_TELEGRAM_MAX_RATE"),
        ({"PLANBOT_WEBHOOK_SECRET": "has space"}, "PLANBOT_WEBHOOK_SECRET"),
    ],
)
def test_bad_values_name_the_variable(env, word):
    with pytest.raises(ConfigError) as exc:
        load_config(env)
    assert word in str(exc.value) and "\n" not in str(exc.value)


@pytest.mark.parametrize(
    "env",
    [{"TELEGRAM_BOT_TOKEN": "bad token"}, {"TELEGRAM_BOT_TOKEN": ""}],
)
def test_planbot_run_with_bad_or_missing_token_exits_2_with_one_line(tmp_path, env):
    import os

    full = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "PLANBOT_"))}
    full.update(env, PLANBOT_DB=str(tmp_path / "x.db"))
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        capture_output=True,
        text=True,
        env=full,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "TELEGRAM_BOT_TOKEN" in lines[0]
    assert "Traceback" not in result.stderr


# --- Zalo settings (moved here from tests/test_zalo.py with the settings themselves) ----------------------

ZALO = {"ZALO_BOT_TOKEN": "1:abc"}


def test_zalo_settings_from_the_environment():
    assert load_config({}).zalo is None  # no ZALO_BOT_TOKEN: Zalo is off
    config = load_config(
        {
            **ZALO,
            "ZALO_WEBHOOK_URL": "https://bot.example.invalid/hooks/zalo",
            "ZALO_WEBHOOK_SECRET": "s3cret-token",
            "ZALO_MAX_RATE": "0.5",
            "ZALO_WEBHOOK_PORT": "9000",
        }
    )
    settings = config.zalo
    assert settings.webhook_path == "/hooks/zalo" and settings.max_per_second == 0.5
    assert settings.webhook_port == 9000 and settings.base_url == "https://bot-api.zaloplatforms.com"
    assert settings.webhook_secret.get_secret_value() == "s3cret-token"
    explicit = load_config({**ZALO, "ZALO_API_BASE_URL": "https://bot-api.zapps.me/"}).zalo
    assert explicit.base_url == "https://bot-api.zapps.me"
    assert "1:abc" not in repr(settings) and "s3cret-token" not in repr(config)
    assert "s3cret-token" in config.secrets() and "1:abc" in config.secrets()


@pytest.mark.parametrize(
    "env",
    [
        {"ZALO_WEBHOOK_URL": "https://x.invalid/z"},  # no secret
        {"ZALO_WEBHOOK_URL": "https://x.invalid/z", "ZALO_WEBHOOK_SECRET": "short"},
        {"ZALO_MAX_RATE": "fast"},
        {"ZALO_API_BASE_URL": "bot-api.zaloplatforms.com"},
    ],
)
def test_bad_zalo_settings_are_refused_with_a_clear_message(env):
    with pytest.raises(ConfigError) as info:
        load_config({**ZALO, **env})
    assert "ZALO_" in str(info.value) and "\n" not in str(info.value)
    load_config(env)  # Zalo off: its settings are not read

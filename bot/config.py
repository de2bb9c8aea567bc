"""Typed configuration from the environment (and a `.env` file), validated once at start.

Tokens are `Secret`s: printing, logging or repr-ing one shows `**********`; only the code that builds a
platform client (the composition root, handlers/zalo_runtime.py) calls `.get_secret_value()`. The Zalo
settings (ZALO_*) are read and validated here too when ZALO_BOT_TOKEN is set; `Config.zalo` groups them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlparse

DEFAULT_TELEGRAM_API = "https://api.telegram.org"
# The documented host; bot-api.zapps.me (also seen) is used only when set in ZALO_API_BASE_URL.
DEFAULT_ZALO_API = "https://bot-api.zaloplatforms.com"
_TOKEN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{10,}$")


class ConfigError(ValueError):
    """Missing or bad configuration; the message is one line saying which variable and what to do."""


class Secret:
    """A string that never shows itself in str/repr/format (so never in logs or tracebacks)."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __str__(self) -> str:
        return "**********" if self._value else ""

    __repr__ = lambda self: f"Secret({str(self)!r})"  # noqa: E731

    def __eq__(self, other) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class ZaloSettings:
    """What the Zalo adapter needs (`Config.zalo`): the token stays a Secret until the client is built."""

    token: Secret
    base_url: str = DEFAULT_ZALO_API
    webhook_url: str | None = None  # set → webhook mode; unset → long polling
    webhook_secret: Secret | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8444
    max_per_second: float = 2.0  # Zalo publishes no limit: stay conservative
    per_chat_interval: float = 1.0
    poll_timeout: int = 30

    @property
    def webhook_path(self) -> str:
        return urlparse(self.webhook_url or "").path or "/zalo"


@dataclass(frozen=True)
class Config:
    telegram_token: Secret | None = None
    telegram_api_base_url: str = DEFAULT_TELEGRAM_API
    telegram_bot_username: str | None = None
    # Overall messages/second for PTB's AIORateLimiter (Telegram allows ~30); 0 = no limiter (benchmarks
    # against the fake server measure the bot, not Telegram's cap).
    telegram_max_rate: float = 30.0
    db_path: str = "planbot.db"
    admins: tuple[str, ...] = ()
    zalo_token: Secret | None = None
    zalo_api_base_url: str = DEFAULT_ZALO_API
    zalo_webhook_url: str | None = None
    zalo_webhook_secret: Secret | None = None
    zalo_webhook_listen: str = "0.0.0.0"
    zalo_webhook_port: int = 8444
    zalo_max_rate: float = 2.0
    zalo_per_chat_interval: float = 1.0
    zalo_poll_timeout: int = 30
    webhook_url: str | None = None
    webhook_secret: Secret | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    # The web dashboard (handlers/web): served beside the bots when web_port is set (`planbot run`), or
    # alone (`planbot web`); web_url is its public address, used in login links and the Mini App button.
    web_port: int | None = None
    web_listen: str = "127.0.0.1"
    web_url: str | None = None
    extra: dict = field(default_factory=dict)

    def web_base_url(self) -> str | None:
        """Where people open the dashboard: PLANBOT_WEB_URL, else this machine's port."""
        if self.web_url:
            return self.web_url
        return f"http://localhost:{self.web_port}" if self.web_port else None

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_token)

    def telegram_base_url(self) -> str:
        """PTB `base_url` (the token is appended by PTB)."""
        return _api_root(self.telegram_api_base_url) + "/bot"

    def telegram_base_file_url(self) -> str:
        return _api_root(self.telegram_api_base_url) + "/file/bot"

    @property
    def zalo(self) -> ZaloSettings | None:
        """The Zalo settings, or None when Zalo is off (no ZALO_BOT_TOKEN)."""
        if not self.zalo_token:
            return None
        return ZaloSettings(
            token=self.zalo_token,
            base_url=self.zalo_api_base_url.rstrip("/"),
            webhook_url=self.zalo_webhook_url,
            webhook_secret=self.zalo_webhook_secret,
            webhook_listen=self.zalo_webhook_listen,
            webhook_port=self.zalo_webhook_port,
            max_per_second=self.zalo_max_rate,
            per_chat_interval=self.zalo_per_chat_interval,
            poll_timeout=self.zalo_poll_timeout,
        )

    def secrets(self) -> list[str]:
        """Every secret value set (for the log redactor)."""
        held = (self.telegram_token, self.zalo_token, self.webhook_secret, self.zalo_webhook_secret)
        return [s.get_secret_value() for s in held if s]


def _api_root(url: str) -> str:
    url = url.rstrip("/")
    return url[: -len("/bot")] if url.endswith("/bot") else url


def _url(name: str, value: str, example: str = "https://api.telegram.org") -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(f"{name} must be an http(s) URL like {example}, got {value!r}")
    return value.rstrip("/")


def _number(env_get, name: str, default: float, low: float, high: float) -> float:
    text = env_get(name)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        raise ConfigError(f"{name} must be a number from {low:g} to {high:g}, got {text!r}")
    return value


def _zalo_fields(get) -> dict:
    """The ZALO_* settings, validated (only read when ZALO_BOT_TOKEN is set)."""
    base_url = get("ZALO_API_BASE_URL") or DEFAULT_ZALO_API
    webhook_url = get("ZALO_WEBHOOK_URL") or None
    secret = get("ZALO_WEBHOOK_SECRET") or None
    for name, value in (("ZALO_API_BASE_URL", base_url), ("ZALO_WEBHOOK_URL", webhook_url)):
        if value:
            _url(name, value, "https://bot-api.zaloplatforms.com")
    if webhook_url and not secret:
        raise ConfigError("ZALO_WEBHOOK_SECRET is required with ZALO_WEBHOOK_URL (8-256 characters)")
    if secret and not re.fullmatch(r"[A-Za-z0-9_-]{8,256}", secret):
        raise ConfigError("ZALO_WEBHOOK_SECRET must be 8-256 characters of A-Z, a-z, 0-9, _ and -")
    return {
        "zalo_api_base_url": base_url.rstrip("/"),
        "zalo_webhook_url": webhook_url,
        "zalo_webhook_secret": Secret(secret) if secret else None,
        "zalo_webhook_listen": get("ZALO_WEBHOOK_LISTEN") or "0.0.0.0",
        "zalo_webhook_port": int(_number(get, "ZALO_WEBHOOK_PORT", 8444, 1, 65535)),
        "zalo_max_rate": _number(get, "ZALO_MAX_RATE", 2.0, 0.01, 100),
        "zalo_per_chat_interval": _number(get, "ZALO_PER_CHAT_INTERVAL", 1.0, 0, 60),
        "zalo_poll_timeout": int(_number(get, "ZALO_POLL_TIMEOUT", 30, 1, 120)),
    }


def load_config(env: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Config:
    """Read and validate the configuration. `env` defaults to os.environ (after loading `.env`, which
    never overrides variables already set)."""
    if env is None:
        if dotenv:
            try:
                from dotenv import load_dotenv

                load_dotenv(override=False)
            except ImportError:  # python-dotenv is a dependency; tolerate a minimal install
                pass
        env = os.environ

    def get(name: str) -> str:
        return (env.get(name) or "").strip()

    token = get("TELEGRAM_BOT_TOKEN")
    if token and not _TOKEN.match(token):
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN does not look like a bot token (digits:letters, from @BotFather)"
        )
    admins_text = get("PLANBOT_ADMINS")
    admins = tuple(a.strip() for a in re.split(r"[,\s;]+", admins_text) if a.strip())
    for admin in admins:
        if not admin.lstrip("-").isdigit():
            raise ConfigError(
                f"PLANBOT_ADMINS must be numeric Telegram user ids separated by commas, got {admin!r}"
            )
    port_text = get("PLANBOT_WEBHOOK_PORT") or "8443"
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ConfigError(f"PLANBOT_WEBHOOK_PORT must be a port number 1-65535, got {port_text!r}")
    rate_text = get("PLANBOT_TELEGRAM_MAX_RATE") or "30"
    try:
        rate = float(rate_text)
        if rate < 0:
            raise ValueError
    except ValueError:
        raise ConfigError(
            f"PLANBOT_TELEGRAM_MAX_RATE must be a number ≥ 0 (0 = no limit), got {rate_text!r}"
        ) from None
    webhook_url = get("PLANBOT_WEBHOOK_URL") or None
    if webhook_url:
        _url("PLANBOT_WEBHOOK_URL", webhook_url)
    secret = get("PLANBOT_WEBHOOK_SECRET")
    if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise ConfigError("PLANBOT_WEBHOOK_SECRET may only use A-Z, a-z, 0-9, _ and - (1-256 characters)")
    username = get("TELEGRAM_BOT_USERNAME").lstrip("@") or None
    zalo = get("ZALO_BOT_TOKEN")
    return Config(
        telegram_token=Secret(token) if token else None,
        telegram_api_base_url=_url(
            "TELEGRAM_API_BASE_URL", get("TELEGRAM_API_BASE_URL") or DEFAULT_TELEGRAM_API
        ),
        telegram_bot_username=username,
        telegram_max_rate=rate,
        db_path=get("PLANBOT_DB") or "planbot.db",
        admins=admins,
        zalo_token=Secret(zalo) if zalo else None,
        **(_zalo_fields(get) if zalo else {}),
        webhook_url=webhook_url,
        webhook_secret=Secret(secret) if secret else None,
        webhook_listen=get("PLANBOT_WEBHOOK_LISTEN") or "0.0.0.0",
        webhook_port=int(port_text),
        **_web_settings(get),
    )


def _web_settings(get) -> dict:
    """PLANBOT_WEB_PORT, PLANBOT_WEB_LISTEN and PLANBOT_WEB_URL, checked."""
    port_text = get("PLANBOT_WEB_PORT")
    if port_text and (not port_text.isdigit() or not 0 < int(port_text) < 65536):
        raise ConfigError(f"PLANBOT_WEB_PORT must be a port number 1-65535, got {port_text!r}")
    url = get("PLANBOT_WEB_URL") or None
    return {
        "web_port": int(port_text) if port_text else None,
        "web_listen": get("PLANBOT_WEB_LISTEN") or "127.0.0.1",
        "web_url": _url("PLANBOT_WEB_URL", url) if url else None,
    }

"""The Telegram runtime: builds the PTB Application over the core that `bot.compose` assembles, sets the
command menus, schedules the delivery jobs (and Zalo beside Telegram when configured), and runs polling
or a webhook. Also the Zalo-only deployment (`run_zalo_only`: Zalo and the plain-asyncio scheduler).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass, field

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

from bot.clock import Clock
from bot.compose import build_core
from bot.config import Config
from bot.core import Core
from bot.log_redaction import protect_logs
from bot.scheduler import DeliveryServices, run_scheduler, schedule_jobs
from handlers import telegram as telegram_handlers
from handlers.telegram_sender import TelegramSender
from handlers.zalo_runtime import start_zalo
from knowledge.messages import t
from storage.db import open_db
from storage.people import identities_of, list_people

logger = logging.getLogger(__name__)


@dataclass
class Services:
    """What the delivery jobs need (the `services` of bot.scheduler.schedule_jobs)."""

    db: object
    clock: Clock
    config: Config | None
    core: Core
    senders: list = field(default_factory=list)
    reminder_policy_path: str | None = None
    outbox_sender: object | None = None


def menu_commands(core: Core, lang: str, role: str) -> list[BotCommand]:
    return [BotCommand(name, t(lang, key)[:256]) for name, key in core.menu(role)]


async def post_init(application: Application) -> None:
    """Learn the bot's username, set the command menus (vi default, en), start the delivery jobs."""
    core: Core = application.bot_data["core"]
    me = await application.bot.get_me()
    if not core.bot_username:
        core.bot_username = me.username
    bot = application.bot
    await bot.set_my_commands(menu_commands(core, "vi", "member"), scope=BotCommandScopeDefault())
    await bot.set_my_commands(
        menu_commands(core, "en", "member"), scope=BotCommandScopeDefault(), language_code="en"
    )
    # Admins and leaders see their extra commands in their own private chats.
    for person in list_people(core.db):
        if person.role == "member" or not person.active:
            continue
        for identity in identities_of(core.db, person.id):
            if identity["channel"] != "telegram" or not identity["active"]:
                continue
            try:
                await bot.set_my_commands(
                    menu_commands(core, person.language, person.role),
                    scope=BotCommandScopeChat(int(identity["chat_id"])),
                )
            except Exception:  # an admin who never opened the bot: the default menu is fine
                logger.info("no command menu for chat %s", identity["chat_id"])
    services: Services = application.bot_data["services"]
    await _start_zalo(application, core, services)
    if application.job_queue is None:
        logger.warning("PTB job queue not installed: reminders and outbox are not scheduled")
        return
    services.senders = [TelegramSender(application.bot), *services.senders]
    application.bot_data["delivery_jobs"] = schedule_jobs(application.job_queue, services)


async def _start_zalo(application: Application, core: Core, services: Services) -> None:
    """Run the Zalo adapter beside Telegram (same core, same outbox) when ZALO_BOT_TOKEN is set."""
    if services.config is None or not services.config.zalo_token:
        return
    runtime = await start_zalo(core, services.config)
    if runtime is not None:
        application.bot_data["zalo_runtime"] = runtime
        services.senders.append(runtime.sender)


async def post_shutdown(application: Application) -> None:
    from bot.isolation import stop_all

    stop_all()  # a plan upload still being read must not hold the shutdown
    jobs = application.bot_data.get("delivery_jobs")
    if jobs is not None and hasattr(jobs, "stop"):
        await jobs.stop()
    runtime = application.bot_data.get("zalo_runtime")
    if runtime is not None:
        await runtime.stop()


async def fetch_telegram_file(application: Application, ref) -> bytes:
    file = await application.bot.get_file(ref.ref)
    return bytes(await file.download_as_bytearray())


def build_application(config: Config, *, db=None, clock: Clock | None = None, assistant=None) -> Application:
    """Build the PTB Application for `config` (the token must be set)."""
    if not config.telegram_token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    protect_logs(config)
    clock = clock or Clock()
    db = db if db is not None else open_db(config.db_path)
    core = build_core(db, config, clock, assistant=assistant)
    builder = (
        ApplicationBuilder()
        .token(config.telegram_token.get_secret_value())
        .base_url(config.telegram_base_url())
        .base_file_url(config.telegram_base_file_url())
        # 16 updates in flight (one person's stay in order, see handlers.telegram): measured best on
        # 2 cores (benchmarks/bench_telegram.py: 8 → 168/s, 16 → ~310/s, 32 → 161/s, 64 → 180/s), as
        # httpcore's pool scans every open connection per request.
        .concurrent_updates(16)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if config.telegram_max_rate > 0:
        builder = builder.rate_limiter(
            AIORateLimiter(overall_max_rate=config.telegram_max_rate, max_retries=3)
        )
    application = builder.build()

    async def fetch(ref) -> bytes:
        return await fetch_telegram_file(application, ref)

    core.fetch_file = fetch
    application.bot_data["services"] = Services(db=db, clock=clock, config=config, core=core)
    telegram_handlers.register(application, core)
    return application


def run(config: Config, *, webhook_url: str | None = None) -> int:
    """Run the bot until interrupted: long polling, or a webhook when `webhook_url` is given. Pending
    updates are kept across restarts (never drop_pending_updates)."""
    application = build_application(config)
    webhook_url = webhook_url or config.webhook_url
    if config.web_port:  # the dashboard in the same process and loop (webhook, if any, on its server)
        from bot.web_runtime import run_with_web

        secret = config.webhook_secret.get_secret_value() if config.webhook_secret else _random_secret()
        return run_with_web(
            application, config, webhook_url=webhook_url, secret=secret if webhook_url else None
        )
    if webhook_url:
        from urllib.parse import urlparse

        path = urlparse(webhook_url).path.lstrip("/") or "telegram"
        secret = config.webhook_secret.get_secret_value() if config.webhook_secret else _random_secret()
        logger.info("starting webhook on %s:%s/%s", config.webhook_listen, config.webhook_port, path)
        application.run_webhook(
            listen=config.webhook_listen,
            port=config.webhook_port,
            url_path=path,
            webhook_url=webhook_url,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
            drop_pending_updates=False,
        )
    else:
        logger.info("starting long polling")
        application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
    return 0


async def serve_zalo_only(config: Config, stop_event, *, db=None, clock=None, assistant=None) -> int:
    """A Zalo-only deployment: the core, the Zalo adapter and the plain-asyncio delivery scheduler."""
    if not config.zalo_token:
        raise ValueError("ZALO_BOT_TOKEN is not set")
    protect_logs(config)
    clock = clock or Clock()
    db = db if db is not None else open_db(config.db_path)
    core = build_core(db, config, clock, assistant=assistant)
    zalo = await start_zalo(core, config, stop_event)
    services = DeliveryServices(db=db, clock=clock, senders=[zalo.sender])
    try:
        await run_scheduler(services, stop_event)
    finally:
        await zalo.stop()
    return 0


def run_zalo_only(config: Config) -> int:
    """Run Zalo without Telegram until interrupted (SIGINT/SIGTERM)."""

    async def main() -> int:
        stop_event = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop_event.set)
        return await serve_zalo_only(config, stop_event)

    return asyncio.run(main())


def _random_secret() -> str:
    import secrets

    return secrets.token_urlsafe(32)

"""Composing and serving the web dashboard: alone (`planbot web`), or in the same process and event loop
as the Telegram bot (`planbot run` with PLANBOT_WEB_PORT), as python-telegram-bot's custom-webhook
example does: the Application is started by hand (`async with application`, `start()`, the updater's
polling) beside a uvicorn server; in webhook mode Telegram's webhook is a route of the same server.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import signal

import uvicorn
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.clock import Clock
from bot.config import Config
from bot.dashboard import Dashboard
from handlers.web.app import create_app

logger = logging.getLogger(__name__)


def build_dashboard(
    db, config: Config | None, clock: Clock | None = None, *, assistant=None, fetch_file=None
):
    """The dashboard over `db`, searching with the chat's assistant."""
    if assistant is None:
        from bot.assistant import Assistant

        assistant = Assistant(db, clock)
    return Dashboard(db, clock or Clock(), config, assistant, fetch_file)


class Server(uvicorn.Server):
    """uvicorn's server, stopping on SIGINT/SIGTERM without raising the signal again afterwards (uvicorn
    does, as KeyboardInterrupt), so that the bot beside it shuts down in order, as `run_polling` does."""

    @contextlib.contextmanager
    def capture_signals(self):
        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, self.handle_exit, sig, None)
        except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not the main thread
            with super().capture_signals():
                yield
            return
        try:
            yield
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)


def make_server(app, config: Config) -> uvicorn.Server:
    """A uvicorn server for `app` on PLANBOT_WEB_LISTEN:PLANBOT_WEB_PORT (behind a proxy: forwarded
    headers are trusted from this machine only, uvicorn's default)."""
    settings = uvicorn.Config(
        app,
        host=config.web_listen,
        port=config.web_port or 8080,
        log_level="warning",
        access_log=False,
        proxy_headers=True,
        lifespan="off",
    )
    return Server(settings)


def telegram_webhook_route(application, path: str, secret: str) -> Route:
    """Telegram's webhook as a route of the dashboard's server (updates go to PTB's queue)."""
    from telegram import Update

    async def receive_update(request: Request) -> Response:
        """Queue one update from Telegram."""
        given = request.headers.get("x-telegram-bot-api-secret-token", "")
        if not hmac.compare_digest(given, secret):
            return Response(status_code=403)
        try:
            update = Update.de_json(await request.json(), application.bot)
        except Exception:  # not an update: nothing to queue
            return Response(status_code=400)
        await application.update_queue.put(update)
        return Response()

    return Route("/" + path.strip("/"), receive_update, methods=["POST"])


async def set_mini_app_button(application, config: Config) -> None:
    """The bot's menu button opens the dashboard as a Mini App (Telegram requires an https address)."""
    base = config.web_base_url() or ""
    if not base.startswith("https://"):
        return
    from telegram import MenuButtonWebApp, WebAppInfo

    from knowledge.messages import t

    try:
        await application.bot.set_chat_menu_button(
            menu_button=MenuButtonWebApp(
                t("vi", "web.menu_button"), WebAppInfo(url=base.rstrip("/") + "/app")
            )
        )
    except Exception:  # the dashboard still works from /web links
        logger.warning("could not set the Mini App menu button", exc_info=True)


async def serve_with_bot(
    application, server: uvicorn.Server, *, webhook: dict | None = None, polling: dict | None = None
):
    """Run the PTB `application` and the web `server` on this event loop until the server stops (Ctrl-C,
    SIGTERM). Polling unless `webhook` (set_webhook arguments) is given; shuts both down in order."""
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        if webhook is not None:
            await application.bot.set_webhook(**webhook)
        else:
            await application.updater.start_polling(**(polling or {}))
        await application.start()
        try:
            await server.serve()
        finally:
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
    if application.post_shutdown is not None:
        await application.post_shutdown(application)


def run_with_web(application, config: Config, *, webhook_url: str | None, secret: str | None) -> int:
    """`planbot run` with the dashboard: one process, one event loop."""
    from telegram import Update

    core = application.bot_data["core"]
    dashboard = build_dashboard(
        core.db, config, core.clock, assistant=core.assistant, fetch_file=core.fetch_file
    )
    routes = []
    webhook = None
    if webhook_url:
        from urllib.parse import urlparse

        path = urlparse(webhook_url).path.lstrip("/") or "telegram"
        routes.append(telegram_webhook_route(application, path, secret or ""))
        webhook = {
            "url": webhook_url,
            "secret_token": secret,
            "allowed_updates": Update.ALL_TYPES,
            "drop_pending_updates": False,
        }
    server = make_server(create_app(dashboard, extra_routes=routes), config)
    original_post_init = application.post_init

    async def post_init(app) -> None:
        if original_post_init is not None:
            await original_post_init(app)
        await set_mini_app_button(app, config)

    application.post_init = post_init
    logger.info("dashboard on %s:%s", config.web_listen, config.web_port)
    polling = {"allowed_updates": Update.ALL_TYPES, "drop_pending_updates": False}
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve_with_bot(application, server, webhook=webhook, polling=polling))
    return 0

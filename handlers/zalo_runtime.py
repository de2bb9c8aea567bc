"""Wiring the Zalo side for the composition root: the API client, the adapter and the outbox sender
(`build_zalo_app`), and running them in the background (`start_zalo`).

Everything Zalo-side runs in its own task with exceptions contained: Telegram keeps working when Zalo is
down and the other way round.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from bot.chat import FileRef
from bot.config import Config, ZaloSettings
from handlers.user_locks import UserLocks
from handlers.zalo import ZaloAdapter, sleep_or_stop
from handlers.zalo_api import ZaloApiClient
from handlers.zalo_render import is_url
from handlers.zalo_sender import ZaloSender
from handlers.zalo_webhook import run_webhook

logger = logging.getLogger(__name__)

RESTART_AFTER = 10.0  # seconds before a crashed adapter is started again
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024  # a plan file; larger ones are refused while downloading


def install_file_fetcher(core, api: ZaloApiClient) -> None:
    """Let the core download the files people send on Zalo (plan files): their reference is a URL. A
    Telegram file reference is an opaque file id, never a URL, so any fetcher already installed (Telegram's)
    keeps the other references."""
    previous = core.fetch_file

    async def fetch(ref: FileRef) -> bytes:
        if is_url(ref.ref):
            return await api.download(ref.ref, max_bytes=MAX_DOWNLOAD_BYTES)
        if previous is None:
            raise LookupError("no way to download this file reference")
        return await previous(ref)

    core.fetch_file = fetch


@dataclass
class ZaloApp:
    """The Zalo side, built and not yet running. `.sender` goes into the outbox senders."""

    adapter: ZaloAdapter
    sender: ZaloSender
    api: ZaloApiClient
    settings: ZaloSettings
    stop_event: asyncio.Event
    task: asyncio.Task | None = None

    def start(self) -> None:
        """Run the adapter in the background (polling, or the webhook when a webhook URL is set); a crash
        is logged and the adapter restarted, never reaching the other channels."""

        async def supervise() -> None:
            while not self.stop_event.is_set():
                try:
                    if self.settings.webhook_url:
                        await run_webhook(self.adapter, self.settings, self.stop_event)
                    else:
                        await self.adapter.run_polling(self.stop_event)
                except Exception:
                    logger.exception(
                        "zalo: the adapter stopped unexpectedly; restarting in %.0fs", RESTART_AFTER
                    )
                    await sleep_or_stop(self.stop_event, RESTART_AFTER)

        self.task = asyncio.get_running_loop().create_task(supervise(), name="zalo-adapter")
        mode = "webhook" if self.settings.webhook_url else "long polling"
        logger.info("zalo: adapter starting (%s, base URL %s)", mode, self.settings.base_url)

    async def stop(self) -> None:
        self.stop_event.set()
        if self.task is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.task, timeout=10)
        with contextlib.suppress(Exception):
            await self.api.aclose()


def build_zalo_app(
    core,
    settings: ZaloSettings,
    *,
    stop_event: asyncio.Event | None = None,
    locks: UserLocks | None = None,
    transport=None,
) -> ZaloApp:
    """The Zalo client, adapter and sender for `core` (`settings` is `Config.zalo`)."""
    api = ZaloApiClient(
        settings.token.get_secret_value(),
        base_url=settings.base_url,
        poll_timeout=settings.poll_timeout,
        transport=transport,
    )
    adapter = ZaloAdapter(core, api, locks=locks)
    install_file_fetcher(core, api)
    sender = ZaloSender(
        api,
        core.db,
        core.clock,
        max_per_second=settings.max_per_second,
        per_chat_interval=settings.per_chat_interval,
    )
    return ZaloApp(adapter, sender, api, settings, stop_event or asyncio.Event())


async def start_zalo(core, config: Config, stop_event: asyncio.Event | None = None) -> ZaloApp | None:
    """Build and start the Zalo side when ZALO_BOT_TOKEN is set (None otherwise). The composition root
    adds `.sender` to the outbox senders and awaits `.stop()` on shutdown."""
    settings = config.zalo
    if settings is None:
        return None
    app = build_zalo_app(core, settings, stop_event=stop_event)
    app.start()
    return app

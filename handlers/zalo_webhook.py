"""The Zalo webhook: a tiny HTTP/1.1 endpoint on asyncio streams (one POST path, no framework needed),
and `run_webhook`, which serves it and registers it with setWebhook until told to stop."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from typing import Protocol
from urllib.parse import urlparse

from bot.config import ZaloSettings
from handlers.zalo_api import ZaloApiError
from handlers.zalo_updates import unwrap_update

logger = logging.getLogger(__name__)

MAX_WEBHOOK_BODY = 256 * 1024
_REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed"}


class UpdateSink(Protocol):
    """What the server hands updates to (handlers.zalo.ZaloAdapter)."""

    def submit(self, update: dict) -> object: ...


class ZaloWebhookServer:
    """A tiny HTTP/1.1 endpoint on asyncio streams (one POST path, no framework needed): checks
    X-Bot-Api-Secret-Token in constant time before reading the body, answers at once, handles the
    update in the background."""

    def __init__(self, adapter: UpdateSink, secret: str, *, path: str = "/zalo"):
        self.adapter = adapter
        self.secret = secret.encode()
        self.path = path
        self._server: asyncio.base_events.Server | None = None
        self.port: int | None = None

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        self._server = await asyncio.start_server(self._serve, host, port, limit=16 * 1024)
        self.port = self._server.sockets[0].getsockname()[1]
        logger.info("zalo: webhook server listening on %s:%s", host, self.port)
        return self.port

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), timeout=5)
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            status, body = await asyncio.wait_for(self._request(reader), timeout=30)
        except (TimeoutError, asyncio.LimitOverrunError, asyncio.IncompleteReadError, ValueError):
            status, body = 400, {"ok": False, "description": "bad request"}
        except Exception:
            logger.exception("zalo: webhook request failed")
            status, body = 500, {"ok": False, "description": "internal error"}
        data = json.dumps(body).encode()
        head = (
            f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n"
        )
        with contextlib.suppress(Exception):
            writer.write(head.encode() + data)
            await writer.drain()
            writer.close()
            await writer.wait_closed()

    async def _request(self, reader: asyncio.StreamReader) -> tuple[int, dict]:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = (lines[0].split(" ", 2) + ["", ""])[:3]
        headers = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip().lower()] = value.strip()
        if urlparse(target).path.rstrip("/") != self.path.rstrip("/"):
            return 404, {"ok": False, "description": "not found"}
        if method != "POST":
            return 405, {"ok": False, "description": "POST only"}
        given = headers.get("x-bot-api-secret-token", "").encode("latin-1")
        if not self.secret or not hmac.compare_digest(given, self.secret):
            logger.warning("zalo: webhook call with a missing or wrong secret token refused")
            return 403, {"ok": False, "description": "forbidden"}
        length = int(headers.get("content-length") or 0)
        if length <= 0 or length > MAX_WEBHOOK_BODY:
            return 400, {"ok": False, "description": "body missing or too large"}
        raw = await reader.readexactly(length)
        try:
            update = unwrap_update(json.loads(raw))
        except ValueError:
            update = None
        if update is None:
            return 400, {"ok": False, "description": "not an update"}
        self.adapter.submit(update)
        return 200, {"ok": True}


async def run_webhook(adapter, settings: ZaloSettings, stop_event: asyncio.Event, *, register: bool = True):
    """Serve the webhook for `adapter` (a handlers.zalo.ZaloAdapter) until `stop_event` is set, after
    registering it with setWebhook (retried with backoff while Zalo is unreachable)."""
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    server = ZaloWebhookServer(adapter, secret, path=settings.webhook_path)
    await server.start(settings.webhook_listen, settings.webhook_port)
    try:
        if register and await adapter.check_token(stop_event):
            delay = adapter.initial_backoff
            while not stop_event.is_set():
                try:
                    await adapter.api.set_webhook(settings.webhook_url, secret)
                    logger.info("zalo: webhook set (path %s)", settings.webhook_path)
                    break
                except ZaloApiError as exc:
                    logger.warning("zalo: setWebhook failed (%s); retrying in %.0fs", exc, delay)
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop_event.wait(), timeout=delay)
                    delay = min(delay * 2, adapter.max_backoff)
        await stop_event.wait()
    finally:
        await server.close()
        await adapter.drain()

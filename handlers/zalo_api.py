"""A small async client for the Zalo Bot API (bots made with "Zalo Bot Creator").

`https://<host>/bot<TOKEN>/<method>`, JSON in and out, answers `{ok, result, error_code, description}`.
This module is the only place that knows the wire format; it turns every failure into one of the named
exceptions below and never puts the token in a message, a log line or a chained traceback.

What could not be checked against the real service is listed in docs/zalo.md.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlparse

import httpx

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com"
MESSAGE_LIMIT = 2000  # sendMessage text and sendPhoto caption, in characters
NOTHING_ARRIVED = 408  # getUpdates: the long poll ended without an update


class ZaloApiError(Exception):
    """A Zalo Bot API call did not succeed. `error_code` is Zalo's (or the HTTP status)."""

    def __init__(self, method: str, error_code: int | None, description: str = ""):
        self.method = method
        self.error_code = error_code
        self.description = description
        super().__init__(f"{method}: {error_code} {description}".strip())


class ZaloUnauthorized(ZaloApiError):
    """The bot token was refused (401, or 404 for every method): a deployment must fix ZALO_BOT_TOKEN."""


class ZaloForbidden(ZaloApiError):
    """403: the bot may not write to this chat (the user blocked the bot or left the group)."""


class ZaloBadRequest(ZaloApiError):
    """Another 4xx: this request will never succeed as it is."""


class ZaloRateLimited(ZaloApiError):
    """429: too many requests; `retry_after` seconds when the server said so."""

    def __init__(self, method: str, error_code: int | None, description: str = "", retry_after=None):
        super().__init__(method, error_code, description)
        self.retry_after = float(retry_after) if retry_after is not None else None


class ZaloServerError(ZaloApiError):
    """5xx or an answer that is not the documented JSON envelope: Zalo's side; retry later."""


class ZaloNetworkError(ZaloApiError):
    """The server could not be reached (DNS, refused, reset): nothing was delivered; retry later."""


class ZaloTimeout(ZaloNetworkError):
    """No answer in time. For a send this is ambiguous: the message may have arrived."""


class _RedactToken(logging.Filter):
    """httpx/httpcore log request URLs (INFO/DEBUG), and a Zalo URL contains the token: redact it on
    those loggers whatever the application's logging set-up."""

    def __init__(self, token: str):
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "**********"), ()
        return True


def _protect_http_logs(token: str) -> None:
    for name in ("httpx", "httpcore"):
        http_logger = logging.getLogger(name)
        if not any(isinstance(f, _RedactToken) and f.token == token for f in http_logger.filters):
            http_logger.addFilter(_RedactToken(token))


class ZaloApiClient:
    """One `httpx.AsyncClient` for every call (polling, replies, outbox).

    `timeout` bounds ordinary calls; getUpdates waits `poll_timeout` on the server plus a margin.
    """

    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 15.0,
        poll_timeout: int = 30,
        transport: httpx.AsyncBaseTransport | None = None,
    ):
        if not token:
            raise ValueError("a Zalo bot token is required")
        self._token = token
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.poll_timeout = poll_timeout
        self._http = httpx.AsyncClient(timeout=timeout, transport=transport)
        _protect_http_logs(token)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> ZaloApiClient:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()

    def _redact(self, text: str) -> str:
        return text.replace(self._token, "**********") if self._token else text

    async def call(self, method: str, params: dict | None = None, *, timeout: float | None = None) -> Any:
        """POST `params` as JSON to `method`; return `result` or raise a ZaloApiError subclass."""
        url = f"{self.base_url}/bot{self._token}/{method}"
        try:
            response = await self._http.post(url, json=params or {}, timeout=timeout or self.timeout)
        except httpx.TimeoutException as exc:
            raise ZaloTimeout(method, None, self._redact(type(exc).__name__)) from None
        except httpx.HTTPError as exc:
            raise ZaloNetworkError(method, None, self._redact(f"{type(exc).__name__}: {exc}")) from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or "ok" not in body:
            status = response.status_code
            if status == 401 or (status == 404 and method == "getMe"):
                raise ZaloUnauthorized(method, status, "token refused")
            if status == 429:
                raise ZaloRateLimited(
                    method, status, "too many requests", response.headers.get("Retry-After")
                )
            if 400 <= status < 500:
                raise ZaloBadRequest(method, status, f"HTTP {status} without a Zalo answer")
            raise ZaloServerError(method, status, f"HTTP {status}: not a Zalo Bot API answer")
        if body.get("ok"):
            return body.get("result")
        code = body.get("error_code") or response.status_code
        try:
            code = int(code)
        except (TypeError, ValueError):
            code = response.status_code
        description = self._redact(str(body.get("description") or ""))
        raise _error_for(method, code, description, body)

    # --- the methods planbot uses ------------------------------------------------------------------

    async def get_me(self) -> dict:
        return await self.call("getMe")

    async def get_updates(self, timeout: int | None = None) -> dict | None:
        """Long-poll for ONE update (Zalo has no offset and no list); None when nothing arrived."""
        wait = self.poll_timeout if timeout is None else timeout
        try:
            result = await self.call("getUpdates", {"timeout": wait}, timeout=wait + 10)
        except ZaloApiError as exc:
            if exc.error_code == NOTHING_ARRIVED and not isinstance(exc, ZaloNetworkError):
                return None
            raise
        if isinstance(result, list):  # defensive: a list-shaped answer (Telegram-like) is still accepted
            return result[0] if result else None
        return result or None

    async def set_webhook(self, url: str, secret_token: str) -> Any:
        return await self.call("setWebhook", {"url": url, "secret_token": secret_token})

    async def delete_webhook(self) -> Any:
        return await self.call("deleteWebhook")

    async def get_webhook_info(self) -> dict:
        return await self.call("getWebhookInfo") or {}

    async def send_message(self, chat_id: str, text: str) -> Any:
        if not text or len(text) > MESSAGE_LIMIT:
            raise ValueError(f"sendMessage text must be 1-{MESSAGE_LIMIT} characters, got {len(text or '')}")
        return await self.call("sendMessage", {"chat_id": str(chat_id), "text": text})

    async def send_photo(self, chat_id: str, photo: str, caption: str | None = None) -> Any:
        params = {"chat_id": str(chat_id), "photo": photo}
        if caption:
            params["caption"] = caption[:MESSAGE_LIMIT]
        return await self.call("sendPhoto", params)

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> Any:
        return await self.call("sendChatAction", {"chat_id": str(chat_id), "action": action})

    async def download(self, url: str, *, max_bytes: int) -> bytes:
        """The bytes behind a file URL a person sent (a plan file): GET, at most `max_bytes`, or a
        ZaloApiError (too large → ZaloBadRequest; network → ZaloNetworkError; HTTP error → by status)."""
        method = "download"
        if urlparse(url).scheme not in ("http", "https"):
            raise ZaloBadRequest(method, None, "not an http(s) URL")
        try:
            async with self._http.stream("GET", url, timeout=max(self.timeout, 60.0)) as response:
                if response.status_code >= 400:
                    if response.status_code >= 500:
                        raise ZaloServerError(method, response.status_code, f"HTTP {response.status_code}")
                    raise ZaloBadRequest(method, response.status_code, f"HTTP {response.status_code}")
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise ZaloBadRequest(method, None, f"file over {max_bytes} bytes")
                chunks, size = [], 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise ZaloBadRequest(method, None, f"file over {max_bytes} bytes")
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.TimeoutException as exc:
            raise ZaloTimeout(method, None, self._redact(type(exc).__name__)) from None
        except httpx.HTTPError as exc:
            raise ZaloNetworkError(method, None, self._redact(f"{type(exc).__name__}: {exc}")) from None


def _error_for(method: str, code: int, description: str, body: dict) -> ZaloApiError:
    lowered = description.lower()
    if code == 401 or "token" in lowered and ("invalid" in lowered or "unauthorized" in lowered):
        return ZaloUnauthorized(method, code, description)
    if code == 403:
        return ZaloForbidden(method, code, description)
    if code == 429:
        retry_after = (body.get("parameters") or {}).get("retry_after") if isinstance(body, dict) else None
        return ZaloRateLimited(method, code, description, retry_after)
    if 400 <= code < 500:
        return ZaloBadRequest(method, code, description)
    return ZaloServerError(method, code, description)

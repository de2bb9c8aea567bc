"""A fake Zalo Bot API server on 127.0.0.1 for tests (never the internet).

It follows the shapes planbot assumes (docs/zalo.md): `POST /bot<TOKEN>/<method>` with JSON, answers
`{ok, result, error_code, description}`; `getUpdates` long-polls and returns ONE update object (no
offset), or error_code 408 when nothing arrived; setWebhook/deleteWebhook/getWebhookInfo keep a webhook
URL; sendMessage refuses text over 2,000 characters. Tests inject updates (`push`), read what the bot sent
(`sent`, `texts`), block chats, and inject failures (`fail_next`). Files a person sends (`host_file`) are
served at `GET /files/<name>`, and `message(..., file_url=...)` is the (assumed) "message.file.received".
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_TOKEN = "1234567890123456789:zaloTESTtokenZALOtestTOKEN"
SEND_METHODS = ("sendMessage", "sendPhoto")
BOT_NAME = "Bot Kế hoạch"


@dataclass
class Call:
    method: str
    params: dict
    at: float = field(default_factory=time.monotonic)


@dataclass
class Failure:
    method: str
    error_code: int
    description: str
    http_status: int
    raw: bytes | None = None  # a non-JSON body (a proxy's error page)


class FakeZaloAPI:
    def __init__(self, token: str = DEFAULT_TOKEN, *, max_poll_wait: float = 0.5):
        self.token = token
        self.max_poll_wait = max_poll_wait
        self.cond = threading.Condition()
        self.updates: deque[dict] = deque()
        self.calls: list[Call] = []
        self.failures: list[Failure] = []
        self.blocked: set[str] = set()
        self.webhook_url = ""
        self.webhook_secret = ""
        self.polls_in_flight = 0
        self._message_ids = itertools.count(1)
        self.files: dict[str, bytes] = {}
        self._server: ThreadingHTTPServer | None = None

    # --- lifecycle -----------------------------------------------------------------------------------

    def start(self) -> FakeZaloAPI:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, payload = api.handle(self.path, body)
                data = (
                    payload
                    if isinstance(payload, bytes)
                    else json.dumps(payload, ensure_ascii=False).encode()
                )
                self.send_response(status)
                self.send_header(
                    "Content-Type", "application/json" if not isinstance(payload, bytes) else "text/html"
                )
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST  # noqa: N815

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass

        self._server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-zalo-api",
            daemon=True,
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            with self.cond:
                self.cond.notify_all()
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeZaloAPI:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # --- injecting updates ---------------------------------------------------------------------------

    def message(
        self,
        user_id: str,
        text: str | None = None,
        *,
        chat_id: str | None = None,
        chat_type: str = "PRIVATE",
        display_name: str = "Người dùng",
        photo_url: str | None = None,
        caption: str | None = None,
        event_name: str | None = None,
        file_url: str | None = None,
        file_name: str | None = None,
        file_size: int | None = None,
    ) -> dict:
        """A Zalo update of the documented shape (text, or a photo with an optional caption), or of the
        assumed shape of a file (`file_url`, `file_name`, `file_size`, event "message.file.received")."""
        message = {
            "message_id": f"m{next(self._message_ids)}",
            "date": int(time.time() * 1000),
            "from": {"id": str(user_id), "display_name": display_name, "is_bot": False},
            "chat": {"id": str(chat_id or user_id), "chat_type": chat_type},
        }
        if photo_url:
            message["photo_url"] = photo_url
            if caption:
                message["caption"] = caption
        elif file_url:
            message.update({"file_url": file_url, "file_name": file_name, "file_size": file_size})
        elif text is not None:
            message["text"] = text
        default_event = (
            "message.image.received"
            if photo_url
            else "message.file.received"
            if file_url
            else "message.text.received"
        )
        event = event_name or default_event
        return {"event_name": event, "message": message}

    def host_file(self, name: str, content: bytes) -> str:
        """Serve `content` at a URL, as Zalo's file storage would; returns the URL."""
        self.files[name] = content
        return f"{self.base_url}/files/{name}"

    def push(self, update: dict) -> dict:
        with self.cond:
            self.updates.append(update)
            self.cond.notify_all()
        return update

    def say(self, user_id: str, text: str, **kwargs) -> dict:
        return self.push(self.message(user_id, text, **kwargs))

    def block(self, chat_id: str) -> None:
        self.blocked.add(str(chat_id))

    def fail_next(
        self,
        method: str,
        *,
        error_code: int = 500,
        description: str = "Internal error",
        http_status: int | None = None,
        count: int = 1,
        raw: bytes | None = None,
    ) -> None:
        """The next `count` calls of `method` fail with this answer."""
        with self.cond:
            for _ in range(count):
                self.failures.append(Failure(method, error_code, description, http_status or error_code, raw))

    # --- reading what happened -----------------------------------------------------------------------

    def calls_of(self, method: str) -> list[Call]:
        with self.cond:
            return [c for c in self.calls if c.method == method]

    def sent(self, chat_id: str | None = None) -> list[dict]:
        with self.cond:
            return [
                dict(c.params, method=c.method)
                for c in self.calls
                if c.method in SEND_METHODS
                and c.params.get("_ok")
                and (chat_id is None or str(c.params.get("chat_id")) == str(chat_id))
            ]

    def texts(self, chat_id: str | None = None) -> list[str]:
        return [m.get("text") or m.get("caption") or "" for m in self.sent(chat_id)]

    def wait_for(self, predicate, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.01)
        raise AssertionError(f"timed out waiting; sent so far: {self.sent()}")

    def wait_for_sent(self, chat_id: str, count: int = 1, timeout: float = 10.0) -> list[dict]:
        return self.wait_for(lambda: len(self.sent(chat_id)) >= count and self.sent(chat_id), timeout)

    # --- the API -------------------------------------------------------------------------------------

    def handle(self, path: str, body: bytes) -> tuple[int, dict | bytes]:
        prefix = f"/bot{self.token}/"
        if path.startswith("/files/"):
            content = self.files.get(path[len("/files/") :])
            with self.cond:
                self.calls.append(Call("(file)", {"path": path}))
            return (200, content) if content is not None else (404, b"not found")
        try:
            params = json.loads(body) if body else {}
        except ValueError:
            return 400, {"ok": False, "error_code": 400, "description": "Body is not JSON"}
        if not path.startswith(prefix):
            with self.cond:
                self.calls.append(Call("(bad token)", {}))
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = path[len(prefix) :].split("?")[0]
        call = Call(method, dict(params))
        with self.cond:
            self.calls.append(call)
            failure = next((f for f in self.failures if f.method == method), None)
            if failure is not None:
                self.failures.remove(failure)
        if failure is not None:
            if failure.raw is not None:
                return failure.http_status, failure.raw
            return failure.http_status, {
                "ok": False,
                "error_code": failure.error_code,
                "description": failure.description,
            }
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": f"Method {method} not found"}
        status, answer = handler(params)
        if status == 200 and method in SEND_METHODS:
            call.params["_ok"] = True
        return status, answer

    @staticmethod
    def _ok(result) -> tuple[int, dict]:
        return 200, {"ok": True, "result": result}

    @staticmethod
    def _error(code: int, description: str) -> tuple[int, dict]:
        return code, {"ok": False, "error_code": code, "description": description}

    def _m_getMe(self, params):  # noqa: N802
        return self._ok(
            {"id": "9001", "account_name": BOT_NAME, "account_type": "BASIC", "can_join_groups": True}
        )

    def _m_getUpdates(self, params):  # noqa: N802
        if self.webhook_url:
            return self._error(400, "Webhook is active; getUpdates is not available")
        wait = min(float(params.get("timeout") or 30), self.max_poll_wait)
        deadline = time.monotonic() + wait
        with self.cond:
            self.polls_in_flight += 1
            try:
                while not self.updates:
                    left = deadline - time.monotonic()
                    if left <= 0 or self._server is None:
                        return self._error(408, "Request timeout")
                    self.cond.wait(left)
                return self._ok(self.updates.popleft())
            finally:
                self.polls_in_flight -= 1

    def _m_setWebhook(self, params):  # noqa: N802
        secret = str(params.get("secret_token") or "")
        if (
            not str(params.get("url") or "").startswith(("http://", "https://"))
            or not 8 <= len(secret) <= 256
        ):
            return self._error(400, "url and secret_token (8-256 characters) are required")
        self.webhook_url, self.webhook_secret = params["url"], secret
        return self._ok({"url": self.webhook_url, "updated_at": int(time.time() * 1000)})

    def _m_deleteWebhook(self, params):  # noqa: N802
        self.webhook_url = self.webhook_secret = ""
        return self._ok({"url": "", "updated_at": int(time.time() * 1000)})

    def _m_getWebhookInfo(self, params):  # noqa: N802
        return self._ok({"url": self.webhook_url, "updated_at": int(time.time() * 1000)})

    def _check_chat(self, params) -> tuple[int, dict] | None:
        chat_id = str(params.get("chat_id") or "")
        if not chat_id:
            return self._error(400, "chat_id is required")
        if chat_id in self.blocked:
            return self._error(403, "The user has blocked the bot")
        return None

    def _m_sendMessage(self, params):  # noqa: N802
        refused = self._check_chat(params)
        if refused:
            return refused
        text = params.get("text")
        if not isinstance(text, str) or not 1 <= len(text) <= 2000:
            return self._error(400, "text must be 1-2000 characters")
        return self._ok({"message_id": f"s{next(self._message_ids)}", "date": int(time.time() * 1000)})

    def _m_sendPhoto(self, params):  # noqa: N802
        refused = self._check_chat(params)
        if refused:
            return refused
        if not str(params.get("photo") or "").startswith(("http://", "https://")):
            return self._error(400, "photo must be a URL")
        if len(params.get("caption") or "") > 2000:
            return self._error(400, "caption must be at most 2000 characters")
        return self._ok({"message_id": f"s{next(self._message_ids)}", "date": int(time.time() * 1000)})

    def _m_sendChatAction(self, params):  # noqa: N802
        refused = self._check_chat(params)
        return refused or (200, {"ok": True})

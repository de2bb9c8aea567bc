"""A small fake Telegram Bot API for delivery tests and the delivery benchmark: records every accepted
message, enforces a messages-per-second limit with 429 `retry_after` (sliding one-second window, like
Telegram's broadcast limit) and answers 403 for chats marked as having blocked the bot.

(The TELEGRAM engineer's tests/fake_bot_api.py serves the end-to-end chat tests; this one is the
delivery-focused variant: thread-safe counters, per-chat receipt counts, no update queue.)
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

SEND_METHODS = ("sendMessage", "sendDocument", "sendPhoto")


class DeliveryFakeBotApi:
    def __init__(
        self,
        *,
        max_per_second: float | None = 30.0,
        retry_after: int = 1,
        blocked: set[str] | None = None,
        latency: float = 0.0,
    ):
        self.max_per_second = max_per_second
        self.retry_after = retry_after
        self.blocked = set(blocked or ())
        self.latency = latency
        self.lock = threading.Lock()
        self.received: Counter[str] = Counter()  # chat_id -> accepted messages
        self.texts: list[tuple[str, str]] = []
        self.accepted_at: list[float] = []
        self.rejected_429 = 0
        self.rejected_403 = 0
        self._window: deque[float] = deque()
        self._message_id = 0
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle --
    def start(self) -> DeliveryFakeBotApi:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                method = self.path.rstrip("/").rsplit("/", 1)[-1]
                status, payload = api.handle(method, self.headers.get("Content-Type") or "", body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST  # noqa: N815

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):  # a killed client resets its connections
                pass

        self._server = Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base_url(self) -> str:
        """PTB `base_url` (PTB appends the token)."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    # -- the API --
    @staticmethod
    def _params(content_type: str, body: bytes) -> dict:
        if not body:
            return {}
        if "application/json" in content_type:
            return json.loads(body)
        if "multipart/form-data" in content_type:
            return {}  # attachments: chat_id is all we need, parsed below
        return {k: v[0] for k, v in parse_qs(body.decode()).items()}

    def handle(self, method: str, content_type: str, body: bytes) -> tuple[int, dict]:
        if method == "getMe":
            return 200, {
                "ok": True,
                "result": {"id": 1, "is_bot": True, "first_name": "planbot", "username": "planbot_bot"},
            }
        if method not in SEND_METHODS:
            return 200, {"ok": True, "result": True}
        params = self._params(content_type, body)
        if not params and b"chat_id" in body:  # multipart: find the chat_id field
            marker = body.split(b'name="chat_id"', 1)[1]
            params = {"chat_id": marker.split(b"\r\n\r\n", 1)[1].split(b"\r\n", 1)[0].decode()}
        chat_id = str(params.get("chat_id"))
        if self.latency:
            time.sleep(self.latency)
        with self.lock:
            now = time.monotonic()
            if self.max_per_second:
                while self._window and now - self._window[0] >= 1.0:
                    self._window.popleft()
                if len(self._window) >= self.max_per_second:
                    self.rejected_429 += 1
                    return 429, {
                        "ok": False,
                        "error_code": 429,
                        "description": f"Too Many Requests: retry after {self.retry_after}",
                        "parameters": {"retry_after": self.retry_after},
                    }
            if chat_id in self.blocked:
                self.rejected_403 += 1
                return 403, {
                    "ok": False,
                    "error_code": 403,
                    "description": "Forbidden: bot was blocked by the user",
                }
            self._window.append(now)
            self._message_id += 1
            self.received[chat_id] += 1
            self.accepted_at.append(now)
            self.texts.append((chat_id, str(params.get("text") or params.get("caption") or "")))
            message_id = self._message_id
        return 200, {
            "ok": True,
            "result": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": int(chat_id) if chat_id.lstrip("-").isdigit() else 0, "type": "private"},
                "text": params.get("text") or "",
            },
        }

    def total(self) -> int:
        with self.lock:
            return sum(self.received.values())

"""A small fake Telegram Bot API server on 127.0.0.1 (plain HTTP) for end-to-end tests and benchmarks.

Point python-telegram-bot at it with `base_url=f"{api.base_url}/bot"` and
`base_file_url=f"{api.base_url}/file/bot"` (or run `planbot run` with `TELEGRAM_API_BASE_URL=api.base_url`).

Usage::

    with FakeBotAPI() as api:                       # starts a thread; api.token is the accepted token
        uid = api.message(1001, "/start")           # inject an update from user 1001 (private chat 1001)
        api.wait_for_sent(1001, count=1)            # block until the bot sent one message to chat 1001
        msg = api.sent(1001)[-1]                    # {"message_id", "chat_id", "text", "reply_markup", ...}
        api.press(1001, msg, "Duyệt")               # tap the button labelled "Duyệt" (callback_query update)
        doc = api.add_file(b"...", name="plan.txt") # then api.message(1001, None, document=doc) sends the file

Methods served: getMe, getUpdates (offset + long-poll `timeout`), deleteWebhook, setWebhook,
getWebhookInfo, sendMessage, editMessageText, editMessageReplyMarkup, answerCallbackQuery,
setMyCommands, getMyCommands, deleteMyCommands, getFile (+ GET /file/bot<token>/<path> download),
sendDocument, sendPhoto, sendChatAction. Unknown methods answer 404 like Telegram.

Observation: `calls` (every request: method, params, time), `sent(chat_id)` (sendMessage/sendDocument/
sendPhoto, edits applied), `edits`, `answered_callbacks`, `commands[(scope_json, language_code)]`,
`confirmed_offset` (updates the bot has acknowledged), `wait_for(predicate)`.

Failure injection, for delivery crash tests and broadcast benchmarks:
- `FakeBotAPI(max_per_second=N, retry_after=S)`: more than N send* calls within any one second get 429
  "Too Many Requests: retry after S" with `parameters.retry_after`. `rejected_429` counts them.
- `block(chat_id)`: send* to that chat get 403 "Forbidden: bot was blocked by the user" (`rejected_403`).
- `fail_next(method, count, status=500, description=...)`: the next `count` calls of `method` fail.
- `latency=seconds`: each send* call sleeps that long first (a slow network).
All of these are thread-safe; the server answers requests concurrently (HTTP/1.1 keep-alive).
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import itertools
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

DEFAULT_TOKEN = "123456789:TESTtokenTESTtokenTESTtokenTESTtoken"
SEND_METHODS = ("sendMessage", "sendDocument", "sendPhoto")


@dataclass
class Call:
    method: str
    params: dict
    at: float = field(default_factory=time.monotonic)


class ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


class FakeBotAPI:
    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        username: str = "planbot_test_bot",
        max_per_second: float | None = None,
        retry_after: int = 1,
        latency: float = 0.0,
    ):
        self.token = token
        self.username = username
        self.bot_id = int(token.split(":")[0])
        self.max_per_second = max_per_second
        self.retry_after = retry_after
        self.latency = latency
        self.cond = threading.Condition()
        self.calls: list[Call] = []
        self.updates: list[dict] = []
        self.confirmed_offset = 0
        self.messages: dict[tuple[str, int], dict] = {}  # (chat_id, message_id) -> message as last edited
        self.sent_order: list[tuple[str, int]] = []
        self.edits: list[dict] = []
        self.answered_callbacks: list[str] = []
        self.commands: dict[tuple[str, str], list] = {}
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, content)
        self.chats: dict[str, dict] = {}
        self.blocked: set[str] = set()
        self.failures: dict[str, list[tuple[int, str]]] = {}
        self.rejected_429 = 0
        self.rejected_403 = 0
        self._window: deque[float] = deque()
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._other_ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -----------------------------------------------------------------------------------

    def start(self) -> FakeBotAPI:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _reply(self, status: int, body: bytes, content_type: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):  # noqa: N802
                path = unquote(urlparse(self.path).path)  # PTB percent-encodes the token's ':'
                prefix = f"/file/bot{api.token}/"
                if path.startswith(prefix):
                    content = api._file_content(path[len(prefix) :])
                    if content is not None:
                        return self._reply(200, content, "application/octet-stream")
                    return self._reply(404, b'{"ok":false,"error_code":404,"description":"Not Found"}')
                return self._dispatch(b"")

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                self._dispatch(self.rfile.read(length) if length else b"")

            def _dispatch(self, body: bytes) -> None:
                status, payload = api.handle(self.path, self.headers.get("Content-Type", ""), body)
                self._reply(status, json.dumps(payload, ensure_ascii=False).encode())

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):  # clients killed mid-request reset sockets
                pass

        self._server = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-bot-api", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            with self.cond:
                self.cond.notify_all()
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # --- injecting updates ---------------------------------------------------------------------------

    def user(self, user_id: int, *, first_name: str | None = None, language_code: str = "vi") -> dict:
        return {
            "id": int(user_id),
            "is_bot": False,
            "first_name": first_name or f"User {user_id}",
            "language_code": language_code,
        }

    def _chat(self, chat_id: int, chat_type: str, title: str | None = None) -> dict:
        chat = {"id": int(chat_id), "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = f"User {chat_id}"
        else:
            chat["title"] = title or f"Group {chat_id}"
        self.chats[str(chat_id)] = chat
        return chat

    def push_update(self, update: dict) -> int:
        """Queue a raw update (its update_id is assigned here); returns the update_id."""
        with self.cond:
            update = dict(update, update_id=next(self._update_ids))
            update["_pushed_at"] = time.monotonic()
            self.updates.append(update)
            self.cond.notify_all()
            return update["update_id"]

    def message(
        self,
        user_id: int,
        text: str | None,
        *,
        chat_id: int | None = None,
        chat_type: str | None = None,
        first_name: str | None = None,
        language_code: str = "vi",
        document: dict | None = None,
        photo: list | None = None,
        caption: str | None = None,
        entities: list | None = None,
        reply_to: dict | None = None,
    ) -> int:
        """Inject a message from `user_id` (in their private chat unless `chat_id` is given)."""
        chat_id = user_id if chat_id is None else chat_id
        chat_type = chat_type or ("private" if int(chat_id) > 0 else "supergroup")
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(chat_id, chat_type),
            "from": self.user(user_id, first_name=first_name, language_code=language_code),
        }
        if text is not None:
            message["text"] = text
            ents = list(entities or [])
            if text.startswith("/"):
                ents.insert(0, {"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
            if ents:
                message["entities"] = ents
        if document is not None:
            message["document"] = document
        if photo is not None:
            message["photo"] = photo
        if caption is not None:
            message["caption"] = caption
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return self.push_update({"message": message})

    def callback(self, user_id: int, data: str, *, message: dict, language_code: str = "vi") -> int:
        """Inject a button press with callback `data` on a message the bot sent (from `sent()`)."""
        chat = self.chats.get(str(message["chat_id"])) or self._chat(int(message["chat_id"]), "private")
        bot_message = {
            "message_id": message["message_id"],
            "date": message["date"],
            "chat": chat,
            "from": self.me(),
            "text": message.get("text") or "",
        }
        query = {
            "id": str(next(self._other_ids)),
            "from": self.user(user_id, language_code=language_code),
            "chat_instance": str(message["chat_id"]),
            "data": data,
            "message": bot_message,
        }
        return self.push_update({"callback_query": query})

    def press(self, user_id: int, message: dict, label_part: str, **kwargs) -> int:
        """Press the first button of `message` whose label contains `label_part`."""
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if label_part in button["text"]:
                    return self.callback(user_id, button["callback_data"], message=message, **kwargs)
        raise AssertionError(f"no button {label_part!r} in {message.get('reply_markup')}")

    def add_file(self, content: bytes, *, name: str = "file.txt", mime_type: str = "text/plain") -> dict:
        """Store a file the user 'uploads'; returns a Document dict for `message(..., document=...)`."""
        with self.cond:
            n = next(self._other_ids)
            file_id = f"FILE{n}"
            self.files[file_id] = (f"documents/{n}_{name}", content)
        return {
            "file_id": file_id,
            "file_unique_id": f"U{file_id}",
            "file_name": name,
            "mime_type": mime_type,
            "file_size": len(content),
        }

    def add_photo(self, content: bytes = b"\xff\xd8fakejpeg") -> list:
        doc = self.add_file(content, name="photo.jpg", mime_type="image/jpeg")
        return [
            {"file_id": doc["file_id"], "file_unique_id": doc["file_unique_id"], "width": 90, "height": 90}
        ]

    # --- failure injection ---------------------------------------------------------------------------

    def block(self, chat_id) -> None:
        with self.cond:
            self.blocked.add(str(chat_id))

    def unblock(self, chat_id) -> None:
        with self.cond:
            self.blocked.discard(str(chat_id))

    def fail_next(
        self, method: str, count: int = 1, *, status: int = 500, description: str = "Internal Server Error"
    ):
        with self.cond:
            self.failures.setdefault(method, []).extend([(status, description)] * count)

    # --- observing -----------------------------------------------------------------------------------

    def me(self) -> dict:
        return {"id": self.bot_id, "is_bot": True, "first_name": "planbot", "username": self.username}

    def sent(self, chat_id=None) -> list[dict]:
        """Messages the bot sent (in order, as last edited), optionally to one chat."""
        with self.cond:
            keys = [k for k in self.sent_order if chat_id is None or k[0] == str(chat_id)]
            return [dict(self.messages[k]) for k in keys]

    def texts(self, chat_id=None) -> list[str]:
        return [m.get("text") or m.get("caption") or "" for m in self.sent(chat_id)]

    def calls_of(self, method: str) -> list[Call]:
        with self.cond:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, predicate, timeout: float = 10.0):
        """Wait until `predicate()` is truthy (re-checked after every request); returns its value."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                value = predicate()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"fake Bot API: condition not met within {timeout}s")
                self.cond.wait(min(remaining, 0.2))

    def wait_for_sent(self, chat_id, count: int = 1, timeout: float = 10.0) -> list[dict]:
        """Wait until the bot sent at least `count` messages to `chat_id` in total."""
        self.wait_for(lambda: len([k for k in self.sent_order if k[0] == str(chat_id)]) >= count, timeout)
        return self.sent(chat_id)

    def wait_consumed(self, timeout: float = 10.0) -> None:
        """Wait until the bot has confirmed (fetched past) every injected update."""
        self.wait_for(
            lambda: not self.updates or self.confirmed_offset > self.updates[-1]["update_id"], timeout
        )

    # --- the API -------------------------------------------------------------------------------------

    @staticmethod
    def _params(content_type: str, body: bytes, query: str) -> dict:
        params: dict = {k: v[-1] for k, v in parse_qs(query).items()}
        if not body:
            return params
        if content_type.startswith("application/json"):
            params.update(json.loads(body))
        elif content_type.startswith("multipart/form-data"):
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
            )
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                data = part.get_payload(decode=True) or b""
                if part.get_filename():
                    params[name] = {"filename": part.get_filename(), "size": len(data)}
                else:
                    params[name] = data.decode("utf-8", "replace")
        else:
            params.update({k: v[-1] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()})
        for key, value in list(params.items()):
            if isinstance(value, str) and value[:1] in "{[":
                with contextlib.suppress(ValueError):
                    params[key] = json.loads(value)
        return params

    def handle(self, raw_path: str, content_type: str, body: bytes) -> tuple[int, dict]:
        url = urlparse(raw_path)
        prefix = f"/bot{self.token}/"
        if not url.path.startswith(prefix):
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = url.path[len(prefix) :]
        try:
            params = self._params(content_type, body, url.query)
        except ValueError:
            return 400, {"ok": False, "error_code": 400, "description": "Bad Request: can't parse parameters"}
        with self.cond:
            self.calls.append(Call(method, params))
            self.cond.notify_all()
        try:
            if method == "getUpdates":
                result = self._get_updates(params)
            else:
                if method in SEND_METHODS and self.latency:
                    time.sleep(self.latency)
                with self.cond:
                    result = self._call(method, params)
                    self.cond.notify_all()
        except ApiError as exc:
            payload = {"ok": False, "error_code": exc.status, "description": exc.description}
            if exc.parameters:
                payload["parameters"] = exc.parameters
            return exc.status, payload
        return 200, {"ok": True, "result": result}

    def _get_updates(self, params: dict):
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        with self.cond:
            if offset:
                self.confirmed_offset = max(self.confirmed_offset, offset)
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                self.cond.notify_all()
            while True:
                ready = [u for u in self.updates if u["update_id"] >= offset][:limit]
                remaining = deadline - time.monotonic()
                if ready or remaining <= 0 or self._server is None:
                    return [{k: v for k, v in u.items() if not k.startswith("_")} for u in ready]
                self.cond.wait(min(remaining, 0.5))

    def _check_send(self, method: str, chat_id: str) -> None:
        if chat_id in self.blocked:
            self.rejected_403 += 1
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if self.max_per_second:
            now = time.monotonic()
            while self._window and now - self._window[0] >= 1.0:
                self._window.popleft()
            if len(self._window) >= self.max_per_second:
                self.rejected_429 += 1
                raise ApiError(
                    429,
                    f"Too Many Requests: retry after {self.retry_after}",
                    {"retry_after": self.retry_after},
                )
            self._window.append(now)

    def _store(self, chat_id: str, fields: dict) -> dict:
        chat = self.chats.get(chat_id) or {
            "id": int(chat_id),
            "type": "private" if int(chat_id) > 0 else "group",
        }
        message_id = next(self._message_ids)
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": self.me(),
            **fields,
        }
        # A sent file comes back as Telegram describes it (the record keeps what the client sent).
        if "photo" in fields:
            message["photo"] = [
                {
                    "file_id": f"photo-{message_id}",
                    "file_unique_id": f"p{message_id}",
                    "width": 1,
                    "height": 1,
                }
            ]
        if "document" in fields:
            message["document"] = {"file_id": f"document-{message_id}", "file_unique_id": f"d{message_id}"}
        record = {
            "message_id": message_id,
            "chat_id": chat_id,
            "date": message["date"],
            "at": time.monotonic(),
            **fields,
        }
        self.messages[(chat_id, message_id)] = record
        self.sent_order.append((chat_id, message_id))
        return message

    def _call(self, method: str, params: dict):
        failures = self.failures.get(method)
        if failures:
            status, description = failures.pop(0)
            raise ApiError(status, description)
        if method == "getMe":
            return self.me()
        if method in ("deleteWebhook", "setWebhook", "sendChatAction", "deleteMyCommands"):
            return True
        if method == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": len(self.updates)}
        if method == "setMyCommands":
            key = (
                json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True),
                params.get("language_code") or "",
            )
            self.commands[key] = params.get("commands") or []
            return True
        if method == "getMyCommands":
            key = (
                json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True),
                params.get("language_code") or "",
            )
            return self.commands.get(key, [])
        if method == "answerCallbackQuery":
            self.answered_callbacks.append(str(params.get("callback_query_id")))
            return True
        if method == "getFile":
            file_id = params.get("file_id")
            if file_id not in self.files:
                raise ApiError(400, "Bad Request: invalid file_id")
            path, content = self.files[file_id]
            return {
                "file_id": file_id,
                "file_unique_id": f"U{file_id}",
                "file_size": len(content),
                "file_path": path,
            }
        if method in SEND_METHODS:
            chat_id = str(params.get("chat_id"))
            self._check_send(method, chat_id)
            fields = {"method": method}
            if method == "sendMessage":
                text = params.get("text") or ""
                if not text.strip():
                    raise ApiError(400, "Bad Request: message text is empty")
                if len(text) > 4096:
                    raise ApiError(400, "Bad Request: message is too long")
                fields["text"] = text
            else:
                kind = "document" if method == "sendDocument" else "photo"
                fields[kind] = params.get(kind)
                fields["caption"] = params.get("caption")
            fields["parse_mode"] = params.get("parse_mode")
            fields["reply_markup"] = params.get("reply_markup")
            return self._store(chat_id, fields)
        if method in ("editMessageText", "editMessageReplyMarkup"):
            key = (str(params.get("chat_id")), int(params.get("message_id") or 0))
            record = self.messages.get(key)
            if record is None:
                raise ApiError(400, "Bad Request: message to edit not found")
            new_text = (
                params.get("text", record.get("text")) if method == "editMessageText" else record.get("text")
            )
            new_markup = params.get("reply_markup")
            if new_text == record.get("text") and new_markup == record.get("reply_markup"):
                raise ApiError(400, "Bad Request: message is not modified")
            if new_text is not None and len(new_text) > 4096:
                raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
            record.update(text=new_text, reply_markup=new_markup, edited_at=time.monotonic())
            self.edits.append(dict(record))
            return {
                "message_id": record["message_id"],
                "date": record["date"],
                "chat": self.chats.get(key[0]) or {"id": int(key[0]), "type": "private"},
                "from": self.me(),
                "text": new_text,
                "edit_date": int(time.time()),
            }
        raise ApiError(404, "Not Found: method not found")

    def _file_content(self, path: str) -> bytes | None:
        with self.cond:
            for file_path, content in self.files.values():
                if file_path == path:
                    return content
        return None

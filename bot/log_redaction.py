"""Keep secrets (bot tokens, the webhook secret) out of everything the process writes: log records,
the tracebacks attached to them, and uncaught exceptions on stderr (main thread and worker threads).

Bot API URLs contain the token, and PTB's InvalidToken message repeats it, so a traceback of a rejected
start would otherwise print it in full.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback

MASK = "**********"


def quiet_http_logs() -> None:
    """httpx logs every request URL at INFO, and Bot API URLs contain the token."""
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)


def redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        if secret and secret in text:
            text = text.replace(secret, MASK)
    return text


class RedactSecrets(logging.Filter):
    """Replace secrets in a record's message and in its formatted traceback and stack."""

    def __init__(self, secrets: list[str]):
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record: leave it to logging's own error handling
            return True
        if any(s in message for s in self.secrets):
            record.msg, record.args = redact(message, self.secrets), ()
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when it is set: format the traceback once, already redacted.
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


def _redacting_excepthook(secrets: list[str]):
    def hook(exc_type, exc, tb):
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        sys.stderr.write(redact(text, secrets))

    return hook


def _redacting_thread_hook(secrets: list[str]):
    def hook(args):
        if args.exc_type is SystemExit:
            return
        text = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
        sys.stderr.write(
            f"Exception in thread {getattr(args.thread, 'name', '?')}:\n" + redact(text, secrets)
        )

    return hook


def protect_secrets(secrets: list[str]) -> None:
    """Redact `secrets` from every log handler of the root logger and from uncaught exceptions."""
    quiet_http_logs()
    secrets = [s for s in secrets if s]
    if not secrets:
        return
    redactor = RedactSecrets(secrets)
    root = logging.getLogger()
    if not root.handlers:  # nothing configured yet: a handler on stderr, so the filter has a place
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in root.handlers:
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(redactor)
    sys.excepthook = _redacting_excepthook(secrets)
    threading.excepthook = _redacting_thread_hook(secrets)


def protect_logs(config) -> None:
    """Keep the configured tokens out of every log line and traceback, whatever the log level."""
    protect_secrets(config.secrets())

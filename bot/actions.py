"""Button actions: the one place where callback data is built and parsed.

An action is a verb and a few short arguments, `verb:arg1:arg2`, at most 64 bytes (Telegram's
callback_data limit). Zalo has no buttons; its adapter numbers the buttons of a reply and maps the
user's "1", "2", ... back to these same action strings.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 64
SEPARATOR = ":"
MAX_INT_ARG = 2**53  # ids, pages and percents are far below; anything larger is forged, not a row id


class BadAction(ValueError):
    """Callback data that this version of the bot did not build (stale or forged)."""


@dataclass(frozen=True)
class Action:
    verb: str
    args: tuple[str, ...] = ()

    def arg(self, index: int, default: str | None = None) -> str | None:
        return self.args[index] if index < len(self.args) else default

    def int_arg(self, index: int) -> int:
        raw = self.args[index] if index < len(self.args) else ""
        if not raw.isascii() or not raw.isdigit() or len(raw) > 16 or int(raw) > MAX_INT_ARG:
            raise BadAction(f"{self.verb}: argument {index} is not a number in range")
        return int(raw)


def build(verb: str, *args: object) -> str:
    """Encode an action; raises ValueError if it would not fit in callback data."""
    parts = [verb, *(str(a) for a in args)]
    if any(SEPARATOR in p for p in parts):
        raise ValueError(f"action parts may not contain {SEPARATOR!r}: {parts}")
    data = SEPARATOR.join(parts)
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"action too long ({len(data.encode())} bytes): {data}")
    return data


def parse(data: str | None) -> Action:
    """Decode callback data; raises BadAction for anything malformed."""
    if not data or len(data.encode()) > MAX_BYTES:
        raise BadAction("empty or oversized action")
    verb, *args = data.split(SEPARATOR)
    if not verb:
        raise BadAction("action without a verb")
    return Action(verb, tuple(args))

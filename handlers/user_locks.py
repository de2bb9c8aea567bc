"""One lock per person (or per person in a chat), so that one person's messages are answered in order
while different people are answered concurrently. Shared by Telegram and Zalo.

Bounded: a lock nobody holds or waits for is forgotten once more than `max_idle` are kept (least
recently used first). A lock in use is never dropped: dropping it would let a second lock for the same
person be created and two of their messages run at once. Counting holders (instead of asking
`Lock.locked()`) also covers the moment between one holder's release and the next waiter's wake-up.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict
from collections.abc import AsyncIterator, Hashable

DEFAULT_MAX_IDLE = 10_000


class _Entry:
    __slots__ = ("lock", "holders")

    def __init__(self):
        self.lock = asyncio.Lock()
        self.holders = 0  # inside `hold` (waiting or running)


class UserLocks:
    """Per-key asyncio locks; at most `max_idle` idle ones are kept (plus those in use)."""

    def __init__(self, max_idle: int = DEFAULT_MAX_IDLE):
        if max_idle < 0:
            raise ValueError("max_idle must be >= 0")
        self.max_idle = max_idle
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    @contextlib.asynccontextmanager
    async def hold(self, key: Hashable) -> AsyncIterator[None]:
        """Run the body with `key`'s lock held (after the earlier holders of that key)."""
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = _Entry()
        else:
            self._entries.move_to_end(key)
        entry.holders += 1
        try:
            async with entry.lock:
                yield
        finally:
            entry.holders -= 1
            self._trim()

    def _trim(self) -> None:
        excess = len(self._entries) - self.max_idle
        if excess <= 0:
            return
        idle = []
        for key, entry in self._entries.items():  # oldest first; entries in use are skipped
            if entry.holders == 0:
                idle.append(key)
                if len(idle) == excess:
                    break
        for key in idle:
            del self._entries[key]

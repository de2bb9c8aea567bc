"""Per-user locks shared by Telegram and Zalo: one person in order, others concurrently, bounded."""

from __future__ import annotations

import asyncio

import pytest

from handlers.user_locks import UserLocks


async def test_one_persons_messages_run_in_order_and_others_at_once():
    locks = UserLocks()
    events: list[str] = []
    release = asyncio.Event()

    async def handle(key: str, name: str, wait: bool = False) -> None:
        async with locks.hold(key):
            events.append(f"start {name}")
            if wait:
                await release.wait()
            events.append(f"end {name}")

    first = asyncio.create_task(handle("lan", "a", wait=True))
    second = asyncio.create_task(handle("lan", "b"))
    other = asyncio.create_task(handle("mai", "c"))
    await asyncio.sleep(0.01)
    assert events == ["start a", "start c", "end c"]  # Mai is not held up by Lan's slow answer
    release.set()
    await asyncio.gather(first, second, other)
    assert events[3:] == ["end a", "start b", "end b"]


async def test_idle_locks_are_bounded():
    locks = UserLocks(max_idle=50)
    for i in range(1000):
        async with locks.hold(("chat", i)):
            pass
    assert len(locks) == 50


async def test_a_lock_in_use_is_never_dropped():
    locks = UserLocks(max_idle=2)
    release = asyncio.Event()
    order: list[str] = []

    async def slow() -> None:
        async with locks.hold("busy"):
            order.append("busy 1 start")
            await release.wait()
            order.append("busy 1 end")

    async def again() -> None:
        async with locks.hold("busy"):
            order.append("busy 2")

    held = asyncio.create_task(slow())
    await asyncio.sleep(0)
    waiting = asyncio.create_task(again())
    for i in range(100):  # many others come and go meanwhile, pushing "busy" out of the LRU order
        async with locks.hold(i):
            pass
    await asyncio.sleep(0)
    assert "busy 2" not in order  # still the same lock: the second message waits
    release.set()
    await asyncio.gather(held, waiting)
    assert order == ["busy 1 start", "busy 1 end", "busy 2"] and len(locks) <= 2


async def test_an_error_inside_releases_the_lock():
    locks = UserLocks(max_idle=0)
    with pytest.raises(RuntimeError):
        async with locks.hold("k"):
            raise RuntimeError("boom")
    async with asyncio.timeout(1):
        async with locks.hold("k"):
            pass
    assert len(locks) == 0


def test_a_negative_bound_is_refused():
    with pytest.raises(ValueError):
        UserLocks(max_idle=-1)

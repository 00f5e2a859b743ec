"""Simulated time for the rate limiter: sleeps complete instantly, in order of their wake time.

Used by tests and the benchmark to compute the limiter's exact schedule without waiting.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable
from typing import TypeVar

T = TypeVar("T")


class VirtualTime:
    """A clock that advances only when every task is waiting in `sleep`."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        """Wait `seconds` of simulated time."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(0.0, seconds), next(self._order), future))
        await future

    async def run(self, work: Awaitable[T], *, settle: int = 8) -> T:
        """Drive `work` to completion, jumping the clock to the next wake-up whenever all idle."""
        task = asyncio.ensure_future(work)
        idle = 0
        while not task.done():
            for _ in range(settle):
                await asyncio.sleep(0)
            if task.done():
                break
            if not self._sleepers:
                idle += 1
                if idle > 10_000:
                    task.cancel()
                    raise RuntimeError("virtual time: tasks wait on something other than sleep")
                continue
            idle = 0
            wake, _, future = heapq.heappop(self._sleepers)
            self.now = max(self.now, wake)
            future.set_result(None)
        return task.result()

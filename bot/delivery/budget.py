"""One rate budget per bot token across processes: slot blocks reserved in the shared database.

Every process that sends for a token on one PostgreSQL database takes its global send slots from
one schedule row (`rate_budget`): it reserves a block of evenly spaced slots with one UPDATE
(about 50 ms of slots at 1,000 msg/s, 2 slots at Telegram's 30), sends in them, and reserves the
next block before this one runs out. Blocks never overlap, so N processes together send at most
`global_rate` per (1 + margin) s, whichever of them sends; a 429 pauses the row for all. Slots
are on the database's clock, so clock skew between hosts does not matter. SQLite has one
process, whose in-process limiter is the whole budget.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections import deque
from collections.abc import Callable

from bot.storage import ratebudget
from bot.storage.database import Database

log = logging.getLogger(__name__)
# A block covers this many seconds of the global rate (at least one slot).
BLOCK_SECONDS = 0.05
# A reservation's first slot lies at least this far ahead, so its answer arrives in time.
LEAD = 0.02


class DatabaseSlots:
    """Reserve a token's global send slots from the shared schedule row, a block at a time."""

    def __init__(
        self,
        db: Database,
        name: str,
        *,
        global_rate: float,
        window_margin: float = 0.05,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._db = db
        self._name = name
        self._interval = (1.0 + window_margin) / global_rate
        self._count = max(1, math.ceil(global_rate * BLOCK_SECONDS))
        # A slot missed by more than this is dropped, not sent late: a late send arrives bunched
        # with another process's next slots. Slots are 1 + margin seconds per global_rate, so
        # sends up to margin seconds late still keep any one second within the rate; 40% of
        # that leaves room for mapping the database's clock onto this process's.
        self._slack = max(0.4 * window_margin, 0.002)
        self._clock = clock
        self._slots: deque[float] = deque()
        self._refill: asyncio.Task[None] | None = None
        self._ready = False
        self._offset = float("inf")
        self._pauses: set[asyncio.Task[None]] = set()
        self.reservations = 0
        self.dropped = 0

    @property
    def slack(self) -> float:
        """How late a reserved slot may still be used."""
        return self._slack

    async def take(self, now: float) -> float:
        """Return the next reserved slot on the local clock that is not already missed."""
        while True:
            while self._slots and self._slots[0] < now - self._slack:
                self._slots.popleft()
                self.dropped += 1
            if self._slots:
                slot = self._slots.popleft()
                if len(self._slots) < self._count // 2 + 1:
                    self._start_refill()
                return slot
            self._start_refill()
            assert self._refill is not None
            await asyncio.shield(self._refill)
            now = self._clock()

    def _start_refill(self) -> None:
        if self._refill is None or self._refill.done():
            self._refill = asyncio.create_task(self._reserve(), name="rate-budget")

    async def _reserve(self) -> None:
        if not self._ready:
            await ratebudget.ensure(self._db, self._name)
            self._ready = True
        block = await ratebudget.reserve(
            self._db, self._name, count=self._count, interval=self._interval, lead=LEAD
        )
        # The database read its clock during the UPDATE; the answer came back just now. A slow
        # answer only overstates the offset, so the smallest one seen is the best estimate.
        self._offset = min(self._offset, self._clock() - block.now)
        self.reservations += 1
        first = block.first + self._offset
        self._slots.extend(first + i * block.interval for i in range(block.count))

    def pause(self, seconds: float) -> None:
        """Move the shared schedule past a 429's pause, for every process (in the background)."""
        self._slots.clear()
        task = asyncio.get_running_loop().create_task(self._pause(seconds))
        self._pauses.add(task)
        task.add_done_callback(self._pauses.discard)

    async def _pause(self, seconds: float) -> None:
        try:
            await ratebudget.pause(self._db, self._name, seconds=seconds)
        except Exception as exc:  # the local pause still holds
            log.warning("could not share a flood-control pause: %s", exc)

    async def close(self) -> None:
        """Wait for background writes and drop a refill in progress."""
        if self._refill is not None:
            self._refill.cancel()
            with contextlib.suppress(BaseException):
                await self._refill
        for task in list(self._pauses):
            with contextlib.suppress(BaseException):
                await task


def budget_name(token: str) -> str:
    """Name a token's schedule row by its bot id (the public part of the token)."""
    return f"bot:{token.partition(':')[0]}"

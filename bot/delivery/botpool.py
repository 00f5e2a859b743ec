"""Spread sends over a few PTB Bots with one HTTP connection each.

httpx's connection pool slows down sharply when many requests share it on this workload
(see benchmarks/RESULTS-delivery.md), while several single-connection clients scale. Each clone
is a plain PTB `Bot` with its default HTTPXRequest. Clones are made on the first send, so a tick
with nothing due costs no extra requests.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from telegram import Bot
from telegram.request import HTTPXRequest


class BotPool:
    """Lend out one of `size` Bots (the given one plus clones) to each send in flight."""

    def __init__(self, bot: Bot, *, size: int, timeout: float = 10.0) -> None:
        self._bot = bot
        self._size = max(1, size)
        self._timeout = timeout
        self._clones: list[Bot] = []
        self._idle: asyncio.Queue[Bot] = asyncio.Queue()
        self._started = False
        self._lock = asyncio.Lock()

    async def __aenter__(self) -> BotPool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        clones, self._clones = self._clones, []
        await asyncio.gather(*(clone.shutdown() for clone in clones), return_exceptions=True)

    @contextlib.asynccontextmanager
    async def lease(self) -> AsyncIterator[Bot]:
        """Borrow an idle Bot for one request."""
        if not self._started:
            await self._start()
        bot = await self._idle.get()
        try:
            yield bot
        finally:
            self._idle.put_nowait(bot)

    async def _start(self) -> None:
        async with self._lock:
            if self._started:
                return
            base_url = self._bot.base_url
            for _ in range(self._size - 1):
                self._clones.append(
                    Bot(
                        self._bot.token,
                        base_url=lambda _token: base_url,
                        request=HTTPXRequest(
                            connection_pool_size=1,
                            read_timeout=self._timeout,
                            write_timeout=self._timeout,
                            connect_timeout=self._timeout,
                            pool_timeout=self._timeout,
                        ),
                    )
                )
            # A clone that cannot initialise (network down) is simply not used this tick.
            results = await asyncio.gather(
                *(clone.initialize() for clone in self._clones), return_exceptions=True
            )
            for clone, result in zip(self._clones, results, strict=True):
                if not isinstance(result, BaseException):
                    self._idle.put_nowait(clone)
            self._idle.put_nowait(self._bot)
            self._started = True

"""Spread sends over a few PTB Bots with one HTTP connection each.

httpx's connection pool slows down sharply when many requests share it on this kind of
workload (measured in benchmarks/RESULTS-delivery.md), while several single-connection
clients scale. Each clone is a plain PTB `Bot` with its default HTTPXRequest.
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

    async def __aenter__(self) -> BotPool:
        base_url = self._bot.base_url
        for _ in range(self._size - 1):
            clone = Bot(
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
            self._clones.append(clone)
        await asyncio.gather(*(clone.initialize() for clone in self._clones))
        for bot in (self._bot, *self._clones):
            self._idle.put_nowait(bot)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.gather(*(clone.shutdown() for clone in self._clones), return_exceptions=True)
        self._clones.clear()

    @contextlib.asynccontextmanager
    async def lease(self) -> AsyncIterator[Bot]:
        """Borrow an idle Bot for one request."""
        bot = await self._idle.get()
        try:
            yield bot
        finally:
            self._idle.put_nowait(bot)

"""Lend the sending Bot to at most `size` sends at once, over one aiohttp connection pool.

Delivery sends through its own PTB `Bot` (same token and API address as the given one) whose
request backend is AiohttpRequest: PTB's default HTTPXRequest costs ~2 ms of CPU per call here
and caps a process near 350 messages/s (see benchmarks/RESULTS-delivery.md). The sender is
made on the first send, so a tick with nothing due costs no extra requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from telegram import Bot

from bot.telegram.aiohttp_request import AiohttpRequest

log = logging.getLogger(__name__)


class BotPool:
    """Lend the sending Bot to each send in flight, at most `size` at once (a connection each)."""

    def __init__(self, bot: Bot, *, size: int, timeout: float = 10.0) -> None:
        self._bot = bot
        self._size = max(1, size)
        self._timeout = timeout
        self._sender: Bot | None = None
        self._chosen: Bot | None = None
        self._slots = asyncio.Semaphore(self._size)
        self._lock = asyncio.Lock()

    async def __aenter__(self) -> BotPool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        sender, self._sender, self._chosen = self._sender, None, None
        if sender is not None:
            with contextlib.suppress(Exception):
                await sender.shutdown()

    @contextlib.asynccontextmanager
    async def lease(self) -> AsyncIterator[Bot]:
        """Borrow the sending Bot for one request; waits while `size` requests are in flight."""
        bot = self._chosen or await self._start()
        async with self._slots:
            yield bot

    async def _start(self) -> Bot:
        async with self._lock:
            if self._chosen is not None:
                return self._chosen
            # The pool timeout only matters if more requests than connections are in flight,
            # which the slots above prevent; a wait there means something is stuck.
            sender = Bot(
                self._bot.token,
                base_url=lambda _token: self._bot.base_url,
                request=AiohttpRequest(
                    connection_pool_size=self._size,
                    read_timeout=self._timeout,
                    write_timeout=self._timeout,
                    connect_timeout=self._timeout,
                    pool_timeout=self._timeout,
                ),
                get_updates_request=AiohttpRequest(connection_pool_size=1),
            )
            try:
                await sender.initialize()
            except Exception as exc:
                # Network down at start: send through the given Bot; its errors reach the caller.
                log.warning("delivery sender could not start (%s); using the bot's own", exc)
                with contextlib.suppress(Exception):
                    await sender.shutdown()
                self._chosen = self._bot
                return self._bot
            self._sender = self._chosen = sender
            return sender

"""Lend the sending Bot to at most `size` sends at once, over one aiohttp connection pool.

Delivery sends through its own PTB `Bot` (same token and API address as the given one) whose
request backend is AiohttpRequest by default: PTB's default HTTPXRequest costs ~2 ms of CPU per
call here and caps a process near 350 messages/s (see benchmarks/RESULTS-delivery.md). The sender is
made on the first send, so a tick with nothing due costs no extra requests.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from telegram import Bot

from bot.botapi.aiohttp_request import RequestFactory, aiohttp_requests


class BotPool:
    """Lend the sending Bot to each send in flight, at most `size` at once (a connection each)."""

    def __init__(
        self,
        bot: Bot,
        *,
        size: int,
        timeout: float = 10.0,
        request: RequestFactory = aiohttp_requests,
    ) -> None:
        self._bot = bot
        self._size = max(1, size)
        self._timeout = timeout
        self._request = request
        self._sender: SenderBot | None = None
        self._slots = asyncio.Semaphore(self._size)
        self._lock = asyncio.Lock()

    async def __aenter__(self) -> BotPool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        sender, self._sender = self._sender, None
        if sender is not None:
            with contextlib.suppress(Exception):
                await sender.shutdown()

    @contextlib.asynccontextmanager
    async def lease(self) -> AsyncIterator[Bot]:
        """Borrow the sending Bot for one request; waits while `size` requests are in flight."""
        bot = self._sender or await self._start()
        async with self._slots:
            yield bot

    async def _start(self) -> Bot:
        async with self._lock:
            if self._sender is not None:
                return self._sender
            sender = SenderBot(
                self._bot.token,
                base_url=lambda _token: self._bot.base_url,
                # The pool timeout only matters if more requests than connections are in
                # flight, which the slots above prevent; a wait there means something is stuck.
                request=self._request(self._size, timeout=self._timeout),
                get_updates_request=self._request(1, timeout=self._timeout),
            )
            try:
                await sender.initialize()
            except BaseException:
                # Network down or a bad token: the send that asked sees the error (and retries
                # or stops like any failed send); the next lease starts afresh.
                with contextlib.suppress(Exception):
                    await sender.shutdown()
                raise
            self._sender = sender
            return sender


class SenderBot(Bot):
    """A PTB Bot for broadcasting: sendMessage without building the Message it answers.

    Telegram's answer is still read and checked by PTB (errors raise the usual exceptions);
    only turning it into a Message object (~0.2 ms of CPU for a digest with a keyboard) is
    skipped, since delivery never looks at it.
    """

    async def send_html(self, chat_id: int, text: str, extras: dict[str, str]) -> None:
        """Send `text` as HTML to `chat_id` with extra, already JSON-encoded parameters."""
        await self._post(
            "sendMessage", {"chat_id": chat_id, "text": text, "parse_mode": "HTML", **extras}
        )

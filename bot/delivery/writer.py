"""Serialise ledger writes through one task with group commit.

Each caller waits until its own write is committed (so the ledger is durable before the next
message goes out), while writes that arrive together share one transaction. One writer per
process also spares SQLite from several connections fighting over its single write lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.database import Database

T = TypeVar("T")
Operation = Callable[[AsyncSession], Awaitable[Any]]

log = logging.getLogger(__name__)


class LedgerWriter:
    """Run database operations one transaction at a time, batching those that queue up."""

    def __init__(self, db: Database, *, max_batch: int = 256) -> None:
        self._db = db
        self._max_batch = max_batch
        self._queue: asyncio.Queue[tuple[Operation, asyncio.Future[Any]] | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self.transactions = 0

    async def __aenter__(self) -> LedgerWriter:
        self._task = asyncio.create_task(self._loop(), name="ledger-writer")
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._queue.put(None)
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def run(self, operation: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run `operation` in a committed transaction and return its result."""
        if self._task is None or self._task.done():
            raise RuntimeError("the ledger writer is not running")
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        await self._queue.put((operation, future))
        return await future

    async def _loop(self) -> None:
        while True:
            item = await self._queue.get()
            if item is None:
                return
            batch = [item]
            stop = False
            while len(batch) < self._max_batch and not self._queue.empty():
                extra = self._queue.get_nowait()
                if extra is None:
                    stop = True
                    break
                batch.append(extra)
            await self._commit(batch)
            if stop:
                return

    async def _commit(self, batch: list[tuple[Operation, asyncio.Future[Any]]]) -> None:
        try:
            results = []
            async with self._db.transaction() as session:
                for operation, _ in batch:
                    results.append(await operation(session))
            self.transactions += 1
        except Exception as exc:
            if len(batch) == 1:
                if not batch[0][1].done():
                    batch[0][1].set_exception(exc)
                return
            # One operation failed: run each alone so only that one reports the error.
            for operation, future in batch:
                await self._commit_alone(operation, future)
            return
        for (_, future), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)

    async def _commit_alone(self, operation: Operation, future: asyncio.Future[Any]) -> None:
        try:
            async with self._db.transaction() as session:
                result = await operation(session)
            self.transactions += 1
        except Exception as exc:
            if not future.done():
                future.set_exception(exc)
            return
        if not future.done():
            future.set_result(result)

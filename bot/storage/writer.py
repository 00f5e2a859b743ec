"""Serialise ledger writes through one task with group commit.

Each caller waits until its own write is committed (so the ledger is durable before the next
message goes out), while writes that arrive together share one transaction, and progress rows
share one statement (PostgreSQL) or one executemany (SQLite). On PostgreSQL a batch of nothing
but progress is that one statement in autocommit on a connection the writer keeps: one round
trip, instead of a pool checkout's ping, BEGIN, the writes and COMMIT. One writer per process
also spares SQLite from several connections fighting over its single write lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.storage.database import Database, is_retryable_conflict
from bot.storage.deliveries import Progress, batch_progress, one_statement_fits, record_progress

T = TypeVar("T")
_CONFLICT_ATTEMPTS = 5
Operation = Callable[[AsyncSession], Awaitable[Any]]


@dataclass
class _Item:
    future: asyncio.Future[Any]
    operation: Operation | None = None
    progress: Progress | None = None


class LedgerWriter:
    """Run database operations one transaction at a time, batching those that queue up."""

    def __init__(self, db: Database, *, max_batch: int = 512) -> None:
        self._db = db
        self._max_batch = max_batch
        self._queue: asyncio.Queue[_Item | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._autocommit: AsyncConnection | None = None
        self.transactions = 0

    async def __aenter__(self) -> LedgerWriter:
        self._task = asyncio.create_task(self._loop(), name="ledger-writer")
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._queue.put(None)
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._drop_autocommit()

    async def run(self, operation: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run `operation` in a committed transaction and return its result."""
        result: T = await self._submit(_Item(self._future(), operation=operation))
        return result

    async def record(self, progress: Progress) -> bool:
        """Commit one progress snapshot; False if another worker owns the row now."""
        written: bool = await self._submit(_Item(self._future(), progress=progress))
        return written

    def _future(self) -> asyncio.Future[Any]:
        if self._task is None or self._task.done():
            raise RuntimeError("the ledger writer is not running")
        return asyncio.get_running_loop().create_future()

    async def _submit(self, item: _Item) -> Any:
        await self._queue.put(item)
        return await item.future

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

    async def _commit(self, batch: list[_Item]) -> None:
        try:
            results = await self._retrying(batch)
        except Exception as exc:
            if len(batch) == 1:
                _settle(batch[0], exc=exc)
                return
            # One operation failed: run each alone so only that one reports the error.
            for item in batch:
                try:
                    (result,) = await self._retrying([item])
                except Exception as alone:
                    _settle(item, exc=alone)
                else:
                    _settle(item, result=result)
            return
        for item, result in zip(batch, results, strict=True):
            _settle(item, result=result)

    async def _retrying(self, batch: list[_Item]) -> list[Any]:
        # Another process claiming or recording at the same moment can deadlock with us on
        # PostgreSQL; the aborted transaction wrote nothing, so it is simply run again.
        for attempt in range(_CONFLICT_ATTEMPTS):
            try:
                return await self._transaction(batch)
            except Exception as exc:
                if attempt == _CONFLICT_ATTEMPTS - 1 or not is_retryable_conflict(exc):
                    raise
                await asyncio.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
        raise AssertionError("unreachable")

    async def _transaction(self, batch: list[_Item]) -> list[Any]:
        if self._db.dialect == "postgresql" and all(item.operation is None for item in batch):
            items = [item.progress for item in batch]
            if one_statement_fits(items):  # type: ignore[arg-type]
                return await self._autocommitted(items)  # type: ignore[arg-type]
        results: list[Any] = [None] * len(batch)
        async with self._db.transaction() as session:
            progress = []
            for index, item in enumerate(batch):
                if item.operation is not None:
                    results[index] = await item.operation(session)
                else:
                    progress.append(index)
            written = await record_progress(session, [batch[i].progress for i in progress])  # type: ignore[misc]
            for index, ok in zip(progress, written, strict=True):
                results[index] = ok
        self.transactions += 1
        return results

    async def _autocommitted(self, items: list[Progress]) -> list[Any]:
        for attempt in range(2):
            try:
                if self._autocommit is None:
                    connection = await self._db.engine.connect()
                    self._autocommit = await connection.execution_options(
                        isolation_level="AUTOCOMMIT"
                    )
                written = await batch_progress(self._autocommit, items)
            except DBAPIError as exc:
                await self._drop_autocommit()
                # A connection that died while the writer kept it (the server restarted, an
                # idle link was cut): what a pool checkout's ping would have caught. Running the
                # batch again on a fresh one is safe: it writes the same values under the same
                # conditions, so a statement that did run before the answer was lost changes
                # nothing more.
                if attempt or not exc.connection_invalidated:
                    raise
                continue
            except BaseException:
                await self._drop_autocommit()
                raise
            self.transactions += 1
            return written
        raise AssertionError("unreachable")

    async def _drop_autocommit(self) -> None:
        connection, self._autocommit = self._autocommit, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.close()


def _settle(item: _Item, *, result: Any = None, exc: BaseException | None = None) -> None:
    if item.future.done():
        return
    if exc is not None:
        item.future.set_exception(exc)
    else:
        item.future.set_result(result)

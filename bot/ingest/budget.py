"""What one pass may spend on fetching: per-host time and concurrency, and a teaser deadline.

A host holds at most `per_host` of the pass's requests at a time. Every request is charged to
its host's `host_budget` of request time; once a host has used it, its optional fetches (teaser
pages) are refused at once, and teaser pages also stop when the pass has spent `teaser_budget`
on them: teasers not expanded by then are kept as teasers and retried next pass. A source's own
fetch is never refused for a budget (only its `timeout` bounds it): many feeds on one big host
must not fail, and back off, because that host served them all.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from urllib.parse import urlsplit

from bot.ingest.models import SourceError
from bot.settings import FetchConfig


class BudgetSpent(SourceError):
    """A request was not made (or was cut short) because the pass's time budget is spent."""

    transient = True  # the next pass has a budget of its own

    def __init__(self, message: str, *, tried: bool = False) -> None:
        super().__init__(message)
        self.tried = tried  # the request was made (and cut), not refused before it started


def host_of(url: str) -> str:
    """Return the host (and port, when given) a URL's requests are counted against."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
        return f"{host}:{parts.port}" if parts.port else host
    except ValueError:
        return url[:200]


class FetchBudget:
    """The per-host and teaser time budgets of one pass, and its per-host connection slots."""

    def __init__(
        self, config: FetchConfig | None = None, *, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.config = config or FetchConfig()
        self._now = monotonic
        self._started = monotonic()
        self._spent: defaultdict[str, float] = defaultdict(float)
        self._slots: dict[str, asyncio.Semaphore] = {}

    def spent(self, host: str) -> float:
        """Return the request seconds `host` has used in this pass."""
        return self._spent[host]

    def teaser_seconds_left(self) -> float:
        """Return how long optional fetches may still run in this pass."""
        return self.config.teaser_budget.total_seconds() - (self._now() - self._started)

    def host_seconds_left(self, host: str) -> float:
        """Return how much request time `host` has left in this pass."""
        return self.config.host_budget.total_seconds() - self._spent[host]

    @contextlib.asynccontextmanager
    async def slot(self, url: str, *, optional: bool = False) -> AsyncIterator[float]:
        """Hold one of the host's slots; yield the seconds the request may take; charge them.

        For an optional fetch, raise BudgetSpent at once when the host's budget or the pass's
        teaser budget is spent, or when no slot frees up before the teaser budget ends; a
        source's own fetch may take as long as its timeout (yielded as infinity).
        """
        host = host_of(url)
        slots = self._slots.setdefault(host, asyncio.Semaphore(self.config.per_host))
        if optional:
            self._check_teasers()
            try:
                async with asyncio.timeout(max(self.teaser_seconds_left(), 0)):
                    await slots.acquire()
            except TimeoutError:
                raise BudgetSpent("the pass's teaser time budget is spent") from None
        else:
            await slots.acquire()
        started = self._now()
        try:
            if not optional:
                yield float("inf")
                return
            left = self.host_seconds_left(host)
            if left <= 0:
                raise BudgetSpent(f"{host} has used its time budget for this pass")
            self._check_teasers()
            yield min(left, self.teaser_seconds_left())
        finally:
            self._spent[host] += max(self._now() - started, 0.0)
            slots.release()

    def _check_teasers(self) -> None:
        if self.teaser_seconds_left() <= 0:
            raise BudgetSpent("the pass's teaser time budget is spent")

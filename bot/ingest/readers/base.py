"""What every reader gets (the HTTP client, limits, the source's validators) and gives back."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import httpx

from bot.ingest.budget import FetchBudget
from bot.ingest.fetch import Fetched, fetch
from bot.ingest.models import RawArticle
from bot.settings import IngestConfig

T = TypeVar("T")


@dataclass(frozen=True)
class ReadContext:
    """The means and limits of one read: shared client, size and time caps, stored validators.

    `budget` is the pass's (per-host slots and time budgets); one read alone gets its own.
    """

    client: httpx.AsyncClient
    limits: IngestConfig
    budget: FetchBudget = field(default_factory=FetchBudget)
    base_dir: Path = Path(".")
    etag: str | None = None
    last_modified: str | None = None
    executor: Executor | None = None

    async def off_loop(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run CPU-bound work (parsing, extraction) in the executor so the loop stays free."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, functools.partial(func, *args, **kwargs))

    async def get(self, url: str, *, conditional: bool = True, optional: bool = False) -> Fetched:
        """Fetch `url` within the limits (conditionally, with the source's stored validators).

        An `optional` fetch (a teaser's page) also stops when the pass's teaser budget is spent.
        """
        return await fetch(
            self.client,
            url,
            max_bytes=self.limits.max_bytes,
            timeout=self.limits.timeout.total_seconds(),
            etag=self.etag if conditional else None,
            last_modified=self.last_modified if conditional else None,
            budget=self.budget,
            optional=optional,
        )


@dataclass(frozen=True)
class ReadResult:
    """A source's current articles and what the read learned about it."""

    articles: list[RawArticle]
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    warnings: tuple[str, ...] = ()
    teasers: bool = False  # items may be teasers worth completing from their pages


class Reader(Protocol):
    """A reader module: its source kind and one coroutine that reads such a source."""

    KIND: str

    async def read(self, source: Any, context: ReadContext) -> ReadResult: ...

"""HTTP fetching with limits: the fetch policy, total time, decoded size, redirects, budgets.

Every outbound request goes through the client made here (its transport enforces the fetch
policy of bot.ingest.policy on the first request and on every redirect) and through `fetch`,
which bounds the exchange in time (one deadline, the pass's per-host and teaser budgets) and
in size: the body is decoded here, layer by layer in bounded steps, so the cap applies to the
decoded bytes however many times they were compressed.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import httpx

from bot.ingest.budget import BudgetSpent, FetchBudget
from bot.ingest.models import SourceError
from bot.ingest.policy import GuardedTransport, Refused, Resolve, system_resolve
from bot.settings import FetchConfig, IngestConfig

MAX_REDIRECTS = 5
MAX_ENCODINGS = 3  # stacked Content-Encoding layers decoded at most
_STEP = 64 * 1024  # most bytes one decompression step may produce
_ENCODINGS = ("gzip", "x-gzip", "deflate", "identity")


class FetchError(SourceError):
    """A source could not be fetched; the message is one line naming the cause.

    `transient` says whether trying again later may work (a timeout, a network error, 5xx).
    """

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


class TooLarge(FetchError):
    """The body (raw or decoded) is larger than the limit."""


@dataclass(frozen=True)
class Fetched:
    """A fetched response (status 200) or a 304 meaning the resource is unchanged."""

    status: int
    url: str
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """Return True when the server answered 304 Not Modified."""
        return self.status == 304


def make_http_client(
    config: IngestConfig, fetch: FetchConfig | None = None, *, resolve: Resolve = system_resolve
) -> httpx.AsyncClient:
    """Create the shared client: the fetch policy, timeouts, at most 5 redirects, our User-Agent."""
    limits = httpx.Limits(max_connections=max(10, config.concurrency * 2))
    return httpx.AsyncClient(
        transport=GuardedTransport(fetch or FetchConfig(), limits=limits, resolve=resolve),
        timeout=httpx.Timeout(config.timeout.total_seconds()),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        # Only the encodings decoded here, in bounded steps (never brotli or zstd).
        headers={"User-Agent": config.user_agent, "Accept-Encoding": "gzip, deflate"},
        trust_env=False,
    )


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    max_bytes: int,
    timeout: float,  # noqa: ASYNC109 - one deadline for the whole exchange, enforced inside
    etag: str | None = None,
    last_modified: str | None = None,
    budget: FetchBudget | None = None,
    optional: bool = False,
) -> Fetched:
    """GET a URL, reading at most max_bytes within timeout seconds; raise FetchError otherwise.

    With a budget, the request holds one of its host's slots and may run no longer than the
    host (and, if `optional`, the pass's teaser budget) has left.
    """
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    async with (budget or FetchBudget()).slot(url, optional=optional) as allowed:
        deadline = min(timeout, allowed)
        try:
            # One deadline for the whole exchange: httpx's timeouts are per read, so a server
            # trickling a byte at a time would otherwise hold the source forever.
            async with asyncio.timeout(deadline):
                return await _get(client, url, headers=headers, max_bytes=max_bytes)
        except (TimeoutError, httpx.TimeoutException):
            if deadline < timeout:
                message = f"cut after {deadline:.3g}s: the time budget ran out"
                raise BudgetSpent(message, tried=True) from None
            raise FetchError(f"timed out after {timeout:g}s", transient=True) from None
        except Refused as exc:
            raise FetchError(f"refused by the fetch policy: {exc}") from None
        except httpx.TooManyRedirects:
            raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})") from None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            message = f"network error: {type(exc).__name__}: {exc}".strip()
            raise FetchError(message, transient=True) from None


async def _get(
    client: httpx.AsyncClient, url: str, *, headers: dict[str, str], max_bytes: int
) -> Fetched:
    async with client.stream("GET", url, headers=headers) as response:
        final_url = str(response.url)
        if response.status_code == 304:
            return Fetched(status=304, url=final_url)
        if response.status_code >= 400 or response.status_code < 200:
            status = response.status_code
            transient = status >= 500 or status in (408, 429)
            message = f"HTTP {status} {response.reason_phrase}".strip()
            raise FetchError(message, transient=transient)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise TooLarge(f"response too large ({declared} bytes; limit {max_bytes})")
        decoder = BoundedDecoder(response.headers.get_list("content-encoding", split_commas=True),
                                 limit=max_bytes)  # fmt: skip
        chunks: list[bytes] = []
        async for raw in response.aiter_raw():
            chunks.extend(decoder.decode(raw))
        chunks.extend(decoder.finish())
        return Fetched(
            status=response.status_code,
            url=final_url,
            body=b"".join(chunks),
            content_type=response.headers.get("content-type", ""),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )


class _Layer:
    """One gzip or deflate layer, inflated in steps of at most _STEP bytes."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._gzip = encoding in ("gzip", "x-gzip")
        self._inflater = self._new()
        self._first = True

    def _new(self) -> zlib._Decompress:
        return zlib.decompressobj(zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS)

    def inflate(self, data: bytes) -> Iterator[bytes]:
        """Yield the inflated bytes of `data` in bounded pieces."""
        while data:
            try:
                piece = self._inflater.decompress(data, _STEP)
            except zlib.error as exc:
                if self._first and not self._gzip:  # deflate sent without its zlib header
                    self._inflater, self._first = zlib.decompressobj(-zlib.MAX_WBITS), False
                    continue
                raise FetchError(f"body is not valid {self.encoding}: {exc}") from None
            self._first = False
            if piece:
                yield piece
            data = self._inflater.unconsumed_tail
            if not data and self._inflater.eof and self._inflater.unused_data:
                data = self._inflater.unused_data  # a further gzip member
                self._inflater = self._new()

    def finish(self) -> Iterator[bytes]:
        """Yield what the inflater still holds (all input is consumed, so it is small)."""
        rest = self._inflater.flush()
        if rest:
            yield rest


class BoundedDecoder:
    """Undo the Content-Encoding layers in bounded steps; refuse any layer that exceeds `limit`.

    Each step inflates at most 64 KiB, so a few hundred compressed bytes that would inflate to
    gigabytes never become more than `limit` bytes in memory, whatever the number of layers.
    """

    def __init__(self, encodings: list[str], *, limit: int) -> None:
        names = [e.strip().lower() for e in encodings if e.strip()]
        unknown = [n for n in names if n not in _ENCODINGS]
        if unknown:
            raise FetchError(f"unsupported content encoding {unknown[0]!r}")
        names = [n for n in names if n != "identity"]
        if len(names) > MAX_ENCODINGS:
            raise FetchError(f"refused: {len(names)} stacked content encodings")
        # Applied first is listed first, so the last one listed is undone first.
        self._layers = [_Layer(n) for n in reversed(names)]
        self._limit = limit
        self._sizes = [0] * (len(self._layers) + 1)

    def decode(self, raw: bytes) -> Iterator[bytes]:
        """Yield the decoded bytes of the next raw chunk."""
        yield from self._through(0, raw)

    def finish(self) -> Iterator[bytes]:
        """Yield what the layers still hold at the end of the body."""
        for index, layer in enumerate(self._layers):
            for piece in layer.finish():
                yield from self._through(index + 1, piece)

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        self._sizes[index] += len(data)
        if self._sizes[index] > self._limit:
            stage = "raw" if index == 0 else "decoded"
            raise TooLarge(
                f"response too large (over {self._limit} bytes {stage}); stopped reading"
            )
        if index == len(self._layers):
            yield data
            return
        for piece in self._layers[index].inflate(data):
            yield from self._through(index + 1, piece)

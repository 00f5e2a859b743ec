"""HTTP fetching with limits: total time, body size, redirects, and conditional GET."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from bot.ingest.models import SourceError
from bot.settings import IngestConfig

MAX_REDIRECTS = 5


class FetchError(SourceError):
    """A source could not be fetched; the message is one line naming the cause."""


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


def make_http_client(config: IngestConfig) -> httpx.AsyncClient:
    """Create the shared client: timeouts, at most 5 redirects, our User-Agent."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(config.timeout.total_seconds()),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": config.user_agent},
        limits=httpx.Limits(max_connections=max(10, config.concurrency * 2)),
    )


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    max_bytes: int,
    timeout: float,  # noqa: ASYNC109 - one deadline for the whole exchange, enforced inside
    etag: str | None = None,
    last_modified: str | None = None,
) -> Fetched:
    """GET a URL, reading at most max_bytes within timeout seconds; raise FetchError otherwise."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        # One deadline for the whole exchange: httpx's timeouts are per read, so a server
        # trickling a byte at a time would otherwise hold the source forever.
        async with asyncio.timeout(timeout):
            return await _get(client, url, headers=headers, max_bytes=max_bytes)
    except TimeoutError:
        raise FetchError(f"timed out after {timeout:g}s") from None
    except httpx.TooManyRedirects:
        raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})") from None
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {timeout:g}s") from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise FetchError(f"network error: {type(exc).__name__}: {exc}".strip()) from None


async def _get(
    client: httpx.AsyncClient, url: str, *, headers: dict[str, str], max_bytes: int
) -> Fetched:
    async with client.stream("GET", url, headers=headers) as response:
        final_url = str(response.url)
        if response.status_code == 304:
            return Fetched(status=304, url=final_url)
        if response.status_code >= 400 or response.status_code < 200:
            raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(f"response too large ({declared} bytes; limit {max_bytes})")
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"response too large (over {max_bytes} bytes); stopped reading")
            chunks.append(chunk)
        return Fetched(
            status=response.status_code,
            url=final_url,
            body=b"".join(chunks),
            content_type=response.headers.get("content-type", ""),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )

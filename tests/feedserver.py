"""A local feed server for tests and benchmarks: real HTTP on 127.0.0.1 with hostile routes.

Routes are added per test: a static body (with ETag/Last-Modified and 304 support), a slow
answer, an endless stream (for size limits, generated lazily), a status code, a redirect loop.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from html import escape
from pathlib import Path
from types import TracebackType
from typing import Any

from aiohttp import web

from bot.settings import AppConfig

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class FeedServer:
    """An aiohttp server whose routes tests configure; it counts hits and keeps request headers."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.routes: dict[str, Handler] = {}
        self.hits: Counter[str] = Counter()
        self.headers: dict[str, list[dict[str, str]]] = {}
        self.bytes_sent: Counter[str] = Counter()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def __aenter__(self) -> FeedServer:
        app = web.Application()
        app.router.add_route("GET", "/{path:.*}", self._dispatch)
        # Do not wait for slow handlers on shutdown: tests end while the server still sleeps.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://{self.host}:{self.port}"
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def url(self, path: str) -> str:
        """Return the absolute URL of a route."""
        return f"{self.base_url}/{path.lstrip('/')}"

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["path"]
        self.hits[path] += 1
        self.headers.setdefault(path, []).append(dict(request.headers))
        handler = self.routes.get(path)
        if handler is None:
            return web.Response(status=404, text="not found")
        return await handler(request)

    def static(
        self,
        path: str,
        body: bytes | str,
        *,
        content_type: str = "application/rss+xml; charset=utf-8",
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> str:
        """Serve a fixed body; answer 304 when the client's validators match."""
        data = body.encode("utf-8") if isinstance(body, str) else body

        async def handle(request: web.Request) -> web.StreamResponse:
            if etag and request.headers.get("If-None-Match") == etag:
                return web.Response(status=304, headers={"ETag": etag})
            if last_modified and request.headers.get("If-Modified-Since") == last_modified:
                return web.Response(status=304, headers={"Last-Modified": last_modified})
            headers = {"Content-Type": content_type}
            if etag:
                headers["ETag"] = etag
            if last_modified:
                headers["Last-Modified"] = last_modified
            self.bytes_sent[path] += len(data)
            return web.Response(body=data, headers=headers)

        self.routes[path if path.startswith("/") else "/" + path] = handle
        return self.url(path)

    def status(self, path: str, code: int) -> str:
        """Answer every request with an HTTP error status."""

        async def handle(request: web.Request) -> web.StreamResponse:
            return web.Response(status=code, text=f"error {code}")

        self.routes["/" + path.lstrip("/")] = handle
        return self.url(path)

    def slow(self, path: str, *, delay: float, body: bytes = b"<rss/>") -> str:
        """Wait `delay` seconds before answering."""

        async def handle(request: web.Request) -> web.StreamResponse:
            await asyncio.sleep(delay)
            return web.Response(body=body, content_type="application/rss+xml")

        self.routes["/" + path.lstrip("/")] = handle
        return self.url(path)

    def endless(self, path: str, *, total: int, chunk: int = 64 * 1024) -> str:
        """Stream `total` bytes in chunks generated on the fly, stopping if the client leaves."""
        piece = b"<!-- " + b"x" * (chunk - 9) + b" -->\n"

        async def handle(request: web.Request) -> web.StreamResponse:
            response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
            await response.prepare(request)
            await response.write(b'<?xml version="1.0"?>\n<rss version="2.0"><channel>\n')
            sent = 0
            try:
                while sent < total:
                    await response.write(piece)
                    sent += len(piece)
                    self.bytes_sent["/" + path.lstrip("/")] = sent
            except (ConnectionResetError, ConnectionError):
                return response
            await response.write_eof()
            return response

        self.routes["/" + path.lstrip("/")] = handle
        return self.url(path)

    def redirect(self, path: str, *, to: str) -> str:
        """Redirect (302) to another path of this server, or to an absolute URL."""
        location = to if "://" in to else self.url(to)

        async def handle(request: web.Request) -> web.StreamResponse:
            raise web.HTTPFound(location=location)

        self.routes["/" + path.lstrip("/")] = handle
        return self.url(path)

    def encoded(
        self, path: str, body: bytes, *, encoding: str, content_type: str = "application/rss+xml"
    ) -> str:
        """Serve bytes that are already compressed, with the Content-Encoding given."""

        async def handle(request: web.Request) -> web.StreamResponse:
            self.bytes_sent["/" + path.lstrip("/")] += len(body)
            headers = {"Content-Type": content_type, "Content-Encoding": encoding}
            return web.Response(body=body, headers=headers)

        self.routes["/" + path.lstrip("/")] = handle
        return self.url(path)

    def trickle(self, path: str, *, every: float = 0.05, content_type: str = "text/html") -> str:
        """Send one byte every `every` seconds, forever, until the client hangs up."""

        async def handle(request: web.Request) -> web.StreamResponse:
            response = web.StreamResponse(headers={"Content-Type": content_type})
            await response.prepare(request)
            try:
                await response.write(b"<html><body><p>")
                while True:
                    await asyncio.sleep(every)
                    await response.write(b"x")
            except (ConnectionResetError, ConnectionError):
                return response

        self.routes["/" + path.lstrip("/")] = handle
        return self.url(path)


def gzip_layers(data_size: int, layers: int) -> bytes:
    """Return `data_size` zero bytes gzip-compressed `layers` times (a decompression bomb)."""
    import zlib

    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1 << 20)
    parts = [compressor.compress(block) for _ in range(data_size >> 20)]
    parts.append(compressor.compress(bytes(data_size & ((1 << 20) - 1))))
    parts.append(compressor.flush())
    data = b"".join(parts)
    for _ in range(layers - 1):
        outer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        data = outer.compress(data) + outer.flush()
    return data


def rss(items: list[dict[str, str]], *, title: str = "Test Wire", extra: str = "") -> str:
    """Build an RSS 2.0 document; each item maps element names to already-escaped XML text."""
    body = "".join(
        "<item>" + "".join(f"<{k}>{v}</{k}>" for k, v in item.items()) + "</item>" for item in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://example.test/</link><language>en</language>"
        f"{extra}{body}</channel></rss>"
    )


SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(prefix: str) -> tuple[str, str]:
    """Return (title, text) of the seed article whose file name starts with prefix."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    title, _, text = path.read_text(encoding="utf-8").partition("\n")
    return title.strip(), text.strip()


def seed_item(prefix: str, *, link: str | None = None, guid: str | None = None) -> dict[str, str]:
    """Return an RSS item carrying a whole seed article."""
    title, text = seed(prefix)
    item = {"title": escape(title), "description": escape(text), "guid": guid or f"seed-{prefix}"}
    item["link"] = escape(link or f"http://news.example.test/{prefix}?utm_source=rss")
    item["pubDate"] = f"Mon, 0{int(prefix[1])} Jun 2026 08:00:00 GMT"
    return item


# The feed server listens on 127.0.0.1 at a port the system picks: tests allow exactly that
# address (127.0.0.2, ::1 and every other internal address stay refused) and those ports.
LOCAL_FETCH: dict[str, Any] = {"allow_networks": ["127.0.0.1/32"], "ports": ["1024-65535"]}


def make_config(
    sources: list[dict[str, Any]],
    *,
    base_dir: Path | None = None,
    fetch: dict[str, Any] | None = None,
    **ingest: Any,
) -> AppConfig:
    """Build an AppConfig for tests: small timeouts, no teaser fetching unless asked."""
    settings = {"timeout": "3s", "fetch_full_text": False, "interval": "15m", **ingest}
    return AppConfig.model_validate(
        {
            "sources": sources,
            "ingest": settings,
            "fetch": LOCAL_FETCH if fetch is None else fetch,
            "base_dir": base_dir or SEEDS.parent,
        }
    )

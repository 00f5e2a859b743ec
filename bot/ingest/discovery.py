"""Find and validate the feed behind an address a user sends: a feed, or a page that names one.

Every request goes through the shared client, so the fetch policy (addresses, networks, ports),
the size and time limits apply to whatever a user types. A page is searched for
`<link rel="alternate">` feeds, then the common paths (/feed, /rss.xml, /atom.xml, /index.xml).
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from bot.ingest.decoding import decode_document
from bot.ingest.feeds import FeedError, looks_like_feed, parse_titled_feed
from bot.ingest.fetch import Fetched, FetchError, TooLarge, fetch
from bot.ingest.models import SourceError
from bot.ingest.text import visible
from bot.ingest.urls import canonical_url
from bot.settings import IngestConfig

COMMON_PATHS = ("/feed", "/rss.xml", "/atom.xml", "/index.xml")
_FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/json",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
MAX_ALTERNATES = 3
_PAGE_HEAD_BYTES = 512_000
Problem = Literal["bad_url", "not_feed", "unreachable", "too_big", "refused"]


class DiscoveryError(SourceError):
    """No usable feed at the address; `problem` says which refusal it is."""

    def __init__(self, problem: Problem, message: str) -> None:
        super().__init__(message)
        self.problem = problem


@dataclass(frozen=True)
class FoundFeed:
    """A validated feed: its normalised URL, title and how many items it has now."""

    url: str
    title: str
    items: int

    @property
    def host(self) -> str:
        """The feed's host name, to tell feeds of the same title apart."""
        return urlsplit(self.url).hostname or ""


def feed_address(text: str) -> str:
    """Return the normalised form of a typed address (https:// assumed); raise DiscoveryError."""
    value = text.strip()
    if value and "://" not in value:
        value = "https://" + value
    url = None if any(char.isspace() for char in value) else canonical_url(value)
    host = urlsplit(url).hostname or "" if url else ""
    if url is None or not ("." in host or ":" in host):
        raise DiscoveryError("bad_url", "expected a web address like https://example.org/feed")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(fragment=""))


class _Alternates(HTMLParser):
    """Collect the feed links a page declares in <link rel="alternate" type=... href=...>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link" or len(self.found) >= MAX_ALTERNATES:
            return
        values = {key: (value or "") for key, value in attrs}
        rel = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        if "alternate" in rel and kind in _FEED_TYPES and values.get("href"):
            self.found.append(values["href"].strip())


def alternate_links(body: bytes, *, base: str, content_type: str = "") -> list[str]:
    """Return the absolute feed URLs a page declares, in page order."""
    parser = _Alternates()
    parser.feed(decode_document(body[:_PAGE_HEAD_BYTES], content_type).text)
    links = [urljoin(base, href) for href in parser.found]
    return [link for link in dict.fromkeys(links) if canonical_url(link)]


def _as_feed(fetched: Fetched, limits: IngestConfig) -> FoundFeed:
    articles, warning, title = parse_titled_feed(
        fetched.body,
        url=fetched.url,
        content_type=fetched.content_type,
        max_items=limits.max_items_per_feed,
    )
    if not articles and warning:
        # Broken and empty: nothing to read now, and likely never (an empty valid feed is fine).
        raise FeedError(f"no readable items ({warning})")
    url = feed_address(fetched.url)
    return FoundFeed(url=url, title=visible(title).strip() or urlsplit(url).hostname or url,
                     items=len(articles))  # fmt: skip


async def _get(client: httpx.AsyncClient, url: str, limits: IngestConfig) -> Fetched:
    try:
        return await fetch(
            client, url, max_bytes=limits.max_bytes, timeout=limits.timeout.total_seconds()
        )
    except TooLarge as exc:
        raise DiscoveryError("too_big", f"too big: {exc}") from None
    except FetchError as exc:
        refused = str(exc).startswith("refused")
        raise DiscoveryError("refused" if refused else "unreachable", str(exc)) from None


async def discover_feed(text: str, *, client: httpx.AsyncClient, limits: IngestConfig) -> FoundFeed:
    """Fetch the address once: return its feed, or the feed its page points to."""
    url = feed_address(text)
    fetched = await _get(client, url, limits)
    if looks_like_feed(fetched.body, fetched.content_type):
        try:
            return _as_feed(fetched, limits)
        except FeedError as exc:
            raise DiscoveryError("not_feed", f"not a usable feed: {exc}") from None
    root = urlunsplit(urlsplit(fetched.url)._replace(path="", query="", fragment=""))
    candidates = alternate_links(fetched.body, base=fetched.url, content_type=fetched.content_type)
    candidates += [root + path for path in COMMON_PATHS]
    for candidate in dict.fromkeys(candidates):
        try:
            found = await _get(client, candidate, limits)
        except DiscoveryError:
            continue  # a named or guessed feed that fails is not the address's fault
        if looks_like_feed(found.body, found.content_type):
            try:
                return _as_feed(found, limits)
            except FeedError:
                continue
    raise DiscoveryError("not_feed", "not a feed, and the page names none")

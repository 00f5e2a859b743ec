"""RSS 0.9x/1.0/2.0 and Atom feeds, parsed by feedparser after a guard against entity bombs."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime
from typing import Any

import feedparser

from bot.ingest.models import RawArticle, SourceError
from bot.ingest.text import html_to_text, one_line

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)


class FeedError(SourceError):
    """The body is not a usable feed; the message says why in one line."""


_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)\b", re.IGNORECASE)
_FEED_TYPES = ("rss", "atom", "rdf", "feed+json", "xml")


def looks_like_feed(body: bytes, content_type: str = "") -> bool:
    """Tell whether a fetched body is a feed rather than a web page."""
    kind = content_type.lower()
    if "html" in kind:
        return False
    if any(t in kind for t in _FEED_TYPES):
        return True
    return bool(_FEED_ROOT.search(_as_utf8_for_checks(body[:4096])))


def _as_utf8_for_checks(body: bytes) -> bytes:
    # UTF-16/32 feeds would hide "<!ENTITY" from a byte search; look at them re-encoded.
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                       (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):  # fmt: skip
        if body.startswith(bom):
            return body.decode(codec, errors="replace").encode("utf-8")
    return body


def check_safe(body: bytes) -> None:
    """Refuse documents that declare XML entities (billion laughs, external entities)."""
    if _ENTITY_DECLARATION.search(_as_utf8_for_checks(body)):
        raise FeedError("feed declares XML entities (possible entity-expansion attack); refused")


def parse_feed(
    body: bytes, *, url: str, content_type: str = "", max_items: int
) -> tuple[list[RawArticle], str | None]:
    """Parse a feed body into articles (newest max_items first) and an optional warning."""
    check_safe(body)
    parsed: Any = feedparser.parse(
        body,
        response_headers={"content-type": content_type or "application/xml",
                          "content-location": url},
        sanitize_html=True,
        resolve_relative_uris=True,
    )  # fmt: skip
    entries = list(parsed.entries)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not entries:
        if "html" in content_type.lower() or _HTML_START.match(body):
            raise FeedError("not a feed: the server sent an HTML page")
        if problem is not None or not parsed.get("version"):
            detail = f": {_one_line_error(problem)}" if problem else ""
            raise FeedError(f"not a feed (malformed XML, no items){detail}")
    language = parsed.feed.get("language")
    # Newest first, cut before the (slower) conversion so huge feeds stay cheap.
    entries.sort(key=_entry_time, reverse=True)
    articles = [a for a in (_article(e, language) for e in entries[: max_items * 2]) if a]
    warning = None
    if problem is not None and not isinstance(problem, feedparser.CharacterEncodingOverride):
        warning = f"malformed feed, kept {len(articles)} items: {_one_line_error(problem)}"
    return articles[:max_items], warning


def _entry_time(entry: Any) -> float:
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    return float(calendar.timegm(published)) if published else float("-inf")


def _one_line_error(problem: object) -> str:
    return " ".join(str(problem).split())[:200] or type(problem).__name__


def _article(entry: Any, language: str | None) -> RawArticle | None:
    bodies = [c.get("value", "") for c in entry.get("content", []) or []]
    bodies.append(entry.get("summary", "") or "")
    text = max((html_to_text(b) for b in bodies if b), key=len, default="")
    title = one_line(entry.get("title", "") or "")
    if not title and not text:
        return None
    if not title:
        title = " ".join(text.split()[:12])
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    return RawArticle(
        title=title,
        text=text,
        url=entry.get("link") or None,
        guid=(entry.get("id") or None) and str(entry.get("id"))[:1024],
        author=one_line(entry.get("author", "") or "") or None,
        published_at=(
            datetime.fromtimestamp(calendar.timegm(published), UTC) if published else None
        ),
        language=(entry.get("language") or language or None),
    )

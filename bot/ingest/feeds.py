"""RSS 0.9x/1.0/2.0 and Atom feeds, parsed by feedparser after decoding, repair and a guard.

Before feedparser sees a document it is decoded here (bot.ingest.decoding: the right charset
even when the declared one is wrong), numeric character references XML forbids are repaired
(a surrogate pair written as two references becomes its character), and a DTD that declares
entities is refused, all on the decoded text so no encoding can hide a declaration.
"""

from __future__ import annotations

import calendar
import hashlib
import logging
import re
from datetime import UTC, datetime
from typing import Any

import feedparser

from bot.ingest.decoding import (
    EntityDeclared,
    as_utf8_xml,
    check_entities,
    decode_document,
    media_type,
    repair_references,
)
from bot.ingest.models import RawArticle, SourceError
from bot.ingest.text import html_to_text, one_line, tidy_text

log = logging.getLogger(__name__)
_HTML_START = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_PLAIN = "text/plain"
# Tags of HTML elements: an undeclared (RSS) field holding one is HTML, `vector<int>` is not.
_HTML_TAG = re.compile(
    r"</?(a|abbr|acronym|address|article|aside|audio|b|base|bdi|bdo|big|blockquote|body|br"
    r"|button|center|cite|code|dd|del|details|dfn|div|dl|dt|em|embed|figcaption|figure|font"
    r"|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|kbd|li|link|main|mark"
    r"|meta|nav|noscript|object|ol|p|picture|pre|q|s|samp|script|section|select|small|source"
    r"|span|strike|strong|style|sub|summary|sup|svg|table|tbody|td|template|textarea|tfoot|th"
    r"|thead|time|title|tr|tt|u|ul|var|video|wbr)(?=[\s/>])[^>]*>",
    re.IGNORECASE,
)


class FeedError(SourceError):
    """The body is not a usable feed; the message says why in one line."""


_FEED_ROOT = re.compile(r"<(rss|feed|rdf:RDF)\b", re.IGNORECASE)
_FEED_TYPES = ("rss", "atom", "rdf", "feed+json", "xml")


def looks_like_feed(body: bytes, content_type: str = "") -> bool:
    """Tell whether a fetched body is a feed rather than a web page."""
    kind = content_type.lower()
    if "html" in kind:
        return False
    if any(t in kind for t in _FEED_TYPES):
        return True
    head = decode_document(body[:4096], content_type).text
    return bool(_FEED_ROOT.search(head))


def check_safe(body: bytes | str) -> None:
    """Refuse documents whose DTD declares XML entities (billion laughs, external entities)."""
    text = body if isinstance(body, str) else decode_document(body).text
    try:
        check_entities(text)
    except EntityDeclared as exc:
        raise FeedError(str(exc)) from None


def parse_feed(
    body: bytes, *, url: str, content_type: str = "", max_items: int
) -> tuple[list[RawArticle], str | None]:
    """Parse a feed body into articles (newest max_items first) and an optional warning."""
    articles, warning, _ = parse_titled_feed(
        body, url=url, content_type=content_type, max_items=max_items
    )
    return articles, warning


def parse_titled_feed(
    body: bytes, *, url: str, content_type: str = "", max_items: int
) -> tuple[list[RawArticle], str | None, str]:
    """Parse a feed body into articles, an optional warning and the feed's own title."""
    document = decode_document(body, content_type)
    check_safe(document.text)
    text, repaired = repair_references(document.text)
    notes = [document.note] if document.note else []
    if repaired:
        notes.append(f"repaired {repaired} invalid character references")
    kind = media_type(content_type) or "application/xml"
    try:
        parsed: Any = feedparser.parse(
            as_utf8_xml(text),
            response_headers={"content-type": f"{kind}; charset=utf-8", "content-location": url},
            sanitize_html=True,
            resolve_relative_uris=True,
        )
    except Exception as exc:  # feedparser's loose parser has faults of its own
        log.warning("feed %s: the parser failed", url, exc_info=True)
        raise FeedError(f"the feed parser failed: {type(exc).__name__}: {exc}") from None
    entries = list(parsed.entries)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not entries:
        if "html" in kind or _HTML_START.match(text):
            raise FeedError("not a feed: the server sent an HTML page")
        if problem is not None or not parsed.get("version"):
            detail = f": {_one_line_error(problem)}" if problem else ""
            raise FeedError(f"not a feed (malformed XML, no items){detail}")
    language = parsed.feed.get("language")
    # Newest first, cut before the (slower) conversion so huge feeds stay cheap.
    entries.sort(key=_entry_time, reverse=True)
    # Atom declares each text's type; RSS does not, and feedparser's guess is only a guess.
    declared = str(parsed.get("version", "")).startswith("atom")
    chosen = entries[: max_items * 2]
    articles = [a for a in (_article(e, language, declared=declared) for e in chosen) if a]
    if problem is not None and not isinstance(problem, feedparser.CharacterEncodingOverride):
        notes.append(f"malformed feed, kept {len(articles)} items: {_one_line_error(problem)}")
    title = " ".join(str(parsed.feed.get("title") or "").split())
    return articles[:max_items], "; ".join(notes) or None, title


def _entry_time(entry: Any) -> float:
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return float(calendar.timegm(published)) if published else float("-inf")
    except (TypeError, ValueError, OverflowError):
        return float("-inf")


def _one_line_error(problem: object) -> str:
    return " ".join(str(problem).split())[:200] or type(problem).__name__


def as_text(value: str, kind: str | None, *, declared: bool = True) -> str:
    """Return a feed field as plain text: HTML is reduced to its text, plain text kept as is.

    An undeclared plain field (RSS) counts as HTML only if it holds an HTML element's tag.
    """
    plain = (kind or "").lower() == _PLAIN
    if plain and (declared or not _HTML_TAG.search(value)):
        return tidy_text(value)
    return html_to_text(value)


def _detail_type(entry: Any, name: str) -> str | None:
    detail = entry.get(f"{name}_detail") or {}
    return detail.get("type") if hasattr(detail, "get") else None


def _article(entry: Any, language: str | None, *, declared: bool) -> RawArticle | None:
    bodies = [(c.get("value", ""), c.get("type")) for c in entry.get("content", []) or []]
    bodies.append((entry.get("summary", "") or "", _detail_type(entry, "summary")))
    texts = (as_text(b, kind, declared=declared) for b, kind in bodies if b)
    text = max(texts, key=len, default="")
    raw_title = entry.get("title", "") or ""
    title = " ".join(as_text(raw_title, _detail_type(entry, "title"), declared=declared).split())
    if not title and not text:
        return None
    if not title:
        title = " ".join(text.split()[:12])
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    link = entry.get("link") or None
    return RawArticle(
        title=title,
        text=text,
        url=link,
        guid=_guid(entry.get("id"), link, title),
        author=one_line(entry.get("author", "") or "") or None,
        published_at=_timestamp(published),
        language=(entry.get("language") or language or None),
    )


def _guid(given: Any, link: str | None, title: str) -> str | None:
    """Return the item's GUID; an item without one is known by its link and title together.

    A link alone is no identity: the items of a live blog or of a feed that links every item
    to its home page share one.
    """
    if given:
        return str(given)
    if not link:
        return None
    return f"{link} #{hashlib.sha256(title.encode('utf-8', 'replace')).hexdigest()[:16]}"


def _timestamp(published: Any) -> datetime | None:
    if not published:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(published), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None

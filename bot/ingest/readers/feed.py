"""Feed sources: RSS, Atom and the like, fetched with conditional GET and parsed by feedparser."""

from __future__ import annotations

from bot.ingest.feeds import parse_feed
from bot.ingest.fetch import Fetched
from bot.ingest.readers.base import ReadContext, ReadResult
from bot.settings import FeedSource

KIND = "feed"


async def read(source: FeedSource, context: ReadContext) -> ReadResult:
    """Fetch the feed (an unchanged one reads as no articles) and parse its items."""
    fetched = await context.get(source.url)
    if fetched.not_modified:
        return ReadResult([], context.etag, context.last_modified, not_modified=True, teasers=True)
    return await parse(fetched, context)


async def parse(fetched: Fetched, context: ReadContext) -> ReadResult:
    """Parse a fetched feed into its newest items (teasers are completed by the caller)."""
    articles, warning = await context.off_loop(
        parse_feed,
        fetched.body,
        url=fetched.url,
        content_type=fetched.content_type,
        max_items=context.limits.max_items_per_feed,
    )
    warnings = (warning,) if warning else ()
    return ReadResult(
        articles, fetched.etag, fetched.last_modified, warnings=warnings, teasers=True
    )

"""Page sources: one web page whose main text (extracted, never rendered) is one article."""

from __future__ import annotations

from bot.ingest.fetch import Fetched
from bot.ingest.models import SourceError
from bot.ingest.pages import extract_page
from bot.ingest.readers.base import ReadContext, ReadResult
from bot.settings import PageSource

KIND = "page"


async def read(source: PageSource, context: ReadContext) -> ReadResult:
    """Fetch the page (an unchanged one reads as no articles) and extract its article."""
    fetched = await context.get(source.url)
    if fetched.not_modified:
        return ReadResult([], context.etag, context.last_modified, not_modified=True)
    return await parse(fetched, context, url=source.url)


async def parse(fetched: Fetched, context: ReadContext, *, url: str | None = None) -> ReadResult:
    """Extract the article of a fetched page; it is known by `url` (default: where it was)."""
    page = await context.off_loop(extract_page, fetched.body, url=fetched.url)
    if page is None:
        raise SourceError("no article text found on the page")
    where = url or fetched.url
    article = page.model_copy(update={"url": where, "guid": where})
    return ReadResult([article], fetched.etag, fetched.last_modified)

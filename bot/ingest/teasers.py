"""Complete feed items that are only teasers with the main text of the page they link to."""

from __future__ import annotations

import asyncio
import logging

from bot.ingest.fetch import FetchError
from bot.ingest.models import RawArticle
from bot.ingest.pages import extract_page
from bot.ingest.readers.base import ReadContext
from bot.ingest.text import word_count

log = logging.getLogger(__name__)
_PER_SOURCE = 4  # pages fetched at once for one feed; the client's pool bounds the total


async def expand_teasers(articles: list[RawArticle], context: ReadContext) -> list[RawArticle]:
    """Replace teaser texts with the linked page's main text where that works."""
    limits = context.limits
    if not limits.fetch_full_text:
        return articles
    slots = asyncio.Semaphore(_PER_SOURCE)

    async def expand(article: RawArticle) -> RawArticle:
        if not article.url or word_count(article.text) >= limits.teaser_words:
            return article
        async with slots:
            try:
                fetched = await context.get(article.url, conditional=False)
                page = await context.off_loop(extract_page, fetched.body, url=fetched.url)
            except FetchError as exc:
                log.info("keeping the teaser of %s: %s", article.url, exc)
                return article
            except Exception:  # a page the extractor chokes on must not fail the whole feed
                log.warning(
                    "keeping the teaser of %s: extraction failed", article.url, exc_info=True
                )
                return article
        if page is None or word_count(page.text) <= word_count(article.text):
            return article
        return article.model_copy(
            update={
                "text": page.text,
                "author": article.author or page.author,
                "language": article.language or page.language,
            }
        )

    return list(await asyncio.gather(*(expand(a) for a in articles)))

"""Complete feed items that are only teasers with the main text of the page they link to.

Teaser pages are optional fetches: they stop when the pass's teaser budget (or their host's
budget) is spent, and a teaser that could not be completed for a reason that may pass (time,
network, 5xx) is kept as a teaser and marked to be tried again next pass.
"""

from __future__ import annotations

import asyncio
import logging

from bot.ingest.models import RawArticle, SourceError
from bot.ingest.pages import extract_page
from bot.ingest.readers.base import ReadContext
from bot.ingest.text import word_count

log = logging.getLogger(__name__)
_PER_SOURCE = 4  # pages fetched at once for one feed; the pass's per-host slots bound a host


def is_teaser(article: RawArticle, context: ReadContext) -> bool:
    """Tell whether an article is a teaser worth completing from its linked page."""
    limits = context.limits
    return bool(
        limits.fetch_full_text and article.url and word_count(article.text) < limits.teaser_words
    )


async def expand_teasers(
    articles: list[RawArticle], context: ReadContext, *, source: str = ""
) -> list[RawArticle]:
    """Replace teaser texts with the linked page's main text where that works."""
    slots = asyncio.Semaphore(_PER_SOURCE)

    async def expand(article: RawArticle) -> RawArticle:
        if not is_teaser(article, context):
            return article
        async with slots:
            return await complete(article, context, source=source)

    return list(await asyncio.gather(*(expand(a) for a in articles)))


async def complete(article: RawArticle, context: ReadContext, *, source: str = "") -> RawArticle:
    """Return the article with its page's text, or as it is (marked pending if worth a retry)."""
    assert article.url is not None
    tries = article.full_text_attempts + 1
    try:
        fetched = await context.get(article.url, conditional=False, optional=True)
        page = await context.off_loop(
            extract_page, fetched.body, url=fetched.url, content_type=fetched.content_type
        )
    except SourceError as exc:
        transient = bool(getattr(exc, "transient", False))
        if not getattr(exc, "tried", True):  # refused before any request: not a try
            tries -= 1
        log.log(
            logging.INFO if transient else logging.WARNING,
            "source %r: keeping the teaser of %s%s: %s",
            source, article.url, " (retried next pass)" if transient else "", exc,
        )  # fmt: skip
        update = {"full_text_pending": transient, "full_text_attempts": tries}
        return article.model_copy(update=update)
    except Exception:  # a page the extractor chokes on must not fail the whole feed
        log.warning(
            "source %r: keeping the teaser of %s: extraction failed",
            source, article.url, exc_info=True,
        )  # fmt: skip
        return article.model_copy(update={"full_text_pending": False, "full_text_attempts": tries})
    done = {"full_text_pending": False, "full_text_attempts": tries}
    if page is None or word_count(page.text) <= word_count(article.text):
        return article.model_copy(update=done)
    return article.model_copy(
        update={
            **done,
            "text": page.text,
            "author": article.author or page.author,
            "language": article.language or page.language,
        }
    )

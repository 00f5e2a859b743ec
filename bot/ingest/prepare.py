"""CPU-bound steps per article (fingerprint, Quick Looks), run in a worker, never on the loop."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.ingest import fingerprint
from bot.ingest.models import RawArticle
from bot.ingest.text import content_hash, word_count
from bot.ingest.urls import canonical_url
from summarizers import QuickLook, summarize_story


@dataclass(frozen=True)
class Summary:
    """A story's stored Quick Looks, deep look and facts."""

    quicklook: dict[str, Any]
    deep_look: list[str]
    facts: list[str]


@dataclass(frozen=True)
class PreparedArticle:
    """An article with everything needed to dedupe and cluster it."""

    raw: RawArticle
    canonical_url: str | None
    content_hash: str
    word_count: int
    signature: list[int]
    bands: list[str]
    summary: Summary | None = None


def fingerprint_article(raw: RawArticle, *, threshold: float) -> PreparedArticle:
    """Compute the identity (canonical URL, content hash) and MinHash bands of an article."""
    tokens = fingerprint.shingles(raw.text)
    sig = fingerprint.signature(tokens)
    enough = len(tokens) >= fingerprint.MIN_SHINGLES
    return PreparedArticle(
        raw=raw,
        canonical_url=canonical_url(raw.url),
        content_hash=content_hash(f"{raw.title}\n{raw.text}"),
        word_count=word_count(raw.text),
        signature=sig if enough else [],
        bands=fingerprint.bands(sig, threshold=threshold) if enough else [],
    )


def summarize_article(raw: RawArticle) -> Summary:
    """Compute the Quick Looks, deep look and facts of one article."""
    try:
        story = summarize_story(raw.text, title=raw.title)  # one reading for all three
        look, deep, facts = story.quicklook, story.deep_look, story.facts
    except ValueError:
        # Too little text to summarize: the title and the text itself are the Quick Looks.
        look = QuickLook(headline=raw.title, lede=" ".join(raw.text.split()[:60]), bullets=[])
        deep, facts = [], []
    return Summary(quicklook=look.model_dump(mode="json"), deep_look=deep, facts=facts)


def prepare_batch(raws: list[RawArticle], *, threshold: float) -> list[PreparedArticle]:
    """Fingerprint a batch of articles (one worker call per source, not per article)."""
    return [fingerprint_article(raw, threshold=threshold) for raw in raws]


def summarize_batch(prepared: list[PreparedArticle]) -> list[PreparedArticle]:
    """Attach a Summary to each article."""
    return [
        PreparedArticle(**{**p.__dict__, "summary": summarize_article(p.raw)}) for p in prepared
    ]

"""CPU-bound steps per article (fingerprint, summary), run in a worker, never on the loop."""

from __future__ import annotations

from dataclasses import dataclass

from bot.ingest import fingerprint
from bot.ingest.models import RawArticle
from bot.ingest.text import content_hash, word_count
from bot.ingest.urls import canonical_url
from bot.storage.articles import NewArticle
from bot.terms import IndexedSentence, article_sentences
from summarizers import QuickLook, StorySummary, summarize_story


@dataclass(frozen=True)
class PreparedArticle:
    """An article with everything needed to dedupe, cluster and store it."""

    raw: RawArticle
    canonical_url: str | None
    content_hash: str
    word_count: int
    signature: list[int]
    bands: list[str]
    sentences: list[IndexedSentence]

    def to_store(self) -> NewArticle:
        """Return the row to store."""
        raw = self.raw
        return NewArticle(
            title=raw.title,
            text=raw.text,
            content_hash=self.content_hash,
            word_count=self.word_count,
            url=raw.url,
            canonical_url=self.canonical_url,
            guid=raw.guid,
            author=raw.author,
            language=raw.language,
            published_at=raw.published_at,
            minhash=self.signature,
            bands=self.bands,
            full_text_pending=raw.full_text_pending,
            full_text_attempts=raw.full_text_attempts,
            sentences=self.sentences,
        )


def fingerprint_article(raw: RawArticle, *, threshold: float, source: str = "") -> PreparedArticle:
    """Compute the identity (canonical URL, content hash) and MinHash bands of an article."""
    tokens = fingerprint.shingles(raw.text)
    sig = fingerprint.signature(tokens)
    enough = len(tokens) >= fingerprint.MIN_SHINGLES
    url = canonical_url(raw.url)
    identity = url or (f"{source}\x00{raw.guid}" if raw.guid else None)
    return PreparedArticle(
        raw=raw,
        canonical_url=url,
        content_hash=content_hash(f"{raw.title}\n{raw.text}", identity=identity),
        word_count=word_count(raw.text),
        signature=sig if enough else [],
        bands=fingerprint.bands(sig, threshold=threshold) if enough else [],
        sentences=article_sentences(raw.title, raw.text),
    )


def summarize_article(raw: RawArticle) -> StorySummary:
    """Compute the Quick Looks, deep look and facts of one article."""
    try:
        return summarize_story(raw.text, title=raw.title)  # one reading for all three
    except ValueError:
        # Too little text to summarize: the title and the text itself are the Quick Looks.
        look = QuickLook(headline=raw.title, lede=" ".join(raw.text.split()[:60]), bullets=[])
        return StorySummary(quicklook=look)


def prepare_batch(
    raws: list[RawArticle], *, threshold: float, source: str = ""
) -> list[PreparedArticle]:
    """Fingerprint a batch of articles (one worker call per source, not per article)."""
    return [fingerprint_article(raw, threshold=threshold, source=source) for raw in raws]


def summarize_batch(raws: list[RawArticle]) -> list[StorySummary]:
    """Summarize a batch of articles (one worker call per source)."""
    return [summarize_article(raw) for raw in raws]

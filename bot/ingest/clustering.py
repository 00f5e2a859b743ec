"""Decide, once per article, which story it belongs to and which article summarises each story.

Pure: the stored candidates come in, a plan comes out. An article joins the stored story it is
most similar to (estimated Jaccard of names and numbers at or above the threshold); articles of
one batch that match no stored story but each other form one new story. A story is summarised
from its richest article (longest clean text): a new story always, a stored one only when a new
article is richer than every article it has.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bot.ingest import fingerprint
from bot.ingest.prepare import PreparedArticle
from bot.storage.articles import Candidates, Rejoin, StoryWrite


@dataclass
class PlannedStory:
    """New articles of one story: a stored one (`story_id`) or a new one (None)."""

    story_id: int | None
    articles: list[PreparedArticle] = field(default_factory=list)
    stored_words: int = 0  # the richest stored article's word count

    @property
    def richest(self) -> PreparedArticle:
        """The article with the most words (the first of equals)."""
        return max(self.articles, key=lambda a: a.word_count)

    @property
    def needs_summary(self) -> bool:
        """Tell whether the richest new article should speak for the story."""
        return self.story_id is None or self.richest.word_count > self.stored_words


def _best_stored(
    signature: list[int], bands: list[str], candidates: Candidates, threshold: float
) -> tuple[int, int] | None:
    """Return (story id, its richest word count) of the most similar stored story, if any."""
    ids = set().union(*(candidates.stories_by_band.get(b, set()) for b in bands))
    best: tuple[float, int, int] | None = None
    for story_id in sorted(ids):
        stored = candidates.articles.get(story_id, [])
        score = max((fingerprint.similarity(signature, m) for m, _ in stored), default=0.0)
        richest = max((words for _, words in stored), default=0)
        if best is None or score > best[0]:
            best = (score, story_id, richest)
    if best is None or best[0] < threshold:
        return None
    return best[1], best[2]


def plan_stories(
    articles: list[PreparedArticle], candidates: Candidates, *, threshold: float
) -> list[PlannedStory]:
    """Group new articles into stories (stored or new), in the order they first appear."""
    planned: dict[int, PlannedStory] = {}  # by stored story id
    fresh: list[PlannedStory] = []
    order: list[PlannedStory] = []
    fresh_by_band: dict[str, list[PlannedStory]] = {}
    for article in articles:
        match = _best_stored(article.signature, article.bands, candidates, threshold)
        if match is not None:
            story_id, richest = match
            story = planned.get(story_id)
            if story is None:
                story = planned[story_id] = PlannedStory(story_id, stored_words=richest)
                order.append(story)
            story.articles.append(article)
            continue
        story = _similar_fresh(article, fresh_by_band, threshold)
        if story is None:
            story = PlannedStory(None)
            fresh.append(story)
            order.append(story)
        story.articles.append(article)
        for band in article.bands:
            fresh_by_band.setdefault(band, []).append(story)
    return order


def _similar_fresh(
    article: PreparedArticle, by_band: dict[str, list[PlannedStory]], threshold: float
) -> PlannedStory | None:
    """Return the new story of this batch that the article is most similar to, if any."""
    best: tuple[float, PlannedStory] | None = None
    seen: set[int] = set()
    for band in article.bands:
        for story in by_band.get(band, []):
            if id(story) in seen:
                continue
            seen.add(id(story))
            score = max(
                fingerprint.similarity(article.signature, a.signature) for a in story.articles
            )
            if best is None or score > best[0]:
                best = (score, story)
    return best[1] if best is not None and best[0] >= threshold else None


def rejoiner(threshold: float) -> Rejoin:
    """Return the rule for a new story that meets a story stored since it was planned."""

    def rejoin(candidates: Candidates, write: StoryWrite) -> StoryWrite:
        for article in write.articles:
            match = _best_stored(article.minhash, article.bands, candidates, threshold)
            if match is not None:
                story_id, stored_words = match
                richer = write.articles[0].word_count > stored_words
                return replace(write, story_id=story_id, summary=write.summary if richer else None)
        return write

    return rejoin

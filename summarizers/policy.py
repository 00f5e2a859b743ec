"""Every word limit of the Quick Looks in one typed value."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Policy:
    """How long each part of a Quick Looks may be, and how many bullets a story gets."""

    bullet_max_words: int = 30  # never longer: a sentence that cannot be cut under it is skipped
    bullet_target_words: int = 14  # aim: the style sample's bullets run 8-14 words
    # A full Quick Looks takes a longer fact only when the story has too few shorter ones.
    bullet_soft_max_words: int = 20
    bullet_min_words: int = 4  # shorter pieces are fragments, not facts
    brief_bullets: int = 3  # up to this many bullets is a brief: the story's key sentences
    min_bullets: int = 5  # a full Quick Looks has 5-8 bullets when the story has the facts
    max_bullets: int = 8
    sentences_per_bullet: float = 2.2  # a full Quick Looks gets about one bullet per 2.2 sentences
    lede_max_words: int = 55
    headline_max_words: int = 16
    topic_max_words: int = 7
    deep_look_sentences: int = 10
    # A sentence longer than this is a run-on or a list glued together: never compressed, and
    # only split at clause boundaries, so no step is slower than linear in its length.
    sentence_max_words: int = 150
    # A text this many story sentences long is far past any article: the rest is not read, so
    # a multi-megabyte body costs what a long article does.
    max_sentences: int = 1000
    max_chars: int = 1_000_000  # likewise: a body longer than this is read up to here

    def full_count(self, sentences: int) -> int:
        """Return the bullet count of a full Quick Looks for a story of `sentences` sentences."""
        wanted = round(sentences / self.sentences_per_bullet)
        return max(1, min(max(self.min_bullets, min(self.max_bullets, wanted)), sentences))


DEFAULT_POLICY = Policy()

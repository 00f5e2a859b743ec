"""The quicklooks engine: position prior + TF-IDF centrality + length prior, MMR for variety."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from nltk.stem.snowball import EnglishStemmer

from summarizers.sumy_engines import stop_words

_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_STEMMER = EnglishStemmer()
_QUOTE = re.compile(r"(?:^|\s)[\"“‘']\w|\w[\"”’']\s*(?:$|[,.]?\s)")


@dataclass(frozen=True)
class Weights:
    """Scoring weights, tuned modestly on the whole CNN/DM dev set (not per article)."""

    position: float = 1.0
    centrality: float = 1.0
    title: float = 0.5
    decay: float = 0.25  # position prior = 1 / (1 + decay * index)
    entities: float = 0.0  # share of names and numbers: concrete facts
    quote: float = 0.2  # quoted speech rarely states the story's key facts
    redundancy: float = 0.6  # MMR penalty on similarity to already chosen sentences
    short_words: int = 8
    long_words: int = 40


DEFAULT_WEIGHTS = Weights()


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _STEMMER.stem(word)


def terms(text: str) -> list[str]:
    """Return stemmed content words of text."""
    stops = stop_words()
    return [_stem(w) for w in _TOKEN.findall(text.lower()) if w not in stops and len(w) > 1]


Vector = dict[str, float]


def _tfidf(bags: Sequence[Counter[str]]) -> list[Vector]:
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(bags)
    idf = {term: math.log((1 + n) / (1 + count)) + 1.0 for term, count in df.items()}
    vectors = []
    for bag in bags:
        vec = {t: (1.0 + math.log(c)) * idf[t] for t, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({t: v / norm for t, v in vec.items()})
    return vectors


def cosine(a: Vector, b: Vector) -> float:
    """Cosine of two unit vectors stored as dicts."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _length_prior(words: int, weights: Weights) -> float:
    if words < weights.short_words:
        return words / weights.short_words
    if words > weights.long_words:
        return max(0.3, weights.long_words / words)
    return 1.0


def score_sentences(
    sentences: Sequence[str], *, title: str | None = None, weights: Weights = DEFAULT_WEIGHTS
) -> tuple[list[float], list[Vector]]:
    """Score each sentence's importance; also return the TF-IDF vectors for redundancy."""
    bags = [Counter(terms(s)) for s in sentences]
    vectors = _tfidf(bags)
    centroid: Vector = {}
    for vec in vectors:
        for t, v in vec.items():
            centroid[t] = centroid.get(t, 0.0) + v
    norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    centroid = {t: v / norm for t, v in centroid.items()}
    title_terms = set(terms(title)) if title else set()
    scores = []
    for index, (sentence, vec) in enumerate(zip(sentences, vectors, strict=True)):
        score = weights.position / (1.0 + weights.decay * index)
        score += weights.centrality * cosine(vec, centroid)
        words = sentence.split()
        named = sum(1 for w in words[1:] if w[:1].isupper() or w[:1].isdigit())
        score += weights.entities * named / max(1, len(words))
        if _QUOTE.search(sentence):
            score -= weights.quote
        if title_terms and vec:
            score += weights.title * len(title_terms & vec.keys()) / len(title_terms)
        scores.append(score * _length_prior(len(sentence.split()), weights))
    return scores, vectors


def select(
    scores: Sequence[float],
    vectors: Sequence[Vector],
    count: int,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    eligible: Sequence[bool] | None = None,
    chosen: Sequence[int] = (),
) -> list[int]:
    """Pick `count` more sentence indices by MMR (importance minus redundancy), in story order.

    Sentences in `chosen` are already taken: new picks must differ from them too.
    """
    candidates = [i for i in range(len(scores)) if eligible is None or eligible[i]]
    taken = list(chosen)
    picked: list[int] = []
    while candidates and len(picked) < count:
        best = max(
            candidates,
            key=lambda i: (
                scores[i]
                - weights.redundancy
                * max((cosine(vectors[i], vectors[j]) for j in taken), default=0)
            ),
        )
        taken.append(best)
        picked.append(best)
        candidates.remove(best)
    return sorted(picked)

"""The quicklooks engine: position prior + TF-IDF centrality - length, chosen jointly."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from nltk.stem.snowball import EnglishStemmer

from summarizers.engines.sumy_engines import stop_words

_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_STEMMER = EnglishStemmer()
_QUOTE = re.compile(r"(?:^|\s)[\"“‘']\w|\w[\"”’']\s*(?:$|[,.]?\s)")
# Not a stand-alone reported fact: opens with a pronoun ("He said ...") or a quotation, or
# speaks in the first or second person outside quotation marks (a writer's aside, a teaser).
_LEANS = re.compile(r"^(?:[\"“‘']|(?:He|She|They|It|This|These|Those|His|Her|Their|Its|We|I)\b)")
_PERSON = re.compile(r"\b(?:I|we|We|you|You|my|My|our|Our|me|us)\b")
_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")


def leans_on_voice(sentence: str) -> bool:
    """Tell whether a sentence opens with a pronoun or quote, or says I/we/you outside quotes."""
    return bool(_LEANS.match(sentence) or _PERSON.search(_QUOTED.sub(" ", sentence)))


@dataclass(frozen=True)
class Weights:
    """Scoring weights, set on the whole CNN/DM dev set (checked on both halves)."""

    position: float = 1.0  # scale of the position prior (see position_prior)
    centrality: float = 0.4  # TF-IDF cosine to the centroid of the *other* sentences
    length: float = 0.05  # penalty per 30 words: long sentences dilute a short brief
    title: float = 0.1  # share of title words the sentence repeats
    entities: float = 0.07  # share of capitalised words and numbers: concrete facts
    question: float = 0.1  # questions tease rather than state a fact
    quote: float = 0.0  # quoted speech (used by the coverage weights)
    redundancy: float = 0.2  # penalty on similarity between chosen sentences
    window: int = 7  # the top picks come from the first `window` eligible sentences
    voice: float = 0.05  # a sentence that leans on context or speaks in person (see leans_on_voice)


DEFAULT_WEIGHTS = Weights()
# News puts the key facts in the first sentences, but the very first is often a hook or teaser,
# so it gets no more credit than the second and third; later ones decay as 0.3 / (1 + index).
_LEAD_PRIOR = (0.11, 0.15, 0.14)


def position_prior(index: int) -> float:
    """Return the prior importance of the sentence at `index` in the story."""
    return _LEAD_PRIOR[index] if index < len(_LEAD_PRIOR) else 0.3 / (1 + index)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return the Snowball (Porter 2) English stem of a lowercase word."""
    return _STEMMER.stem(word)


def terms(text: str) -> list[str]:
    """Return stemmed content words of text."""
    stops = stop_words()
    return [stem(w) for w in _TOKEN.findall(text.lower()) if w not in stops and len(w) > 1]


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


def _centrality(vectors: Sequence[Vector]) -> list[float]:
    """Cosine of each sentence to the centroid of all the other sentences."""
    total: Vector = {}
    for vec in vectors:
        for t, v in vec.items():
            total[t] = total.get(t, 0.0) + v
    total_sq = sum(v * v for v in total.values())
    result = []
    for vec in vectors:
        dot = cosine(vec, total)
        self_sq = sum(v * v for v in vec.values())
        rest_sq = total_sq - 2 * dot + self_sq
        result.append((dot - self_sq) / math.sqrt(rest_sq) if rest_sq > 1e-9 else 0.0)
    return result


def score_sentences(
    sentences: Sequence[str], *, title: str | None = None, weights: Weights = DEFAULT_WEIGHTS
) -> tuple[list[float], list[Vector]]:
    """Score each sentence's importance; also return the TF-IDF vectors for redundancy."""
    bags = [Counter(terms(s)) for s in sentences]
    vectors = _tfidf(bags)
    central = _centrality(vectors)
    title_terms = set(terms(title)) if title else set()
    scores = []
    for index, (sentence, vec) in enumerate(zip(sentences, vectors, strict=True)):
        words = sentence.split()
        score = weights.position * position_prior(index) + weights.centrality * central[index]
        score -= weights.length * min(len(words), 60) / 30
        named = sum(1 for w in words[1:] if w[:1].isupper() or w[:1].isdigit())
        score += weights.entities * named / max(1, len(words))
        if sentence.rstrip("\"'’”").endswith("?"):
            score -= weights.question
        if _QUOTE.search(sentence):
            score -= weights.quote
        if weights.voice and leans_on_voice(sentence):
            score -= weights.voice
        if title_terms and vec:
            score += weights.title * len(title_terms & vec.keys()) / len(title_terms)
        scores.append(score)
    return scores, vectors


def choose_top(
    scores: Sequence[float],
    vectors: Sequence[Vector],
    count: int,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    eligible: Sequence[bool] | None = None,
) -> list[int]:
    """Pick the best `count` early sentences jointly: summed importance minus pairwise overlap."""
    pool = [i for i in range(len(scores)) if eligible is None or eligible[i]]
    pool = pool[: max(weights.window, count)]
    if len(pool) <= count:
        return pool

    def value(combo: tuple[int, ...]) -> float:
        overlap = sum(cosine(vectors[a], vectors[b]) for a, b in combinations(combo, 2))
        return sum(scores[i] for i in combo) - weights.redundancy * overlap

    best = max((value(combo), combo) for combo in combinations(pool, count))
    return sorted(best[1])


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

"""Near-duplicate detection: MinHash over an article's names and numbers, with LSH bands.

Two outlets reporting one event word it differently but name the same people, places, sums and
dates, so the shingles are the capitalised words (not starting a sentence) and the tokens with a
digit. MinHash (128 permutations) estimates the Jaccard similarity of two such sets; LSH bands
find the candidate stories without comparing against all of them.
"""

from __future__ import annotations

import hashlib
import math
import re

import numpy as np

NUM_PERM = 128
MIN_SHINGLES = 5  # fewer names and numbers than this is too little evidence to merge stories
_PRIME = (1 << 31) - 1
_rng = np.random.default_rng(0x51_4C)  # fixed: stored signatures must stay comparable
_A = _rng.integers(1, _PRIME, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, size=NUM_PERM, dtype=np.uint64)
_TOKEN = re.compile(r"\$?\w+(?:[.,'’\-]\w+)*%?", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.!?…:;])\s+|\n+|\s[—–]\s")
_COMMON = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "i", "the", "a", "an", "he", "she", "it", "we", "they", "but", "and",
    "mr", "mrs", "ms", "dr",
}  # fmt: skip


def shingles(text: str) -> set[str]:
    """Return the names and numbers of a text, lowercased: capitalised words inside sentences."""
    found: set[str] = set()
    for sentence in _SENTENCE.split(text):
        for position, token in enumerate(_TOKEN.findall(sentence)):
            has_digit = any(ch.isdigit() for ch in token)
            if has_digit or (position > 0 and token[0].isupper()):
                lowered = token.lower()
                if lowered not in _COMMON:
                    found.add(lowered)
    return found


def signature(tokens: set[str]) -> list[int]:
    """Return the MinHash signature (NUM_PERM values) of a set of shingles."""
    if not tokens:
        return [_PRIME] * NUM_PERM
    hashes = np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(t.encode(), digest_size=8).digest(), "big") % _PRIME
            for t in sorted(tokens)
        ),
        dtype=np.uint64,
        count=len(tokens),
    )
    # a < 2^31 and h < 2^31, so a*h + b stays below 2^63: no overflow in uint64.
    permuted = (_A[:, None] * hashes[None, :] + _B[:, None]) % _PRIME
    return [int(v) for v in permuted.min(axis=1)]


def similarity(left: list[int], right: list[int]) -> float:
    """Estimate the Jaccard similarity of two sets from their signatures."""
    if len(left) != len(right) or not left:
        return 0.0
    return sum(a == b for a, b in zip(left, right, strict=True)) / len(left)


def rows_per_band(threshold: float) -> int:
    """Pick the widest band that still finds ~98% of pairs at the threshold (fewer false hits)."""
    best = 1
    for rows in range(1, 9):
        bands = NUM_PERM // rows
        if 1 - (1 - threshold**rows) ** bands >= 0.98:
            best = rows
    return best


def bands(sig: list[int], *, threshold: float) -> list[str]:
    """Return the LSH band keys of a signature (rows per band chosen for the threshold)."""
    rows = rows_per_band(threshold)
    keys = []
    for index in range(NUM_PERM // rows):
        chunk = ",".join(str(v) for v in sig[index * rows : (index + 1) * rows])
        digest = hashlib.blake2b(chunk.encode(), digest_size=12).hexdigest()
        keys.append(f"{rows}:{index}:{digest}")
    return keys


def expected_error(jaccard: float) -> float:
    """Return the standard error of a MinHash estimate at this similarity."""
    return math.sqrt(jaccard * (1 - jaccard) / NUM_PERM)

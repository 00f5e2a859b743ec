"""The default engine: a brief of the key sentences, or a full Quick Looks covering the story.

A brief (up to 3 bullets) is chosen jointly among the first usable sentences by importance
(position prior, centrality, names) minus overlap. A full Quick Looks starts from the top fact
and then covers the rest of the story: names and numbers not yet told, short facts first.
Either way a bullet that leans on the sentence before it is taken only right after it.
"""

from __future__ import annotations

import re
from itertools import combinations

from summarizers.bullets import Candidate, candidate, candidates
from summarizers.compress import condense, drop_additive, has_negation, has_number, word_count
from summarizers.document import Document
from summarizers.lede import (
    LEDE_HOLDS,
    LEDE_REPEAT,
    Lede,
    headline_repeats,
    lede_holds,
    lede_repeats,
    make_headline,
    make_lede,
)
from summarizers.quotes import outside_quotes
from summarizers.ranking import Weights, cosine, score_sentences, terms
from summarizers.tokenizer import MONTHS, WEEKDAYS, kept_in_order, plain_words
from summarizers.vocabulary import OFFICES

# Bullets past the top fact: no position prior, names and numbers preferred, quotes avoided.
COVERAGE_WEIGHTS = Weights(
    position=0.0, centrality=0.6, length=0.0, entities=1.0, quote=0.5, redundancy=0.2, voice=0.0
)
# A bullet that keeps half of a lede sentence's words, in order, is condensed to its main clause
# (one that keeps LEDE_REPEAT of them repeats the lede).
LEDE_ECHO = 0.5
ALSO_PENALTY = 0.3  # "X also ..." adds to a fact told before
LENGTH_PENALTY = 2.0  # per word over the target, against a concept weight of 1-10 a word
NAME_WEIGHT = 2.0  # names and numbers are what a reader keeps
# A brief's options are whole sentences of the story's opening, which restate its key fact as the
# reference highlights do: overlap costs less there than between a full look's facts (0.1 was
# better than 0.2 on both halves of the dev set, and 0.15 too).
BRIEF_REDUNDANCY = 0.1
_ALSO = re.compile(r"^(?:\S+\s+){1,3}also\b", re.IGNORECASE)


def quicklooks(document: Document, count: int) -> list[str]:
    """Return `count` bullets in story order: a brief, or a full Quick Looks past 3."""
    if count <= document.policy.brief_bullets:
        return brief(document, count)
    return full(document, count)


Option = tuple[int, tuple[str, ...]]  # a sentence and the bullets it gives


def _options(document: Document, count: int, window: int) -> list[Option]:
    """Bullet choices among the first `window` usable sentences: each with all its pieces."""
    options: list[Option] = []
    sentences = 0
    for i in range(len(document)):
        fact = candidate(document, i)
        if fact is None or not 1 <= len(fact.pieces) <= count:
            continue
        options.append((i, fact.pieces))
        sentences += 1
        if sentences >= window:
            break
    return options


def brief(document: Document, count: int) -> list[str]:
    """Pick key sentences jointly among the first usable ones, `count` bullets in all.

    A sentence too long for one bullet may come as two (split at a clause boundary), taking
    two slots, since cutting it short would drop a number or a negation. The brief is shown
    under the lede, so a bullet leaning on the lede's last sentence reads right after it.
    """
    scores, vectors = document.scored
    weights = Weights()
    options = _options(document, count, max(weights.window, count))
    leans = {i: candidate(document, i).leans for i, _ in options}  # type: ignore[union-attr]
    # The lede is read right before the bullets: a bullet may also lean on the lede's last
    # sentence when no bullet but a lede sentence (read just before) stands between them.
    lede = set(make_lede(document).indices)
    last_read = max(lede)

    def value(combo: tuple[Option, ...]) -> float:
        chosen = [i for i, _ in combo]
        overlap = sum(cosine(vectors[a], vectors[b]) for a, b in combinations(chosen, 2))
        return sum(scores[i] * len(b) for i, b in combo) - BRIEF_REDUNDANCY * overlap

    def allowed(combo: tuple[Option, ...]) -> bool:
        chosen = [i for i, _ in combo]
        # A leaning bullet needs the sentence before it right before it in the selection.
        return len(set(chosen)) == len(chosen) and all(
            not leans[i]
            or i - 1 in chosen
            or (i - 1 == last_read and all(j in lede for j in chosen if j < i))
            for i in chosen
        )

    for total in range(count, 0, -1):
        combos = [
            combo
            for k in range(1, total + 1)
            for combo in combinations(options, k)
            if sum(len(b) for _, b in combo) == total and allowed(combo)
        ]
        if combos:
            best = max(combos, key=lambda c: (value(c), [-i for i, _ in c]))
            return [p for _, bullets in sorted(best) for p in bullets]
    return []


def full(document: Document, count: int) -> list[str]:
    """Start from the top fact, then cover what no chosen bullet says yet."""
    facts = candidates(document)
    scores = document.scored[0]
    lede = make_lede(document)
    eligible = [c is not None and bool(c.facts) for c in facts]
    standalone = [e and not facts[i].facts_lean for i, e in enumerate(eligible)]  # type: ignore[union-attr]
    pool = [i for i, ok in enumerate(standalone) if ok][: Weights().window]
    if not pool:
        return []
    soft = document.policy.bullet_soft_max_words
    short = [i for i in pool if all(word_count(f) <= soft for f in facts[i].facts)]  # type: ignore[union-attr]
    known = set(terms(f"{document.title or ''} {lede.text}"))
    introduced = [i for i in short if not _unintroduced(facts[i].facts[0], known)]  # type: ignore[union-attr]
    top = max(introduced or short or pool, key=lambda i: (scores[i], -i))
    chosen: dict[int, list[str]] = {}
    # The top fact is also the lede's: say it shorter, or leave it to the lede. Said shorter,
    # the story's key fact (the lede's first sentence) opens the bullets as in the style sample;
    # a piece of a later lede sentence is a detail the lede has just told.
    first = [condense(f) if lede_repeats(f, lede, LEDE_ECHO) else f for f in facts[top].facts]  # type: ignore[union-attr]
    # (the headline is read first: the top fact said shorter may be the headline itself)
    headline = make_headline(document)
    first = [f for f in first if not _said_above(f, lede, headline)]
    if first:
        chosen[top] = first
    options = {i for i, ok in enumerate(eligible) if ok and i != top}
    in_lede = {i for i in lede.indices if i in options}
    if len(options) - len(in_lede) >= count - sum(len(f) for f in chosen.values()):
        options -= in_lede  # the lede tells them already
    for i in options & in_lede:  # still needed: not a near copy of the lede, though
        told = [condense(f) if lede_repeats(f, lede, LEDE_ECHO) else f for f in facts[i].facts]  # type: ignore[union-attr]
        if any(lede_repeats(f, lede, LEDE_REPEAT) for f in told) and len(options) > count:
            options.discard(i)
    bullets = _cover(document, facts, chosen, options, count, lede=lede.text, headline=headline)
    # Bullets are read after the lede: a near copy of a lede sentence, or a piece of one past
    # the key fact, says it twice.
    copies = [b for b in bullets if _said_above(b, lede, headline)]
    for copy in copies:
        if len(bullets) > document.policy.min_bullets:
            bullets.remove(copy)
    return bullets


def _kept_words(text: str) -> set[str]:
    """The numbers and negations of a text, as the cuts read them (has_number, has_negation):
    words that terms() leaves out and that are news when new ("3-1", "twice", "don't")."""
    words = re.findall(r"[a-z0-9'’]+", text.lower())
    return {w for w in words if has_number(w) or has_negation(w)}


def adds_something(bullets: list[str], above: str, key: str = "") -> list[str]:
    """Drop a bullet none of whose content words is new after what was read above it: it says
    again what the headline, the lede or a bullet before it said ("There will be more to
    come."), and a shorter look reads better than one that repeats itself.

    The story's key fact (`key`, the lede's first sentence) said again, shorter, still opens the
    bullets, as in the style sample.
    """
    kept: list[str] = []
    # content words, and every number and negation ("3-1", "not"), which terms() leaves out
    told = set(terms(above)) | _kept_words(above)
    key_words = plain_words(key)
    for bullet in bullets:
        words = set(terms(bullet)) | _kept_words(bullet)
        mine = plain_words(bullet)
        restates_key = (
            not kept and bool(mine) and kept_in_order(mine, key_words) >= LEDE_HOLDS * len(mine)
        )
        if words - told or restates_key:
            kept.append(bullet)
        told |= words
    return kept or bullets[:1]


def _said_above(bullet: str, lede: Lede, headline: str) -> bool:
    """The bullet says what the headline or the lede above it said: a near copy of a lede
    sentence, a piece of one past the key fact, or the headline again."""
    return (
        lede_repeats(bullet, lede, LEDE_REPEAT)
        or lede_holds(bullet, lede, first=1)
        or headline_repeats(bullet, headline)
    )


def _cover(
    document: Document,
    facts: list[Candidate | None],
    chosen: dict[int, list[str]],
    options: set[int],
    count: int,
    lede: str,
    headline: str = "",
) -> list[str]:
    """Add, one sentence at a time, the facts that tell the most of the story not yet told.

    The story's concepts are its content words, weighted by how many sentences use them (names
    and numbers count double); what the lede says is told already, since bullets are read after
    it. A sentence's gain is the weight of the concepts its bullets add, per bullet, less a cost
    per word over the target; of equal gains the shorter wins. A sentence split into several
    facts offers each one alone too (a short split-off clause is not lost because the clause it
    came with is long), and facts over the soft maximum are taken only while a look is short of
    its minimum.
    """
    weight = _concepts(document)
    policy = document.policy
    target, soft = policy.bullet_target_words, policy.bullet_soft_max_words
    units: dict[tuple[int, int], list[str]] = {}
    known = set(terms(f"{document.title or ''} {lede}"))
    above = known | set(terms(headline))
    for i in options:
        told = list(facts[i].facts)  # type: ignore[union-attr]
        if all(headline_repeats(f, headline) for f in told):
            continue  # says only the headline: no fact, even for a look short of its minimum
        units[(i, -1)] = told
        for j, fact in enumerate(told):
            if headline_repeats(fact, headline):
                continue
            alone = len(told) > 1 and (j > 0 or not facts[i].facts_lean)  # type: ignore[union-attr]
            if alone and not _subordinate(fact, document.texts[i]):
                units[(i, j)] = [fact]
    words = {key: {t for b in f for t in terms(b)} for key, f in units.items()}
    said = {t for f in chosen.values() for b in f for t in terms(b)} | known

    def value(key: tuple[int, int]) -> float:
        bullets = units[key]
        gain = sum(weight.get(t, 0.0) for t in words[key] - said) / len(bullets)
        length = sum(max(0, word_count(b) - target) for b in bullets) / len(bullets)
        also = ALSO_PENALTY if _ALSO.match(bullets[0]) else 0.0
        return gain * (1 - also) - LENGTH_PENALTY * length

    picked = dict(chosen)
    while units and sum(len(f) for f in picked.values()) < count:
        room = count - sum(len(f) for f in picked.values())
        # A full Quick Looks is read bullet by bullet: none may lean on the one before (a
        # split-off clause alone had its referent named when it was split).
        short_of_minimum = sum(len(f) for f in picked.values()) < policy.min_bullets
        ready = [
            k
            for k, f in units.items()
            if len(f) <= room
            and (k[1] >= 0 or not facts[k[0]].facts_lean)  # type: ignore[union-attr]
            and (not facts[k[0]].tied or short_of_minimum)  # type: ignore[union-attr]
        ]
        if not ready:
            break
        # "The agreement was designed ...": a definite description of something the reader has
        # not met (not in the headline, the lede or a bullet above it, in story order) is taken
        # only while the look is short of its minimum, and after every longer fact that needs
        # no introduction; as the subject ("The tree was named after ...") it is no bullet at
        # all: a shorter look reads better than one that points at nothing (hand-reads of
        # seeds 2070/2071 found it the largest defect)
        met = [
            k for k in ready if not _unintroduced(units[k][0], _read_before(picked, k[0], known))
        ]
        fits = [k for k in met if all(word_count(b) <= soft for b in units[k])]
        if not fits and not short_of_minimum:
            break
        if not fits:
            unmet = [
                k
                for k in ready
                if k not in met and not _opens_unmet(units[k][0], _read_before(picked, k[0], known))
            ]
            fits = (
                met or [k for k in unmet if all(word_count(b) <= soft for b in units[k])] or unmet
            )
        if not fits:
            break
        best = max(fits, key=lambda k: (value(k), -_words(units[k]), -k[0], -k[1]))
        picked[best[0]] = units[best]
        said |= words[best]
        units = {k: f for k, f in units.items() if k[0] != best[0]}
    for i, told in picked.items():
        # (after the choice, which the cut's words made: the whole sentence only says it better)
        if i not in chosen and told == list(facts[i].facts):  # type: ignore[union-attr]
            picked[i] = _with_its_news(facts[i], above)  # type: ignore[arg-type]
    bullets = _dedupe([b for i in sorted(picked) for b in picked[i]])[:count]
    return [drop_additive(b) for b in _introduced_first(bullets, known, policy.min_bullets)]


def _with_its_news(fact: Candidate, known: set[str]) -> list[str]:
    """The fact's bullets, or its whole sentence when the cut kept only what the headline and
    lede told and dropped what is new ("Eugenie has been in New York for the past year." from
    "..., working for an online auction house": the headline told the first half)."""
    cut = list(fact.facts)
    whole = fact.pieces
    if len(cut) != 1 or len(whole) != 1 or whole[0] == cut[0] or fact.leans:
        return cut
    new_in_cut = set(terms(cut[0])) - known
    new_in_whole = set(terms(whole[0])) - known
    if len(new_in_cut) <= NEWS_IN_CUT and len(new_in_whole - new_in_cut) >= NEWS_IN_TAIL:
        return [whole[0]]
    return cut


NEWS_IN_CUT = 1  # a cut fact with no more new words than this told nothing
NEWS_IN_TAIL = 2  # ... when what the cut dropped holds this many


# (and "but": "X are on the bench, but Owen Farrell starts" says its point in the first half)
_SUBORDINATOR = re.compile(
    r"^(?:when|after|as|because|before|while|although|though|whereas|since|once|but)$",
    re.IGNORECASE,
)


def _subordinate(fact: str, sentence: str) -> bool:
    """The fact was the sentence's "when ..."/"after ..." clause: background to the main one.

    "Mr Hardy was taught by Tolkien when he studied English at Magdalen": "Mr Hardy studied
    English at Magdalen" alone drops the point, so it is shown only with its main clause.
    """
    words = fact.rstrip(".!").split()
    if len(words) < 5:
        return False
    # the opening words may have been named ("he" -> "Mr Hardy") or capitalised
    at = sentence.find(" ".join(words[2:6]))
    if at < 0:
        return False
    lead = sentence[:at].replace(",", " ").split()[-4:]
    return any(_SUBORDINATOR.match(w) for w in lead)


def _read_before(picked: dict[int, list[str]], index: int, known: set[str]) -> set[str]:
    """What a reader met before sentence `index`'s bullets: headline, lede, bullets above."""
    above = {t for i, f in picked.items() if i < index for b in f for t in terms(b)}
    return known | above


def _introduced_first(bullets: list[str], known: set[str], minimum: int) -> list[str]:
    """Drop a bullet whose opening "The <noun>" nothing above it introduces; one that names
    "the incident" nothing above it told of goes too, down to `minimum`.

    A bullet picked later may sit above one picked earlier, so the order is checked at the end.
    """
    kept = list(bullets)
    seen = set(known)
    for bullet in bullets:
        if _opens_unmet(bullet, seen) or (len(kept) > minimum and _unintroduced(bullet, seen)):
            kept.remove(bullet)
            continue
        seen |= set(terms(bullet))
    return kept


_DEFINITE = re.compile(
    # (the noun phrase holds no verb: in "The mayor said the closure would ..." the head is
    # "mayor")
    r"^(?:The|This|These|Those)\s+(?P<np>(?:(?!(?:said|says|told|is|are|was|were|has|have|had|"
    r"will|would|could|can|may|might)\b)[a-z][\w'’-]*\s+){0,3}?)(?P<head>[a-z][\w'’-]*)"
    r"(?=\s+(?:is|are|was|were|has|have|had|will|would|could|can|may|might|manages?|"
    r"still|also|then|now|[a-z]+ed|[a-z]{2,}[^s\W]s)\b"
    # "The bizarre post on his account emerged": a phrase after the noun, then the verb
    r"|\s+(?:on|in|at|from|about|over|for)\s+[^,;:]{3,40}?\s+(?:is|are|was|were|has|have|had|"
    r"will|[a-z]+ed)\b)"
)


# A definite that establishes its own referent points back to nothing: a superlative or ordinal
# ("The largest lamb"), a quantity ("The number of ..."), a restrictive complement ("The debt of
# a divorced retiree averages ..."; "The few parks that charge ..." is not matched: the verb
# must follow the head).
_SELF_DEFINED = re.compile(
    r"^(?:(?:first|last|only|next|latest|oldest|youngest|[a-z]+est|number|amount|majority|"
    r"rest|total|average)\b|[a-z-]*\d|(?:[a-z][\w'’-]*\s+){1,2}of\s)"
)


# Nouns that point back to an event or a party the story told of before ("When asked about
# the incident, ...", "... the pair were arrested"), wherever they stand in the bullet.
_BACK_NOUN = re.compile(
    r"\b(?:the|this|that)\s+(?P<head>incident|attack|accident|crash|move|decision|announcement|"
    r"comments|remarks|claims|allegations|row|scandal|ordeal|tragedy|shooting|stabbing|"
    r"offer|bid|findings|probe|victim|victims|suspect|suspects|pair|couple|duo|trio|"
    # a document or a recording the story showed before: "In the video, ...", "the letter"
    r"video|footage|clip|letter|survey|study|panel|inquiry|"
    # a figure on the page: "The graph shows a clear trend ..."
    r"graph|chart|map|graphic|table|picture|image|photo|photograph|"
    # a place told of before: "Most macaques from that area ..."
    r"area|region)\b",
    re.IGNORECASE,
)


# "Turkey denies this history.", "these figures": a demonstrative points back to something told
# before (not "this week", "this country": the time and place of the telling).
_DEMONSTRATIVE = re.compile(
    r"\b(?:this|these|those)\s+(?P<head>(?!(?:is|was|are|were|has|have|had|will|would|could|"
    r"can|may|might|must|should|does|did|do|means?|meant|comes?|came|makes?|made|shows?|showed|"
    r"the|a|an|and|or|but|to|of|in|on|at|for|with|by|as|that|which|who|not|one|ones|week|"
    r"weekend|year|month|season|morning|afternoon|evening|night|summer|winter|spring|autumn|"
    r"time|century|decade|term|moment|days|weeks|months|years|country|newspaper|paper|website|"
    r"site|page|story|article|kind|sort|type|way|is|past|coming|financial|fiscal|academic|"
    + WEEKDAYS.lower()
    + "|"
    + MONTHS.lower()
    + r"|christmas|easter)\b)[a-z][\w'’-]*)",
    re.IGNORECASE,
)


# "in that situation", "for that reason": "that" after a preposition points back too
_THAT_AFTER_PREPOSITION = re.compile(
    r"\b(?:at|on|for|from|of|with|by|after|before|under|since|during|despite)\s+that\s+"
    r"(?P<head>(?!(?:is|was|are|were|has|have|had|will|would|could|can|the|a|an|he|she|they|it|"
    r"we|i|you|time|day|night|week|year|moment|point|in|on|at|to|of|for|with|by|and|or|but|"
    r"as|when|if|so|this|that)\b)[a-z][\w'’-]*)",
    re.IGNORECASE,
)


# "Most, in that situation, would ...": not "in that courts rarely side" ("in that" = because)
_IN_THAT = re.compile(r"\bin\s+that\s+(?P<head>[a-z][\w'’-]*)(?=\s*[,.;])", re.IGNORECASE)


def _opens_unmet(bullet: str, known: set[str]) -> bool:
    """The bullet's subject is "The <noun>" that the reader has not met yet."""
    match = _DEFINITE.match(bullet)
    return (
        match is not None
        and not _SELF_DEFINED.match(match.group("np") + match.group("head"))
        and not (not match.group("np") and match.group("head") in OFFICES)
        and not set(terms(match.group("head"))) & known
    )


def _unintroduced(bullet: str, known: set[str]) -> bool:
    """The bullet opens with "The <noun>", or names "the incident", that the reader has not
    met yet."""
    if _opens_unmet(bullet, known):
        return True
    outside = outside_quotes(bullet)
    return any(
        not set(terms(m.group("head"))) & known
        for pattern in (_BACK_NOUN, _DEMONSTRATIVE, _THAT_AFTER_PREPOSITION, _IN_THAT)
        for m in pattern.finditer(outside)
    )


def _words(bullets: list[str]) -> int:
    return sum(map(word_count, bullets))


def _concepts(document: Document) -> dict[str, float]:
    """Weight each content word by the number of sentences using it; names and numbers more."""
    cache = document._cache
    if "concepts" not in cache:
        frequency: dict[str, float] = {}
        named: set[str] = set()
        for text in document.texts:
            for term in set(terms(text)):
                frequency[term] = frequency.get(term, 0.0) + 1.0
            named |= {
                t for w in re.findall(r"\b(?:[A-Z][\w'’-]+|\d[\d,.]*)", text[1:]) for t in terms(w)
            }
        cache["concepts"] = {t: n * NAME_WEIGHT if t in named else n for t, n in frequency.items()}
    concepts = cache["concepts"]
    assert isinstance(concepts, dict)
    return concepts


def _coverage_scores(document: Document) -> list[float]:
    cache = document._cache
    if "coverage" not in cache:
        cache["coverage"] = score_sentences(
            document.texts, title=document.title, weights=COVERAGE_WEIGHTS
        )[0]
    scores = cache["coverage"]
    assert isinstance(scores, list)
    return scores


SIMILAR = 0.6  # bullets this similar (cosine of their terms) say the same thing


def _dedupe(bullets: list[str]) -> list[str]:
    kept: list[str] = []
    vectors: list[dict[str, float]] = []
    for bullet in bullets:
        bag = terms(bullet)
        norm = len(bag) ** 0.5 or 1.0
        vec = {t: bag.count(t) / norm for t in set(bag)}
        if any(cosine(vec, v) >= SIMILAR for v in vectors):
            continue
        kept.append(bullet)
        vectors.append(vec)
    return kept

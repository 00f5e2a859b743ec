"""Turn a story sentence into a short bullet: drop openers, attributions and asides, never facts."""

from __future__ import annotations

import re

MAX_BULLET_WORDS = 35

_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot|n't|unable|denied|"
    r"refused|failed|declined|rejected|unlikely|absent|except)\b|n[’']t\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion|dozen|half)\b",
    re.I,
)
_OPENER = re.compile(
    r"^(?:(?:Meanwhile|However|Additionally|Moreover|Furthermore|In addition|Also|Still|Notably|"
    r"Indeed|Nevertheless|Nonetheless|Importantly|Separately|Elsewhere|Overall|Now|Today|"
    r"Interestingly|Incidentally|Similarly|Likewise|Besides|Consequently|As a result|"
    r"In fact|Of course|At the same time|On the other hand|In other words|"
    r"According to [^,\"'‘“]{1,60}),\s+|(?:But|And|So|Yet|Plus)\s+(?=[A-Za-z]))"
)
_SAY = (
    r"(?:said|says|say|added|adds|told [^,\"'‘“]{1,40}|reported|reports|explained|noted|"
    r"confirmed|claimed|stated|emphasi[sz]ed|insisted|warned|revealed|announced|wrote|"
    r"tweeted|believes?|suggested|argued|stressed|acknowledged|admitted|continued)"
)
_WHEN = r"(?:\s+(?:on|last|this|in|at|late|early)?\s*[\w,]+(?:\s+(?:night|morning|evening|week))?)?"
_TRAILING_ATTRIBUTION = [
    # ", according to the official." / ", as announced by a French official on Monday."
    re.compile(
        r",\s+(?:according to|as (?:announced|reported|stated|confirmed|said|revealed) by|"
        r"reports? said|the [\w ]{1,30} reported)\s[^,\"'‘“”’]{1,90}\.$"
    ),
    # ", he said." / ", a French military official said on Monday." / ", police said."
    re.compile(r",\s+(?:[\w.'’-]+\s+){0,7}?" + _SAY + _WHEN + r"\.$"),
    # ", said the official." / ", emphasized Mr Smith."
    re.compile(r",\s+" + _SAY + r"\s+(?:[\w.'’-]+\s*){1,8}\.$"),
]
_PAREN = re.compile(r"\s*\([^()]{0,80}\)")
_TRAILING_CLAUSE = re.compile(
    r",\s+(?:which|who|where|while|whereas|as|after|before|adding|saying|with|although|"
    r"though|despite|amid|including|prompting|leaving|making|bringing|following)\b[^,;]{3,}\.$"
)
_SPLIT = re.compile(
    r";\s+|,\s+(?:but|and|while|whereas|so)\s+(?=(?:he|she|they|it|we|i|the|a|an|his|her|their|"
    r"its|this|that|these|police|officials|there)\b)"
)
_QUOTE_CHARS = re.compile(r"[\"“”]")


def has_negation(text: str) -> bool:
    """Tell whether text contains a negation that must never be dropped."""
    return bool(_NEGATION.search(text))


def _safe_to_drop(part: str) -> bool:
    return not has_negation(part) and not _NUMBER.search(part)


def word_count(text: str) -> int:
    """Count words the way bullet limits are measured."""
    return len(text.split())


def _in_quote(text: str) -> bool:
    # An opening quote we cannot see closed: cutting would leave a broken quotation.
    return len(_QUOTE_CHARS.findall(text)) % 2 == 1 or bool(re.search(r"(?:^|\s)['‘]\w", text))


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def _finish(text: str) -> str:
    text = text.strip().rstrip(",;:– -")
    if not re.search(r"[.!?][\"'’”)]*$", text):
        text += "."
    return _capitalize(text)


def strip_opener(sentence: str) -> str:
    """Drop a discourse opener such as "Meanwhile," or "However,"."""
    for _ in range(2):
        match = _OPENER.match(sentence)
        if not match:
            break
        rest = sentence[match.end() :]
        if word_count(rest) < 4 or has_negation(match.group(0)):
            break
        sentence = _capitalize(rest)
    return sentence


def strip_attribution(sentence: str) -> str:
    """Drop a trailing "..., he said." style attribution unless it closes a quotation."""
    for pattern in _TRAILING_ATTRIBUTION:
        match = pattern.search(sentence)
        if not match:
            continue
        head = sentence[: match.start()]
        dropped = match.group(0)
        if (
            word_count(head) >= 5
            and not _in_quote(head)
            and not re.search(r"[\"'’”]$", head)
            and not has_negation(dropped)
        ):
            return head + "."
    return sentence


def drop_parentheticals(sentence: str) -> str:
    """Drop bracketed asides like "(pictured)" that hold no number or negation."""
    return _PAREN.sub(lambda m: m.group(0) if not _safe_to_drop(m.group(0)) else "", sentence)


def trim_trailing_clause(sentence: str, *, min_words: int = 25, min_head: int = 10) -> str:
    """Cut a long sentence's final subordinate clause when it holds no number or negation."""
    if word_count(sentence) < min_words:
        return sentence
    match = _TRAILING_CLAUSE.search(sentence)
    if (
        match
        and _safe_to_drop(match.group(0))
        and word_count(sentence[: match.start()]) >= min_head
    ):
        head = sentence[: match.start()]
        if not _in_quote(head):
            return head + "."
    return sentence


def compress(sentence: str, *, trim_words: int = 25) -> str:
    """Compress one sentence conservatively into a bullet-style sentence."""
    text = strip_opener(sentence.strip())
    text = drop_parentheticals(text)
    text = strip_attribution(text)
    text = trim_trailing_clause(text, min_words=trim_words)
    return _finish(" ".join(text.split()))


def to_bullets(sentence: str, *, max_words: int = MAX_BULLET_WORDS) -> list[str]:
    """Compress a sentence into one bullet, splitting at a clause boundary if it is too long.

    Returns an empty list when no safe cut brings it under ``max_words``.
    """
    text = compress(sentence)
    if word_count(text) <= max_words:
        return [text]
    # Cut only between two real clauses: "..., and the United States." stays whole.
    bullets = [compress(piece, trim_words=max_words) for piece in _split_clauses(text)]
    if all(4 <= word_count(b) <= max_words and not _in_quote(b) for b in bullets):
        return bullets
    head = shorten(text, max_words=max_words)
    if head:
        return [head]
    # Last resort: drop a whole aside (", which ...,"): the main clause keeps its meaning.
    slim = drop_asides(text)
    if word_count(slim) <= max_words and slim != text:
        return [slim]
    # An aside with a negation is a fact of its own: give it its own bullet, never drop it.
    parts = split_aside(text)
    return parts if all(4 <= word_count(p) <= max_words for p in parts) and len(parts) > 1 else []


_ANTECEDENT = re.compile(r"(?:^|[,:;]\s+|\b(?:by|from|to|with|and|including)\s+)([^,:;]{2,60})$")


def split_aside(sentence: str) -> list[str]:
    """Turn "..., X, which did not reply, and Y." into the main clause plus "X did not reply."."""
    for match in _ASIDE.finditer(sentence):
        antecedent = _ANTECEDENT.search(sentence[: match.start()])
        if not antecedent or not 1 <= word_count(antecedent.group(1)) <= 6:
            continue
        clause = re.sub(r"^,\s+(?:who|which)\s+", "", match.group(0))
        if clause == match.group(0):
            continue
        main = sentence[: match.start()] + sentence[match.end() :]
        return [_finish(main), _finish(f"{antecedent.group(1).strip()} {clause}")]
    return [sentence]


def drop_asides(sentence: str) -> str:
    """Drop relative-clause asides (", which ...,") that hold no number or negation."""
    return _ASIDE.sub(lambda m: "" if _safe_to_drop(m.group(0)) else m.group(0), sentence)


# "In an effort to establish X, " / "After weeks of talks, ": the main clause follows.
_LEADING_CLAUSE = re.compile(
    r"^(?:In an? (?:effort|bid|attempt) to|In order to|To|After|Following|Despite|While|"
    r"Although|Though|Because|Since|As part of|Amid|With|Speaking|Asked|During)\b"
    r"[^,;:\"“”]{3,90},\s+"
)
_VERB_HINT = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|must|should|"
    r"did|does|do)\b|\b\w+(?:ed|es)\b",
    re.I,
)


def drop_leading_clause(sentence: str) -> str:
    """Drop an opening purpose/time clause when a main clause with a verb remains."""
    match = _LEADING_CLAUSE.match(sentence)
    if not match or not _safe_to_drop(match.group(0)) or _in_quote(match.group(0)):
        return sentence
    rest = sentence[match.end() :]
    if word_count(rest) < 6 or not _VERB_HINT.search(rest):
        return sentence
    return _capitalize(rest)


def tighten(sentence: str, *, target: int) -> str:
    """Shorten a bullet towards `target` words without losing numbers or negations."""
    text = sentence
    for step in (drop_leading_clause, drop_asides):
        if word_count(text) <= target:
            break
        text = step(text)
    if word_count(text) > target:
        text = trim_trailing_clause(text, min_words=target, min_head=6)
    return _finish(" ".join(text.split()))


def to_facts(sentence: str, *, target: int, max_words: int = MAX_BULLET_WORDS) -> list[str]:
    """Turn a sentence into short one-fact bullets of about `target` words (at most max_words)."""
    facts = []
    for bullet in to_bullets(sentence, max_words=max_words):
        if word_count(bullet) <= target:
            facts.append(bullet)
            continue
        text = tighten(bullet, target=target)
        pieces = [_finish(p) for p in _split_clauses(text)] if word_count(text) > target else [text]
        facts += [tighten(p, target=target) for p in pieces]
    return facts


def _split_clauses(text: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for cut in _SPLIT.finditer(text):
        head, tail = text[start : cut.start()], text[cut.end() :]
        if word_count(head) >= 6 and word_count(tail) >= 6 and not _in_quote(head):
            pieces.append(head)
            start = cut.end()
    pieces.append(text[start:])
    return pieces


# A head ending in ", who stars as ..." would leave a relative clause hanging.
_OPEN_CLAUSE = re.compile(r"(?:who|which|whose|whom|where|including|such as)\b", re.I)
_ASIDE = re.compile(r",\s+(?:who|which|whose)\b[^,;:\"“”]{3,80}(?=,)")
_CUT = re.compile(r",\s+|;\s+|\s+[–—]\s+|\s+-\s+")


def shorten(sentence: str, *, max_words: int = MAX_BULLET_WORDS, min_words: int = 10) -> str:
    """Keep the longest leading clause under max_words; the cut tail must hold no negation.

    Returns "" when no such clause boundary exists.
    """
    best = ""
    for cut in _CUT.finditer(sentence):
        head, tail = sentence[: cut.start()], sentence[cut.end() :]
        if word_count(head) > max_words:
            break
        last_part = _CUT.split(head)[-1]
        if (
            word_count(head) >= min_words
            and not has_negation(tail)
            and not _in_quote(head)
            and not _OPEN_CLAUSE.match(last_part)
        ):
            best = head
    return _finish(best) if best else ""


# Where a trailing tail may start: ", calling it ...", ", which ...", " in a final that ...".
_TAIL_START = re.compile(
    r",\s+(?:\w+ing|which|who|where|as|after|before|while|whereas|with|amid|despite|including|"
    r"following|although|though)\b|\s+(?:in|at|during|on)\s+(?:a|an|the)\s+[^,;\"“”]{1,40}?"
    r"\s(?:that|which|who|where)\b"
)
# A weekday already told by the lede: "voted 7-4 on Tuesday night to approve".
_WEEKDAY = re.compile(
    r"\s+on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:night|morning|evening|afternoon))?(?=[\s,.])"
)
# "An orbiter run by a consortium has measured ...": the reduced relative names a side fact.
_BY_PHRASE = re.compile(
    r"\s+(?:run|led|owned|operated|funded|backed|founded|built|made)\s+by\s+[^,;\"“”]{3,60}?"
    r"(?=\s+(?:has|have|had|is|are|was|were|will|would)\b)"
)


def _drop_tail(sentence: str, *, min_head: int = 8) -> str:
    """Drop the earliest trailing clause that holds no number, negation or open quotation."""
    body = sentence.rstrip()
    for match in _TAIL_START.finditer(body):
        head, tail = body[: match.start()], body[match.start() :]
        if word_count(head) >= min_head and _safe_to_drop(tail) and not _in_quote(head):
            return head + "."
    return sentence


def _drop_safe(pattern: re.Pattern[str], sentence: str) -> str:
    return pattern.sub(lambda m: "" if _safe_to_drop(m.group(0)) else m.group(0), sentence)


def condense(sentence: str) -> str:
    """Compress harder to the main-clause fact: drop tails, attributions, weekdays, side phrases.

    Numbers, negations and quotations are never dropped.
    """
    text = drop_parentheticals(strip_opener(sentence.strip()))
    for _ in range(3):
        before = text
        text = strip_attribution(_drop_tail(drop_asides(drop_leading_clause(text))))
        if not _in_quote(text):
            text = _drop_safe(_BY_PHRASE, _drop_safe(_WEEKDAY, text))
        text = _finish(" ".join(text.split()))
        if text == before:
            break
    return text

"""A person's first mention in a Quick Looks gives the full name the article uses.

An article introduces "Yaya Toure" once and then writes "Toure"; a Quick Looks that shows
only the later sentence leaves the reader asking who Toure is. Every bullet is read after the
headline, the lede and the bullets above it, so the first of them to mention a person by a
short name ("Toure", "Mr Hatfield", "Billy") gets the full one ("Yaya Toure", "Josh Hatfield",
"Billy Smith"), when the article makes it plain whom the short name means: it calls one
person, and only one, by a full name ending (or starting) with it, and shows that full name
is a person's (an age, a title, a role, "said", "who"). Quotations are never edited.
"""

from __future__ import annotations

import re

from summarizers.quotes import scan
from summarizers.reference import NOT_A_PERSON
from summarizers.tokenizer import word_set

_PART = r"(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|Mc[A-Z][a-z]+|O['’][A-Z][a-z]+|D['’][A-Z][a-z]+)"
_FULL = re.compile(rf"(?<![\w'’-])(?P<name>{_PART}(?:\s+{_PART}){{1,2}})(?![\w-])")
_COURTESY = r"(?:Mr|Mrs|Ms|Miss|Mx)\.?"
_TITLE = (
    rf"(?:{_COURTESY}|Dr\.?|Sir|Dame|Lord|Lady|Prof\.?|Professor|Rev\.?|Sen\.?|Senator|Rep\.?|"
    r"Gov\.?|Governor|President|Judge|Justice|Captain|Capt\.?|Sgt\.?|Sergeant|Officer|"
    r"Detective|Det\.?|Inspector|Coach|Chief|General|Gen\.?|Colonel|Col\.?|Major|Lieutenant|"
    r"Lt\.?|Admiral|Commander|Corporal|Cpl\.?|Private|Constable|PC|Father|Bishop|Archbishop|"
    r"Cardinal|Rabbi|Imam|Mayor|Prince|Princess|King|Queen|Pope)"
)
# What shows a full name is a person's: an age, "said", "who" after it; a title or role before.
_PERSON_AFTER = re.compile(
    r"^(?:,\s+\d{1,3},|,\s+who\b|['’]s\s+(?:wife|husband|son|daughter|mother|father)\b|\s+"
    r"(?:said|says|told|tells|added|explained|insisted|claimed|admitted|wrote|tweeted|"
    r"revealed|denied|pleaded|was\s+(?:born|arrested|charged|jailed|sentenced))\b)"
)
_ROLES = word_set(
    "actress actor singer star model boss manager coach defender striker midfielder goalkeeper "
    "winger captain player chairman minister president officer spokesman spokeswoman father mother "
    "son daughter wife husband brother sister teacher doctor nurse driver student lawyer attorney "
    "judge prosecutor victim suspect resident director founder chief executive presenter host "
    "author writer reporter journalist footballer golfer boxer rider jockey trainer chef "
    "businessman businesswoman girlfriend boyfriend partner friend neighbour neighbor publicist "
    "client customer witness survivor mum dad grandmother grandfather"
)
_PERSON_BEFORE = re.compile(rf"(?:\b{_TITLE}|\b(?:{'|'.join(sorted(_ROLES))}))\s+$", re.IGNORECASE)
_NOT_A_NAME = frozenset(
    (
        *("The", "A", "An", "In", "On", "At", "After", "Before", "When", "While", "As", "But"),
        *("And", "So", "Yet", "However", "Meanwhile", "By", "For", "With", "From", "During"),
        *("Since", "Last", "This", "That", "These", "Those", "His", "Her", "Their", "Its", "Our"),
        *("He", "She", "It", "They", "We", "I", "You", "If", "Then", "Now", "Today", "There"),
        *("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        *("January", "February", "March", "April", "May", "June", "July", "August"),
        *("September", "October", "November", "December", "Christmas", "Easter", "God"),
        *("North", "South", "East", "West", "New", "Great", "United", "Royal", "British"),
    )
)


def full_names(texts: list[str]) -> dict[str, str]:
    """Map each short name (a surname, or the first name of a two-word name) to the one full
    name of a person the article gives for it; short names two people share are left out."""
    found: dict[str, set[str]] = {}
    people: set[str] = set()
    common = {w for text in texts for w in re.findall(r"\b[a-z]+\b", text)}
    for text in texts:
        for match in _FULL.finditer(text):
            parts = match.group("name").split()
            if match.start() == 0 and (parts[0].lower() in common or parts[0].lower() in _ROLES):
                parts = parts[1:]  # "Witness Louie Solano said": a noun capitalised to start
                if len(parts) < 2:
                    continue
            if any(p in _NOT_A_NAME for p in parts) or NOT_A_PERSON.search(" ".join(parts)):
                continue
            if re.fullmatch(_TITLE, parts[0]):
                continue  # "Mr Smith" is a short name with a title, not a full name
            name = " ".join(parts)
            before, after = text[: match.start()], text[match.end() :]
            if _PERSON_AFTER.match(after) or _PERSON_BEFORE.search(before[-40:]):
                people.add(name)
            found.setdefault(parts[-1], set()).add(name)
            if len(parts) == 2:
                found.setdefault(parts[0], set()).add(name)
    names: dict[str, str] = {}
    for short, fulls in found.items():
        persons = fulls & people
        # one person has this name, and no other full name (a team, a place) ends with it
        if len(persons) == 1 and len(fulls) == 1:
            names[short] = next(iter(persons))
    return names


def _short_mention(short: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w'’.-])(?:(?P<title>{_TITLE})\s+)?(?P<short>{re.escape(short)})"
        r"(?=['’]s\b|[^\w'’-]|$)(?!\s+[A-Z])"  # not "Marie" of "Marie Teresa Ratcliffe"
    )


_CAPITAL_BEFORE = re.compile(r"[A-Z][\w'’.-]*\s+$")


def introduce(text: str, seen: str, names: dict[str, str], *, max_words: int) -> str:
    """Give the first short mention of each person in `text` their full name, unless `seen`
    (what the reader met before) or `text` already holds it. Quotations stay as written."""
    spans = scan(text).spans
    for short, full in names.items():
        if full in seen or full in text:
            continue
        for match in _short_mention(short).finditer(text):
            start = match.start()
            if any(s <= start < e for s, e in spans):
                continue  # inside a quotation
            if _CAPITAL_BEFORE.search(text[:start]) and not match.group("title"):
                prefix = text[:start].rstrip().split()[-1]
                if prefix not in _NOT_A_NAME:
                    continue  # part of a longer name: "Yaya Toure", "Toure Foundation"
            title = match.group("title")
            # "Sgt Daniels" -> "Sgt Jim Daniels", but "Mr Hatfield" -> "Josh Hatfield"
            courtesy = not title or re.fullmatch(_COURTESY, title)
            named = full if courtesy else f"{title} {full}"
            longer = text[:start] + named + text[match.end("short") :]
            if len(longer.split()) <= max_words:
                text = longer
            break
    return text


def introduce_all(
    parts: list[str], seen: str, names: dict[str, str], *, max_words: int
) -> list[str]:
    """Introduce people in each part in reading order, each part read after those before it."""
    out: list[str] = []
    for part in parts:
        part = introduce(part, seen, names, max_words=max_words)
        out.append(part)
        seen = f"{seen} {part}"
    return out


__all__ = ["full_names", "introduce", "introduce_all"]

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
from collections.abc import Sequence
from functools import lru_cache

from summarizers.quotes import scan
from summarizers.reference import NOT_A_PERSON, first_name_sex
from summarizers.tokenizer import MONTHS, WEEKDAYS, word_set
from summarizers.vocabulary import PERSON_ROLES, ROLE_WORDS

_PART = r"(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|Mc[A-Z][a-z]+|O['’][A-Z][a-z]+|D['’][A-Z][a-z]+)"
_FULL = re.compile(rf"(?<![\w'’-])(?P<name>{_PART}(?:\s+{_PART}){{1,2}})(?![\w-])")
_COURTESY = r"(?:Mr|Mrs|Ms|Miss|Mx)\.?"
_TITLE = (
    rf"(?:{_COURTESY}|Dr\.?|Sir|Dame|Lord|Lady|Prof\.?|Professor|Rev\.?|Sen\.?|Senator|Rep\.?|"
    r"Gov\.?|Governor|President|Judge|Justice|Captain|Capt\.?|Sgt\.?|Sergeant|Officer|"
    r"Detective|Det\.?|Inspector|Coach|Chief|General|Gen\.?|Colonel|Col\.?|Major|Lieutenant|"
    r"Lt\.?|Admiral|Commander|Corporal|Cpl\.?|Private|Constable|PC|Father|Bishop|Archbishop|"
    r"Cardinal|Rabbi|Imam|Mayor|Prince|Princess|King|Queen|Pope|"
    # ranks and services: "Army Spc. Caleb Barnes", "Deputy Sheriff ..."
    r"Spc\.?|Pfc\.?|Pvt\.?|Airman|Seaman|Trooper|Deputy|Sheriff|Agent|Marshal)"
)
# What shows a full name is a person's: an age, "said", "who" after it; a title or role before.
_PERSON_AFTER = re.compile(
    r"^(?:,\s+\d{1,3},|,\s+who\b|['’]s\s+(?:wife|husband|son|daughter|mother|father)\b|\s+"
    r"(?:said|says|told|tells|added|explained|insisted|claimed|admitted|wrote|tweeted|"
    r"revealed|denied|pleaded|was\s+(?:born|arrested|charged|jailed|sentenced)|"
    r"(?:has\s+|had\s+)?(?:urged|warned|insisted|admitted|confirmed|praised|slammed|"
    r"criticised|criticized|vowed|pledged|promised|apologised|apologized|thanked|hit\s+out))\b)"
)
# A participle or a quantifier capitalised to open a sentence ("Laughing Eugenie", "Both
# Al-Douri"); not "-ed" or "-ly", which end first names ("Fred", "Emily", "Billy").
# Nationalities, faiths and parties that stand before a name ("Australian Jason Day"), a closed
# list: a suffix rule would take "Julian", "Adrian" or "Hunter" for one.
_DEMONYMS = word_set(
    "American British English Scottish Welsh Irish French German Italian Spanish Portuguese "
    "Dutch Belgian Swiss Austrian Swedish Norwegian Danish Finnish Polish Russian Ukrainian "
    "Greek Turkish Brazilian Argentine Argentinian Mexican Canadian Chinese Japanese Korean "
    "Indian Pakistani Nigerian Egyptian Israeli Iranian Iraqi Syrian Saudi Australian Kiwi "
    "Scientologist Catholic Muslim Jewish Hindu Buddhist Mormon Republican Democrat Tory "
    "Conservative Labour"
)
_NOT_FIRST = re.compile(r"^[A-Z][a-z]{3,}ing$|^(?:Both|Neither|Either|Each|Every|Only|Even|Like)$")
_ROLES = ROLE_WORDS
_PERSON_BEFORE = re.compile(rf"\b(?:{_TITLE}|(?:{'|'.join(sorted(_ROLES))}))$", re.IGNORECASE)


def _person_before(before: str) -> bool:
    """A title or a role ends the text before a name ("Officer", "striker", "ex-striker").

    Only the last word is matched (a search over the text would try every role at every
    position: slow on a long run of names).
    """
    if not before[-1:].isspace():
        return False
    words = before.split()
    if not words:
        return False
    return bool(_PERSON_BEFORE.search(words[-1]))


_NOT_A_NAME = frozenset(
    (
        *("The", "A", "An", "In", "On", "At", "After", "Before", "When", "While", "As", "But"),
        *("And", "So", "Yet", "However", "Meanwhile", "By", "For", "With", "From", "During"),
        *("Since", "Last", "This", "That", "These", "Those", "His", "Her", "Their", "Its", "Our"),
        *("He", "She", "It", "They", "We", "I", "You", "If", "Then", "Now", "Today", "There"),
        *WEEKDAYS.split("|"),
        *MONTHS.split("|"),
        *("Christmas", "Easter", "God"),
        *("North", "South", "East", "West", "New", "Great", "United", "Royal", "British"),
        *("Although", "Though", "Because", "Unless", "Whether", "Where", "Which", "Who", "What"),
        *("How", "Why", "Once", "Until", "Despite", "Including", "Unlike", "Like", "Under"),
        *("Over", "Without", "Within", "Among", "Between", "Against", "About", "Around"),
        *("Through", "Into", "Upon", "Meet", "Dear", "Mother", "Father", "Saint", "St"),
        *("Yesterday", "Tomorrow", "Tonight", "Earlier", "Later", "Here"),
    )
)


_PLACE = re.compile(r"\b(?:at|in|from|near|outside|inside)\s+([A-Z][a-z]+)\b(?!['’]|\s+[A-Z])")
_WORD_AFTER = re.compile(r"\s+([a-z][a-z-]*)\b")
# An agent noun ("donor", "director", "campaigner", "artist"), and words of those endings that
# are none: a verb after a name ends in -s or -ed, so "Peter Hall after" is the only trap.
_AGENT_NOUN = re.compile(r"[a-z]{2,}(?:or|er|ist)")
_NOT_AGENT = word_set(
    "after over under ever never later rather whether together other either neither her per "
    "for nor further former latter sooner faster harder longer better however whatever "
    "wherever whenever forever earlier register enter offer differ suffer remember consider "
    "deliver discover cover recover gather wonder order answer"
)


_SHORT_PERSON = re.compile(
    rf"\b{_TITLE}\s+(?P<short>{_PART})\b(?!\s+[A-Z])"
    rf"|(?<![\w'’-])(?P<said>{_PART})(?=,\s+\d{{1,3}},|\s+(?:said|says|told|added|explained|"
    # ("King, who was outed ...": a person; a team is "Chelsea, who are ...")
    r"insisted|admitted)\b|,\s+who\s+(?:is|was|has)\b)"
)


# Ranks stand before a first name ("Princess Eugenie", "Sir Alex") or a surname ("Lord Janner")
_RANK = r"(?:Lord|Lady|Sir|Dame|Baroness|Baron|Prince|Princess|King|Queen|Duke|Duchess)"
_RANKED = re.compile(
    rf"\b(?P<title>{_RANK})\s+"
    rf"(?P<short>{_PART})\b(?!\s+[A-Z])"
)


def person_words(texts: Sequence[str]) -> frozenset[str]:
    """The words that name a person somewhere in the story: each part of a full name shown to
    be a person's ("Yaya", "Toure"), and a short name used as one ("Kayahan said", "Mr Lee")."""
    return read_names(tuple(texts))[1]


def full_names(texts: Sequence[str]) -> dict[str, str]:
    """Map each short name (a surname, or the first name of a two-word name) to the one full
    name of a person the article gives for it; short names two people share are left out."""
    return dict(read_names(tuple(texts))[0])


@lru_cache(maxsize=8)  # a story is read once for its bullets and once for its names
def read_names(texts: tuple[str, ...]) -> tuple[dict[str, str], frozenset[str]]:
    """Both answers from one reading of the story: `full_names` and `person_words`."""
    found: dict[str, set[str]] = {}
    uses: dict[str, int] = {}
    people: set[str] = set()
    common = {w for text in texts for w in re.findall(r"\b[a-z]+\b", text)}
    # a word that stands alone after "at", "in", "from" is a place ("at Aintree", "in Sheffield"),
    # no first name: "Aintree Treadwell" is a caption glued to a name
    places = {m.group(1) for text in texts for m in _PLACE.finditer(text)}
    for text in texts:
        for match in _FULL.finditer(text):
            parts = match.group("name").split()
            # The first word may be no first name: a title or a role ("Officer Kathryn
            # McCormick", "Witness Louie Solano", which also shows a person), or a word
            # capitalised to open a sentence ("Laughing Eugenie", "Both Al-Douri and Saddam").
            # What is left must still be two words: "Mr Smith" is a short name, no full name.
            titled = parts[0].lower() in _ROLES or bool(
                re.fullmatch(_TITLE, parts[0]) and not re.fullmatch(_RANK, parts[0])
            )
            # ("Disgraced Rolf Harris", "Injured Wayne Rooney": an -ed or -ly word opening a
            # sentence, unless it is a first name: "Fred", "Emily")
            opener = bool(re.fullmatch(r"[A-Z][a-z]{2,}(?:ed|ly)", parts[0])) and not (
                first_name_sex(parts[0])
            )
            # ("Scientologist John Travolta", "Australian Jason Day": an agent or a nationality
            # before a first name)
            nationality = (
                len(parts) == 3 and parts[0] in _DEMONYMS and bool(first_name_sex(parts[1]))
            )
            if (
                titled
                or nationality
                or parts[0].lower() in common
                or _NOT_FIRST.match(parts[0])
                or opener
                or (parts[0] in places and not first_name_sex(parts[0]))
            ):
                parts = parts[1:]
                if len(parts) < 2:
                    continue
            if any(p in _NOT_A_NAME for p in parts) or NOT_A_PERSON.search(" ".join(parts)):
                continue
            if any(re.fullmatch(_COURTESY, p) for p in parts):
                continue  # "Although Ms Rusoff-Hoen": no name has a title inside it
            name = " ".join(parts)
            # (windows, not the whole text: a long paragraph of names stays linear)
            before = text[max(0, match.start() - 60) : match.start()]
            after = text[match.end() : match.end() + 200]
            role_after = _WORD_AFTER.match(after)
            if role_after and (
                role_after.group(1) in _ROLES
                or (
                    _AGENT_NOUN.fullmatch(role_after.group(1))
                    and role_after.group(1) not in _NOT_AGENT
                )
            ):
                continue  # "Tory donor", "Chelsea striker": a modifier of a role, no one's name
            if (
                titled
                or _PERSON_AFTER.match(after)
                or _person_before(before[-40:])
                or first_name_sex(parts[0])  # "Chris Higgins": a first name of one sex
            ):
                people.add(name)
            uses[name] = uses.get(name, 0) + 1
            found.setdefault(parts[-1], set()).add(name)
            # (a first name before a surname with a particle: "Giada De Laurentiis")
            if len(parts) == 2 or (len(parts) == 3 and parts[1].lower() in _PARTICLES):
                found.setdefault(parts[0], set()).add(name)
    # "Mr Brown", "Mangala said", "Edwards, 64,": the short name itself shows a person, and so
    # every full name ending in it is one
    shown = {
        m.group("short") or m.group("said")
        for text in texts
        for m in _SHORT_PERSON.finditer(text)
        if m.group("short") or not _CAPITAL_BEFORE.search(text[: m.start()])
    } | {
        m.group("own")
        for text in texts
        for m in [_SHORT_WITH_PRONOUN.match(text)]
        if m and m.group("own") not in _NOT_A_NAME
    }
    people.update(f for fulls in found.values() for f in fulls if f.split()[-1] in shown)
    words = frozenset(w for f in people for w in f.split()) | shown
    # "Lord Janner" where the only full name is his son "Daniel Janner": a short name that
    # carries a rank the full name never does may be someone else
    ranked = {m.group("short"): m.group("title") for text in texts for m in _RANKED.finditer(text)}
    names: dict[str, str] = {}
    for short, fulls in found.items():
        if short in ranked and not any(
            f"{ranked[short]} {f}" in text for f in fulls for text in texts
        ):
            continue
        persons = fulls & people
        if len(persons) != 1:
            continue
        # one person has this name, and any other full name ending with it (a team, a place,
        # "for Labour Brown's speech") is rare beside it
        person = next(iter(persons))
        others = sum(uses.get(f, 0) for f in fulls - persons)
        if others == 0 or (uses.get(person, 0) >= 3 * others and len(fulls) == 2):
            names[short] = person
    return names, words


# Any capitalised word, with the title before it: where a short name may stand.
_MENTION = re.compile(
    rf"(?<![\w'’.-])(?:(?P<title>{_TITLE})\s+)?(?P<short>{_PART})"
    # ("Barnes' awards": a possessive of a name in -s; not "Marie" of "Marie Teresa Ratcliffe")
    r"(?=['’]s\b|(?<=s)['’](?=\s)|[^\w'’-]|$)(?!\s+[A-Z])"
)
_PARTICLES = word_set("de da di del della van von der den le la du dos das bin al")
_CAPITAL_BEFORE = re.compile(r"[A-Z][\w'’.-]*\s+$")
# "Ronaldo was in the mood to show off his skills.": a short name whose own clause goes on to
# "his" or "her" is a person's (a team or a firm is "their" or "its")
_SHORT_WITH_PRONOUN = re.compile(
    # (its own verb right after it: "Rock music was his passion" is about the music)
    r"(?P<own>[A-Z][a-z][\w'’-]+)\s+(?=(?:was|is|has|had|will|would|could|can|may|might|must|"
    r"should|did|does|said|told|[a-z]{3,}ed)\b)"
    r"(?:(?!(?:and|or|but|while|after|as|when|who|which|that)\b)"
    r"[a-z][\w'’-]*,?\s+){1,8}(?:his|her|he|she|him|himself|herself)\b"
)
# single capitalised words in a list: "Nigel, Nick and Jonathan"
_IN_NAME_LIST = re.compile(
    r"\b[A-Z][a-z]+,\s+[A-Z][a-z]+(?:,\s+[A-Z][a-z]+)*,?\s+(?:and|or)\s+[A-Z][a-z]+\b"
)


def introduce(text: str, seen: str, names: dict[str, str], *, max_words: int) -> str:
    """Give the first short mention of each person in `text` their full name, unless `seen`
    (what the reader met before) or `text` already holds it. Quotations stay as written."""
    spans = scan(text).spans
    done: set[str] = set()
    out: list[str] = []
    last = 0
    for match in _MENTION.finditer(text):
        short = match.group("short")
        full = names.get(short)
        if full is None or short in done:
            continue
        done.add(short)  # only the first mention is named in full
        start = match.start()
        if full in seen or full in text or any(s <= start < e for s, e in spans):
            continue  # met already, or inside a quotation
        title = match.group("title")
        if full.split()[0] == short and _IN_NAME_LIST.search(
            text[max(0, start - 30) : match.end() + 30]
        ):
            continue  # "Michelle, June and Andy ... Nigel, Nick and Jonathan": first names listed
        if full.split()[0] == short and _NAME_AS_WORD.search(text[max(0, start - 30) : start]):
            continue  # "If your name is Nigel", "men named Nigel": the name, not the person
        if not title and _CAPITAL_BEFORE.search(text[:start]):
            prefix = text[:start].rstrip().split()[-1]
            if prefix not in _NOT_A_NAME:
                continue  # part of a longer name: "Yaya Toure", "Toure Foundation"
        # "Sgt Daniels" -> "Sgt Jim Daniels", but "Mr Hatfield" -> "Josh Hatfield"
        courtesy = not title or re.fullmatch(_COURTESY, title)
        named = full if courtesy else f"{title} {full}"
        out.append(text[last:start] + named)
        last = match.end("short")
    longer = "".join(out) + text[last:]
    if len(longer.split()) > max_words:
        return text
    return longer


_NAME_AS_WORD = re.compile(
    r"\b(?:named|called|name\s+is|name\s+was|names?\s+like)\s+$",
    re.I,
)


# What the article calls someone at their first mention: a role before the name ("Transfield
# Services spokesman David Jamieson", "Hawks spokesperson Garin Narain"), or a short appositive
# after it ("Angela Moore, a publicist for Claudette King,").
_ROLE_ALTERNATION = "|".join(sorted(_ROLES, key=len, reverse=True))
_ROLE_BEFORE = re.compile(
    # ("ex-RBS boss Fred Goodwin": the prefix is the role's, as "former" is)
    rf"(?<![\w'’-])((?:(?i:ex|then)-)?(?:[A-Z][\w&.-]*(?<![’'])\s+){{0,3}}(?:{_ROLE_ALTERNATION})"
    rf"(?:\s+(?:{_ROLE_ALTERNATION}))?)\s+$"
)
_ROLE_AFTER = re.compile(r"^,\s+((?:a|an|the)\s+[^,;:()\"“”‘’]{3,80}?),(?=\s)")
_PERSON_ROLE_AFTER = re.compile(
    r"^(?:a|an|the)\s+(?:[\w'’-]+\s+){0,3}?(?:" + "|".join(sorted(PERSON_ROLES)) + r")\b"
)
_NOT_ROLE = re.compile(r"\b(?:who|which|that|whose|where|when|said|says|told|was|is|has|had)\b")
_RELATION = re.compile(r"\b(?:the|a|an|his|her|their|its|our|my|your|\w+['’]s|[£$€]\S+)\s+$", re.I)
_QUALIFIER = re.compile(
    # ("then" alone only after a preposition: "under then manager X", not "... and then X")
    r"(?<![\w'’-])((?:(?:disgraced|former|ex-|ex|late|then-|"
    r"(?:(?<=\bby\s)|(?<=\bunder\s)|(?<=\bfrom\s)|(?<=\bwith\s)|(?<=\bfor\s)|(?<=\bof\s))"
    r"then|sacked|ousted|jailed|convicted|"
    r"retired|outgoing|acting|interim|suspended|deposed|one-time|onetime)\s*){1,3})$",
    re.I,
)
_NO_TITLE = word_set("signing man woman friend partner client customer")
_SPEECH_AFTER = re.compile(r"^(?:\s+(?:said|says|told|added|explained|wrote)\b|[.!]?$)")


def _before_qualifier(text: str) -> str:
    """The text before a role's qualifier: "Her late husband John Smith" is a relation too."""
    qualifier = _QUALIFIER.search(text)
    return text[: qualifier.start(1)] if qualifier else text


@lru_cache(maxsize=8)
def person_roles(texts: tuple[str, ...]) -> dict[str, tuple[str, bool]]:
    """Map each person named in full to the role the article gives at their first mention, and
    whether it stands before the name (True) or after it as an appositive (False)."""
    people = read_names(texts)[1]
    roles: dict[str, tuple[str, bool]] = {}
    seen: set[str] = set()
    for text in texts:
        for match in _FULL.finditer(text):
            name = match.group("name")
            if name in seen:
                continue
            after = _ROLE_AFTER.match(text[match.end() : match.end() + 120])
            # "Shu Rongli, a police officer from ...": a role after it shows a name is a
            # person's, though no list of names knows it
            told = after is not None and _PERSON_ROLE_AFTER.search(after.group(1)) is not None
            if not told and not all(part in people for part in name.split()):
                continue
            seen.add(name)
            window = text[max(0, match.start() - 60) : match.start()]
            before = _ROLE_BEFORE.search(window)
            if (
                before
                and before.group(1).split()[0] not in _NOT_A_NAME
                and before.group(1).split()[-1].lower() not in _NO_TITLE
                # "his owner Lynne Edwards", "Kent's father ...": a relation, no title to copy
                and not _RELATION.search(_before_qualifier(window[: before.start(1)]))
            ):
                # "Disgraced former RBS boss Fred Goodwin": the role keeps what qualifies it,
                # or "RBS boss Fred Goodwin" reads as the boss today (seed-2082/2083 hand-reads)
                qualifier = _QUALIFIER.search(window[: before.start(1)])
                role = before.group(1)
                if qualifier:
                    role = f"{qualifier.group(1).lower()}{role}"
                roles[name] = (role, True)
            elif (
                after
                and not _NOT_ROLE.search(after.group(1))
                and any(w.lower() in _ROLES for w in after.group(1).split())
            ):
                roles[name] = (after.group(1), False)
    return roles


def with_role(text: str, seen: str, roles: dict[str, tuple[str, bool]], *, max_words: int) -> str:
    """Give a person's first mention the role the article gives them, when the reader has not
    met the person yet and the words allow: "David Jamieson said" -> "Transfield Services
    spokesman David Jamieson said". Quotations stay as written."""
    for name, (role, first) in roles.items():
        at = text.find(name)
        if at < 0 or name in seen or role in text or role in seen:
            continue
        if any(s <= at < e for s, e in scan(text).spans):
            continue  # (the spans move with each insertion: read afresh)
        end = at + len(name)
        if first:
            word_before = text[:at].split()[-1:] or [""]
            if at > 0 and (_CAPITAL_BEFORE.search(text[:at]) or word_before[0].lower() in _ROLES):
                continue  # "Arsenal defender Per Mertesacker": a role or a name stands there
            lead = role[0].upper() + role[1:] if at == 0 else role
            longer = f"{text[:at]}{lead} {text[at:]}"
        else:
            if not _SPEECH_AFTER.match(text[end:].rstrip("'’\"”")):
                continue  # an appositive only where the sentence allows one: before "said"
            closing = text[end:].strip().rstrip("'’\"”")
            longer = f"{text[:end]}, {role}{'' if closing in ('.', '!', '') else ','}{text[end:]}"
        if len(longer.split()) <= max_words:
            text = longer
    return text


def introduce_all(
    parts: list[str],
    seen: str,
    names: dict[str, str],
    *,
    max_words: int,
    roles: dict[str, tuple[str, bool]] | None = None,
) -> list[str]:
    """Introduce people in each part in reading order, each part read after those before it."""
    out: list[str] = []
    for part in parts:
        part = introduce(part, seen, names, max_words=max_words)
        if roles:
            part = with_role(part, seen, roles, max_words=max_words)
        out.append(part)
        seen = f"{seen} {part}"
    return out


__all__ = ["full_names", "introduce", "introduce_all", "person_roles", "person_words", "with_role"]

"""Tell whether a sentence leans on the one before it, and name what it points back to.

A bullet is read alone. One that opens with a pronoun ("He", "It", "They"), a definite
description ("The company", "The 39-year-old"), a connective ("But", "Also") or speaks in the
first person outside quotation marks needs the sentence before it. The only repair made here is
the one the text makes unambiguous: "He"/"She"/"His"/"Her" become the previous sentence's
subject when that subject is the one person named there.
"""

from __future__ import annotations

import re

from summarizers.compress import FINDING, has_verb
from summarizers.quotes import outside_quotes
from summarizers.tokenizer import MONTHS, WEEKDAYS, word_set
from summarizers.vocabulary import PERSON_ROLES, ROLE_WORDS

PRONOUN_START = re.compile(
    r"^[\"'‘“(]*(?:he|she|they|it|its|his|her|their|theirs|this|these|those|that|we|us|our|i|"
    r"you|your|him|them|another|both|such|others"
    # ("One in five restaurants ...": a share, no one told of before)
    r"|one(?!\s+in\s+(?:\d+|a|every|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|hundred|thousand|million)\b))"
    r"\b(?!-\w|['’](?!s\b|re\b|ll\b|d\b|ve\b)\w)",
    re.I,
)
# Nouns that, after "the", stand for a person or body named before: "The company said ...",
# "The 39-year-old paid tribute ...", "The former Hearts boss ...", "The couple's ...".
_BACK_NOUN = (
    r"company|firm|club|man|woman|boy|girl|couple|pair|duo|trio|player|star|actress|actor|"
    r"singer|rapper|model|youngster|teenager|teen|businessman|businesswoman|golfer|footballer|"
    r"striker|midfielder|defender|winger|goalkeeper|boss|manager|coach|victim|suspect|"
    r"country|nation|family|brothers|sisters|mother|father|son|daughter|husband|wife|royal|"
    r"athlete|driver|rider|jockey|boxer|fighter|pilot|officer|politician|celebrity|presenter|"
    # events told before: "The decision followed a review ..."
    r"decision|move|incident|announcement|deal|footage|video|row|ruling|verdict|revelation|"
    r"allegations|remarks|comments|statement|development|measures|step|attack|troll|injury|"
    r"international|forward|keeper|veteran|skipper|captain|winner|visitors|hosts|champion|"
    r"champions|frontman|ace|youngster|prodigy|actor|singer|star|questions|research|"
    # a source told of before: "The source added that he denied any romance."
    r"source|insider|spokesman|spokeswoman|spokesperson"
)
_BACK_REFERENCE = re.compile(
    rf"^[\"'‘“]?the\s+(?:(?:former|ex-)\s*[A-Z]|(?:\d+|[a-z]+)-(?:year|month)-olds?\b|"
    # ("The man, Rishi Khanal, was saved" names him; "The younger man, Clarke said, was ..." not)
    rf"(?:[\w'’-]+\s+){{0,2}}(?:{_BACK_NOUN})(?:['’]s)?\b(?!\s+(?:of|who|which|that)\b|-|"
    rf",\s+(?-i:[A-Z])(?![\w'’.-]*(?:\s+(?-i:[A-Z])[\w'’.-]*)*\s+(?:said|says|added|told)\b)"
    # "The research, carried out by Leeds University, shows ...": the participle defines it
    rf"|,\s+(?:[a-z]+ed|led|run|made|done|written|drawn|held)\s+(?:out\s+)?(?:by|in|at|for)\b)"
    # "The Wales and British & Irish Lions' man", "The England international"
    # (capitalised words only, whatever the flags: "The family of murdered Australian baseball
    # player Chris Lane" is defined by what follows "family")
    rf"|(?:(?:(?-i:[A-Z])[\w'’.-]*|and|&)\s+){{1,6}}(?:{_BACK_NOUN})\b(?!\s+(?:of|who|which|that)\b))"
    # "There are the more fatal risks.": a list going on
    rf"|^there\s+(?:is|are|was|were)\s+(?:also\s+)?the\b"
    # "The £88,400 was by far the biggest pot", "The $40 billion taxi service has been ...": an
    # amount told before, or what it sized
    rf"|^[\"'‘“]?the\s+(?:[£$€]\d|\d[\d,.]*(?=\s+(?:was|is|were|are|has|had|will)\b))",
    re.I,
)
# "Three judges dismissed his challenge": a he/his that nobody before it in the bullet can be.
_HE = re.compile(r"\b(?:he|him|his|she|her|hers|himself|herself)\b", re.I)
# A noun for someone who does something: "holidaymaker", "pensioner", "shopkeeper" (not -ist,
# -ian: "the socialist government", "the italian embassy" are adjectives).
_AGENT = re.compile(r"[a-z]{2,}(?:maker|goer|holder|keeper|seller|owner|worker|walker|ioner)")
_ONE_DETERMINER = word_set("a an the another one this that")
_NAME_BEFORE = re.compile(r"\s[A-Z][a-z][\w'’.-]*")


def dangling_he(bullet: str) -> bool:
    """Tell whether a bullet says he/his/she/her with no one before it that it could mean.

    A name before the pronoun, or a singular subject ("A midwife has accepted her mistakes"),
    could be its referent; a plural subject and no name ("Three judges dismissed his
    challenge") cannot.
    """
    outside = outside_quotes(bullet)
    match = _HE.search(outside)
    if not match or _NAME_BEFORE.search(" " + outside[1 : match.start()]):
        return False
    words = _TOKEN.findall(outside[: match.start()])
    lowered = [w.lower() for w in words]
    if any(w in ROLE_WORDS for w in lowered) or any(
        w in _ONE_DETERMINER and any(_AGENT.fullmatch(n) for n in lowered[k + 1 : k + 3])
        for k, w in enumerate(lowered)
    ):
        return False  # "Police tweeted a warning after a holidaymaker walked in to complain
        # about his trip": a person told of before the pronoun, named or not
    if _first_verb(_TOKEN.findall(outside)) is not None and _first_verb(words) is None:
        return True  # in a phrase before the subject: "For regulars like him, X offers ..."
    verb = _first_verb(words)
    subject = [
        w
        for w in words[: verb if verb is not None else len(words)]
        if w.isalpha() and not w.endswith("ly")
    ]
    return not subject or _plural(" ".join(subject))


_SELF = r"\b(?:I|I['’](?:m|ve|d|ll)|me|my|mine|myself|we|us|our|ours|ourselves)\b"
_SPEAKER_SELF = re.compile(_SELF)  # the speaker, not the reader
# (with the reader addressed: a teaser or the writer's aside, "Sportsmail's guide takes you")
_FIRST_PERSON = re.compile(_SELF + r"|\b(?:you|your|yours|yourself)\b")
_FIRST_PERSON_CASELESS = re.compile(
    r"\b(?:i|i['’](?:m|ve|d|ll)|me|my|mine|myself|we|our|ours|you|your|yours|yourself)\b"
)


# "It is understood that ...", "It emerged that ...": "it" stands for the clause that follows,
# not for anything before, so a reader needs no referent.
EMPTY_IT = re.compile(
    r"^It\s+(?:is|was|has been|had been)\s+(?:understood|thought|believed|expected|reported|"
    r"claimed|feared|alleged|said|known|hoped|estimated|feared|suggested|rumoured|rumored|"
    r"likely|unlikely|unclear|not clear|clear|possible|impossible|hard|difficult|important|"
    r"necessary|rare|common|unusual|understandable|thought|estimated)\b(?!\s+to\b)"
    # ("It seemed a mismatch from the start": "it" is the fight, what follows no clause)
    r"|^It\s+(?:emerged|emerges|remains to be seen)\b"
    r"|^It\s+(?:appears|appeared|seems|seemed)\b"
    r"(?!\s+(?:a|an)\s+(?!(?:shame|pity|wonder|mystery|surprise)\b)|\s+like\s)"
)


# "Some complained that ...", "Many of them stayed at home": a quantifier standing alone as the
# subject counts a group told of before, by a past deed ("Some 200 people", "Many of those in the
# crowd" do not, and the present, "Many believe the plan will fail", "Many will see ...", speaks
# of people at large).
_QUANTIFIER_SUBJECT = re.compile(
    r"^[\"'‘“]?(?:(?:Some|Many|Most|Few|Several|None|All|Neither|Either)\s+of\s+(?:them|these|"
    r"those|us)\b(?!\s+(?:in|at|on|who|which|that)\b)"
    r"|(?:Some|Many|Most|Few|Several|Others)\s+(?:[a-z]+ly\s+)?(?:were|was|had|did|made|said|"
    r"(?!(?:hundred|thousand|million)\b)[a-z]{3,}ed)\b)"
)


def starts_with_pronoun(sentence: str) -> bool:
    """Tell whether a sentence opens with a pronoun pointing back ("It is understood" does not)."""
    return (bool(PRONOUN_START.match(sentence)) and not EMPTY_IT.match(sentence)) or bool(
        _QUANTIFIER_SUBJECT.match(sentence)
    )


def starts_with_back_reference(sentence: str) -> bool:
    """Tell whether a sentence opens with "The company", "The 39-year-old" and the like."""
    return bool(_BACK_REFERENCE.match(sentence))


# "..., a NASA scientist says." / "..., said Mr Smith.": reported speech with its speaker named.
_NAMED_SPEAKER = re.compile(
    r",\s+(?:(?:the|a|an)\s+)?(?:[\w.'’-]+\s+){0,6}?(?<!\bhe )(?<!\bshe )(?<!\bthey )"
    r"(?:says|said|told (?!me\b|us\b)(?:\w+\s?){1,4}|added|insisted|claimed)\.$"
    r"|,\s+(?:says|said|added)\s+(?!he\b|she\b|they\b)(?:[\w.'’-]+\s*){1,6}\.$",
    re.I,
)


def speaks_in_first_person(sentence: str, *, inside: str = "", cased: bool = True) -> bool:
    """Tell whether a sentence says I/we/my/our outside quotation marks, with no speaker named.

    "We may be close to finding life, a NASA scientist says." names its speaker: reported
    speech, not a bare first-person statement.
    """
    named = _NAMED_SPEAKER.search(sentence)
    if named and len(named.group(0).split()) <= 8 and named.start() > 0:
        return False
    outside = outside_quotes(sentence, inside=inside)
    if (
        FINDING.search(outside)
        and not _SPEAKER_SELF.search(outside)
        and not PRONOUN_START.match(sentence)  # "It depends on which ... you've chosen"
    ):
        return False  # "your house is worth more, according to a study": a finding about anyone
    if cased:
        return bool(_FIRST_PERSON.search(re.sub(r"\bUS\b", " ", outside)))
    return bool(_FIRST_PERSON_CASELESS.search(outside))


# ---- naming the referent ---------------------------------------------------------------------
_TITLE = (
    r"Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Prof|Professor|Rev|Sen|Senator|Rep|Gov|Governor|"
    r"President|Prince|Princess|King|Queen|Pope|Judge|Justice|Captain|Capt|Sgt|Officer|Detective"
)
_TOKEN = re.compile(r"[^\s,;:]+|,|;|:")
_CAPITALISED = re.compile(r"^[A-Z][a-zA-Z'’.-]*[a-z][a-zA-Z'’.-]*$|^[A-Z][a-z]?\.$")
_PARTICLE = frozenset(["de", "van", "von", "der", "da", "di", "le", "la", "bin", "al", "del"])
NOT_A_PERSON = re.compile(
    r"\b(?:Council|Police|Ministry|Club|United|City|FC|Inc|Ltd|Party|Government|Department|"
    r"Court|University|College|Association|Company|Group|Bank|Board|Agency|Office|Service|"
    r"Commission|Committee|Authority|Church|School|Hospital|Airlines?|Airways|News|Times|Post|"
    r"Mail|Telegraph|Guardian|Street|Road|House|Park|Stadium|Airport|Station|Republic|Kingdom|"
    r"States|Union|Island|Islands|County|Council|Army|Navy|Force|Corps|Institute|Foundation|"
    r"Trust|Society|League|Cup|Festival|Channel|Network|Records|Studios|Hotel|Centre|Center|"
    r"Open|Championship|Tournament|Games|Awards|Museum|Gallery|Zoo|Prize|Stakes|Derby|"
    rf"{WEEKDAYS}|{MONTHS})\b"
)
_OPENING_WORDS = word_set(
    "the a an in on at after before when while as but and so yet however meanwhile speaking "
    "according by for with from despite during since last this now then still even also"
)


def _name_runs(words: list[str]) -> list[tuple[int, int]]:
    """Return (start, end) token spans of capitalised name runs."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        if _CAPITALISED.match(words[i]) and words[i].lower() not in _OPENING_WORDS:
            j = i + 1
            while j < len(words) and (
                _CAPITALISED.match(words[j])
                or (
                    words[j] in _PARTICLE
                    and j + 1 < len(words)
                    and _CAPITALISED.match(words[j + 1])
                )
            ):
                j += 1
            while i < j - 1 and words[i].lower() in PERSON_ROLES:
                i += 1  # "Actress Julia Louis-Dreyfus": the name starts after the role
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _is_person(
    name: str, before: list[str], *, loose: bool = False, known: frozenset[str] = frozenset()
) -> bool:
    if NOT_A_PERSON.search(name):
        return False
    if loose or name in known:
        return True  # "X did A and he did B", or "Tevez" when the story named Carlos Tevez
    if re.match(rf"^(?:{_TITLE})\.?\s", name) or len(name.split()) >= 2:
        return True
    return bool(before) and before[-1].lower() in PERSON_ROLES


def names_a_person(sentence: str) -> bool:
    """Tell whether a sentence names anyone (a titled or two-word name)."""
    words = _TOKEN.findall(sentence.strip("\"'‘“ "))
    return any(_is_person(" ".join(words[a:b]), words[:a]) for a, b in _name_runs(words))


def people_named(texts: list[str]) -> frozenset[str]:
    """The single words that stand for a person in a story: each part of a full name it uses.

    "Carlos Tevez" anywhere makes a later "Tevez has said ..." a person.
    """
    known: set[str] = set()
    for text in texts:
        words = _TOKEN.findall(text)
        for a, b in _name_runs(words):
            if b - a >= 2 and _is_person(" ".join(words[a:b]), words[:a]):
                known.update(w for w in words[a:b] if w.lower() not in _PARTICLE)
    return frozenset(known)


def subject_person(
    sentence: str, *, loose: bool = False, known: frozenset[str] = frozenset()
) -> str | None:
    """Return the person a sentence is about, when its subject is the one person it names.

    "Arsenal defender Per Mertesacker has tipped Jurgen Klopp ..." names two people, so it
    gives None; "Leon Yeaman, 55, was found ..." gives "Leon Yeaman".
    """
    words = _TOKEN.findall(sentence.strip("\"'‘“ "))
    runs = _name_runs(words)
    # An appositive after the first name ("Britt McHenry, a sports reporter for ESPN, has ...")
    # is not where the verb is.
    skip = 0
    if runs and runs[0][1] < len(words) and words[runs[0][1]] == ",":
        close = [
            i for i in range(runs[0][1] + 1, min(len(words), runs[0][1] + 16)) if words[i] == ","
        ]
        skip = close[0] + 1 if close else 0
    found = _first_verb(words[skip:])
    verb = None if found is None else found + skip
    if verb is None or verb > 10 + skip:
        return None
    subject = [r for r in runs if r[1] <= verb]
    if not subject:
        return None
    start, end = subject[-1]
    # The name must end the subject (an appositive ", 55," may follow it).
    if len(subject) > 1 and skip and subject[-1][0] > subject[0][1]:
        start, end = subject[0]  # the names after it were in the appositive
    rest = words[end:verb]
    if rest and not (rest[0] == "," and rest.count(",") == 2 and rest[-1] == ","):
        return None
    # "Gertrud Tiefenbacher's hands had been tied": the person is Gertrud Tiefenbacher
    name = re.sub(r"['’]s?$", "", " ".join(words[start:end]))
    if start == 1 and words[0].lower() == "the":
        name = f"The {name}"  # "The Prime Minister"
    people = [
        r
        for r in runs
        if not (skip and runs[0][1] <= r[0] < skip)  # names inside the appositive
        and (r[0] == 0 or words[r[0] - 1].lower() not in _LOCATIVE)  # "in Dubai", "at Old Trafford"
        and _is_person(" ".join(words[r[0] : r[1]]), words[: r[0]], known=known)
    ]
    if loose and not people:
        if start > 1 or any(w.lower() in _PREPOSITIONS for w in words[:start]):
            return None  # "Rescuers in Nepal ...": Nepal is not who the sentence is about
        people = [subject[-1]]
    if not _is_person(name, words[:start], loose=loose, known=known) or len(people) != 1:
        return None
    return name


_THING_WORDS = word_set(
    "such this that these those its their his her our my your it they he she which who"
)
_SINGULAR_END = re.compile(r"(?:ss|us|is|ics|news)$")
_PLURAL_NOUNS = word_set("police people officials authorities staff children men women")


def subject_phrase(sentence: str) -> str | None:
    """Return the previous sentence's subject when it is a plain noun phrase or a name.

    "The envisioned force, spearheaded by France and Britain, aims ..." gives "The envisioned
    force"; a subject holding a pronoun ("such a force", "its plan") gives None.
    """
    words = _TOKEN.findall(sentence.strip("\"'‘“ "))
    verb = _first_verb(words)
    if verb is None or not 1 <= verb <= 8:
        return None
    subject = words[:verb]
    if "," in subject:
        subject = subject[: subject.index(",")]
    for dash in ("–", "—", "-", "--"):
        if dash in subject:  # "The document – prepared by the ... – states": up to the aside
            subject = subject[: subject.index(dash)]
    if not subject or any(w.lower() in _THING_WORDS for w in subject) or ";" in subject:
        return None
    first = subject[0]
    runs = _name_runs(subject)
    is_name = bool(runs) and runs[0] == (0, len(subject))
    if not is_name and first.lower() != "the":
        return None
    if is_name:
        return " ".join(subject)
    return "The " + _head_noun(subject[1:])


_PREPOSITIONS = word_set("of for in on at with from by to about over under after before")
_LOCATIVE = word_set("in at near across outside inside around throughout")


def _head_noun(words: list[str]) -> str:
    """The head of a noun phrase: "envisioned force" -> "force", "talks slated for" -> "talks"."""
    head: list[str] = []
    for i, word in enumerate(words):
        lower = word.lower()
        if lower in _PREPOSITIONS or lower.endswith("ing") or (i and lower.endswith("ed")):
            break
        head.append(word)
    if not head:
        return " ".join(words)
    # Keep a name or a compound ending the phrase whole: "Rugby Park club" stays.
    capitalised = [w for w in head if _CAPITALISED.match(w)]
    return " ".join(head) if capitalised else head[-1]


def _first_verb(words: list[str]) -> int | None:
    """Index of the first word that reads as the finite verb ("envisioned" after "The" does not)."""
    for i, word in enumerate(words):
        before = words[i - 1].lower() if i else ""
        if not word.islower() or before in _DETERMINERS or before.isdigit():
            continue
        if has_verb(word) or (len(word) >= 4 and word.endswith("s") and not word.endswith("ss")):
            return i
    return None


_DETERMINERS = word_set(
    "the a an his her its our my their these those some many all of for in by and with other new "
    "two three four five six seven eight nine ten several few"
)


def _plural(phrase: str) -> bool:
    word = phrase.split()[-1]
    last = word.lower()
    # "Rodgers", "Williams": a name ending in s is one person (checked before lowercasing)
    return (
        " and " in phrase
        or last in _PLURAL_NOUNS
        or (last.endswith("s") and not _SINGULAR_END.search(last) and not _CAPITALISED.match(word))
    )


# "It is understood ...", "It emerged ...", "It was the first ...": no referent to name.
_EXPLETIVE = re.compile(
    r"^(?:is|was|'s|’s|has been|had been|will be|would be|seems?|seemed|appears?|appeared|"
    r"emerged|remains?|remained|comes?|came|takes?|took|happened|means|matters|follows|"
    r"looks|looked|felt|feels|is not|was not|isn['’]t|wasn['’]t)\b",
    re.I,
)
_REPORTS = re.compile(
    r"^(?:\w+\s+)?(?:said|says|reported|reports|added|claimed|told|stated)\b", re.I
)
_PRONOUN_SUBJECT = re.compile(r"^(He|She|His|Her|It|Its|They|Their)\b(?![-'’]\w)\s+")
_BACK_PERSON = re.compile(
    r"^The\s+(?:(?:\d+|[a-z]+)-year-old|(?:[\w'’-]+\s+){0,4}"
    r"(?:man|woman|boy|girl|star|actress|actor|singer|rapper|model|youngster|teenager|"
    r"businessman|businesswoman|golfer|footballer|striker|midfielder|defender|winger|"
    r"goalkeeper|boss|manager|coach|royal|athlete|driver|rider|jockey|boxer|presenter|"
    r"champion|international|captain|skipper|forward|keeper|veteran|frontman|ace))"
    r"(?P<pos>['’]s)?\s+(?=[a-z])"
)


# "The country is due to repay ..." after "Greece has denied ...".
_BACK_PLACE = re.compile(
    r"^The\s+(?:country|nation|company|firm|club|city|town|state|island|team|side|airline|bank|"
    r"group|charity|newspaper|paper|magazine|channel|network|broadcaster|retailer|"
    r"supermarket|chain|brand|league|party|government)(?P<pos>['’]s)?\s+(?=[a-z])"
)


_SUBORDINATE_START = re.compile(
    r"^(?:(?:But|And|Yet|So)\s+)?(?:when|after|as|while|because|if|before|since|although|though|"
    r"once|until|unless)\s",
    re.I,
)


def name_referent(
    sentence: str,
    previous: str,
    *,
    loose: bool = False,
    known: frozenset[str] = frozenset(),
    persons: frozenset[str] | None = None,
) -> str | None:
    """Name what an opening pronoun or "The 39-year-old" points to, when the text is clear.

    The referent is the previous sentence's subject: for He/She/His/Her and person
    descriptions the one person it names; for It/Its a singular noun phrase or name (not when
    "It" is empty, as in "It is understood"); for They/Their a plural one.
    """
    if _SUBORDINATE_START.match(previous):
        return None  # "But when Alfie returned she realised ...": whose clause is the main one
    place = _BACK_PLACE.match(sentence)
    if place:
        name = subject_phrase(previous)
        person = subject_person(previous, known=known)
        if name is None or name.startswith("The ") or person or _plural(name):
            return None  # "The bank has refunded ..." after "Mason stole ...": no bank named
        return f"{_possessive(name) if place.group('pos') else name} {sentence[place.end() :]}"
    back = _BACK_PERSON.match(sentence)
    if back and back.group(0).strip().lower() in previous.lower()[1:]:
        return None  # "... says the driver acted ..." / "The driver is not ...": not the subject
    if back:
        person = subject_person(previous, loose=loose, known=known)
        if person is None:
            return None
        return f"{_possessive(person) if back.group('pos') else person} {sentence[back.end() :]}"
    match = _PRONOUN_SUBJECT.match(sentence)
    if not match:
        return None
    word, rest = match.group(1), sentence[match.end() :]
    if word in ("He", "She", "His", "Her"):
        person = subject_person(previous, loose=loose, known=known)
        if person is None or (word == "Her" and not re.match(r"^[a-z]+\b", rest)):
            return None
        person = _ROLE_FIRST.sub("", person) or person  # "Assistant Locke" -> "Locke"
        if _common_plural(person):
            return None  # "When officers tried ..., she kicked out": "she" is not the officers
        if _other_sex(word, person, previous):
            return None  # "She later told friends" is not "Mr McLachlan"
        said = outside_quotes(previous)
        if _PRONOUNS_OF["m"].search(said) and _PRONOUNS_OF["f"].search(said):
            return None  # "Poodle posted an exchange he had with June in which she told him":
            # a man and a woman in the sentence before; "She" may be either one's referent
        own, other = ("f", "m") if word in ("She", "Her") else ("m", "f")
        if (
            not first_name_sex(person)
            and _PRONOUNS_OF[other].search(said)
            and not _PRONOUNS_OF[own].search(said)
        ):
            return None  # "Ram Singh ... was found dead in his cell." then "Her death ...": the
            # sentence before speaks of its subject as the other sex, and no first name says not
        if persons is not None and _not_a_person(person, persons):
            return None  # "He" is not "New Hampshire" or "Pacers"
        return f"{_possessive(person) if word in ('His', 'Her') else person} {rest}"
    if word == "It" and (_EXPLETIVE.match(rest) or _REPORTS.match(rest)):
        return None  # "It reported ..." points to a source, rarely to the last subject
    if word == "It" and _BUT_THERE.search(rest):
        return None  # "It may have gone unnoticed ... but there was a landmark": "It" points on
    phrase = subject_phrase(previous)
    if phrase is None or subject_person(previous) or _plural(phrase) != (word in ("They", "Their")):
        return None
    if word in ("It", "Its") and not phrase.startswith("The "):
        return None  # a name after "It" may be a country, a paper or a firm: not clear enough
    if word in ("Its", "Their"):
        return f"{_possessive(phrase)} {rest}"
    return f"{phrase} {rest}"


# Groups that open a clause capitalised and are no one person ("Officers tried ...").
_GROUPS = word_set(
    "officers workers players teachers residents students doctors nurses soldiers fans parents "
    "protesters investigators detectives firefighters paramedics prosecutors witnesses "
    "neighbours neighbors villagers passengers rescuers relatives friends locals troops guards "
    "deputies agents inspectors experts scientists researchers campaigners supporters critics "
    "officials police people authorities staff children men women"
)


# A role capitalised to open a sentence ("Assistant Locke was put in charge") is no part of
# the name.
_ROLE_FIRST = re.compile(
    r"^(?:Assistant|Manager|Coach|Boss|Striker|Defender|Midfielder|Goalkeeper|Winger|Forward|"
    r"Captain|Skipper|Officer|Doctor|Nurse|Teacher|Witness|Resident|Victim|Suspect|Spokesman|"
    r"Spokeswoman|Actress|Actor|Singer|Star|Model|Veteran|Rookie|Teenager|Schoolboy|"
    r"Schoolgirl)\s+(?=[A-Z])"
)


def _common_plural(person: str) -> bool:
    """A one-word "person" that is a group capitalised to open a clause."""
    return person.lower() in _GROUPS


_PLACE_START = word_set(
    "New North South East West San Santa Los Las Saint St Fort Port Lake Mount Cape Great Upper "
    "Lower Greater Central Northern Southern Eastern Western"
)


def _not_a_person(name: str, persons: frozenset[str]) -> bool:
    """A subject "He" cannot mean: a place ("New Hampshire"), a team or a group ("Pacers",
    "Strangers") that the story never shows to be a person, an organisation."""
    words = name.split()
    if NOT_A_PERSON.search(name) or words[0] in _PLACE_START:
        return True
    last = words[-1]
    return (
        len(words) == 1 and last.endswith("s") and not last.endswith("ss") and last not in persons
    )


_MALE_TITLE = re.compile(
    r"\b(?:Mr|Sir|Lord|King|Prince|Duke|Baron|Father|Uncle|Brother|Grandpa|Grandfather)\.?\s+$"
)
_FEMALE_TITLE = re.compile(
    r"\b(?:Mrs|Ms|Miss|Lady|Dame|Queen|Princess|Duchess|Baroness|Sister|Aunt|Auntie|Mama|"
    r"Grandma|Grandmother)\.?\s+$"
)


# Common first names that name one sex only (a short list of our own: no names corpus is
# installed, and NLTK's would be a download). "Her death" is not "Ram Singh's" when the story
# calls him "his"; it is surely not "Jason Cotterill's" or, for "His", "Alison Saunders'".
_MALE_NAMES = word_set(
    "james john robert michael william david richard joseph thomas charles christopher daniel "
    "matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy "
    "ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin "
    "scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry "
    "tyler aaron jose adam nathan henry douglas zachary peter kyle noah ethan jeremy walter "
    "christian keith roger terry austin sean gerald carl harold dylan arthur lawrence "
    "jesse bryan billy bruce gabriel joe logan albert willie alan eugene russell vincent philip "
    "bobby johnny bradley roy ralph louis harry wayne ian simon nigel graham colin neil stuart "
    "martin barry trevor derek gordon craig darren dean wayne ross callum liam luke oliver "
    "tom tony steve mike dave chris nick rob ben tim jim bob bill fred ted ahmed "
    "mohammed muhammad ali omar hassan ibrahim carlos juan luis pedro diego javier pablo "
    # common first names across Europe, Latin America, Africa and Asia
    "sebastian lionel cristiano andreas thiago sergio fernando antonio manuel francisco miguel "
    "rafael alejandro ricardo roberto eduardo jorge alberto enrique ramon rodrigo marco luca "
    "giovanni francesco alessandro matteo lorenzo giuseppe paolo stefano massimo fabio "
    "stefan lukas tobias florian jurgen jürgen wolfgang klaus dieter hans uwe thorsten "
    "pierre michel francois françois olivier laurent philippe didier thierry patrice "
    "jacques yves sven lars anders nils bjorn erik henrik mikael piotr pawel tomasz marek "
    "ivan dmitry sergei vladimir igor oleg andrei alexei mikhail nikolai boris yuri "
    "kofi kwame emmanuel samuel moses yaya mamadou abdul abdullah khalid tariq "
    "hamza yusuf mustafa mehmet ahmet kemal hiroshi takashi kenji yuki wei jun hyun "
    "rahul raj amit sanjay vijay arjun ravi narendra"
)
_FEMALE_NAMES = word_set(
    "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty "
    "margaret sandra kimberly emily donna michelle dorothy carol amanda melissa deborah "
    "stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna brenda "
    "pamela nicole emma samantha katherine christine debra rachel catherine carolyn janet ruth "
    "maria heather diane virginia julie joyce victoria olivia christina lauren joan "
    "evelyn judith megan cheryl hannah martha jacqueline frances gloria ann teresa lynne lynn "
    "kathryn sara janice alice madison doris abigail julia judy grace denise amber "
    "marilyn beverly danielle theresa sophia marie diana brittany natalie isabella charlotte "
    "rose kayla alison allison claire lucy sophie chloe jade zoe gemma kate katie "
    "louise tracey tracy joanne hayley charlene natasha sally wendy jane sue jenny "
    "eugenie fatima aisha mariam "
    # common first names across Europe, Latin America, Africa and Asia
    "sofia lucia isabel carmen elena ana paula monica silvia beatriz rosa gabriela valentina "
    "camila daniela mariana adriana alessandra francesca giulia chiara federica martina "
    "sabine ursula petra monika birgit anke heike claudia katrin nathalie sylvie isabelle "
    "celine céline brigitte camille amelie amélie ingrid astrid sigrid annika agnieszka "
    "katarzyna olga natalia svetlana tatiana irina yulia ekaterina anastasia "
    "amina khadija zainab layla leila yasmin priya anjali sunita deepika yuko keiko "
    "mei ling hana sakura"
)


def first_name_sex(person: str) -> str:
    """'m' or 'f' when a word of the name is a first name of one sex only, else ''."""
    words = {w.lower().strip(".,'’") for w in person.split()}
    male, female = bool(words & _MALE_NAMES), bool(words & _FEMALE_NAMES)
    return "m" if male and not female else "f" if female and not male else ""


def _other_sex(pronoun: str, person: str, sentence: str) -> bool:
    """The title before `person` (in `sentence` or in the name), or its first name, is the
    other sex's."""
    sex = first_name_sex(person)
    if pronoun in ("He", "His", "She", "Her") and sex:
        return sex != ("f" if pronoun in ("She", "Her") else "m")
    at = sentence.find(person)
    if at < 0:
        return False
    words = person.split()
    before = f"{sentence[:at]}{' '.join(words[:-1])} ".replace("  ", " ")
    if pronoun in ("She", "Her"):
        return bool(_MALE_TITLE.search(before))
    return bool(_FEMALE_TITLE.search(before))


_BUT_THERE = re.compile(r"\bbut\s+there\s+(?:is|was|are|were|has|had)\b", re.I)
# The pronouns of each sex, keyed as first_name_sex answers.
_PRONOUNS_OF = {
    "f": re.compile(r"\b(?:she|her|hers|herself)\b", re.I),
    "m": re.compile(r"\b(?:he|him|his|himself)\b", re.I),
}


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


_SAY = (
    r"said|says|added|adds|told|tells|explained|continued|insisted|claimed|admitted|wrote|"
    r"asked|sang|sings|shouted|screamed|cried|whispered|yelled|laughed|joked|sighed|"
    r"tweeted|posted|revealed|recalled|warned|joked|replied|noted|stated|declared|concluded"
)
# "'...,' she said." / "'...,' he told reporters." / "'...,' said he."
_UNNAMED = r"he|she|they|it|the (?:\d+|[a-z]+)-year-old"  # ("'...,' it said.": a body unnamed)
_PRONOUN_SPEAKER = re.compile(
    rf"(?<=[,.!?…][’'”\"] )({_UNNAMED})(?= (?:{_SAY})\b)"
    rf"|(?<=[,.!?…][’'”\"] )(?:{_SAY}) ({_UNNAMED})\b",
    re.I,
)


def has_pronoun_speaker(sentence: str) -> bool:
    """Tell whether a quotation is attributed only to "he", "she" or "they"."""
    return bool(_PRONOUN_SPEAKER.search(sentence))


def name_speaker(
    sentence: str, previous: str, *, known: frozenset[str] = frozenset()
) -> str | None:
    """Replace a quotation's pronoun speaker by the previous sentence's one person."""
    match = _PRONOUN_SPEAKER.search(sentence)
    if not match or (match.group(1) or match.group(2)).lower() in ("they", "it"):
        return None  # a group or a body is rarely the subject of the sentence before
    person = subject_person(previous, known=known)
    if person is None:
        return None
    group = 1 if match.group(1) else 2
    return sentence[: match.start(group)] + person + sentence[match.end(group) :]


_PARTICIPLES = word_set(
    "taken given shown seen known thrown driven written born flown stolen broken chosen frozen "
    "spoken beaten bitten eaten fallen forgotten hidden ridden risen shaken sworn torn worn "
    "woken done gone held found sent left sold told paid kept brought bought caught taught "
    "shot hit hurt put set cut struck led"
)
_AUX = word_set("was were is are has have had will would can could")
_PASSIVE_NEXT = word_set("by with to into in as for on from after over")
_PAST = re.compile(r"^[a-z]{2,}(?<!ee)ed$")
_REPORTED = re.compile(
    rf"\b(?:{_SAY}|says|claims|alleges|alleged|believes|believed|thinks|thought|insists|"
    r"reports|reported|knows|knew|hopes|fears|argues|argued|shows|showed|found|finds)\b",
    re.I,
)
_AND_VERB = re.compile(r"\s+and\s+(?:then\s+|later\s+|also\s+)?(?=[a-z]+\b)")


_TIME_WORDS = word_set(
    " ".join((WEEKDAYS + "|" + MONTHS).lower().split("|"))
    + " yesterday today tonight last this next the weekend week month year"
)


def split_predicates(sentence: str, *, min_words: int = 5) -> list[str]:
    """Split "X was shot down in 1941 and ended up in a camp." into one fact per predicate.

    The subject (a name or a "the" phrase) is repeated; so is a passive auxiliary ("was
    arrested and charged with ..." -> "X was charged with ..."). Returns [sentence] when the
    grammar is not this plain.
    """
    words = _TOKEN.findall(sentence)
    verb = _first_verb(words)
    if verb is None or not 1 <= verb <= 8:
        return [sentence]
    # "Local prosecutors have been ...": a plural noun taken for a verb when an auxiliary follows
    taken = words[verb].lower()
    if verb + 1 < len(words) and taken.endswith("s") and taken not in _AUX | _S_VERBS:
        after = words[verb + 1]
        if after in _AUX or after in _COMMON_PAST or _PAST.match(after):
            verb += 1
    if words[verb - 1].endswith(("'s", "’s", "s'", "s’")):
        return [sentence]  # "The women's revelations come ...": a possessive's noun, no verb
    subject = words[:verb]
    for stop in (",", "–", "—", "-"):
        if stop in subject:
            subject = subject[: subject.index(stop)]
    runs = _name_runs(subject)
    is_name = bool(subject) and bool(runs) and runs[0] == (0, len(subject))
    if not subject or len(subject) > 6:
        return [sentence]
    if not is_name and subject[0].lower() in ("a", "an"):
        subject = ["The", _head_noun(subject[1:])]  # "A guard at ... died" -> "The guard ..."
    elif not is_name and subject[0].lower() != "the":
        return [sentence]
    if any(w.lower() in _THING_WORDS for w in subject):
        return [sentence]
    if _TIME_WORDS.issuperset(w.lower() for w in subject):
        return [sentence]  # "Wednesday saw the launch ... and included ...": a day does no acts
    aux = words[verb].lower() if words[verb].lower() in _AUX else ""
    for match in _AND_VERB.finditer(sentence):
        head, tail = sentence[: match.start()], sentence[match.end() :]
        if _REPORTED.search(head):
            break  # "The complaint says the men planned X and lied": the men lied
        tail_words = tail.split()
        first = tail_words[0].strip(",.") if tail_words else ""
        if not (has_verb(first) or _PAST.match(first) or first in _PARTICIPLES):
            continue
        if len(head.split()) < min_words or len(tail_words) < min_words - 1 or "," in head[-40:]:
            continue
        passive = bool(aux) and (
            first in _PARTICIPLES
            or (_PAST.match(first) and len(tail_words) > 1 and tail_words[1] in _PASSIVE_NEXT)
        )
        # "X will keep his place - and is putting Y under pressure": after a dash or a comma, a
        # predicate with its own auxiliary is plainly a second one, tense and all
        own_aux = first in _AUX and head.rstrip().endswith((",", "-", "–", "—"))
        if own_aux:
            return [head.rstrip(" ,;:–—-") + ".", f"{' '.join(subject)} {tail}"]
        if aux and not passive and not _PAST.match(first) and first not in _COMMON_PAST:
            continue  # "is ... and plans" or "has ... and wants": not plainly a second predicate
        repeat = " ".join(subject) + (f" {aux}" if passive else "")
        return [head.rstrip(" ,;:–—-") + ".", f"{repeat} {tail}"]
    return [sentence]


_S_VERBS = word_set("says does goes")
_COMMON_PAST = word_set(
    "said told made took went came gave got found left met won lost paid put set saw became "
    "began brought built bought caught chose drew drove fell felt fought flew grew held hit kept "
    "knew led let meant ran rose sent shot showed sold spent spoke stood struck taught thought "
    "threw wore wrote underwent swam sang fled ate"
)

"""Turn a story sentence into short one-fact bullets by cutting only what carries no fact.

Every cut (openers, attributions, asides, leading and trailing clauses, cut tails) first
checks that the part it drops holds no negation, no number and no half of a quotation, and
that what remains is still a clause with a verb. A sentence that cannot be cut safely under the
word limit gives no bullet at all rather than a broken one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from summarizers.quotes import balanced, outside_quotes, scan
from summarizers.tokenizer import MONTHS, WEEKDAYS, word_set
from summarizers.vocabulary import ROLE_WORDS

_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot|unable|denied|deny|"
    r"denies|refused|refuses|failed|fails|declined|declines|rejected|unlikely|absent|except|"
    r"nowhere|hardly|barely|lack|lacked|lacks)\b|n['’]t\b",
    re.I,
)
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozens?|half|first|"
    r"second|third|fourth|fifth|once|twice|double|triple)\b",
    re.I,
)


def has_negation(text: str) -> bool:
    """Tell whether text holds a negation that must never be dropped."""
    return bool(_NEGATION.search(text))


# "Sky Bet League One", "Formula One", "BBC Two": a capitalised number word after a capitalised
# word is part of a name, no quantity ("World War One" dates what it names, "Category Five" and
# "Tier Three" are a scale).
_NAMED_NUMBER = re.compile(
    r"(?<![\w'’&.-])(?!(?:War|Category|Tier|Level|Stage|Phase|Grade|Year|Round|Class|Division|Part|"
    r"Chapter|Day|Week|Game|Test|Act|Article|Section|Step)\s)[A-Z][\w'’&.-]*\s+$"
)


def has_number(text: str) -> bool:
    """Tell whether text holds a number (digits or number words) that must never be dropped."""
    for match in _NUMBER.finditer(text):
        word = match.group(0)
        before = max(0, match.start() - 40)  # (a bounded look back: linear in the text)
        if not (word[0].isupper() and _NAMED_NUMBER.search(text, before, match.start())):
            return True
    return False


def safe_to_drop(part: str) -> bool:
    """A part may go only if it holds no negation, no number and no half of a quotation."""
    return not has_negation(part) and not has_number(part) and balanced(part)


def word_count(text: str) -> int:
    """Count words the way bullet limits are measured."""
    return len(text.split())


# ---- is it still a sentence? ---------------------------------------------------------------
_AUXILIARY = (
    r"is|are|was|were|be|been|being|am|has|have|had|having|will|would|can|could|may|might|"
    r"must|shall|should|do|does|did|'s|’s"
)
_COMMON_VERBS = (
    r"said|says|say|told|tells|made|makes|took|takes|went|goes|came|comes|gave|gives|got|gets|"
    r"found|finds|left|leaves|met|meets|won|wins|lost|loses|paid|pays|put|puts|set|sets|saw|"
    r"sees|beat|beats|became|becomes|began|begins|brought|brings|built|bought|caught|chose|drew|drove|fell|"
    r"felt|fought|flew|grew|held|holds|hit|hits|kept|keeps|knew|knows|led|leads|let|lets|meant|"
    r"means|ran|runs|rose|rises|sent|sends|shot|showed|shows|sold|spent|spoke|stood|struck|"
    r"taught|thought|threw|understood|wore|wrote|includes|include|remains|remain|seems|wants|"
    r"needs|looks|plans|hopes|believes|thinks|calls|claims|faces|admits|denies|insists|warns|"
    r"expects|aims|tries|helps|joins|uses|lives|works|plays|stars|appears|suffered|died|"
    r"killed|injured|arrested|charged|announced|revealed|reported|confirmed|underwent|undergo|"
    r"undergoes|swam|sang|sank|drank|ate|slept|woke|broke|chose|forgot|froze|hid|rode|"
    r"rang|shook|spun|stole|stuck|swore|tore|won|wound|bore|bit|blew|dug|fled|fed|bled|"
    r"bred|dealt|dreamt|hung|lay|lit|overcame|sought|sped|split|spread|sprang|swept|wept|"
    r"pose|poses|posed|claim|deny|say|tell|want|need|hope|plan|face|admit|insist|warn|expect|"
    r"aim|try|help|join|use|live|work|play|appear|seem|believe|think|know|mean|show|call|"
    r"become|begin|bring|build|buy|catch|choose|come|do|draw|drive|fall|feel|fight|find|fly|"
    r"get|give|go|grow|hold|keep|lead|leave|lose|make|meet|pay|put|run|see|sell|send|set|"
    r"sit|speak|spend|stand|take|teach|win|write|are|remain|continue|include"
)
# (not in a compound: "a US-led coalition", "the so-called cards" hold no verb)
_NOT_COMPOUND = (
    r"(?:(?<![\w'’]-)|(?<=\bre-)|(?<=\bco-)|(?<=\bun-)|(?<=\bpre-)|(?<=\bmis-)|(?<=\bout-)|"
    r"(?<=\bself-)|(?<=\bover-)|(?<=\bcross-)|(?<=\bdouble-)|(?<=\bfast-))"
)
_VERB = re.compile(
    rf"{_NOT_COMPOUND}\b(?:{_AUXILIARY}|{_COMMON_VERBS})\b"
    rf"|{_NOT_COMPOUND}\b[a-z]{{3,}}(?<!ee)(?<!hundr)ed\b|n['’]t\b"
)
# A lowercase word in -s after a word that is not a determiner is most likely a verb:
# "involvement highlights the ...", not "the highlights", "30 countries".
_S_VERB = re.compile(
    r"(?<!\bthe)(?<!\ba)(?<!\ban)(?<!\bhis)(?<!\bher)(?<!\bits)(?<!\bour)(?<!\bmy)"
    r"(?<!\btheir)(?<!\bthese)(?<!\bthose)(?<!\bsome)(?<!\bmany)(?<!\ball)(?<!\bof)(?<!\d)"
    r"(?<!\bfor)(?<!\bin)(?<!\bby)(?<!\band)(?<!\bwith)(?<!\bother)(?<!\bnew)"
    r"\s[a-z]{2,}[^s\W]s\b"
)


# "Southampton defenders", "Four months", "Labour MPs": a plural noun after a name or a number
_NUMBER_WORD = re.compile(
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|hundreds|thousand|thousands|million|millions|several|few|more|most|both|no)",
    re.I,
)
_PRONOUN_SUBJECTS = word_set("He She It They We I You There This That Who What Which")


@lru_cache(maxsize=65536)  # a sentence and its pieces are asked about again and again
def has_verb(text: str) -> bool:
    """Tell whether text has a finite verb (lowercase words only: "Oliver Reed" is a name)."""
    if _VERB.search(text):
        return True
    for match in _S_VERB.finditer(text):
        before = text[: match.start()].split()
        word = before[-1] if before else ""
        # after a number word it counts ("Four months"); after a name, when a name or the end
        # follows ("Southampton defenders Nathaniel Clyne"), not an object ("Manny starts every")
        after = text[match.end() :].lstrip()
        named = word[:1].isupper() and word not in _PRONOUN_SUBJECTS
        plural = match.group(0).strip()
        role = plural[:-1].lower() in ROLE_WORDS or plural[:-2].lower() in ROLE_WORDS
        # ("Facebook buys WhatsApp": a verb between two names)
        if _NUMBER_WORD.fullmatch(word) or (named and (not after or (role and after[0].isupper()))):
            continue
        return True
    return False


def verb_count(text: str) -> int:
    """How many verb-like words text holds (a clause with a subordinate one holds two)."""
    starts = {m.start() for m in _VERB.finditer(text)}
    starts |= {m.start() + 1 for m in _S_VERB.finditer(text)}  # (its match opens on the space)
    return len(starts)


def is_clause(text: str, *, min_words: int = 5) -> bool:
    """Tell whether text could stand as a sentence: long enough, a verb, a capital or a digit."""
    return word_count(text) >= min_words and has_verb(text)


# ---- finishing -----------------------------------------------------------------------------
_TIDY = [
    (re.compile(r"\s+([,;:.!?])"), r"\1"),
    (re.compile(r"([,;:])(?:\s*[,;:])+"), r"\1"),
    (re.compile(r"[,;:]\s*(?=[.!?](?:[\"'’”»]|$))"), ""),
    (re.compile(r"\(\s*\)"), ""),
    (re.compile(r"(?<!\.)\.\.(?!\.)"), "."),
    (re.compile(r"\s{2,}"), " "),
]


def tidy(text: str) -> str:
    """Remove what a cut leaves behind: stray commas, empty brackets, doubled spaces."""
    for pattern, repl in _TIDY:
        text = pattern.sub(repl, text)
    return text.strip()


def capitalize(text: str) -> str:
    """Upper-case the first letter (after any opening quote or bracket)."""
    return re.sub(r"^([\"'‘“„«(\[]*)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def finish(text: str) -> str:
    """Make text a finished bullet: tidy, capitalised, ending in terminal punctuation."""
    text = tidy(text).strip().rstrip(",;:–—- ")
    # "'Some people are just stupid,'" with the clause after the quote cut: the comma closes
    text = re.sub(r",([\"'’”»]+)$", r".\1", text)
    if not re.search(r"[.!?…][\"'’”»)]*$", text):
        text += "."
    return capitalize(text)


# ---- openers -------------------------------------------------------------------------------
_ADVERB = (
    r"meanwhile|however|additionally|moreover|furthermore|in addition|also|still|notably|indeed|"
    r"nevertheless|nonetheless|importantly|separately|elsewhere|overall|now|today|interestingly|"
    r"incidentally|similarly|likewise|besides|consequently|as a result|in fact|of course|"
    r"at the same time|on the other hand|then|later|afterwards|instead|thus|"
    r"hence|therefore|otherwise|anyway|equally|ultimately|finally|firstly|secondly|lastly|"
    r"crucially|sadly|luckily|fortunately|unfortunately|surprisingly|ironically|in turn|"
    # the writer's stance: "Incredibly, customers will be able to ..."
    r"incredibly|worryingly|remarkably|amazingly|bizarrely|shockingly|astonishingly|alarmingly|"
    r"tragically|thankfully|miraculously|unbelievably|staggeringly|curiously|"
    r"in the meantime|by contrast|in contrast|on top of that|what's more|what is more|"
    r"to be sure|after all|even so|all the same|for example|for instance|specifically|"
    r"significantly|remarkably|regardless|yesterday|tonight|earlier today|in that respect|"
    r"in this respect|to that end|as such|for that reason|that said|with that|in that case|"
    r"in this case|even so|if so|by then|at that point|at this point|since then|after that|"
    # the writer's aside before a fact: "Unsurprisingly, ..." ("Certainly, ..." argues: an
    # opinion, see bullets._opinion)
    r"thankfully|curiously|tellingly|understandably|predictably|unsurprisingly|"
    r"not surprisingly|perhaps unsurprisingly|inevitably|naturally"
)
# "However, ...", "Also at the rally were ...", "But police ...", "So the council ...".
# "So far", "So many", "Still photos", "Then-president" are phrases, not openers.
_OPENER = re.compile(
    rf"^(?:(?:{_ADVERB})\s*,\s+|(?:{_ADVERB})\s+(?=(?:however|though|meanwhile)\s*,)|(?:but|and|yet|plus|or|also|meanwhile|then),?\s+(?!(?:yet|then|"
    rf"so|also)\b)(?=[\w‘“\"'])|so\s+(?=(?:the|a|an|he|she|it|they|we|i|his|her|their|its|this|"
    rf"that|there|police|officials)\b)|(?:however|instead|later|afterwards|thus|hence|therefore|"
    rf"indeed|moreover|furthermore|additionally|besides|overall)\s+(?!(?:of|much|many|long|far|"
    rf"than|that|this|these|those|more|less|on|off)\b)(?=[\w‘“\"']))",
    re.I,
)


_STANCE = re.compile(r"^not surprisingly\b", re.I)


def strip_opener(sentence: str) -> str:
    """Drop discourse openers ("However,", "But", "Meanwhile") that tie a sentence to the last."""
    for _ in range(3):
        match = _OPENER.match(sentence)
        if not match or (has_negation(match.group(0)) and not _STANCE.match(match.group(0))):
            break
        rest = sentence[match.end() :]
        if word_count(rest) < 4:
            break
        sentence = capitalize(rest)
    return sentence


def starts_with_connective(sentence: str) -> bool:
    """Tell whether a sentence still opens with a connective after openers were dropped."""
    if re.match(r"^so\s+(?:far|many|much|long)\b", sentence, re.I):
        return False  # "So far" is a phrase of time, not a connective
    return bool(_OPENER.match(sentence)) or bool(
        re.match(r"^(?:so|still|yet|then|or so|or)\b", sentence, re.I)
    )


# ---- attributions --------------------------------------------------------------------------
# Verbs of plain report: what follows is told as a fact. Claim verbs (alleged, claimed, insisted,
# warned, accused, believes...) make what follows someone's claim: they always stay.
_REPORT = (
    r"(?:said|says|say|added|adds|told [^,\"'‘“]{1,40}|reported|reports|explained|noted|"
    r"confirmed|stated|announced|revealed|wrote|tweeted|continued|emphasi[sz]ed|stressed|"
    r"heard|(?:has |have )?(?:decided|ruled|found))"
)
_WHEN = r"(?:\s+(?:on|last|this|in|at|late|early)?\s*[\w,]+(?:\s+(?:night|morning|evening|week))?)?"
_NO_SPEAKER_AFTER = (
    rf"(?!(?:to|on|in|at|last|this|earlier|later|late|early|yesterday|today|tonight|"
    rf"{WEEKDAYS.lower()})\b)"
)
# An unnamed source is the claim's only warrant: "..., sources told the Daily News." stays.
_ANONYMOUS = re.compile(r"\b(?:sources?|insiders?|an? (?:official|person) familiar)\b", re.I)
# ", it has emerged." / ", it was revealed today.": a frame, not a source
_FRAME = re.compile(
    r",\s+it\s+(?:has|had)?\s*(?:emerged|been revealed|been reported|been announced|"
    r"been confirmed|was revealed|was reported|was announced|was confirmed)"
    r"(?:\s+(?:today|yesterday|last night|this week))?\.$",
    re.I,
)
_TRAILING_ATTRIBUTION = [
    # ", according to the official." / ", as announced by a French official on Monday."
    re.compile(
        r",\s+(?:according to|as (?:announced|reported|stated|confirmed|said|revealed) by|"
        r"reports? said|the [\w ]{1,30} reported)\s[^,\"'‘“”’]{1,90}\.$",
        re.I,
    ),
    # ", he said." / ", a French military official said on Monday." / ", police said."
    # (with its subject: in "..., Roscosmos, the space agency, said Wednesday." the speaker
    # comes before the last comma, and cutting ", said Wednesday" would leave it behind)
    re.compile(r",\s+(?:[\w.'’-]+\s+){1,7}?" + _REPORT + _WHEN + r"\.$", re.I),
    # ", said the official." / ", emphasized Mr Smith." / ", said Jo Li, a spokesman for X."
    # (but not ", confirmed to The Hollywood Reporter." or ", said on Wednesday.": no speaker;
    # nor ", told the inquiry how the crowd had pushed ...": the sentence's own verb)
    re.compile(
        r",\s+(?!told\b)" + _REPORT + r"\s+" + _NO_SPEAKER_AFTER + r"(?:[\w.'’-]+\s*){1,8}"
        r"(?:,\s+(?:a|an|the)\s[^,]{3,60})?\.$",
        re.I,
    ),
    # ", research shows." / ", a study found.": the evidence named, not a speaker
    re.compile(
        r",\s+(?:new\s+)?(?:research|a (?:new )?study|studies|figures|data|analysis|a survey|"
        r"the survey|the study|the figures|the data)\s+(?:shows?|suggests?|"
        r"found|finds|reveals?|revealed|says|said)\.$",
        re.I,
    ),
    _FRAME,
]
# Hedged content is a claim even under a plain report verb: it keeps its source.
_HEDGE = re.compile(
    r"\b(?:could|may|might|would|should|can|must|likely|probably|possibly|allegedly|reportedly|"
    r"believed|suspected|thought|feared|expected|appears?|seems?|suggests?)\b(?!-)",
    re.I,
)


# A finding of research, reported: its "you" is anyone ("If your name is Nigel you are twice as
# likely to vote Ukip, according to research by YouGov").
FINDING = re.compile(
    r",\s+according\s+to\s+(?:a\s+|the\s+|new\s+|an?\s+new\s+)?(?:[\w'’-]+\s+){0,2}?(?:research|"
    r"study|survey|report|poll|analysis|figures|data)\b[^,;:]*[.!]$",
    re.I,
)
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself)\b", re.I)
_NAMED_BY = re.compile(
    r",?\s+as\s+(?:[\w'’.-]+\s+){1,6}?(?:calls?|called|puts?|describes?|described|terms?|"
    r"termed|dubs?|dubbed)\s+(?:it|them|him|her)\b",
    re.I,
)
# "..., according to the indictment.": a charge or a suit states allegations.
_CHARGING_SOURCE = re.compile(
    r",\s+(?:according to|as (?:stated|alleged) in|(?:the|a)\s+)\s*(?:the\s+|a\s+)?"
    r"(?:[\w'’-]+\s+){0,3}?"
    r"(?:indictment|complaint|lawsuit|suit|charge sheet|charging documents?|court documents?|"
    r"court papers|court filings?|affidavit|prosecutors?|prosecution|allegations?)\b[^.]*\.$"
    # "..., Birmingham Magistrates' Court heard.": what a court hears is a party's case
    r"|,\s+(?:the\s+)?(?:(?!(?:and|but|after|when|that|while|as)\s)[\w'’.-]+\s+){0,4}?"
    r"(?:court|jury|inquest|tribunal|hearing|trial)\s+(?:heard|was told|has heard|had heard)"
    r"(?:\s+(?:on|last|this|yesterday|today)\b[^,.;]{0,20})?\.$",
    re.I,
)


# A present "say" or "claim" after a party that is not an office: "..., the boys and their
# parents say." ("..., police say." and "..., officials say." report, and may go)
_STANDING_CLAIM = re.compile(
    r",\s+(?!(?:police|officials|authorities|investigators|prosecutors|experts|scientists|"
    r"researchers|the\s+(?:police|government|council|company|ministry|department|agency|"
    r"club|report|study)\b))(?:[\w.'’-]+\s+){1,7}?(?:say|claim|allege|insist|argue|maintain)\.$",
    re.I,
)


def strip_attribution(sentence: str) -> str:
    """Drop a trailing "..., police said." from a plain reported fact.

    Kept when the sentence quotes someone (the quote keeps its speaker), when the fact is
    hedged (a claim keeps its source) or when the attribution holds a negation or a number.
    """
    last = sentence.rfind(",")
    if last < 0:
        return sentence  # every trailing attribution opens with a comma
    frame = _FRAME.search(sentence)
    if frame and is_clause(sentence[: frame.start()]):
        # no source to keep: "... allegedly emailing students ..., it has emerged." says who
        # alleges nothing
        return sentence[: frame.start()] + "."
    if outside_quotes(sentence) != " ".join(sentence.split()) or _HEDGE.search(sentence):
        return sentence
    if _CHARGING_SOURCE.search(sentence):
        return sentence  # what an indictment or a lawsuit says is alleged, not established
    if FINDING.search(sentence) and _SECOND_PERSON.search(sentence):
        return sentence  # "your house is worth more, according to a study": whose finding
    # each pattern starts at one of the last two commas ("..., said Jo Li, a spokesman."):
    # searching from there gives the same match without trying every comma before
    tail = max(0, sentence.rfind(",", 0, last))
    for pattern in _TRAILING_ATTRIBUTION:
        match = pattern.search(sentence, tail)
        if not match:
            continue
        head = sentence[: match.start()]
        if _ANONYMOUS.search(match.group(0)):
            return sentence
        if _STANDING_CLAIM.search(match.group(0)):
            return sentence  # "..., the boys and their parents say.": a side's standing claim
            # (a lawsuit's, a family's), not a report of what was found: it keeps its source
        if is_clause(head) and safe_to_drop(match.group(0)):
            return head + "."
    return sentence


# ---- asides --------------------------------------------------------------------------------
_PAREN = re.compile(r"\s*\([^()]{0,80}\)")
# Photo directions inside story text: "Abase Hussen, left, took ..." / "Mr Jones (pictured)".
_POINTER = re.compile(
    r",\s+(?:pictured(?:\s+(?:above|below|left|right|here|inset))?|left|right|centre|center|"
    r"above|below|circled|inset|top|bottom|far left|far right)(?=,)",
    re.I,
)


def drop_parentheticals(sentence: str) -> str:
    """Drop bracketed asides ("(pictured)", "(left)") and photo pointers with no fact in them."""
    sentence = _POINTER.sub("", sentence)
    inside = scan(sentence).spans

    def keep(match: re.Match[str]) -> bool:
        # "shed light on (a documentary) so decidedly negative": in a quotation the brackets are
        # the editor's words standing in for the speaker's, and the quote does not read without
        return not safe_to_drop(match.group(0)) or any(a <= match.start() < b for a, b in inside)

    return _PAREN.sub(lambda m: m.group(0) if keep(m) else "", sentence)


# Commas inside numbers ("8,500") are no clause boundary: a boundary comma has a space after it.
_ASIDE = re.compile(
    r",\s+(?:who|whom|which|whose)\b(?:[^,;:\"“”‘’]|(?<=\w)[’'](?=\w)|,(?!\s)){3,120}"
    # it closes where the sentence goes on: a verb, or "and"/"or"/"but" ("which bans food,
    # drink or entertainment" is a list, not an aside)
    rf"(?=,\s+(?:and|or|but|{_AUXILIARY}|{_COMMON_VERBS}|[a-z]{{3,}}(?<!ee)ed|[a-z]{{3,}}s)\b)"
)
_DASH_ASIDE = re.compile(
    r"\s+[–—]\s+[^–—]{3,80}?\s+[–—]\s+|\s+-\s+[^-]{3,80}?\s+-\s+|\s+--\s+(?:(?!--).){3,80}?\s+--\s+"
)


def _cut_aside(sentence: str, start: int, end: int) -> str:
    """Remove sentence[start:end], an aside opened by a comma, with the comma that closes it.

    "The 54-year-old, who stars as X, was ..." -> "The 54-year-old was ..."; before "and" or
    "or" the closing comma stays, as a list goes on: "Croatia, which ..., and Montenegro".
    """
    rest = sentence[end:]
    if re.match(r",\s+(?:and|or)\b", rest):
        return sentence[:start] + rest
    if re.search(r",\s+\d{1,3}$", sentence[:start]):
        return sentence[:start] + rest  # "Samuel Kvarzell, 25, told ...": the age closes too
    return sentence[:start] + re.sub(r"^,", "", rest)


def drop_asides(sentence: str) -> str:
    """Drop relative-clause and dashed asides (", which ...,", "— who ... —") with no fact."""
    for match in reversed(list(_ASIDE.finditer(sentence))):
        if safe_to_drop(match.group(0)):
            sentence = _cut_aside(sentence, match.start(), match.end())
    if len(re.findall(r"\s(?:--|[–—-])\s", sentence)) != 2:
        return sentence  # three dashes: which two close an aside is not clear
    return _DASH_ASIDE.sub(lambda m: " " if safe_to_drop(m.group(0)) else m.group(0), sentence)


# What a relative clause is about: the phrase before it, after a comma, colon or preposition
# ("Yankees and Boston Red Sox, who ...": not just "Boston Red Sox").
_ANTECEDENT = re.compile(r"(?:^|[,:;]\s+|\b(?:by|from|to|with|including)\s+)([^,:;]{2,60})$")


_TRAILING_WHO = re.compile(
    r",\s+(?:who|which)\s+(?:[^,;:\"“”‘’]|(?<=\w)[’'](?=\w)|,(?!\s)){3,150}[.!]$"
)


# A subordinate clause still open at a cut: "states that while Britain" + "and the US are ...".
_OPEN_SUBORDINATE = re.compile(
    r"\b(?:while|although|though|because|if|whether|whereas)\s+(?P<rest>[^,;]*)$", re.I
)


# "Abase Hussen – who blamed police for ... – conceded ...": a dashed relative aside.
_DASH_WHO = re.compile(
    r"\s+(?:--|[–—])\s+(?:who|which)\s+[^–—]{3,150}?\s+(?:--|[–—])\s+|"
    r"\s+-\s+(?:who|which)\s+[^-]{3,150}?\s+-\s+"
)


def split_aside(sentence: str) -> list[str]:
    """Turn "..., X, which did not reply, and Y." into the main clause plus "X did not reply."."""
    dashed = list(_DASH_WHO.finditer(sentence)) if len(_DASHES.findall(sentence)) == 2 else []
    for match in [*_ASIDE.finditer(sentence), *_TRAILING_WHO.finditer(sentence), *dashed]:
        antecedent = _ANTECEDENT.search(sentence[: match.start()])
        if not antecedent or not 1 <= word_count(antecedent.group(1)) <= 6:
            continue
        clause = re.sub(r"^(?:,|\s+(?:--|[–—-]))\s+(?:who|which)\s+", "", match.group(0))
        clause = re.sub(r"\s+(?:--|[–—-])\s+$", "", clause).rstrip(".!")
        if clause == match.group(0) or not has_verb(clause):
            continue
        if match in dashed:
            main = f"{sentence[: match.start()]} {sentence[match.end() :]}"
        else:
            main = _cut_aside(sentence, match.start(), match.end())
        return [finish(main), finish(f"{antecedent.group(1).strip()} {clause}")]
    return [sentence]


# "An Uber driver who was credited with stopping ... will not face any charges": a subject with
# a restrictive who-clause, then the main verb. The clause ends at the first auxiliary after its
# own verb, or at a comma before a past-tense verb ("..., apparently slept through ...").
_SUBJECT_WHO = re.compile(
    r"^(?:An?|The)\s+(?P<noun>(?:(?!(?:of|in|for|from|with|at|on|to|by|and|or)\s)[\w'’-]+\s+){0,4}?"
    r"(?!(?:of|in|for|from|with|at|on|to|by|and|or)\s)[a-z][\w'’-]*)\s+who\s+(?P<rest>.+)$"
)
_MAIN_VERB = re.compile(
    rf"\s+(?=(?:{_AUXILIARY})\s+(?:not\s+|never\s+|also\s+)?[a-z])"
    rf"|,\s+(?=(?:[a-z]+ly\s+)?(?:[a-z]{{3,}}ed|{_COMMON_VERBS})\s)"
)
# An embedded clause or a quotation in the who-clause may hold the auxiliary the rule would
# take for the main verb ("A woman who said she had been attacked was ..."); a list needs its
# commas.
_EMBEDDED = re.compile(
    r"\b(?:he|she|it|they|we|I|you|that|which|who|whom|whose|when|where|if|because|after|"
    r"before|while|as|until|since|than)\b|[\"“”‘’;:()]|'(?!\w)|(?<!\w)'"
)


def split_subject_relative(sentence: str) -> list[str]:
    """Turn "A man who ran the race has died." into "A man has died." + "The man ran the race."."""
    match = _SUBJECT_WHO.match(sentence)
    if not match:
        return [sentence]
    rest = match.group("rest")
    # the who-clause's own verb comes first, so the main one is looked for past it
    first = re.match(r"\S+\s+", rest)
    boundary = _MAIN_VERB.search(rest, first.end() - 1) if first else None
    if not boundary:
        return [sentence]
    clause, predicate = rest[: boundary.start()], rest[boundary.end() :]
    if (
        _EMBEDDED.search(clause)
        or "," in clause
        or not has_verb(clause)
        or word_count(clause) < 3
        or re.search(r"\bto$", clause)  # "who was due to | be sentenced": inside a verb group
    ):
        return [sentence]
    head = sentence[: match.start("rest")].strip().removesuffix("who").strip()
    main = finish(f"{head} {predicate}")
    if not is_clause(main, min_words=6):
        return [sentence]
    return [main, finish(f"The {match.group('noun')} {clause}")]


# ---- leading and trailing clauses ----------------------------------------------------------
# "In an effort to establish X, " / "After weeks of talks, " / "On Thursday, ": a main clause
# follows. "With X, Y and Z" is a list, "Including ..." a phrase: those stay.
_LEADING_CLAUSE = re.compile(
    r"^(?:In an? (?:effort|bid|attempt) to|In order to|To|After|Following|Despite|While|"
    r"Although|Though|Because|Since|As part of|Amid|With|Speaking|Asked|During|On|Last|Earlier|"
    r"This|Later|Over|Throughout|Before|Now|Once|As)\b[^,;:\"“”‘’]{3,90},\s+",
    re.I,
)
_SUBJECT_START = re.compile(
    r"^(?:[\"“‘]?[A-Z0-9£$€]|(?:the|a|an|he|she|it|they|we|i|his|her|their|its|this|that|these|"
    r"those|there|police|officials)\b)",
)


# "On Thursday the 39-year-old paid ...": a time phrase with no comma after it.
_LEADING_TIME = re.compile(
    rf"^(?:(?:on|last|this|earlier|later|early|late|by)\s+(?:(?:{WEEKDAYS.lower()})(?:\s+(?:night|morning|afternoon|evening))?|night|week|month|"
    r"weekend|morning|afternoon|evening|year)|yesterday|today|tonight)\s+(?=[\w‘“\"'])",
    re.I,
)


_PREPOSITION_START = re.compile(
    r"(?:by|in|at|on|of|to|for|with|from|over|under|into|than|as|about|against|between)\s", re.I
)
_LIST_GOES_ON = re.compile(r"^(?:[A-Z][\w'’-]*\s+){1,3}(?:and|or)\s|^(?:[A-Z][\w'’-]*\s*){1,3},\s")


def drop_leading_clause(sentence: str) -> str:
    """Drop an opening purpose, time or circumstance clause when a whole main clause follows."""
    match = _LEADING_CLAUSE.match(sentence) or _LEADING_TIME.match(sentence)
    if not match or not safe_to_drop(match.group(0)):
        return sentence
    rest = sentence[match.end() :]
    if not is_clause(rest, min_words=6) or not _SUBJECT_START.match(capitalize(rest)):
        return sentence
    if compares_with_contrast(sentence, rest):
        return sentence  # "While rats are common in cities, Fife is more prone to ants"
    if _PREPOSITION_START.match(rest):
        return sentence  # "While X will increase over that time, by almost three million, ...":
        # the opening goes on past its comma, and no main clause starts there
    if _LIST_GOES_ON.match(rest) and re.search(r"[A-Z][\w'’-]*,\s+$", match.group(0)):
        return sentence  # "Last week Labour, Ukip and the Greens added ...": a list, not a clause
    if re.match(
        r"^(?:[a-z]+ed|said|says|is|was|were|are|has|had|will|would|can|could|may|might|must|"
        r"should|marks|sees|brings|means)\b",
        rest,
    ):
        return sentence  # "Asked about it, said the ...", "Today will see ...": no subject left
    return capitalize(rest)


# Where a trailing clause may start: ", calling it ...", ", which ...", " - exactly ...".
# Conditions ("if", "unless") and limits ("until") change the fact, so they always stay.
_TAIL_START = re.compile(
    r",\s+(?:(?:\w+ly\s+)?\w+ing|which|who|where|as|after|before|while|whereas|with|amid|despite|including|"
    r"following|although|though|because|since|when|according to|during|(?:just\s+|only\s+)?"
    r"(?:a\s+(?:few|couple\s+of)\s+)?(?:hours|days|weeks|months|years|moments|minutes|shortly|"
    r"soon)\s+(?:after|before|later))\b"
    r"|\s+(?:in conjunction with|as part of|in (?:a|an) (?:bid|effort|attempt) to|"
    r"in the wake of)\b"
    r"|\s+[–—-]\s+(?!(?:but|and|or|yet|not)\b)(?=\w)"
    # "... before travelling back to London": but "a week after moving in" measures the time
    r"|(?<!week)(?<!weeks)(?<!day)(?<!days)(?<!month)(?<!months)(?<!year)(?<!years)(?<!hours)"
    r"(?<!minutes)(?<!moments)(?<!shortly)(?<!soon)(?<!just)(?<!long)(?<!than)(?<!right)"
    r"\s+(?:after|before|while|when|since)\s+(?:being\s+)?[a-z]+ing\b"
    r"|(?<!week)(?<!weeks)(?<!day)(?<!days)(?<!months)(?<!years)(?<!shortly)(?<!soon)(?<!just)"
    r"(?<=\w{4})\s+after\s+(?:a|an|the)\s+(?=\w+\s+(?:by|of|into|at|in)\b)"
    r"|\s+(?:in|at|during|on)\s+(?:a|an|the)\s+[^,;\"“”]{1,40}?\s(?:that|which|who|where)\b"
    # "..., the latest Westerners accused of ...": a closing noun-phrase appositive
    r"|,\s+(?=(?:the|a|an)\s+[^,;:\"“”‘’()]+$)",
    re.I,
)
# A closing phrase of a few words, no verb of its own, that ends on a name: it names what the
# head described ("..., hosting and domain name company TransIP.")
_NAMES_IT = re.compile(
    r",\s+(?!(?:including|according|which|who|whom|whose|where|when|the|a|an)\b)[a-z][\w'’-]*"
    r"(?:\s+(?!(?:a|an|the|to|for|by|in|on|at|from|with|above|below|over|against|into)\b)"
    r"[a-z][\w'’&-]*){0,6}"
    r"(?:\s+[A-Z][\w'’&.-]*){1,4}[.!]?$"
)
# A tail that takes back or limits what the head says: "he would love to comment on the
# allegations but that the lawsuit precludes him" loses its point without it.
_QUALIFIES = re.compile(r"\b(?:but|however|although|though|except|unless|until)\b", re.I)
_LIST_ITEM_END = re.compile(r",\s+(?:the|a|an)\s+[^,;:]*$", re.I)
# A closing ", the/a ..." with a finite verb is a clause ("..., the company said"), no appositive.
_APPOSITIVE_TAIL = re.compile(r",\s+(?:the|a|an)\s", re.I)
_FINITE_IN_TAIL = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|may|might|must|shall|should|do|"
    r"does|did|said|says|say|told|tells|claims?|claimed|reports?|reported|believes?|believed|"
    r"thinks?|thought|adds?|added|insists?|insisted|warns?|warned|according)\b",
    re.I,
)


_RELATIVE = re.compile(r",\s+(?:who|which|where|whose)\b", re.I)
# (a dash glued to the word before it counts: "Mr Waley-Cohen- whose relatives ... - made";
# "pre- and post-war" is a hyphen)
_DASHES = re.compile(r"\s(?:--|[–—-])\s|(?<=\w)(?:--|[–—-])\s(?!(?:and|or|to)\s)")
_DASH_START = re.compile(r"\s+(?:--|[–—-])\s")
# A head may not stop on a word that needs more after it: "... greatest moments but."
_DANGLING_END = re.compile(
    r"\b(?:and|but|or|nor|yet|so|of|to|in|on|at|for|with|by|from|the|a|an|that|which|who|whose|"
    r"whom|as|than|his|her|their|its|my|our|your|this|these|those|is|are|was|were|be|been|being|"
    r"having|"
    r"when|while|where|whether|after|before|because|if|since|until|unless|although|though)$",
    re.I,
)


# "... and as it slumps", "... address and, if available", "agreed that when Christmas Day,
# Boxing Day": a subordinate clause opened after a coordinator or "that", its main clause cut.
_SUBORDINATE_LEFT = re.compile(
    r"\b(?:and|but|or|that)\s*,?\s+(?:as|when|if|because|while|whereas|although|though|unless|"
    r"until|once|whether)\b(?P<rest>[^;]*)$",
    re.I,
)


# "... in which she reportedly told him; 'I'M GOING TO ...'": what was said comes after.
_SPEECH_END = re.compile(
    r"\b(?:told|tells|tell|asked|asks|wrote|writes|said|says|added|texted|tweeted|replied)"
    r"(?:\s+(?:him|her|them|us|me|it|police|reporters|friends))?$",
    re.I,
)


def ends_open(head: str) -> bool:
    """Tell whether a cut would leave the head ending on a word that needs more after it."""
    head = head.rstrip(" ,;:–—-")
    if _DANGLING_END.search(head) or _SPEECH_END.search(head):
        return True
    left = _SUBORDINATE_LEFT.search(head)
    if left:
        parts = left.group("rest").split(",")
        return len(parts) == 1 or not has_verb(parts[-1])
    return False


# An aside closing before the main clause goes on: ", continue to eat", ", was quick to".
_ASIDE_ENDS = re.compile(
    rf",\s+(?:{_AUXILIARY}|{_COMMON_VERBS}|[a-z]{{3,}}(?<!ee)ed|continue|remain|struggle|"
    rf"refuse|want|need|seem|appear|try|have|fail|go|get|keep|make|take)\b"
)


# A relative clause that closes before the sentence ends: ", who has a card, said ...". A comma
# inside a list ("which bans food, drink or entertainment") does not close it.
_CLOSED_RELATIVE = re.compile(r",\s+(?![\w'’-]+(?:,|\s+(?:and|or)\b))")


# A sentence that opens with its subordinate clause: the main clause comes after a comma.
_FRONTED = re.compile(
    r"^(?:While|Whereas|Although|Though|Because|If|As|When|After|Before|Since|Unless|Once|"
    r"Until|Even\s+(?:though|if))\b"
)


def _main_clause_in(text: str) -> bool:
    """Some stretch of the text after a comma is a clause with its own subject and verb: in a
    sentence that opens with its subordinate clause, the first such is the main clause."""
    return any(
        (_SUBJECT_START.match(part) and has_verb(part)) or _BARE_SUBJECT.match(part)
        for part in text.split(", ")[1:]
    )


# "people can have difficulty ...": a bare plural noun and a finite verb open a clause
_BARE_SUBJECT = re.compile(
    r"^(?!(?:who|which|that|whom|whose)\b)[a-z]{3,}\s+(?:[a-z]+ly\s+)?(?:can|could|will|would|"
    r"may|might|must|should|is|are|was|were|has|have|had|do|does|did)\b"
)


def drop_tail(sentence: str, *, min_head: int = 8) -> str:
    """Drop the earliest trailing clause that holds no number, negation or open quotation."""
    body = sentence.rstrip()
    for match in _TAIL_START.finditer(body):
        head, tail = body[: match.start()], body[match.start() :]
        if (
            _APPOSITIVE_TAIL.match(tail)
            and (
                _FINITE_IN_TAIL.search(tail)
                or _LIST_ITEM_END.search(head)
                # "..., the revolution in Egypt, the tsunami in Japan and ...": a list goes on; "or
                # attempting to travel" joins two verbs inside one appositive
                or re.search(r"\s(?:and|or)\s+(?![a-z]+ing\b)", tail)
                or re.search(r",\s+(?:the|a|an)\s", tail[1:])
            )
        ):
            # "..., the company said" is a clause; "in Libya, the revolution in Egypt, the
            # tsunami in Japan and ..." a list: neither is an appositive to drop
            continue
        if _NAMES_IT.match(tail) and not has_verb(tail[1:]):
            continue  # "the UK launch of Dutch VPS, hosting and domain name company TransIP":
            # the closing phrase names what the sentence spoke of
        if _RELATIVE.match(tail) and _CLOSED_RELATIVE.search(tail[2:]):
            continue  # ", who has a card, acted in self-defense": the relative ends early
        if _ASIDE_ENDS.search(tail[2:]):
            continue  # ", despite all the warnings, continue to eat ...": the main clause goes on
        if re.search(r"\bnot only\b", head, re.I):
            break  # "not only X - but also Y" says one thing
        if _SECOND_PERSON.search(head) and FINDING.search(body, match.start()):
            break  # "your house is worth more, according to a study": whose finding it is
        source = _CHARGING_SOURCE.search(body, match.start())
        if source:
            # ", according to the complaint": an allegation keeps its source, and may lose what
            # comes between ("... as a toilet before dying of her injuries, a court has heard")
            middle = body[match.start() : source.start()]
            if (
                middle
                and word_count(head) >= min_head
                and is_clause(head)
                and safe_to_drop(middle)
                and not _QUALIFIES.search(middle)
                and balanced(head)
                and balanced(middle)
            ):
                return head + body[source.start() :]
            break
        if _NAMED_BY.match(tail):
            break  # "pricey skin 'maintenance', as Mr Hatfield calls it": whose word it is
        if ends_open(head) or (_DASH_START.match(tail) and len(_DASHES.findall(body)) != 1):
            continue  # of two dashes the first opens an aside: cutting there leaves half of it
        if _FRONTED.match(body) and _main_clause_in(tail) and not _main_clause_in(head):
            continue  # "While Cameron has promised X, followed by Y, the manifesto only ...":
            # the cut would drop the main clause and leave the subordinate one alone
        if (
            word_count(head) >= min_head
            and is_clause(head)
            and safe_to_drop(tail)
            and not _QUALIFIES.search(tail)
            and balanced(head)
        ):
            return head + "."
    return sentence


# "An orbiter run by a consortium has measured ...": the reduced relative names a side fact.
_BY_PHRASE = re.compile(
    r"\s+(?:run|led|owned|operated|funded|backed|founded|built|made)\s+by\s+[^,;\"“”]{3,60}?"
    r"(?=\s+(?:has|have|had|is|are|was|were|will|would)\b)"
)
_WEEKDAY_PHRASE = re.compile(
    r"(?<!\bthe)(?<!\ba)(?<!\bevery)(?<!\beach)(?<!\bthat)\s+(?:(?:on|last|this|next|early|late)\s+"
    rf"(?:{WEEKDAYS})(?:\s+(?:night|morning|evening|afternoon))?|(?:last|this|earlier this|"
    r"later this)\s+(?:week|weekend|month|morning|afternoon|evening)|yesterday|today|tonight)"
    r"(?=[\s,.])(?!\s+\d)"  # "on Thursday 16th April": the weekday carries the date's preposition
    # "on Thursday and Friday": a day in a pair goes with its pair or not at all
    r"(?!\s+(?:and|or|&)\s|\s+(?:through|to)\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)",
    re.I,
)
# "Britt McHenry, a sports reporter for ESPN, has been suspended": the appositive names a role;
# the fact is the main clause.
_APPOSITIVE = re.compile(
    r"(\b[A-Z][\w'’-]*[a-z]),\s+(?:a|an|the)\s+(?:[^,;:\"“”‘’()]|(?<=\w)[’'](?=\w)){3,70},"
    r"\s+(?=(?:has|have|had|is|are|was|were|will|would|can|could|said|says|[a-z]{3,}ed)\b)"
)


def drop_appositive(sentence: str) -> str:
    """Drop a subject's appositive ("X, a reporter for ESPN, has ...") with no fact in it."""
    return _APPOSITIVE.sub(
        lambda m: m.group(1) + " " if safe_to_drop(m.group(0)) else m.group(0), sentence
    )


# "... stockpiles that can be rapidly mobilized to support Ukraine.": a relative clause closing
# the sentence adds detail to its last noun. One after a verb of saying or thinking is its
# content ("said that ..."), so it stays; so does one with a number or a negation.
_TRAILING_RELATIVE = re.compile(
    r"(?<=[a-z])\s+(?:that|which|who)\s+(?:can|could|will|would|may|might|is|are|was|were|has|"
    r"have|had)\b[^,;:\"“”]{3,80}[.!]$"
)
_THINK = re.compile(
    r"\b(?:said|says|say|believes?|believed|thinks?|thought|claims?|claimed|argued?|insisted|"
    r"warned|knew|knows?|hopes?|hoped|fears?|feared|means|meant|shows?|showed|suggests?|"
    r"suggested|found|finds|revealed|reported|added|told|admitted|denied|so|such|now|the fact)$",
    re.I,
)


_FINITE_WORD = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|may|might)\b")


# A superlative or a rank makes the relative clause after it part of the claim.
_RANKING = re.compile(
    r"\b(?:first|only|last|sole|best|worst|biggest|largest|smallest|highest|lowest|most|least|"
    r"[a-z]{3,}est)\b(?:\s+[\w'’-]+){0,4}$",
    re.I,
)


def drop_trailing_relative(sentence: str) -> str:
    """Drop a closing relative clause ("... stockpiles that can be moved fast.") with no fact."""
    match = _TRAILING_RELATIVE.search(sentence)
    if not match or not safe_to_drop(match.group(0)):
        return sentence
    if len(_FINITE_WORD.findall(match.group(0))) > 1:
        return sentence  # "the millions that were left uprooted are also ...": the main verb
    head = sentence[: match.start()]
    if _THINK.search(head) or not is_clause(head, min_words=6) or ends_open(head):
        return sentence
    if _RANKING.search(head[-60:]):
        return sentence  # "the first sunscreen that is 'physician strength'": the clause ranks
    if _BARE_INDEFINITE.search(head[-40:]):
        return sentence  # "Earth was hit by a body that was the size of Mars": the clause says
        # what the body was; "hit by a body" alone says nothing
    return head + "."


# A noun with an indefinite article and nothing else, or an indefinite pronoun: what it is, the
# relative clause after it tells.
_BARE_INDEFINITE = re.compile(
    r"\b(?:(?:a|an)\s+[a-z][\w'’-]*|someone|somebody|something|anyone|anybody|anything)$",
    re.I,
)


# The writer's stance on a fact, not the fact: "a staggering 82 hours", "the devastating quake",
# "an incredibly rare find". Only in front of what it qualifies (after a determiner), so a
# predicate ("the view was stunning") keeps it.
_STANCE_WORD = re.compile(
    r"(?P<det>\b(?i:a|an|the|this|that|these|those|his|her|their|its|our)\s+)"
    r"(?P<word>(?:staggering|whopping|astonishing|astounding|incredible|amazing|stunning|"
    r"remarkable|shocking|devastating|horrific|horrifying|terrifying|"
    r"heartbreaking|heart-breaking|harrowing|tragic|bizarre|dizzying|breathtaking|"
    r"jaw-dropping|eye-watering|mind-boggling|spectacular|sensational|superb|phenomenal|"
    r"fantastic|terrific|wonderful|awful|dreadful|sickening|chilling|gruesome|grisly|"
    r"incredibly|remarkably|extraordinarily|truly|utterly|absolutely|stunningly)\s+)"
    r"(?=(?P<next>[a-z][\w'’-]*|[£$€]?\d)(?!,))"
)


# An amount read as a quantity ("82 hours", "£5million", "40 per cent"), not as a modifier
# ("a 1-0 win").
_QUANTITY = re.compile(
    r"(?P<amount>[£$€]\d[\d,.]*(?:\s*(?:million|billion|thousand|trillion)|m|bn|k)?"
    r"|\d[\d,.]*\s*(?:%|per\s+cent|percent|[mb]illion))"
    r"|\d[\d,.]*\s*(?:people|men|women|children|feet|[a-z]+s\b)",
    re.I,
)


# "a staggering £5million fine": the amount modifies a noun, which keeps its article
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:of|in|on|for|to|from|after|before|and|or|than|a|an|the|is|was|were|are|has|have|"
    r"had|will|would|ago|later|earlier|each|apiece|between|since|over|under|at|by|with|across|"
    r"among|during|until|within|into|as|this|last|when|while|because|compared)\b)[a-z][\w-]*"
)


def drop_stance(sentence: str) -> str:
    """Drop the writer's evaluative words before what they qualify, outside quotations.

    "a staggering 82 hours" becomes "82 hours"; "an incredible view" becomes "a view".
    """
    spans = scan(sentence).spans

    def cut(match: re.Match[str]) -> str:
        if any(a <= match.start("word") < b for a, b in spans):
            return match.group(0)
        det, following = match.group("det"), match.group("next")
        if det.strip().lower() not in ("a", "an"):
            return det
        quantity = _QUANTITY.match(sentence, match.end())
        # a counted noun ("82 hours") ends the amount; a bare amount may modify the next word
        if quantity and not (
            quantity.group("amount") and _NOUN_AFTER.match(sentence, quantity.end())
        ):
            return ""  # "a staggering 82 hours": the amount itself takes no article
        if following[0].isdigit():
            an = re.match(r"8|1[18](?!\d)", following) is not None  # "an 8-0 win", "an 18-"
        else:
            an = following[0].lower() in "aeiou"
        article = "an" if an else "a"
        return (article.capitalize() if det[0].isupper() else article) + " "

    text = _STANCE_WORD.sub(cut, sentence)
    return capitalize(text) if text != sentence else sentence


def _drop_safe(pattern: re.Pattern[str], sentence: str) -> str:
    """Drop each match that holds no fact, never inside a quotation (quoted words stay whole)."""
    spans = scan(sentence).spans

    def cut(match: re.Match[str]) -> str:
        quoted = any(a <= match.start() + 1 < b for a, b in spans)
        return match.group(0) if quoted or not safe_to_drop(match.group(0)) else ""

    return pattern.sub(cut, sentence)


# A relative clause of a verb and nothing else so far: "which premiered", "who was released"
# (or a participle with nothing after it yet: "In a study published on Tuesday, ...")
_BARE_RELATIVE = re.compile(
    r",\s+(?:which|who)\s+(?:[a-z]+\s+)?[a-z]+$|^(?:In|On|At)\s+(?:a|an|the)\s+(?:[a-z]+\s+)?"
    r"[a-z]+\s+(?:published|released|issued|announced|held|made|given|seen|filed|posted|"
    r"broadcast|aired)$"
)
_PAPER_BEFORE = re.compile(r"\b(?:the|The|Scotland|Wales|Ireland)\s+[A-Z][\w'’-]*$|^[A-Z][\w'’-]*$")


def drop_weekday(sentence: str) -> str:
    """Drop "on Tuesday"-style phrases (the lede tells the day).

    Not after a name: "The Mail on Sunday" and "the Independent on Sunday" are newspapers.
    """
    match = _WEEKDAY_PHRASE.search(sentence)
    if match and _PAPER_BEFORE.search(sentence[: match.start()]) and "Sunday" in match.group(0):
        return sentence
    if match and re.match(r"\s*(?:he|she|they|it|we|i)\b", sentence[match.end() :], re.I):
        return sentence  # "In a report released on Thursday she ...": it closes the opening
    at_end = match is not None and not sentence[match.end() :].strip(" .!?\"'’”")
    head = sentence[: match.start()] if match else ""
    if match and at_end and (ends_open(head) or re.search(r"\b(?:earlier|later)\s*$", head)):
        return sentence  # "the meeting being next Thursday": the day completes the clause
    if match and _BARE_RELATIVE.search(head) and re.match(r"\s*,", sentence[match.end() :]):
        return sentence  # "the show, which premiered on Sunday, ...": the day is all it says
    return _drop_safe(_WEEKDAY_PHRASE, sentence)


def drop_by_phrase(sentence: str) -> str:
    """Drop "run by X" reduced relatives between a subject and its verb."""
    return _drop_safe(_BY_PHRASE, sentence)


# ---- splitting -----------------------------------------------------------------------------
_SUBJECT = (
    r"(?:he|she|they|it|we|i|the|a|an|his|her|their|its|these|there|police|officials|"
    r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+(?:has|have|had|is|are|was|were|will|would|said))\b"
)
_FINITE = (
    r"(?:was|were|is|are|has|have|had|will|would|could|can|cannot|can't|won't|wouldn't|"
    r"couldn't|must|should|may|might|said|says|did|didn't|does|doesn't)\b"
)
_PAST_VERB = (
    r"(?:[a-z]{3,}(?<!ee)ed|took|went|came|made|gave|got|found|left|won|lost|met|ran|fell|"
    r"began|became|brought|held|kept|led|saw|sent|told|said|struck|stood|spent|hit|put|set)\b"
)
# "as a HGV driver after being banned": no subject, since a noun phrase holds no "after" or "being"
_NOT_IN_NP = (
    r"(?!(?:after|before|being|been|by|of|in|on|at|to|for|with|from|while|when|since|during|"
    r"and|or|but|that|which|who|having|getting)\b)"
)
_CLAUSE_SUBJECT = (
    rf"(?:(?:he|she|they|it|we|i)\s+|(?:the|a|an|his|her|their|its)\s+(?:{_NOT_IN_NP}[\w'’-]+\s+){{0,4}}?"
    rf"|(?:{_NOT_IN_NP}[a-z]{{3,}}(?<!ly)\s+){{1,2}}(?=[a-z]{{3,}}(?<!ee)ed\b)"
    rf"|[A-Z0-9£$€][\w'’.,-]*(?:\s+[A-Z][\w'’-]+){{0,3}}(?:\s+[–—-]\s+[^–—-]{{3,40}}\s+[–—-])?\s+)"
    rf"(?:{_FINITE}|{_PAST_VERB})"
)
# Where two clauses meet: "; ", ", but ...", ", and the council said ...", " and he was ...",
# " and suspect David Gaver, 28, was ...".
_SPLIT = re.compile(
    # "had no choice but reduce", "all but sealed", "last but not least": no second clause
    rf";\s+|(?<!\bchoice)(?<!\bnothing)(?<!\ball)(?<!\banything)(?<!\beverything)(?<!\blast)"
    rf"(?<!\bnone)(?<!\bcannot)(?<!\bcould not)(?<!\bcan't)(?<!\bcan’t)"
    rf",?\s+but\s+(?!(?:not\s+least|also|rather|for\b|only\b))"
    rf"|,\s+(?:and|while|whereas|so)\s+(?={_SUBJECT})"
    r"|\s+and\s+(?=(?:he|she|they|it|we)\s+(?!and\b))|,\s+when\s+(?=(?:he|she|they|it)\s)"
    rf"|\s+and\s+(?=(?:the|a|an|his|her|their)\s+(?:{_NOT_IN_NP}[\w'’-]+\s+){{0,3}}{_FINITE})"
    rf"|\s+and\s+(?=(?:[a-z]+\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,2}}(?:,\s+\d+,)?\s+"
    rf"(?!(?:were|are|have|do)\b)(?:{_FINITE}|{_PAST_VERB}))"
    rf"|,\s+where\s+(?=(?:the|a|an|[A-Z][\w'’-]+)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_FINITE}|{_PAST_VERB}))"
    # "... with an injury as Bayer crashed out ...": a subordinate clause with its own subject
    # is a fact of its own. Conditions (if, unless) and limits (until) stay with their clause.
    # "One resident, named only as Jassem, told ...": "as" gives the name
    rf"|(?<!\bknown)(?<!\bnamed)(?<!\bonly)(?<!\bidentified)(?<!\blisted)(?<!\bsuch)(?<!\bsame)(?<!\bregarded)(?<!\bdescribed)(?<!\bseen)(?<!ing)"
    # "just a day after it was revealed ...": the clause measures the time, it is no fact apart
    rf"(?<!\bday)(?<!\bdays)(?<!\bweek)(?<!\bweeks)(?<!\bmonth)(?<!\bmonths)(?<!\byear)"
    rf"(?<!\byears)(?<!\bhours)(?<!\bminutes)(?<!\bmoments)(?<!\bshortly)(?<!\bsoon)(?<!\blong)"
    rf"(?<!\bas well)(?<!\bso)(?<!\bjust)"
    # "since" measures time ("the first time since Van Gaal took over"): a limit, like "until"
    rf",?\s+(?:as|while|after|when|before|because|although|though|whereas)\s+"
    rf"(?={_CLAUSE_SUBJECT})"
)
# A contrast whose main clause compares with it: "more prone", "fewer", "cheaper", no "than".
_CONTRAST = re.compile(r"^(?:While|Whereas|Although|Though)\b")
_BARE_COMPARATIVE = re.compile(
    r"^(?!.*\bthan\b).*(?:\b(?:more|less|fewer|better|worse|bigger|smaller|higher|lower|greater|"
    r"cheaper|larger|faster|slower|likelier)\b|\b(?:far|much|even|slightly)\s+[a-z]{3,}er\b)",
    re.I,
)
# "as much venom ... as they did": the second "as" closes a comparison the head opened.
_OPEN_AS = re.compile(
    r"\bas\s+(?:much|many|well|little|few|often|soon|long|far|good|bad|big|strong|high|quickly)\b"
    r"(?!.*\bas\b)",
    re.I,
)


def compares_with_contrast(sentence: str, main: str) -> bool:
    """The sentence opens with a contrast its main clause compares against ("While rats are
    common in cities, Fife is more prone to ants"): the two stay together."""
    return bool(_CONTRAST.match(sentence) and _BARE_COMPARATIVE.search(main))


# A verb whose object may be a clause: "limits when ...", "asked when ...", "knew before ...".
_WH_OBJECT_VERB = re.compile(
    r"\b(?:limits?|limited|decides?|decided|determines?|determined|dictates?|dictated|knows?|"
    r"knew|asks?|asked|explains?|explained|shows?|showed|reveals?|revealed|remembers?|"
    r"remembered|recalls?|recalled|understands?|understood|wonders?|wondered|specif(?:y|ies|ied)|"
    r"chooses?|chose|says?|said|tells?|told|describes?|described|learns?|learned|learnt|"
    r"discovers?|discovered|forgets?|forgot|reali[sz]es|reali[sz]ed|controls?|controlled|"
    r"regulates?|regulated|restricts?|restricted|predicts?|predicted|questions?|questioned|"
    r"depends?\s+on|depended\s+on|recounts?|recounted)$",
    re.I,
)
# "After United eased past Villa, Juan Mata admitted ...": a leading subordinate clause with
# its own subject and verb, then the main clause.
_LEADING_SUBORDINATE = re.compile(
    rf"^(?:As|While|After|When|Although|Though|Because|Since|Whereas|Once)\s+(?={_CLAUSE_SUBJECT})"
    r"(?P<sub>(?:[^,;\"“”]|,(?!\s))+?),\s+"
    rf"(?=(?:{_CLAUSE_SUBJECT}|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,3}}\s+[a-z]+))"
)


# A head ending "..., Boxing Day" or ", Topshop": the last item of a list of names, or a
# subject after a leading phrase ("Bringing the high street to Sydney, Topshop").
_NAME_LIST_ITEM = re.compile(r",\s+(?:[A-Z][\w'’.-]*\s*){1,4}$")
_NO_SUBJECT_TAIL = re.compile(
    rf"(?:{_FINITE}|{_PAST_VERB}|understood|also\s+\w+|"
    # "... behind the reptile but remains twitchy": a present verb with the head's subject
    r"(?:remains|seems|appears|continues|looks|wants|needs|goes|gets|makes|takes|keeps|stays|"
    r"becomes|feels|insists|admits|hopes|believes|plans|faces|knows)\b)",
    re.I,
)


# "but determined Charlotte worked hard": an epithet and a name, the tail's own subject
_EPITHET_SUBJECT = re.compile(
    r"(?:determined|delighted|injured|disgraced|beleaguered|embattled|jailed|stricken|talented|"
    r"troubled|tearful|heartbroken|grieving|devastated|distraught|frustrated|relieved|elated|"
    r"furious|brave|defiant|emotional|exhausted|battered|retired|veteran)\s+[A-Z][\w'’-]+\s+[a-z]"
)
_NAME_SUBJECT = re.compile(
    rf"^(?!(?:A|An|The|This|That|These|Those|Some|Many|Most|All|Each|Every|No|Any)\s)"
    rf"((?:[A-Z][\w'’.-]*\s+){{1,3}})(?={_FINITE}|{_PAST_VERB}|is\s|are\s)"
)


_NAMED_NP = re.compile(
    r"^(?:the|a|an|his|her|their|its)\s+(?:[\w'’-]+\s+){0,2}(?:named|called|dubbed|known\s+as)\s",
    re.I,
)
_BOTH_AFTER = re.compile(
    r"(?:[A-Z][\w'’.-]*\s+){1,3}(?:(?:will|would|can|could|have|had|are|were|may|might)\s+)?"
    r"(?:both|together|jointly|each)\b"
)


# A short last clause that ends on its verb: "and the club acted", "but it happened".
_BARE_VERB_END = re.compile(
    r"(?:^|,|\band|\bbut|\bso)\s+(?:the\s+|a\s+|an\s+)?[\w'’-]+\s+(?:[a-z]+ly\s+)?"
    r"(?:acted|happened|occurred|came|went|began|started|ended|followed|moved|reacted|responded|"
    r"stepped in|intervened|did|changed)\s*$",
    re.I,
)
_SUBORDINATORS = frozenset(
    ["as", "while", "after", "when", "before", "because", "since", "although", "though"]
)
_MAIN_AFTER = re.compile(r",\s+(?:he|she|they|it|we|i|there|the|a|an)\s+\w+", re.I)


# A verb of believing or saying with its clause in the head: a subordinate clause after it
# belongs to what was believed or said.
_BELIEF_CLAUSE = re.compile(
    r"\b(?:believes?|believed|think|thinks|thought|suspects?|suspected|suggests?|suggested|"
    r"claims?|claimed|says?|said|argues?|argued|insists?|insisted|fears?|feared|hopes?|hoped)"
    r"\s+(?:that\s+)?(?:the|a|an|he|she|they|it|[A-Z])[^,;]*$"
)
# A verb of saying or believing and the start of what was said, with no verb yet.
_SAID_SUBJECT = re.compile(
    r"\b(?:believes?|believed|thinks?|thought|suspects?|suspected|claims?|claimed|alleges?|"
    r"alleged|insists?|insisted|fears?|feared|argues?|argued)\s+(?:that\s+)?(?P<np>[^,;:]{1,60})$"
)
_TIME_SUBJECT = re.compile(
    rf"^(?:(?:Last|This|Next|On)\s+)?(?:{WEEKDAYS}|Yesterday|Today|Tonight|{MONTHS}|\d{{4}})\b"
)


SUBORDINATE_HEAD = 8  # words a main clause needs to stand without its subordinate clause


def split_clauses(text: str, *, min_words: int = 6) -> list[str]:
    """Split at "; ", ", but", "and he ...", subordinate clauses with their own subject."""
    pieces: list[str] = []
    lead = _LEADING_SUBORDINATE.match(text)
    if lead and compares_with_contrast(text, text[lead.end() :]):
        lead = None  # "While rats are common in cities, Fife is more prone to ants": than what
    if lead and word_count(lead.group("sub")) >= min_words - 1 and balanced(lead.group("sub")):
        rest = text[lead.end() :]
        if is_clause(rest, min_words=min_words):
            pieces.append(capitalize(lead.group("sub")))
            text = capitalize(rest)
    start = 0
    prefix = (
        ""  # the subject a clause shares with the one before it ("X was hurting but understood")
    )
    for cut in _SPLIT.finditer(text):
        head = prefix + text[start : cut.start()]
        if word_count(head) < min_words or not is_clause(head) or not balanced(head):
            continue
        if ends_open(head):
            continue
        if cut.group(0).strip() == "and" and _NAME_LIST_ITEM.search(head):
            continue  # "Christmas Day, Boxing Day and New Year's Day fell ...": one subject
        if cut.group(0).strip() == "and" and _BOTH_AFTER.match(text, cut.end()):
            continue  # "duo Al Kellock and Dougie Hall will both start": one subject
        if cut.group(0).strip() == "and" and re.search(r"\b(?:for|of)\s+[A-Z][\w'’-]*$", head):
            continue  # "the College for Teaching and Leadership is ...": inside a name
        last_part = re.split(r",|\bthat\b", head)[-1]
        if cut.group(0).strip() == "and" and _NAMED_NP.match(last_part.strip()):
            continue  # "..., the dog named Foxxy and the reptile called Ryuu can be seen": one
            # subject of two named things
        if cut.group(0).strip() == "and" and not has_verb(re.split(r",|\bthat\b", head)[-1]):
            continue  # "... confirmed that Nathaniel Clyne and Jose Fonte joined": the subject
            # before "and" has no verb of its own
        still_open = _OPEN_SUBORDINATE.search(head)
        if still_open and not has_verb(still_open.group("rest")):
            continue  # the cut is inside a clause that has not reached its verb yet
        if cut.group(0).strip(" ,") in _SUBORDINATORS and word_count(head) < SUBORDINATE_HEAD:
            continue  # "Kahlo painted to pass the time while she was stuck in bed": a short
            # main clause alone loses the circumstance that is its point (seed-2082 hand-read)
        if cut.group(0).strip(" ,") in _SUBORDINATORS and _BARE_VERB_END.search(head):
            continue  # "... and the club acted after the game was scheduled ...": alone, "the
            # club acted" says nothing; what it did is in the clause after
        if cut.group(0).strip(" ,") in _SUBORDINATORS and _MAIN_AFTER.search(text, cut.end()):
            continue  # "although X, they can also ...": the clause after is the main one
        if not cut.group(0).startswith(",") and _WH_OBJECT_VERB.search(head):
            continue  # "a time frame that limits when an abortion can occur": what it limits
        if cut.group(0).strip(" ,") in _SUBORDINATORS and _BELIEF_CLAUSE.search(head):
            continue  # "researchers believe the moon formed after ...": what they believe
        said = _SAID_SUBJECT.search(head)
        if (
            cut.group(0).strip() == "and"
            and said
            and not has_verb(said.group("np"))
            and not re.match(r"(?:he|she|they|we|i|it)\b", text[cut.end() :], re.I)
        ):
            continue  # "Ms Watson, who claims Rojo and his agents were behind ...": what was
            # claimed has not reached its verb; "and" joins the two who were behind it
        if cut.group(0).strip(" ,") == "as" and _OPEN_AS.search(head):
            continue  # "spat as much venom towards their team as they did ...": one comparison
        after_that = re.split(r"\bthat\b", head)[-1]
        bare = re.sub(r"\b(?:having|being)\b|['’]s\b", "", after_that)  # no verb: "league's"
        if re.search(r"\bthat\s+(?:having|being)\b", head) and not has_verb(bare):
            continue  # "Clubs believe that having Watkins on the board": "that" has no verb yet
        if cut.group(0).strip() == "and" and _TIME_SUBJECT.match(head):
            continue  # "Wednesday saw the launch ... and included ...": a day does no acts
        tail = text[cut.end() : cut.end() + 400]
        if word_count(tail) < min_words or not has_verb(tail):
            continue
        shared = ""
        if _NO_SUBJECT_TAIL.match(tail) and not _EPITHET_SUBJECT.match(tail):
            # "Guzan was hurting, but understood ...", "X said ... and said ...": the subject is
            # the head's, if it is a name
            named = _NAME_SUBJECT.match(head)
            if not named:
                continue
            shared = named.group(1)
        pieces.append(head)
        start, prefix = cut.end(), shared
    pieces.append(prefix + text[start:])
    return pieces


# A head ending in ", who stars as ..." would leave a relative clause hanging.
_OPEN_CLAUSE = re.compile(r"(?:who|which|whose|whom|where|including|such as|and|or|but)\b", re.I)
# Where a sentence may be cut short: before a trailing clause, a semicolon or a dash; a bare
# comma may close a subject or an aside, so it is no place to stop.
_CUT = re.compile(
    r",\s+(?=(?:\w+ing|which|who|where|as|after|before|while|whereas|with|amid|despite|"
    r"following|although|though|because|since|when|but|and|according to)\b)"
    r"|;\s+|\s+[–—]\s+|\s+-\s+",
    re.I,
)


def shorten(sentence: str, *, max_words: int, min_words: int = 8) -> str:
    """Keep the longest leading clause under max_words whose cut tail holds no fact.

    Returns "" when there is no such clause boundary.
    """
    best = ""
    for cut in _CUT.finditer(sentence):
        head = sentence[: cut.start()]
        words = word_count(head)
        if words > max_words:
            break
        tail = sentence[cut.end() :]
        if _CHARGING_SOURCE.search(sentence[cut.start() :]):
            break  # the rest ends in ", according to the complaint": the claim keeps its source
        last_part = head[max(head.rfind(","), head.rfind(";")) + 1 :].strip()
        if (
            words >= min_words
            and safe_to_drop(tail)
            and not _QUALIFIES.search(tail)
            and balanced(head)
            and is_clause(head)
            and not _OPEN_CLAUSE.match(last_part)
            and not _OPEN_CLAUSE.match(tail)
            and not _ASIDE_ENDS.search(tail)
            and not ends_open(head)
            and not (_DASH_START.match(cut.group(0)) and len(_DASHES.findall(sentence)) != 1)
        ):
            best = head
    return finish(best) if best else ""


# ---- the pipeline --------------------------------------------------------------------------
Step = Callable[[str], str]


# "BALL OF THE CENTURY Benaud was on hand ...": a list item's heading glued to its sentence.
# "GLOUCESTER v NEWCASTLE (SATURDAY: Kingsholm, 3pm) Dan Robson ...": a fixture's heading.
_CAPS_HEADING = re.compile(
    # (a one-letter word inside it, not at its end: "ANDREW SYMONDS STOPS A STREAKER
    # Thankfully, ...", but "BBC A Question Of Sport" and "WORLD WAR I Veterans" are no heading)
    r"^(?:\d{1,2}[.)]\s+)?[A-Z][A-Z'’&-]+\s+(?:[vV]\.?\s+)?"
    r"(?:[A-Z][A-Z'’&-]*\s+(?:[vV]\.?\s+)?){0,6}[A-Z][A-Z'’&-]+\s+"
    r"(?:\([^()]{0,60}\)\s+)?"
    r"(?=[A-Z][a-z])"
)


def compress(sentence: str) -> str:
    """Compress one sentence lightly: openers, photo pointers, brackets, plain attributions."""
    text = _CAPS_HEADING.sub("", sentence.strip())
    text = strip_opener(text)
    text = drop_parentheticals(text)
    text = strip_attribution(text)
    return finish(" ".join(text.split()))


def tighten(sentence: str, *, target: int) -> str:
    """Shorten a bullet towards `target` words without losing a number, negation or quote half."""
    text = sentence
    steps: tuple[Step, ...] = (
        drop_stance,
        drop_leading_clause,
        drop_weekday,
        drop_asides,
        drop_appositive,
        drop_by_phrase,
        drop_tail,
        drop_trailing_relative,
    )
    for step in steps:
        if word_count(text) <= target:
            break
        shorter = step(text)
        if is_clause(shorter):
            text = shorter
    return finish(text)


# "The envisioned force, spearheaded by France and Britain, aims to ...": a reduced passive
# relative on the subject is a fact of its own ("The envisioned force is spearheaded by ...").
_PARTICIPLE_ASIDE = re.compile(
    r"^(?P<subject>(?:The|A|An|This|Its|His|Her|Their)\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+),\s+"
    r"(?P<aside>(?:[a-z]{3,}ed|led|run|built|made|held|known|seen|given|taken|won|hit)\s+"
    r"(?:by|in|from|with|at|for)\s+[^,;:\"“”‘’()]{2,60}?),\s+"
    r"(?P<verb>[a-z]+)\b"
)
_PRESENT_SINGULAR = re.compile(r"^(?:is|has|does|[a-z]+[^s\W]s)$")


def split_participle_aside(sentence: str) -> list[str]:
    """Turn "X, spearheaded by Y, aims to ..." into "X is spearheaded by Y." and "X aims to ..."."""
    match = _PARTICIPLE_ASIDE.match(sentence)
    if not match:
        return [sentence]
    verb = match.group("verb")
    if _PRESENT_SINGULAR.match(verb):
        be = "is"
    elif verb in ("was", "had") or re.match(r"^[a-z]{3,}ed$", verb):
        be = "was"
    else:
        return [sentence]  # plural, modal or unclear tense: which "be" fits is not plain
    subject, aside = match.group("subject"), match.group("aside")
    rest = sentence[match.start("verb") :]
    main = f"{subject} {rest}"
    if not is_clause(main, min_words=6):
        return [sentence]
    return [finish(f"{subject} {be} {aside}"), finish(main)]


def to_bullets(sentence: str, *, max_words: int, target: int | None = None) -> list[str]:
    """Turn a sentence into one or more bullets of at most max_words (aiming at `target`).

    Returns an empty list when no safe cut brings it under max_words.
    """
    text = compress(sentence)
    goal = target or max_words
    if word_count(text) > goal:
        text = tighten(text, target=goal)
    if word_count(text) <= max_words and (target is None or word_count(text) <= goal):
        return [text]
    # "..., according to court documents." is the source of every clause: split, it would stay
    # with the last one only
    pieces = [text] if _CHARGING_SOURCE.search(text) else split_clauses(text)
    if len(pieces) == 1:
        pieces = split_participle_aside(text)
    if len(pieces) > 1:
        bullets = [tighten(finish(p), target=goal) for p in pieces]
        if all(word_count(b) <= max_words and balanced(b) for b in bullets):
            return bullets
    if word_count(text) <= max_words:
        return [text]
    head = shorten(text, max_words=max_words)
    if head:
        return [head]
    for split in (split_aside, split_subject_relative):
        parts = split(text)
        if len(parts) > 1 and all(4 <= word_count(p) <= max_words for p in parts):
            return parts
    return []


# "X also declined ...", "..., too.": in a list of facts read one by one there is nothing for
# "also" to add to. "not only ... but also" and "also known as" keep it.
# ("Survivors also include his wife": without "also" the list reads as complete)
_ALSO = re.compile(
    r"(?<!\bbut)(?<!\bnot only)\s+also(?=\s+(?!known\b|includ|features?\b)[a-z])", re.I
)
_HOWEVER = re.compile(r",\s+however,(?=\s)", re.I)
_TOO = re.compile(
    r",?\s+(?:too|as well)(?=[.!]$)"
    # "they too have had", "the club, too, has": the subject's "too" points back the same way
    r"|(?<=\w)(?:\s+too|,\s+too,)(?=\s+(?:have|has|had|are|is|was|were|will|would|can|could|"
    r"must|should|may|might|did|do|does)\b)",
    re.I,
)
# "Shu Rongli added that ...": "added" points back to something said before; "said" does not.
_ADDED = re.compile(r"\badded(?=\s+that\b|:|[.!]$|,\s+[\"'‘“])")


def drop_additive(bullet: str) -> str:
    """Drop what ties a standalone fact to the one before ("also", "too", "added")."""
    spans = scan(bullet).spans

    def outside(match: re.Match[str]) -> bool:
        return not any(a <= match.start() < b for a, b in spans)

    text = _ALSO.sub(lambda m: "" if outside(m) else m.group(0), bullet)
    text = _TOO.sub(lambda m: "" if outside(m) else m.group(0), text)
    text = _HOWEVER.sub(lambda m: "" if outside(m) else m.group(0), text)
    text = _ADDED.sub(lambda m: "said" if outside(m) else m.group(0), text)
    return text if is_clause(text) else bullet


def condense(sentence: str) -> str:
    """Compress harder to the main-clause fact: drop tails, plain attributions, weekdays.

    Numbers, negations and quotations are never dropped.
    """
    text = drop_parentheticals(strip_opener(sentence.strip()))
    for _ in range(3):
        before = text
        text = strip_attribution(drop_tail(drop_asides(drop_leading_clause(text))))
        if balanced(text):
            text = drop_by_phrase(drop_weekday(text))
        text = finish(" ".join(text.split()))
        if text == before:
            break
    return text

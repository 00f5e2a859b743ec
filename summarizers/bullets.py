"""Which story sentences can be bullets, and the bullets each one makes.

A bullet states one fact in a complete sentence that a reader understands alone. So a sentence
is no candidate when it asks, introduces a list, is a piece of a quotation that runs over
several sentences, quotes someone without naming them, or speaks in the first person outside
quotation marks; and a bullet that leans on the sentence before ("He ...", "The company ...",
"But ...") is marked, so a selection takes it only right after that sentence, unless its
referent can be named.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from summarizers.compress import (
    compress,
    drop_leading_clause,
    has_number,
    has_verb,
    is_clause,
    safe_to_drop,
    starts_with_connective,
    strip_opener,
    to_bullets,
    verb_count,
    word_count,
)
from summarizers.document import Document, Sentence
from summarizers.names import person_words
from summarizers.policy import Policy
from summarizers.quotes import balanced, outside_quotes, quoted_words, scan
from summarizers.reference import (
    dangling_he,
    has_pronoun_speaker,
    name_referent,
    name_speaker,
    names_a_person,
    people_named,
    speaks_in_first_person,
    split_predicates,
    starts_with_back_reference,
    starts_with_pronoun,
)
from summarizers.tokenizer import MONTHS, WEEKDAYS

_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|asked|wrote|writes|tweeted|posted|explained|"
    r"stated|insisted|claimed|claims|warned|admitted|revealed|recalled|declared|announced|"
    r"described|called|branded|dubbed|according to|joked|quipped|continued|concluded|noted|"
    r"replied|responded|urged|argued|suggested|confirmed|vowed|pleaded|shouted|screamed|"
    r"labelled|labeled|saying|adding|telling|captioned|states?|stating|describes?|defines?|"
    r"reads?|titled|entitled|headlined|nicknamed|known as|chanted|chanting|sang|sings|"
    r"texted|texting|messaged|emailed|writing|tweeting|reported|reportedly|dubbed|hailed|"
    r"slammed|blasted|mocked|praised|boasted|complained|admits|insists|claims|warns|urges)\b"
    r"|:\s*[\"'‘“„«]",
    re.IGNORECASE,
)
# A sentence about how the reporter got the story, not about the story.
_SOURCING = re.compile(
    r"\b(?:on (?:the )?condition (?:of|that (?:he|she|they) not be named)|requested anonymity|"
    r"declined to be (?:named|identified)|asked not to be (?:named|identified)|"
    r"(?:was|were) not authori[sz]ed to (?:speak|talk|comment)"
    # "X did not immediately respond to a request for comment": the reporting, not the story
    r"|(?:did not|didn['’]t|has not|have not|had not)\s+(?:immediately\s+)?(?:respond|reply|"
    r"responded|replied)\s+to\s+(?:\S+\s+){0,3}?(?:requests?|calls?|messages?|e-?mails?|"
    r"inquiries|enquiries)\s+(?:for|seeking)\s+comment"
    r"|could not (?:immediately )?be reached for comment"
    r"|(?:was|were) not (?:immediately )?available for comment"
    # "No more information on his condition was immediately available."
    r"|^no (?:more|further|other) (?:information|details)\b[^.]*\b(?:was|were|is|are) "
    r"(?:immediately )?(?:available|released)"
    r"|\bno (?:more|further) details were (?:given|released))\b",
    re.IGNORECASE,
)
QUOTE_NEEDS_SPEAKER = 8  # a quotation this long is someone's words, not a scare quote
VERB_SURE_WORDS = 10  # a sentence this long has a verb even when the word list misses it


@dataclass(frozen=True)
class Candidate:
    """What one usable sentence offers: its bullets for a brief and for a full Quick Looks.

    Both are made on first use: a brief reads only the first sentences' pieces.
    """

    index: int
    text: str  # the sentence, lightly compressed, its opening referent named where clear
    policy: Policy
    persons: frozenset[str] = frozenset()  # the words of the people the story names in full
    # The article's sentence opened with "But", "However", "Also": it answers the one before it,
    # though the connective was dropped ("But his Sky employers vetoed the move."). A brief is
    # read under the lede, where the story's opening sentences stand in order: only a full look's
    # bullets, each read alone, leave such a sentence out.
    tied: bool = False

    @cached_property
    def pieces(self) -> tuple[str, ...]:
        """The fewest bullets within the word limit (a brief); () if none is safe."""
        bullets = _split(self.text, max_words=self.policy.bullet_max_words)
        return tuple(_self_contained(bullets, adjacent=True, persons=self.persons))

    @cached_property
    def facts(self) -> tuple[str, ...]:
        """One-fact bullets near the target length (a full Quick Looks); () if none is safe."""
        policy = self.policy
        bullets = _split(
            self.text, max_words=policy.bullet_max_words, target=policy.bullet_target_words
        )
        return tuple(_self_contained(bullets, persons=self.persons))

    # The story's first sentence: nothing stands before it, so an opening "She" or "They" that
    # the sentence names later points forward ("She may be a First Daughter, but Sarah Obama is
    # still a teenager ...").
    opening: bool = False

    @cached_property
    def leans(self) -> bool:
        """The brief's bullets need the sentence before them to be understood."""
        bullets = self.pieces or (self.text,)
        return _leans(bullets) and not (self.opening and points_forward(bullets))

    @cached_property
    def facts_lean(self) -> bool:
        """The full Quick Looks' bullets need the sentence before them."""
        bullets = self.facts or (self.text,)
        return (
            self.tied
            or bool(_LATER.match(bullets[0]))
            or (_leans(bullets) and not (self.opening and points_forward(bullets)))
        )


# "A day later, the teenager told ...", "Two weeks earlier, ...": later than what the sentence
# before told. A full look's bullet is read alone (seed-2083 hand-read); a brief's sentences are
# read in story order under the lede, which tells the first event.
_LATER = re.compile(
    r"^(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|\d+)\s+)?"
    r"(?:hour|day|night|week|month|year|moment|minute)s?\s+(?:later|earlier)\b(?!\s+than\b)",
    re.I,
)


# A contrast or an addition to what the sentence before said (hand-reads of seeds 2072/2073: 5 of
# 6 such bullets read wrong alone: "Benaud's take was typically measured.", "Nothing seems to
# work ...", "In the field are ..." meaning another tournament than the headline's).
_TIED = re.compile(
    r"^[\"'‘“]?(?:But(?!\s+for\b)|However(?!\s+(?:many|much|long|far|often)\b)|Yet|"
    r"Also(?!\s+known\b)|Instead(?!\s+of\b)|Nevertheless|Nonetheless|Even\s+so|Still(?=,)|"
    r"(?:[A-Z][a-z]+ly,?\s+)however)\b"
)


_PERSONAL_OPENING = re.compile(r"^(?:he|she|they|it|his|her|their|its|we|him|them)\b", re.I)


# "... everything points to him doing so", "Even that wasn't enough": a pro-form stands for
# something said before.
_CLAUSE_BEFORE = re.compile(r"[,;]\s+(?:but|and|while|yet|so|although|though)\s")
_PRO_FORM = re.compile(
    r"\b(?:doing|did|do|does|done)\s+so\b|\beven\s+(?:that|this|so)\b"
    # "The same cannot be said for ...", "In the same study ...", "... demand for another."
    # ("the latter part of the talks", "the latter half of the year": a time, no back reference)
    r"|^(?:In|At|On|For|By|From)?\s*the\s+same\b(?!\s+(?:day|time|way)\b)"
    r"|\banother[.!]$|\bthe\s+latter\b(?!\s+(?:part|half|stages?|years?|months?|weeks?)\b)"
    r"|^in other words\b|^put simply\b|^in short\b"
    # "Other reports suggest ...": other than those told before; "Including telling the woman
    # she doesn't have a brain, McHenry ...": among things told before
    r"|^other\s+[a-z]|^including\s+[a-z]+ing\b"
    # "Among them, two lesbians ...", "So much so it's ...": the group or the degree told before
    r"|^among\s+(?:them|those|these|others)\b|^so\s+much\s+so\b"
    # "In comparison, the retired hairdresser ...", "Increasingly, however, the relationship
    # ...": a comparison or a contrast with what came before
    r"|^(?:in|by)\s+(?:comparison|contrast)\b|^(?:conversely|similarly|likewise|nevertheless|"
    r"nonetheless|even\s+so)\b|^[^,;:\"“”]{0,40},\s+however,"
    # "Developed by a U.S. dermatologist, it is said ...": a pronoun subject after an adjunct
    r"|^(?-i:[A-Z][a-z]{2,}(?:ed|ing))\s+(?:by|in|at|on|with|from|for|as|after|before|during|to|a|"
    r"an|the|his|her|their|its)"
    r"\b[^,;:\"“”]{2,80},\s+(?:he|she|it|they)\s"
    # "Holyfield beat Bowe the following year": a year told before (none in the sentence)
    r"|^(?!.*\b(?:1[89]|20)\d\d\b).*(?<!\bover )(?<!\bin )(?<!\bwithin )(?<!\bduring )"
    r"(?<!\bfor )\bthe\s+(?:following\s+(?:day|night|morning|week|month|year|season|summer|"
    r"spring|autumn|winter)|next\s+(?:day|night|morning))\b"
    # "Same goes for the Athletics.", "Fellow guard Simon Scott posted ...": like the one before
    r"|^(?:the\s+)?same\s+(?:goes|applies|is true)\b|^fellow\b"
    # "By then Moores will be ...", "At the time, the victim was ...": a time told before
    r"|^(?:by then|by that time|by that point|at the time(?!\s+of\b)|at that time|at that point|"
    r"since then|"
    r"that (?:day|night|morning|evening|week)|the (?:next|following) (?:day|night|morning|week|"
    r"month|year)|(?:hours|days|weeks|months|moments|minutes) later|later that|"
    r"(?:soon|shortly|immediately)\s+(?:after|afterwards|afterward)\b(?!\s+\w+ing\b)|afterwards)\b"
    # "In reality they barely had a whimper.": a pronoun subject after a short opening phrase
    r"|^(?:in|on|at|by|for|with|after|before|since|until|during|despite)\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?:he|she|they|it)\s+[a-z]+\b"
    # "... such an offence can carry a fine": the offence told before
    r"|\bsuch\s+(?:a|an)\s+[a-z]+\s+(?:can|could|would|will|may|might|is|was|has|had|carries)\b"
    # "Attendants have to duck to get through it.": an "it" at the end that nothing in the
    # bullet can be (no determiner before it), told before
    r"|^(?!.*\b(?:the|a|an|this|that|these|those|his|her|its|their|our|my)\b)"
    r".*\b(?:through|about|on|in|into|from|with|of|to|for|at|over|under|behind|inside|onto|"
    r"against|without)\s+(?:it|them)[.!]$"
    # "... remind him of such consequences": the consequences told before
    r"|\b(?:of|to|with|about|from|for|against)\s+such\s+(?!as\b)[a-z]{2,}[^s\W]s[.!]?$"
    # "Dr Sanjay Gupta agrees with Claire Putnam.": the statement agreed with was told before
    r"|\b(?:agrees?|agreed|disagrees?|disagreed|concurs?|concurred|sided)\s+with\s+"
    r"[^,;:\"“”‘’]{2,40}[.!]$",
    re.I,
)


# "Nagaland Government said he was innocent.", "Prosecutors insisted he had failed ...": in what
# a body (not a person) said, "he" stands for someone told of before.
_BODY_SAID_PRONOUN = re.compile(
    r"^(?:[\w'’.-]+\s+){0,4}?(?:police|government|prosecutors?|officials|authorities|court|"
    r"council|ministry|department|office|agency|service|company|club|university|school|"
    r"hospital|family|lawyers|attorneys|investigators|"
    r"detectives|officers|sources|relatives|neighbours|neighbors|witnesses|statement|report)"
    r"\s+(?:said|says|claimed|claims|insisted|confirmed|believes?|believed|stated|announced|"
    r"argued|added)\s+(?:that\s+)?(?:he|she)\b",
    re.I,
)


# "She's been living in New York for a year now, and it seems that Princess Eugenie is ...",
# "They played in grey ..., these really are dark days for Newcastle United.": the clause after
# the pronoun's names whom it means.
_FORWARD = re.compile(r"^(?P<pronoun>He|She|They)\b[^,;:]*[,;]\s+(?P<rest>.+)$")
_NAMED_SUBJECT = re.compile(
    r"(?:(?:and|but|yet|so)\s+)?(?:it\s+(?:seems|appears)\s+(?:that\s+)?)?"
    r"(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s+(?:is|are|was|were|remains|remained)\b"
    # (a copula, not a passive: "and John Smith was charged with her murder" is someone else)
    r"(?!\s+(?:[a-z]+ed|[a-z]+en|being|been|held|found|shot|hit|told|seen|sent)\b)"
)
_PROPER = re.compile(r"(?<=\s)[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*)+")


def points_forward(bullets: tuple[str, ...]) -> bool:
    """Tell whether one whole-sentence bullet opens with a pronoun its later clause names."""
    if len(bullets) != 1:
        return False  # split, the pronoun's clause stands alone
    match = _FORWARD.match(outside_quotes(bullets[0]))
    if not match:
        return False
    # the later clause's subject is the name, and it says what the pronoun's referent is ("...,
    # but Sarah Obama is still a teenager"); "He was sacked, and David Moyes has been named as his
    # successor" names someone else
    named = _NAMED_SUBJECT.match(match.group("rest"))
    if not named:
        return False
    if match.group("pronoun") == "They":
        return bool(_PROPER.search(" " + named.group("name")))
    return names_a_person(named.group("name"))


def _leans(bullets: tuple[str, ...]) -> bool:
    first = bullets[0]
    if _BODY_SAID_PRONOUN.match(outside_quotes(first)):
        return True
    pro_form = _PRO_FORM.search(outside_quotes(first))
    if pro_form and not _CLAUSE_BEFORE.search(outside_quotes(first)[: pro_form.start()]):
        return True  # (in "X has not decided, but everything points to him doing so" the
        # clause it stands for comes first)
    # "On Sunday they set another record": the pronoun opens the clause after a time phrase
    bare = drop_leading_clause(first)
    return (
        leans_on_context(first)
        or has_pronoun_speaker(first)
        or dangling_he(first)
        or (bare != first and bool(_PERSONAL_OPENING.match(bare)))
        or fronted_pronoun(first)
    )


# "In a report released earlier this week she slammed ...", "If they lose enough weight, they're
# sent to boot camp": the subject is a pronoun after a phrase that names no one it could mean.
_FRONTED_PRONOUN = re.compile(
    r"^(?:(?P<phrase>(?:In|On|At|After|Before|During|Since|Within|Throughout|Despite|Following|"
    r"Over|Until|Earlier|Later|Last|This|Next)\s+[^,;:.!?\"“”‘’()]{0,70}?)"
    r"|(?P<clause>If|When|Because|Once|While|Although|Though|Unless|As))\s+"
    r"(?:he|she|they)\s+(?:[a-z]+ly\s+)?(?:[a-z]+ed|[a-z]+s|was|were|is|are|has|had|have|"
    r"will|would|could|can|may|might|must|should|did|do|does|said|told|made|took|gave|set|won|"
    r"lost|went|came|got|left|saw|found|began|became|spent|paid|put|met|ran|lose|need|want)\b"
)
_CALENDAR = re.compile(rf"^(?:{MONTHS}|{WEEKDAYS})$", re.I)
_SOMEONE_IN_PHRASE = re.compile(
    r"\b(?:a|an|the|one|another)\s+(?:[a-z][\w'’-]*\s+)?(?:man|woman|boy|girl|child|baby|toddler|"
    r"teenager|pupil|student|passenger|mother|father|son|daughter|wife|husband|fan|patient|"
    r"person|pensioner|tourist|driver|customer|resident|victim|suspect|officer|worker|player|"
    r"witness|friend|neighbour|neighbor)\b"
)
_VERB_IN_PHRASE = re.compile(
    r"\b(?:said|says|told|tells|is|was|were|are|has|had|have|will|would|can|could|did|does)\b"
)


def fronted_pronoun(bullet: str) -> bool:
    """Tell whether a bullet's subject is he/she/they after an opening phrase naming nobody.

    "When he arrived, Smith found ..." names whom "he" means right after its clause.
    """
    text = outside_quotes(bullet)
    match = _FRONTED_PRONOUN.match(text)
    if not match:
        return False
    if match.group("clause"):
        return not re.match(r"[^,;]*,\s+(?:[A-Z][a-z]|the\s)", text[match.end() :])
    phrase = match.group("phrase")
    if _VERB_IN_PHRASE.search(phrase):
        return False  # "During the trial the woman told the court he ...": "he" is no subject
    if _SOMEONE_IN_PHRASE.search(phrase):
        return False  # "After a man collapsed he was taken to hospital": the phrase tells who
    # a weekday or a month names no one ("On Sunday they set ...")
    named = [w for w in phrase.split()[1:] if w[:1].isupper()]
    return all(_CALENDAR.match(w) for w in named)


# The writer's view or an aside to the reader, not a fact: "it is easy to see why ...",
# "Factor in the rise of ...", "Imagine ...".
# (in two parts, one read only at the start of the sentence and one only where a word of it
# stands: each search of the whole pattern tried every alternative at every position)
_OPINION_ANYWHERE = re.compile(
    r"\b(?:it\s+is|it['’]s)\s+(?:easy|hard|difficult|fair|safe|not hard|no surprise|no wonder|"
    r"not surprising|little wonder|worth)\s+(?:to\s+(?:see|say|understand|imagine|argue|"
    r"believe|think|note|remember)|that)\b|\bno wonder\b|\bneedless to say\b"
    r"|\bcomes? as (?:no|little) surprise\b"
    # shop copy: "the most sought-after styles", "as loved by celebrities"
    r"|\bas (?:loved|worn|seen) by\b|\bsought-after\b|\bmust-haves?\b"
    r"|\b(?:couldn['’]t|could not) be (?:easier|simpler|better)\b"
    # "... can visit the family's Gofundme page by clicking here.": a pointer to a link
    r"|\b(?:by\s+)?click(?:ing)?\s+here\b"
    # a pointer to the page, not the story: "The video is at the top of this story."
    r"|\bat the (?:top|bottom) of (?:this|the) (?:story|article|page|post)\b"
    r"|\b(?:watch|see) the (?:video|clip|footage|gallery) (?:above|below)\b",
    re.IGNORECASE,
)
# A word each of _OPINION_ANYWHERE's phrases holds (lowercase).
_OPINION_HINTS = (
    *("it is", "it's", "it’s", "no wonder", "needless", "surprise", "loved by", "worn by"),
    *("seen by", "sought-after", "must-have", "couldn", "could not", "click", "top of"),
    *("bottom of", "video", "clip", "footage", "gallery"),
)
_OPINION_START = re.compile(
    r"the (?:good|bad|best|worst) news is\b"
    r"|(?:Certainly|Clearly|Obviously|Arguably|Undoubtedly|Admittedly|Surely|Of course),"
    # "Watching him play is to see ...": the writer's verdict
    r"|(?:Watching|Seeing|Hearing|Reading|Listening to)\b[^,.;]{0,80}\b(?:is|was)\s+to\b"
    r"|Talk about\b"
    # "Some might say India's friendship is a signal ...": the writer's guess at others' views
    r"|(?:some|many|others)\s+(?:might|may|would|could)\s+(?:say|argue|think|suggest|"
    r"wonder|see)\b"
    # "Here, Dr Bav Shergill offers his verdict.", "Here's how ...": a pointer to what follows
    r"|Here(?:,\s+[^.:]{2,160}?\b(?:offers|explains|gives|shares|picks|rounds up|looks at|"
    r"takes a look)\b|\s+(?:is|are)\b|['’]s\b)(?![^:]*:\s*\S)"  # ("Here's how: X" tells X)
    # "The details have now been revealed.": a teaser for what follows
    r"|(?:the|its|his|her|their)\s+(?:full\s+)?(?:details|reason|identity|cause|truth|answer|"
    r"results?)\s+(?:(?:of|about|behind)\s+[^,;:]{2,40}?\s+)?(?:(?:have|has|had)\s+(?:now\s+|"
    r"finally\s+)?been\s+|(?:are|is|was|were)\s+"
    r"(?:now\s+)?)(?:revealed|released|disclosed|known|unveiled)[.!]$"
    # "Pat isn't alone in her desire to party.": a bridge to the next example, no fact
    r"|[^,;:]{2,40}\b(?:isn['’]t|is not|wasn['’]t|was not|aren['’]t|are not)\s+"
    r"(?:alone|the only one) in\s+(?:his|her|their|its|this|that|the)\b"
    r"|(?:Factor in|Imagine|Consider|Think of|Think about|Look at|Take a look|Forget|Remember|"
    r"Picture|Meet|Take a (?:minute|moment|second)|Spare a thought)\b",
    re.IGNORECASE,
)


def _opinion(text: str) -> bool:
    """The writer's verdict, shop copy or a pointer to the page (see the patterns above)."""
    if _OPINION_START.match(text):
        return True
    lowered = text.lower()
    return any(hint in lowered for hint in _OPINION_HINTS) and bool(_OPINION_ANYWHERE.search(text))


def usable(sentence: Sentence, document: Document) -> bool:
    """Tell whether a sentence can be a bullet at all (see the module docstring)."""
    # (asked once a sentence: the lede, the headline and every engine ask again)
    cache = document._cache.setdefault("usable", {})
    assert isinstance(cache, dict)
    key = (sentence.index, sentence.text)
    if key not in cache:
        cache[key] = _usable(sentence, document)
    result = cache[key]
    assert isinstance(result, bool)
    return result


def _usable(sentence: Sentence, document: Document) -> bool:
    text = sentence.text
    if (
        sentence.trailing
        or sentence.question
        or sentence.introduces
        or sentence.in_quotation
        or not balanced(text)
        or sentence.words < document.policy.bullet_min_words
        or sentence.words > document.policy.sentence_max_words
        or not (has_verb(text) or sentence.words >= VERB_SURE_WORDS)
    ):
        return False
    if speaks_in_first_person(text, cased=document.cased) or _opinion(text):
        return False
    outside = outside_quotes(text)
    if _WRITER_STANCE.search(outside) and not _SPEECH.search(outside):
        return False  # the writer's verdict or forecast, nobody's reported words
    if text.rstrip("\"'’”»)").endswith("?") and len(outside_quotes(text).split()) < 6:
        return False  # "The questions read: '... ?'": a frame around a question
    if document.cased and _FACT_BOX.search(text):
        return False  # "... from Boots CLAIMS: First mainstream product ...": a listing
    if _TO_THE_READER.search(strip_opener(outside)):
        return False  # an imperative to the reader: the writer's voice, no reported fact
    if _NO_COMMENT.search(outside):
        return False  # "X did not immediately respond to an email": the reporter's errand
    if _PHOTO_POSITION.search(text):
        return False  # "Edward Byatt (behind Allen, left) was ...": a caption under a photo
    if outside_quotes(text).rstrip(" )").endswith("!"):
        return False  # "... she's got city chic sussed!": the writer exclaims, news reports
    return not _is_speech(text) or bool(_SPEECH.search(outside_quotes(text)))


# The writer speaking, not reporting: a verdict ("Hamilton certainly has Rosberg scratching his
# head"), a forecast of feelings ("his voice will always conjure memories", "life will never be
# the same"), advice to the reader ("Don't forget the fees."). Said by someone, it is news.
_WRITER_STANCE = re.compile(
    # (the first letter is looked at before the words behind it: a search tries every position)
    r"\b(?=[CcSsUuDdAa])(?<!\bbut )(?<!\balmost )(?<!\bmost )(?<!\bnot )(?<!\bquite )(?<!\bvery )"
    r"(?i:certainly|surely|undoubtedly|doubtless|undeniably|unquestionably|arguably)\b"
    r"|\b(?i:will\s+always\s+(?:conjure|be\s+remembered|live\s+on)|will\s+never\s+be\s+the\s+same)\b"
    # "There will be more to come.", "To demonise Tim Krul alone would be wrong.": the writer's
    # guess or judgement
    r"|^(?i:there\s+will\s+be\s+more\s+to\s+come)\b"
    r"|^To\s+[a-z]+\s[^,;:]{2,60}\bwould\s+be\s+(?i:wrong|right|unfair|a\s+mistake|foolish|"
    r"naive|harsh|generous)\b"
    r"|^(?:Don['’]t|Do not|Never forget|Make sure|Be sure|Let['’]s)\s+[a-z]"
    # "The loss of Aguero would be exceptionally difficult to recover from.", "The warning could
    # be the end of the matter.": the writer's guess at how it will turn out
    # (not when a source follows: "..., the Met Office has forecast.", "..., a trial has found.")
    r"|\b(?i:would|could|might|may)\s+(?:well\s+)?be\s+(?i:exceptionally|extremely|incredibly|"
    r"hugely|enormously|the\s+end\s+of|a\s+(?:huge|massive|major|real|crushing)\s+(?:blow|boost|"
    r"shame|mistake))\b(?!.*,\s+(?:[\w'’.-]+\s+){0,5}(?i:has\s+|have\s+)?(?i:forecast|found|"
    r"believes?|predicted|predicts|warned|warns|said|says|suggests?|shows?)\b)"
    # "Yes this is the #ISIS State.": an interjection opens speech, not a report
    r"|^(?:Yes|Yeah|Oh|Wow|Ah|Alas)(?:\s*[,!]|\s+(?:this|that|it|I|we|you)\b)",
)
# The writer speaking to the reader: "Don't forget the fees.", "For a primer on promposals, see
# previous years' winners ..." (an imperative; "Don't Push It won the National" is a horse).
_TO_THE_READER = re.compile(
    r"^(?:Don['’]t|Do not|Remember|Imagine|Consider|Forget|Bear in mind|Make sure|Be sure)\s+"
    r"(?=[a-z])"
    # (a fronted phrase, not a subject: "The statement, read out by his lawyer, said ...")
    r"|^(?:For|To|If|In|On|At|After|Before|When|While|Meanwhile|Until)\b[^,;:\"“”]{3,60},\s+"
    r"(?:see|visit|click|check out|go to|head to|read)\s+(?=[a-z])"
)
# Nobody answered the reporter: "McElroy did not immediately respond to an email sent by the
# Associated Press", "WYP are yet to comment on Cardiff's statement.", "... could not be reached
# for comment". What they said would be news; that they said nothing is not a fact of the story.
_NO_COMMENT = re.compile(
    r"\b(?:did\s+not|didn['’]t|has\s+not|have\s+not|had\s+not|could\s+not|were\s+not|was\s+not)"
    r"\s+(?:immediately\s+)?(?:respond|reply|return)(?:ed)?\s+to\s+(?:an?\s+|several\s+|repeated\s+|"
    r"our\s+|the\s+)?(?:[\w'’-]+\s+)?(?:requests?\s+for\s+comment|e-?mails?|messages?|"
    r"inquir(?:y|ies)|phone\s+calls?|calls?\s+(?:and|or)\s+e-?mails?|calls?\s+seeking\s+comment)\b"
    r"|\bcould\s+not\s+(?:immediately\s+)?be\s+reached\s+(?:for\s+comment|by\s+phone)\b"
    r"|\bnot\s+immediately\s+available\s+for\s+comment\b"
    r"|^[^,;:]{2,60}\b(?:(?:is|are|was|were|has\s+been|have\s+been)\s+yet\s+to|declined\s+to|"
    r"refused\s+to)\s+comment(?:\s+on\s+[^,;:]{2,50})?(?:\s+in\s+the\s+past)?[.!]$",
    re.I,
)
# Where someone stands in a photo: "(left)", "(behind Allen, left)", "(centre)" (not "(far
# right)", a party's place).
# The story's own sentences point at no picture; a caption does, and is often glued to the
# sentence after it with no full stop between.
_PHOTO_POSITION = re.compile(
    r"\((?:[^()]{0,40},\s*)?(?:top\s+|bottom\s+)?(?:left|right|centre|center|middle|top|"
    r"bottom)\)",
    re.I,
)
# A capitalised label inside a sentence ("... £2 for 50ml, from Wilko stores CLAIMS: A UVA ..."):
# a product listing or fact box run into one line, not a sentence of the story.
_FACT_BOX = re.compile(r"(?<=\w)\s+[A-Z]{3,}(?:\s+[A-Z]{2,})*:\s")


_PERSON = re.compile(r"\b(?:I|me|my|we|us|our|you|your)\b")
_STOP_INSIDE = re.compile(r"[.!?…][’'\"”»]")
_LOWER_START = re.compile(r"^\W*[a-z]")


def _is_speech(text: str) -> bool:
    """A quotation is someone's words (not a scare quote or a title) when it is long, speaks
    in the first or second person, or is a whole quoted sentence."""
    spans = scan(text).spans
    quoted = [text[s:e] for s, e in spans]
    if quoted_words(text) >= QUOTE_NEEDS_SPEAKER or any(map(_PERSON.search, quoted)):
        return True
    # A whole quoted sentence opens with a capital: "... of being a 'gold digger.'" puts the
    # full stop inside a scare quote, the American way, and quotes nobody.
    return any(
        _STOP_INSIDE.search(q) for q in quoted if not _LOWER_START.match(q) or len(q.split()) > 3
    )


_OPENING_QUOTE = re.compile(r"^[\"'‘“„«]")


def leans_on_context(bullet: str) -> bool:
    """Tell whether a bullet opens with a pronoun, a back-reference or a connective.

    A bullet opening with a quotation is judged by its speaker: "'I'd be over the moon,' said
    Locke" does not lean, "'I'd be over the moon,' he said" does.
    """
    if _OPENING_QUOTE.match(bullet) and outside_quotes(bullet) != " ".join(bullet.split()):
        return has_pronoun_speaker(bullet)
    return (
        starts_with_pronoun(bullet)
        or starts_with_back_reference(bullet)
        or starts_with_connective(bullet)
    )


LOOK_BACK = 3  # sentences back to the one naming whom "he" or "the 39-year-old" means
_WORD = re.compile(r"[A-Z][\w-]*\w")  # ("Roberts'" and "Roberts's" are "Roberts")


def _resolved(
    text: str,
    before: list[str],
    known: frozenset[str],
    persons: frozenset[str] | None = None,
    compressed: Callable[[str], str] = compress,
) -> str:
    """Name an opening pronoun's referent and a quotation's pronoun speaker, where clear.

    The referent is the subject of the nearest earlier sentence that names a person, when it
    names only that one: sentences in between that name nobody ("An announcement will be
    made ...") do not change whom the story is about.
    """
    # a sentence passed over that names one of the story's people in passing: the referent
    # found further back must be among them ("..., but Roberts told the agents" then "He ...")
    passed: list[set[str]] = []
    for previous in reversed(before):
        sentence = drop_leading_clause(compressed(previous))
        found = name_referent(text, sentence, known=known, persons=persons)
        if found is not None:
            found = name_speaker(found, sentence, known=known) or found
        else:
            found = name_speaker(text, sentence, known=known)
        if found is not None:
            added = set(_WORD.findall(found)) - set(_WORD.findall(text))
            return found if all(added & people for people in passed) else text
        if names_a_person(sentence) or not _PERSONAL_START.match(text):
            break
        people = set(_WORD.findall(sentence)) & (known if persons is None else persons)
        if people:
            passed.append(people)  # "Neil still harboured hopes": not "Sandy" further back
    return text


def _candidate(document: Document, index: int) -> Candidate | None:
    sentence = document.sentences[index]
    if not usable(sentence, document):
        return None
    policy = document.policy
    before = document.texts[max(0, index - LOOK_BACK) : index]
    # each sentence is compressed once a document: as a candidate and as the one before others
    memo = document._cache.setdefault("compressed", {})
    assert isinstance(memo, dict)

    def compressed(text: str) -> str:
        if text not in memo:
            memo[text] = compress(text)
        result = memo[text]
        assert isinstance(result, str)
        return result

    text = compressed(sentence.text)
    # "On Thursday the 39-year-old paid ...": the referent is named after a leading time phrase.
    bare = drop_leading_clause(text)
    known = _people(document)
    persons = _persons(document)
    resolved = _resolved(bare, before, known, persons, compressed)
    text = resolved if resolved != bare else _resolved(text, before, known, persons, compressed)
    opening = not any(usable(s, document) for s in document.sentences[:index])
    return Candidate(
        index, text, policy, persons, tied=bool(_TIED.match(sentence.text)), opening=opening
    )


def _split(text: str, *, max_words: int, target: int | None = None) -> list[str]:
    """The sentence's bullets; one per predicate when a whole one is too long."""
    bullets = to_bullets(text, max_words=max_words, target=target)
    goal = target or max_words
    if bullets and all(word_count(b) <= goal for b in bullets):
        return bullets
    parts = split_predicates(text)
    if len(parts) < 2:
        return bullets
    split = [to_bullets(part, max_words=max_words, target=target) for part in parts]
    if not all(split):
        return bullets
    return [b for part in split for b in part]


def _self_contained(
    facts: list[str], *, adjacent: bool = False, persons: frozenset[str] = frozenset()
) -> list[str]:
    """Name the referent of a split-off clause from the clause before it, or keep it joined.

    `adjacent`: the pieces are shown one after the other, so a piece may lean on the one
    before it ("... in 1997." "He was powerless ...").
    """
    if len(facts) < 2:
        return [f for f in facts if _fact_ok(f)]
    out = [facts[0]]
    for fact in facts[1:]:
        fact = name_referent(fact, out[-1], loose=True, persons=persons) or fact
        dangling = leans_on_context(fact) or _dangling_pronoun(fact)
        if not _fact_ok(fact) or (dangling and not adjacent):
            if not safe_to_drop(fact):
                return []  # it holds a number or a negation: the split was not safe
            continue
        out.append(fact)
    return [f for f in out if _fact_ok(f)]


_PERSONAL_START = re.compile(
    r"^(?:He|She|His|Her|The\s+(?:\d+|[a-z]+)-year-old|The\s+(?:[\w'’-]+\s+){0,2}"
    r"(?:man|woman|star|actress|actor|singer|boss|manager|player|defender|striker))\b|"
    r".*[,.!?][’'”\"] (?:he|she) (?:said|added|told)\b"
)
_PERSONAL = re.compile(r"\b(?:he|him|his|she|her|hers|they|them|their)\b", re.IGNORECASE)
# A name: two capitalised words, or one that a verb follows ("Sinfield was"; not "Video footage").
_NAMED_START = re.compile(
    r"^[\"'‘“]?[A-Z][a-z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)+\s+[a-z]"
    r"|^[\"'‘“]?[A-Z][a-z][\w'’.-]*\s+(?:has|had|is|was|were|are|said|says|will|would|could|can|"
    r"[a-z]{3,}ed|[a-z]{3,}[^s\W]s)\b"
)


def _dangling_pronoun(piece: str) -> bool:
    """A split-off piece whose "his"/"they" points into the piece before it.

    "It appears the Argentine outfit will have to wait for his signature." leans on the clause
    it was cut from; "Sinfield was powerless to prevent a repeat on his landmark occasion."
    names whom "his" means.
    """
    if not _PERSONAL.search(outside_quotes(piece)):
        return False
    return not _NAMED_START.match(piece) or bool(re.match(r"^(?:The|A|An|It)\b", piece))


# "May demand a say in selection.": a verb with no subject is a fragment (but "May said").
_NO_SUBJECT = re.compile(
    r"^(?:May|Might|Will|Would|Could|Can|Should|Must)\s+"
    r"(?!(?:said|says|was|is|has|had|told|added|also|have)\b)[a-z]+\b"
    r"|^(?:Remains(?!\s+of\b)|Seems|Appears|Continues|Looks|Wants|Needs|Keeps|Stays|Becomes|Feels)\s+[a-z]"
)


# "Stewart, who played in a record 133 Tests for England.": a subject and its relative clause,
# with the main verb cut away.
_RELATIVE_ONLY = re.compile(r"^[^,;]{2,60},\s+(?:who|which|whose|where)\b[^,;]*[.!]$")


# "Which means ...", "Whereas it ...": a fragment that hangs on a clause not shown.
_FRAGMENT_START = re.compile(r"^(?:Which|Whose|Whom|Whereas|Whereby)\b")


# "Stewart is director at Surrey, has not yet been approached": two main verbs joined by a
# comma, where a cut took the "who" of a relative clause and left the rest.
_COMMA_VERB = re.compile(
    r",\s+(?:has|have|had|is|are|was|were|will|would|can|could)\s+(?:not\s+|also\s+|yet\s+)?"
    r"(?:been|yet|[a-z]+ed|a|an|the)\b"
)


def _joined_clauses(fact: str) -> bool:
    match = _COMMA_VERB.search(outside_quotes(fact))
    if not match:
        return False
    text = outside_quotes(fact)
    segment = text[: match.start()].rsplit(",", 1)[-1].strip()
    if re.match(r"^(?:who|which|whose|where|when|aged|\d)", segment, re.I):
        return False  # ", who is 45, has been ...": the relative clause closes there
    return has_verb(segment) and "," not in text[: match.start()]


# "Revealing plans to open a school in Raqqa.": a participle phrase cut from its main clause;
# "To recreated it with circuits ...": an infinitive with none. (A comma would open the clause.)
_PHRASE_ONLY = re.compile(
    r"^(?P<opener>(?!(?:Every|No|Some|Any)thing\b|During\b)[A-Z][a-z]{2,}ing|To\s+[a-z]+"
    # "Highly entertained at the results.": a participle with no subject or verb
    r"|(?:[A-Z][a-z]+ly\s+)?[A-Z]?[a-z]{3,}ed(?=\s+(?:at|by|with|in|on|to|from|after|as)\b))"
    r"\b[^,;:]*[.!]$"
)
_SUBJECT_THEN_VERB = re.compile(
    r"\s+(?:[a-z]+s|[a-z]{3,}ed|hit|put|set|cut|let|fell|rose|won|lost|beat|spent|held|led|"
    r"made|took|gave|went|came|said|told|got|left|ran|saw|became|began|kept|met|paid|sold)\b"
)
# "Because there's a next-generation stick on the way.": a subordinate clause, its main clause
# left behind (a comma would open it: "Because of the rain, the game ...").
_SUBORDINATE_ONLY = re.compile(
    r"^(?:Because(?!\s+of\b)|Although|Though|Whereas|Unless)\b[^,;:]*[.!]$"
)
# "When they arrived at the flat in the centre of the city.": the same for a time or condition
# clause, which holds one finite verb; "While he was in prison he wrote a book" holds two.
_AS_WITH_ONLY = re.compile(
    r"^(?:When|Whenever|If|While|Once|Until|Because|Although|Though|"
    r"As(?=\s+(?:he|she|they|it|the|his|her|their|its)\s))\s[^,;:]*,\s+"
    r"(?:with|without|in|at|on|for|by|from|after|before|during|amid)\s[^,;:]*[.!]$"
)
_CONDITION_ONLY = re.compile(
    r"^(?:When|Whenever|If|Even if|Even though|While|Once|Until)\s+(?:he|she|they|it|we|I|you|"
    r"the|a|an|his|her|their|its|this|that|these|those|[A-Z][a-z]+)\s[^,;:]*[.!]$"
)
# "Because they have no children there is no issue": a second clause opens, the main one.
_CLAUSE_OPENING = re.compile(
    r"\b(?:there|he|she|they|it|we|I|you)(?:['’]s|\s+(?:is|are|was|were|has|have|had|will|"
    r"would|can|could|may|might|must|do|does|did|[a-z]+ed))\b"
)
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|may|might|must|should|does|did|"
    r"said|says|made|took|went|came|gave|got|found|left|won|lost|paid|told|became|began|brought|"
    r"held|kept|led|met|ran|saw|sent|sold|spent|stood|thought|wrote|[a-z]{3,}ed)\b"
)
# "Meacham concluded in an interview with the New York Times.": a speech tag whose quotation
# went to the sentence before; it says nothing.
_TAG_ONLY = re.compile(
    r"^(?:[A-Z][\w'’.-]*\s+){1,4}(?:said|says|added|adds|concluded|explained|continued|"
    r"insisted|wrote|writes|told\s+[\w'’.-]+(?:\s+[A-Z][\w'’.-]*){0,3})"
    r"(?:\s+(?:in|on|at|during|to|from|after|before|while)\s+(?:[\w'’.&-]+\s+){0,6}[\w'’.&-]+"
    r"|\s+(?:last|this)\s+\w+|\s+(?:yesterday|today))?[.!]$"
)


def _fragment(fact: str) -> bool:
    tag = _TAG_ONLY.match(fact)
    if tag and not re.search(r"\b(?:that|he|she|they|it|we|i|you)\b", fact, re.I):
        return True  # ("Manohar said on December 23 she unzipped ...": what was said follows)
    if re.match(r"^To\s+[a-z]{3,}ed\b", fact):
        return True  # "To recreated it ...": a subject cut to "To"
    if _SUBORDINATE_ONLY.match(fact) and len(_CLAUSE_OPENING.findall(fact)) < 2:
        return True
    if _CONDITION_ONLY.match(fact) and verb_count(fact) < 2:
        return True
    if _AS_WITH_ONLY.match(fact) and verb_count(fact) < 2:
        return True  # "As the flights got longer, with more frequent stop-offs.": no main clause
    phrase = _PHRASE_ONLY.match(fact)
    if phrase is None or _SUBJECT_THEN_VERB.match(fact, phrase.end("opener")):
        return False  # "Beijing hit back ...", "Sterling fell ...": a name, then its verb
    return not _FINITE.search(fact, phrase.end("opener"))


def _fact_ok(fact: str) -> bool:
    return (
        not _fragment(fact)
        and not _RELATIVE_ONLY.match(fact)
        and not _FRAGMENT_START.match(fact)
        and not _joined_clauses(fact)
        and balanced(fact)
        and is_clause(fact, min_words=4)
        and not _SOURCING.search(fact)
        and not _NO_SUBJECT.match(fact)
        and not _SAYS_NOTHING.match(fact)
    )


# A speech tag with nothing said: "Jamie wrote, the affidavit said.", "Dr Phil asks in return."
# (what was said stood in the quotation the cut or the split left behind)
_SAYS_NOTHING = re.compile(
    r"^(?:[A-Z][\w'’.-]*\s+){1,3}(?:said|says|wrote|writes|asked|asks|added|adds|replied|"
    r"replies|explained|explains|told\s+\w+)"
    r"(?:\s+(?:in\s+return|later|afterwards|again|simply|then|too))?"
    r"(?:,\s+(?:the\s+)?[\w'’ ]{2,40}?\s+(?:said|says|reported|reports|added|wrote))?[.!]$"
)


def _words_once(
    document: Document, key: str, read: Callable[[list[str]], frozenset[str]]
) -> frozenset[str]:
    """Read a set of words from the story's sentences once, then keep it with the document."""
    cache = document._cache
    if key not in cache:
        cache[key] = read(document.texts)
    words = cache[key]
    assert isinstance(words, frozenset)
    return words


def _people(document: Document) -> frozenset[str]:
    """Each part of a full name the story uses for someone ("Carlos", "Tevez")."""
    return _words_once(document, "people", people_named)


def _persons(document: Document) -> frozenset[str]:
    """The words of the names the story shows are people's ("Yaya", "Toure", "Kayahan")."""
    return _words_once(document, "persons", person_words)


def candidate(document: Document, index: int) -> Candidate | None:
    """Return one sentence's Candidate (None when it cannot be a bullet), computed once."""
    cache = document._cache.setdefault("candidates", {})
    assert isinstance(cache, dict)
    if index not in cache:
        cache[index] = _candidate(document, index)
    result = cache[index]
    assert result is None or isinstance(result, Candidate)
    return result


def candidates(document: Document) -> list[Candidate | None]:
    """Return every sentence's Candidate, in story order."""
    return [candidate(document, i) for i in range(len(document))]


__all__ = [
    "Candidate",
    "candidate",
    "candidates",
    "has_number",
    "leans_on_context",
    "usable",
    "word_count",
]

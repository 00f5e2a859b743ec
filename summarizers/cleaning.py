"""Remove what is not the story: bylines, datelines, stamps, promos, credits, captions, fact boxes.

Rules run on normalised text (see normalize.py) and match words case-insensitively, so they
hold on lowercased and all-caps text too; only the caption rules need capitals to see where a
caption ends and the story starts, and they simply do nothing on caseless text.
"""

from __future__ import annotations

import re

from summarizers.tokenizer import word_set
from summarizers.vocabulary import ROLE_WORDS

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?"
_DATE = (
    rf"(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}})"
)
_TIME = r"\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s+(?:[A-Z]{2,4}|GMT|BST|UTC))?"
# "updated 8:10 AM EDT, Tue May 6, 2014", "PUBLISHED: 10:24 EST, 1 May 2013 |",
# "Last updated at 5:30 PM on 1st May 2013", "Posted on May 6, 2014 at 8:10 am".
_STAMP = re.compile(
    rf"\b(?:(?:last\s+)?updated|published|posted|created|modified)\b:?\s*(?:at|on)?\s*"
    rf"(?:{_TIME}|{_DATE})(?:[,\s]+(?:on\s+)?(?:{_TIME}|{_DATE}))*\s*\.?\s*\|?\s*",
    re.I,
)
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|der|da|di|le|la|bin|al))*"
# "By DEXTER FORD", "By . Daily Mail Reporter .", "By Maria Keller, Science Correspondent",
# "By Jo Li and Sam Roe | CNN", or glued to a date: "By DEXTER FORDMAY 9, 2014 MALIBU ...".
_BYLINE = re.compile(
    rf"^\s*[Bb][Yy](?:\s*\.\s*[^.|]{{1,60}}\.\s*|\s+(?:"
    rf"(?:[A-Z][\w.'’-]*\s+){{0,3}}[A-Z][\w.'’-]*?(?=(?i:{_MONTH})\s+\d)"
    rf"|{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*(?:\s*[,|/]\s*[\w'’ ]{{1,40}}?(?=\s*(?:$|\||\.\s)))?))"
    rf"\s*[.|]?\s*",
    re.M,
)
_CASELESS_BYLINE = re.compile(rf"^\s*by\s+[a-z.'’ -]{{1,40}}?(?={_MONTH}\s+\d)", re.I)
_ONLY_BYLINE = re.compile(
    rf"^[Bb][Yy]\s+\.?\s*{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*(?:\s*[,|/]\s*[\w'’ ]{{1,40}})?\s*\.?$"
    r"|^by\s+[a-z'’-]+(?:\s+[a-z'’-]+){0,3}$"
)
_LEADING_DATE = re.compile(rf"^\s*(?:{_DATE})(?:\s*,?\s*{_TIME})?\s*[.|]?\s*", re.I)
# "(CNN) -- ", "LONDON, England (CNN) --", "WASHINGTON (AP) - ", "PARIS (Reuters) —",
# "MALIBU, CALIF. —", "NEW YORK —": a place, maybe an agency, then a dash, before the story.
_AGENCY = (
    r"\((?:CNN|AP|Reuters|AFP|UPI|Bloomberg|dpa|EFE|Xinhua|PA|ANSA|Kyodo|Yonhap|"
    r"The Conversation|[A-Z][\w ]{1,20}(?:News|Wire|Press|Agency))[^)]{0,20}\)"
)
_SOURCE_TAG = re.compile(
    rf"^\s*(?:[A-Za-z][\w.'’ -]{{1,40}}(?:,\s*[A-Za-z][\w.'’ -]{{1,30}})?\s*)?{_AGENCY}"
    rf"\s*(?:--|—|–|-|:)?\s*",
    re.I,
)
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’ -]{2,40}(?:,\s*[A-Z][A-Za-z.'’ -]{1,30})?\s*(?:\([^()]{1,30}\)\s*)?"
    r"(?:--|—|–)\s+"
)
_CASELESS_DATELINE = re.compile(
    r"^\s*[a-z][a-z.'’ -]{2,30}(?:,\s*[a-z][a-z.'’ -]{1,20})?\s+(?:--|—)\s+"
)
_EDITORS_NOTE = re.compile(r"^\s*editor['’]?s\s+note\s*:", re.I)
_NOTE_END = re.compile(rf"{_AGENCY}\s*(?:--|—|–|-|:)?\s*", re.I)

# Whole sentences that are the site talking, not the story.
_PROMO = re.compile(
    r"\b(?:scroll\s+down\s+for|click\s+(?:here|through|on the)|find\s+out\s+(?:the\s+latest|more)|"
    r"sign\s+up\s+(?:for|to|here|now)|subscribe\s+(?:to|for|now|here)|"
    r"(?:our|daily|weekly|free|morning|evening|e-?mail)\s+newsletters?\b|"
    # ("follow us", or the imperative opening the line: "50 million people follow the singer on
    # Instagram" is the story's)
    r"follow\s+(?:us|@)|^\W*(?-i:Follow)\s+[\w'’]+(?:\s+[\w'’]+)?\s+on\s+(?:twitter|facebook|"
    r"instagram|x\b)|"
    r"like\s+us\s+on|e-?mail\s+us|tips@|get\s+in\s+touch\s+at|do\s+you\s+have\s+a\s+story|"
    r"got\s+a\s+(?:news\s+)?tip|read\s+more\s*:|read\s+the\s+full\s+(?:story|article)|"
    r"watch\s+the\s+video|watch\s*:|video\s*:|related\s*:|see\s+also\s*:|more\s*:\s+[A-Z]|"
    r"share\s+this\s+(?:article|story)|join\s+the\s+(?:conversation|debate)|download\s+the\s+app|"
    r"(?:visit|at)\s+(?:www\.|https?://)|all\s+rights\s+reserved|copyright\s+\d|©)",
    re.I,
)
_CREDIT = re.compile(
    r"\b(?:contributed\s+(?:to\s+)?(?:this\s+)?report(?:ing)?|additional\s+reporting|"
    r"(?:reporting|writing|editing|edited|compiled)\s+by\s+[A-Z]|"
    r"(?:photo(?:graph)?s?|pictures?|images?)\s*(?:by|courtesy(?:\s+of)?|credit)\s*:?\s+[A-Z]|"
    r"getty\s+images|ap\s+photo|(?:^|\s)/\s*(?:reuters|ap|afp|getty)\s*$|"
    r"opinions?\s+expressed\s+in\s+this|views\s+expressed\s+(?:in\s+this|here)|"
    r"editor['’]?s\s+note\s*:|"
    r"^(?:[A-Z][\w.]*['’]s\s+)?[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s+(?:reported|wrote|"
    r"filed|contributed)\s+(?:from|reporting)\s+[A-Z])",
    re.I,
)
# A fact box line: "AGE: 27", "CURRENT JOB: Sky commentator", "Born: 1984 | Club: Leeds".
_LABEL = re.compile(r"(?:^|\s|\|)([A-Z][A-Z'’&/ ]{1,24}|[A-Z][a-z]+(?: [a-z]+)?):\s+(?=\S)")
_BOX_SEPARATOR = re.compile(r"\s\|\s|\s•\s")


def is_fact_box(sentence: str) -> bool:
    """Tell whether a sentence is a "LABEL: value" run from a fact box, not a story sentence."""
    labels = [m.group(1) for m in _LABEL.finditer(sentence)]
    caps = [label for label in labels if label.isupper() and len(label.strip()) >= 2]
    if len(caps) >= 2 or (labels and _BOX_SEPARATOR.search(sentence)):
        return True
    # One all-caps label and a short value with no verb-like word: "CURRENT JOB: Sky commentator"
    return bool(caps) and sentence.startswith(caps[0]) and len(sentence.split()) <= 8


# Words every promo or credit pattern above holds one of: a cheap test before the costly ones.
_FURNITURE_WORDS = (
    "scroll",
    "click",
    "find out",
    "sign up",
    "subscribe",
    "newsletter",
    "follow",
    "like us",
    "mail",
    "tips@",
    "in touch",
    "a story",
    "tip",
    "read",
    "watch",
    "video",
    "related",
    "see also",
    "more:",
    "share this",
    "join the",
    "download",
    "www.",
    "http",
    "rights reserved",
    "copyright",
    "©",
    "contributed",
    "reporting",
    "reported from",
    "wrote from",
    "filed from",
    "writing by",
    "editing by",
    "edited by",
    "compiled by",
    "photo",
    "picture",
    "image",
    "getty",
    "ap photo",
    "reuters",
    "afp",
    " ap",
    "opinions expressed",
    "views expressed",
    "editor",
)


def is_furniture(sentence: str) -> bool:
    """Tell whether a sentence is the site's furniture: a promo, credit, stamp or fact box."""
    lower = sentence.lower()
    return bool(
        (
            any(word in lower for word in _FURNITURE_WORDS)
            and (_PROMO.search(sentence) or _CREDIT.search(sentence))
        )
        or _STAMP.match(sentence)
        or _ONLY_BYLINE.match(sentence)
        or (":" in sentence and is_fact_box(sentence))
    )


_JUNK_LINE = re.compile(r"^[\W\d_]{0,12}$")
_LEAD_PATTERNS = (
    _STAMP,
    _BYLINE,
    _CASELESS_BYLINE,
    _LEADING_DATE,
    _SOURCE_TAG,
    _DATELINE,
    _CASELESS_DATELINE,
)


def strip_lead(body: str) -> str:
    """Drop what precedes the story's first sentence: bylines, stamps, datelines, notes."""
    for _ in range(8):  # they come in short chains: byline, date, stamp, dateline, tag
        body = body.lstrip(" .|\n")
        before = body
        if _EDITORS_NOTE.match(body):
            tag = _NOTE_END.search(body, 0, 1500)
            body = body[tag.end() :] if tag else body
        for pattern in _LEAD_PATTERNS:
            body = pattern.sub("", body, count=1) if pattern.match(body) else body
        if body == before:
            break
    return body.strip()


# Inline furniture glued into a sentence when the text lost its line breaks.
_INLINE = re.compile(
    r"\b(?:scroll\s+down\s+for\s+(?:the\s+)?(?:videos?|more(?:\s+videos?)?|pictures|photos)|"
    r"(?:click|clicking)\s+here\s+(?:to|for)\s+[^.]{0,80})\b\.?|"
    # "... at Nordstrom Visit site Finders Keepers ...": a shop link's label
    r"\b(?:visit\s+site|shop\s+now|buy\s+(?:it\s+)?now|shop\s+the\s+look|get\s+the\s+look)\b\s*!?|"
    # "Photo: Lena Voss / Getty Images Wright, who ...": a photo credit glued before a sentence
    r"\b(?:photo(?:graph)?s?|pictures?|images?)\s*:\s*(?:[A-Z][\w.'’-]*\s+){1,4}/\s*"
    r"(?:getty\s+images|reuters|ap|afp|epa|pa|rex(?:\s+features)?|shutterstock)\b\.?|"
    # "Follow Priya on Twitter @news13 Adebayor has ...": a social promo ends at its handle
    # (the imperative, capitalised, opening a sentence: "50 million people follow Kim on
    # Instagram @kim" is the story's)
    r"(?:^|(?<=[.!?\"”’]\s))(?-i:Follow)\s+(?:(?:[\w'’]+\s+){0,3}[\w'’]+\s+on\s+"
    r"(?:twitter|instagram|facebook|x)\s+@\w+|@\w+\s+on\s+(?:twitter|instagram|facebook|x))\b"
    r"(?:\s+and\s+(?:twitter|instagram|facebook|x)\s+@\w+\b)?\.?|"
    # "... and a granddaughter. ©2015 The Hollywood Reporter": a copyright line glued on
    r"(?:©|\(c\)|\bcopyright\b)\s*(?:\d{4}\b)?[^.]{0,80}\.?\s*(?:all\s+rights\s+reserved\.?)?$|"
    # "... its reputation for thrift: Source h/t CBS News": a hat-tip credit glued on
    r"(?<![:\s])[:\s]+(?:source:?\s+)?h/t:?\s+[^.]{2,60}$|" + _STAMP.pattern,
    re.I,
)


# "John was was diagnosed": a function word typed twice (not "had had", "that that").
_DOUBLED = re.compile(
    r"\b(the|a|an|to|of|in|on|at|for|and|was|were|is|are|has|have|be|been|will|with|by|from|"
    r"they|he|she|we|it|his|their|its|our|my|can|could|would|should|may|might|must|not|but)"
    r"\s+\1\b",  # case-sensitive: "in In-N-Out" is no typo
)


# "teachers also alleged exchanged messages": the adverb typed as the adjective before a verb.
_ALLEGED_VERB = re.compile(
    r"(?=\s+alleged\s)(?<!\bthe)(?<!\ban)(?<!\ba)(?<!\bhis)(?<!\bher)(?<!\btheir)\s+alleged"
    r"(?=\s+[a-z]{3,}ed\s+"
    r"(?:a|an|the|as|to|with|his|her|their|more|up|over|about|\d)\b)"
)


# A word every piece of inline furniture holds: most sentences hold none, and a substring test
# costs far less than the pattern's search.
_INLINE_HINTS = (
    *("scroll", "click", "visit", "shop", "buy", "get the look", "photo", "picture", "image"),
    *("follow", "©", "(c)", "copyright", "h/t", "updated", "published", "posted", "created"),
    "modified",
)


# A verb whose particle may meet the same preposition: "getting stuck in in her leggings",
# "carried on on Monday" say the word twice on purpose.
_PARTICLE_VERB = re.compile(
    r"(?:stuck|stick|sticks|get|gets|got|getting|give|gives|gave|given|hand|handed|log|logged|"
    r"fill|filled|move|moved|carry|carried|went|go|goes|come|came|pitch|pitched|chip|chipped|"
    r"take|took|taken|hold|held|keep|kept|[a-z]+ed|[a-z]+ing)\s+$",
    re.I,
)


def _undouble(match: re.Match[str]) -> str:
    word = match.group(1)
    before = match.string[max(0, match.start() - 20) : match.start()]
    if word in ("in", "on") and _PARTICLE_VERB.search(before):
        return match.group(0)
    return word


def strip_inline(text: str) -> str:
    """Remove promos and stamps glued into running text ("... Scroll down for video The ...")."""
    lowered = text.lower()
    if any(hint in lowered for hint in _INLINE_HINTS):
        # (one space where the furniture stood: later patterns read "it is" as two words)
        text = " ".join(_INLINE.sub(" ", text).split())
    text = _DOUBLED.sub(_undouble, text)
    if "alleged" in lowered:
        text = _ALLEGED_VERB.sub(" allegedly", text)
    return text.strip()


def story_lines(text: str) -> list[str]:
    """Return the lines of the story, without junk, bylines and furniture lines."""
    lines = []
    for line in text.split("\n"):
        line = line.strip()
        if not line or _JUNK_LINE.match(line) or _ONLY_BYLINE.match(line):
            continue
        lines.append(line)
    return lines


# A photo caption label like "Fighter ace: " or "Strictly business: " opening a sentence.
_CAPTION_LABEL = re.compile(
    r"^[\"'‘“]?[A-Z][\w'’-]*(?: [\w'’&-]+){0,3}: (?![\"'‘“])"
    r"|^[A-Z][\w'’-]*(?: [\w'’&-]+){4,5}: (?=[A-Z][a-z])"
)
_SPEECH = re.compile(r"\b(?:said|says|told|added|asked|wrote|tweeted|explained|stated)\b", re.I)
# Another caption label glued on mid-sentence: "... the magazine Short and sweet: Julia ..."
_NEXT_LABEL = re.compile(r"(?<=[a-z0-9'’)]) (?=[A-Z][\w'’-]*(?: [\w'’&-]+){0,3}: (?![\"'‘“]))")
# Words that label with a letter: "vitamin A", "Patient A", "infra-red A rays".
_LETTER_LABELS = (
    *("red", "vitamin", "grade", "type", "plan", "category", "class", "group", "section"),
    *("division", "league", "level", "list", "exhibit", "hepatitis", "patient", "nurse"),
    *("person", "witness", "victim", "child", "woman", "man"),
)


# Where story text starts after a caption run into it with no full stop: a capitalised
# sentence opener after a lowercase word or a number ("... in the evening The first lady
# was ..."), not a name ("The New York Times"), or a quotation opening there ("... on Friday
# ‘I’d be over the moon ...").
_RUN_IN = re.compile(
    # "... of Patient A and appeared ...": a letter in a name, no sentence start
    # (the lookahead first: most word ends are followed by no capital, and fail at once)
    r"(?<=[a-z0-9%)’'”])(?=\s+[A-Z‘“\"])(?<!\bthe)(?<!\ba)(?<!\ban)(?<!\bof)(?<!\bhis)(?<!\bher)(?<!\btheir)"
    # "dubbed him the "Che Guevara of advertising"": a name or a title, no sentence start
    r"(?<!\bdubbed)(?<!\bcalled)(?<!\bnamed)(?<!\btitled)(?<!\bnicknamed)(?<!\bbranded)"
    r"\s+(?!A\s+(?:and|or|of|in|on|at|to|for|with|by|from|as)\b)"
    # "infra-red A rays", "vitamin A supplements": the letter names a kind (a plural follows,
    # or a word that labels with letters comes before), no article opens a sentence
    r"(?!A\s+[a-z]*[^s\W]s\b)"
    r"(?!(?=A\s)(?i:" + "|".join(rf"(?<=[\s-]{w}\s)" for w in _LETTER_LABELS) + r"))"
    r"(?=(?:(?:The|A|An|He|She|It|They|We|His|Her|Their|This|These|But|In|"
    r"When|After|However|Meanwhile|Police|Officials|Authorities|According|Mr|Mrs|Ms|Dr)"
    # (a quotation that opens a sentence, not a short quoted title: "hit ‘Wonderwall’ to ...")
    r"\s+[a-z0-9£$]|[‘“\"](?!(?:[^‘’“”\"]|’(?=\w)){0,40}[’”\"](?!\w))[A-Z][a-z’']*\s"
    # "... growing the game It’s well-known the ...": a contraction opens the next sentence
    r"|(?:It|He|She|They|We|There|That)['’](?:s|re|ll|d|ve)\s+[a-z]))"
    # "... by terrorist hacking The Government Accountability Office released a report": "The"
    # and a name opening a clause, not after a preposition ("a report by The Times")
    # (the lookahead first, as above: the words behind are checked only before a "The")
    r"|(?=\s+The\s)(?<!\sby)(?<!\sof)(?<!\sto)(?<!\sin)(?<!\son)(?<!\sat)(?<!\sfor)(?<!\sfrom)"
    r"(?<!\swith)"
    r"(?<!\sand)(?<!\sor)(?<!\sas)(?<!\swhen)(?<!\swhile)(?<!\sthat)(?<!\sif)(?<!\safter)"
    r"(?<!\sbefore)(?<!\sbecause)(?<!\ssaid)(?<!\suntil)(?<=[a-z)])\s+"
    # (also "... this season The Portuguese star was ...": a capitalised modifier, then the noun)
    r"(?=The\s+(?:[A-Z][\w'’-]+\s+){1,4}"
    r"(?:(?!(?:which|who|that|he|she|it|they|we|i|you|his|her|their)\b)[a-z][\w'’-]+\s+){0,2}"
    r"(?:has|have|had|is|are|was|"
    r"were|will|said|says|[a-z]{3,}ed|found|told|gave|took|made)\b)"
)
_QUOTE_INTRO = re.compile(r"\b(?:said|says|added|told|wrote|claimed|insisted|explained)\s*$", re.I)
_GROUP_OPENER = re.compile(r"(?:Police|Officials|Authorities)\b")
MIN_PART = 4  # words each side of a run-in for both to count as sentences


# A headline glued before the story's first sentence restates its subject: "David Cameron will
# say high taxes are 'immoral' David Cameron will say today that ...", "Germans now think of
# themselves as victims Germans no longer see ...". The subject is the sentence's opening name.
_OPENING_NAME = re.compile(
    r"^(?:(?:The|A|An)\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}(?=\s+[a-z])"
)


_NOT_A_NAME = frozenset(
    {
        *("The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "His", "Her", "Their"),
        *("Its", "This", "That", "These", "Those", "There", "Here", "In", "On", "At", "When"),
        *("After", "But", "And", "As", "If", "For", "With", "By", "From", "Police", "Officials"),
        *("Mr", "Mrs", "Ms", "Dr"),
    }
)


# not after a word that wants the name as its object: "... to leave Lee Clark disappointed"
_RESTART_BEFORE = re.compile(
    r"(?<=[a-z0-9%’'”])(?<!ing)(?<!\b(?:and|but|nor|for|the|was|has|had|are|saw))"
    r"(?<!\b(?:or|of|by|in|on|at|to|as))(?<!\bthat)(?<!\bfrom)(?<!\bwith)(?<!\bleave)"
    r"(?<!\bsaid)(?<!\bthan)(?<!\bover)\s+\Z"
)
_SPACE_LOWER = re.compile(r"\s+[a-z]")
_OPENS_CLAUSE = re.compile(
    r"(?<=\s)(?:(?:But|And|Yet|So|Ever|Even|Just)\s+(?:while|when|as|after|before|although|though|"
    r"if|because|since|once|until|unless)|While|When|As|After|Before|Although|Though|If|Because|"
    r"Since|Once|Until|Unless)\s+$"
)


def _restart(sentence: str) -> int:
    """Where the sentence starts again with its own opening name after a headline; 0 if not.

    The name is looked for with str.find and the words before it checked with one compiled
    pattern: no pattern is compiled per sentence.
    """
    name = _OPENING_NAME.match(sentence)
    if not name or name.group(0) in _NOT_A_NAME:
        return 0
    opening = name.group(0)
    at = sentence.find(opening, name.end())
    while at != -1:
        if (
            _SPACE_LOWER.match(sentence, at + len(opening))
            and _RESTART_BEFORE.search(sentence, max(0, at - 40), at)
            and len(sentence[:at].split()) >= 8
            and len(sentence[at:].split()) >= MIN_PART
        ):
            # "... an Elvis impersonator in Menorca While Pat likes to hit the town at night,
            # during the day ...": the story sentence starts at its subordinator
            opener = _OPENS_CLAUSE.search(sentence, max(0, at - 20), at)
            return opener.start() if opener else at
        at = sentence.find(opening, at + 1)
    return 0


# "... for Saturday's clash Malaga pulled off a 1-0 win ...": a caption run into a sentence that
# opens with a bare name, its verb, and the verb's object (an object relative, "the ring Smith
# had lost in the garden", has the object gap: a preposition follows its verb)
_NAME_RUN_IN = re.compile(
    r"(?<=[a-z0-9%])"
    r"\s+(?=(?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+"
    r"(?:['’]s\s+[a-z]+\s+(?:[A-Z][\w'’-]+\s+){0,1}[A-Z][\w'’-]+)?"
    r"\s+(?:[a-z]+ly\s+)?(?:[a-z]{3,}ed|told|took|made|gave|won|lost|beat|scored|left|"
    r"(?:has|have|had|is|are|was|were|will)\s+(?:[a-z]+ly\s+)?[a-z]{3,}(?:ed|en))\s+"
    r"(?:(?:off|up|out|down)\s+)?(?:(?:the|a|an|his|her|their|its)\b|\d))"
)
# Words after which a name goes on the clause: it is their object or their clause's subject.
_NOT_BEFORE_NAME = word_set(
    "the a an and but nor for or of by in on at to as is if so be i was has had are saw who "
    "how why that from with than when what said told knew were have over into onto where "
    "while after since until which whose about under would could before during unless though "
    "whether should against because believe through between although including like near "
    "beat toward towards referee umpire substitute sub frontman international once yet "
    "whilst whereas today yesterday tonight thought felt heard meant found understood "
    # verbs whose object a name is: "would see O'Sullivan docked a frame"
    "see watch make let help leave keep get want here there now then also still just only "
    # "the first time Chelsea have beaten ...": a time or a way and its relative clause
    "time day moment week year season night morning way reason row"
)
# a role before a name ("referee Deniz Aytekin called ...", "prosecutor Charles Evans told")
_ROLE_BEFORE = re.compile(
    "|".join(sorted(ROLE_WORDS)) + r"|[a-z]{2,}(?:er|or|ist|ian|ant|ent)|[a-z-]+-[a-z]+",
)
_CLAUSE_END = re.compile(r"[,;:]|\s(?:and|but|while|as|when|after|before|because|so)\s")
# a finite verb: the head before a caption's run-in is a clause, the story sentence after it one
_FINITE_VERB = re.compile(
    r"\b(?:(?:is|are|was|were|has|have|had|will|would|can|could|did|does)"
    r"(?:\s+(?:[a-z]+ly\s+)?(?:been\s+)?[a-z]{3,}(?:ed|en)\b)?|[a-z]{3,}ed|told|took|made|"
    r"gave|won|lost|beat|scored|left|said|says|came|went|got|saw|knew|thought|felt|put|ran|"
    r"began|became|brought|held|kept|led|sent|stood|spent|fell|found|paid|met|sold|wrote|"
    r"comes|goes|gets|makes|takes|gives|shows|means|seems|looks)\b"
)


RUN_IN_WINDOW = 300  # characters each side of a name run-in that its checks read


def _split_name_run_in(piece: str) -> list[str]:
    """Split a caption off a story sentence that opens with a bare name ("... clash Malaga
    pulled off a win ..."): the head is a clause, the tail one clause with one verb."""
    for match in _NAME_RUN_IN.finditer(piece):
        # (each check reads a window around the match: a long run of text stays linear)
        start, end = match.start(), match.end()
        head, tail = piece[max(0, start - RUN_IN_WINDOW) : start], piece[end : end + RUN_IN_WINDOW]
        before = head.split()[-1]
        if (
            not before[:1].islower()
            or before in _NOT_BEFORE_NAME
            or _ROLE_BEFORE.fullmatch(before)
            or re.fullmatch(r"[a-z]{2,}(?:ed|en)", before)
            # "thinks Smith deserved", "means Celtic have": a present verb whose object or
            # clause the name opens (a plural noun before a caption's name is given up too)
            or (before.endswith("s") and not before.endswith("ss"))
            or re.search(r"[,;:]\s*\S+\s*$", head[-60:])  # "Lawrence said, little Wil has ..."
        ):
            continue  # "Ross County", "prosecutor Charles Evans told", "has seen Adebayor ..."
        if len(head.split()) < MIN_PART or len(tail.split()) < MIN_PART:
            continue
        clause = _CLAUSE_END.split(tail, maxsplit=1)[0]
        if not _FINITE_VERB.search(head) or len(_FINITE_VERB.findall(clause)) != 1:
            continue  # "the goal Rooney scored was ...": a relative clause, then the verb
        head, tail = piece[:start], piece[end:]
        return [head.strip(), tail.strip()]
    return [piece]


def split_run_ins(sentence: str) -> list[str]:
    """Split a sentence at every caption run into it; the first piece may be the caption.

    Returns the pieces in order. Linear: one scan, no recursion.
    """
    return [part for piece in _split_run_ins(sentence) for part in _split_name_run_in(piece)]


def _split_run_ins(sentence: str) -> list[str]:
    pieces: list[str] = []
    start = _restart(sentence)
    if start:
        pieces.append(sentence[:start].strip())
    for match in _RUN_IN.finditer(sentence):
        head = sentence[start : match.start()]
        last = head.split()[-1:] or [""]
        if last[0][:1].isupper() and _GROUP_OPENER.match(sentence, match.end()):
            continue  # "the Met Police said": inside a name
        title = bool(re.fullmatch(r"[‘“\"'][^‘“\"']{3,60}[’”\"']", head.strip()))
        if (len(head.split()) < MIN_PART and not title) or _QUOTE_INTRO.search(head):
            continue
        tail_words = len(sentence[match.end() : match.end() + 200].split())
        if tail_words < MIN_PART:
            continue
        pieces.append(head.strip())
        start = match.end()
    pieces.append(sentence[start:].strip())
    return pieces


def drop_caption_labels(sentence: str) -> str:
    """Remove photo captions that open a sentence ("Fighter ace: ..."); return the story text."""
    for _ in range(6):  # captions come in short chains
        label = _CAPTION_LABEL.match(sentence)
        if not label or _SPEECH.search(label.group(0)):
            return sentence
        next_label = _NEXT_LABEL.search(sentence, label.end())
        run_in = _RUN_IN.search(sentence, label.end())
        if next_label and (not run_in or next_label.start() < run_in.start()):
            sentence = sentence[next_label.end() :]
        elif run_in:
            return sentence[run_in.end() :]
        else:
            return ""  # a caption with no story text glued on after it
    return sentence


# Photo directions: "Abase Hussen, left, took ...", "(pictured right)", "..., circled."
_POINTER = re.compile(
    r"(?:,\s+|\()(?:pictured\s+)?(?:left|right|centre|center|above|below|circled|inset|top|"
    r"bottom|far left|far right)(?:\s+(?:and|to)\s+(?:left|right))?(?=[,)]|\.$)",
    re.I,
)

_POINTER_END = re.compile(_POINTER.pattern + r"\)?[.!]?$", re.I)


def is_caption(sentence: str) -> bool:
    """Tell whether a sentence describes a photo: two photo directions, or one at its end."""
    pointers = len(_POINTER.findall(sentence))
    return pointers >= 2 or bool(pointers and _POINTER_END.search(sentence))


# Captions speak in the present about a photo: "Mata celebrates with Ander Herrera after ...",
# "Juan Mata (right) poses ...", "The couple are pictured ...". News narrates in the past.
_CAPTION_VERB = re.compile(
    # "Bayern Munich manager Pep Guardiola celebrates ...": a role between names
    r"^(?:[A-Z][\w'’.-]*\s+){1,4}(?:(?:manager|boss|coach|captain|star|striker|midfielder|"
    r"defender|goalkeeper|forward|winger|player|president|actor|actress|singer)\s+"
    r"(?:[A-Z][\w'’.-]*\s+){1,3})?(?:\([^()]{1,30}\)\s+)?(?:celebrates|poses|smiles|waves|"
    r"looks on|is pictured|are pictured|pictured|arrives|shakes hands|holds|walks|stands|sits|"
    r"watches|reacts|kisses|hugs|gestures|wears|salutes|points|appears|leaves the|"
    r"is seen|are seen|can be seen|is shown|are shown|takes part|lifts|clutches|hold|pose|"
    r"celebrate|smile|wave|brings down|unleashes|fires|winces|falls over|falls to|closes down|"
    r"reclaims|shoots|scores|dives|tackles|battles|jumps|chats|speaks to|kicks|throws|"
    r"catches|looks dejected|looks in pain|looks up|grimaces|applauds|embraces|"
    r"signs autographs|warms up|celebrates in|celebrates with)\b"
    # "CNN's Jennifer Gray takes a look.": a video teaser
    r"|^CNN['’]s\s+(?:[A-Z][\w.'’-]*\s+){1,3}(?:takes|asks|reports|looks|explains|has|talks)\b"
    # "CNN legal analyst Sunny Hostin looks at the laws.", "Here, Sportsmail recounts 10 of ...":
    # the story's own furniture pointing at a video or a list
    r"|^(?:[A-Z][\w.'’-]*\s+){0,2}(?:[a-z]+\s+){0,2}(?:analyst|correspondent|reporter|editor)\s+"
    r"(?:[A-Z][\w.'’-]*\s+){1,3}(?:looks at|takes a look|explains|breaks down|reports on)\b"
    r"|^Here,?\s+(?:[A-Z][\w.'’-]*\s+){1,3}(?:recounts|looks at|takes a look|rounds up|picks|"
    r"brings you|reveals|ranks|lists|runs through)\b"
)


_POINTER_HINT = re.compile(
    r"[(,]\s*(?:pictured|left|right|cent|above|below|circled|inset|top|bottom|far)", re.I
)


# "Dr Skin's lotion (right) costs £11.90": a place in a picture in brackets.
_BRACKET_POINTER = re.compile(
    r"\((?:pictured\s+)?(?:left|right|centre|center|above|below|top|bottom|inset|top left|"
    r"top right|bottom left|bottom right|far left|far right|second left|second right)\)",
    re.I,
)


# "The plot above is based on ...", "the video below shows": the text points at a figure.
_FIGURE_POINTER = re.compile(
    r"\b(?:plot|graph|chart|map|picture|image|photo|photograph|video|graphic|table|clip|"
    r"footage|gallery|infographic)s?\s+(?:above|below)\b",
    re.I,
)


def is_caption_sentence(sentence: str) -> bool:
    """Tell whether a sentence is a photo caption: photo directions, or a present-tense pose."""
    pointer = _BRACKET_POINTER.search(sentence) or _FIGURE_POINTER.search(sentence)
    return bool(_CAPTION_VERB.match(sentence) or pointer) or (
        bool(_POINTER_HINT.search(sentence)) and is_caption(sentence)
    )

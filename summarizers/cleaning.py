"""Strip news boilerplate (bylines, datelines, captions, junk lines) before summarizing."""

from __future__ import annotations

import re

from summarizers.tokenizer import split_sentences

_SPACES = re.compile(r"[ \t\u00a0\u2009\u200a\u202f\u2002\u2003]+")
_JUNK_LINE = re.compile(r"^[\W\d_]{0,12}$")
# "By . Daily Mail Reporter . PUBLISHED: 10:24 EST, 1 May 2013 . | . UPDATED: ... 2013 ."
_BYLINE = re.compile(
    r"^\s*(?:By\s+\.?\s*[^.|]{1,80}?\s*\.\s*)?(?:(?:PUBLISHED|UPDATED|Last updated)\b:?.{0,60}?"
    r"\b(?:19|20)\d\d\b\s*\.?\s*\|?\s*\.?\s*)+",
)
_BY_ONLY = re.compile(r"^\s*By\s+\.\s+[^.]{1,60}\.\s+(?:and\s+[^.]{1,60}\.\s+)?")
# "(CNN) -- ", "LONDON, England (CNN) --", "WASHINGTON (AP) - ", "PARIS (Reuters) —"
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.' -]{1,30})?\s*)?"
    r"\((?:CNN|AP|Reuters|AFP|UPI|Bloomberg|dpa|EFE|The Conversation)[^)]{0,20}\)"
    r"\s*(?:--|—|–|-|:)?\s*"
)
_CAPS_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][A-Za-z.'’ -]{1,30})?\s(?:\([^()]{1,30}\)\s)?"
    r"(?:--|—|–)\s+"
)
# A byline on its own line: "By Maria Keller, Science Correspondent".
_BYLINE_LINE = re.compile(r"^By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:,\s*[\w ]{1,40})?\.?$")
_BOILERPLATE = re.compile(
    r"\b(?:Scroll down for (?:video|more|more videos?|pictures)|Click here (?:to|for) [^.]{0,80}"
    r"|READ MORE:?[^.]{0,100}|Share this article|Sign up for [^.]{0,60}newsletter)\b\.?",
    re.IGNORECASE,
)
# A photo caption label like "Fighter ace: " or "Strictly business: " opening a sentence.
_CAPTION_LABEL = re.compile(r"^[\"'‘“]?[A-Z][\w'’-]*(?: [\w'’&-]+){0,3}: (?![\"'‘“])")
_SPEECH = re.compile(r"\b(?:said|says|told|added|asked|wrote|tweeted|explained|stated)\b", re.I)
# A caption runs into the story: "... on the beach The cost of divorce ..."
_RUN_IN = re.compile(
    r"(?<=[a-z0-9'’)])\s+(?=(?:The|A|An|He|She|It|They|His|Her|Police|This|But|In|When|After"
    r"|However|Meanwhile|Mr|Mrs|Ms|Dr|Officials|Authorities|According)\s)"
)
# Another caption label glued on mid-sentence: "... the magazine Short and sweet: Julia ..."
_NEXT_LABEL = re.compile(r"(?<=[a-z0-9'’)]) (?=[A-Z][\w'’-]*(?: [\w'’&-]+){0,3}: (?![\"'‘“]))")


def clean_text(text: str) -> str:
    """Normalise spacing, drop junk lines and the leading byline or dateline."""
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if not line or _JUNK_LINE.match(line) or _BYLINE_LINE.match(line):
            continue
        lines.append(line)
    body = "\n".join(lines)
    body = _BYLINE.sub("", body, count=1)
    body = _BY_ONLY.sub("", body, count=1)
    body = _DATELINE.sub("", body, count=1)
    body = _CAPS_DATELINE.sub("", body, count=1)
    body = _BOILERPLATE.sub(" ", body)
    return _SPACES.sub(" ", body).strip()


def _drop_caption(sentence: str) -> str:
    """Remove a photo caption that opens a sentence; return what story text remains."""
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
            # A caption with no story text glued on after it.
            return ""
    return sentence


# A caption or teaser run into the story with no full stop: "... in the evening The first lady
# was ...". A capitalised opener after a lowercase word, not starting a name ("The New York
# Times"), marks where the story sentence begins.
_RUN_ON = re.compile(
    r"(?<=[a-z0-9%)])\s+(?=(?:The|A|An|He|She|It|They|His|Her|Their|This|But|Police|Officials)"
    r"\s+[a-z])"
)


def split_run_ons(sentence: str) -> list[str]:
    """Split a caption glued onto the next sentence; both parts must be sentence-sized."""
    if _in_quotes(sentence):
        return [sentence]
    for match in _RUN_ON.finditer(sentence):
        head, tail = sentence[: match.start()], sentence[match.end() :]
        if len(head.split()) >= 6 and len(tail.split()) >= 6 and not _in_quotes(head):
            return [head.strip(), *split_run_ons(tail)]
    return [sentence]


def _in_quotes(text: str) -> bool:
    return text.count('"') % 2 == 1 or text.count("“") != text.count("”")


def clean_sentences(text: str) -> list[str]:
    """Split cleaned text into story sentences, without captions, junk or repeats."""
    seen: set[str] = set()
    result: list[str] = []
    pieces = [p for s in split_sentences(clean_text(text)) for p in split_run_ons(s)]
    for sentence in pieces:
        sentence = _drop_caption(sentence).strip()
        key = " ".join(re.findall(r"\w+", sentence.lower()))
        if len(key.split()) < 3 or key in seen:
            continue
        seen.add(key)
        result.append(sentence)
    return result

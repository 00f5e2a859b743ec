"""Find quotations in English, German and French typography in one linear pass."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# A quotation mark. Single quotes are told from apostrophes by what stands around them: an
# opener starts a word ("‘We", "'It"), a closer ends one ("it.’", "won’ "); "it’s" is neither.
_MARK = re.compile(
    r"(?P<double>[\"“”„«»‹›])|(?P<open>(?:^|(?<=[\s(\[{—–-]))[‘'`](?=\w))"
    r"|(?P<close>(?<=[\w.,!?;:…])[’'](?!\w))"
)
SINGLE = "‘"  # the kind of every single quotation, curly, straight or backtick
# Which opening kinds a closing mark may close.
_CLOSES = {"”": '“"„', "“": "„", "»": "«", "›": "‹", '"': '"'}
_OPENS = {"“": "“", "„": "„", "«": "«", "‹": "‹", '"': '"'}


@dataclass(frozen=True)
class QuoteScan:
    """What a text's quotation marks say: the spans quoted, and quotes left open or unopened."""

    spans: tuple[tuple[int, int], ...]  # (start, end) of each closed quotation, marks included
    open_at: int  # where the quotation still open at the end starts (-1: none is open)
    open_kind: str  # the kind of that quotation ("‘", "“", "„", "«", '"'), or ""
    stray_closers: int  # closing marks with no opener before them in this text

    @property
    def open_at_end(self) -> bool:
        """A quotation is still open when the text ends."""
        return self.open_at >= 0

    @property
    def balanced(self) -> bool:
        """Every quotation opened in the text closes in it, and none closes unopened."""
        return not self.open_at_end and not self.stray_closers


@lru_cache(maxsize=8192)
def scan(text: str, *, inside: str = "") -> QuoteScan:
    """Scan text's quotation marks; `inside`: the kind of a quotation opened before the text."""
    stack: list[tuple[str, int]] = [(inside, 0)] if inside else []
    spans: list[tuple[int, int]] = []
    strays = 0
    maybe_close = -1  # the last "s’ " seen while a single quotation was open
    for match in _MARK.finditer(text):
        mark, at = match.group(0), match.start()
        top = stack[-1][0] if stack else ""
        if match.group("open"):
            if top != SINGLE:  # a second opener of the same kind starts a new paragraph of it
                stack.append((SINGLE, at))
        elif match.group("close"):
            if top == SINGLE and _possessive(text, at):
                maybe_close = match.end()
            elif top == SINGLE:
                spans.append((stack.pop()[1], match.end()))
                maybe_close = -1
            elif top != SINGLE and text[at - 1] in ".,!?…":
                strays += 1  # "...over.’" with nothing open; "the fans’ mood" is an apostrophe
        elif top and top in _CLOSES.get(mark, ""):
            spans.append((stack.pop()[1], match.end()))
        elif mark in _OPENS:
            stack.append((_OPENS[mark], at))
        else:
            strays += 1
    if stack and stack[-1][0] == SINGLE and maybe_close > stack[-1][1]:
        # "nicknamed 'real-life vampires' because ...": no other mark closed it, so the
        # apostrophe after "vampires" did.
        spans.append((stack.pop()[1], maybe_close))
    if not stack:
        return QuoteScan(tuple(spans), -1, "", strays)
    return QuoteScan(tuple(spans), stack[0][1], stack[0][0], strays)


def _possessive(text: str, at: int) -> bool:
    # "the players’ mood": s + apostrophe + a lowercase word goes on the sentence, not a close.
    return text[at - 1] == "s" and text[at + 1 : at + 2] == " " and text[at + 2 : at + 3].islower()


def outside_quotes(text: str, *, inside: str = "") -> str:
    """Return text with every quotation, and a quotation left open, cut out."""
    result = scan(text, inside=inside)
    out, last = [], 0
    for start, end in result.spans:
        if start >= last:  # nested spans lie inside an outer one already cut
            out.append(text[last:start])
            last = end
    end = result.open_at if result.open_at >= last else len(text)
    out.append(text[last:end])
    return " ".join("".join(out).split())


def balanced(text: str) -> bool:
    """Tell whether every quotation in text is closed and none closes unopened."""
    return scan(text).balanced


def quoted_words(text: str) -> int:
    """Count the words inside closed quotations."""
    spans = scan(text).spans
    return sum(len(text[s:e].split()) for s, e in spans if not any(o[0] < s < o[1] for o in spans))


_CLOSER = {
    "“": re.compile(r"[.,!?…][”\"]"),
    "„": re.compile(r"[.,!?…][“”]"),
    "«": re.compile(r"[.,!?…]\s?»"),
    "‹": re.compile(r"[.,!?…]\s?›"),
    '"': re.compile(r"[.,!?…]\""),
    SINGLE: re.compile(r"[.,!?…][’']"),
}


class QuoteTracker:
    """Follow a text's quotation marks left to right, so each position costs what it advances."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._marks = _MARK.finditer(text)
        self._next = next(self._marks, None)
        self._stack: list[str] = []

    def open_kind(self, position: int) -> str:
        """The kind of quotation open at `position` ("" if none); positions must not go back."""
        while self._next is not None and self._next.start() < position:
            self._step(self._next)
            self._next = next(self._marks, None)
        return self._stack[-1] if self._stack else ""

    def closes_within(self, position: int, span: int) -> bool:
        """Tell whether the quotation open at `position` ends a sentence within `span` chars."""
        kind = self.open_kind(position)
        return bool(kind) and bool(_CLOSER[kind].search(self._text, position, position + span))

    def _step(self, match: re.Match[str]) -> None:
        mark, top = match.group(0), (self._stack[-1] if self._stack else "")
        if match.group("open"):
            if top != SINGLE:
                self._stack.append(SINGLE)
        elif match.group("close"):
            if top == SINGLE and not _possessive(self._text, match.start()):
                self._stack.pop()
        elif top and top in _CLOSES.get(mark, ""):
            self._stack.pop()
        elif mark in _OPENS:
            self._stack.append(_OPENS[mark])

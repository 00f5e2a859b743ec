"""Bring text of any shape to plain prose first: HTML, PTB tokens, lowercase, odd spaces.

Other corpora ship news tokenised the Penn Treebank way (`team 's`, `Sunday .`, `( CNN ) --`,
`` `` `` / `''` quotes, `-lrb-`), lowercased, or as HTML. Every later rule is written for
ordinary prose, so the shape is recognised and undone here, once, rather than each rule
learning every shape.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")

# ---- HTML ----------------------------------------------------------------------------------
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_HIDDEN = re.compile(
    r"<(script|style|noscript|template|svg|head)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.S | re.I
)
_BLOCK = re.compile(
    r"</?(?:p|div|br|hr|h[1-6]|article|section|header|footer|blockquote|figure|figcaption|ul|ol|"
    r"table|tr|td|th|pre|main|aside|nav|dl|dt|dd)\b[^>]*>",
    re.I,
)
_ITEM = re.compile(r"<li\b[^>]*>", re.I)


def looks_like_html(text: str) -> bool:
    """Tell whether text is markup rather than prose that mentions a tag or two."""
    return len(_TAG.findall(text[:20000])) >= 3


def html_to_text(text: str) -> str:
    """Keep the visible text of HTML: blocks become lines, list items "- " lines."""
    text = _HIDDEN.sub(" ", text)
    text = _ITEM.sub("\n- ", text)
    text = _BLOCK.sub("\n", text)
    text = _TAG.sub(" ", text)
    return html.unescape(text)


# ---- Penn Treebank tokens ------------------------------------------------------------------
_PTB_SIGNS = re.compile(
    r" (?:[.,;:!?%]|'s|n't|'re|'ve|'ll|'m|'d)(?= |$)|-[lr][rsc]b-|``|''| \( | \) ", re.I | re.M
)
_BRACKETS = {"-lrb-": "(", "-rrb-": ")", "-lsb-": "[", "-rsb-": "]", "-lcb-": "{", "-rcb-": "}"}
_BRACKET = re.compile(r"-[lr][rsc]b-", re.I)
_DETOKENIZE = [
    (re.compile(r"``\s*"), "“"),
    (re.compile(r"\s*''"), "”"),
    (re.compile(r"(?:(?<=\s)|^)`\s*(?=\w)", re.M), "‘"),
    # An abbreviation ending a sentence gets a second full stop: "the U.S. ." is "the U.S."
    (re.compile(r"(?<=\w\.) \.(?= |$)", re.M), ""),
    (re.compile(r" (n't)\b", re.I), r"\1"),
    (re.compile(r"(?<=\w) ('(?:s|re|ve|ll|m|d))\b", re.I), r"\1"),
    # A closing quote or a plural possessive sits against its word: "wedding '" is "wedding'"
    (re.compile(r"(?<=[\w.,!?]) '(?= |$|[.,;:!?)])", re.M), "'"),
    (re.compile(r"(?:(?<= )|^)' (?=\w)", re.M), "'"),
    (re.compile(r" ([.,;:!?%)\]}]|\.\.\.)(?= |$|[\"”’'])", re.M), r"\1"),
    (re.compile(r"([(\[{$£€#]) "), r"\1"),
    (re.compile(r"“ "), "“"),
    (re.compile(r" ”"), "”"),
]


def is_ptb(text: str) -> bool:
    """Tell whether text is PTB-tokenised: punctuation and clitics split off as tokens."""
    sample = text[:20000]
    words = sample.count(" ") + 1
    return words >= 10 and len(_PTB_SIGNS.findall(sample)) * 40 >= words


def _attach_straight_quotes(line: str) -> str:
    # Straight double quotes alternate: an opener sticks to the word after it, a closer to the
    # word before it.
    parts = line.split('"')
    if len(parts) < 3 or len(parts) % 2 == 0:
        return line
    out = [parts[0]]
    for i, part in enumerate(parts[1:]):
        if i % 2 == 0:  # inside the quotation
            out.append('"' + part.strip() + '"')
        else:
            out.append(part)
    return re.sub(r'(\S)"(?=\w)', r'\1 "', "".join(out))


# A straight quote at a word's end: where a single quotation opened with "`" closes.
_SINGLE_CLOSE = re.compile(r"‘|(?<=[\w.,!?])'(?=\s|$|[.,;:!?)\]])")


def _pair_single_quotes(line: str) -> str:
    # PTB opens a single quotation with "`" (now "‘") and closes it with "'": the closer is
    # made "’", so that the quotation is one ("‘Queen of Everything’ feature"), not an opening
    # quote that never closes and a stray apostrophe
    if "‘" not in line:
        return line
    out: list[str] = []
    start = 0
    open_quote = False
    for match in _SINGLE_CLOSE.finditer(line):
        if match.group(0) == "‘":
            open_quote = True
            continue
        if open_quote:
            out.append(line[start : match.start()] + "’")
            start = match.end()
            open_quote = False
    out.append(line[start:])
    return "".join(out)


def detokenize(text: str) -> str:
    """Undo PTB tokenisation: `team 's` -> `team's`, `Sunday .` -> `Sunday.`, `( CNN )`."""
    text = _BRACKET.sub(lambda m: _BRACKETS[m.group(0).lower()], text)
    for pattern, replacement in _DETOKENIZE:
        text = pattern.sub(replacement, text)
    return "\n".join(
        _pair_single_quotes(_attach_straight_quotes(line)) for line in text.split("\n")
    )


# ---- case ----------------------------------------------------------------------------------
_LETTER = re.compile(r"[^\W\d_]")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž]")


def caseless(text: str) -> bool:
    """Tell whether text has lost its capitals (all lowercase or all caps): case means nothing."""
    sample = text[:50000]
    letters = len(_LETTER.findall(sample))
    if letters < 40:
        return False
    upper = len(_UPPER.findall(sample))
    return upper < 0.003 * letters or upper > 0.8 * letters


_SENTENCE_START = re.compile(r"^([\"'“‘„«(\[-]*\s*)([a-z])")
_LONE_I = re.compile(r"\bi\b(?=['’]|\s|[,.;:!?]|$)")


def truecase(sentence: str) -> str:
    """Capitalise a sentence of caseless text where English always does: its start and "I"."""
    sentence = _LONE_I.sub("I", sentence)
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), sentence, count=1)


@dataclass(frozen=True)
class Normalized:
    """Plain prose, and what was undone to get it."""

    text: str
    cased: bool  # capitals carry meaning (names, sentence starts); False for lowercased text
    was_html: bool = False
    was_ptb: bool = False


def normalize(text: str) -> Normalized:
    """Turn HTML, PTB tokens and odd spacing into plain lines of prose; note if case is lost."""
    was_html = looks_like_html(text)
    if was_html:
        text = html_to_text(text)
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    was_ptb = is_ptb(text)
    if was_ptb:
        text = "\n".join(detokenize(line) for line in text.split("\n"))
    cased = not caseless(text)
    if not cased and len(_UPPER.findall(text[:50000])) > len(text[:50000]) // 4:
        text = text.lower()  # all caps: read it as lowercase text
    return Normalized(text, cased, was_html, was_ptb)

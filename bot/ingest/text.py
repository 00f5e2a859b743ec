"""Plain text from HTML, and the normalised form of a text that identifies it."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser

_SKIPPED = {"script", "style", "noscript", "template", "iframe", "object", "svg", "head"}
_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "pre", "tr", "table", "section", "article", "header", "footer", "figure", "figcaption", "hr",
}  # fmt: skip
_WORD = re.compile(r"\w+", re.UNICODE)
# Shown as a title or label: no direction controls at all, no invisible characters...
_INVISIBLE = re.compile(
    "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # direction marks, overrides, isolates
    "\u200b\u2060-\u2064\ufeff\u180e\u00ad\u034f\u115f\u1160\u3164\uffa0]"  # zero-width, fillers
)
# ...and no zero-width joiners beside ASCII (where they only hide; emoji and scripts keep them).
_JOINER_BY_ASCII = re.compile("(?<=[\x00-\x7f])[\u200c\u200d]+|[\u200c\u200d]+(?=[\x00-\x7f])")


class _TextCollector(HTMLParser):
    """Collect character data outside scripts and styles; blocks become line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Return the text of an HTML fragment: tags dropped, scripts and styles removed."""
    if "<" not in html and "&" not in html:
        return tidy_text(html)
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return tidy_text("".join(collector.parts))


def tidy_text(text: str) -> str:
    """Trim every line, collapse runs of spaces and of blank lines."""
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def one_line(text: str) -> str:
    """Return text (e.g. a title) as one line of plain text."""
    return " ".join(html_to_text(text).split())


def word_count(text: str) -> int:
    """Count the words in a text."""
    return len(_WORD.findall(text))


# Fewer words than this cannot tell two items apart (a recurring headline, "&", an emoji).
IDENTIFYING_WORDS = 16


def content_hash(text: str, *, identity: str | None = None) -> str:
    """Hash the words of a text, ignoring case, punctuation and spacing.

    A text too short to identify an item is hashed with its exact characters and `identity`
    (its link, else its source and GUID), so short items with different links or GUIDs, or
    texts of symbols alone, are never taken for one another.
    """
    words = _WORD.findall(text.lower())
    normalized = " ".join(words)
    if len(words) < IDENTIFYING_WORDS:
        exact = " ".join(text.split()).casefold()
        normalized = f"{normalized}\x00{exact}\x00{identity or ''}"
    return hashlib.sha256(normalized.encode("utf-8", errors="surrogatepass")).hexdigest()


def visible(text: str) -> str:
    """Remove the characters that change or hide what a title or label shows."""
    return _JOINER_BY_ASCII.sub("", _INVISIBLE.sub("", text))

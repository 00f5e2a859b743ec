"""An article read once: normalised, cleaned, split into sentences and scored.

Every engine and every output (Quick Looks, deep look, facts) reads the same Document, so the
text is cleaned, split and scored once, and all of them agree on what the story's sentences are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from summarizers import cleaning
from summarizers.normalize import normalize, truecase
from summarizers.policy import DEFAULT_POLICY, Policy
from summarizers.quotes import scan
from summarizers.ranking import DEFAULT_WEIGHTS, Vector, score_sentences
from summarizers.tokenizer import iter_sentences

_LIST_MARK = re.compile(r"^(?:[-*•–·▪◦]|\d{1,2}[.)])\s+(?=\S)")
_TERMINAL = re.compile(r"[.!?…:;][\"'’”»)\]]*$")
_KEY = re.compile(r"\w+")
HEADING_MAX_WORDS = 15  # a line this short with no full stop is a heading, caption or link


@dataclass(frozen=True)
class Sentence:
    """One story sentence and where it stands."""

    text: str
    index: int
    paragraph: int
    list_item: bool = False
    quote_in: str = ""  # the kind of quotation already open where the sentence starts
    quote_out: str = ""  # the kind of quotation it leaves open for the next sentence
    # Text after its paragraph's last full stop: captions and furniture glued on when a page
    # lost its line breaks ("... Klopp has been tipped to replace Arsene Wenger but it remains
    # unlikely"). It is read for what the story is about, never shown as a bullet or a lede.
    trailing: bool = False

    @property
    def words(self) -> int:
        """Number of words."""
        return len(self.text.split())

    @property
    def in_quotation(self) -> bool:
        """The sentence is part of a quotation that runs over several sentences."""
        return bool(self.quote_in or self.quote_out)

    @property
    def question(self) -> bool:
        """The sentence asks rather than tells (a quoted question inside a statement does not)."""
        text = self.text.rstrip()
        if text.endswith("?"):
            return True
        quoted = text.rstrip("\"'’”»)")
        return quoted.endswith("?") and not re.search(r"[:,]\s*[\"'‘“„«][^\"'‘“„«]*$", quoted)

    @property
    def introduces(self) -> bool:
        """The sentence ends with a colon: it introduces a list or a quotation."""
        return self.text.rstrip().endswith(":")


@dataclass(frozen=True)
class Document:
    """A story's clean sentences, its title, and the scores every engine shares."""

    title: str | None
    sentences: tuple[Sentence, ...]
    cased: bool = True
    policy: Policy = DEFAULT_POLICY
    _cache: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_text(
        cls, text: str, title: str | None = None, *, policy: Policy = DEFAULT_POLICY
    ) -> Document:
        """Read an article: normalise it, split off the title, clean and split the story.

        Raises ValueError when the text is empty or holds no sentence.
        """
        if not text or not text.strip():
            raise ValueError(
                "cannot summarize empty text: give an article with at least one sentence"
            )
        plain = normalize(text[: policy.max_chars])
        found, body = split_title(plain.text, title)
        sentences = _story_sentences(body, cased=plain.cased, limit=policy.max_sentences)
        if not sentences:
            raise ValueError("no sentences found in the text: give an article with some words")
        return cls(found, tuple(sentences), plain.cased, policy)

    @cached_property
    def texts(self) -> list[str]:
        """The sentences' text, in story order."""
        return [s.text for s in self.sentences]

    @cached_property
    def scored(self) -> tuple[list[float], list[Vector]]:
        """Importance of each sentence for a brief, and its TF-IDF vector."""
        return score_sentences(self.texts, title=self.title, weights=DEFAULT_WEIGHTS)

    @cached_property
    def ranked(self) -> list[int]:
        """Sentence indices, most important first."""
        scores = self.scored[0]
        return sorted(range(len(self.sentences)), key=lambda i: (-scores[i], i))

    def __len__(self) -> int:
        return len(self.sentences)


def _looks_like_title(line: str) -> bool:
    line = line.strip()
    return 0 < len(line.split()) <= 20 and not re.search(r"[.!?,;:][\"'’”]?$", line)


def split_title(text: str, title: str | None = None) -> tuple[str | None, str]:
    """Separate a title line from the body; a given title wins over a detected one."""
    stripped = text.strip()
    first, _, rest = stripped.partition("\n")
    same = title is None or first.strip().lower() == title.strip().lower()
    if rest.strip() and _looks_like_title(first) and same:
        return (title or first.strip()), rest
    return title, stripped


def _paragraphs(body: str) -> list[tuple[str, bool]]:
    """Return the story's lines as (text, is a list item), without headings and furniture."""
    lines = cleaning.strip_lead("\n".join(cleaning.story_lines(body))).split("\n")
    lines = [line.strip() for line in lines if line.strip()]
    out: list[tuple[str, bool]] = []
    for line in lines:
        item = _LIST_MARK.match(line)
        if item:
            out.append((line[item.end() :].lstrip("-*• "), True))
        elif (
            len(lines) > 2 and len(line.split()) <= HEADING_MAX_WORDS and not _TERMINAL.search(line)
        ):
            continue  # a heading, a caption or a related link: not story text
        else:
            out.append((line, False))
    return _join_lists(out) or [(line, False) for line in lines]


LIST_JOIN_WORDS = 40  # a list joined into its lead sentence must stay a readable sentence
_FRAGMENT_ITEM_WORDS = 12
_DETERMINER = re.compile(
    r"^(?:The|A|An|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|More|New|Extra|Free|Longer|"
    r"Shorter|Additional|Better|Higher|Lower|Fewer|Some|All|Any|No)\b"
)


def _join_lists(lines: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Join a list of short items into the sentence that introduces it.

    "The measures include:" + "- Two additional counsellors" + "- Longer opening hours"
    becomes "The measures include two additional counsellors and longer opening hours.";
    items that are sentences of their own stay separate (each a candidate bullet).
    """
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(lines):
        line, item = lines[i]
        j = i + 1
        while j < len(lines) and lines[j][1]:
            j += 1
        items = [text for text, _ in lines[i + 1 : j]]
        if not item and line.endswith(":") and items and all(map(_fragment, items)):
            parts = [_DETERMINER.sub(lambda m: m.group(0).lower(), t.rstrip(" .;,")) for t in items]
            joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
            sentence = f"{line[:-1].rstrip()} {joined}."
            if len(sentence.split()) <= LIST_JOIN_WORDS:
                out.append((sentence, False))
                i = j
                continue
        out.append((line, item))
        i += 1
    return out


def _fragment(item: str) -> bool:
    """A list item that is a phrase, not a sentence: short, with no full stop."""
    return len(item.split()) <= _FRAGMENT_ITEM_WORDS and not re.search(r"[.!?]$", item)


def _story_sentences(body: str, *, cased: bool, limit: int) -> list[Sentence]:
    sentences: list[Sentence] = []
    seen: set[str] = set()
    open_kind = ""
    for number, (line, item) in enumerate(_paragraphs(body)):
        # A quotation that runs into a new paragraph reopens it: "‘... ‘But ...". One that does
        # not was never closed: forget it.
        if open_kind and not re.match(r"^[\"'‘“„«]", line):
            open_kind = ""
        for piece, trailing in _pieces(line, cased=cased):
            if not cased:
                piece = truecase(piece)
            result = scan(piece, inside=open_kind)
            quote_in, open_kind = open_kind, result.open_kind
            key = " ".join(_KEY.findall(piece.lower()))
            if len(key.split()) < 3 or key in seen:
                continue
            seen.add(key)
            sentences.append(
                Sentence(piece, len(sentences), number, item, quote_in, result.open_kind, trailing)
            )
            if len(sentences) >= limit:
                return sentences  # far past any article: the rest is not read
    return sentences


def _with_last(items: Iterator[str]) -> Iterator[tuple[str, bool]]:
    """Each item with whether it is the last one."""
    previous = next(items, None)
    for item in items:
        assert previous is not None
        yield previous, False
        previous = item
    if previous is not None:
        yield previous, True


def _pieces(line: str, *, cased: bool) -> Iterator[tuple[str, bool]]:
    """Split a line into story sentences: captions run into them and furniture removed.

    Each comes with whether it trails the line's last full stop (see `Sentence.trailing`).
    """
    first = True
    for sentence, last in _with_last(iter_sentences(line, cased=cased)):
        # (read one sentence ahead, not the whole line: a long paragraph stops being read at the
        # document's sentence limit)
        trailing = last and not first and not _TERMINAL.search(sentence)
        first = False
        sentence = cleaning.strip_inline(sentence)
        parts = cleaning.split_run_ins(sentence) if cased else [sentence]
        # Text glued before a story sentence with no full stop is a caption or a teaser.
        story = parts[-1] if len(parts) > 1 and _TERMINAL.search(parts[-1]) else None
        for part in [story] if story else parts:
            part = cleaning.drop_caption_labels(part).strip() if cased else part
            if part and not cleaning.is_furniture(part) and not cleaning.is_caption_sentence(part):
                yield part, trailing


__all__ = ["Document", "Sentence", "split_title"]

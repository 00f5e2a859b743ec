"""The results: what every part of the product shows a reader."""

from __future__ import annotations

import re
from itertools import pairwise

from pydantic import BaseModel, Field

from summarizers.tokenizer import kept_in_order, plain_words, split_sentences


class QuickLook(BaseModel):
    """A story in brief: headline, one-paragraph lede and one-fact bullets."""

    headline: str
    lede: str
    bullets: list[str] = Field(default_factory=list)
    topic: str = ""
    engine: str = "quicklooks"
    # The story's key bullets, chosen together for a reader who asked for at most a brief's
    # count (3): not the first bullets of the full look, which cover the story in order. Empty
    # when the look was made alone (`summarize`) or stored before briefs were kept.
    brief: list[str] = Field(default_factory=list)

    def lede_for(self, count: int) -> str:
        """The lede a reader of `count` bullets sees: its sentences the brief shown does not
        tell already (a brief often opens with the lede's two, whole, shortened or split in
        two bullets); none when the brief tells them all."""
        if not 0 < count <= len(self.brief):
            return self.lede  # a full look already leaves out bullets that copy the lede
        bullets = [plain_words(b) for b in self.shown(count)]
        # one bullet, or a sentence split over two bullets side by side, tells it
        shown = bullets + [a + b for a, b in pairwise(bullets)]
        sentences = split_sentences(self.lede)
        kept = [s for s in sentences if not any(_told(plain_words(s), b) for b in shown)]
        if kept and kept[0] != sentences[0] and _LEANS.match(kept[0]):
            return self.lede  # "He had denied fraud." would lean on the sentence left out
        return " ".join(kept)

    def shown(self, count: int) -> list[str]:
        """The bullets a reader who asked for `count` of them sees: the brief when it has them."""
        if 0 < count <= len(self.brief):
            return self.brief[:count]
        return self.bullets[: max(count, 0)]

    def to_text(self) -> str:
        """Render the Quick Looks as plain text in the house style."""
        lede = [self.lede, ""] if self.lede else []
        lines = [self.headline, "", *lede, f"{self.topic or self.headline}: Quick Looks"]
        lines += [f"- {bullet}" for bullet in self.bullets]
        return "\n".join(lines)


TOLD = 0.7  # a lede sentence whose words the bullets keep this share of, in order, is told


_LEANS = re.compile(r"^\W*(?:He|She|It|They|His|Her|Its|Their|This|These|Those|The\s+\S+)\b")


def _told(sentence: list[str], shown: list[str]) -> bool:
    return bool(sentence) and kept_in_order(sentence, shown) >= TOLD * len(sentence)


class StorySummary(BaseModel):
    """Everything the app stores for a story, made from one reading of its article."""

    quicklook: QuickLook
    deep_look: list[str] = Field(default_factory=list)
    facts: list[str] = Field(default_factory=list)

"""Typed adapter over sumy: the only module that imports it. Each engine reads a Document."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from summarizers.tokenizer import RuleTokenizer

if TYPE_CHECKING:
    from summarizers.document import Document

LANGUAGE = "english"

# Edmundson's cue words: news phrasing that signals a key fact (bonus) or filler (stigma).
BONUS_WORDS: tuple[str, ...] = tuple(
    str.split(
        "announced confirmed killed died arrested charged found revealed will new first "
        "government police court million billion president minister officials said report "
        "decision agreed plan deal investigation victims attack won lost record"
    )
)
STIGMA_WORDS: tuple[str, ...] = tuple(
    str.split(
        "perhaps maybe hardly probably seems seemed apparently allegedly somewhat reportedly "
        "pictured click scroll video photo caption meanwhile however also"
    )
)

_FACTORIES: dict[str, Callable[[Stemmer], Any]] = {
    "lexrank": LexRankSummarizer,
    "textrank": TextRankSummarizer,
    "lsa": LsaSummarizer,
    "luhn": LuhnSummarizer,
    "edmundson": EdmundsonSummarizer,
    "sumbasic": SumBasicSummarizer,
    "kl": KLSummarizer,
}
SUMY_ENGINES: tuple[str, ...] = tuple(_FACTORIES)


@cache
def stop_words() -> frozenset[str]:
    """Return sumy's bundled English stop words (shipped with the package, no download)."""
    return frozenset(get_stop_words(LANGUAGE))


@cache
def _summarizer(name: str) -> Any:
    summarizer = _FACTORIES[name](Stemmer(LANGUAGE))
    summarizer.stop_words = stop_words()
    if name == "edmundson":
        summarizer.bonus_words = BONUS_WORDS
        summarizer.stigma_words = STIGMA_WORDS
        summarizer.null_words = stop_words()
    return summarizer


def rank_with_sumy(
    name: str, sentences: Sequence[str], count: int, *, title: str | None = None
) -> list[int]:
    """Return indices (story order) of the `count` sentences sumy's `name` algorithm picks."""
    if name not in _FACTORIES:
        raise KeyError(name)
    if not sentences or count <= 0:
        return []
    tokenizer = RuleTokenizer(LANGUAGE)
    objects = [Sentence(text, tokenizer) for text in sentences]
    heading = [Sentence(title, tokenizer, is_heading=True)] if title else []
    document = ObjectDocumentModel([Paragraph(heading + objects)])
    chosen = _summarizer(name)(document, count)
    position = {id(sentence): index for index, sentence in enumerate(objects)}
    # sumy rates by sentence text, so equal texts may come back as another object.
    by_text = {str(sentence): index for index, sentence in reversed(list(enumerate(objects)))}
    picked = {position.get(id(s), by_text.get(str(s), -1)) for s in chosen}
    return sorted(i for i in picked if i >= 0)


def sumy_engine(name: str) -> Callable[[Document, int], list[str]]:
    """Return the engine that lets sumy's `name` algorithm pick `count` sentences."""
    from summarizers.engines.lead import end_sentence

    def engine(document: Document, count: int) -> list[str]:
        chosen = rank_with_sumy(name, document.texts, count, title=document.title)
        return [end_sentence(document.texts[i]) for i in chosen]

    engine.__name__ = name
    return engine

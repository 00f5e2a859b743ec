"""Quick Looks summarizers: a pure library, article text in, QuickLook out."""

from summarizers.core import (
    DEFAULT_ENGINE,
    ENGINES,
    UnknownEngineError,
    deep_look,
    extract_facts,
    summarize,
)
from summarizers.model import QuickLook
from summarizers.tokenizer import RuleTokenizer, split_sentences

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "QuickLook",
    "RuleTokenizer",
    "UnknownEngineError",
    "deep_look",
    "extract_facts",
    "split_sentences",
    "summarize",
]

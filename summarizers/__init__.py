"""Quick Looks summarizers: a pure library, article text in, QuickLook out."""

from summarizers.document import Document
from summarizers.looks import (
    DEFAULT_ENGINE,
    ENGINES,
    UnknownEngineError,
    deep_look,
    extract_facts,
    quick_look,
    summarize,
    summarize_story,
)
from summarizers.model import QuickLook, StorySummary
from summarizers.policy import DEFAULT_POLICY, Policy
from summarizers.tokenizer import RuleTokenizer, split_sentences

__all__ = [
    "DEFAULT_ENGINE",
    "DEFAULT_POLICY",
    "ENGINES",
    "Document",
    "Policy",
    "QuickLook",
    "RuleTokenizer",
    "StorySummary",
    "UnknownEngineError",
    "deep_look",
    "extract_facts",
    "quick_look",
    "split_sentences",
    "summarize",
    "summarize_story",
]

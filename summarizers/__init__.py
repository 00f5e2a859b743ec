"""Quick Looks summarizers: a pure library, article text in, QuickLook out.

The names below load their module on first use (PEP 562): code that only needs the QuickLook
model (the database layer, `quicklooks send-digests`) does not pay for importing the ranking
engines and NLTK (about 0.4 s of CPU at every process start).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_WHERE = {
    "Document": "summarizers.document",
    "DEFAULT_ENGINE": "summarizers.looks",
    "ENGINES": "summarizers.looks",
    "UnknownEngineError": "summarizers.looks",
    "deep_look": "summarizers.looks",
    "extract_facts": "summarizers.looks",
    "quick_look": "summarizers.looks",
    "summarize": "summarizers.looks",
    "summarize_story": "summarizers.looks",
    "QuickLook": "summarizers.model",
    "StorySummary": "summarizers.model",
    "DEFAULT_POLICY": "summarizers.policy",
    "Policy": "summarizers.policy",
    "RuleTokenizer": "summarizers.tokenizer",
    "split_sentences": "summarizers.tokenizer",
}

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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'summarizers' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

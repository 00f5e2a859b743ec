"""The Lead-N baseline: the story's first sentences, not compressed."""

from __future__ import annotations

import re

from summarizers.document import Document


def end_sentence(text: str) -> str:
    """Ensure a sentence ends with terminal punctuation."""
    text = text.strip()
    # "The measures include:" keeps its colon: "include:." would be no sentence either.
    return text if re.search(r"[.!?…:][\"'’”»)]*$", text) else text + "."


def lead(document: Document, count: int) -> list[str]:
    """Return the first `count` clean sentences."""
    return [end_sentence(text) for text in document.texts[:count]]

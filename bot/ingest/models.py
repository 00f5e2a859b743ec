"""Values passed between ingestion steps and returned to callers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class SourceError(Exception):
    """A source cannot be read; the message is one line naming the cause."""


class RawArticle(BaseModel):
    """An article as read from a source, before dedupe and clustering."""

    title: str
    text: str
    url: str | None = None
    guid: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    language: str | None = None
    # A teaser whose page could not be fetched in time: try again next pass.
    full_text_pending: bool = False
    full_text_attempts: int = 0  # requests made for the teaser's page so far


SourceStatus = Literal["ok", "not_modified", "failed", "skipped"]


class IngestEvent(BaseModel):
    """What happened to one source in a pass (sent to the progress callback)."""

    source: str
    status: SourceStatus
    new_articles: int = 0
    new_stories: int = 0
    duplicates: int = 0
    error: str | None = None
    next_attempt_at: datetime | None = None


class IngestReport(BaseModel):
    """The outcome of one pass over every source."""

    started_at: datetime
    finished_at: datetime
    sources_ok: int = 0
    sources_failed: int = 0
    sources_skipped: int = 0
    new_articles: int = 0
    new_stories: int = 0
    failures: list[tuple[str, str]] = Field(default_factory=list)
    events: list[IngestEvent] = Field(default_factory=list)

    @property
    def all_failed(self) -> bool:
        """Return True when sources were tried and every one of them failed."""
        return self.sources_failed > 0 and self.sources_ok == 0

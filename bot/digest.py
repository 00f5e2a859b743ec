"""The digest: the newest stories, each with its stored Quick Looks and source links."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from pydantic import BaseModel

from bot.storage.database import Database
from bot.storage.stories import StoryView, recent_stories

_INSTANT = timedelta(microseconds=1)  # `until` is exclusive; a story made at `now` is in


class Digest(BaseModel):
    """The stories a subscriber gets at one moment."""

    generated_at: datetime
    since: datetime
    stories: list[StoryView]


async def build_digest(
    db: Database,
    *,
    now: datetime,
    since: datetime,
    limit: int,
    muted_sources: Collection[str] = (),
) -> Digest:
    """Collect the newest stories created in [since, now], minus those only muted sources carry."""
    stories = await recent_stories(
        db, since=since, until=now + _INSTANT, limit=limit, muted_sources=muted_sources
    )
    return Digest(generated_at=now, since=since, stories=stories)

"""Build each chat's digest: stories since its last one, rendered once per distinct combination."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from bot.delivery.claims import Job
from bot.messages.model import RenderedMessage
from bot.messages.render import render_digest
from bot.storage.database import Database
from bot.storage.stories import recent_stories

EMPTY_TEXT = "Nothing new since your last digest."
# Bounded caches keep memory flat however many subscribers a tick serves.
_CACHE_SIZE = 512


def _without_muted_links(story: Any, muted: tuple[str, ...]) -> Any:
    """Drop a muted source's links from a story that other sources also reported."""
    kept = [link for link in story.links if link.name not in muted]
    if len(kept) == len(story.links):
        return story
    names = [name for name in story.source_names if name not in muted]
    return story.model_copy(update={"links": kept, "source_names": names})


class _Lru(OrderedDict[Any, Any]):
    def remember(self, key: Any, value: Any) -> Any:
        self[key] = value
        if len(self) > _CACHE_SIZE:
            self.popitem(last=False)
        return value

    def recall(self, key: Any) -> Any:
        if key in self:
            self.move_to_end(key)
            return self[key]
        return None


class DigestBuilder:
    """Find and render digests for one tick, sharing queries and renders between chats."""

    def __init__(
        self,
        db: Database,
        *,
        max_stories: int,
        bullets: int,
        first_window: timedelta,
        split: bool = False,
    ) -> None:
        self._db = db
        # False: each digest is one message (the stories that fit, then "+N more");
        # True: every story, in as many messages as it takes (each one counts in the budget).
        self._split = split
        self._max_stories = max_stories
        self._bullets = bullets
        self._first_window = first_window
        self._stories = _Lru()
        self._renders = _Lru()
        self.renders = 0

    def since(self, job: Job) -> datetime:
        """Return the start of a chat's window: its last digest, or `first_window` before cutoff."""
        return job.since if job.since is not None else job.cutoff - self._first_window

    async def stories(self, job: Job) -> list[Any]:
        """Return the stories for a job: newest first, muted sources left out, at most the max.

        A resumed job keeps exactly the stories recorded in the ledger, in their recorded order.
        """
        key = (self.since(job), job.cutoff, job.muted)
        pending = self._stories.recall(key)
        if pending is None:
            # Single flight: chats that ask at the same moment share one query.
            pending = self._stories.remember(key, asyncio.ensure_future(self._query(job, key[0])))
        try:
            found = await asyncio.shield(pending)
        except Exception:
            self._stories.pop(key, None)
            raise
        chosen = list(found)
        if job.story_ids:
            by_id = {story.id: story for story in found}
            chosen = [by_id[i] for i in job.story_ids if i in by_id]
        return [_without_muted_links(story, job.muted) for story in chosen] if job.muted else chosen

    async def _query(self, job: Job, since: datetime) -> list[Any]:
        return list(
            await recent_stories(
                self._db,
                since=since,
                until=job.cutoff,
                limit=self._max_stories,
                muted_sources=job.muted,
            )
        )

    def render(
        self, stories: Sequence[Any], *, bullets: int | None, edition: str
    ) -> list[RenderedMessage]:
        """Render once per (stories, their links, bullets, edition date) and reuse it."""
        count = bullets or self._bullets
        day = date.fromisoformat(edition)
        links = tuple(tuple(link.name for link in story.links) for story in stories)
        key = (tuple(story.id for story in stories), links, count, day)
        parts = self._renders.recall(key)
        if parts is None:
            self.renders += 1
            rendered = render_digest(
                list(stories), bullets=count, day=day, one_message=not self._split
            )
            parts = self._renders.remember(key, rendered)
        return list(parts)

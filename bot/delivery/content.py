"""Build each chat's digest: stories since its last one, rendered once per distinct combination."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from bot.delivery.claims import Job
from bot.digest import read_window
from bot.messages.model import RenderedMessage
from bot.messages.render import render_digest
from bot.storage.database import Database
from bot.storage.feeds import ChatProfile, chat_profiles
from bot.storage.stories import recent_stories

EMPTY_TEXT = "Nothing new since your last digest."
# Bounded caches keep memory flat however many subscribers a tick serves.
_CACHE_SIZE = 512
_WINDOWS = 4


def _without_muted_links(story: Any, muted: tuple[str, ...]) -> Any:
    """Drop a muted source's links from a story that other sources also reported."""
    kept = [link for link in story.links if link.name not in muted]
    if len(kept) == len(story.links):
        return story
    names = [name for name in story.source_names if name not in muted]
    return story.model_copy(update={"links": kept, "source_names": names})


class _Lru(OrderedDict[Any, Any]):
    def __init__(self, size: int = _CACHE_SIZE) -> None:
        super().__init__()
        self.size = size

    def remember(self, key: Any, value: Any) -> Any:
        self[key] = value
        if len(self) > self.size:
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
        # False: each digest is one message (the stories that fit, "+N more" and a More button);
        # True: every story, in as many messages as it takes (each one counts in the budget).
        self._split = split
        self._max_stories = max_stories
        self._bullets = bullets
        self._first_window = first_window
        self._stories = _Lru()
        self._windows = _Lru(_WINDOWS)  # a window holds every story of a day: keep few
        self._renders = _Lru()
        self._profiles: asyncio.Future[dict[int, ChatProfile]] | None = None
        self.renders = 0

    def since(self, job: Job) -> datetime:
        """Return the start of a chat's window: its last digest, or `first_window` before cutoff."""
        return job.since if job.since is not None else job.cutoff - self._first_window

    async def stories(self, job: Job) -> list[Any]:
        """Return the stories for a job: newest first, muted sources left out, at most the max.

        A resumed job keeps exactly the stories recorded in the ledger, in their recorded order.
        """
        profile = await self._profile(job)
        if profile.feeds or profile.filters or profile.max_stories:
            found = await self._chosen(job, profile)
        else:
            key = (self.since(job), job.cutoff, job.muted)
            found = await self._shared(self._stories, key, lambda: self._query(job, key[0]))
        chosen = list(found)
        if job.story_ids:
            by_id = {story.id: story for story in found}
            chosen = [by_id[i] for i in job.story_ids if i in by_id]
        if job.muted and not (profile.feeds or profile.filters or profile.max_stories):
            return [_without_muted_links(story, job.muted) for story in chosen]
        return chosen

    async def _profile(self, job: Job) -> ChatProfile:
        """Return the chat's own feeds, filters and size (read once per tick for every chat)."""
        if self._profiles is None:
            # Single flight: the first job of the tick reads every chat's profile at once.
            self._profiles = asyncio.ensure_future(chat_profiles(self._db))
        try:
            profiles = await asyncio.shield(self._profiles)
        except Exception:
            self._profiles = None
            raise
        found = profiles.get(job.chat_id)
        muted = frozenset(job.muted)
        return ChatProfile(muted=muted) if found is None else replace(found, muted=muted)

    async def _chosen(self, job: Job, profile: ChatProfile) -> list[Any]:
        """Choose a chat's stories from its window, read once for every chat that shares it."""
        key = (self.since(job), job.cutoff)
        window = await self._shared(
            self._windows, key, lambda: read_window(self._db, since=key[0], until=key[1])
        )
        return list(window.choose(profile, profile.max_stories or self._max_stories))

    @staticmethod
    async def _shared(cache: _Lru, key: Any, query: Callable[[], Awaitable[Any]]) -> Any:
        pending = cache.recall(key)
        if pending is None:
            # Single flight: chats that ask at the same moment share one query.
            pending = cache.remember(key, asyncio.ensure_future(query()))
        try:
            return await asyncio.shield(pending)
        except Exception:
            cache.pop(key, None)
            raise

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
            # The More button's data names the edition: its page is read from the chat's ledger.
            rendered = render_digest(
                list(stories), bullets=count, day=day, one_message=not self._split, edition=day
            )
            parts = self._renders.remember(key, rendered)
        return list(parts)

"""The digest: the newest stories a chat may see, each with its stored Quick Looks and links.

A chat sees a story through an operator source it has not muted or through one of its own
feeds, with the links of exactly those outlets; its filters then drop stories by their words.
The stories of a time window are read once (`StoryWindow`) and chosen per chat from an index,
so a tick serving many chats with different feeds costs one query per window.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from pydantic import BaseModel

from bot.filters import StoryText, dropped_by
from bot.storage.database import Database
from bot.storage.feeds import ChatProfile
from bot.storage.stories import StoryView, recent_stories, visible_links, window_stories

_INSTANT = timedelta(microseconds=1)  # `until` is exclusive; a story made at `now` is in
# At most this many stories of one window are read for choosing per chat.
WINDOW_LIMIT = 5000


class Digest(BaseModel):
    """The stories a subscriber gets at one moment."""

    generated_at: datetime
    since: datetime
    stories: list[StoryView]


@dataclass(frozen=True)
class Judged:
    """A story of the window and whether a chat's filters drop it (and by which term)."""

    story: StoryView
    dropped_by: str | None


@dataclass
class StoryWindow:
    """The stories of one time window, newest first, indexed by the sources that carry them."""

    stories: list[StoryView]
    _operator: list[int] = field(default_factory=list)
    _by_feed: dict[int, list[int]] = field(default_factory=dict)
    _texts: dict[int, StoryText] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for index, story in enumerate(self.stories):
            if any(not link.user_feed for link in story.links):
                self._operator.append(index)
            for source_id in {link.source_id for link in story.links if link.user_feed}:
                self._by_feed.setdefault(source_id, []).append(index)

    def text(self, index: int) -> StoryText:
        """Tokenise a story's headline, lede and bullets once for every chat's filters."""
        found = self._texts.get(index)
        if found is None:
            look = self.stories[index].quicklook
            found = self._texts[index] = StoryText.of(
                [look.headline, look.lede, *look.bullets, *look.brief]
            )
        return found

    def _candidates(self, feeds: Collection[int]) -> Iterator[int]:
        own = sorted({i for feed in feeds for i in self._by_feed.get(feed, ())})
        last = -1
        for index in heapq.merge(self._operator, own):
            if index != last:
                last = index
                yield index

    def judge(self, profile: ChatProfile) -> Iterator[Judged]:
        """Yield every story the chat may see, newest first, with its visible links only."""
        for index in self._candidates(profile.feeds):
            story = self.stories[index]
            links = visible_links(story.links, profile.muted, profile.feeds)
            if not links:
                continue
            if len(links) != len(story.links):
                names = list(dict.fromkeys(link.name for link in links))
                story = story.model_copy(update={"links": links, "source_names": names})
            reason = dropped_by(self.text(index), profile.filters) if profile.filters else None
            yield Judged(story, reason)

    def choose(self, profile: ChatProfile, limit: int) -> list[StoryView]:
        """Return the newest `limit` stories the chat may see that its filters keep."""
        chosen: list[StoryView] = []
        for judged in self.judge(profile):
            if judged.dropped_by is None:
                chosen.append(judged.story)
                if len(chosen) >= limit:
                    break
        return chosen


async def read_window(db: Database, *, since: datetime, until: datetime) -> StoryWindow:
    """Read the stories created in [since, until) for choosing per chat."""
    return StoryWindow(await window_stories(db, since=since, until=until, limit=WINDOW_LIMIT))


async def build_digest(
    db: Database,
    *,
    now: datetime,
    since: datetime,
    limit: int,
    muted_sources: Collection[str] = (),
    profile: ChatProfile | None = None,
) -> Digest:
    """Collect the newest stories created in [since, now] that the chat may see and keeps."""
    if profile is None:
        stories = await recent_stories(
            db, since=since, until=now + _INSTANT, limit=limit, muted_sources=muted_sources
        )
    else:
        window = await read_window(db, since=since, until=now + _INSTANT)
        stories = window.choose(profile, profile.max_stories or limit)
    return Digest(generated_at=now, since=since, stories=stories)

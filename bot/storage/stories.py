"""Read stories, their sources and ingestion health for digests, commands and /stats."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import and_, func, or_, select

from bot.storage.database import Database
from bot.storage.models import Article, IngestRun, Source, Story
from summarizers import QuickLook


class SourceLink(BaseModel):
    """One outlet's article about a story; url is None for local folder files."""

    name: str
    url: str | None
    title: str
    source_id: int = 0
    user_feed: bool = False  # from a feed a chat added (only its subscribers see it)


class StoryView(BaseModel):
    """A story as readers see it: its stored Quick Looks and every source link."""

    id: int
    headline: str
    quicklook: QuickLook
    deep_look: list[str]
    facts: list[str]
    links: list[SourceLink]
    source_names: list[str]
    created_at: datetime
    published_at: datetime | None


class SourceHealth(BaseModel):
    """A source's fetch state."""

    name: str
    kind: str
    location: str
    consecutive_failures: int
    last_error: str | None
    last_success_at: datetime | None
    next_attempt_at: datetime | None


class IngestRunView(BaseModel):
    """One recorded ingestion pass."""

    id: int
    started_at: datetime
    finished_at: datetime | None
    sources_ok: int
    sources_failed: int
    sources_skipped: int
    new_articles: int
    new_stories: int


async def _views(db: Database, stories: list[Story]) -> list[StoryView]:
    """Attach source links to stories, keeping their order."""
    if not stories:
        return []
    links: dict[int, list[SourceLink]] = defaultdict(list)
    async with db.sessions() as session:
        rows = await session.execute(
            select(
                Article.story_id, Source.name, Article.url, Article.title, Source.id,
                Source.origin,
            )
            .join(Source, Source.id == Article.source_id)
            .where(Article.story_id.in_([s.id for s in stories]))
            .order_by(Article.id)
        )  # fmt: skip
        for story_id, name, url, title, source_id, origin in rows:
            links[story_id].append(
                SourceLink(
                    name=name, url=url, title=title, source_id=source_id,
                    user_feed=origin == "user",
                )
            )  # fmt: skip
    return [
        StoryView(
            id=s.id,
            headline=s.quicklook.headline,
            quicklook=s.quicklook,
            deep_look=list(s.deep_look or []),
            facts=list(s.facts or []),
            links=links[s.id],
            source_names=list(dict.fromkeys(link.name for link in links[s.id])),
            created_at=s.created_at,
            published_at=s.published_at,
        )
        for s in stories
    ]


async def recent_stories(
    db: Database,
    *,
    since: datetime,
    until: datetime | None = None,
    limit: int,
    muted_sources: Collection[str] = (),
    own_feeds: Collection[int] = (),
) -> list[StoryView]:
    """Return stories created in [since, until), newest first, that a chat may see.

    A story is seen through an operator source not muted, or a feed of the chat's own
    (`own_feeds`): another chat's feeds are not this chat's news.
    """
    query = select(Story).where(Story.created_at >= since)
    if until is not None:
        query = query.where(Story.created_at < until)
    operator = Source.origin != "user"
    if muted_sources:
        operator = and_(operator, Source.name.not_in(list(muted_sources)))
    seen = or_(operator, Source.id.in_(list(own_feeds))) if own_feeds else operator
    visible = (
        select(Article.id)
        .join(Source, Source.id == Article.source_id)
        .where(Article.story_id == Story.id, seen)
        .exists()
    )
    query = query.where(visible).order_by(Story.created_at.desc(), Story.id.desc()).limit(limit)
    async with db.sessions() as session:
        stories = list((await session.execute(query)).scalars())
    views = await _views(db, stories)
    return [
        story.model_copy(update={"links": links, "source_names": _names(links)})
        # Muted outlets' links stay (callers decide); other chats' feeds are never shown.
        if len(links := visible_links(story.links, (), own_feeds)) != len(story.links)
        else story
        for story in views
    ]


def _names(links: list[SourceLink]) -> list[str]:
    return list(dict.fromkeys(link.name for link in links))


def visible_links(
    links: list[SourceLink], muted: Collection[str], own_feeds: Collection[int]
) -> list[SourceLink]:
    """Keep the links a chat may see: operator sources not muted, and its own feeds."""
    return [
        link
        for link in links
        if ((link.source_id in own_feeds) if link.user_feed else (link.name not in muted))
    ]


def seen_by(story: StoryView, muted: Collection[str], own_feeds: Collection[int]) -> StoryView:
    """Return the story with only the links a chat may see (see `visible_links`)."""
    links = visible_links(story.links, muted, own_feeds)
    if len(links) == len(story.links):
        return story
    return story.model_copy(update={"links": links, "source_names": _names(links)})


def for_chat(
    story: StoryView | None, muted: Collection[str], own_feeds: Collection[int]
) -> StoryView | None:
    """Return the story as a chat sees it, or None when it is another chat's news only.

    A story whose every link is a feed that other chats added is their private news: a button
    pressed with its id (stale, forwarded or forged) must not show it here. A story with no
    article left, or with an operator source, shows with only the links this chat may see.
    """
    if story is None:
        return None
    if story.links and all(
        link.user_feed and link.source_id not in own_feeds for link in story.links
    ):
        return None
    return seen_by(story, muted, own_feeds)


async def window_stories(
    db: Database, *, since: datetime, until: datetime, limit: int
) -> list[StoryView]:
    """Return every story created in [since, until) (at most `limit`), newest first."""
    query = (
        select(Story)
        .where(Story.created_at >= since, Story.created_at < until)
        .order_by(Story.created_at.desc(), Story.id.desc())
        .limit(limit)
    )
    async with db.sessions() as session:
        stories = list((await session.execute(query)).scalars())
    return await _views(db, stories)


async def get_story(db: Database, story_id: int) -> StoryView | None:
    """Return one story by id, or None."""
    async with db.sessions() as session:
        story = await session.get(Story, story_id)
    return (await _views(db, [story]))[0] if story else None


async def latest_story(
    db: Database, *, muted_sources: Collection[str] = (), own_feeds: Collection[int] = ()
) -> StoryView | None:
    """Return the newest story a chat may see, or None.

    A story is seen through an operator source the chat has not muted or one of its own feeds
    (another chat's feeds are not this chat's news); a story with no article left still shows.
    """
    seen = Source.origin != "user"
    if muted_sources:
        seen = and_(seen, Source.name.not_in(list(muted_sources)))
    if own_feeds:
        seen = or_(seen, Source.id.in_(list(own_feeds)))
    articles = select(Article.id).where(Article.story_id == Story.id)
    carried = articles.join(Source, Source.id == Article.source_id).where(seen).exists()
    query = select(Story).where(or_(carried, ~articles.exists()))
    async with db.sessions() as session:
        story = (
            await session.execute(query.order_by(Story.created_at.desc(), Story.id.desc()).limit(1))
        ).scalar_one_or_none()
    if story is None:
        return None
    [view] = await _views(db, [story])
    links = visible_links(view.links, muted_sources, own_feeds)
    return view.model_copy(update={"links": links, "source_names": _names(links)})


async def count_stories(db: Database) -> int:
    """Return how many stories are stored."""
    async with db.sessions() as session:
        return int((await session.execute(select(func.count(Story.id)))).scalar_one())


async def source_health(db: Database) -> list[SourceHealth]:
    """Return every known source's fetch state, by name."""
    async with db.sessions() as session:
        rows = (await session.execute(select(Source).order_by(Source.name))).scalars()
        return [
            SourceHealth(
                name=r.name,
                kind=r.kind,
                location=r.location,
                consecutive_failures=r.consecutive_failures,
                last_error=r.last_error,
                last_success_at=r.last_success_at,
                next_attempt_at=r.next_attempt_at,
            )
            for r in rows
        ]


async def last_ingest(db: Database) -> IngestRunView | None:
    """Return the most recent ingestion pass, or None if there has been none."""
    async with db.sessions() as session:
        run = (
            await session.execute(select(IngestRun).order_by(IngestRun.id.desc()).limit(1))
        ).scalar_one_or_none()
    if run is None:
        return None
    return IngestRunView(
        id=run.id,
        started_at=run.started_at,
        finished_at=run.finished_at,
        sources_ok=run.sources_ok,
        sources_failed=run.sources_failed,
        sources_skipped=run.sources_skipped,
        new_articles=run.new_articles,
        new_stories=run.new_stories,
    )


async def source_names(db: Database) -> list[str]:
    """Return the names of every source that has stored articles or state, sorted."""
    async with db.sessions() as session:
        return list((await session.execute(select(Source.name).order_by(Source.name))).scalars())


async def get_stories(db: Database, story_ids: Sequence[int]) -> list[StoryView]:
    """Return the stories with these ids that are stored, in the order given."""
    if not story_ids:
        return []
    async with db.sessions() as session:
        rows = (await session.execute(select(Story).where(Story.id.in_(list(story_ids))))).scalars()
        by_id = {story.id: story for story in rows}
    return await _views(db, [by_id[i] for i in story_ids if i in by_id])


async def count_stories_since(db: Database, since: datetime) -> int:
    """Return about how many stories were created since `since` (ids grow with time).

    Two index lookups instead of counting the window's rows: the ids from the first story of
    the window to the newest.
    """
    first = select(Story.id).where(Story.created_at >= since)
    async with db.sessions() as session:
        low = await session.scalar(first.order_by(Story.created_at, Story.id).limit(1))
        high = await session.scalar(select(Story.id).order_by(Story.id.desc()).limit(1))
    return 0 if low is None or high is None else max(int(high) - int(low) + 1, 1)

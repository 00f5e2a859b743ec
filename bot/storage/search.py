"""The sentence index: write each article's sentences at ingest, find them by their terms.

Every statement here takes index terms made by `bot.terms` (letters and digits only), never a
user's text: a query is built from quoted terms joined by AND / OR, so nothing a user types can
be full-text syntax. SQLite searches its FTS5 table, PostgreSQL its `tsvector` column (migration
0004); both order candidates by recency, and callers rank them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, insert, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.database import Database
from bot.storage.models import Source, StorySentence
from bot.terms import IndexedSentence

_TERM = re.compile(r"[^\W_]+")
# A group of terms: one term, or a phrase whose terms must stand side by side.
Group = tuple[str, ...]


@dataclass(frozen=True)
class SentenceHit:
    """An indexed sentence with where it came from."""

    id: int
    story_id: int
    source_id: int
    position: int
    text: str
    terms: str


async def add_sentences(
    session: AsyncSession,
    *,
    story_id: int,
    article_id: int,
    source_id: int,
    stored_at: datetime,
    published_at: datetime | None,
    sentences: Sequence[IndexedSentence],
) -> None:
    """Index an article's sentences (one executemany; the FTS index follows by trigger)."""
    rows = [
        {
            "story_id": story_id, "article_id": article_id, "source_id": source_id,
            "position": s.position, "stored_at": stored_at, "published_at": published_at,
            "text": s.text, "terms": s.terms,
        }
        for s in sentences
    ]  # fmt: skip
    if rows:
        await session.execute(insert(StorySentence), rows)


async def remove_sentences(session: AsyncSession, article_id: int) -> None:
    """Drop an article's indexed sentences (before indexing its new text)."""
    await session.execute(delete(StorySentence).where(StorySentence.article_id == article_id))


def _clean(groups: Sequence[Group]) -> list[Group]:
    kept = []
    for group in groups:
        terms = tuple(t for t in group if _TERM.fullmatch(t))
        if terms and len(terms) == len(group):
            kept.append(terms)
    return kept


def match_expression(dialect: str, groups: Sequence[Group], *, every: bool) -> str:
    """Build the full-text query for `groups` (all of them if `every`, else any)."""
    if dialect == "postgresql":
        parts = [" <-> ".join(group) for group in groups]
        return (" & " if every else " | ").join(f"({p})" for p in parts)
    parts = ['"' + " ".join(group) + '"' for group in groups]
    return (" AND " if every else " OR ").join(parts)


async def first_id_since(db: Database, since: datetime | None) -> int:
    """Return the id of the first sentence stored at or after `since` (-1: none is).

    Ids grow with the time sentences are stored, so "id from this one on" is the window, and
    the full-text index filters on it without reading any row; the row found first in the
    `stored_at` index is one lookup, where asking for the smallest id would scan the window.
    """
    if since is None:
        return 0
    async with db.sessions() as session:
        query = select(StorySentence.id).where(StorySentence.stored_at >= since)
        found = await session.scalar(
            query.order_by(StorySentence.stored_at, StorySentence.id).limit(1)
        )
    return int(found) if found is not None else -1


async def last_id(db: Database) -> int:
    """Return the newest sentence id (0 when nothing is indexed)."""
    async with db.sessions() as session:
        found = await session.scalar(
            select(StorySentence.id).order_by(StorySentence.id.desc()).limit(1)
        )
    return int(found or 0)


async def _hidden_ids(
    session: AsyncSession, muted_sources: Collection[str], own_feeds: Collection[int]
) -> list[int]:
    """Return the sources a chat does not see: its muted ones and other chats' own feeds."""
    hidden = Source.origin == "user"
    if own_feeds:
        hidden = and_(hidden, Source.id.not_in(list(own_feeds)))
    if muted_sources:
        hidden = or_(hidden, Source.name.in_(list(muted_sources)))
    rows = await session.execute(select(Source.id).where(hidden))
    return list(rows.scalars())


WEEK_SECONDS = 604800
MAX_WEEKS = 60  # a longer window is bounded by sentence ids alone


async def _weeks(session: AsyncSession, since: datetime | None) -> str:
    """Return the tsquery of the weeks from `since` to the newest sentence ('' if unbounded).

    PostgreSQL indexes each sentence's week as a term (migration 0004): and-ing a query with
    its window's weeks lets GIN find the window's matches alone.
    """
    if since is None:
        return ""
    newest = await session.scalar(
        select(StorySentence.stored_at).order_by(StorySentence.id.desc()).limit(1)
    )
    if newest is None:
        return ""
    first, last = (int(t.timestamp() // WEEK_SECONDS) for t in (since, newest))
    if last < first or last - first >= MAX_WEEKS:
        return ""
    return " | ".join(f"qlw{week}" for week in range(first, last + 1))


def _select_matches(dialect: str, muted: Sequence[int], *, columns: str, tail: str) -> str:
    where_muted = (
        f" AND s.source_id NOT IN ({', '.join(str(int(i)) for i in muted)})" if muted else ""
    )
    if dialect == "postgresql":
        return (
            f"SELECT {columns} FROM story_sentences s"
            " WHERE s.terms_tsv @@ to_tsquery('simple', :q) AND s.id >= :first"
            f"{where_muted} {tail}"
        )
    return (
        f"SELECT {columns} FROM story_sentences_fts f JOIN story_sentences s ON s.id = f.rowid"
        " WHERE story_sentences_fts MATCH :q AND f.rowid >= :first"
        f"{where_muted} {tail}"
    )


_HIT_COLUMNS = "s.id, s.story_id, s.source_id, s.position, s.text, s.terms"


async def match_sentences(
    db: Database,
    groups: Sequence[Group],
    *,
    first: int,
    every: bool = False,
    muted_sources: Collection[str] = (),
    own_feeds: Collection[int] = (),
    limit: int,
) -> list[SentenceHit]:
    """Return up to `limit` newest sentences from id `first` on that match `groups`."""
    groups = _clean(groups)
    if not groups or first < 0:
        return []
    async with db.sessions() as session:
        muted = await _hidden_ids(session, muted_sources, own_feeds)
        # FTS5 walks its doclist backwards for ORDER BY rowid DESC: no sort of every match.
        newest = "ORDER BY s.id DESC" if db.dialect == "postgresql" else "ORDER BY f.rowid DESC"
        sql = _select_matches(db.dialect, muted, columns=_HIT_COLUMNS, tail=f"{newest} LIMIT :n")
        q = match_expression(db.dialect, groups, every=every)
        rows = await session.execute(text(sql), {"q": q, "first": first, "n": limit})
        return [SentenceHit(*row) for row in rows]


async def match_each(
    db: Database,
    queries: Sequence[tuple[Sequence[Group], bool]],
    *,
    first: int,
    since: datetime | None = None,
    muted_sources: Collection[str] = (),
    own_feeds: Collection[int] = (),
    limit: int,
) -> list[SentenceHit]:
    """Run several match queries ((groups, every) each, `limit` newest rows) in one statement.

    `first` (the window's first sentence id) bounds the window; on PostgreSQL so do the weeks
    from `since` on.
    """
    cleaned = [(_clean(groups), every) for groups, every in queries]
    cleaned = [(groups, every) for groups, every in cleaned if groups]
    if not cleaned or first < 0:
        return []
    async with db.sessions() as session:
        muted = await _hidden_ids(session, muted_sources, own_feeds)
        weeks = await _weeks(session, since) if db.dialect == "postgresql" else ""
        newest = "ORDER BY s.id DESC" if db.dialect == "postgresql" else "ORDER BY f.rowid DESC"
        parts: list[str] = []
        params: dict[str, object] = {"first": first, "n": limit}
        for index, (groups, every) in enumerate(cleaned):
            one = _select_matches(
                db.dialect, muted, columns=_HIT_COLUMNS, tail=f"{newest} LIMIT :n"
            )
            parts.append("SELECT * FROM (" + one.replace(":q", f":q{index}") + f") AS m{index}")
            expression = match_expression(db.dialect, groups, every=every)
            params[f"q{index}"] = f"({expression}) & ({weeks})" if weeks else expression
        rows = await session.execute(text(" UNION ALL ".join(parts)), params)
        return [SentenceHit(*row) for row in rows]


async def sentences_of(
    db: Database,
    story_ids: Collection[int],
    *,
    muted_sources: Collection[str] = (),
    own_feeds: Collection[int] = (),
) -> list[SentenceHit]:
    """Return every indexed sentence of the stories, in story and reading order."""
    if not story_ids:
        return []
    async with db.sessions() as session:
        muted = await _hidden_ids(session, muted_sources, own_feeds)
        t = StorySentence.__table__.c
        query = select(t.id, t.story_id, t.source_id, t.position, t.text, t.terms).where(
            t.story_id.in_(list(story_ids))
        )
        if muted:
            query = query.where(t.source_id.not_in(muted))
        rows = await session.execute(query.order_by(t.id))
        return [SentenceHit(*row) for row in rows]


async def matching_stories(
    db: Database,
    groups: Sequence[Group],
    *,
    muted_sources: Collection[str] = (),
    own_feeds: Collection[int] = (),
    offset: int,
    limit: int,
) -> list[int]:
    """Return ids of stories with a sentence holding every group, newest match first."""
    groups = _clean(groups)
    if not groups:
        return []
    async with db.sessions() as session:
        muted = await _hidden_ids(session, muted_sources, own_feeds)
        sql = _select_matches(
            db.dialect,
            muted,
            columns="s.story_id, MAX(s.id) AS newest",
            tail="GROUP BY s.story_id ORDER BY newest DESC LIMIT :n OFFSET :o",
        )
        q = match_expression(db.dialect, groups, every=True)
        rows = await session.execute(text(sql), {"q": q, "first": 0, "n": limit, "o": offset})
        return [int(row.story_id) for row in rows]

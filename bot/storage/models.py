"""Database tables. One row per source, article, story, chat, muted source and delivery.

Data flows one way: source -> article -> story (with its stored Quick Looks) -> digest -> delivery.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from summarizers import QuickLook

# Column sizes that ingestion cuts values to (bot.ingest.sanitize) before it stores them.
GUID_LENGTH = 1024
URL_LENGTH = 2048
LANGUAGE_LENGTH = 16


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use UTC-aware datetimes")
        utc = value.astimezone(UTC)
        # SQLite has no time zones: store naive UTC so text comparisons order correctly.
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class QuickLookJSON(TypeDecorator[QuickLook]):
    """A story's QuickLook, stored as JSON and read back as the model (no string keys)."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: QuickLook | None, dialect: Any) -> Any:
        return None if value is None else value.model_dump(mode="json")

    def process_result_value(self, value: Any, dialect: Any) -> QuickLook | None:
        return None if value is None else QuickLook.model_validate(value)


class Base(DeclarativeBase):
    """Declarative base with naming conventions so migrations name constraints stably."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


Base.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Source(Base):
    """A source and its fetch state (conditional GET, failures, backoff).

    `origin` is "config" for the operator's sources and "user" for feeds chats added with /add:
    one row per normalised feed URL (`feed_url`) however many chats subscribe to it.
    """

    __tablename__ = "sources"
    # A unique index, not a constraint: SQLite adds it without rebuilding a referenced table.
    __table_args__ = (Index("ix_sources_feed_url", "feed_url", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    location: Mapped[str] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_attempt_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    next_attempt_at: Mapped[datetime | None]
    origin: Mapped[str] = mapped_column(String(16), default="config", server_default="config")
    feed_url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    title: Mapped[str | None] = mapped_column(Text)
    # Subscribers of a failing user feed are told once; a success makes them eligible again.
    failure_notified: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Story(Base):
    """One news event, possibly reported by several articles; its Quick Looks is computed once."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The headline is the QuickLook's own, stored once.
    quicklook: Mapped[QuickLook] = mapped_column(QuickLookJSON)
    deep_look: Mapped[list[Any]] = mapped_column(JSON, default=list)
    facts: Mapped[list[Any]] = mapped_column(JSON, default=list)
    best_article_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(index=True)
    updated_at: Mapped[datetime]
    published_at: Mapped[datetime | None]

    articles: Mapped[list[Article]] = relationship(
        back_populates="story", order_by="Article.id", lazy="raise"
    )


class Article(Base):
    """One fetched article; new exactly once by canonical URL, feed GUID and content hash."""

    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("source_id", "guid", name="uq_articles_source_guid"),
        Index("ix_articles_story_id", "story_id"),
        Index("ix_articles_fetched_at", "fetched_at"),
        # Not unique: items with their own GUIDs may share a link (a live blog, a home page).
        Index("ix_articles_canonical_url", "canonical_url"),
        Index("ix_articles_pending", "source_id", "full_text_pending"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id"))
    url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    guid: Mapped[str | None] = mapped_column(String(GUID_LENGTH))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    minhash: Mapped[list[Any]] = mapped_column(JSON, default=list)
    title: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(LANGUAGE_LENGTH))
    text: Mapped[str] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    # A teaser whose page was not fetched in time: completed on a later pass (a few tries).
    full_text_pending: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    full_text_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    published_at: Mapped[datetime | None]
    fetched_at: Mapped[datetime]

    story: Mapped[Story] = relationship(back_populates="articles", lazy="raise")
    source: Mapped[Source] = relationship(lazy="raise")


class StorySentence(Base):
    """One fact-sized sentence of a story's article (or its title), indexed for /ask and /search.

    `terms` holds the sentence's stems (bot.terms); the full-text index over it is a SQLite
    FTS5 table or a PostgreSQL `tsvector` column with a GIN index, made by the migration (see
    `SEARCH_OBJECTS`), so every backend stems the same way.
    """

    __tablename__ = "story_sentences"
    __table_args__ = (
        Index("ix_story_sentences_story_id", "story_id"),
        Index("ix_story_sentences_article_id", "article_id"),
        Index("ix_story_sentences_stored_at", "stored_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    position: Mapped[int] = mapped_column(Integer)  # 0: the article's title, then its sentences
    stored_at: Mapped[datetime]
    published_at: Mapped[datetime | None]
    text: Mapped[str] = mapped_column(Text)
    terms: Mapped[str] = mapped_column(Text)


# Made by migration 0004 outside the models (FTS5 table, tsvector column and its index).
SEARCH_OBJECTS = ("story_sentences_fts", "terms_tsv", "ix_story_sentences_terms_tsv")


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Leave the full-text objects out of model/migration comparisons."""
    return not (name and name.startswith(SEARCH_OBJECTS))


class StoryBand(Base):
    """Locality-sensitive hash bands of a story's articles, to find near-duplicates quickly."""

    __tablename__ = "story_bands"
    __table_args__ = (Index("ix_story_bands_band", "band"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    band: Mapped[str] = mapped_column(String(64))


class IngestRun(Base):
    """One ingestion pass, for /stats and the `ingest` summary."""

    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    sources_ok: Mapped[int] = mapped_column(Integer, default=0)
    sources_failed: Mapped[int] = mapped_column(Integer, default=0)
    sources_skipped: Mapped[int] = mapped_column(Integer, default=0)
    new_articles: Mapped[int] = mapped_column(Integer, default=0)
    new_stories: Mapped[int] = mapped_column(Integer, default=0)


class Chat(Base):
    """A Telegram chat (private, group or channel) and its subscription settings."""

    __tablename__ = "chats"
    # Due chats in due order (id breaks ties), read as one index range: cost follows work due.
    __table_args__ = (Index("ix_chats_due", "active", "next_due_at", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    deliver_time: Mapped[str] = mapped_column(String(5))
    timezone: Mapped[str] = mapped_column(String(64))
    bullets: Mapped[int | None] = mapped_column(Integer)
    max_stories: Mapped[int | None] = mapped_column(Integer)  # per digest; None: the config's
    subscribed_at: Mapped[datetime]
    unsubscribed_at: Mapped[datetime | None]
    deactivated_reason: Mapped[str | None] = mapped_column(Text)
    next_due_at: Mapped[datetime | None]
    last_digest_at: Mapped[datetime | None]

    muted_sources: Mapped[list[MutedSource]] = relationship(
        cascade="all, delete-orphan", lazy="raise"
    )


class MutedSource(Base):
    """A source a chat does not want in its digests."""

    __tablename__ = "muted_sources"

    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("chats.id", ondelete="CASCADE", onupdate="CASCADE"), primary_key=True
    )
    source_name: Mapped[str] = mapped_column(String(100), primary_key=True)


class ChatFeed(Base):
    """A feed a chat added itself (a source of origin "user")."""

    __tablename__ = "chat_feeds"
    __table_args__ = (Index("ix_chat_feeds_source_id", "source_id"),)

    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("chats.id", ondelete="CASCADE", onupdate="CASCADE"), primary_key=True
    )
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), primary_key=True)
    added_at: Mapped[datetime]


class ChatFilter(Base):
    """A chat's keyword filter term: include (+) or exclude (-), a word or an exact phrase."""

    __tablename__ = "chat_filters"

    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("chats.id", ondelete="CASCADE", onupdate="CASCADE"), primary_key=True
    )
    include: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    term: Mapped[str] = mapped_column(String(100), primary_key=True)


class Delivery(Base):
    """The delivery ledger: one row per (chat, edition), written before and after sending."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("chat_id", "edition", name="uq_deliveries_chat_edition"),
        # Open rows (sending, failed) by cutoff: take-over and expiry read a range of this index
        # that holds only the work in the grace window; pruning reads old final rows by cutoff.
        Index("ix_deliveries_status_cutoff", "status", "cutoff_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    edition: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    story_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    messages_total: Mapped[int] = mapped_column(Integer, default=0)
    messages_sent: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(128))
    # Fencing token: +1 on every claim or take-over; every write of the owner checks it.
    lease_token: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The owner may start a message only while this lies ahead (renewed by its heartbeat).
    lease_until: Mapped[datetime | None]
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    cutoff_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)


class RateBudget(Base):
    """One bot token's send schedule, shared by every process (PostgreSQL): the next free slot.

    A process reserves a block of evenly spaced slots by moving `next_slot` (seconds on the
    database's clock) forward in one UPDATE; blocks never overlap, so all processes together
    keep to the token's global rate. A 429 moves it past the pause for everyone.
    """

    __tablename__ = "rate_budget"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    next_slot: Mapped[float] = mapped_column(Float, default=0.0)

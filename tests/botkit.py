"""Helpers for end-to-end bot tests: run the real Application against the fake Bot API."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.botapi.fake import FakeBotApi, SentMessage
from bot.clock import Clock, StartedClock
from bot.ingest.fetch import make_http_client
from bot.settings import AppConfig, DigestConfig, Settings, load_config
from bot.storage import search
from bot.storage.database import Database, open_database
from bot.storage.models import Article, Source, Story
from bot.telegram.app import build_application
from bot.telegram.runner import serving
from bot.telegram.services import BotApp, BotServices
from bot.terms import article_sentences
from summarizers import QuickLook

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ADMIN_ID = 4242
# The bots in these tests live at this instant (their clock starts here and runs on).
NOW = datetime(2026, 6, 10, 9, 30, tzinfo=UTC)
_counter = itertools.count(1)


def default_config(**digest: object) -> AppConfig:
    """The shipped config (its query commands), with no sources and optional digest overrides."""
    config = load_config(PROJECT_ROOT / "config" / "quicklooks.toml")
    update: dict[str, object] = {"sources": []}
    if digest:
        update["digest"] = DigestConfig.model_validate({**config.digest.model_dump(), **digest})
    return config.model_copy(update=update)


def bot_settings(fake: FakeBotApi, database_url: str) -> Settings:
    """Settings pointing at the fake Bot API and a test database."""
    return Settings(
        telegram_token=fake.token,
        telegram_base_url=fake.base_url,
        database_url=database_url,
        admin_ids=[ADMIN_ID],
        _env_file=None,
    )


@asynccontextmanager
async def bot_services(
    fake: FakeBotApi,
    database_url: str,
    config: AppConfig | None = None,
    *,
    clock: Clock | None = None,
) -> AsyncIterator[BotServices]:
    """Open the services `quicklooks run` would, aimed at the fake Bot API and a test store."""
    db = await open_database(database_url)
    config = config or default_config()
    try:
        # The client ingestion uses: /add fetches through the same fetch policy.
        async with make_http_client(config.ingest, config.fetch) as http:
            yield BotServices(
                settings=bot_settings(fake, database_url),
                config=config,
                clock=clock or StartedClock(NOW),
                http=http,
                db=db,
                ingest_on_start=False,
                schedule_jobs=False,
            )
    finally:
        await db.close()


@asynccontextmanager
async def running_bot(
    fake: FakeBotApi,
    database_url: str,
    config: AppConfig | None = None,
    *,
    clock: Clock | None = None,
) -> AsyncIterator[BotApp]:
    """Start the bot built by `quicklooks run`'s builder, polling the fake; stop it after."""
    async with (
        bot_services(fake, database_url, config, clock=clock) as services,
        serving(build_application(services), poll_timeout=1) as app,
    ):
        yield app


@dataclass
class Chat:
    """A test chat: push commands and wait for the bot's replies."""

    fake: FakeBotApi
    chat_id: int
    chat_type: str = "private"
    user_id: int | None = None

    async def say(self, text: str, *, replies: int = 1) -> list[SentMessage]:
        """Send `text` and return the next `replies` messages the bot sends to this chat."""
        before = len(self.fake.messages(self.chat_id))
        self.fake.send_text(self.chat_id, text, user_id=self.user_id, chat_type=self.chat_type)
        messages = await self.fake.wait_for_messages(self.chat_id, before + replies)
        return messages[before:]

    async def press(self, message: SentMessage, label: str) -> SentMessage:
        """Press a button under `message` and wait until the message is edited."""
        edits = len(message.history)
        data = message.callback_data(label)
        self.fake.press_button(self.chat_id, message.message_id, data, user_id=self.user_id)
        await self.fake.wait_for(lambda: len(message.history) > edits)
        return message

    async def press_data(self, message: SentMessage, data: str) -> None:
        """Press a (possibly forged) button and wait for its callback answer."""
        answers = len(self.fake.callback_answers)
        self.fake.press_button(self.chat_id, message.message_id, data, user_id=self.user_id)
        await self.fake.wait_for(lambda: len(self.fake.callback_answers) > answers)


async def add_story(
    db: Database,
    headline: str,
    *,
    lede: str = "A short lede.",
    bullets: Sequence[str] = ("First fact.", "Second fact.", "Third fact."),
    brief: Sequence[str] = (),
    facts: Sequence[str] = (),
    deep_look: Sequence[str] = ("A longer look at the story.",),
    source: str = "Wire",
    url: str | None = "https://news.example/story",
    created_at: datetime | None = None,
) -> int:
    """Insert a story with one article from `source` and return its id."""
    now = created_at or NOW - timedelta(minutes=5)
    number = next(_counter)
    async with db.transaction() as session:
        found = await session.execute(Source.__table__.select().where(Source.name == source))
        row = found.first()
        if row is None:
            src = Source(name=source, kind="feed", location="https://news.example/rss")
            session.add(src)
            await session.flush()
            source_id = src.id
        else:
            source_id = row.id
        story = Story(
            quicklook=QuickLook(
                headline=headline, lede=lede, bullets=list(bullets), brief=list(brief)
            ),
            deep_look=list(deep_look),
            facts=list(facts),
            created_at=now,
            updated_at=now,
        )
        session.add(story)
        await session.flush()
        # The article holds what the story says, indexed as ingestion indexes it.
        text = " ".join([lede, *facts, *bullets])
        article = Article(
            source_id=source_id,
            story_id=story.id,
            url=url,
            canonical_url=f"{url}#{number}" if url else None,
            guid=f"guid-{number}",
            content_hash=hashlib.sha256(f"{headline}{number}".encode()).hexdigest(),
            title=headline,
            text=text,
            fetched_at=now,
        )
        session.add(article)
        await session.flush()
        await search.add_sentences(
            session, story_id=story.id, article_id=article.id, source_id=source_id,
            stored_at=now, published_at=None, sentences=article_sentences(headline, text),
        )  # fmt: skip
        return story.id

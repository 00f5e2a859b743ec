"""Migration 0004 indexes the articles stored by 0003, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import text

from bot.answers import service
from bot.answers.question import parse
from bot.storage.database import _alembic_config, create_engine, open_database

BODY = (
    "The Harbor City Council voted 7-4 on Tuesday to approve a light rail extension. "
    "Councilmember Raymond Teo joined the meeting remotely by video link. Ok."
)


def _upgrade_to(revision: str):  # type: ignore[no-untyped-def]
    def run(connection):  # type: ignore[no-untyped-def]
        command.upgrade(_alembic_config(connection), revision)

    return run


async def test_stored_articles_are_indexed_by_the_migration(database_url: str) -> None:
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade_to("0003"))
        await connection.execute(text(
            "INSERT INTO sources (id, name, kind, location, consecutive_failures)"
            " VALUES (1, 'Wire', 'feed', 'http://wire.example/rss', 0)"
        ))  # fmt: skip
        await connection.execute(text(
            "INSERT INTO stories (id, quicklook, deep_look, facts, created_at, updated_at)"
            " VALUES (1, '{\"headline\": \"Rail vote\", \"lede\": \"l\", \"bullets\": []}',"
            " '[]', '[]', '2026-06-01 00:00:00', '2026-06-01 00:00:00')"
        ))  # fmt: skip
        await connection.execute(
            text(
                "INSERT INTO articles (id, source_id, story_id, url, canonical_url, guid,"
                " content_hash, minhash, title, text, word_count, fetched_at)"
                " VALUES (1, 1, 1, 'http://x.example/a', 'http://x.example/a', 'g1',"
                " :hash, '[]', 'Council approves light rail', :body, 30, '2026-06-01 00:00:00')"
            ),
            {"hash": "0" * 64, "body": BODY},
        )
    await engine.dispose()

    db = await open_database(database_url)  # migrates to head
    try:
        async with db.sessions() as session:
            rows = (
                await session.execute(
                    text("SELECT position, text, terms FROM story_sentences ORDER BY position")
                )
            ).all()
        # The title and the two fact-sized sentences ("Ok." is too short to be a fact).
        assert [r.position for r in rows] == [0, 1, 2]
        assert rows[2].terms == "councilmemb raymond teo join meet remot video link"
        since = datetime(2026, 6, 1, tzinfo=UTC) - timedelta(days=1)
        facts = await service.ask(db, parse("who joined remotely?"), since=since, muted_sources=())
        assert facts and "Raymond Teo" in facts[0].text
    finally:
        await db.close()

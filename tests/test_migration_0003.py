"""Migration 0003 on data stored by earlier versions, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from bot.storage.database import _alembic_config, create_engine, open_database


def _upgrade_to(revision: str):  # type: ignore[no-untyped-def]
    def run(connection):  # type: ignore[no-untyped-def]
        command.upgrade(_alembic_config(connection), revision)

    return run


async def test_stored_articles_are_cleaned_and_links_stop_being_unique(database_url: str) -> None:
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade_to("0002"))
        sqlite = connection.dialect.name == "sqlite"
        # SQLite never enforced String(16): earlier versions stored whatever a feed declared.
        language = "English (United States of America)" if sqlite else "en_US"
        await connection.execute(text(
            "INSERT INTO sources (id, name, kind, location, consecutive_failures)"
            " VALUES (1, 'Wire', 'feed', 'http://wire.example/rss', 0)"
        ))  # fmt: skip
        await connection.execute(text(
            "INSERT INTO stories (id, quicklook, deep_look, facts, created_at, updated_at)"
            " VALUES (1, '{\"headline\": \"h\", \"lede\": \"l\", \"bullets\": []}', '[]', '[]',"
            " '2026-06-01 00:00:00', '2026-06-01 00:00:00')"
        ))  # fmt: skip
        await connection.execute(
            text(
                "INSERT INTO articles (id, source_id, story_id, url, canonical_url, guid,"
                " content_hash, minhash, title, author, language, text, word_count, fetched_at)"
                " VALUES (1, 1, 1, 'http://x.example/live', 'http://x.example/live', 'g1',"
                " :hash, '[]', :title, :author, :language, 'Body.', 1, '2026-06-01 00:00:00')"
            ),
            {"hash": "0" * 64, "title": "Pay\u202eLAP\u202c\u200b now", "author": "Eve\u200f",
             "language": language},
        )  # fmt: skip
    await engine.dispose()

    db = await open_database(database_url)  # migrates to head
    async with db.transaction() as session:
        row = (
            await session.execute(
                text("SELECT title, author, language, full_text_pending FROM articles")
            )
        ).one()
        assert (row.title, row.author) == ("PayLAP now", "Eve")
        assert row.language == (None if sqlite else "en-US")
        assert not row.full_text_pending
        # Another entry of the same live blog: the link is no longer unique.
        await session.execute(text(
            "INSERT INTO articles (id, source_id, story_id, url, canonical_url, guid, content_hash,"
            " minhash, title, text, word_count, fetched_at) VALUES (2, 1, 1, 'http://x.example/live',"
            " 'http://x.example/live', 'g2', :hash, '[]', 't', 'b', 1, '2026-06-01 00:00:00')"
        ), {"hash": "1" * 64})  # fmt: skip
    await db.close()

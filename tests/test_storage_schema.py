"""The schema: migrations build exactly the models on every backend; re-running is safe."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from bot.errors import ConfigError
from bot.storage.database import Database, normalize_url, open_database
from bot.storage.models import Base, Chat, include_name


async def test_migrations_match_models(db: Database) -> None:
    def diff(connection):  # type: ignore[no-untyped-def]
        return compare_metadata(
            MigrationContext.configure(connection, opts={"include_name": include_name}),
            Base.metadata,
        )

    async with db.engine.connect() as connection:
        changes = await connection.run_sync(diff)
    assert changes == [], "models changed: run scripts/make_migration.py"


async def test_migrating_twice_is_a_no_op(database_url: str) -> None:
    first = await open_database(database_url)
    await first.close()
    second = await open_database(database_url)
    await second.close()


async def test_datetimes_round_trip_as_utc(db: Database) -> None:
    plus_two = timezone(timedelta(hours=2))
    subscribed = datetime(2026, 3, 29, 3, 30, tzinfo=plus_two)
    async with db.transaction() as session:
        session.add(
            Chat(
                id=-1001,
                type="group",
                deliver_time="08:00",
                timezone="UTC",
                subscribed_at=subscribed,
            )
        )
    async with db.transaction() as session:
        chat = (await session.execute(select(Chat))).scalar_one()
    assert chat.subscribed_at == subscribed
    assert chat.subscribed_at.tzinfo == UTC


async def test_naive_datetimes_are_refused(db: Database) -> None:
    with pytest.raises(Exception, match="naive datetime"):
        async with db.transaction() as session:
            session.add(
                Chat(
                    id=1,
                    type="private",
                    deliver_time="08:00",
                    timezone="UTC",
                    subscribed_at=datetime(2026, 1, 1),
                )
            )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///data/q.db", "sqlite+aiosqlite:///data/q.db"),
        ("postgresql://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgres://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_database_urls_get_async_drivers(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


@pytest.mark.parametrize("url", ["not a url", "mysql://u@h/db"])
def test_unsupported_database_urls_are_clear_errors(url: str) -> None:
    with pytest.raises(ConfigError):
        normalize_url(url)


async def test_sqlite_file_and_directory_are_created_in_wal_mode(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "nested" / "dir" / "q.db"
    database = await open_database(f"sqlite:///{path}")
    async with database.engine.connect() as connection:
        mode = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()
    await database.close()
    assert path.exists()
    assert mode == "wal"


async def test_a_real_deadlock_is_recognised_as_retryable(db: Database) -> None:
    from sqlalchemy import text

    from bot.storage.database import is_retryable_conflict

    if db.dialect != "postgresql":
        pytest.skip("SQLite has a single writer: no deadlocks between transactions")
    async with db.engine.begin() as connection:
        await connection.execute(text("CREATE TABLE pair (id int PRIMARY KEY, v int)"))
        await connection.execute(text("INSERT INTO pair VALUES (1, 0), (2, 0)"))
    first_locked, second_locked = asyncio.Event(), asyncio.Event()

    async def update_both(first: int, second: int, mine: asyncio.Event, theirs: asyncio.Event):  # type: ignore[no-untyped-def]
        async with db.engine.begin() as connection:
            await connection.execute(text(f"UPDATE pair SET v = v + 1 WHERE id = {first}"))
            mine.set()
            await theirs.wait()
            await connection.execute(text(f"UPDATE pair SET v = v + 1 WHERE id = {second}"))

    outcomes = await asyncio.gather(
        update_both(1, 2, first_locked, second_locked),
        update_both(2, 1, second_locked, first_locked),
        return_exceptions=True,
    )
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(errors) == 1 and is_retryable_conflict(errors[0])
    assert not is_retryable_conflict(ValueError("not a database error"))

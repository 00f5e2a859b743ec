"""Shared fixtures: a real database on every backend (SQLite always, PostgreSQL when set)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.storage.database import Database, normalize_url, open_database

PROJECT_ROOT = Path(__file__).resolve().parent.parent
_SERVER_URL = os.environ.get("QUICKLOOKS_TEST_POSTGRES_URL")
# Each test session gets a database of its own on that server, so two sessions (or a developer
# and CI on one machine) never wipe each other's tables.
POSTGRES_URL = (
    make_url(normalize_url(_SERVER_URL))
    .set(database=f"{make_url(_SERVER_URL).database or 'test'}_ql{os.getpid()}")
    .render_as_string(hide_password=False)
    if _SERVER_URL
    else None
)


async def _ensure_database(url: str) -> None:
    assert _SERVER_URL is not None
    name = make_url(url).database
    engine = create_async_engine(normalize_url(_SERVER_URL), isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        exists = await connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not exists:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    await engine.dispose()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Drop this session's PostgreSQL database."""
    if not _SERVER_URL or POSTGRES_URL is None:
        return

    async def drop() -> None:
        engine = create_async_engine(normalize_url(_SERVER_URL), isolation_level="AUTOCOMMIT")
        async with engine.connect() as connection:
            name = make_url(POSTGRES_URL).database
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await engine.dispose()

    asyncio.run(drop())


async def reset_postgres(url: str) -> None:
    """Drop everything in the test database so each test starts from an empty schema."""
    await _ensure_database(url)
    engine = create_async_engine(normalize_url(url))
    async with engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not POSTGRES_URL, reason="set QUICKLOOKS_TEST_POSTGRES_URL to run on PostgreSQL"
            ),
        ),
    ]
)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Return the URL of an empty database: a SQLite file, or the test PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'quicklooks.db'}"
    assert POSTGRES_URL is not None
    await reset_postgres(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    """Open a migrated database on each backend and close it after the test."""
    database = await open_database(database_url)
    yield database
    await database.close()


from tests.faultyapi import fake_bot_api  # noqa: E402, F401

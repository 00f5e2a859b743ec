"""Shared fixtures: a real database on every backend (SQLite always, PostgreSQL when set)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.storage.database import Database, normalize_url, open_database

POSTGRES_URL = os.environ.get("QUICKLOOKS_TEST_POSTGRES_URL")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


async def reset_postgres(url: str) -> None:
    """Drop everything in the test database so each test starts from an empty schema."""
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


from tests.fakebotapi import fake_bot_api  # noqa: E402, F401

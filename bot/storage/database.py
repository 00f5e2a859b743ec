"""Open the database (a SQLite file by default, PostgreSQL to scale) and migrate its schema."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, make_url, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.errors import ConfigError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any fixed number: every process migrating the same PostgreSQL database takes this lock first.
_MIGRATION_LOCK_KEY = 0x51_4C_4D_49


def normalize_url(url: str) -> str:
    """Map plain URLs to their async drivers: sqlite -> aiosqlite, postgresql -> asyncpg."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"QUICKLOOKS_DATABASE_URL is not a database URL: {url!r}") from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend == "postgres":
        backend = "postgresql"
    if backend == "sqlite" and driver in ("", "pysqlite"):
        driver = "aiosqlite"
    elif backend == "postgresql" and driver in ("", "psycopg2"):
        driver = "asyncpg"
    elif backend not in ("sqlite", "postgresql"):
        raise ConfigError(f"unsupported database {backend!r}: use sqlite or postgresql")
    return parsed.set(drivername=f"{backend}+{driver}").render_as_string(hide_password=False)


def describe_url(url: str) -> str:
    """Return the database URL for logs: its password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(not a database URL)"


# PostgreSQL aborts one side of a deadlock or a serialization conflict; running the same
# transaction again is the documented remedy.
_RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})


def is_retryable_conflict(exc: BaseException) -> bool:
    """Tell whether `exc` is a deadlock or serialization failure worth one more attempt."""
    if not isinstance(exc, DBAPIError):
        return False
    state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return state in _RETRYABLE_SQLSTATES


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@dataclass(frozen=True)
class Database:
    """The async engine and a session factory for it."""

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]

    @property
    def dialect(self) -> str:
        """Return 'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """Open a session inside a transaction that commits on success and rolls back on error."""
        async with self.sessions() as session, session.begin():
            yield session

    async def close(self) -> None:
        """Release every pooled connection."""
        await self.engine.dispose()


def create_engine(url: str) -> AsyncEngine:
    """Create an async engine; a SQLite file's directory is created and WAL mode switched on."""
    url = normalize_url(url)
    parsed = make_url(url)
    kwargs: dict[str, Any] = {"pool_pre_ping": True}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        kwargs = {"connect_args": {"timeout": 30}}
    elif parsed.get_backend_name() == "postgresql":
        # A process paused or cut off inside a transaction would hold its row locks until it
        # resumed; the server ends such a session after 15 s, so other workers carry on.
        kwargs["connect_args"] = {
            "server_settings": {"idle_in_transaction_session_timeout": "15000"}
        }
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK_KEY})
    command.upgrade(_alembic_config(connection), "head")


async def migrate(engine: AsyncEngine) -> None:
    """Apply every pending Alembic migration (safe when several processes start at once)."""
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade)


async def open_database(url: str, *, run_migrations: bool = True) -> Database:
    """Connect to `url`, migrate it to the latest schema and return the handle."""
    engine = create_engine(url)
    try:
        if run_migrations:
            await migrate(engine)
    except OSError as exc:
        await engine.dispose()
        raise ConfigError(f"cannot reach the database: {exc}") from None
    return Database(engine, async_sessionmaker(engine, expire_on_commit=False))

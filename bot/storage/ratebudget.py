"""The shared send schedule of one bot token (PostgreSQL): reserve slot blocks, pause them all.

Times are seconds on the database server's clock (clock_timestamp()), the one clock every
process shares, so clock skew between hosts does not matter; each reservation also returns that
clock's reading so the caller can map the slots onto its own monotonic clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from bot.storage.database import Database

_ENSURE = text(
    "INSERT INTO rate_budget (name, next_slot) VALUES (:name, 0) ON CONFLICT (name) DO NOTHING "
    "RETURNING name"
)
_RESERVE = text(
    "UPDATE rate_budget SET next_slot = GREATEST(next_slot, "
    "EXTRACT(EPOCH FROM clock_timestamp()) + CAST(:lead AS float8)) "
    "+ CAST(:count AS float8) * CAST(:interval AS float8) "
    "WHERE name = :name "
    "RETURNING next_slot, CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS float8)"
)
_PAUSE = text(
    "UPDATE rate_budget SET next_slot = GREATEST(next_slot, "
    "EXTRACT(EPOCH FROM clock_timestamp()) + CAST(:seconds AS float8)) WHERE name = :name"
)


@dataclass(frozen=True)
class Block:
    """`count` slots `interval` apart, the first at `first` (database clock), read at `now`."""

    first: float
    count: int
    interval: float
    now: float


async def _one_statement(db: Database, statement: Any, params: dict[str, Any]) -> Any:
    # Autocommit: the row is locked only while the server runs the statement, so a process
    # paused or cut off between statement and COMMIT can never stall the others' sending.
    async with db.engine.connect() as connection:
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        return (await connection.execute(statement, params)).all()


async def ensure(db: Database, name: str) -> None:
    """Create the token's schedule row if it does not exist yet."""
    await _one_statement(db, _ENSURE, {"name": name})


async def reserve(db: Database, name: str, *, count: int, interval: float, lead: float) -> Block:
    """Reserve the next `count` slots, none earlier than `lead` seconds from now."""
    params = {"name": name, "count": count, "interval": interval, "lead": lead}
    (row,) = await _one_statement(db, _RESERVE, params)
    end, now = float(row[0]), float(row[1])
    return Block(first=end - count * interval, count=count, interval=interval, now=now)


async def pause(db: Database, name: str, *, seconds: float) -> None:
    """Let no process send for `seconds` from now (flood control answered 429)."""
    await _one_statement(db, _PAUSE, {"name": name, "seconds": seconds})

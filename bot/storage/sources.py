"""Sources and their fetch state (conditional GET validators, failures, backoff), and passes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.storage.database import Database
from bot.storage.models import IngestRun, Source


@dataclass(frozen=True)
class SourceState:
    """The stored fetch state of one source."""

    id: int
    etag: str | None
    last_modified: str | None
    consecutive_failures: int
    next_attempt_at: datetime | None


def _insert(dialect: str) -> type[postgresql.Insert] | type[sqlite.Insert]:
    return postgresql.Insert if dialect == "postgresql" else sqlite.Insert


async def ensure_source(db: Database, *, name: str, kind: str, location: str) -> SourceState:
    """Return the source's row, creating it (race-safely) or updating its kind and location."""
    async with db.transaction() as session:
        await session.execute(
            _insert(db.dialect)(Source)
            .values(name=name, kind=kind, location=location, consecutive_failures=0)
            .on_conflict_do_nothing(index_elements=["name"])
        )
        row = (await session.execute(select(Source).where(Source.name == name))).scalar_one()
        if (row.kind, row.location) != (kind, location):
            # A changed URL is a new resource: forget the old validators and failures.
            row.kind, row.location = kind, location
            row.etag = row.last_modified = None
            row.consecutive_failures, row.next_attempt_at = 0, None
        return SourceState(
            row.id, row.etag, row.last_modified, row.consecutive_failures, row.next_attempt_at
        )


async def record_failure(
    db: Database, source_id: int, *, now: datetime, error: str, next_attempt_at: datetime
) -> int:
    """Count one more failure, keep its reason and the next attempt; return the failure count."""
    async with db.transaction() as session:
        row = await session.get_one(Source, source_id, with_for_update=db.dialect != "sqlite")
        row.consecutive_failures += 1
        row.last_error = error[:1000]
        row.last_attempt_at = now
        row.next_attempt_at = next_attempt_at
        return row.consecutive_failures


async def start_run(db: Database, *, now: datetime) -> int:
    """Record the start of an ingestion pass and return its id."""
    async with db.transaction() as session:
        run = IngestRun(started_at=now)
        session.add(run)
        await session.flush()
        return run.id


async def finish_run(db: Database, run_id: int, *, now: datetime, **counts: int) -> None:
    """Record the end of an ingestion pass and its counts."""
    async with db.transaction() as session:
        await session.execute(
            update(IngestRun).where(IngestRun.id == run_id).values(finished_at=now, **counts)
        )

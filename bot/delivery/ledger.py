"""The delivery ledger: claim due chats and stale deliveries, and record what was sent.

Every (chat, edition) gets exactly one row (unique constraint). A row is written as 'sending'
in the same transaction that claims the chat and advances its next_due_at, then updated after
each message that went out, so a resumed delivery knows which parts of a split digest remain.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, and_, bindparam, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.schedule import (
    due_after_edition,
    edition_of,
    is_valid_timezone,
    latest_due_at,
    next_due_at,
    parse_clock_time,
)
from bot.storage import chats
from bot.storage.models import Chat, Delivery, MutedSource

log = logging.getLogger(__name__)
_DELIVERIES: Table = Delivery.__table__  # type: ignore[assignment]
_CHATS: Table = Chat.__table__  # type: ignore[assignment]

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
EMPTY = "empty"
FAILED = "failed"
SKIPPED = "skipped"
MISSED = "missed"
FINAL_STATUSES = frozenset({SENT, EMPTY, SKIPPED, MISSED})
GROUP_TYPES = frozenset({"group", "supergroup"})


def new_worker_id() -> str:
    """Name this process (host:pid:random) so a restart on the same host can spot dead workers."""
    return f"{socket.gethostname()}:{os.getpid()}:{os.urandom(3).hex()}"


def worker_is_dead(worker: str | None) -> bool:
    """Tell whether `worker` ran on this host in a process that no longer exists."""
    if not worker:
        return True
    host, _, rest = worker.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@dataclass
class Job:
    """One claimed delivery: the ledger row plus what is needed to build and send the digest."""

    delivery_id: int
    chat_id: int
    chat_type: str
    timezone: str
    bullets: int | None
    edition: str
    since: datetime | None
    cutoff: datetime
    muted: tuple[str, ...] = ()
    story_ids: list[int] = field(default_factory=list)
    messages_total: int = 0
    messages_sent: int = 0
    attempts: int = 0
    resumed: bool = False

    @property
    def is_group(self) -> bool:
        """Tell whether Telegram's stricter group limit applies."""
        return self.chat_type in GROUP_TYPES


@dataclass
class Claim:
    """What one claim step found: jobs to send plus chats settled without sending."""

    jobs: list[Job] = field(default_factory=list)
    examined: int = 0
    missed: int = 0
    already: int = 0
    cursor: int | None = None


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


async def _lock_sqlite(session: AsyncSession) -> None:
    # SQLite: take the write lock before reading, so two processes never claim the same chat.
    if _dialect(session) == "sqlite":
        await session.execute(update(Chat).where(Chat.id == -1).values(active=Chat.active))


def _insert_ignoring_duplicates(dialect: str) -> Any:
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(Delivery).on_conflict_do_nothing(
        index_elements=[Delivery.chat_id, Delivery.edition]
    )


async def _muted_by_chat(session: AsyncSession, chat_ids: Sequence[int]) -> dict[int, list[str]]:
    muted: dict[int, list[str]] = {}
    if not chat_ids:
        return muted
    rows = await session.execute(
        select(MutedSource.chat_id, MutedSource.source_name).where(
            MutedSource.chat_id.in_(chat_ids)
        )
    )
    for chat_id, name in rows:
        muted.setdefault(chat_id, []).append(name)
    return muted


async def claim_due(
    session: AsyncSession,
    *,
    now: datetime,
    worker: str,
    limit: int,
    grace: timedelta,
    force: bool = False,
    after_id: int | None = None,
    default_time: str = "08:00",
    default_timezone: str = "UTC",
) -> Claim:
    """Claim up to `limit` due chats: write their ledger rows and advance their next_due_at.

    With `force`, every active chat is due now (edition = its local date now); chats are walked
    by id from `after_id` so one tick visits each chat once.
    """
    await _lock_sqlite(session)
    query = select(Chat).where(Chat.active.is_(True)).limit(limit)
    if force:
        query = query.order_by(Chat.id)
        if after_id is not None:
            query = query.where(Chat.id > after_id)
    else:
        unscheduled = Chat.next_due_at.is_(None)
        query = query.where(or_(Chat.next_due_at <= now, unscheduled))
        query = query.order_by(Chat.next_due_at, Chat.id)
    if _dialect(session) == "postgresql":
        query = query.with_for_update(skip_locked=True)
    chats = list((await session.scalars(query)).all())
    claim = Claim(examined=len(chats), cursor=chats[-1].id if chats else after_id)
    if not chats:
        return claim
    rows: list[dict[str, Any]] = []
    advances: list[dict[str, Any]] = []
    plans: dict[tuple[int, str], Chat] = {}
    for chat in chats:
        if not _schedulable(chat.deliver_time, chat.timezone):
            # A hand-edited or legacy row: repair it to the defaults rather than stall the tick.
            log.warning(
                "chat %s has an invalid delivery time or zone (%r, %r); using %s %s",
                chat.id,
                chat.deliver_time,
                chat.timezone,
                default_time,
                default_timezone,
            )
            chat.deliver_time, chat.timezone = default_time, default_timezone
        if not force and chat.next_due_at is None:
            # Active but never scheduled (e.g. written by an older version): schedule, don't send.
            nxt = next_due_at(now, chat.deliver_time, chat.timezone)
            advances.append({"id": chat.id, "next_due_at": nxt})
            continue
        due = now if force else latest_due_at(now, chat.deliver_time, chat.timezone)
        edition = edition_of(due, chat.timezone)
        status = SENDING
        if not force and now - due > grace:
            status = MISSED
        elif not force and chat.next_due_at is not None and chat.next_due_at < due:
            stale_edition = edition_of(chat.next_due_at, chat.timezone)
            if stale_edition != edition:
                rows.append(_ledger_row(chat.id, stale_edition, MISSED, worker, now))
        rows.append(_ledger_row(chat.id, edition, status, worker, now))
        if status == SENDING:
            plans[(chat.id, edition)] = chat
        else:
            claim.missed += 1
        nxt = due_after_edition(edition, now, chat.deliver_time, chat.timezone)
        advances.append({"id": chat.id, "next_due_at": nxt})
    if not rows:
        await session.execute(update(Chat), advances)
        return claim
    inserted = await session.execute(
        _insert_ignoring_duplicates(_dialect(session)).returning(
            Delivery.id, Delivery.chat_id, Delivery.edition
        ),
        rows,
    )
    fresh = {(chat_id, edition): delivery_id for delivery_id, chat_id, edition in inserted}
    await session.execute(update(Chat), advances)
    muted = await _muted_by_chat(session, [chat_id for chat_id, _ in fresh])
    for key, chat in plans.items():
        delivery_id = fresh.get(key)
        if delivery_id is None:
            claim.already += 1
            continue
        claim.jobs.append(_job(delivery_id, chat, key[1], now, muted.get(chat.id, [])))
    return claim


def _schedulable(deliver_time: str, timezone: str) -> bool:
    try:
        parse_clock_time(deliver_time)
    except ValueError:
        return False
    return is_valid_timezone(timezone)


def _ledger_row(
    chat_id: int, edition: str, status: str, worker: str, now: datetime
) -> dict[str, Any]:
    return {
        "chat_id": chat_id,
        "edition": edition,
        "status": status,
        "story_ids": [],
        "messages_total": 0,
        "messages_sent": 0,
        "attempts": 0,
        "worker": worker,
        "claimed_at": now,
        "cutoff_at": now,
        "error": "outside the grace window" if status == MISSED else None,
    }


def _job(delivery_id: int, chat: Chat, edition: str, cutoff: datetime, muted: list[str]) -> Job:
    return Job(
        delivery_id=delivery_id,
        chat_id=chat.id,
        chat_type=chat.type,
        timezone=chat.timezone,
        bullets=chat.bullets,
        edition=edition,
        since=chat.last_digest_at,
        cutoff=cutoff,
        muted=tuple(sorted(muted)),
    )


async def take_over(
    session: AsyncSession,
    *,
    now: datetime,
    worker: str,
    limit: int,
    lease: timedelta,
    grace: timedelta,
    retry_failed_after: timedelta,
) -> Claim:
    """Claim deliveries left unfinished: 'sending' rows of dead workers, and retryable failures."""
    await _lock_sqlite(session)
    window = now - grace
    unfinished = and_(
        Delivery.status.in_([PENDING, SENDING]),
        Delivery.worker != worker,
        or_(Delivery.claimed_at < now - lease, Delivery.worker.like(f"{socket.gethostname()}:%")),
    )
    retryable = and_(Delivery.status == FAILED, Delivery.claimed_at <= now - retry_failed_after)
    query = (
        select(Delivery, Chat)
        .join(Chat, Chat.id == Delivery.chat_id)
        .where(Chat.active.is_(True), Delivery.cutoff_at >= window, or_(unfinished, retryable))
        .order_by(Delivery.id)
        .limit(limit)
    )
    if _dialect(session) == "postgresql":
        query = query.with_for_update(of=Delivery, skip_locked=True)
    found = (await session.execute(query)).all()
    claim = Claim(examined=len(found))
    chosen: list[tuple[Delivery, Chat]] = []
    for delivery, chat in found:
        lease_over = delivery.claimed_at is None or delivery.claimed_at < now - lease
        if delivery.status == FAILED or lease_over or worker_is_dead(delivery.worker):
            chosen.append((delivery, chat))
    if not chosen:
        return claim
    await session.execute(
        update(Delivery)
        .where(Delivery.id.in_([d.id for d, _ in chosen]))
        .values(status=SENDING, worker=worker, claimed_at=now)
    )
    muted = await _muted_by_chat(session, [chat.id for _, chat in chosen])
    for delivery, chat in chosen:
        assert delivery.cutoff_at is not None
        job = _job(delivery.id, chat, delivery.edition, delivery.cutoff_at, muted.get(chat.id, []))
        job.story_ids = [int(i) for i in delivery.story_ids or []]
        job.messages_total = delivery.messages_total
        job.messages_sent = delivery.messages_sent
        job.attempts = delivery.attempts
        job.resumed = True
        claim.jobs.append(job)
    return claim


async def expire_abandoned(
    session: AsyncSession, *, now: datetime, lease: timedelta, grace: timedelta
) -> int:
    """Mark unfinished rows whose grace window has ended as failed, so none stays 'sending'."""
    result = await session.execute(
        update(Delivery)
        .where(
            Delivery.status.in_([PENDING, SENDING]),
            Delivery.cutoff_at < now - grace,
            Delivery.claimed_at < now - lease,
        )
        .values(status=FAILED, error="abandoned: the grace window ended before it was resumed")
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class Progress:
    """A snapshot of a job's ledger row to write after a message (or at the end)."""

    delivery_id: int
    chat_id: int
    worker: str
    status: str
    messages_sent: int
    messages_total: int
    story_ids: tuple[int, ...]
    attempts: int
    error: str | None
    sent_at: datetime | None
    cutoff: datetime

    @classmethod
    def of(
        cls, job: Job, *, worker: str, status: str, at: datetime, error: str | None = None
    ) -> Progress:
        """Snapshot `job` now (it keeps changing while the write waits its turn)."""
        return cls(
            delivery_id=job.delivery_id,
            chat_id=job.chat_id,
            worker=worker,
            status=status,
            messages_sent=job.messages_sent,
            messages_total=job.messages_total,
            story_ids=tuple(job.story_ids),
            attempts=job.attempts,
            error=error,
            sent_at=at if status in (SENT, EMPTY) else None,
            cutoff=job.cutoff,
        )

    @property
    def closes_window(self) -> bool:
        """Tell whether the chat's next digest starts where this edition's window ended."""
        return self.status in (SENT, EMPTY, SKIPPED)


_PROGRESS = (
    _DELIVERIES.update()
    .where(_DELIVERIES.c.id == bindparam("b_id"), _DELIVERIES.c.worker == bindparam("b_worker"))
    .values(
        status=bindparam("status"),
        messages_sent=bindparam("messages_sent"),
        messages_total=bindparam("messages_total"),
        story_ids=bindparam("story_ids"),
        attempts=bindparam("attempts"),
        error=bindparam("error"),
        sent_at=bindparam("sent_at"),
    )
)
_WINDOW = (
    _CHATS.update()
    .where(_CHATS.c.id == bindparam("b_id"))
    .values(last_digest_at=bindparam("cutoff"))
)


def _progress_params(item: Progress) -> dict[str, Any]:
    return {
        "b_id": item.delivery_id,
        "b_worker": item.worker,
        "status": item.status,
        "messages_sent": item.messages_sent,
        "messages_total": item.messages_total,
        "story_ids": list(item.story_ids),
        "attempts": item.attempts,
        "error": item.error,
        "sent_at": item.sent_at,
    }


async def record_progress(session: AsyncSession, items: Sequence[Progress]) -> list[bool]:
    """Write many jobs' progress at once; False for rows another worker has taken over.

    Core executemany on the tables: the ORM's per-row bookkeeping and one driver round trip per
    statement would cap a tick far below Telegram's rate on SQLite.
    """
    if not items:
        return []
    connection = await session.connection()
    ok = [True] * len(items)
    if connection.dialect.supports_sane_multi_rowcount:
        result = await connection.execute(_PROGRESS, [_progress_params(i) for i in items])
        if result.rowcount != len(items):
            ok = await _progress_one_by_one(connection, items)
    else:
        ok = await _progress_one_by_one(connection, items)
    # Chat rows are locked in id order, as claiming does, so two workers cannot lock in a cycle.
    closing = [
        {"b_id": item.chat_id, "cutoff": item.cutoff}
        for item, written in sorted(zip(items, ok, strict=True), key=lambda pair: pair[0].chat_id)
        if written and item.closes_window
    ]
    if closing:
        await connection.execute(_WINDOW, closing)
    return ok


async def _progress_one_by_one(connection: Any, items: Sequence[Progress]) -> list[bool]:
    # Rows already written by the batch attempt are rewritten with the same values: harmless.
    ok = []
    for item in items:
        result = await connection.execute(_PROGRESS, _progress_params(item))
        ok.append(bool(result.rowcount))
    return ok


async def deactivate_chat(session: AsyncSession, chat_id: int, *, reason: str) -> None:
    """Stop delivering to a chat that blocked the bot or no longer exists."""
    await session.execute(
        update(Chat).where(Chat.id == chat_id).values(active=False, deactivated_reason=reason)
    )


async def migrate_chat(session: AsyncSession, job: Job, new_chat_id: int) -> bool:
    """Move a subscription to the supergroup that replaced its group; False if already there."""
    return await chats.move_chat(session, job.chat_id, new_chat_id)

"""The delivery ledger's rows: due chats, claims, progress, and the chat changes delivery makes.

Every (chat, edition) gets exactly one row (unique constraint). A row is written as 'sending'
in the same transaction that claims the chat and advances its next_due_at, then updated after
each message that went out, so a resumed delivery knows which parts of a split digest remain.
Which chat is due, for which edition, is decided by bot.delivery (pure schedule functions);
this module reads and writes what it is given.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, and_, bindparam, func, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.chats import move_chat
from bot.storage.database import Database
from bot.storage.models import Chat, Delivery, MutedSource

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


@dataclass(frozen=True)
class ChatRow:
    """What delivery reads of a chat: where, when, how many bullets, since when."""

    id: int
    type: str
    deliver_time: str
    timezone: str
    bullets: int | None
    next_due_at: datetime | None
    last_digest_at: datetime | None

    @classmethod
    def of(cls, chat: Chat) -> ChatRow:
        """Copy a Chat row."""
        return cls(
            id=chat.id,
            type=chat.type,
            deliver_time=chat.deliver_time,
            timezone=chat.timezone,
            bullets=chat.bullets,
            next_due_at=chat.next_due_at,
            last_digest_at=chat.last_digest_at,
        )


@dataclass(frozen=True)
class DeliveryRow:
    """A ledger row as a resumed delivery reads it."""

    id: int
    chat_id: int
    edition: str
    status: str
    worker: str | None
    claimed_at: datetime | None
    cutoff_at: datetime | None
    lease_token: int
    lease_until: datetime | None
    story_ids: tuple[int, ...]
    messages_total: int
    messages_sent: int
    attempts: int


@dataclass(frozen=True)
class NewRow:
    """A ledger row to insert when a chat is claimed (or its edition is recorded as missed)."""

    chat_id: int
    edition: str
    status: str
    worker: str
    at: datetime
    error: str | None = None
    lease_until: datetime | None = None


@dataclass(frozen=True)
class Reschedule:
    """A chat's next delivery instant, and its repaired time and zone when those were invalid."""

    chat_id: int
    next_due_at: datetime
    deliver_time: str | None = None
    timezone: str | None = None


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


async def _lock_sqlite(session: AsyncSession) -> None:
    # SQLite: take the write lock before reading, so two processes never claim the same chat.
    if _dialect(session) == "sqlite":
        await session.execute(update(Chat).where(Chat.id == -1).values(active=Chat.active))


async def lock_due_chats(
    session: AsyncSession, *, now: datetime, limit: int, every: bool, after_id: int | None
) -> list[ChatRow]:
    """Lock up to `limit` active chats due at `now` (never scheduled ones too).

    With `every`, every active chat counts, walked by id after `after_id`, so one pass visits
    each chat once. Rows other processes hold are skipped (PostgreSQL SKIP LOCKED).
    """
    await _lock_sqlite(session)
    query = select(*_CHAT_ROW).where(Chat.active.is_(True)).limit(limit)
    if every:
        query = query.order_by(Chat.id)
        if after_id is not None:
            query = query.where(Chat.id > after_id)
    else:
        # Two index ranges, never an OR over them (an OR makes both databases scan every
        # active chat): chats never scheduled first, then the due ones, oldest due first.
        unscheduled = query.where(Chat.next_due_at.is_(None)).order_by(Chat.id)
        found = await _locked(session, unscheduled)
        if len(found) >= limit:
            return found
        due = query.where(Chat.next_due_at <= now).order_by(Chat.next_due_at, Chat.id)
        return found + await _locked(session, due.limit(limit - len(found)))
    return await _locked(session, query)


# The columns of a ChatRow, read as plain rows (no ORM objects to build and track).
_CHAT_ROW = (
    Chat.id, Chat.type, Chat.deliver_time, Chat.timezone, Chat.bullets, Chat.next_due_at,
    Chat.last_digest_at,
)  # fmt: skip


async def _locked(session: AsyncSession, query: Any) -> list[ChatRow]:
    if _dialect(session) == "postgresql":
        query = query.with_for_update(skip_locked=True)
    # by column name: a column added to _CHAT_ROW in another place cannot shift the fields
    return [ChatRow(**row._mapping) for row in (await session.execute(query)).all()]


async def backlog(session: AsyncSession, *, now: datetime) -> tuple[int, datetime | None]:
    """Count the active chats due at `now` and return the oldest due instant among them.

    One range of ix_chats_due: the cost is the backlog itself, not the subscriber count.
    """
    row = (
        await session.execute(
            select(func.count(), func.min(Chat.next_due_at)).where(
                Chat.active.is_(True), Chat.next_due_at <= now
            )
        )
    ).one()
    return int(row[0]), row[1]


def _insert_ignoring_duplicates(dialect: str) -> Any:
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(_DELIVERIES).on_conflict_do_nothing(
        index_elements=[_DELIVERIES.c.chat_id, _DELIVERIES.c.edition]
    )


async def insert_rows(session: AsyncSession, rows: Sequence[NewRow]) -> dict[tuple[int, str], int]:
    """Insert ledger rows, skipping (chat, edition) pairs that exist; return the new rows' ids."""
    if not rows:
        return {}
    values: list[dict[str, Any]] = [
        {
            "chat_id": row.chat_id, "edition": row.edition, "status": row.status,
            "story_ids": [], "messages_total": 0, "messages_sent": 0, "attempts": 0,
            "worker": row.worker, "claimed_at": row.at, "cutoff_at": row.at, "error": row.error,
            "lease_token": 1, "lease_until": row.lease_until,
        }
        for row in rows
    ]  # fmt: skip
    inserted = await session.execute(
        _insert_ignoring_duplicates(_dialect(session)).returning(
            _DELIVERIES.c.id, _DELIVERIES.c.chat_id, _DELIVERIES.c.edition
        ),
        values,
    )
    return {(chat_id, edition): delivery_id for delivery_id, chat_id, edition in inserted}


async def recorded_editions(
    session: AsyncSession, pairs: Sequence[tuple[int, str]]
) -> set[tuple[int, str]]:
    """Return which of these (chat, edition) pairs have a ledger row (index uq_deliveries_...)."""
    if not pairs:
        return set()
    rows = await session.execute(
        select(Delivery.chat_id, Delivery.edition).where(
            Delivery.chat_id.in_(sorted({chat_id for chat_id, _ in pairs})),
            Delivery.edition.in_(sorted({edition for _, edition in pairs})),
        )
    )
    return {(chat_id, edition) for chat_id, edition in rows} & set(pairs)


async def reschedule(session: AsyncSession, changes: Sequence[Reschedule]) -> None:
    """Write each chat's next delivery instant (and repaired time and zone)."""
    plain = [
        {"b_id": c.chat_id, "next_due_at": c.next_due_at}
        for c in changes
        if c.deliver_time is None and c.timezone is None
    ]
    if plain:
        await session.execute(_RESCHEDULE, plain)
    for change in changes:  # rare: a hand-edited or legacy row repaired to the defaults
        if change.deliver_time is None and change.timezone is None:
            continue
        values: dict[str, Any] = {"next_due_at": change.next_due_at}
        if change.deliver_time is not None:
            values["deliver_time"] = change.deliver_time
        if change.timezone is not None:
            values["timezone"] = change.timezone
        await session.execute(_CHATS.update().where(_CHATS.c.id == change.chat_id).values(values))


_RESCHEDULE = (
    _CHATS.update()
    .where(_CHATS.c.id == bindparam("b_id"))
    .values(next_due_at=bindparam("next_due_at"))
)


async def muted_by_chat(session: AsyncSession, chat_ids: Sequence[int]) -> dict[int, list[str]]:
    """Return each chat's muted source names."""
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


async def lock_unfinished(
    session: AsyncSession,
    *,
    now: datetime,
    worker: str,
    host: str,
    limit: int,
    grace: timedelta,
    retry_failed_after: timedelta,
) -> list[tuple[DeliveryRow, ChatRow]]:
    """Lock deliveries another worker left unfinished, or that failed long enough ago.

    Candidates: 'sending' rows whose lease has run out or whose worker ran on `host` (the
    caller checks whether that process still lives), and failed rows due a retry; all within
    the grace window and for active chats, oldest first. Each status is one range of
    ix_deliveries_status_cutoff, so the cost follows the open rows of the window, not the ledger.
    """
    await _lock_sqlite(session)
    unfinished = and_(
        Delivery.status.in_([PENDING, SENDING]),
        Delivery.worker != worker,
        or_(
            Delivery.lease_until.is_(None),
            Delivery.lease_until <= now,
            Delivery.worker.like(f"{host}:%"),
        ),
    )
    retryable = and_(Delivery.status == FAILED, Delivery.claimed_at <= now - retry_failed_after)
    query = (
        select(Delivery, Chat)
        # "+ 0": the ledger's (chat_id, edition) index must not drive the join, or SQLite walks
        # every active chat's whole history; the open rows of the window come first instead.
        .join(Chat, Chat.id == Delivery.chat_id + 0)
        .where(
            Delivery.status.in_([PENDING, SENDING, FAILED]),
            Chat.active.is_(True),
            Delivery.cutoff_at >= now - grace,
            or_(unfinished, retryable),
        )
        .order_by(Delivery.cutoff_at, Delivery.id)
        .limit(limit)
    )
    if _dialect(session) == "postgresql":
        query = query.with_for_update(of=Delivery, skip_locked=True)
    found = []
    for delivery, chat in (await session.execute(query)).all():
        row = DeliveryRow(
            id=delivery.id,
            chat_id=delivery.chat_id,
            edition=delivery.edition,
            status=delivery.status,
            worker=delivery.worker,
            claimed_at=delivery.claimed_at,
            cutoff_at=delivery.cutoff_at,
            lease_token=delivery.lease_token,
            lease_until=delivery.lease_until,
            story_ids=tuple(int(i) for i in delivery.story_ids or []),
            messages_total=delivery.messages_total,
            messages_sent=delivery.messages_sent,
            attempts=delivery.attempts,
        )
        found.append((row, ChatRow.of(chat)))
    return found


async def take(
    session: AsyncSession,
    rows: Sequence[DeliveryRow],
    *,
    worker: str,
    now: datetime,
    lease_until: datetime,
) -> dict[int, int]:
    """Make `worker` the owner of these (locked) rows; return each taken row's new token.

    The token goes up by one, so every write of the previous owner (which checks its token)
    fails from now on: it can never send the delivery's next message.
    """
    taken: dict[int, int] = {}
    for row in rows:
        result = await session.execute(
            update(Delivery)
            .where(Delivery.id == row.id, Delivery.lease_token == row.lease_token)
            .values(
                status=SENDING,
                worker=worker,
                claimed_at=now,
                lease_token=row.lease_token + 1,
                lease_until=lease_until,
            )
        )
        if getattr(result, "rowcount", 0):
            taken[row.id] = row.lease_token + 1
    return taken


async def expire_abandoned(session: AsyncSession, *, now: datetime, grace: timedelta) -> int:
    """Mark unfinished rows whose grace window has ended as failed, so none stays 'sending'."""
    result = await session.execute(
        update(Delivery)
        .where(
            Delivery.status.in_([PENDING, SENDING]),
            Delivery.cutoff_at < now - grace,
            or_(Delivery.lease_until.is_(None), Delivery.lease_until <= now),
        )
        .values(status=FAILED, error="abandoned: the grace window ended before it was resumed")
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class Progress:
    """A snapshot of a delivery's ledger row to write after a message (or at the end)."""

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
    token: int = 0
    # Set for a claim to send the next message: the write succeeds only while the lease runs
    # at `now` (the writer's clock), and moves it to `lease_until`.
    now: datetime | None = None
    lease_until: datetime | None = None

    @property
    def closes_window(self) -> bool:
        """Tell whether the chat's next digest starts where this edition's window ended."""
        return self.status in (SENT, EMPTY, SKIPPED)


_OWNED = and_(
    _DELIVERIES.c.id == bindparam("b_id"),
    _DELIVERIES.c.worker == bindparam("b_worker"),
    _DELIVERIES.c.lease_token == bindparam("b_token"),
)
# What every progress write records (each statement adds its own column).
_STATE: dict[str, Any] = {
    name: bindparam(name)
    for name in ("status", "messages_sent", "messages_total", "story_ids", "attempts", "error")
}
_PROGRESS = _DELIVERIES.update().where(_OWNED).values(**_STATE, sent_at=bindparam("sent_at"))
# Compare-and-set before a message: owner and token match and the lease still runs.
_CLAIM_NEXT = (
    _DELIVERIES.update()
    .where(_OWNED, _DELIVERIES.c.lease_until > bindparam("b_now"))
    .values(**_STATE, lease_until=bindparam("lease_until"))
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
        "b_token": item.token,
        "status": item.status,
        "messages_sent": item.messages_sent,
        "messages_total": item.messages_total,
        "story_ids": list(item.story_ids),
        "attempts": item.attempts,
        "error": item.error,
        **(
            {"b_now": item.now, "lease_until": item.lease_until}
            if item.now is not None
            else {"sent_at": item.sent_at}
        ),
    }


def _statement(item: Progress) -> Any:
    return _CLAIM_NEXT if item.now is not None else _PROGRESS


async def record_progress(session: AsyncSession, items: Sequence[Progress]) -> list[bool]:
    """Write many deliveries' progress at once; False for rows another worker has taken over.

    Compare-and-sets (before a message) and final records go out together: on PostgreSQL as one
    statement (see `batch_progress`); elsewhere as Core executemany on the tables (the ORM's
    per-row bookkeeping would cap a tick far below Telegram's rate on SQLite).
    """
    if not items:
        return []
    connection = await session.connection()
    if connection.dialect.name == "postgresql" and one_statement_fits(items):
        return await batch_progress(connection, items)
    ok = [True] * len(items)
    if connection.dialect.supports_sane_multi_rowcount:
        written = 0
        for statement in (_PROGRESS, _CLAIM_NEXT):
            same = [_progress_params(i) for i in items if _statement(i) is statement]
            if same:
                written += (await connection.execute(statement, same)).rowcount
        if written != len(items):
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


def one_statement_fits(items: Sequence[Progress]) -> bool:
    """Tell whether `batch_progress` can write `items`: each row, and each closed chat, once."""
    closing = [item.chat_id for item in items if item.closes_window]
    return len({i.delivery_id for i in items}) == len(items) and len(set(closing)) == len(closing)


async def batch_progress(connection: Any, items: Sequence[Progress]) -> list[bool]:
    """PostgreSQL: write a batch of progress in one statement, one round trip; per item whether
    it was written. Atomic on its own, so it may run in autocommit (the ledger writer does)."""
    written = {row[0] for row in await connection.execute(_BATCH, _batch_params(items))}
    return [item.delivery_id in written for item in items]


# Every progress write of a batch: a row is written only if its owner and fencing token match
# and, for a claim before a message (b_now set), only while its lease still runs; such a claim
# moves the lease, a final record sets sent_at (the conditions of _CLAIM_NEXT and _PROGRESS,
# row by row). A written final record that closes its chat's window (cutoff set) moves the
# chat's last_digest_at in the same statement, as _WINDOW does.
_BATCH = text(
    "WITH v AS (SELECT * FROM unnest(CAST(:ids AS integer[]), CAST(:workers AS text[]), "
    "CAST(:tokens AS integer[]), CAST(:statuses AS text[]), CAST(:sent AS integer[]), "
    "CAST(:totals AS integer[]), CAST(:stories AS text[]), CAST(:attempts AS integer[]), "
    "CAST(:errors AS text[]), CAST(:sent_at AS timestamptz[]), CAST(:nows AS timestamptz[]), "
    "CAST(:leases AS timestamptz[]), CAST(:cutoffs AS timestamptz[])) "
    "AS v(id, worker, token, status, messages_sent, messages_total, story_ids, attempts, error, "
    "sent_at, b_now, lease_until, cutoff)), "
    "w AS (UPDATE deliveries AS d SET status = v.status, messages_sent = v.messages_sent, "
    "messages_total = v.messages_total, story_ids = CAST(v.story_ids AS json), "
    "attempts = v.attempts, error = v.error, "
    "lease_until = CASE WHEN v.b_now IS NULL THEN d.lease_until ELSE v.lease_until END, "
    "sent_at = CASE WHEN v.b_now IS NULL THEN v.sent_at ELSE d.sent_at END "
    "FROM v WHERE d.id = v.id AND d.worker = v.worker AND d.lease_token = v.token "
    "AND (v.b_now IS NULL OR d.lease_until > v.b_now) RETURNING d.id, d.chat_id), "
    "c AS (UPDATE chats SET last_digest_at = v.cutoff FROM w JOIN v ON v.id = w.id "
    "WHERE chats.id = w.chat_id AND v.cutoff IS NOT NULL) "
    "SELECT id FROM w"
)


def _batch_params(items: Sequence[Progress]) -> dict[str, list[Any]]:
    return {
        "ids": [i.delivery_id for i in items],
        "workers": [i.worker for i in items],
        "tokens": [i.token for i in items],
        "statuses": [i.status for i in items],
        "sent": [i.messages_sent for i in items],
        "totals": [i.messages_total for i in items],
        "stories": [json.dumps(list(i.story_ids)) for i in items],
        "attempts": [i.attempts for i in items],
        "errors": [i.error for i in items],
        "sent_at": [i.sent_at for i in items],
        "nows": [i.now for i in items],
        "leases": [i.lease_until if i.now is not None else None for i in items],
        "cutoffs": [i.cutoff if i.closes_window else None for i in items],
    }


async def _progress_one_by_one(connection: Any, items: Sequence[Progress]) -> list[bool]:
    # Rows already written by the batch attempt are rewritten with the same values: harmless.
    ok = []
    for item in items:
        result = await connection.execute(_statement(item), _progress_params(item))
        ok.append(bool(result.rowcount))
    return ok


@dataclass(frozen=True)
class Lease:
    """A row a worker holds, by id and fencing token."""

    delivery_id: int
    token: int


_RENEW = text(
    "UPDATE deliveries AS d SET lease_until = CAST(:until AS timestamptz) "
    "FROM unnest(CAST(:ids AS integer[]), CAST(:tokens AS integer[])) AS v(id, token) "
    "WHERE d.id = v.id AND d.lease_token = v.token AND d.worker = CAST(:worker AS text) "
    "AND d.status = ANY(CAST(:open AS text[])) AND d.lease_until > CAST(:now AS timestamptz) "
    "RETURNING d.id, d.lease_token"
)


async def renew_leases(
    session: AsyncSession,
    leases: Sequence[Lease],
    *,
    worker: str,
    now: datetime,
    until: datetime,
) -> list[bool]:
    """Extend the leases `worker` still holds (token matches, lease not run out): the heartbeat.

    Returns, per lease, whether it is still held; a lost one must not send anything more.
    """
    statement = (
        update(Delivery)
        .where(
            Delivery.id == bindparam("b_id"),
            Delivery.worker == worker,
            Delivery.lease_token == bindparam("b_token"),
            Delivery.status.in_([PENDING, SENDING]),
            Delivery.lease_until > now,
        )
        .values(lease_until=until)
        .execution_options(synchronize_session=False)
    )
    connection = await session.connection()
    if connection.dialect.name == "postgresql" and leases:
        # One statement for every held row (a tick holds up to 3 x global_rate of them).
        rows = await connection.execute(
            _RENEW,
            {
                "ids": [lease.delivery_id for lease in leases],
                "tokens": [lease.token for lease in leases],
                "worker": worker,
                "now": now,
                "until": until,
                "open": [PENDING, SENDING],
            },
        )
        renewed = {(row[0], row[1]) for row in rows}
        return [(lease.delivery_id, lease.token) in renewed for lease in leases]
    held = []
    for lease in leases:
        result = await connection.execute(
            statement, {"b_id": lease.delivery_id, "b_token": lease.token}
        )
        held.append(bool(result.rowcount))
    return held


async def prune(session: AsyncSession, *, before: datetime, limit: int) -> int:
    """Delete up to `limit` finished ledger rows whose edition was cut off before `before`.

    Reads one range of ix_deliveries_status_cutoff per final status (and 'failed', which is
    final once its grace window is over), so a batch costs `limit` rows, whatever the ledger.
    """
    ids = (
        select(Delivery.id)
        .where(
            Delivery.status.in_([*sorted(FINAL_STATUSES), FAILED]),
            Delivery.cutoff_at < before,
        )
        .limit(limit)
    )
    if _dialect(session) == "postgresql":
        ids = ids.with_for_update(skip_locked=True)
    result = await session.execute(
        _DELIVERIES.delete().where(_DELIVERIES.c.id.in_(ids.scalar_subquery()))
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def block_chat(session: AsyncSession, progress: Progress, *, reason: str) -> None:
    """Stop delivering to a chat that blocked the bot or no longer exists, and close its row."""
    await session.execute(
        update(Chat)
        .where(Chat.id == progress.chat_id)
        .values(active=False, deactivated_reason=reason)
    )
    await record_progress(session, [progress])


async def migrate_chat(session: AsyncSession, old_id: int, new_id: int) -> bool:
    """Move a subscription to the supergroup that replaced its group; False if already there."""
    return await move_chat(session, old_id, new_id)


async def edition_stories(db: Database, chat_id: int, edition: str) -> tuple[int, ...]:
    """Return the story ids a chat's daily digest `edition` recorded (empty if none or pruned)."""
    async with db.sessions() as session:
        found = await session.scalar(
            select(Delivery.story_ids).where(
                Delivery.chat_id == chat_id, Delivery.edition == edition
            )
        )
    return tuple(int(i) for i in found or [])

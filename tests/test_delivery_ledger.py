"""The ledger's ownership rules, its pruning, and the shapes of the per-tick queries.

Ownership: a claim gives the row a fencing token and a lease; every write of the owner checks
the token, the compare-and-set before a message also checks that the lease still runs, and a
take-over bumps the token, so the previous owner's next write (and so its next message) fails.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, insert, select, update

from bot.delivery import claims
from bot.delivery.claims import Job
from bot.storage import deliveries
from bot.storage.database import Database
from bot.storage.models import Chat, Delivery
from tests.deliverykit import (
    FAST,
    UTC_NOON,
    add_chats,
    add_source,
    add_story,
    chat,
    config,
    ledger,
    make_bot,
)
from tests.faultyapi import FaultyBotApi

pytestmark = pytest.mark.clock

NOW = UTC_NOON
LEASE = timedelta(minutes=10)
GRACE = timedelta(hours=6)


async def _claim(db: Database, worker: str, *, now: Any = NOW) -> Job:
    async with db.transaction() as session:
        claim = await claims.claim_due(
            session, now=now, worker=worker, limit=10, grace=GRACE, lease_until=now + LEASE
        )
    (job,) = claim.jobs
    return job


async def _take_over(db: Database, worker: str, *, now: Any) -> list[Job]:
    async with db.transaction() as session:
        claim = await claims.take_over(
            session, now=now, worker=worker, limit=10, lease=LEASE, grace=GRACE,
            retry_failed_after=timedelta(minutes=5),
        )  # fmt: skip
    return claim.jobs


async def _cas(db: Database, job: Job, worker: str, *, now: Any) -> bool:
    progress = dataclasses.replace(
        job.progress(worker=worker, status=deliveries.SENDING, at=now),
        now=now,
        lease_until=now + LEASE,
    )
    async with db.transaction() as session:
        (ok,) = await deliveries.record_progress(session, [progress])
    return ok


async def _final(db: Database, job: Job, worker: str) -> bool:
    async with db.transaction() as session:
        progress = job.progress(worker=worker, status=deliveries.SENT, at=NOW)
        (ok,) = await deliveries.record_progress(session, [progress])
    return ok


async def test_a_take_over_fences_off_the_previous_owner(db: Database) -> None:
    await add_chats(db, [1], now=NOW)
    first = await _claim(db, "far-host:1:a")
    assert first.token == 1
    # While the lease runs, nobody else may take the row, and the owner may send.
    assert await _take_over(db, "far-host:2:b", now=NOW + LEASE / 2) == []
    assert await _cas(db, first, "far-host:1:a", now=NOW + LEASE / 2)
    # Its renewed lease runs out unrenewed: another worker takes over with the next token.
    later = NOW + LEASE / 2 + LEASE + timedelta(seconds=1)
    (second,) = await _take_over(db, "far-host:2:b", now=later)
    assert second.token == 2 and second.resumed
    # The old owner's compare-and-set before its next message fails, and so does its record.
    assert not await _cas(db, first, "far-host:1:a", now=later)
    assert not await _final(db, first, "far-host:1:a")
    assert await _cas(db, second, "far-host:2:b", now=later)
    assert await _final(db, second, "far-host:2:b")
    (row,) = await ledger(db)
    assert (row.worker, row.lease_token, row.status) == ("far-host:2:b", 2, "sent")


async def test_no_message_starts_on_a_lease_that_ran_out(db: Database) -> None:
    await add_chats(db, [1], now=NOW)
    job = await _claim(db, "far-host:1:a")
    # Nobody took it over, but its lease is over: the compare-and-set refuses, and a
    # heartbeat cannot revive it either (another worker may be taking it over right now).
    late = NOW + LEASE + timedelta(seconds=1)
    assert not await _cas(db, job, "far-host:1:a", now=late)
    async with db.transaction() as session:
        held = await deliveries.renew_leases(
            session, [deliveries.Lease(job.delivery_id, job.token)],
            worker="far-host:1:a", now=late, until=late + LEASE,
        )  # fmt: skip
    assert held == [False]


async def test_the_heartbeat_keeps_a_waiting_delivery_owned(db: Database) -> None:
    await add_chats(db, [1], now=NOW)
    job = await _claim(db, "far-host:1:a")
    lease = [deliveries.Lease(job.delivery_id, job.token)]
    at = NOW
    for _ in range(5):  # renewed every lease / 3 for well over a lease
        at += LEASE / 3
        async with db.transaction() as session:
            held = await deliveries.renew_leases(
                session, lease, worker="far-host:1:a", now=at, until=at + LEASE
            )
        assert held == [True]
        assert await _take_over(db, "far-host:2:b", now=at) == []
    assert await _cas(db, job, "far-host:1:a", now=at)


async def test_one_batch_mixes_claims_and_records_and_fences_each_row(db: Database) -> None:
    # The ledger writer sends every job's write of a moment in one batch: compare-and-sets
    # before a message, final records, and writes of rows their owner no longer holds.
    ahead, done, lapsed, taken = await _claim_four(db)
    later = NOW + LEASE / 2
    (taken_over,) = [  # chat 4's row: its lease is set back, then another worker takes it
        job for job in await _take_over_row(db, taken.delivery_id, "far-host:2:b", now=later)
    ]
    await _lapse(db, lapsed.delivery_id, at=later)
    ahead.messages_total = done.messages_total = lapsed.messages_total = 2
    done.messages_sent = 2
    batch = [
        dataclasses.replace(
            job.progress(worker="far-host:1:a", status=deliveries.SENDING, at=later),
            now=later,
            lease_until=later + LEASE,
        )
        for job in (ahead, lapsed)
    ] + [
        done.progress(worker="far-host:1:a", status=deliveries.SENT, at=later),
        taken.progress(worker="far-host:1:a", status=deliveries.SENT, at=later),
    ]
    async with db.transaction() as session:
        assert await deliveries.record_progress(session, batch) == [True, False, True, False]
    rows = {row.chat_id: row for row in await ledger(db)}
    # The claim moved its lease and left sent_at alone; the record set sent_at, kept the lease.
    assert rows[1].status == "sending" and rows[1].messages_total == 2
    assert rows[1].lease_until == later + LEASE and rows[1].sent_at is None
    assert rows[2].status == "sent" and rows[2].messages_sent == 2
    assert rows[2].sent_at == later and rows[2].lease_until == NOW + LEASE
    # The lapsed lease and the row taken over were not touched.
    assert rows[3].status == "sending" and rows[3].messages_total == 0
    assert rows[3].lease_until == later
    assert (rows[4].worker, rows[4].lease_token, rows[4].status) == (
        "far-host:2:b", taken_over.token, "sending",
    )  # fmt: skip
    # Only the delivered digest closes its chat's window.
    assert (await chat(db, 2)).last_digest_at == NOW  # type: ignore[union-attr]
    assert (await chat(db, 1)).last_digest_at is None  # type: ignore[union-attr]


async def test_a_forced_pass_leaves_chats_claimed_by_another_process_alone(db: Database) -> None:
    # `send-digests --now` walks every active chat; processes running at once meet the chats
    # the others claimed. Those are neither claimed again nor rescheduled (their claim did it).
    await add_chats(db, range(1, 11), now=NOW)
    async with db.transaction() as session:
        first = await claims.claim_due(
            session, now=NOW, worker="a", limit=6, grace=GRACE, force=True, lease_until=NOW + LEASE
        )
        # A /time command changed one claimed chat's next delivery meanwhile.
        moved = NOW + timedelta(hours=5)
        await session.execute(update(Chat).where(Chat.id == 3).values(next_due_at=moved))
    async with db.transaction() as session:
        second = await claims.claim_due(
            session, now=NOW, worker="b", limit=10, grace=GRACE, force=True,
            lease_until=NOW + LEASE,
        )  # fmt: skip
    assert (len(first.jobs), len(second.jobs), second.already) == (6, 4, 6)
    assert {job.chat_id for job in second.jobs} == set(range(7, 11))
    assert (await chat(db, 3)).next_due_at == moved  # type: ignore[union-attr]
    assert sorted(row.chat_id for row in await ledger(db)) == list(range(1, 11))


async def _lapse(db: Database, delivery_id: int, *, at: Any) -> None:
    """Set a row's lease to end at `at`, as if its owner had stopped renewing it."""
    async with db.transaction() as session:
        await session.execute(
            update(Delivery).where(Delivery.id == delivery_id).values(lease_until=at)
        )


async def _take_over_row(db: Database, delivery_id: int, worker: str, *, now: Any) -> list[Job]:
    await _lapse(db, delivery_id, at=now)
    return await _take_over(db, worker, now=now)


async def _claim_four(db: Database) -> list[Job]:
    """Claim chats 1-4 for "far-host:1:a", in chat order."""
    await add_chats(db, [1, 2, 3, 4], now=NOW)
    async with db.transaction() as session:
        claim = await claims.claim_due(
            session, now=NOW, worker="far-host:1:a", limit=10, grace=GRACE, lease_until=NOW + LEASE
        )
    return sorted(claim.jobs, key=lambda job: job.chat_id)


async def test_one_heartbeat_renews_only_the_leases_still_held(db: Database) -> None:
    held, lapsed, taken, done = await _claim_four(db)
    at = NOW + LEASE / 3
    await _take_over_row(db, taken.delivery_id, "far-host:2:b", now=at)
    await _lapse(db, lapsed.delivery_id, at=at)
    assert await _final(db, done, "far-host:1:a")  # finished: nothing left to hold
    async with db.transaction() as session:
        renewed = await deliveries.renew_leases(
            session,
            [deliveries.Lease(job.delivery_id, job.token) for job in (held, lapsed, taken, done)],
            worker="far-host:1:a", now=at, until=at + LEASE,
        )  # fmt: skip
    assert renewed == [True, False, False, False]
    rows = {row.chat_id: row for row in await ledger(db)}
    assert rows[1].lease_until == at + LEASE
    assert rows[2].lease_until == at and rows[4].lease_until == NOW + LEASE
    assert rows[3].worker == "far-host:2:b" and rows[3].lease_until == at + LEASE


async def test_the_writer_gets_over_its_connection_dying_between_batches(db: Database) -> None:
    # On PostgreSQL the ledger writer keeps one autocommit connection for its batches; a server
    # restart or a cut idle link kills it, which a pool checkout's ping used to hide.
    if db.dialect != "postgresql":
        pytest.skip("the kept connection is PostgreSQL's")
    from sqlalchemy import text

    from bot.storage.writer import LedgerWriter

    await add_chats(db, [1, 2], now=NOW)
    async with db.transaction() as session:
        claim = await claims.claim_due(
            session, now=NOW, worker="far-host:1:a", limit=10, grace=GRACE, lease_until=NOW + LEASE
        )
    first, second = sorted(claim.jobs, key=lambda job: job.chat_id)

    def cas(job: Job) -> Any:
        return dataclasses.replace(
            job.progress(worker="far-host:1:a", status=deliveries.SENDING, at=NOW),
            now=NOW,
            lease_until=NOW + LEASE,
        )

    async with LedgerWriter(db) as writer:
        assert await writer.record(cas(first))
        kept = writer._autocommit
        assert kept is not None
        pid = (await kept.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        async with db.sessions() as session:
            await session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        assert await writer.record(cas(second))
        assert await writer.record(first.progress(worker="far-host:1:a", status="sent", at=NOW))
    rows = {row.chat_id: row for row in await ledger(db)}
    assert rows[1].status == "sent" and rows[2].lease_until == NOW + LEASE


async def test_a_dead_worker_on_this_host_is_taken_over_at_once(db: Database) -> None:
    await add_chats(db, [1], now=NOW)
    import socket

    # pid 2**22 + 1 is above Linux's pid_max default: no such process.
    await _claim(db, f"{socket.gethostname()}:{2**22 + 1}:dead")
    (job,) = await _take_over(db, "me", now=NOW + timedelta(seconds=1))
    assert job.token == 2


async def _history(
    db: Database, *, days: int, count: int, status: str = "sent", first_chat: int = 10_000
) -> None:
    at = NOW - timedelta(days=days)
    async with db.transaction() as session:
        await session.execute(
            insert(Delivery),
            [
                {
                    "chat_id": first_chat + i, "edition": f"{days}-{status}-{i}", "status": status,
                    "story_ids": [], "worker": "w", "claimed_at": at, "cutoff_at": at,
                    "lease_token": 1,
                }
                for i in range(count)
            ],
        )  # fmt: skip


async def test_pruning_deletes_old_history_in_bounded_batches(db: Database) -> None:
    await _history(db, days=40, count=25)
    await _history(db, days=40, count=3, status="sending")  # never pruned: still open
    await _history(db, days=10, count=5)
    before = NOW - timedelta(days=30)
    async with db.transaction() as session:
        assert await deliveries.prune(session, before=before, limit=10) == 10
    async with db.transaction() as session:
        assert await deliveries.prune(session, before=before, limit=100) == 15
    async with db.transaction() as session:
        assert await deliveries.prune(session, before=before, limit=100) == 0
    rows = await ledger(db)
    assert sorted(r.status for r in rows) == ["sending"] * 3 + ["sent"] * 5


async def test_a_tick_prunes_history_past_keep_days(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    from bot.delivery.service import deliver_due_digests

    await _history(db, days=8, count=12)
    await _history(db, days=3, count=4)
    source_id = await add_source(db, "wire")
    await add_story(db, source_id=source_id, created_at=NOW - timedelta(hours=1))
    await add_chats(db, [1], now=NOW)
    tuning = dataclasses.replace(FAST, prune_batch=5, prune_batches=2)
    async with make_bot(fake_bot_api) as bot:
        report = await deliver_due_digests(bot, db, config(keep_days=7), now=NOW, tuning=tuning)
    assert report.sent == 1 and report.pruned == 10  # two batches of five: the rest next tick
    async with make_bot(fake_bot_api) as bot:
        report = await deliver_due_digests(bot, db, config(keep_days=7), now=NOW, tuning=tuning)
    assert report.pruned == 2
    assert len(await ledger(db)) == 4 + 1


class _Statements:
    """Record the SELECTs a block of code runs, with their parameters."""

    def __init__(self, db: Database) -> None:
        self.seen: list[tuple[str, Any]] = []
        self._engine = db.engine.sync_engine

    def _record(self, _conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            self.seen.append((statement, params))

    def __enter__(self) -> _Statements:
        event.listen(self._engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self._engine, "before_cursor_execute", self._record)


async def _plans(db: Database, statements: list[tuple[str, Any]]) -> list[str]:
    explain = "EXPLAIN QUERY PLAN " if db.dialect == "sqlite" else "EXPLAIN "
    plans = []
    async with db.sessions() as session:
        connection = await session.connection()
        for statement, params in statements:
            rows = await connection.exec_driver_sql(explain + statement, params)
            plans.append("\n".join(str(row[-1]) for row in rows))
    return plans


async def test_idle_tick_queries_read_index_ranges_not_tables(db: Database) -> None:
    """After ANALYZE on a ledger of old history and many chats not due, no query scans a table."""
    async with db.transaction() as session:
        await session.execute(
            insert(Chat),
            [
                {
                    "id": 50_000 + i, "type": "private", "active": True,
                    "deliver_time": "08:00", "timezone": "UTC", "subscribed_at": NOW,
                    "next_due_at": NOW + timedelta(hours=3),
                }
                for i in range(4000)
            ],
        )  # fmt: skip
        await session.execute(update(Chat).where(Chat.id < 50_010).values(active=False))
    for day in range(2, 7):  # the chats' own history: the join must not walk it
        await _history(db, days=day, count=4000, first_chat=50_000)
    await _history(db, days=1, count=50, status="failed", first_chat=50_000)
    async with db.sessions() as session:
        connection = await session.connection()
        await connection.exec_driver_sql("ANALYZE")
    with _Statements(db) as recorded:
        assert await _take_over(db, "me", now=NOW) == []
        async with db.transaction() as session:
            claim = await claims.claim_due(
                session, now=NOW, worker="me", limit=200, grace=GRACE, lease_until=NOW + LEASE
            )
        assert claim.examined == 0
    plans = await _plans(db, recorded.seen)
    assert len(plans) >= 3, recorded.seen  # take-over, never-scheduled chats, due chats
    for (statement, _), text in zip(recorded.seen, plans, strict=True):
        # A sort of the few candidates is fine; reading every row (or every chat's history)
        # is not.
        assert "SCAN deliveries" not in text and "SCAN chats" not in text, (statement, text)
        assert "Seq Scan" not in text, (statement, text)
        if "deliveries" in statement:
            assert "ix_deliveries_status_cutoff" in text, (statement, text)
    assert any("ix_deliveries_status_cutoff" in text for text in plans), plans
    assert any("ix_chats_due" in text for text in plans), plans
    async with db.sessions() as session:
        assert (await session.scalar(select(Delivery.id).limit(1))) is not None


async def test_a_tick_reports_its_backlog_oldest_due_first(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    from bot.delivery.service import deliver_due_digests, tick_line

    source_id = await add_source(db, "wire")
    await add_story(db, source_id=source_id, created_at=NOW - timedelta(hours=1))
    # Ten chats due 40 minutes ago, five due 5 minutes ago, three not due yet.
    await add_chats(db, range(1, 11), now=NOW, due=NOW - timedelta(minutes=40))
    await add_chats(db, range(11, 16), now=NOW, due=NOW - timedelta(minutes=5))
    await add_chats(db, range(16, 19), now=NOW, due=NOW + timedelta(minutes=5))
    async with make_bot(fake_bot_api) as bot:
        report = await deliver_due_digests(bot, db, config(), now=NOW, tuning=FAST)
    assert (report.backlog, report.sent) == (15, 15)
    line = tick_line(report, now=NOW, seconds=1.25)
    assert (
        line.startswith("delivery tick: sent 15,") and "backlog 15 due, oldest 40 min late" in line
    )
    # Oldest due first: the 40-minute-late chats were claimed (and so got ledger ids) first.
    rows = await ledger(db)
    assert [r.chat_id for r in rows][:10] == list(range(1, 11))

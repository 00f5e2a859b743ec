"""One delivery tick, and the single periodic job that runs it inside the bot.

A tick resumes deliveries that a dead worker left unfinished, then claims due chats in batches
and sends their digests concurrently under the rate limiter. Nothing is scheduled per chat: the
database's (active, next_due_at) index is the schedule, so memory does not grow with subscribers.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import logging
import math
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from telegram import Bot

from bot.clock import Clock, StartedClock
from bot.delivery import claims
from bot.delivery.botpool import BotPool
from bot.delivery.budget import DatabaseSlots, budget_name
from bot.delivery.claims import Claim, Defaults, Job
from bot.delivery.content import DigestBuilder
from bot.delivery.ratelimit import RateLimiter
from bot.delivery.schedule import ensure_utc
from bot.delivery.sender import DeliveryReport, DigestSender, SendPolicy
from bot.settings import AppConfig
from bot.storage import deliveries
from bot.storage.database import Database
from bot.storage.writer import LedgerWriter

if TYPE_CHECKING:
    from bot.botapi.aiohttp_request import RequestFactory

__all__ = [
    "DeliveryReport",
    "DeliveryTuning",
    "deliver_due_digests",
    "limiter_for",
    "summary",
]

log = logging.getLogger(__name__)
# During a tick, a full collection at most every this many young (gen 1) collections.
_TICK_FULL_GC_EVERY = 100
Progress = Callable[..., None]


@dataclass(frozen=True)
class DeliveryTuning:
    """Operational knobs that are not user settings: batch size, lease, retry pacing."""

    batch_size: int = 200
    lease: timedelta | None = None  # None: [delivery] lease
    retry_failed_after: timedelta = timedelta(minutes=5)
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    http_slots: int | None = None
    concurrency: int | None = None
    # Claim another batch only while fewer claimed chats than this wait for their first
    # message (None: one second of sending at global_rate, at least one batch).
    claim_ahead: int | None = None
    prune_batch: int = 5000
    prune_batches: int = 20


def http_slots_for(config: AppConfig) -> int:
    """Sends in flight at once (one connection each): enough for the rate at 250 ms round trips."""
    return max(2, min(16, math.ceil(config.delivery.global_rate / 4)))


def concurrency_for(config: AppConfig) -> int:
    """Chats served at once: a split digest keeps its chat busy ~1 s per extra part."""
    return max(16, min(4096, math.ceil(config.delivery.global_rate * 3)))


def claim_ahead_for(config: AppConfig, tuning: DeliveryTuning) -> int:
    """Claimed chats kept waiting for their first message: a second of sends, or one batch."""
    if tuning.claim_ahead is not None:
        return max(1, tuning.claim_ahead)
    return max(tuning.batch_size, math.ceil(config.delivery.global_rate))


def shared_slots_for(db: Database, config: AppConfig, token: str) -> DatabaseSlots | None:
    """Return the token's budget shared across processes on PostgreSQL (None on SQLite)."""
    if db.dialect != "postgresql" or not config.delivery.shared_budget:
        return None
    d = config.delivery
    return DatabaseSlots(
        db, budget_name(token), global_rate=d.global_rate, window_margin=d.rate_margin
    )


def limiter_for(config: AppConfig, **kwargs: Any) -> RateLimiter:
    """Build the rate limiter from the delivery settings (`shared=` a cross-process budget)."""
    d = config.delivery
    return RateLimiter(
        global_rate=d.global_rate,
        per_chat_rate=d.per_chat_rate,
        group_per_minute=d.group_per_minute,
        window_margin=d.rate_margin,
        **kwargs,
    )


async def deliver_due_digests(
    bot: Bot,
    db: Database,
    config: AppConfig,
    *,
    now: datetime,
    force: bool = False,
    worker: str | None = None,
    progress: Progress | None = None,
    limiter: RateLimiter | None = None,
    tuning: DeliveryTuning | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    clock: Clock | None = None,
    request: RequestFactory | None = None,
) -> DeliveryReport:
    """Run one delivery tick: send every due digest once; `force` makes every active chat due.

    `clock` stamps sent messages in the ledger (default: a clock started at `now`); `request`
    makes the sending Bot's request backend (default: aiohttp).
    """
    now = ensure_utc(now)
    clock = clock or StartedClock(now)
    tuning = tuning or DeliveryTuning()
    worker = worker or claims.new_worker_id()
    report = DeliveryReport()
    builder = DigestBuilder(
        db,
        max_stories=config.digest.max_stories,
        bullets=config.digest.bullets,
        first_window=config.digest.since,
        split=config.digest.split,
    )
    policy = SendPolicy(
        max_attempts=config.delivery.max_attempts,
        backoff_base=tuning.backoff_base,
        backoff_max=tuning.backoff_max,
        send_empty=config.delivery.send_empty,
    )
    grace = config.delivery.grace
    lease = tuning.lease or config.delivery.lease
    defaults = Defaults(config.delivery.default_time, config.delivery.default_timezone)
    slots = tuning.http_slots or http_slots_for(config)
    shared = None
    if limiter is None:
        shared = shared_slots_for(db, config, bot.token)
        limiter = limiter_for(config, shared=shared)
    with _old_objects_frozen():
        bots = BotPool(bot, size=slots, request=request) if request else BotPool(bot, size=slots)
        async with LedgerWriter(db) as writer, bots:
            pool = _TaskPool(
                tuning.concurrency or concurrency_for(config),
                progress,
                ahead=claim_ahead_for(config, tuning),
            )
            sender = DigestSender(
                bots,
                writer=writer,
                builder=builder,
                limiter=limiter,
                policy=policy,
                report=report,
                worker=worker,
                sleep=sleep,
                wall_clock=clock,
                lease=lease,
                on_message=pool.started,
            )
            heartbeat = asyncio.create_task(
                _heartbeat(writer, pool, sender, worker=worker, lease=lease, clock=clock),
                name="lease-heartbeat",
            )
            try:
                if not force:
                    report.backlog, report.oldest_due = await writer.run(
                        lambda s: deliveries.backlog(s, now=now)
                    )
                await writer.run(lambda s: deliveries.expire_abandoned(s, now=clock(), grace=grace))
                while True:
                    await pool.room()
                    claim = await writer.run(
                        lambda s: claims.take_over(
                            s,
                            now=clock(),
                            worker=worker,
                            limit=tuning.batch_size,
                            lease=lease,
                            grace=grace,
                            retry_failed_after=tuning.retry_failed_after,
                        )
                    )
                    if not claim.jobs:
                        break
                    report.resumed += len(claim.jobs)
                    await pool.spawn(claim, sender)
                cursor: int | None = None
                while True:
                    await pool.room()
                    claim = await writer.run(
                        functools.partial(
                            claims.claim_due,
                            now=now,
                            worker=worker,
                            limit=tuning.batch_size,
                            grace=grace,
                            force=force,
                            after_id=cursor,
                            defaults=defaults,
                            lease_until=clock() + lease,
                        )
                    )
                    report.missed += claim.missed
                    if not claim.examined:
                        break
                    cursor = claim.cursor
                    await pool.spawn(claim, sender)
                await pool.join()
                heartbeat.cancel()
                report.pruned = await _prune(writer, tuning, config, clock)
            finally:
                heartbeat.cancel()
                await pool.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await heartbeat
                if shared is not None:
                    await shared.close()
    report.renders = builder.renders
    return report


async def _heartbeat(
    writer: LedgerWriter,
    pool: _TaskPool,
    sender: DigestSender,
    *,
    worker: str,
    lease: timedelta,
    clock: Clock,
) -> None:
    """Renew the lease of every delivery this tick holds, every lease / 3, until cancelled.

    Claimed rows waiting for a task slot, a rate-limit slot or a 429 pause keep their owner;
    a row whose renewal fails (taken over, or its lease ran out while the process was paused)
    is marked lost, so its job sends nothing more.
    """
    interval = max(lease.total_seconds() / 3, 0.05)
    while True:
        await asyncio.sleep(interval)
        jobs = [job for job in pool.held.values() if not job.lost]
        if not jobs:
            continue
        now = clock()
        leases = [deliveries.Lease(job.delivery_id, job.token) for job in jobs]
        try:
            held = await writer.run(
                functools.partial(
                    deliveries.renew_leases,
                    leases=leases,
                    worker=worker,
                    now=now,
                    until=now + lease,
                )
            )
        except Exception as exc:  # the database is unreachable: sends stop at the deadline
            log.warning("could not renew %d delivery leases: %s", len(leases), exc)
            continue
        for job, still in zip(jobs, held, strict=True):
            if still:
                sender.renewed(job, now)
            else:
                job.lost = True


async def _prune(
    writer: LedgerWriter, tuning: DeliveryTuning, config: AppConfig, clock: Clock
) -> int:
    """Delete ledger history older than [delivery] keep_days, a bounded number of batches per tick.

    Runs after the tick's sending, one short transaction per batch, so it never delays a
    message nor holds SQLite's write lock for long; a large backlog drains over a few ticks.
    """
    before = clock() - timedelta(days=config.delivery.keep_days)
    pruned = 0
    for _ in range(tuning.prune_batches):
        count = await writer.run(
            lambda s: deliveries.prune(s, before=before, limit=tuning.prune_batch)
        )
        pruned += count
        if count < tuning.prune_batch:
            break
    return pruned


@contextlib.contextmanager
def _old_objects_frozen() -> Iterator[None]:
    """Keep the garbage collector off the objects that existed before the tick, until it ends.

    A full collection walks every tracked object in the process (PTB, SQLAlchemy, pydantic:
    about 100 MB); the tick's own allocations trigger several, each stalling the event loop for
    100-250 ms. A stalled send arrives late and bunched with the next ones, which flood control
    answers with 429. Frozen objects are only skipped, not leaked: unfreezing hands them back.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], _TICK_FULL_GC_EVERY))
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


class _TaskPool:
    """Run one task per job, at most `size` at once, reporting each finished chat.

    Also tells the claim loop when to claim more: while fewer than `ahead` claimed chats wait
    for their first message. Claiming then keeps pace with sending instead of taking the whole
    backlog at once, so processes sharing a database share the work evenly (none finishes
    early while another still holds thousands of chats) and the claims' CPU spreads over the
    tick instead of crowding its first second. Chats in the middle of a split digest do not
    count: they keep their task while they wait for their own next slot.
    """

    def __init__(self, size: int, progress: Progress | None, *, ahead: int) -> None:
        self._slots = asyncio.Semaphore(size)
        self._tasks: set[asyncio.Task[None]] = set()
        self._progress = progress
        self.held: dict[int, Job] = {}
        self._errors: list[BaseException] = []
        self._ahead = ahead
        self._unstarted: set[int] = set()
        self._room = asyncio.Event()
        self._room.set()

    async def room(self) -> None:
        """Wait until fewer than `ahead` claimed chats wait for their first message."""
        await self._room.wait()

    def started(self, job: Job) -> None:
        """Note that `job` sent its first message of this tick (or ended without one)."""
        self._unstarted.discard(job.delivery_id)
        self._check_room()

    def _check_room(self) -> None:
        if len(self._unstarted) < self._ahead:
            self._room.set()
        else:
            self._room.clear()

    async def spawn(self, claim: Claim, sender: DigestSender) -> None:
        if self._progress is not None:
            self._progress(claimed=len(claim.jobs))
        for job in claim.jobs:
            self.held[job.delivery_id] = job
            self._unstarted.add(job.delivery_id)
        self._check_room()
        for job in claim.jobs:
            if self._errors:
                raise self._errors[0]
            await self._slots.acquire()
            task = asyncio.create_task(self._run(job, sender))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _run(self, job: Job, sender: DigestSender) -> None:
        try:
            status = await sender.deliver(job)
        except Exception as exc:
            self._errors.append(exc)
            return
        finally:
            self.held.pop(job.delivery_id, None)
            self.started(job)
            self._slots.release()
        if self._progress is not None:
            self._progress(done=1, status=status)

    async def join(self) -> None:
        while self._tasks:
            await asyncio.wait(set(self._tasks))
        if self._errors:
            raise self._errors[0]

    async def cancel(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            await asyncio.wait(set(self._tasks))


def summary(report: DeliveryReport) -> str:
    """Describe a tick in one line."""
    return (
        f"sent {report.sent}, empty {report.empty}, skipped {report.skipped}, "
        f"failed {report.failed}, deactivated {report.deactivated}, migrated {report.migrated}, "
        f"missed {report.missed}, messages {report.messages}"
    )


def tick_line(report: DeliveryReport, *, now: datetime, seconds: float) -> str:
    """Describe a bot tick in one log line: what it did, and the backlog it started with."""
    line = f"delivery tick: {summary(report)}; {seconds:.1f} s; backlog {report.backlog} due"
    if report.oldest_due is not None and report.backlog:
        late = max(0.0, (now - ensure_utc(report.oldest_due)).total_seconds())
        line += f", oldest {late / 60:.0f} min late"
    if report.resumed:
        line += f"; resumed {report.resumed}"
    if report.pruned:
        line += f"; pruned {report.pruned} ledger rows"
    return line

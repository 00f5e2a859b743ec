"""Claim deliveries: the due chats of a tick, and deliveries other workers left unfinished.

The schedule module decides, per chat, what is due (`plan`); bot.storage.deliveries reads the
candidates and writes the ledger rows, in the transaction the ledger writer runs.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.schedule import is_schedulable, plan
from bot.storage import deliveries
from bot.storage.deliveries import ChatRow, NewRow, Progress, Reschedule

log = logging.getLogger(__name__)
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
    # The fencing token of this worker's claim; every ledger write of the job checks it.
    token: int = 1
    # Set when the lease is lost (heartbeat or compare-and-set failed): send nothing more.
    lost: bool = False

    @property
    def is_group(self) -> bool:
        """Tell whether Telegram's stricter group limit applies."""
        return self.chat_type in GROUP_TYPES

    def progress(
        self, *, worker: str, status: str, at: datetime, error: str | None = None
    ) -> Progress:
        """Snapshot the job for the ledger now (it keeps changing while the write waits)."""
        return Progress(
            delivery_id=self.delivery_id,
            chat_id=self.chat_id,
            worker=worker,
            status=status,
            messages_sent=self.messages_sent,
            messages_total=self.messages_total,
            story_ids=tuple(self.story_ids),
            attempts=self.attempts,
            error=error,
            sent_at=at if status in (deliveries.SENT, deliveries.EMPTY) else None,
            cutoff=self.cutoff,
            token=self.token,
        )


@dataclass
class Claim:
    """What one claim step found: jobs to send plus chats settled without sending."""

    jobs: list[Job] = field(default_factory=list)
    examined: int = 0
    missed: int = 0
    already: int = 0
    cursor: int | None = None


@dataclass(frozen=True)
class Defaults:
    """The delivery time and zone that repair a chat whose stored ones are invalid."""

    deliver_time: str = "08:00"
    timezone: str = "UTC"


def _job(delivery_id: int, chat: ChatRow, edition: str, cutoff: datetime, muted: list[str]) -> Job:
    return Job(
        delivery_id=delivery_id,
        chat_id=chat.id,
        chat_type=chat.type,
        bullets=chat.bullets,
        edition=edition,
        since=chat.last_digest_at,
        cutoff=cutoff,
        muted=tuple(sorted(muted)),
    )


def _repaired(chat: ChatRow, defaults: Defaults) -> ChatRow:
    if is_schedulable(chat.deliver_time, chat.timezone):
        return chat
    # A hand-edited or legacy row: repair it to the defaults rather than stall the tick.
    log.warning(
        "chat %s has an invalid delivery time or zone (%r, %r); using %s %s",
        chat.id, chat.deliver_time, chat.timezone, defaults.deliver_time, defaults.timezone,
    )  # fmt: skip
    return dataclasses.replace(chat, deliver_time=defaults.deliver_time, timezone=defaults.timezone)


def _missed(chat_id: int, edition: str, worker: str, now: datetime) -> NewRow:
    return NewRow(chat_id, edition, deliveries.MISSED, worker, now, "outside the grace window")


async def claim_due(
    session: AsyncSession,
    *,
    now: datetime,
    worker: str,
    limit: int,
    grace: timedelta,
    force: bool = False,
    after_id: int | None = None,
    defaults: Defaults = Defaults(),
    lease_until: datetime | None = None,
) -> Claim:
    """Claim up to `limit` due chats: write their ledger rows and advance their next_due_at.

    With `force`, every active chat is due now (edition = its local date now); chats are walked
    by id from `after_id` so one tick visits each chat once.
    """
    found = await deliveries.lock_due_chats(
        session, now=now, limit=limit, every=force, after_id=after_id
    )
    claim = Claim(examined=len(found), cursor=found[-1].id if found else after_id)
    rows: list[NewRow] = []
    changes: list[Reschedule] = []
    to_send: dict[tuple[int, str], ChatRow] = {}
    planned = []
    for stored in found:
        chat = _repaired(stored, defaults)
        planned.append((stored, chat, plan(chat, now=now, grace=grace, force=force)))
    recorded: set[tuple[int, str]] = set()
    if force:
        # Every active chat is walked, so other processes running at once have claimed many of
        # these already: leave those alone (their claim rescheduled them) rather than write
        # 200 conflicting ledger rows and reschedules per batch. A claim racing this check is
        # still caught by the unique constraint below.
        recorded = await deliveries.recorded_editions(
            session, [(chat.id, decided.edition) for _, chat, decided in planned if decided.edition]
        )
    for stored, chat, decided in planned:
        repaired = chat is not stored
        if (chat.id, decided.edition) in recorded:
            claim.already += 1
            continue
        changes.append(
            Reschedule(
                chat.id,
                decided.next_due_at,
                deliver_time=chat.deliver_time if repaired else None,
                timezone=chat.timezone if repaired else None,
            )
        )
        if decided.edition is None:
            continue  # never scheduled before (an older version wrote it): schedule, don't send
        if decided.skipped_edition is not None:
            rows.append(_missed(chat.id, decided.skipped_edition, worker, now))
        if decided.send:
            rows.append(
                NewRow(
                    chat.id,
                    decided.edition,
                    deliveries.SENDING,
                    worker,
                    now,
                    lease_until=lease_until or now,
                )
            )
            to_send[(chat.id, decided.edition)] = chat
        else:
            rows.append(_missed(chat.id, decided.edition, worker, now))
            claim.missed += 1
    fresh = await deliveries.insert_rows(session, rows)
    await deliveries.reschedule(session, changes)
    muted = await deliveries.muted_by_chat(session, [chat_id for chat_id, _ in fresh])
    for key, chat in to_send.items():
        delivery_id = fresh.get(key)
        if delivery_id is None:
            claim.already += 1
            continue
        claim.jobs.append(_job(delivery_id, chat, key[1], now, muted.get(chat.id, [])))
    return claim


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
    """Claim deliveries left unfinished: 'sending' rows whose lease ran out or whose worker died
    (same host), and retryable failures. Each taken row's fencing token goes up by one.
    """
    found = await deliveries.lock_unfinished(
        session, now=now, worker=worker, host=socket.gethostname(), limit=limit,
        grace=grace, retry_failed_after=retry_failed_after,
    )  # fmt: skip
    claim = Claim(examined=len(found))
    chosen = []
    for row, chat in found:
        lease_over = row.lease_until is None or row.lease_until <= now
        if row.status == deliveries.FAILED or lease_over or worker_is_dead(row.worker):
            chosen.append((row, chat))
    tokens = await deliveries.take(
        session, [row for row, _ in chosen], worker=worker, now=now, lease_until=now + lease
    )
    chosen = [(row, chat) for row, chat in chosen if row.id in tokens]
    muted = await deliveries.muted_by_chat(session, [chat.id for _, chat in chosen])
    for row, chat in chosen:
        assert row.cutoff_at is not None
        job = _job(row.id, chat, row.edition, row.cutoff_at, muted.get(chat.id, []))
        job.story_ids = list(row.story_ids)
        job.messages_total = row.messages_total
        job.messages_sent = row.messages_sent
        job.attempts = row.attempts
        job.token = tokens[row.id]
        job.resumed = True
        if row.status != deliveries.FAILED and row.messages_sent < row.messages_total:
            log.info(
                "chat %s: resuming delivery %s from message %d of %d (lease of %s over)",
                chat.id, row.id, row.messages_sent + 1, row.messages_total, row.worker,
            )  # fmt: skip
        claim.jobs.append(job)
    return claim

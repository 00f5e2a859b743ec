"""Send one chat's digest through PTB, message by message, handling every Telegram answer.

429 pauses everyone for retry_after and retries; 5xx and network errors back off exponentially
up to max_attempts; 403 deactivates the chat; a group that became a supergroup is moved and
sent to again; a 400 for one message is logged and that message skipped, except a refused URL
button (BUTTON_URL_INVALID), where the message is sent again without its URL buttons.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import warnings
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.botapi.markup import markup_json
from bot.delivery.botpool import BotPool, SenderBot
from bot.delivery.claims import Job
from bot.delivery.content import EMPTY_TEXT, DigestBuilder
from bot.delivery.ratelimit import RateLimiter
from bot.messages.model import RenderedMessage
from bot.storage import deliveries as ledger
from bot.storage.writer import LedgerWriter

log = logging.getLogger(__name__)
Sleep = Callable[[float], Awaitable[None]]


@dataclass
class DeliveryReport:
    """What one delivery tick did, counted per chat (messages counts Telegram messages)."""

    sent: int = 0
    skipped: int = 0
    failed: int = 0
    deactivated: int = 0
    migrated: int = 0
    messages: int = 0
    empty: int = 0
    missed: int = 0
    resumed: int = 0
    renders: int = 0
    pruned: int = 0
    # Chats due when the tick began (it works through them oldest-due first) and the oldest
    # due instant among them.
    backlog: int = 0
    oldest_due: datetime | None = None
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SendPolicy:
    """Knobs for retries and concurrency; tests shrink the delays."""

    max_attempts: int = 5
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    max_throttles: int = 50
    max_retry_after: float = 600.0
    send_empty: bool = False


class _Blocked(Exception):
    """The chat refuses messages from the bot (403)."""


class _GiveUp(Exception):
    """Retries are exhausted; the edition stays retryable on a later tick."""


class _Lost(Exception):
    """Another worker took this delivery over; stop without touching it."""


class _Stale(Exception):
    """The lease's send window ended before the message left; claim it again first."""


def retry_after_seconds(error: RetryAfter) -> float:
    """Read RetryAfter's delay as seconds on every PTB version (int or timedelta)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value: Any = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class DigestSender:
    """Deliver claimed jobs: render, pace, send, and record progress after every message."""

    def __init__(
        self,
        bots: BotPool,
        *,
        writer: LedgerWriter,
        builder: DigestBuilder,
        limiter: RateLimiter,
        policy: SendPolicy,
        report: DeliveryReport,
        worker: str,
        sleep: Sleep = asyncio.sleep,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        lease: timedelta = timedelta(minutes=10),
        on_message: Callable[[Job], None] | None = None,
    ) -> None:
        self._writer = writer
        self._on_message = on_message
        self._builder = builder
        self._limiter = limiter
        self._policy = policy
        self._report = report
        self._worker = worker
        self._bots = bots
        self._sleep = sleep
        self._wall_clock = wall_clock
        self._lease = lease
        # Messages start only in the first half of a lease: the other half is the margin for
        # a request in flight and for clock skew between processes (docs/delivery.md).
        self._send_window = lease / 2
        self._deadlines: dict[int, datetime] = {}

    async def deliver(self, job: Job) -> str:
        """Deliver one job to the end and return its final ledger status."""
        try:
            status = await self._deliver(job)
        except _Blocked as exc:
            reason = str(exc)
            await self._writer.run(lambda s: self._block(s, job, reason))
            self._report.deactivated += 1
            return ledger.SKIPPED
        except _GiveUp as exc:
            log.warning("delivery to chat %s failed for now: %s", job.chat_id, exc)
            await self._record(job, ledger.FAILED, error=str(exc))
            self._report.failed += 1
            return ledger.FAILED
        except _Lost:
            job.lost = True
            log.warning(
                "delivery %s to chat %s: lease lost (taken over or run out); stopped before "
                "message %d", job.delivery_id, job.chat_id, job.messages_sent + 1,
            )  # fmt: skip
            return ledger.SENDING
        finally:
            self._deadlines.pop(job.delivery_id, None)
        return status

    async def _deliver(self, job: Job) -> str:
        stories = await self._builder.stories(job)
        if not stories:
            parts = [RenderedMessage(EMPTY_TEXT)] if self._policy.send_empty else []
        else:
            job.story_ids = [story.id for story in stories]
            parts = self._builder.render(stories, bullets=job.bullets, edition=job.edition)
        job.messages_total = len(parts)
        if job.messages_sent >= len(parts):
            status = ledger.EMPTY if not stories else ledger.SENT
            await self._record(job, status)
            self._count(status)
            return status
        delivered = 0
        errors: list[str] = []
        while job.messages_sent < len(parts):
            await self._own(job, error="; ".join(errors) or None)
            error = await self._send_part(job, parts[job.messages_sent])
            job.messages_sent += 1
            if self._on_message is not None:
                self._on_message(job)
            if error is None:
                delivered += 1
                self._report.messages += 1
            else:
                errors.append(error)
        # The last message's outcome; earlier ones were recorded by the next message's claim.
        status = ledger.EMPTY if not stories else ledger.SENT
        if errors and not delivered and not job.resumed:
            status = ledger.SKIPPED
        await self._record(job, status, error="; ".join(errors) or None)
        self._count(status)
        return status

    async def _own(self, job: Job, *, error: str | None = None) -> None:
        """Compare-and-set before a message: still the owner (token) with a running lease.

        Records the progress so far ("sending message k") and renews the lease; raises _Lost
        (and the message is not sent) if another worker took the row over or the lease ran out.
        """
        if job.lost:
            raise _Lost
        now = self._wall_clock()
        progress = dataclasses.replace(
            job.progress(worker=self._worker, status=ledger.SENDING, at=now, error=error),
            now=now,
            lease_until=now + self._lease,
        )
        if not await self._writer.record(progress):
            raise _Lost
        self._deadlines[job.delivery_id] = now + self._send_window

    def renewed(self, job: Job, at: datetime) -> None:
        """Note that the heartbeat renewed this job's lease at `at`."""
        if job.delivery_id in self._deadlines:
            self._deadlines[job.delivery_id] = at + self._send_window

    def _may_send(self, job: Job) -> bool:
        deadline = self._deadlines.get(job.delivery_id)
        return not job.lost and deadline is not None and self._wall_clock() < deadline

    def _count(self, status: str) -> None:
        if status == ledger.SENT:
            self._report.sent += 1
        elif status == ledger.EMPTY:
            self._report.empty += 1
        elif status == ledger.SKIPPED:
            self._report.skipped += 1

    async def _record(self, job: Job, status: str, *, error: str | None = None) -> None:
        progress = job.progress(
            worker=self._worker, status=status, at=self._wall_clock(), error=error
        )
        if not await self._writer.record(progress):
            raise _Lost

    async def _block(self, session: AsyncSession, job: Job, reason: str) -> None:
        progress = job.progress(
            worker=self._worker, status=ledger.SKIPPED, at=self._wall_clock(), error=reason
        )
        await ledger.block_chat(session, progress, reason=reason)

    async def _send_part(self, job: Job, part: RenderedMessage) -> str | None:
        """Send one message until it is delivered; return an error text if it was skipped (400)."""
        attempts = throttles = 0
        while True:
            try:
                # Borrow a connection before the slot, so the message leaves when the slot says.
                await self._limiter.ready(job.chat_id)
                async with self._bots.lease() as bot:
                    await self._limiter.acquire(job.chat_id, group=job.is_group)
                    if not self._may_send(job):
                        # Paused or slowed past the lease's send window (SIGSTOP, a long 429
                        # pause): claim the message again before it goes, or stop.
                        raise _Stale
                    await send_part(bot, job.chat_id, part)
                return None
            except _Stale:
                await self._own(job)
            except RetryAfter as exc:
                throttles += 1
                if throttles > self._policy.max_throttles:
                    raise _GiveUp(f"flood control kept answering 429: {exc}") from None
                self._limiter.pause(min(retry_after_seconds(exc), self._policy.max_retry_after))
            except ChatMigrated as exc:
                await self._migrate(job, exc.new_chat_id)
            except Forbidden as exc:
                raise _Blocked(f"forbidden: {exc.message}") from None
            except BadRequest as exc:
                if _refused_button(exc, part):
                    urls = [b.url for row in part.buttons for b in row if b.url]
                    log.warning(
                        "chat %s: Telegram refused a URL button (%s: %s); resending without "
                        "URL buttons", job.chat_id, exc.message, ", ".join(urls)[:500],
                    )  # fmt: skip
                    part = part.without_url_buttons()
                    continue
                log.warning("chat %s: Telegram refused a message: %s", job.chat_id, exc.message)
                return f"bad request: {exc.message}"
            except InvalidToken:
                raise
            except NetworkError as exc:
                attempts += 1
                job.attempts += 1
                if attempts >= self._policy.max_attempts:
                    raise _GiveUp(f"network error after {attempts} attempts: {exc}") from None
                delay = self._policy.backoff_base * 2 ** (attempts - 1)
                await self._sleep(min(delay, self._policy.backoff_max))
            except TelegramError as exc:
                raise _GiveUp(f"telegram error: {exc}") from None

    async def _migrate(self, job: Job, new_chat_id: int) -> None:
        old = job.chat_id
        moved = await self._writer.run(lambda s: ledger.migrate_chat(s, job.chat_id, new_chat_id))
        if not moved:
            raise _Blocked(f"migrated to supergroup {new_chat_id}, which is subscribed already")
        log.info("chat %s became supergroup %s; delivering there", old, new_chat_id)
        self._limiter.forget(old)
        self._report.migrated += 1
        job.chat_id, job.chat_type = new_chat_id, "supergroup"


def _refused_button(error: BadRequest, part: RenderedMessage) -> bool:
    """Tell whether Telegram refused the message for a URL button it has (not for its text)."""
    has_urls = any(b.url for row in part.buttons for b in row)
    return has_urls and "button_url_invalid" in error.message.lower()


async def send_part(bot: Bot, chat_id: int, part: RenderedMessage) -> None:
    """Send one digest message: HTML, no link previews, the part's inline keyboard."""
    if isinstance(bot, SenderBot):
        await bot.send_html(chat_id, part.text, _extras(part))
        return
    await bot.send_message(
        chat_id=chat_id, text=part.text, parse_mode=ParseMode.HTML, api_kwargs=_extras(part)
    )


_NO_PREVIEW = json.dumps(LinkPreviewOptions(is_disabled=True).to_dict())
_EXTRAS: OrderedDict[int, tuple[RenderedMessage, dict[str, str]]] = OrderedDict()
_EXTRAS_SIZE = 512


def _extras(part: RenderedMessage) -> dict[str, str]:
    """Return the part's link-preview and keyboard parameters, serialised once per part.

    PTB would rebuild and re-serialise the keyboard on every call (about a third of the client's
    CPU per message for a 15-button digest); every chat that gets this rendered part sends the
    very same JSON, so it is made once. Keyed by identity (the builder hands out the same message
    objects for a render) and bounded, so memory stays flat.
    """
    cached = _EXTRAS.get(id(part))
    if cached is not None and cached[0] is part:
        _EXTRAS.move_to_end(id(part))
        return cached[1]
    extras = {"link_preview_options": _NO_PREVIEW}
    markup = markup_json(part.buttons)
    if markup is not None:
        extras["reply_markup"] = markup
    _EXTRAS[id(part)] = (part, extras)
    if len(_EXTRAS) > _EXTRAS_SIZE:
        _EXTRAS.popitem(last=False)
    return extras

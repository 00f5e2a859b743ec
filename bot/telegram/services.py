"""Typed bot state: the services every handler reads, as `context.services`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias, cast

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.delivery.ratelimit import RateLimiter
from bot.services import StoreServices, fields_of


@dataclass(frozen=True, kw_only=True)
class BotServices(StoreServices):
    """The store services plus what only the bot process decides."""

    ingest_on_start: bool = True
    schedule_jobs: bool = True
    # The person at `quicklooks chat` operates the bot they are trying.
    extra_admins: frozenset[int] = frozenset()

    @classmethod
    def from_store(cls, store: StoreServices, **options: Any) -> BotServices:
        """Build the bot's services from the opened store services."""
        return cls(**fields_of(store), **options)  # type: ignore[arg-type]

    def is_admin(self, user_id: int | None) -> bool:
        """Tell whether a user may run admin commands."""
        return user_id is not None and (
            user_id in self.settings.admin_ids or user_id in self.extra_admins
        )


class BotApplication(Application[Any, Any, Any, Any, Any, Any]):
    """PTB's Application carrying the finished services object."""

    def __init__(self, *, services: BotServices, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services
        self._limiter: RateLimiter | None = None

    def limiter(self) -> RateLimiter:
        """Return the process's one send limiter: daily delivery and the messages buttons cause.

        Made on first use and kept, so pacing and 429 pauses carry over between ticks, and a
        "More" page pressed during the morning's delivery takes a slot of the same budget (on
        PostgreSQL the token's budget shared by every process).
        """
        if self._limiter is None:
            from bot.delivery.service import limiter_for, shared_slots_for

            config, db = self.services.config, self.services.db
            self._limiter = limiter_for(config, shared=shared_slots_for(db, config, self.bot.token))
        return self._limiter

    async def close_requests(self) -> None:
        """Close the Bot API connections even when start-up failed half way.

        PTB skips shutting down a Bot whose initialize() raised (a rejected token), which
        would leave its request backends' connection pools open.
        """
        for request in (self.bot.request, self.bot._request[0]):
            await request.shutdown()


class Context(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The callback context handlers get: `context.services` is the bot's services."""

    @property
    def services(self) -> BotServices:
        """The services of the application handling this update."""
        return cast(BotApplication, self.application).services


BotApp: TypeAlias = BotApplication
CONTEXT_TYPES: ContextTypes[Context, dict[Any, Any], dict[Any, Any], dict[Any, Any]] = ContextTypes(
    context=Context
)

"""One bootstrap: the settings, the config and the open resources that every command shares.

`cli.main` loads the environment settings and the TOML config once and opens one `Services`
for the subcommand (plus the database for those that use the store); tests build the same
objects with their own clock, HTTP client or Telegram request.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

from bot.clock import Clock, clock_for
from bot.settings import AppConfig, Settings
from bot.storage.database import Database, describe_url, open_database

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from telegram.request import BaseRequest

    from bot.botapi.aiohttp_request import RequestFactory


def bot_api_requests(pool_size: int, *, timeout: float = 10.0) -> BaseRequest:
    """Return the default Bot API request backend (aiohttp; imported only when a bot is made)."""
    from bot.botapi.aiohttp_request import aiohttp_requests

    return aiohttp_requests(pool_size, timeout=timeout)


@dataclass(frozen=True, kw_only=True)
class Services:
    """What every subcommand gets: settings, config, clock, the fetch client, Telegram requests."""

    settings: Settings
    config: AppConfig
    clock: Clock
    http: httpx.AsyncClient
    telegram_request: RequestFactory = bot_api_requests


@dataclass(frozen=True, kw_only=True)
class StoreServices(Services):
    """Services for subcommands that read or write the store: the database too."""

    db: Database


def fields_of(services: Services) -> dict[str, object]:
    """Return the fields of `services`, to build a richer services object from it."""
    return {f.name: getattr(services, f.name) for f in dataclasses.fields(services)}


@contextlib.asynccontextmanager
async def open_services(
    settings: Settings,
    config: AppConfig,
    *,
    clock: Clock | None = None,
    http: httpx.AsyncClient | None = None,
    telegram_request: RequestFactory | None = None,
) -> AsyncIterator[Services]:
    """Open the shared resources (an HTTP client unless one is given) and close them after."""
    from bot.ingest.fetch import make_http_client

    client = http or make_http_client(config.ingest, config.fetch)
    log.debug("config %s, %d sources", settings.config_path(), len(config.sources))
    try:
        yield Services(
            settings=settings,
            config=config,
            clock=clock or clock_for(settings.clock_start),
            http=client,
            telegram_request=telegram_request or bot_api_requests,
        )
    finally:
        if http is None:
            await client.aclose()


@contextlib.asynccontextmanager
async def open_store(
    services: Services, *, db: Database | None = None
) -> AsyncIterator[StoreServices]:
    """Add the database (opened and migrated unless one is given) to `services`."""
    database = db or await open_database(services.settings.database_url)
    log.debug("database %s open", describe_url(services.settings.database_url))
    try:
        yield StoreServices(**fields_of(services), db=database)  # type: ignore[arg-type]
    finally:
        if db is None:
            await database.close()

"""Typed bot state: what every handler needs, carried in the Application's bot_data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeAlias

import httpx
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.settings import AppConfig, Settings
from bot.storage.database import Database


def utc_now() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


class BotServices:
    """Database, config, settings, clock and HTTP client; PTB creates it empty, `bind` fills it."""

    def __init__(self) -> None:
        self._db: Database | None = None
        self._config: AppConfig | None = None
        self._settings: Settings | None = None
        self.clock: Callable[[], datetime] = utc_now
        self.http: httpx.AsyncClient | None = None
        self.ingest_on_start = True
        self.schedule_jobs = True
        self.extra_admins: frozenset[int] = frozenset()

    def bind(self, *, config: AppConfig, settings: Settings, clock: Callable[[], datetime]) -> None:
        """Attach the configuration and clock (the database opens in post_init)."""
        self._config, self._settings, self.clock = config, settings, clock

    @property
    def has_db(self) -> bool:
        """Tell whether the database is open."""
        return self._db is not None

    @property
    def db(self) -> Database:
        """The open database (post_init opens it)."""
        if self._db is None:
            raise RuntimeError("the database is not open yet")
        return self._db

    @db.setter
    def db(self, value: Database | None) -> None:
        self._db = value

    @property
    def config(self) -> AppConfig:
        """The TOML configuration."""
        if self._config is None:
            raise RuntimeError("BotServices.bind() was not called")
        return self._config

    @property
    def settings(self) -> Settings:
        """The environment settings."""
        if self._settings is None:
            raise RuntimeError("BotServices.bind() was not called")
        return self._settings

    def get(self, key: str, default: object = None) -> object:
        """Dict-style read for code written against plain bot_data ('services' is this object)."""
        return self if key == "services" else getattr(self, key, default)

    def is_admin(self, user_id: int | None) -> bool:
        """Tell whether a user may run admin commands."""
        return user_id is not None and (
            user_id in self.settings.admin_ids or user_id in self.extra_admins
        )


Context: TypeAlias = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotServices]
BotApp: TypeAlias = Application[
    ExtBot[None], Context, dict[Any, Any], dict[Any, Any], BotServices, Any
]
CONTEXT_TYPES: ContextTypes[Context, dict[Any, Any], dict[Any, Any], BotServices] = ContextTypes(
    bot_data=BotServices
)

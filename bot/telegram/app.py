"""Build the bot: the python-telegram-bot Application, its handlers, jobs and lifecycle.

`quicklooks run` and `quicklooks chat` and the tests all build the bot with `build_application`.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    filters,
)

from bot.errors import UserError
from bot.settings import AppConfig, Settings
from bot.storage.database import open_database
from bot.telegram.commands import command_table, menu
from bot.telegram.handlers import admin, answers, buttons, digest, fallback, settings, sources
from bot.telegram.handlers import subscription as sub
from bot.telegram.handlers.common import group_admins_only
from bot.telegram.logs import protect_secret
from bot.telegram.services import CONTEXT_TYPES, BotApp, BotServices, Context, utc_now

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "channel_post", "callback_query", "my_chat_member"]
# New messages and channel posts; edits are ignored so a corrected command is not run twice.
_INCOMING = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST

HANDLERS: dict[str, Callable[..., Any]] = {
    "start": group_admins_only(sub.start),
    "stop": group_admins_only(sub.stop),
    "digest": digest.digest,
    "latest": digest.latest,
    "time": group_admins_only(settings.set_time),
    "timezone": group_admins_only(settings.set_timezone),
    "settings": settings.show_settings,
    "sources": sources.list_sources,
    "ask": answers.ask,
    "help": fallback.show_help,
    "stats": admin.stats,
}


def require_token(settings_: Settings) -> str:
    """Return the bot token, or fail with one line saying how to set it."""
    token = settings_.telegram_token.get_secret_value() if settings_.telegram_token else ""
    if not token.strip():
        raise UserError(
            "QUICKLOOKS_TELEGRAM_TOKEN is not set: get a token from @BotFather and export it "
            "(or put it in .env); `quicklooks chat` tries the bot without one"
        )
    return token.strip()


def build_application(
    settings_: Settings,
    config: AppConfig,
    *,
    clock: Callable[[], datetime] = utc_now,
    ingest_on_start: bool = True,
    schedule_jobs: bool = True,
) -> BotApp:
    """Build the Application: handlers, typed services, lifecycle hooks (not started)."""
    token = require_token(settings_)
    protect_secret(token)
    application: BotApp = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings_.telegram_base_url)
        .context_types(CONTEXT_TYPES)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
            )
        )
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data.bind(config=config, settings=settings_, clock=clock)
    application.bot_data.ingest_on_start = ingest_on_start
    application.bot_data.schedule_jobs = schedule_jobs
    register_handlers(application, config)
    return application


def register_handlers(application: BotApp, config: AppConfig) -> None:
    """Add every command, button, membership and fallback handler, and the error handler."""
    for command in command_table(config):
        callback = HANDLERS.get(command.name)
        if callback is None:
            query = next(q for q in config.queries if q.name == command.name)
            callback = answers.query_handler(query)
        application.add_handler(CommandHandler(command.name, callback, filters=_INCOMING))
    application.add_handler(CallbackQueryHandler(buttons.on_button))
    application.add_handler(ChatMemberHandler(sub.membership, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, fallback.migrated))
    application.add_handler(MessageHandler(_INCOMING & filters.COMMAND, fallback.unknown_command))
    private_text = _INCOMING & filters.TEXT & filters.ChatType.PRIVATE
    application.add_handler(MessageHandler(private_text, fallback.plain_text))
    application.add_error_handler(fallback.on_error)


async def _post_init(application: BotApp) -> None:
    """Open the database, publish the command menu, start ingestion and delivery jobs."""
    services = application.bot_data
    if not services.has_db:
        services.db = await open_database(services.settings.database_url)
    await application.bot.set_my_commands(menu(services.config))
    if services.schedule_jobs:
        await schedule_jobs(application)


async def schedule_jobs(application: BotApp) -> None:
    """Ingest every `ingest.interval` (at once if the store is empty) and tick delivery."""
    from bot.storage.stories import count_stories

    services = application.bot_data
    job_queue = application.job_queue
    if job_queue is None:
        raise UserError("install python-telegram-bot[job-queue] to run the bot")
    interval = services.config.ingest.interval.total_seconds()
    if services.ingest_on_start and await count_stories(services.db) == 0:
        # misfire_grace_time=None: run even though "now" has passed when the scheduler starts.
        job_queue.run_once(
            ingest_job, when=0, name="ingest-first", job_kwargs={"misfire_grace_time": None}
        )
    job_queue.run_repeating(
        ingest_job,
        interval=interval,
        first=interval,
        name="ingest",
        job_kwargs={"max_instances": 1, "coalesce": True},
    )
    if importlib.util.find_spec("bot.delivery.service") is not None:
        from bot.delivery.service import schedule_delivery

        schedule_delivery(application, interval=services.config.delivery.tick)


async def ingest_job(context: Context) -> None:
    """Run one ingestion pass; a failure is logged and the next pass tries again."""
    try:
        await ingest_once(context.bot_data)
    except Exception:
        log.exception("ingestion pass failed")


async def ingest_once(services: BotServices) -> str:
    """Ingest every source once with the shared HTTP client; return a one-line summary."""
    from bot.ingest.fetch import make_http_client
    from bot.ingest.pipeline import ingest_all

    if services.http is None:
        services.http = make_http_client(services.config.ingest)
    report = await ingest_all(
        services.db, services.config, client=services.http, clock=services.clock
    )
    summary = f"{report.new_stories} new stories from {report.new_articles} new articles"
    log.info("ingestion pass: %s", summary)
    return summary


async def _post_shutdown(application: BotApp) -> None:
    """Close the HTTP client and the database."""
    services = application.bot_data
    if services.http is not None:
        await services.http.aclose()
        services.http = None
    if services.has_db:
        await services.db.close()
        services.db = None


def updates_to_receive() -> list[str]:
    """Update kinds the bot asks Telegram for."""
    return list(ALLOWED_UPDATES)


__all__ = ["ALLOWED_UPDATES", "Update", "build_application", "ingest_once", "register_handlers"]

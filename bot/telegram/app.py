"""Build the bot: the python-telegram-bot Application, its handlers and its jobs.

`quicklooks run`, `quicklooks chat` and the tests all build the bot with `build_application`
from one finished `BotServices`; `start_bot` publishes the menu and schedules the jobs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from telegram import LinkPreviewOptions
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

from bot.errors import ConfigError, UserError
from bot.logs import protect_secret
from bot.settings import AppConfig, require_token
from bot.telegram.commands import command_table, menu
from bot.telegram.handlers import (
    admin,
    answers,
    buttons,
    digest,
    fallback,
    feeds,
    imports,
    settings,
    sources,
)
from bot.telegram.handlers import filters as filters_handlers
from bot.telegram.handlers import subscription as sub
from bot.telegram.handlers.common import group_admins_only
from bot.telegram.services import CONTEXT_TYPES, BotApp, BotApplication, BotServices, Context

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "channel_post", "callback_query", "my_chat_member"]
# New messages and channel posts; edits are ignored so a corrected command is not run twice.
_INCOMING = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST
# Connections to the Bot API for replies (long polling keeps one more of its own).
_REPLY_CONNECTIONS = 8

# The built-in commands and their handlers, by feature (the query commands come from config).
HANDLERS: dict[str, Callable[..., Any]] = {
    # Subscription: only a group's admins subscribe or unsubscribe it.
    "start": group_admins_only(sub.start),
    "stop": group_admins_only(sub.stop),
    # Reading the news.
    "digest": digest.digest,
    "latest": digest.latest,
    "ask": answers.ask,
    "search": answers.search,
    # Settings: a group's admins change them, everyone may look.
    "time": group_admins_only(settings.set_time),
    "timezone": group_admins_only(settings.set_timezone),
    "settings": settings.show_settings,
    "sources": sources.list_sources,
    # Each chat's own feeds and filters: a group's admins add and remove them.
    "add": group_admins_only(feeds.add_feed),
    "feeds": feeds.list_feeds,
    "remove": group_admins_only(feeds.list_feeds),
    "export": feeds.export,
    "filter": filters_handlers.filter_command,
    # Help and operators.
    "help": fallback.show_help,
    "stats": admin.stats,
}


def build_application(services: BotServices) -> BotApp:
    """Build the Application: handlers, typed services and Bot API requests (not started)."""
    token = require_token(services.settings)
    protect_secret(token)
    application = (
        ApplicationBuilder()
        .application_class(BotApplication, kwargs={"services": services})
        .token(token)
        .base_url(services.settings.telegram_base_url)
        .base_file_url(file_url(services.settings.telegram_base_url))
        .request(services.telegram_request(_REPLY_CONNECTIONS))
        .get_updates_request(services.telegram_request(1))
        .context_types(CONTEXT_TYPES)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
            )
        )
        .build()
    )
    assert isinstance(application, BotApplication)
    register_handlers(application, services.config)
    return application


def file_url(base_url: str) -> str:
    """Return where the Bot API serves files for a base URL (…/bot -> …/file/bot)."""
    root = base_url.rstrip("/")
    return (root[: -len("/bot")] if root.endswith("/bot") else root) + "/file/bot"


def register_handlers(
    application: BotApp,
    config: AppConfig,
    *,
    handlers: Mapping[str, Callable[..., Any]] = HANDLERS,
) -> None:
    """Add every command, button, membership and fallback handler, and the error handler."""
    queries = {q.name: q for q in config.queries}
    for command in command_table(config):
        callback = handlers.get(command.name)
        if callback is None and command.name in queries:
            callback = answers.query_handler(queries[command.name])
        if callback is None:
            raise ConfigError(f"/{command.name} is in the command table but has no handler")
        application.add_handler(CommandHandler(command.name, callback, filters=_INCOMING))
    # Buttons, the bot's own membership, group migrations.
    application.add_handler(CallbackQueryHandler(buttons.on_button))
    application.add_handler(ChatMemberHandler(sub.membership, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, fallback.migrated))
    # Files: an OPML document imports its feeds.
    application.add_handler(
        MessageHandler(_INCOMING & filters.Document.ALL, imports.import_document)
    )
    # Anything else: hints for unknown commands and plain text.
    application.add_handler(MessageHandler(_INCOMING & filters.COMMAND, fallback.unknown_command))
    private_text = _INCOMING & filters.TEXT & filters.ChatType.PRIVATE
    application.add_handler(MessageHandler(private_text, fallback.plain_text))
    application.add_error_handler(fallback.on_error)


async def start_bot(application: BotApp) -> None:
    """Publish the command menu and, unless turned off, schedule ingestion and delivery."""
    services = application.services
    await application.bot.set_my_commands(menu(services.config))
    if services.schedule_jobs:
        await schedule_jobs(application)


async def schedule_jobs(application: BotApp) -> None:
    """Ingest every `ingest.interval` (at once if the store is empty) and tick delivery."""
    from bot.storage.stories import count_stories

    services = application.services
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
    schedule_delivery(application, interval=services.config.delivery.tick)


def schedule_delivery(application: BotApp, *, interval: timedelta) -> None:
    """Register the one repeating job that delivers due digests every `interval`."""
    from bot.delivery.service import deliver_due_digests, tick_line

    job_queue = application.job_queue
    if job_queue is None:
        raise UserError("install python-telegram-bot[job-queue] to deliver daily digests")
    # One limiter for the process (the "More" button's pages take their slots from it too):
    # pacing and 429 pauses carry over between ticks. On PostgreSQL its global slots come from
    # the token's budget shared by every process.
    limiter = application.limiter()
    # A tick that outlasts the interval keeps working through the backlog; the ticks that come
    # due meanwhile return at once and quietly (the scheduler would warn every interval).
    running = asyncio.Lock()

    async def tick(context: Context) -> None:
        if running.locked():
            return
        async with running:
            await _tick(context)

    async def _tick(context: Context) -> None:
        services = context.services
        started = services.clock()
        try:
            # A fresh worker id per tick: rows left by a tick that crashed here resume after
            # the lease, like any other worker's.
            report = await deliver_due_digests(
                context.bot,
                services.db,
                services.config,
                now=started,
                clock=services.clock,
                limiter=limiter,
                request=services.telegram_request,
            )
        except Exception:
            log.exception("delivery tick failed; unfinished deliveries resume on a later tick")
            return
        busy = report.sent or report.failed or report.deactivated or report.missed
        if busy or report.backlog or report.resumed or report.pruned:
            seconds = (services.clock() - started).total_seconds()
            log.info("%s", tick_line(report, now=started, seconds=seconds))

    job_queue.run_repeating(
        tick,
        interval=interval,
        first=1.0,
        name="deliver-due-digests",
        job_kwargs={"max_instances": 2, "coalesce": True, "misfire_grace_time": None},
    )


async def ingest_job(context: Context) -> None:
    """Run one ingestion pass; a failure is logged and the next pass tries again."""
    try:
        await ingest_once(context.services)
        await feeds.tell_failing_feeds(context.bot, context.services)
    except Exception:
        log.exception("ingestion pass failed")


async def ingest_once(services: BotServices) -> str:
    """Ingest every source once with the shared HTTP client; return a one-line summary."""
    from bot.ingest.pipeline import ingest_all

    report = await ingest_all(
        services.db, services.config, client=services.http, clock=services.clock
    )
    summary = f"{report.new_stories} new stories from {report.new_articles} new articles"
    log.info("ingestion pass: %s", summary)
    return summary


__all__ = ["ALLOWED_UPDATES", "build_application", "ingest_once", "register_handlers", "start_bot"]

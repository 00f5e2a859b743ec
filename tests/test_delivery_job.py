"""The bot's single repeating delivery job, run through a real PTB Application."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from pydantic import SecretStr

from bot.settings import Settings
from bot.storage.database import Database
from bot.telegram.app import build_application, schedule_delivery
from bot.telegram.services import BotApp, BotServices
from tests.deliverykit import add_chats, add_source, add_story, config, ledger
from tests.faultyapi import FaultyBotApi

# Involves "now": CI runs it again under a faked clock and another time zone (.ci/run).
pytestmark = pytest.mark.clock

NOW = datetime(2026, 11, 24, 8, 0, 30, tzinfo=UTC)


async def test_one_job_for_any_number_of_chats_delivers_through_the_app(
    db: Database, fake_bot_api: FaultyBotApi
) -> None:
    source_id = await add_source(db, "wire")
    await add_story(db, source_id=source_id, created_at=NOW - timedelta(hours=1))
    ids = list(range(1, 51))
    await add_chats(db, ids, now=NOW)
    settings = Settings(
        telegram_token=SecretStr(fake_bot_api.token), telegram_base_url=fake_bot_api.base_url
    )
    async with httpx.AsyncClient() as http:
        services = BotServices(
            settings=settings, config=config(), clock=lambda: NOW, http=http, db=db
        )
        await _run_the_job_twice(build_application(services))
    assert {i: len(fake_bot_api.messages(i)) for i in ids} == dict.fromkeys(ids, 1)
    assert {row.status for row in await ledger(db)} == {"sent"}


async def _run_the_job_twice(app: BotApp) -> None:
    schedule_delivery(app, interval=timedelta(seconds=30))
    assert app.job_queue is not None
    jobs = app.job_queue.jobs()
    assert [job.name for job in jobs] == ["deliver-due-digests"]
    async with app:
        await jobs[0].run(app)
        await jobs[0].run(app)

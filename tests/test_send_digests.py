"""`quicklooks send-digests` as real processes: once only, two at once, and killed mid-run."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.storage.database import open_database
from bot.storage.models import Delivery
from tests.conftest import POSTGRES_URL, PROJECT_ROOT, reset_postgres
from tests.deliverykit import add_chats, add_source, add_story, ledger
from tests.faultyapi import FaultyBotApi
from tests.test_cli_run import WRONG_TOKEN

# Involves "now": CI runs it again under a faked clock and another time zone (.ci/run).
pytestmark = pytest.mark.clock

# Every process in these tests runs at this instant (QUICKLOOKS_CLOCK_START), whatever the hour:
# chats are due a minute before it, well inside the grace window of today's 08:00 edition.
NOW = datetime(2026, 3, 10, 8, 1, tzinfo=UTC)

CONFIG = """
[digest]
split = true

[delivery]
global_rate = {rate}
per_chat_rate = 100
max_attempts = 3
"""


def _env(fake: FaultyBotApi, url: str, tmp_path: Path, *, rate: float = 200.0) -> dict[str, str]:
    config = tmp_path / "quicklooks.toml"
    config.write_text(CONFIG.format(rate=rate), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUICKLOOKS_")}
    env.update(
        QUICKLOOKS_TELEGRAM_TOKEN=fake.token,
        QUICKLOOKS_TELEGRAM_BASE_URL=fake.base_url,
        QUICKLOOKS_DATABASE_URL=url,
        QUICKLOOKS_CONFIG=str(config),
        QUICKLOOKS_CLOCK_START=NOW.isoformat(),
        PYTHONPATH=str(PROJECT_ROOT),
    )
    return env


async def _start(env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "send-digests",
        *args,
        env=env,
        cwd=env["QUICKLOOKS_CONFIG"].rsplit("/", 1)[0],
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def _finish(process: asyncio.subprocess.Process) -> tuple[int, str, str]:
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def _populate(url: str, chat_ids: list[int], *, long: bool = False) -> None:
    db = await open_database(url)
    now = NOW
    source_id = await add_source(db, "wire")
    for i in range(8 if long else 3):
        await add_story(db, source_id=source_id, created_at=now - timedelta(hours=i + 1), long=long)
    await add_chats(db, chat_ids, now=now, due=now - timedelta(minutes=1))
    await db.close()


def _digest_messages(fake: FaultyBotApi, chat_id: int) -> list[str]:
    return [m.text for m in fake.messages(chat_id)]


def _sqlite(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'q.db'}"


async def test_missing_token_is_one_clear_line(tmp_path: Path, fake_bot_api: FaultyBotApi) -> None:
    env = _env(fake_bot_api, _sqlite(tmp_path), tmp_path)
    del env["QUICKLOOKS_TELEGRAM_TOKEN"]
    code, _out, err = await _finish(await _start(env))
    assert code == 2
    assert err.strip().splitlines() == [
        "quicklooks send-digests: error: QUICKLOOKS_TELEGRAM_TOKEN is not set: get a token "
        "from @BotFather and export it (or put it in .env); `quicklooks chat` tries the bot "
        "without one"
    ]
    assert fake_bot_api.calls == []


async def test_rejected_token_is_one_clear_line(tmp_path: Path, fake_bot_api: FaultyBotApi) -> None:
    env = _env(fake_bot_api, _sqlite(tmp_path), tmp_path)
    env["QUICKLOOKS_TELEGRAM_TOKEN"] = WRONG_TOKEN
    code, _, err = await _finish(await _start(env))
    assert code == 2 and "Telegram rejected QUICKLOOKS_TELEGRAM_TOKEN" in err
    assert "Traceback" not in err and WRONG_TOKEN.split(":")[1] not in err


async def test_twice_in_a_row_sends_nothing_the_second_time(
    tmp_path: Path, fake_bot_api: FaultyBotApi
) -> None:
    url = _sqlite(tmp_path)
    ids = list(range(1, 13))
    await _populate(url, ids)
    env = _env(fake_bot_api, url, tmp_path)
    code, out, err = await _finish(await _start(env))
    assert code == 0, err
    assert out.strip().startswith("sent 12,")
    assert "12/12" in err  # the progress bar on stderr
    for args in ((), ("--now",)):
        code, out, _ = await _finish(await _start(env, *args, "--quiet"))
        assert code == 0 and out.strip().startswith("sent 0,")
    assert {i: len(_digest_messages(fake_bot_api, i)) for i in ids} == dict.fromkeys(ids, 1)


@pytest.mark.skipif(not POSTGRES_URL, reason="set QUICKLOOKS_TEST_POSTGRES_URL")
async def test_two_processes_on_one_postgres_deliver_each_digest_once(
    tmp_path: Path, fake_bot_api: FaultyBotApi
) -> None:
    assert POSTGRES_URL is not None
    await reset_postgres(POSTGRES_URL)
    ids = list(range(1, 161))
    await _populate(POSTGRES_URL, ids)
    # Hold every message until both processes have claimed chats and reached their first send
    # (each asks getMe twice: its Bot, then its sender), so both surely take a share.
    fake_bot_api.hold_sends()
    env = _env(fake_bot_api, POSTGRES_URL, tmp_path, rate=40.0)
    args = ("--now", "--quiet", "--batch-size", "10")
    first, second = await asyncio.gather(_start(env, *args), _start(env, *args))
    await fake_bot_api.wait_for(lambda: len(fake_bot_api.calls_to("getMe")) >= 4, within=60)
    fake_bot_api.release_sends()
    results = await asyncio.gather(_finish(first), _finish(second))
    assert all(code == 0 for code, _, _ in results), results
    sent = [int(out.split(",")[0].removeprefix("sent ")) for _, out, _ in results]
    assert sum(sent) == 160, results
    assert {i: len(_digest_messages(fake_bot_api, i)) for i in ids} == dict.fromkeys(ids, 1)
    db = await open_database(POSTGRES_URL)
    workers = {row.worker for row in await ledger(db)}
    await db.close()
    assert len(workers) == 2, "both processes should have taken a share"


async def test_killed_mid_run_then_restarted_delivers_everything(
    tmp_path: Path, fake_bot_api: FaultyBotApi
) -> None:
    url = _sqlite(tmp_path)
    ids = list(range(1, 41))
    await _populate(url, ids, long=True)
    fake_bot_api.set_delay(0.05)
    env = _env(fake_bot_api, url, tmp_path, rate=100.0)
    process = await _start(env, "--now", "--quiet")
    await fake_bot_api.wait_for(lambda: sum(len(v) for v in fake_bot_api.chats.values()) >= 25)
    process.send_signal(signal.SIGKILL)
    await process.wait()
    calls_at_kill = len(fake_bot_api.calls_to("sendMessage"))
    db = await open_database(url)
    async with db.sessions() as session:
        recorded = int(await session.scalar(select(func.sum(Delivery.messages_sent))) or 0)
    await db.close()
    assert recorded <= calls_at_kill
    code, _out, err = await _finish(await _start(env, "--now", "--quiet"))
    assert code == 0, err
    db = await open_database(url)
    rows = await ledger(db)
    await db.close()
    assert {r.chat_id for r in rows} == set(ids)
    assert all(r.status == "sent" and r.messages_sent == r.messages_total for r in rows)
    # Every part of every digest arrived; repeats are at most the sends in flight at the kill.
    expected = sum(r.messages_total for r in rows)
    received = sum(len(_digest_messages(fake_bot_api, i)) for i in ids)
    for r in rows:
        texts = _digest_messages(fake_bot_api, r.chat_id)
        assert len(set(texts)) == r.messages_total and len(texts) >= r.messages_total
    assert recorded < expected, "the kill should land mid-run"
    assert expected <= received <= expected + (calls_at_kill - recorded)


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_bad_batch_size_is_a_usage_error(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["send-digests", "--batch-size", value])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "--batch-size" in err and "Traceback" not in err

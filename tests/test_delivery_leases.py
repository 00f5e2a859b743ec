"""Leases that hold, with real `quicklooks send-digests` processes on one PostgreSQL.

Each scenario breaks the old fixed lease (stamped once at claim time, never renewed): a tick that
outlives its lease while another process starts, a process paused (SIGSTOP) past its lease and
then continued, and a process killed mid-send while another is still sending. Every chat must get
exactly one digest per edition, counted on the fake Bot API's side (not in the ledger); the only
allowed repeats are messages that were in flight when a process stopped or died.

Every process runs on an injected clock (QUICKLOOKS_CLOCK_START): a process started later starts
its clock that much later, as a real one would read it.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.storage.database import open_database
from tests.conftest import POSTGRES_URL, PROJECT_ROOT, reset_postgres
from tests.deliverykit import add_chats, add_source, add_story, ledger
from tests.faultyapi import FaultyBotApi

pytestmark = [
    pytest.mark.clock,
    pytest.mark.skipif(not POSTGRES_URL, reason="set QUICKLOOKS_TEST_POSTGRES_URL"),
]

NOW = datetime(2026, 3, 10, 8, 1, tzinfo=UTC)
LEASE_SECONDS = 2.0
RATE = 20.0  # per process: http slots = 5, chats served at once = 60

CONFIG = """
[delivery]
global_rate = {rate}
per_chat_rate = 100
max_attempts = 3
lease = "{lease}s"
"""


class Fleet:
    """Start `send-digests` processes against one database and fake, each with its own clock."""

    def __init__(self, fake: FaultyBotApi, url: str, tmp_path: Path) -> None:
        config = tmp_path / "quicklooks.toml"
        config.write_text(CONFIG.format(rate=RATE, lease=LEASE_SECONDS), encoding="utf-8")
        self._env = {k: v for k, v in os.environ.items() if not k.startswith("QUICKLOOKS_")}
        self._env.update(
            QUICKLOOKS_TELEGRAM_TOKEN=fake.token,
            QUICKLOOKS_TELEGRAM_BASE_URL=fake.base_url,
            QUICKLOOKS_DATABASE_URL=url,
            QUICKLOOKS_CONFIG=str(config),
            PYTHONPATH=str(PROJECT_ROOT),
        )
        self._cwd = str(tmp_path)
        self._origin = time.monotonic()

    async def start(self, *args: str) -> asyncio.subprocess.Process:
        """Start one process whose clock reads NOW plus the time since the fleet began."""
        env = dict(self._env)
        elapsed = timedelta(seconds=time.monotonic() - self._origin)
        env["QUICKLOOKS_CLOCK_START"] = (NOW + elapsed).isoformat()
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "send-digests", "--quiet", *args,
            env=env, cwd=self._cwd,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip


async def _finish(process: asyncio.subprocess.Process) -> tuple[int, str, str]:
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def _populate(url: str, chat_ids: Iterable[int]) -> None:
    await reset_postgres(url)
    db = await open_database(url)
    source_id = await add_source(db, "wire")
    for i in range(3):  # a one-message digest: one message per chat is the whole edition
        await add_story(db, source_id=source_id, created_at=NOW - timedelta(hours=i + 1))
    await add_chats(db, chat_ids, now=NOW, due=NOW - timedelta(minutes=1))
    await db.close()


def _received(fake: FaultyBotApi, ids: Iterable[int]) -> dict[int, int]:
    return {chat_id: len(fake.messages(chat_id)) for chat_id in ids}


def _sends(fake: FaultyBotApi) -> int:
    return sum(len(messages) for messages in fake.chats.values())


async def _all_sent(url: str, ids: list[int]) -> None:
    db = await open_database(url)
    rows = await ledger(db)
    await db.close()
    assert sorted(r.chat_id for r in rows) == ids
    assert {r.status for r in rows} == {"sent"}


@pytest.mark.parametrize("processes", [2, 3])
async def test_a_tick_that_outlives_its_lease_keeps_its_chats(
    tmp_path: Path, fake_bot_api: FaultyBotApi, processes: int
) -> None:
    assert POSTGRES_URL is not None
    ids = list(range(1, 201))  # 10 s of sending at 20 msg/s: five leases
    await _populate(POSTGRES_URL, ids)
    fleet = Fleet(fake_bot_api, POSTGRES_URL, tmp_path)
    first = await fleet.start()
    started = [first]
    await fake_bot_api.wait_for(lambda: _sends(fake_bot_api) >= 5, within=60)
    # The others start while the first is still sending, each after the first claim's lease.
    for _ in range(processes - 1):
        await asyncio.sleep(LEASE_SECONDS * 1.25)
        assert first.returncode is None
        started.append(await fleet.start())
    results = [await _finish(p) for p in started]
    assert all(code == 0 for code, _, _ in results), results
    assert _received(fake_bot_api, ids) == dict.fromkeys(ids, 1)
    # Each chat is recorded sent by exactly one process. (Which one is up to the machine: the
    # first keeps its chats while its heartbeats arrive within the lease, but a heartbeat that a
    # loaded machine delays past the 2 s lease lets another process take the rest over, which is
    # correct too; only a second copy would be wrong, and the fake's counts above rule it out.)
    sent = [int(out.split(",")[0].removeprefix("sent ")) for _, out, _ in results]
    assert sum(sent) == len(ids), results
    await _all_sent(POSTGRES_URL, ids)


@pytest.mark.parametrize("processes", [2, 3])
async def test_a_process_paused_past_its_lease_sends_nothing_more_when_continued(
    tmp_path: Path, fake_bot_api: FaultyBotApi, processes: int
) -> None:
    assert POSTGRES_URL is not None
    ids = list(range(1, 151))
    await _populate(POSTGRES_URL, ids)
    fleet = Fleet(fake_bot_api, POSTGRES_URL, tmp_path)
    paused = await fleet.start()
    await fake_bot_api.wait_for(lambda: _sends(fake_bot_api) >= 20, within=60)
    paused.send_signal(signal.SIGSTOP)
    try:
        at_stop = _sends(fake_bot_api)
        await asyncio.sleep(LEASE_SECONDS * 2)
        others = [await fleet.start() for _ in range(processes - 1)]
        results = [await _finish(p) for p in others]
        assert all(code == 0 for code, _, _ in results), results
    finally:
        paused.send_signal(signal.SIGCONT)
    code, _, err = await _finish(paused)
    assert code == 0, err
    received = _received(fake_bot_api, ids)
    assert all(count >= 1 for count in received.values())
    # Repeats: only sends that were on the wire at the stop (at most its 5 HTTP slots).
    repeats = sum(count - 1 for count in received.values())
    assert repeats <= 5, f"{repeats} repeats ({at_stop} messages arrived before the stop)"
    await _all_sent(POSTGRES_URL, ids)


async def test_a_crash_mid_send_is_resumed_without_taking_a_live_process_rows(
    tmp_path: Path, fake_bot_api: FaultyBotApi
) -> None:
    assert POSTGRES_URL is not None
    ids = list(range(1, 301))
    await _populate(POSTGRES_URL, ids)
    fleet = Fleet(fake_bot_api, POSTGRES_URL, tmp_path)
    # Small claim batches so both take a share; the survivor sends for ~7 s after the crash.
    doomed, survivor = await fleet.start("--batch-size", "10"), await fleet.start()
    await fake_bot_api.wait_for(lambda: _sends(fake_bot_api) >= 40, within=60)
    doomed.send_signal(signal.SIGKILL)
    await doomed.wait()
    # The third starts once the survivor's first claims are older than a lease.
    await asyncio.sleep(LEASE_SECONDS * 1.25)
    assert survivor.returncode is None, "the survivor should still be sending"
    third = await fleet.start()
    results = [await _finish(p) for p in (survivor, third)]
    assert all(code == 0 for code, _, _ in results), results
    received = _received(fake_bot_api, ids)
    assert all(count >= 1 for count in received.values())
    repeats = sum(count - 1 for count in received.values())
    assert repeats <= 5, f"{repeats} repeats: more than the crashed process had in flight"
    await _all_sent(POSTGRES_URL, ids)

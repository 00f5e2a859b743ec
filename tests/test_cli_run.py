"""`quicklooks run` as a real process: starts against the fake API, stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.botkit import PROJECT_ROOT
from tests.faultyapi import FaultyBotApi

# Involves "now": CI runs it again under a faked clock and another time zone (.ci/run).
pytestmark = pytest.mark.clock

# Well formed (digits, colon, 35 characters) but not the fake Bot API's token.
WRONG_TOKEN = "123456789:" + "W" * 35


def bot_env(fake: FaultyBotApi | None, tmp_path: Path) -> dict[str, str]:
    config = tmp_path / "quicklooks.toml"
    shipped = (PROJECT_ROOT / "config" / "quicklooks.toml").read_text(encoding="utf-8")
    seeds = (PROJECT_ROOT / "seeds").as_posix()
    config.write_text(shipped.replace('path = "../seeds"', f'path = "{seeds}"'), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUICKLOOKS_")}
    env.update(
        QUICKLOOKS_DATABASE_URL=f"sqlite:///{tmp_path / 'run.db'}",
        QUICKLOOKS_CONFIG=str(config),
        QUICKLOOKS_TELEGRAM_TOKEN=fake.token if fake else "",
        QUICKLOOKS_TELEGRAM_BASE_URL=fake.base_url if fake else "http://127.0.0.1:9/bot",
    )
    return env


async def stop_with_sigterm(process: asyncio.subprocess.Process) -> float:
    """Send SIGTERM and return how many seconds the process took to exit."""
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    await asyncio.wait_for(process.wait(), timeout=30)
    return time.monotonic() - started


async def test_run_polls_answers_and_stops_on_sigterm(
    fake_bot_api: FaultyBotApi, tmp_path: Path
) -> None:
    log = (tmp_path / "run.log").open("wb")  # a file, not a pipe: debug logs must never block
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "-v", "run",
        cwd=tmp_path, env={**bot_env(fake_bot_api, tmp_path), "PYTHONPATH": str(PROJECT_ROOT)},
        stdout=log, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        await fake_bot_api.wait_for(lambda: bool(fake_bot_api.calls_to("getUpdates")), within=30)
        assert {c["command"] for c in fake_bot_api.commands} >= {"digest", "absent", "remote"}
        fake_bot_api.send_text(9, "/start")
        [reply] = await fake_bot_api.wait_for_messages(9, 1, within=30)
        assert "Subscribed" in reply.visible
        # The store was empty, so an ingestion pass runs at start: /latest soon has a story.
        deadline = time.monotonic() + 30
        while "Deep Look" not in reply.button_texts() and time.monotonic() < deadline:
            count = len(fake_bot_api.messages(9))
            fake_bot_api.send_text(9, "/latest")
            reply = (await fake_bot_api.wait_for_messages(9, count + 1, within=30))[-1]
            await asyncio.sleep(0.2)  # polling interval while the pass runs, not a timing check
        assert "Deep Look" in reply.button_texts()
    finally:
        elapsed = await stop_with_sigterm(process)
        log.close()
    output = (tmp_path / "run.log").read_text(encoding="utf-8", errors="replace")
    assert process.returncode == 0, output[-2000:]
    assert elapsed < 10
    # What an operator reads: what runs on what, how it gets updates, that it stopped.
    assert re.search(
        r"Quick Looks \S+: database sqlite:///\S+run\.db, config \S+, 1 sources", output
    )
    assert "polling as @quicklooks_test_bot" in output and output.rstrip().endswith("stopped")
    assert fake_bot_api.token not in output
    assert fake_bot_api.token.split(":")[1] not in output
    assert "Traceback" not in output


async def test_run_without_token_is_one_line(tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run",
        cwd=tmp_path, env={**bot_env(None, tmp_path), "PYTHONPATH": str(PROJECT_ROOT)},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 2
    lines = stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "quicklooks run: error: QUICKLOOKS_TELEGRAM_TOKEN"
    )


async def test_rejected_token_is_one_clear_line_without_the_token(
    fake_bot_api: FaultyBotApi, tmp_path: Path
) -> None:
    env = bot_env(fake_bot_api, tmp_path)
    env["QUICKLOOKS_TELEGRAM_TOKEN"] = WRONG_TOKEN
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run",
        cwd=tmp_path, env={**env, "PYTHONPATH": str(PROJECT_ROOT)},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    output = (stdout + stderr).decode()
    assert process.returncode == 2
    last = output.strip().splitlines()[-1]
    assert last.startswith("quicklooks run: error: Telegram rejected QUICKLOOKS_TELEGRAM_TOKEN")
    assert WRONG_TOKEN.split(":")[1] not in output and "Traceback" not in output


@pytest.mark.parametrize(
    "token", ["123:short", "not a token", "abc:" + "x" * 35, "1:2:" + "x" * 30]
)
async def test_a_malformed_token_is_refused_before_any_network_call(
    fake_bot_api: FaultyBotApi, tmp_path: Path, token: str
) -> None:
    env = {**bot_env(fake_bot_api, tmp_path), "QUICKLOOKS_TELEGRAM_TOKEN": token}
    for command in ("run", "send-digests"):
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", command,
            cwd=tmp_path, env={**env, "PYTHONPATH": str(PROJECT_ROOT)},
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
        assert process.returncode == 2
        assert stderr.decode().splitlines() == [
            f"quicklooks {command}: error: QUICKLOOKS_TELEGRAM_TOKEN does not look like a bot "
            "token (digits, a colon, then the secret, as @BotFather gives it)"
        ]
    assert fake_bot_api.calls == []
    assert not (tmp_path / "run.db").exists(), "nothing is opened before the token is checked"


async def test_run_webhook_checks_the_secret_and_stops_on_sigterm(
    fake_bot_api: FaultyBotApi, tmp_path: Path
) -> None:
    import httpx

    from tests.test_bot_webhook import free_port

    port = free_port()
    env = bot_env(fake_bot_api, tmp_path)
    env.update(
        QUICKLOOKS_WEBHOOK_SECRET="run-secret",
        QUICKLOOKS_WEBHOOK_LISTEN="127.0.0.1",
        QUICKLOOKS_WEBHOOK_PORT=str(port),
        PYTHONPATH=str(PROJECT_ROOT),
    )
    log = (tmp_path / "webhook.log").open("wb")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", "--webhook", "https://bot.example/tg/hook",
        cwd=tmp_path, env=env, stdout=log, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        await fake_bot_api.wait_for(lambda: bool(fake_bot_api.webhook_url), within=30)
        assert fake_bot_api.calls_to("setWebhook")[-1].params["secret_token"] == "run-secret"
        update = {"update_id": 1, "message": fake_bot_api.make_message(8, "/help")}
        url = f"http://127.0.0.1:{port}/tg/hook"
        async with httpx.AsyncClient() as client:
            for _ in range(100):  # the webhook server starts right after setWebhook
                try:
                    refused = await client.post(url, json=update)
                    break
                except httpx.ConnectError:
                    await asyncio.sleep(0.1)
            accepted = await client.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "run-secret"}
            )
        assert (refused.status_code, accepted.status_code) == (403, 200)
        [reply] = await fake_bot_api.wait_for_messages(8, 1, within=30)
        assert "/digest" in reply.visible
    finally:
        elapsed = await stop_with_sigterm(process)
        log.close()
    output = (tmp_path / "webhook.log").read_text(encoding="utf-8", errors="replace")
    assert process.returncode == 0, output[-2000:]
    assert elapsed < 10
    assert "run-secret" not in output and fake_bot_api.token not in output


async def test_a_restart_says_how_many_stories_it_has_and_hides_the_password(
    fake_bot_api: FaultyBotApi, tmp_path: Path
) -> None:
    env = {**bot_env(fake_bot_api, tmp_path), "PYTHONPATH": str(PROJECT_ROOT)}
    for run in range(2):
        log = (tmp_path / f"run{run}.log").open("wb")
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "run",
            cwd=tmp_path, env=env, stdout=log, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        await fake_bot_api.wait_for(lambda: bool(fake_bot_api.calls_to("getUpdates")), within=30)
        if run == 0:  # the first start ingests the empty store
            await fake_bot_api.wait_for(
                lambda: "ingestion pass:" in (tmp_path / "run0.log").read_text(), within=60
            )
        await stop_with_sigterm(process)
        log.close()
        fake_bot_api.calls.clear()
    restarted = (tmp_path / "run1.log").read_text(encoding="utf-8")
    assert re.search(r"restarting with \d+ stories stored", restarted)
    assert "restarting" not in (tmp_path / "run0.log").read_text(encoding="utf-8")


def test_the_database_url_in_logs_hides_its_password() -> None:
    from bot.storage.database import describe_url

    shown = describe_url("postgresql+asyncpg://bot:s3cret@db:5432/news")
    assert shown == "postgresql+asyncpg://bot:***@db:5432/news"


def test_verbose_shows_the_projects_debug_lines_and_very_verbose_everyones(
    tmp_path: Path,
) -> None:
    import subprocess

    env = {**bot_env(None, tmp_path), "PYTHONPATH": str(PROJECT_ROOT)}
    outputs = []
    for flags in (["-v"], ["-vv"]):
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", *flags, "digest", "--limit", "1"],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
        outputs.append(done.stderr)
    verbose, very = outputs
    libraries = ("aiosqlite", "alembic", "httpx", "httpcore")
    assert "DEBUG bot." in verbose
    assert not any(f"DEBUG {name}" in verbose for name in libraries)
    assert any(f"DEBUG {name}" in very for name in libraries)

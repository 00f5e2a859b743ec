"""`quicklooks chat`: the offline console runs the real handlers on the embedded seeds."""

from __future__ import annotations

import asyncio
import io
import os
import sys
from pathlib import Path

import pytest

from bot.services import open_services, open_store
from bot.settings import load_config, load_settings
from bot.telegram.console import PROMPT, run_console
from tests.test_cli_run import PROJECT_ROOT, bot_env

# Involves "now": CI runs it again under a faked clock and another time zone (.ci/run).
pytestmark = pytest.mark.clock


def console_env(tmp_path: Path) -> dict[str, str]:
    env = bot_env(None, tmp_path)
    del env["QUICKLOOKS_TELEGRAM_TOKEN"], env["QUICKLOOKS_TELEGRAM_BASE_URL"]
    return {**env, "PYTHONPATH": str(PROJECT_ROOT)}


async def test_piped_commands_on_the_seeds(tmp_path: Path) -> None:
    lines = "/start\n/digest\n[Deep Look 1]\n[Back]\n/absent\n/remote\n/time 25:99\n"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "chat",
        cwd=tmp_path, env=console_env(tmp_path),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await asyncio.wait_for(process.communicate(lines.encode()), timeout=60)
    out = stdout.decode()
    assert process.returncode == 0, stderr.decode()[-2000:]
    assert "ingesting" in stderr.decode()
    assert "> /start\nSubscribed." in out
    assert "Quick Looks · " in out and "[Deep Look 1]" in out
    assert out.count("(edited)") == 2
    assert "<b>" not in out and "&amp;" not in out
    absent = out.split("> /absent", 1)[1].split("> /remote", 1)[0]
    for name in ("United States", "Croatia", "Montenegro"):
        assert name in absent
    remote = out.split("> /remote", 1)[1].split("> /time", 1)[0]
    for name in ("Japan", "South Korea", "Australia", "New Zealand"):
        assert name in remote
    assert "Expected a time like /time 07:30 (24-hour), got 25:99." in out


async def test_console_buttons_and_bad_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in [k for k in os.environ if k.startswith("QUICKLOOKS_")]:
        monkeypatch.delenv(key)
    for key, value in console_env(tmp_path).items():
        if key.startswith("QUICKLOOKS_"):
            monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    typed = "\n".join(
        ["/start", "/settings", "[8]", "[Sources]", "[Mute Samples]", "[No Such Button]", "",
         "/stats", "/timezone " + "😀" * 3000, "/ask", "plain words"]
    )  # fmt: skip
    out = io.StringIO()
    settings = load_settings()
    async with (
        open_services(settings, load_config(settings.config_path())) as services,
        open_store(services) as store,
    ):
        code = await run_console(store, chat_id=5, ingest=False, stdin=io.StringIO(typed), out=out)
    assert code == 0
    text = out.getvalue()
    assert "Bullets per story: 8" in text
    assert "Samples — muted" in text
    assert "No button [No Such Button]" in text
    assert "Subscribers: 1 active of 1" in text  # the console user operates the bot
    assert "Expected an IANA zone" in text and "…" in text
    assert "I answer commands" in text
    assert "Sorry" not in text


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


async def test_a_terminal_gets_a_prompt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key in [k for k in os.environ if k.startswith("QUICKLOOKS_")]:
        monkeypatch.delenv(key)
    for key, value in console_env(tmp_path).items():
        if key.startswith("QUICKLOOKS_"):
            monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    settings = load_settings()
    async with (
        open_services(settings, load_config(settings.config_path())) as services,
        open_store(services) as store,
    ):
        await run_console(store, ingest=False, stdin=_Terminal("/help\n"), out=out)
    text = out.getvalue()
    assert text.count(PROMPT) == 2  # before /help, and before the end of input
    assert "> /help" not in text and "/digest" in text


async def test_upload_imports_an_opml_file_and_export_sends_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in [k for k in os.environ if k.startswith("QUICKLOOKS_")]:
        monkeypatch.delenv(key)
    for key, value in console_env(tmp_path).items():
        if key.startswith("QUICKLOOKS_"):
            monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.opml").write_text(
        '<opml version="2.0"><body><outline text="x" xmlUrl="javascript:1"/></body></opml>'
    )
    typed = "/start\n/upload mine.opml\n/upload missing.opml\n/export\n"
    out = io.StringIO()
    settings = load_settings()
    async with (
        open_services(settings, load_config(settings.config_path())) as services,
        open_store(services) as store,
    ):
        await run_console(store, ingest=False, stdin=io.StringIO(typed), out=out)
    text = out.getvalue()
    assert "> /upload mine.opml\nImported mine.opml: 0 added, 0 already there, 1 refused." in text
    assert "Cannot read missing.opml" in text
    assert "no feeds of its own to export" in text

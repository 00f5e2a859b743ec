"""`quicklooks ask` and `quicklooks search` on the seeds, as real processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_chat_console import console_env

pytestmark = pytest.mark.clock


def quicklooks(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], cwd=tmp_path, env=console_env(tmp_path),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_ask_and_search_on_the_seeds(tmp_path: Path) -> None:
    assert quicklooks(tmp_path, "ingest").returncode == 0
    asked = quicklooks(tmp_path, "ask", "--json", "who voted for a rate cut?")
    assert asked.returncode == 0, asked.stderr
    assert "Okafor" in json.loads(asked.stdout)[0]["text"]
    found = quicklooks(tmp_path, "search", "--json", "light", "rail")
    stories = json.loads(found.stdout)["stories"]
    assert stories and all(
        "Light Rail" in s["headline"] or "Blue Line" in s["headline"] for s in stories
    )
    bad = quicklooks(tmp_path, "search", '"', "*", "OR")
    assert bad.returncode != 0 and "no searchable words" in bad.stderr
    assert "Traceback" not in bad.stderr

"""The package as users install it: the wheel carries the embedded default, `quicklooks init`."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import load_config
from tests.conftest import PROJECT_ROOT

# Involves "now": CI runs it again under a faked clock and another time zone (.ci/run).
pytestmark = pytest.mark.clock


def test_init_writes_a_starter_that_loads_and_works_offline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "mybot"
    assert main(["init", str(target)]) == 0
    config = load_config(target / "config" / "quicklooks.toml")
    assert [q.name for q in config.queries] == ["absent", "remote"]  # written out to edit
    assert Path(config.location_of(config.sources[0])).resolve() == (target / "seeds").resolve()
    assert len(list((target / "seeds").glob("*.txt"))) == 9
    env = target / ".env"
    assert "QUICKLOOKS_TELEGRAM_TOKEN=" in env.read_text()
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
    capsys.readouterr()

    assert main(["init", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("quicklooks init: error: ") and "--force" in err
    assert err.count("\n") == 1
    assert main(["init", str(target), "--force"]) == 0

    monkeypatch.chdir(target)
    for key in [k for k in os.environ if k.startswith("QUICKLOOKS_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("QUICKLOOKS_CLOCK_START", "2026-06-10T09:30:00+00:00")
    capsys.readouterr()
    assert main(["digest", "--limit", "3"]) == 0
    assert capsys.readouterr().out.startswith("Quick Looks digest — 3 stories")


def test_the_wheel_carries_the_default_and_runs_from_any_directory(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(dist), str(PROJECT_ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = dist.glob("quicklooks-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "bot/defaults/config/quicklooks.toml" in names
    assert sum(n.startswith("bot/defaults/seeds/") and n.endswith(".txt") for n in names) == 9
    assert "bot/storage/migrations/versions/0001_initial_schema.py" in names

    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUICKLOOKS_")}
    env.update(PYTHONPATH=str(site), QUICKLOOKS_CLOCK_START="2026-06-10T09:30:00+00:00")
    script = (
        "import sys, bot; from bot.cli import main; "
        f"assert bot.__file__.startswith({str(site)!r}), bot.__file__; "
        "sys.exit(main(['digest', '--limit', '8']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=elsewhere, env=env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("Quick Looks digest — 8 stories")
    assert (elsewhere / "data" / "quicklooks.db").exists()

"""The command line: every subcommand has help text, is documented, and misuse is a clear error."""

from __future__ import annotations

import re

import pytest

from bot.cli import SUBCOMMANDS, build_parser, main
from tests.conftest import PROJECT_ROOT


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_every_subcommand_has_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([name, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert f"quicklooks {name}" in out
    assert SUBCOMMANDS[name].help in " ".join(out.split())


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_every_subcommand_is_documented_in_the_readme(name: str) -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    pattern = rf"`quicklooks {re.escape(name)}\b"
    assert re.search(pattern, readme), f"README lacks `quicklooks {name}`"


def test_unknown_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["frobnicate"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_readme_starts_with_exactly_two_commands() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    commands = [line for line in first_block.splitlines()[1:] if line.strip()]
    assert len(commands) == 2
    assert "quicklooks digest" in commands[0]
    assert "pytest" in commands[1]


def test_output_cut_short_by_the_reader_is_not_a_traceback(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    script = "import sys; from bot.cli import main; sys.exit(main(['summarize', '-']))"
    article = "Officials met on Monday. " * 4000
    with subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=PROJECT_ROOT,
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # the reader goes away before any output is written
        proc.stdin.write(article.encode())
        proc.stdin.close()
        err = proc.stderr.read().decode()
        proc.wait(timeout=60)
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["digest", "--bullets", "abc"], "argument --bullets: must be a whole number from 1 to 8"),
        (["digest", "--since", "soon"], "argument --since: not a duration: 'soon'"),
        (["summarize"], "the following arguments are required: source"),
    ],
)
def test_usage_errors_are_one_line(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err and err.startswith("quicklooks ")


def test_a_bare_since_counts_hours() -> None:
    from datetime import timedelta

    from bot.commands.digest import parse_since

    assert parse_since("24") == timedelta(hours=24)
    assert parse_since("30m") == timedelta(minutes=30)
    assert parse_since("7d") == timedelta(days=7)

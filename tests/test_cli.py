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
    assert SUBCOMMANDS[name][1] in " ".join(out.split())


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

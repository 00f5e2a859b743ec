"""The `quicklooks` command line: a table of subcommands, each in its own module.

This is the one bootstrap: the environment settings and the TOML config are loaded here, once,
and every subcommand gets one services object (opened and closed around it).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import os
import sys
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, cast

from bot.errors import UserError

Needs = Literal["nothing", "services", "store"]


@dataclass(frozen=True)
class Subcommand:
    """A subcommand: its module under bot.commands, its help line and what it needs opened."""

    module: str
    help: str
    needs: Needs = "store"
    token: bool = False  # refuse to start, before opening anything, without a valid bot token


SUBCOMMANDS: dict[str, Subcommand] = {
    "init": Subcommand(
        "init", "Write a starter config, sample articles and a .env template.", "nothing"
    ),
    "summarize": Subcommand(
        "summarize", "Summarize an article (file, folder, feed, URL or '-').", "services"
    ),
    "eval": Subcommand(
        "evaluate", "Score engines with ROUGE against reference highlights.", "services"
    ),
    "ingest": Subcommand("ingest", "Fetch every configured source once and store new stories."),
    "digest": Subcommand("digest", "Print the digest a subscriber would get now."),
    "ask": Subcommand("ask", "Answer a question from the stored news, as /ask does."),
    "search": Subcommand("search", "List stored stories holding every word, newest first."),
    "resummarize": Subcommand(
        "resummarize", "Summarise stored stories again (after a summarizer upgrade)."
    ),
    "run": Subcommand("run", "Run the Telegram bot (long polling, or --webhook URL).", token=True),
    "chat": Subcommand("chat", "Try the bot offline: type commands, read the replies."),
    "send-digests": Subcommand(
        "send_digests", "Run one delivery tick: send every due daily digest.", token=True
    ),
}


class CommandModule(Protocol):
    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    # A coroutine function, or a plain one for commands that only compute (eval).
    def run(self, args: argparse.Namespace, services: Any) -> int | Awaitable[int]: ...


def load_command(name: str) -> CommandModule:
    """Import the module that implements subcommand `name`."""
    return cast(CommandModule, importlib.import_module(f"bot.commands.{SUBCOMMANDS[name].module}"))


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, like every other error of the CLI."""

    def error(self, message: str) -> Any:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Build the parser with every subcommand's arguments."""
    parser = _Parser(prog="quicklooks", description="Quick Looks: news briefings for Telegram.")
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log the project's debug lines (-vv: every library's too)",
    )
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    for name, spec in SUBCOMMANDS.items():
        command_parser = sub.add_parser(name, help=spec.help, description=spec.help)
        load_command(name).add_arguments(command_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; user errors become one line on stderr and exit code 2."""
    from bot.logs import configure_logging

    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    try:
        return asyncio.run(_run(args))
    except UserError as exc:
        print(f"quicklooks {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `quicklooks digest | head`): stop quietly, like other CLIs.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


async def _run(args: argparse.Namespace) -> int:
    """Load the settings and config once, open what the subcommand needs, and run it."""
    from bot.services import open_services, open_store
    from bot.settings import load_config, load_settings, require_token

    spec, command = SUBCOMMANDS[args.command], load_command(args.command)
    if spec.needs == "nothing":
        return await _call(command, args, None)
    settings = load_settings()
    if spec.token:
        require_token(settings)
    config = load_config(settings.config_path())
    async with open_services(settings, config) as services:
        if spec.needs == "services":
            return await _call(command, args, services)
        async with open_store(services) as store:
            return await _call(command, args, store)


async def _call(command: CommandModule, args: argparse.Namespace, services: Any) -> int:
    result = command.run(args, services)
    return await result if inspect.isawaitable(result) else result


if __name__ == "__main__":
    sys.exit(main())

"""The `quicklooks` command line: a table of subcommands, each in its own module."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import Protocol, cast

from bot.errors import UserError

# name -> (module under bot.commands, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "summarize": ("summarize", "Summarize an article (file, folder, URL or '-') into Quick Looks."),
    "eval": ("evaluate", "Score engines with ROUGE against reference highlights."),
    "ingest": ("ingest", "Fetch every configured source once and store new stories."),
    "digest": ("digest", "Print the digest a subscriber would get now."),
    "run": ("run", "Run the Telegram bot (long polling, or --webhook URL)."),
    "chat": ("chat", "Try the bot offline: type commands, read the replies."),
    "send-digests": ("send_digests", "Run one delivery tick: send every due daily digest."),
}


class CommandModule(Protocol):
    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


def load_command(name: str) -> CommandModule:
    """Import the module that implements subcommand `name`."""
    module_name, _ = SUBCOMMANDS[name]
    return cast(CommandModule, importlib.import_module(f"bot.commands.{module_name}"))


def build_parser() -> argparse.ArgumentParser:
    """Build the parser with every subcommand's arguments."""
    parser = argparse.ArgumentParser(
        prog="quicklooks", description="Quick Looks: news briefings for Telegram."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_, help_text) in SUBCOMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        load_command(name).add_arguments(command_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; user errors become one line on stderr and exit code 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return load_command(args.command).run(args)
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


if __name__ == "__main__":
    sys.exit(main())

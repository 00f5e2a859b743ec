"""`quicklooks ingest`: fetch every configured source once and store new stories."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the ingest options."""
    parser.add_argument("--source", metavar="NAME", help="ingest only this source (now)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace) -> int:
    """Run one pass; exit 1 only when every source that was tried failed."""
    import asyncio

    from bot.ingest.runner import run_ingest_pass, summary_lines

    report = asyncio.run(run_ingest_pass(only=args.source, show_progress=not args.json))
    print(report.model_dump_json(indent=2) if args.json else "\n".join(summary_lines(report)))
    return 1 if report.all_failed else 0

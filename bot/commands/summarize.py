"""`quicklooks summarize`: print Quick Looks for an article file, folder, URL or stdin."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from bot.errors import UserError

if TYPE_CHECKING:
    from bot.services import Services


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the summarize options."""
    parser.add_argument("source", help="article file (.txt/.md/.html), folder, URL, or '-'")
    parser.add_argument("--json", action="store_true", help="print the QuickLook as JSON")
    parser.add_argument("--bullets", type=int, default=None, help="number of bullets (1-20)")
    parser.add_argument("--engine", default=None, help="summarizer engine (default: quicklooks)")


async def run(args: argparse.Namespace, services: Services) -> int:
    """Summarize each article and print it as text or JSON."""
    from bot.article_io import read_articles
    from summarizers import ENGINES, UnknownEngineError, summarize

    if args.bullets is not None and not 1 <= args.bullets <= 20:
        raise UserError("--bullets must be between 1 and 20")
    if args.engine is not None and args.engine.lower() not in ENGINES:
        raise UserError(f"unknown engine {args.engine!r}; choose from: {', '.join(ENGINES)}")
    stdin_text = sys.stdin.read() if args.source == "-" else None
    outputs = []
    for article in read_articles(args.source, stdin_text=stdin_text):
        try:
            look = summarize(article.text, article.title, args.bullets, args.engine)
        except UnknownEngineError as exc:
            raise UserError(str(exc)) from None
        except ValueError as exc:
            raise UserError(f"{article.source}: {exc}") from None
        outputs.append(look.model_dump() if args.json else look.to_text())
    if args.json:
        print(
            json.dumps(outputs[0] if len(outputs) == 1 else outputs, indent=2, ensure_ascii=False)
        )
    else:
        print("\n\n".join(str(o) for o in outputs))
    return 0

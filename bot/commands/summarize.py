"""`quicklooks summarize`: print Quick Looks for an article file, folder, feed, page or stdin.

It reads through the same readers as ingestion: a folder skips README and reports (and skips)
files that are not articles; a feed URL is read as a feed, each item summarised.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.errors import UserError

if TYPE_CHECKING:
    from bot.ingest.models import RawArticle
    from bot.ingest.readers import ReadContext
    from bot.services import Services


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the summarize options."""
    parser.add_argument(
        "source", help="article file (.txt/.md/.html), folder, feed or page URL, or '-' (stdin)"
    )
    parser.add_argument("--json", action="store_true", help="print the QuickLook as JSON")
    parser.add_argument("--bullets", type=int, default=None, help="number of bullets (1-20)")
    parser.add_argument("--engine", default=None, help="summarizer engine (default: quicklooks)")


async def run(args: argparse.Namespace, services: Services) -> int:
    """Summarize each article and print it as text or JSON."""
    from summarizers import ENGINES, summarize

    if args.bullets is not None and not 1 <= args.bullets <= 20:
        raise UserError("--bullets must be between 1 and 20")
    if args.engine is not None and args.engine.lower() not in ENGINES:
        raise UserError(f"unknown engine {args.engine!r}; choose from: {', '.join(ENGINES)}")
    articles, single = await read_target(args.source, services)
    outputs = []
    for article in articles:
        try:
            look = summarize(article.text, article.title, args.bullets, args.engine)
        except ValueError as exc:
            if single:
                raise UserError(f"{args.source}: {exc}") from None
            _warn(f"skipped {article.title[:60]!r}: {exc}")
            continue
        outputs.append(look.model_dump() if args.json else look.to_text())
    if not outputs:
        raise UserError(f"{args.source}: nothing could be summarised")
    if args.json:
        print(json.dumps(outputs[0] if single else outputs, indent=2, ensure_ascii=False))
    else:
        print("\n\n".join(str(o) for o in outputs))
    return 0


def _warn(message: str) -> None:
    print(f"quicklooks summarize: {message}", file=sys.stderr)


async def read_target(target: str, services: Services) -> tuple[list[RawArticle], bool]:
    """Read the article(s) `target` names; also say whether it names exactly one article."""
    from bot.ingest.budget import FetchBudget
    from bot.ingest.models import SourceError
    from bot.ingest.readers import ReadContext, folder

    config = services.config
    budget = FetchBudget(config.fetch)
    context = ReadContext(client=services.http, limits=config.ingest, budget=budget)
    limits = context.limits
    try:
        if target == "-":
            raw = sys.stdin.buffer.read()
            if not raw.strip():
                raise UserError("no text on standard input")
            return [folder.from_bytes(raw, html=raw.lstrip()[:1] == b"<")], True
        if re.match(r"^https?://", target, re.IGNORECASE):
            return await _read_url(target, context)
        return await context.off_loop(_read_path, Path(target), max_bytes=limits.max_bytes)
    except SourceError as problem:
        raise UserError(f"{target}: {problem}") from None


def _read_path(path: Path, *, max_bytes: int) -> tuple[list[RawArticle], bool]:
    """Read a folder's articles (reporting the files skipped) or one article file."""
    from bot.ingest.readers import folder

    if path.is_dir():
        result = folder.read_folder(path, max_bytes=max_bytes)
        for warning in result.warnings:
            _warn(warning)
        if not result.articles:
            raise UserError(f"no .txt, .md or .html articles in {path}")
        return result.articles, False
    if not path.exists():
        raise UserError(f"file not found: {path}")
    return [folder.read_file(path, max_bytes=max_bytes)], True


async def _read_url(url: str, context: ReadContext) -> tuple[list[RawArticle], bool]:
    """Fetch a URL once: a feed gives its items (teasers completed), a page its article."""
    from bot.ingest.feeds import looks_like_feed
    from bot.ingest.readers import feed, page
    from bot.ingest.teasers import expand_teasers

    fetched = await context.get(url, conditional=False)
    if looks_like_feed(fetched.body, fetched.content_type):
        result = await feed.parse(fetched, context)
        for warning in result.warnings:
            _warn(warning)
        return await expand_teasers(result.articles, context), False
    return (await page.parse(fetched, context, url=url)).articles, True

"""Answer quality of /ask: top-1 and top-3 accuracy on questions over the sample stories.

Ingests seeds/ (the shipped config's folder source) into a fresh SQLite database, or the
PostgreSQL given by --database, asks every question of benchmarks/data/questions.toml and
counts a question right at k when one of its first k facts holds the expected phrase. Reports
each half (dev: looked at while tuning; held: kept out until the end) and both.

Usage: python -m benchmarks.questions [--half dev|held|all] [--database URL] [--show]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from bot.answers import service
from bot.answers.question import parse
from bot.ingest.pipeline import ingest_all
from bot.settings import load_config
from bot.storage.database import open_database

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "benchmarks" / "data" / "questions.toml"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Result:
    """One question's outcome."""

    half: str
    ask: str
    expect: str
    rank: int | None  # 1-based rank of the first right fact, None if not in the top 3
    answers: list[str]


async def evaluate(database_url: str, half: str) -> list[Result]:
    """Ingest the seeds into `database_url` and answer every question of `half`."""
    config = load_config(ROOT / "config" / "quicklooks.toml")
    db = await open_database(database_url)
    try:
        async with httpx.AsyncClient() as client:
            await ingest_all(db, config, client=client, clock=lambda: NOW)
        since = NOW - timedelta(days=config.digest.query_days)
        results = []
        for item in tomllib.loads(QUESTIONS.read_text(encoding="utf-8"))["question"]:
            if half != "all" and item["half"] != half:
                continue
            facts = await service.ask(db, parse(item["ask"]), since=since, muted_sources=())
            texts = [f.text for f in facts]
            found = [i for i, t in enumerate(texts) if item["expect"].lower() in t.lower()]
            results.append(
                Result(
                    item["half"],
                    item["ask"],
                    item["expect"],
                    found[0] + 1 if found else None,
                    texts,
                )
            )
        return results
    finally:
        await db.close()


def report(results: list[Result]) -> list[str]:
    """Return the accuracy table: each half and all questions."""
    lines = ["| questions | n | top-1 | top-3 |", "| --- | --- | --- | --- |"]
    for name in ("dev", "held", "all"):
        chosen = [r for r in results if name == "all" or r.half == name]
        if not chosen:
            continue
        top1 = sum(r.rank == 1 for r in chosen) / len(chosen)
        top3 = sum(r.rank is not None for r in chosen) / len(chosen)
        lines.append(f"| {name} | {len(chosen)} | {top1:.0%} | {top3:.0%} |")
    return lines


def main() -> int:
    """Run the evaluation and print the table (and each miss with --show)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=["dev", "held", "all"], default="dev")
    parser.add_argument("--database", help="a database URL (default: a fresh SQLite file)")
    parser.add_argument("--show", action="store_true", help="print every question not right at 1")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        url = args.database or f"sqlite:///{Path(scratch) / 'questions.db'}"
        results = asyncio.run(evaluate(url, args.half))
    print("\n".join(report(results)))
    if args.show:
        for r in results:
            if r.rank != 1:
                print(f"\n[{r.half}] {r.ask}  (want {r.expect!r}, rank {r.rank})")
                for text in r.answers:
                    print(f"   - {text[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

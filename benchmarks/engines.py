"""Measure articles per second for every engine on a dataset, single process, in one run.

Usage: python benchmarks/engines.py /work/shared/data/cnndm-dev/cnndm_dev_250.jsonl [--limit N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bot.commands.evaluate import load_dataset
from summarizers import ENGINES, summarize


def time_engine(engine: str, articles: list[str]) -> float:
    """Return the seconds `engine` takes to summarize every article into 3 bullets."""
    start = time.perf_counter()
    for article in articles:
        summarize(article, max_bullets=3, engine=engine)
    return time.perf_counter() - start


def main() -> None:
    """Print a markdown table of speed per engine, with the ratio to sumy LexRank."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dataset")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    articles = [e.article for e in load_dataset(Path(args.dataset), limit=args.limit)]
    summarize(articles[0], engine="lexrank")  # warm caches and imports before timing
    seconds = {engine: time_engine(engine, articles) for engine in ENGINES}
    base = seconds["lexrank"] / len(articles)
    print(f"{len(articles)} articles, single process\n")
    print("| engine | articles/s | ms/article | time vs lexrank |")
    print("|---|---:|---:|---:|")
    for engine, total in seconds.items():
        per = total / len(articles)
        print(f"| {engine} | {1 / per:.1f} | {1000 * per:.2f} | {per / base:.2f}x |")


if __name__ == "__main__":
    main()

"""Measure articles per second for every engine on a dataset, single process, in one run.

Also reports the shape of the default Quick Looks (max_bullets=None) on the same articles:
bullet length median/max, quote fragments and ledes that merely repeat a bullet.

Usage: python benchmarks/engines.py /work/shared/data/cnndm-dev/cnndm_dev_250.jsonl [--limit N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bot.commands.evaluate import load_dataset
from summarizers import ENGINES, summarize
from summarizers.quotes import balanced


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
    print()
    print(bullet_shape(articles))


def bullet_shape(articles: list[str]) -> str:
    """Describe the default Quick Looks of the articles: bullet counts and lengths."""
    looks = [summarize(article) for article in articles]
    lengths = [len(b.split()) for look in looks for b in look.bullets]
    fragments = sum(not balanced(b) for look in looks for b in look.bullets)
    repeats = sum(look.lede in look.bullets for look in looks)
    return (
        f"Default Quick Looks (max_bullets=None): {len(looks)} looks, {len(lengths)} bullets, "
        f"{statistics.mean(len(look.bullets) for look in looks):.1f} bullets/look; words per "
        f"bullet median {statistics.median(lengths):g}, mean {statistics.mean(lengths):.1f}, "
        f"max {max(lengths)}; bullets with an unclosed quote: {fragments}; "
        f"ledes equal to a bullet: {repeats}"
    )


if __name__ == "__main__":
    main()

"""Benchmark how many messages real daily digests take: split to every story vs fitted to one.

Usage:
    python -m benchmarks.digest_fit /work/shared/data/cnndm-dev/cnndm_dev_250.jsonl [--digests 30]

Each article of the dataset is summarized into a Quick Look (the default engine, as ingestion
does; its first sentence stands in for the feed title); digests of `[digest] max_stories` (8)
stories are drawn from them (seeded), and each is rendered at 3, 5 and 8 bullets, both ways:

- split (`[digest] split = true`, the old behaviour): every story, in as many messages as needed;
- fitted (the default): the whole stories that fit one message, plus a "+N more" line and a
  More button.

Reported: the share of digests that are one message, messages per digest (what each costs in
the rate budget) and stories shown per digest.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class _Link:
    name: str
    url: str | None
    title: str = ""


@dataclass
class _Story:
    id: int
    headline: str
    quicklook: Any
    deep_look: list[str] = field(default_factory=list)
    links: list[_Link] = field(default_factory=list)


def _stories(path: Path, limit: int) -> list[_Story]:
    from bot.commands.evaluate import load_dataset
    from summarizers import summarize

    stories = []
    for number, example in enumerate(load_dataset(path, limit=limit), start=1):
        title = example.article.split(". ")[0][:120]
        look = summarize(example.article, title=title, max_bullets=8)
        stories.append(
            _Story(
                number, look.headline, look, [], [_Link("Wire", f"https://news.example/{number}")]
            )
        )
    return stories


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--digests", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS-delivery.md")
    args = parser.parse_args()
    from bot.messages.render import render_digest

    stories = _stories(args.dataset, args.articles)
    rng = random.Random(args.seed)
    digests = [rng.sample(stories, 8) for _ in range(args.digests)]
    day = date(2026, 12, 2)
    lines = [
        "",
        "## Real digests: messages per digest, split vs fitted (issue 11)",
        "",
        f"Command: `python -m benchmarks.digest_fit {args.dataset} --articles {args.articles} "
        f"--digests {args.digests} --seed {args.seed}`: {len(digests)} digests of 8 stories "
        f"drawn from {len(stories)} real-length articles (CNN/DM dev), each Quick Look made by the "
        "default summarizer.",
        "",
        "| Bullets | Way | One-message share | Messages per digest | Stories shown |",
        "|---:|---|---:|---:|---:|",
    ]
    for bullets in (3, 5, 8):
        for way, one in (("split (old)", False), ("fitted (default)", True)):
            rendered = [
                render_digest(d, bullets=bullets, day=day, one_message=one) for d in digests
            ]
            singles = sum(1 for parts in rendered if len(parts) == 1) / len(rendered)
            messages = sum(len(parts) for parts in rendered) / len(rendered)
            shown = sum(_shown(parts) for parts in rendered) / len(rendered)
            lines.append(f"| {bullets} | {way} | {singles:.2f} | {messages:.2f} | {shown:.1f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    with args.out.open("a", encoding="utf-8") as out:
        out.write(text)
    return 0


def _shown(parts: list[Any]) -> int:
    # Each story shown has its own row of buttons (Deep Look, Source).
    return sum(len(part.buttons) for part in parts)


if __name__ == "__main__":
    raise SystemExit(main())

"""`quicklooks eval`: score 3-bullet Quick Looks with ROUGE against reference highlights."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from bot.errors import UserError

if TYPE_CHECKING:
    from bot.services import Services

METRICS = ("rouge1", "rouge2", "rougeLsum")
BULLETS = 3


class Example(BaseModel):
    """One dataset row: the raw article and its reference highlights."""

    id: str
    article: str
    highlights: list[str]


class EngineScore(BaseModel):
    """Mean ROUGE F1 (x100) and speed of one engine over the dataset."""

    engine: str
    articles: int
    rouge1: float
    rouge2: float
    rougeLsum: float
    ms_per_article: float
    words_per_bullet: float


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the eval options."""
    parser.add_argument("dataset", help="JSONL file with 'article' and 'highlights' per line")
    parser.add_argument(
        "--engines", default="quicklooks,lead", help="comma-separated engine names (lead is added)"
    )
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    parser.add_argument("--json-out", default=None, help="also write the JSON report here")


def load_dataset(path: Path, *, limit: int | None = None) -> list[Example]:
    """Read the JSONL dataset, failing with one clear line on any bad row."""
    if not path.is_file():
        raise UserError(f"dataset not found: {path}")
    examples: list[Example] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            if limit is not None and len(examples) >= limit:
                break
            examples.append(_parse_row(path, number, line))
    if not examples:
        raise UserError(f"dataset is empty: {path}")
    return examples


def _parse_row(path: Path, number: int, line: str) -> Example:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
    if not isinstance(row, dict):
        raise UserError(f"{path}:{number}: expected a JSON object")
    for field in ("article", "highlights"):
        if field not in row:
            raise UserError(f"{path}:{number}: missing field {field!r}")
    highlights = row["highlights"]
    if not isinstance(row["article"], str) or not row["article"].strip():
        raise UserError(f"{path}:{number}: 'article' must be non-empty text")
    if not isinstance(highlights, list) or not all(isinstance(h, str) for h in highlights):
        raise UserError(f"{path}:{number}: 'highlights' must be a list of strings")
    return Example(id=str(row.get("id", number)), article=row["article"], highlights=highlights)


def parse_engines(spec: str) -> list[str]:
    """Turn "a,b" into engine names, always including the lead baseline."""
    from summarizers import ENGINES

    names = [n.strip().lower() for n in spec.split(",") if n.strip()]
    unknown = [n for n in names if n not in ENGINES]
    if unknown:
        raise UserError(f"unknown engine {unknown[0]!r}; choose from: {', '.join(ENGINES)}")
    if "lead" not in names:
        names.append("lead")
    return list(dict.fromkeys(names))


def score_engine(
    engine: str,
    examples: Sequence[Example],
    *,
    scorer: Any,
    progress: Callable[[], None] = lambda: None,
    clock: Callable[[], float] = time.perf_counter,
) -> EngineScore:
    """Summarize every example with `engine` and average ROUGE F1 against the highlights."""
    from summarizers import summarize

    totals = dict.fromkeys(METRICS, 0.0)
    seconds = 0.0
    words = bullets_seen = 0
    for example in examples:
        start = clock()
        bullets = summarize(example.article, max_bullets=BULLETS, engine=engine).bullets
        seconds += clock() - start
        # Lsum splits summaries on newlines, so sentences go one per line on both sides.
        scores = scorer.score("\n".join(example.highlights), "\n".join(bullets))
        for metric in METRICS:
            totals[metric] += scores[metric].fmeasure
        words += sum(len(b.split()) for b in bullets)
        bullets_seen += len(bullets)
        progress()
    n = len(examples)
    return EngineScore(
        engine=engine,
        articles=n,
        rouge1=100 * totals["rouge1"] / n,
        rouge2=100 * totals["rouge2"] / n,
        rougeLsum=100 * totals["rougeLsum"] / n,
        ms_per_article=1000 * seconds / n,
        words_per_bullet=words / max(1, bullets_seen),
    )


def markdown_table(results: Sequence[EngineScore]) -> str:
    """Render results as a markdown table."""
    lines = [
        "| engine | ROUGE-1 F1 | ROUGE-2 F1 | ROUGE-Lsum F1 | ms/article | words/bullet |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.engine} | {r.rouge1:.2f} | {r.rouge2:.2f} | {r.rougeLsum:.2f} "
            f"| {r.ms_per_article:.1f} | {r.words_per_bullet:.1f} |"
        )
    return "\n".join(lines)


def run(args: argparse.Namespace, services: Services) -> int:
    """Score each engine on the dataset and print a markdown table."""
    from rouge_score import rouge_scorer
    from tqdm import tqdm

    if args.limit is not None and args.limit < 1:
        raise UserError("--limit must be a positive number")
    engines = parse_engines(args.engines)
    examples = load_dataset(Path(args.dataset), limit=args.limit)
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    results = []
    with tqdm(total=len(engines) * len(examples), file=sys.stderr, unit="article") as bar:
        for engine in engines:
            bar.set_description(engine)
            results.append(score_engine(engine, examples, scorer=scorer, progress=bar.update))
    print(markdown_table(results))
    report = {
        "dataset": str(args.dataset),
        "bullets": BULLETS,
        "results": [r.model_dump() for r in results],
    }
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0

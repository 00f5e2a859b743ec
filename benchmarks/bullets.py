"""Bullet quality of the full Quick Looks over a dataset, and the 3-bullet ROUGE on text shapes.

Quality: for every article's default Quick Looks (max_bullets=None), words per bullet (median,
p90, max) and the share of bullets that start with a pronoun, start with a discourse
connective, say I/we/my/our outside quotation marks, carry boilerplate, leave a quotation open,
or hold a number the article does not. The checks here are written independently of the
summarizer's own rules, so they can catch what the rules miss.

Shapes (--shapes): the same articles rewritten in memory the way other corpora ship news (PTB
tokens, lowercase, one paragraph per line, outlets' bylines/datelines/promos/captions), scored
with ROUGE (3 bullets, as `quicklooks eval`) for lead and quicklooks. Nothing is written.

Sample (--sample N): N random bullets (fixed --seed) with the source sentence they came from,
for reading by hand.

Usage: python benchmarks/bullets.py DATASET [--limit N] [--shapes] [--sample 40 --seed 2026]
"""

from __future__ import annotations

import argparse
import difflib
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.commands.evaluate import METRICS, Example, load_dataset
from summarizers import QuickLook, summarize

PRONOUNS = frozenset(
    re.findall(
        r"\w+", "he she it they we i you his her its their our my your this these those him them"
    )
)
CONNECTIVES = frozenset(
    re.findall(
        r"\w+",
        "but however also meanwhile still then and so yet moreover furthermore additionally "
        "besides instead nevertheless nonetheless indeed likewise similarly otherwise thus hence "
        "therefore consequently later afterwards separately elsewhere overall anyway plus",
    )
)
# (lowercase anywhere, or capitalised opening the bullet: "We won"; a capitalised "Me" inside
# the bullet is in a title, "Child Promise Me You Will Shoot Yourself")
_FIRST_PERSON = re.compile(
    r"\b(?:me|my|mine|myself|we|us|our|ours|ourselves)\b"
    r"|^\W*(?:Me|My|Mine|Myself|We|Us|Our|Ours|Ourselves)\b"
)
_I_CAPITAL = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll)\b")
# A single closing quote is one no letter follows: "‘I’d be over the moon,’" is one quotation.
_QUOTED = re.compile(
    r"\"[^\"]*\"|“[^”]*”|‘(?:[^’]|’(?=\w))*’(?!\w)|``.*?''|„[^“”]*[“”]|«[^»]*»"
    r"|(?<!\w)'(?:[^']|'(?=\w))*'(?!\w)|[‘'\"“„«].*$"
)
_PRONOUN_SPEAKER = re.compile(
    r"^[\s,]*(?:he|she|they|it|we|you|i)\b|^[\s,]*\w+\s+(?:he|she)\b", re.I
)
BOILERPLATE = re.compile(
    r"scroll down|click here|read more|sign up|newsletter|subscribe\b|follow (?:us|him|her) on|"
    r"email us|e-mail us|contributed to this report|editor'?s note|share this|"
    r"all rights reserved|copyright|getty images|\bap photo\b|\(pictured\)|pictured:|"
    r"find out (?:the latest|more)|updated:? \d{1,2}:\d\d|published:? \d|last updated|"
    r"watch the video|video:|photo:|image:|related:|for more (?:news|stories)|tips@|"
    r"like us on|@\w+\.(?:com|co\.uk)|\bcaption\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[\w'’-]+")


def first_word(bullet: str) -> str:
    """Return the bullet's first word, lowercased, without quotes or brackets."""
    match = _WORD.search(bullet)
    return match.group(0).lower().strip("'’-") if match else ""


def _after_opening_quote(bullet: str) -> str | None:
    """For a bullet that opens with a quotation, the words after it closes ("..., she said.")."""
    if not re.match(r"^[\"'‘“„«`]", bullet):
        return None
    match = _QUOTED.match(bullet)
    return bullet[match.end() :] if match else ""


# "It is thought that ...", "It emerged that ...": "it" stands for the clause after it.
_EMPTY_IT = re.compile(
    r"^it\s+(?:(?:is|was|has been|had been)\s+(?:\w+ly\s+)?(?:understood|thought|believed|"
    r"expected|reported|claimed|feared|alleged|said|known|hoped|estimated|suggested|rumou?red|"
    r"likely|unlikely|unclear|clear|possible|hard|difficult|important|rare|common)\b(?!\s+to\b)"
    r"|(?:emerged|appears|appeared|seems|seemed)\b)",
    re.IGNORECASE,
)


def starts_with_empty_it(bullet: str) -> bool:
    """Tell whether the bullet opens with an "it" that stands for the clause after it."""
    return bool(_EMPTY_IT.match(bullet))


def starts_with_pronoun(bullet: str) -> bool:
    """Tell whether the bullet opens with a pronoun needing a referent (or a pronoun speaker)."""
    after = _after_opening_quote(bullet)
    if after is not None:
        return bool(_PRONOUN_SPEAKER.match(after))
    return first_word(bullet) in PRONOUNS and not starts_with_empty_it(bullet)


def starts_with_connective(bullet: str) -> bool:
    """Tell whether the bullet opens with a discourse connective (But, However, Also, ...)."""
    if _after_opening_quote(bullet) is not None:
        return False
    if re.match(r"^(?:so\s+(?:far|many|much|long)|instead\s+of)\b", bullet, re.I):
        return False  # "So far", "Instead of X" are phrases, not connectives
    return first_word(bullet) in CONNECTIVES


def first_person_outside_quotes(bullet: str) -> bool:
    """Tell whether the bullet says I/we/my/our outside quotation marks."""
    outside = _QUOTED.sub(" ", bullet)
    if _I_CAPITAL.search(outside):
        return True
    # "US" is a country; only the lowercase forms (and "I") count. In lowercased text "the us"
    # and "us president" are the country too.
    return bool(_FIRST_PERSON.search(_COUNTRY_US.sub(" ", outside)))


_COUNTRY_US = re.compile(
    r"\bUS\b|\bI\b|\b(?:the|in|to|from) us\b|\bus(?= (?:president|postal|army|navy|military|"
    r"government|senate|congress|open|dollars?|officials?|festivals?|citizens?|troops|forces|"
    r"embassy|state|states|economy|market|soil|border|authorities|presidential|election)\b)"
)


# "The agreement was designed ...": "The/This/These/Those" and a common noun phrase opening
# the bullet, up to its first verb-like word.
_DEFINITE_OPENING = re.compile(
    r"^(?:The|This|These|Those)\s+((?:[a-z][\w'’-]*\s+){0,3}?[a-z][\w'’-]*)\s+"
    r"(?:is|are|was|were|has|have|had|will|would|could|can|may|might|must|should|also|still|"
    r"then|now|[a-z]+ed|[a-z]+s)\b"
)


def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]{3,}", text.lower())}


def dangling_definite(bullet: str, before: str) -> bool:
    """Tell whether the bullet opens with "The <noun>" that `before` (what a reader has read
    first: the headline, the lede and the bullets above) never mentions."""
    match = _DEFINITE_OPENING.match(bullet)
    if not match:
        return False
    head = match.group(1).split()[-1]
    return head[:5] not in _stems(before)


_FULL_NAME = re.compile(
    r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?) ((?:Mc|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b(?! [A-Z])"
)
_NOT_FIRST = frozenset(
    re.findall(
        r"\w+",
        "The A An In On At After Before When While As But And So For With From By Of To Last This "
        "That His Her Their Mr Mrs Ms Miss Dr Sir Lord Lady Prince Princess King Queen Sgt Det "
        "Judge President Captain Coach North South East West New Old Great Saint St Lake Mount "
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
        "May June July August September October November December Premier Champions World "
        "League Cup Royal United City County State National International Real Crystal",
    )
)


def surnames(article: str) -> dict[str, set[str]]:
    """Map each surname the article gives with a first name ("Yaya Toure") to those names."""
    found: dict[str, set[str]] = {}
    for match in _FULL_NAME.finditer(article):
        first, last = match.groups()
        if re.search(
            r"(?:^|[.!?:\"“‘'”’]\s*)$", article[max(0, match.start() - 3) : match.start()]
        ):
            continue  # a sentence start: "Meet Lizzi" is no name
        if re.search(rf"\b{last.lower()}\b", article):
            continue  # "Delhi Police", "the police": a common noun, no surname
        if first not in _NOT_FIRST and last not in _NOT_FIRST:
            found.setdefault(last, set()).add(f"{first} {last}")
    return found


def surname_first(bullet: str, before: str, names: dict[str, set[str]]) -> bool:
    """Tell whether the bullet names someone by surname alone ("Toure joined ...", "Mr Hardy
    said") whom the headline, the lede and the bullets above never named in full."""
    outside = _QUOTED.sub(" ", bullet)
    for match in re.finditer(
        r"(?<![\w'’-])([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b(?! [A-Z][a-z])", outside
    ):
        word = match.group(1)
        fulls = names.get(word)
        if not fulls:
            continue
        prefix = outside[: match.start()].split()[-1:] or [""]
        if prefix[0][:1].isupper() and prefix[0].rstrip(".") not in _NOT_FIRST:
            continue  # part of a longer name: "Yaya Toure"
        if not any(full in before or full in bullet for full in fulls):
            return True
    return False


def has_boilerplate(bullet: str) -> bool:
    """Tell whether the bullet carries site furniture (promos, credits, captions, stamps)."""
    return bool(BOILERPLATE.search(bullet))


def unbalanced_quotes(bullet: str) -> bool:
    """Tell whether a quotation in the bullet opens or closes without its partner."""
    text = bullet.replace("``", "“").replace("''", "”")
    if text.count('"') % 2 or text.count("«") != text.count("»"):
        return True
    # „...“ (German) closes with “; “...” (English) closes with ”.
    german = text.count("„")
    if german and german != text.count("“"):
        return True
    if not german and text.count("“") != text.count("”"):
        return True
    single_open = len(re.findall(r"(?:^|[\s(\[—-])[‘'`](?=\w)", text))
    single_close = len(re.findall(r"(?<=[\w.,!?])[’'](?=[\s.,;:!?)\]—-]|$)", text))
    return single_open > single_close


def numbers(text: str) -> set[str]:
    """Return the numbers in text, without thousands separators."""
    return {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}


def foreign_numbers(bullet: str, source: str) -> set[str]:
    """Return the numbers of the bullet that the source never states."""
    return numbers(bullet) - numbers(source)


@dataclass
class Quality:
    """Counts over all bullets of a set of Quick Looks."""

    looks: int
    bullets: int
    lengths: list[int]
    pronoun: int
    empty_it: int
    connective: int
    first_person: int
    boilerplate: int
    unbalanced: int
    foreign_number: int
    seconds: float
    definite: int = 0
    surname: int = 0

    def rows(self) -> list[tuple[str, str]]:
        """Return (measure, value) rows for a markdown table."""
        share = self.bullets or 1
        lengths = sorted(self.lengths) or [0]
        p90 = lengths[min(len(lengths) - 1, int(0.9 * len(lengths)))]

        def pct(n: int) -> str:
            return f"{100 * n / share:.1f}% ({n})"

        return [
            ("Quick Looks / bullets", f"{self.looks} / {self.bullets}"),
            ("bullets per look", f"{self.bullets / max(1, self.looks):.1f}"),
            (
                "words per bullet: median / p90 / max",
                f"{statistics.median(lengths):g} / {p90} / {lengths[-1]}",
            ),
            ("bullets of 8-16 words", pct(sum(8 <= n <= 16 for n in self.lengths))),
            ("start with a pronoun that needs a referent", pct(self.pronoun)),
            ("start with an empty 'It' (It is thought ..., It emerged ...)", pct(self.empty_it)),
            (
                "start with 'The <noun>' not met in the headline, lede or a bullet above",
                pct(self.definite),
            ),
            (
                "name someone by surname alone, never named in full above",
                pct(self.surname),
            ),
            ("start with a connective", pct(self.connective)),
            ("first person outside quotes", pct(self.first_person)),
            ("boilerplate", pct(self.boilerplate)),
            ("unbalanced quotes", pct(self.unbalanced)),
            ("a number not in the source", pct(self.foreign_number)),
            (
                "ms per article (full Quick Looks)",
                f"{1000 * self.seconds / max(1, self.looks):.1f}",
            ),
        ]


def measure(articles: Sequence[str], *, show: Callable[[str, str], None] | None = None) -> Quality:
    """Summarize every article (full Quick Looks) and count each kind of bullet defect."""
    q = Quality(0, 0, [], 0, 0, 0, 0, 0, 0, 0, 0.0)
    for article in articles:
        start = time.perf_counter()
        look = summarize(article)
        q.seconds += time.perf_counter() - start
        q.looks += 1
        before = f"{look.headline} {look.lede}"
        names = surnames(article)
        for bullet in look.bullets:
            q.bullets += 1
            q.lengths.append(len(bullet.split()))
            checks = {
                "pronoun": starts_with_pronoun(bullet),
                "empty_it": starts_with_empty_it(bullet),
                "connective": starts_with_connective(bullet),
                "first_person": first_person_outside_quotes(bullet),
                "boilerplate": has_boilerplate(bullet),
                "unbalanced": unbalanced_quotes(bullet),
                "foreign_number": bool(foreign_numbers(bullet, article)),
                "definite": dangling_definite(bullet, before),
                "surname": surname_first(bullet, before, names),
            }
            before = f"{before} {bullet}"
            for name, failed in checks.items():
                if failed:
                    setattr(q, name, getattr(q, name) + 1)
                    if show:
                        show(name, bullet)
    return q


# ---- text shapes: how other corpora ship the same news -------------------------------------

_PTB_SPLIT = [
    (re.compile(r"(^|[\s(\[{—-])[\"“]"), r"\1 `` "),  # an opening double quote
    (re.compile(r"[\"”]"), " '' "),  # every other double quote closes
    (re.compile(r"(^|[\s(\[{—-])[‘'](?=\w)"), r"\1 ` "),  # an opening single quote
    (re.compile(r"(\w)n['’]t\b", re.IGNORECASE), r"\1 n't"),
    (re.compile(r"(\w)['’](s|re|ve|ll|d|m)\b", re.IGNORECASE), r"\1 '\2"),
    (re.compile(r"(?<=[\w.,!?])[’'](?=[\s.,;:!?)\]]|$)"), " ' "),  # a closing single quote
    (re.compile(r"([.,;:!?])(?=[\s`')\]]|$)"), r" \1 "),
    (re.compile(r"--|—"), " -- "),
    (re.compile(r"([()\[\]])"), r" \1 "),
    (re.compile(r"\$(?=\d)"), "$ "),
    (re.compile(r"(?<=\d)%"), " %"),
]


def ptb(text: str) -> str:
    """Tokenise text the way the Penn Treebank does: `team 's`, `Sunday .`, `( CNN ) --`."""
    for pattern, repl in _PTB_SPLIT:
        text = pattern.sub(repl, text)
    return " ".join(text.split())


def ptb_lower(text: str) -> str:
    """PTB tokens, lowercased, brackets as -lrb- / -rrb- (the CNN/DM "finished files" shape)."""
    return ptb(text).lower().replace("(", "-lrb-").replace(")", "-rrb-")


def paragraphs(text: str, rng: random.Random) -> str:
    """One to three sentences per paragraph, blank lines between (most feeds' bodies)."""
    sentences = re.split(r"(?<=[.!?])(?<![A-Z]\.)\s+(?=[A-Z‘“\"'])", text)
    out: list[str] = []
    while sentences:
        take = rng.randint(1, 3)
        out.append(" ".join(sentences[:take]))
        sentences = sentences[take:]
    return "\n\n".join(out)


_NAMES = ["DANA MERCER", "Tomas Ruiz", "PRIYA NAIR", "Owen Blake", "LENA VOSS", "Sam Okafor"]
_CITIES = ["MALIBU, CALIF.", "LONDON", "NAIROBI, Kenya", "SYDNEY", "DENVER, Colo."]
_MONTHS = ["MAY 9, 2014", "Jan. 3, 2015", "APRIL 22, 2015", "Oct. 30, 2014"]


def wrapped(text: str, rng: random.Random) -> str:
    """Wrap an article in an outlet's furniture: byline, dateline, stamps, promos, captions."""
    name, city, day = rng.choice(_NAMES), rng.choice(_CITIES), rng.choice(_MONTHS)
    head = rng.choice(
        [
            f"By {name}{day} {city} —",
            f"By {name}, Staff Writer\nupdated 8:10 AM EDT, Tue May 6, 2014\n{city} —",
            f"Editor's note: {name} is a contributor. The opinions expressed are solely theirs.\n"
            f"{city} (Reuters) -",
            f"Published: 10:24 EST, 1 May 2014 | Updated: 11:02 EST, 1 May 2014\n{city} —",
        ]
    )
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z‘“\"'])", text)
    middle = [
        "Scroll down for video",
        f"Find out the latest with {rng.choice(['our daily newsletter', 'the morning briefing'])}.",
        f"READ MORE: {rng.choice(['Five things to know about the vote', 'Inside the deal'])}",
        f"Photo: {name.title()} / Getty Images",
        "AGE: 34 | HOMETOWN: Leeds | CURRENT JOB: Sky commentator",
        f"Follow {name.title().split()[0]} on Twitter @news{rng.randint(1, 99)}",
    ]
    for promo in rng.sample(middle, 3):
        at = rng.randint(2, max(2, len(sentences) - 1))
        sentences.insert(at, promo)
    tail = rng.choice(
        [
            f"CNN's {name.title()} contributed to this report.",
            "Email us at tips@example.com or call 555-0100.",
            "Sign up for our newsletter to get the best stories every morning.",
        ]
    )
    return f"{head}\n" + "\n".join(sentences) + f"\n{tail}"


def shapes(examples: Sequence[Example]) -> dict[str, list[str]]:
    """Return each text shape's version of every article."""
    rng = random.Random(9)
    return {
        "plain": [e.article for e in examples],
        "ptb": [ptb(e.article) for e in examples],
        "ptb-lower": [ptb_lower(e.article) for e in examples],
        "lower": [e.article.lower() for e in examples],
        "paragraphs": [paragraphs(e.article, rng) for e in examples],
        "wrapped": [wrapped(e.article, rng) for e in examples],
        "wrapped-ptb": [ptb(wrapped(e.article, rng)) for e in examples],
    }


def rouge(
    articles: Sequence[str], references: Sequence[str], engine: str, scorer: object
) -> dict[str, float]:
    """Mean ROUGE F1 x100 of the engine's 3-bullet Quick Looks against the references."""
    totals = dict.fromkeys(METRICS, 0.0)
    for article, reference in zip(articles, references, strict=True):
        bullets = summarize(article, max_bullets=3, engine=engine).bullets
        scores = scorer.score(reference, "\n".join(bullets))  # type: ignore[attr-defined]
        for metric in METRICS:
            totals[metric] += scores[metric].fmeasure
    return {m: 100 * v / len(articles) for m, v in totals.items()}


def shape_table(examples: Sequence[Example], halves: bool = True) -> str:
    """ROUGE of lead and quicklooks (3 bullets) on every text shape, whole set and halves."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    references = ["\n".join(e.highlights) for e in examples]
    lines = [
        "| shape | part | lead R-1 | quicklooks R-1 | diff | lead R-2 | quicklooks R-2 "
        "| lead R-Lsum | quicklooks R-Lsum | diff |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    parts = {"all": slice(None)} | (
        {"even": slice(0, None, 2), "odd": slice(1, None, 2)} if halves else {}
    )
    for shape, articles in shapes(examples).items():
        for part, cut in parts.items():
            base = rouge(articles[cut], references[cut], "lead", scorer)
            ours = rouge(articles[cut], references[cut], "quicklooks", scorer)
            lines.append(
                f"| {shape} | {part} | {base['rouge1']:.2f} | {ours['rouge1']:.2f} "
                f"| {ours['rouge1'] - base['rouge1']:+.2f} | {base['rouge2']:.2f} "
                f"| {ours['rouge2']:.2f} | {base['rougeLsum']:.2f} | {ours['rougeLsum']:.2f} "
                f"| {ours['rougeLsum'] - base['rougeLsum']:+.2f} |"
            )
            print(lines[-1], file=sys.stderr)
    return "\n".join(lines)


def source_sentence(bullet: str, article: str) -> str:
    """Return the stretch of the article a bullet was most likely made from."""
    sentences = re.split(r"(?<=[.!?’”'\"])\s+", article)
    words = bullet.lower().split()

    def overlap(sentence: str) -> float:
        theirs = sentence.lower().split()
        blocks = difflib.SequenceMatcher(None, words, theirs, autojunk=False).get_matching_blocks()
        return sum(b.size for b in blocks) / max(1, len(words))

    best = max(range(len(sentences)), key=lambda i: overlap(sentences[i]))
    return " ".join(sentences[max(0, best - 1) : best + 2])


def sample(examples: Sequence[Example], n: int, seed: int) -> Iterable[str]:
    """Yield n random full-Quick-Looks bullets with their source context, for reading by hand."""
    rng = random.Random(seed)
    looks: dict[int, QuickLook] = {}
    picks: list[tuple[int, int]] = []
    while len(picks) < n:
        index = rng.randrange(len(examples))
        look = looks.setdefault(index, summarize(examples[index].article))
        if not look.bullets:
            continue  # a look of no bullets has nothing to read
        pick = (index, rng.randrange(len(look.bullets)))
        if pick not in picks:
            picks.append(pick)
    for number, (index, b) in enumerate(picks, start=1):
        bullet = looks[index].bullets[b]
        yield (
            f"## {number}. article {index} ({examples[index].id[:12]}), bullet {b + 1} "
            f"of {len(looks[index].bullets)}\n"
            f"BULLET: {bullet}\nSOURCE: {source_sentence(bullet, examples[index].article)}\n"
        )


def main() -> None:
    """Print the bullet-quality table (and the shapes table or a hand-reading sample)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("dataset")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--shapes", action="store_true", help="ROUGE per text shape")
    parser.add_argument("--sample", type=int, default=0, help="print N random bullets to read")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--show", default="", help="print the bullets failing these checks")
    args = parser.parse_args()
    examples = load_dataset(Path(args.dataset), limit=args.limit)
    if args.sample:
        print("\n".join(sample(examples, args.sample, args.seed)))
        return
    wanted = set(filter(None, args.show.split(",")))

    def show(name: str, bullet: str) -> None:
        if name in wanted or "all" in wanted:
            print(f"[{name}] {bullet}", file=sys.stderr)

    groups = shapes(examples) if args.shapes else {"plain": [e.article for e in examples]}
    rows = []
    for shape, articles in groups.items():
        quality = measure(articles, show=show)
        rows.append((shape, quality.rows()))
    print("| measure | " + " | ".join(shape for shape, _ in rows) + " |")
    print("|---|" + "---:|" * len(rows))
    for i, (measure_name, _) in enumerate(rows[0][1]):
        print(f"| {measure_name} | " + " | ".join(r[i][1] for _, r in rows) + " |")
    if args.shapes:
        print()
        print(shape_table(examples))


if __name__ == "__main__":
    main()

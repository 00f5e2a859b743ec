"""Benchmark delivery at scale: processes sharing a token, idle ticks on a big ledger, projections.

Usage:
    QUICKLOOKS_BENCH_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/postgres \\
        python -m benchmarks.delivery_fleet [--fleet-subscribers 10000] [--ledger 0,1000000]
        [--skip-fleet]  (2. only, rewriting its subsection of --out in place)

1. Fleet: 1, 2 and 3 `quicklooks send-digests --now` processes on one PostgreSQL against the fake
   Bot API (its own process) limited to 1,000 msg/s, every process configured with the same
   global rate of 1,000: share of the limit achieved at the fake, 429s, duplicate digests.
2. Ticks: 100,000 subscribers, none due, with 0 and 1M (or more) ledger rows, on SQLite and
   PostgreSQL: an idle tick (backlog count, expiry, take-over, claiming: everything but sending)
   and a full tick's claiming (all 100,000 due, claimed in batches of 200, nothing sent); then
   one tick's pruning of history past keep_days, with another writer's waits meanwhile.
3. Projection: wall time to deliver 10,000 / 100,000 / 1,000,000 one-message digests at Telegram's
   30 msg/s (paced 30 per 1.05 s) with every chat due at 08:00, and with times spread over the
   default 30-minute jitter (a fluid model: arrivals even over the window, served oldest first).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.delivery import TOKEN, FakeProcess, _populate  # noqa: E402

RATE = 1000.0
TELEGRAM_RATE = 30.0 / 1.05


def _database(server_url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


async def _fresh_postgres(server_url: str, name: str) -> str:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(server_url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    await engine.dispose()
    return _database(server_url, name)


# -- 1. several processes, one token --


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _postgres_cpu() -> float:
    """CPU seconds of the local PostgreSQL server so far: live processes plus exited backends
    (whose time the postmaster collected); 0 where /proc shows no such server."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        if name != "postgres":
            continue
        fields = text[text.rindex(")") + 2 :].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
        if fields[1] == "1" or not Path(f"/proc/{fields[1]}").exists():
            total += int(fields[13]) + int(fields[14])  # postmaster: its reaped children
    return total / ticks


def run_fleet(
    server_url: str,
    processes: int,
    subscribers: int,
    *,
    rate: float = RATE,
    shared: bool = True,
    code: Path = ROOT,
) -> dict[str, Any]:
    """Run `processes` senders from the bot code at `code` (this tree, or another checkout)."""
    url = asyncio.run(_fresh_postgres(server_url, "bench_fleet"))
    now = datetime.now(UTC)
    asyncio.run(_populate(url, subscribers, now))
    fake = FakeProcess(rate)
    with tempfile.TemporaryDirectory() as scratch:
        config = Path(scratch) / "quicklooks.toml"
        config.write_text(
            f"[delivery]\nglobal_rate = {rate}\nshared_budget = {str(shared).lower()}\n",
            encoding="utf-8",
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("QUICKLOOKS_")}
        env.update(
            QUICKLOOKS_TELEGRAM_TOKEN=TOKEN,
            QUICKLOOKS_TELEGRAM_BASE_URL=fake.base_url,
            QUICKLOOKS_DATABASE_URL=url,
            QUICKLOOKS_CONFIG=str(config),
            PYTHONPATH=str(code),
        )
        cpu_before, pg_before = _children_cpu(), _postgres_cpu()
        started = time.perf_counter()
        running = [
            subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "send-digests", "--now", "--quiet"],
                env=env,
                cwd=scratch,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(processes)
        ]
        outputs = [p.communicate(timeout=600) for p in running]
        elapsed = time.perf_counter() - started
        sender_cpu = _children_cpu() - cpu_before
        time.sleep(0.2)  # let the senders' backends exit, so the postmaster has their time
        postgres_cpu = _postgres_cpu() - pg_before
    stats = fake.stop()
    codes = [p.returncode for p in running]
    per_chat = stats["per_chat"].values()
    return {
        "processes": processes,
        "subscribers": subscribers,
        "limit": rate,
        "shared": shared,
        "messages": stats["messages"],
        "span": stats["span"],
        "share": stats["messages"] / max(stats["span"], 1e-9) / rate,
        "throttled": stats["throttled"],
        "duplicates": sum(count - 1 for count in per_chat if count > 1),
        "missing": subscribers - len(stats["per_chat"]),
        "seconds": elapsed,
        # CPU seconds per delivered message: all sender processes together, and the fake's.
        "sender_ms": 1000 * sender_cpu / max(stats["messages"], 1),
        "fake_ms": 1000 * stats["cpu"] / max(stats["messages"], 1),
        "postgres_ms": 1000 * postgres_cpu / max(stats["messages"], 1),
        "code": str(code),
        "timeline": stats.get("timeline", []),
        "codes": codes,
        "summaries": [out.strip() for out, _ in outputs],
        "errors": [err.strip()[-300:] for _, err in outputs if err.strip()],
        "load": os.getloadavg()[0],
    }


# -- 2. idle and claiming ticks with a big ledger --


# Real history: over each of the last days, every chat's edition claimed between 08:00 and
# 08:30 (the default jitter) and then mostly sent; some empty (nothing new), missed (the bot
# was down past the grace window), failed (blocked, abandoned) or skipped. The buckets below
# give sent 97%, empty 1%, missed 1%, failed 0.5%, skipped 0.5%, spread over chats and days.
STATUS_BUCKETS = (("failed", 1), ("missed", 3), ("empty", 5), ("skipped", 6))  # of 200


def _history_select(dialect: str, day: date, chats: int, story_base: int) -> Any:
    """One day's ledger rows for the first `chats` chats, as an INSERT's SELECT (no Python rows)."""
    from sqlalchemy import JSON, DateTime, case, cast, func, literal, literal_column, select

    from bot.storage.models import Chat

    c = Chat.__table__.c
    bucket = (c.id * 7 + day.toordinal() * 13) % 200
    status = case(
        *[(bucket < upper, literal(name)) for name, upper in STATUS_BUCKETS], else_=literal("sent")
    )
    jitter = (c.id * 37) % 1800  # seconds after 08:00
    base = datetime(day.year, day.month, day.day, 8, 0, tzinfo=UTC)
    stories = json.dumps(list(range(story_base, story_base + 8)))
    if dialect == "sqlite":  # naive UTC text, the format UTCDateTime stores
        moved = func.datetime(
            base.strftime("%Y-%m-%d %H:%M:%S"), func.printf("+%d seconds", jitter)
        )
        at: Any = moved.concat(".000000")
        story_ids: Any = literal(stories)
    else:
        at = cast(literal(base), DateTime(timezone=True)) + jitter * literal_column(
            "interval '1 second'"
        )
        story_ids = cast(literal(stories), JSON)
    sent = status.in_(["sent", "empty"])
    return (
        select(
            c.id,
            literal(day.isoformat()),
            status,
            story_ids,
            case((status == "sent", 1), else_=0),
            case((status == "sent", 1), else_=0),
            case((status == "failed", 3), else_=0),
            literal("bench:1:x"),
            at,
            at,
            case((sent, at), else_=None),
            literal(1),
            at,
            case(
                (status == "failed", "Forbidden: bot was blocked by the user"),
                (status == "missed", "outside the grace window"),
                else_=None,
            ),
        )
        .where(c.id < 1000 + chats)
        .order_by(jitter, c.id)  # claimed (and so numbered) in due order, as a tick does
    )


async def _build(url: str, subscribers: int, ledger_rows: int, now: datetime) -> None:
    from sqlalchemy import insert

    from bot.storage.database import open_database
    from bot.storage.models import Chat, Delivery

    db = await open_database(url)
    tomorrow = (now + timedelta(days=1)).replace(hour=8, minute=0)
    async with db.transaction() as session:
        for start in range(0, subscribers, 5000):
            await session.execute(
                insert(Chat),
                [
                    {
                        "id": 1000 + i, "type": "private", "active": True,
                        "deliver_time": "08:00", "timezone": "UTC",
                        "subscribed_at": now - timedelta(days=90), "next_due_at": tomorrow,
                    }
                    for i in range(start, min(subscribers, start + 5000))
                ],
            )  # fmt: skip
    # History: one row per chat and day, as many days back as it takes (100,000 chats: 1M rows
    # is 10 days, 6M is 60), oldest day first so ids grow with time as they do in production.
    # Each day is one INSERT ... SELECT over the chats: the database makes the rows.
    days, rest = divmod(ledger_rows, subscribers)
    columns = [
        Delivery.chat_id, Delivery.edition, Delivery.status, Delivery.story_ids,
        Delivery.messages_total, Delivery.messages_sent, Delivery.attempts, Delivery.worker,
        Delivery.claimed_at, Delivery.cutoff_at, Delivery.sent_at, Delivery.lease_token,
        Delivery.lease_until, Delivery.error,
    ]  # fmt: skip
    counts = ([rest] if rest else []) + [subscribers] * days
    for back, chats in zip(range(len(counts), 0, -1), counts, strict=True):
        day = now.date() - timedelta(days=back)
        async with db.transaction() as session:
            select_rows = _history_select(db.dialect, day, chats, story_base=8 * back)
            await session.execute(insert(Delivery).from_select(columns, select_rows))
    await db.close()
    await _analyze(url)


async def _analyze(url: str) -> None:
    """Refresh the planner's statistics (PostgreSQL: VACUUM too, as autovacuum would have)."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        is_sqlite = connection.dialect.name == "sqlite"
        await connection.execute(text("ANALYZE" if is_sqlite else "VACUUM (ANALYZE)"))
    await engine.dispose()


async def _ticks(url: str, now: datetime, repeats: int = 5) -> dict[str, float]:
    from bot.delivery import claims
    from bot.storage import deliveries
    from bot.storage.database import open_database

    db = await open_database(url)
    grace, lease = timedelta(hours=6), timedelta(minutes=10)

    async def idle() -> None:
        async with db.transaction() as session:
            await deliveries.backlog(session, now=now)
        async with db.transaction() as session:
            await deliveries.expire_abandoned(session, now=now, grace=grace)
        async with db.transaction() as session:
            claim = await claims.take_over(
                session, now=now, worker="bench", limit=200, lease=lease, grace=grace,
                retry_failed_after=timedelta(minutes=5),
            )  # fmt: skip
            assert not claim.jobs
        async with db.transaction() as session:
            found = await claims.claim_due(
                session, now=now, worker="bench", limit=200, grace=grace, lease_until=now + lease
            )
            assert found.examined == 0

    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        await idle()
        timings.append(time.perf_counter() - started)
    # A full tick's claiming: every chat due now; claim them all in batches of 200, in a
    # transaction that is rolled back so the next measurement finds the same state.
    due = (now + timedelta(days=1)).replace(hour=8, minute=1)
    claimed = 0
    started = time.perf_counter()
    async with db.sessions() as session:
        await session.begin()
        while True:
            claim = await claims.claim_due(
                session, now=due, worker="bench", limit=200, grace=grace, lease_until=due + lease
            )
            claimed += len(claim.jobs)
            if not claim.examined:
                break
        full = time.perf_counter() - started
        await session.rollback()
    await db.close()
    ordered = sorted(timings)
    return {"idle_ms": 1000 * ordered[len(ordered) // 2], "idle_max_ms": 1000 * ordered[-1],
            "claim_all_s": full, "claimed": claimed}  # fmt: skip


async def _prune(url: str, now: datetime, keep_days: int = 30) -> dict[str, Any]:
    """One tick's pruning as the service runs it (bounded batches, one transaction each), while
    another connection keeps making tiny write transactions: on SQLite its longest wait is how
    long a batch holds the write lock from everyone else."""
    from sqlalchemy import update

    from bot.delivery.service import DeliveryTuning
    from bot.storage import deliveries
    from bot.storage.database import open_database
    from bot.storage.models import Chat

    tuning = DeliveryTuning()
    db, other = await open_database(url), await open_database(url)
    before = now - timedelta(days=keep_days)
    waits: list[float] = []
    done = asyncio.Event()

    async def write_meanwhile() -> None:
        while not done.is_set():
            started = time.perf_counter()
            async with other.transaction() as session:
                await session.execute(update(Chat).where(Chat.id == -1).values(active=Chat.active))
            waits.append(time.perf_counter() - started)
            await asyncio.sleep(0.002)

    probe = asyncio.create_task(write_meanwhile())
    await asyncio.sleep(0.05)
    batches, pruned = [], 0
    for _ in range(tuning.prune_batches):
        started = time.perf_counter()
        async with db.transaction() as session:
            count = await deliveries.prune(session, before=before, limit=tuning.prune_batch)
        batches.append(time.perf_counter() - started)
        pruned += count
        if count < tuning.prune_batch:
            break
    done.set()
    await probe
    await db.close()
    await other.close()
    ordered = sorted(batches)
    return {"prune_keep_days": keep_days, "prune_batch": tuning.prune_batch,
            "pruned": pruned, "prune_batches": len(batches),
            "prune_batch_ms": 1000 * ordered[len(ordered) // 2],
            "prune_batch_max_ms": 1000 * ordered[-1], "prune_tick_s": sum(batches),
            "writer_wait_max_ms": 1000 * max(waits),
            "writer_wait_ms": 1000 * sorted(waits)[len(waits) // 2]}  # fmt: skip


def run_ticks(backend: str, server_url: str | None, subscribers: int, rows: int) -> dict[str, Any]:
    now = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as scratch:
        if backend == "sqlite":
            url = f"sqlite+aiosqlite:///{Path(scratch) / 'ticks.db'}"
        else:
            assert server_url is not None
            url = asyncio.run(_fresh_postgres(server_url, "bench_ticks"))
        load_before = os.getloadavg()[0]
        built = time.perf_counter()
        asyncio.run(_build(url, subscribers, rows, now))
        build_s = time.perf_counter() - built
        result = asyncio.run(_ticks(url, now))
        result.update(asyncio.run(_prune(url, now)))
    return {"backend": backend, "subscribers": subscribers, "ledger": rows, "build_s": build_s,
            "load_before": load_before, "load": os.getloadavg()[0], **result}  # fmt: skip


# -- 3. projections at Telegram's limits --


def project(
    subscribers: int, window_minutes: float, rate: float = TELEGRAM_RATE
) -> dict[str, float]:
    """Fluid model: due times even over the window, served oldest-due first at `rate`."""
    window = window_minutes * 60.0
    drain = subscribers / rate
    finish = max(window, drain)
    # Lateness of the chat due at t: served at t * drain / window (if the rate is the bottleneck).
    worst = max(0.0, drain - window)
    mean = worst / 2 if window else drain / 2
    return {"finish_min": finish / 60, "worst_late_min": worst / 60, "mean_late_min": mean / 60}


TICKS_HEADING = "### Idle tick and full-tick claiming"


def _ticks_lines(ticks: list[dict[str, Any]], command: str | None = None) -> list[str]:
    subscribers = ticks[0]["subscribers"] if ticks else 100_000
    lines = [f"{TICKS_HEADING}, {subscribers:,} subscribers", ""]
    if command:
        lines += [f"Command: `{command}` (these tables only; 2 shared cores, load in the table).",
                  ""]  # fmt: skip
    lines += [
        "Idle: backlog count, expiry, take-over and claiming with nothing due (median and",
        "slowest of 5). Claim all: every chat due, claimed in batches of 200 (ledger rows and",
        "next_due_at written, nothing sent; rolled back). Ledger: one row per chat and day, oldest",
        "day first, claimed 08:00-08:30, 97% sent, 1% empty, 1% missed, 0.5% failed, 0.5% skipped",
        "(1M rows = 10 days, 6M = 60 days); ANALYZE (PostgreSQL: VACUUM ANALYZE) after the build.",
        "Load: 1-minute load average before the build / after the measurement.",
        "",
        f"| Backend | Ledger rows | Idle tick ms | Slowest idle ms | Claim all {subscribers:,} s "
        "| Build s | Load |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in ticks:
        lines.append(
            f"| {r['backend']} | {r['ledger']:,} | {r['idle_ms']:.1f} | {r['idle_max_ms']:.1f} | "
            f"{r['claim_all_s']:.2f} | {r['build_s']:.0f} | "
            f"{r['load_before']:.1f} / {r['load']:.1f} |"
        )
    lines += [
        "",
        "Pruning after the above: one tick's bounded pruning of history older than keep_days",
        "(batches as the service runs them, one transaction each, up to the tick's batch count),",
        "while another connection makes tiny write transactions (SQLite: its wait is the time a",
        "batch holds the database's write lock).",
        "",
        "| Backend | Ledger rows | keep_days | Rows pruned | Batches | Batch ms (median) | "
        "Batch ms (slowest) | Tick's pruning s | Other writer's wait ms (median / longest) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in ticks:
        lines.append(
            f"| {r['backend']} | {r['ledger']:,} | {r['prune_keep_days']} | {r['pruned']:,} | "
            f"{r['prune_batches']} x {r['prune_batch']:,} | {r['prune_batch_ms']:.1f} | "
            f"{r['prune_batch_max_ms']:.1f} | {r['prune_tick_s']:.2f} | "
            f"{r['writer_wait_ms']:.1f} / {r['writer_wait_max_ms']:.1f} |"
        )
    return lines


def replace_ticks_section(text: str, lines: list[str]) -> str:
    """Put the ticks subsection in place of the one `text` has (or at its end): the rest stays."""
    kept = text.splitlines()
    begin = next((i for i, line in enumerate(kept) if line.startswith(TICKS_HEADING)), None)
    if begin is None:
        return text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    end = next(
        (i for i in range(begin + 1, len(kept)) if kept[i].startswith(("## ", "### "))), len(kept)
    )
    return "\n".join([*kept[:begin], *lines, "", *kept[end:]]).rstrip("\n") + "\n"


def write_results(path: Path, command: str, fleet: list[dict[str, Any]],
                  ticks: list[dict[str, Any]]) -> None:  # fmt: skip
    lines = [
        "",
        "## Several processes, one token; idle ticks on a big ledger (issue 11)",
        "",
        f"Command: `{command}` (2 shared cores, other jobs running: load is in the table).",
        "",
        "### 1, 2 and 3 processes on one PostgreSQL against the fake's flood limit",
        "",
        "Every process is configured with `global_rate` = the fake's limit (the token's limit).",
        "'shared': they take slots from one rate budget in the database (`rate_budget` row,",
        "blocks of 50 ms of slots); 'separate' (`shared_budget = false`, the old behaviour, the",
        "baseline of the same run): each paces alone at the full rate. Share of limit = messages",
        "/ (first to last arrival at the fake) / limit. Code: 'this' is this tree's senders;",
        "another name is the checkout given to --compare, run right before on the same setup.",
        "CPU per delivered message: all sender processes together (start-up included), the",
        "fake's process, and PostgreSQL's server processes.",
        "",
        "| Code | Limit msg/s | Budget | Processes | Subscribers | Messages | Share of limit | "
        "429s | Duplicates | Missing | Sender CPU ms/msg | Fake CPU ms/msg | PostgreSQL CPU "
        "ms/msg | Wall s | Load |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in fleet:
        budget = "shared" if r["shared"] else "separate"
        code = "this" if Path(r["code"]) == ROOT else Path(r["code"]).name
        lines.append(
            f"| {code} | {r['limit']:.0f} | {budget} | {r['processes']} | {r['subscribers']:,} | "
            f"{r['messages']:,} | {r['share']:.3f} | "
            f"{r['throttled']} | {r['duplicates']} | {r['missing']} | {r['sender_ms']:.2f} | "
            f"{r['fake_ms']:.2f} | {r['postgres_ms']:.2f} | {r['seconds']:.1f} | "
            f"{r['load']:.1f} |"
        )
    lines += ["", *_ticks_lines(ticks)]
    lines += [
        "",
        "### Projected wall time at Telegram's limits (30 msg/s, paced 30 per 1.05 s)",
        "",
        "One-message digests; 'default' = every chat due at 08:00, 'spread' = the default",
        "`default_time_jitter` of 30 minutes.",
        "",
        "| Subscribers | Default: last digest after | Default: mean lateness | "
        "Spread: last digest after | Spread: worst lateness | Spread: mean lateness |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for n in (10_000, 100_000, 1_000_000):
        d, s = project(n, 0), project(n, 30)
        lines.append(
            f"| {n:,} | {d['finish_min']:.0f} min | {d['mean_late_min']:.0f} min | "
            f"{s['finish_min']:.0f} min | {s['worst_late_min']:.0f} min | "
            f"{s['mean_late_min']:.0f} min |"
        )
    with path.open("a", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")


def _ints(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fleet-subscribers", type=int, default=10_000)
    parser.add_argument("--processes", default="1,2,3")
    parser.add_argument("--rates", default="1000,300")
    parser.add_argument(
        "--baseline", default="2,3", help="process counts run with separate budgets"
    )
    parser.add_argument(
        "--compare", type=Path, help="another checkout whose senders run each shared row first"
    )
    parser.add_argument("--repeat", type=int, default=1, help="run the fleet rows this often")
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--ledger", default="0,1000000")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS-delivery.md")
    parser.add_argument(
        "--skip-fleet",
        action="store_true",
        help="run only the ticks (and pruning) and rewrite that subsection of --out in place",
    )
    args = parser.parse_args()
    server_url = os.environ.get("QUICKLOOKS_BENCH_POSTGRES_URL")
    if not server_url:
        print("set QUICKLOOKS_BENCH_POSTGRES_URL to a PostgreSQL server", file=sys.stderr)
        return 2
    fleet: list[dict[str, Any]] = []
    runs = [(n, True) for n in _ints(args.processes)] + [(n, False) for n in _ints(args.baseline)]
    rates = [] if args.skip_fleet else [float(r) for r in args.rates.split(",") if r]
    # With --compare, every shared-budget row also runs right before with the senders of the
    # other checkout (same fake, same database setup): a fair before/after on a noisy machine.
    codes = [ROOT] if args.compare is None else [args.compare.resolve(), ROOT]
    for _ in range(args.repeat):
        for rate in rates:
            for n, shared in runs:
                for code in codes if shared else [ROOT]:
                    fleet.append(
                        run_fleet(
                            server_url, n, args.fleet_subscribers, rate=rate, shared=shared,
                            code=code,
                        )
                    )  # fmt: skip
                    print(json.dumps(fleet[-1]), flush=True)
    ticks = []
    for rows in _ints(args.ledger):
        for backend in ("sqlite", "postgresql"):
            ticks.append(run_ticks(backend, server_url, args.subscribers, rows))
            print(json.dumps(ticks[-1]), flush=True)
    command = ("python -m benchmarks.delivery_fleet " + " ".join(sys.argv[1:])).strip()
    if args.skip_fleet:
        old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        args.out.write_text(replace_ticks_section(old, _ticks_lines(ticks, command)), "utf-8")
    else:
        write_results(args.out, command, fleet, ticks)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

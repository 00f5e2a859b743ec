"""Benchmark delivery at scale: processes sharing a token, idle ticks on a big ledger, projections.

Usage:
    QUICKLOOKS_BENCH_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/postgres \\
        python -m benchmarks.delivery_fleet [--fleet-subscribers 10000] [--ledger 0,1000000]

1. Fleet: 1, 2 and 3 `quicklooks send-digests --now` processes on one PostgreSQL against the fake
   Bot API (its own process) limited to 1,000 msg/s, every process configured with the same
   global rate of 1,000: share of the limit achieved at the fake, 429s, duplicate digests.
2. Ticks: 100,000 subscribers, none due, with 0 and 1M (or more) ledger rows, on SQLite and
   PostgreSQL: an idle tick (backlog count, expiry, take-over, claiming: everything but sending)
   and a full tick's claiming (all 100,000 due, claimed in batches of 200, nothing sent).
3. Projection: wall time to deliver 10,000 / 100,000 / 1,000,000 one-message digests at Telegram's
   30 msg/s (paced 30 per 1.05 s) with every chat due at 08:00, and with times spread over the
   default 30-minute jitter (a fluid model: arrivals even over the window, served oldest first).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
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


def run_fleet(
    server_url: str, processes: int, subscribers: int, *, rate: float = RATE, shared: bool = True
) -> dict[str, Any]:
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
            PYTHONPATH=str(ROOT),
        )
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
        "codes": codes,
        "summaries": [out.strip() for out, _ in outputs],
        "errors": [err.strip()[-300:] for _, err in outputs if err.strip()],
        "load": os.getloadavg()[0],
    }


# -- 2. idle and claiming ticks with a big ledger --


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
    # History: one sent row per chat and day, going back as many days as it takes.
    chunk = 20_000
    for start in range(0, ledger_rows, chunk):
        rows = []
        for n in range(start, min(ledger_rows, start + chunk)):
            day, chat = divmod(n, subscribers)
            at = now - timedelta(days=day + 1)
            rows.append(
                {
                    "chat_id": 1000 + chat,
                    "edition": at.date().isoformat(),
                    "status": "sent",
                    "story_ids": [1, 2, 3],
                    "messages_total": 1,
                    "messages_sent": 1,
                    "attempts": 0,
                    "worker": "bench:1:x",
                    "claimed_at": at,
                    "cutoff_at": at,
                    "sent_at": at,
                    "lease_token": 1,
                    "lease_until": at,
                }
            )
        async with db.transaction() as session:
            await session.execute(insert(Delivery), rows)
    async with db.sessions() as session:
        connection = await session.connection()
        await connection.exec_driver_sql("ANALYZE")
    await db.close()


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
    return {"idle_ms": 1000 * sorted(timings)[len(timings) // 2], "claim_all_s": full,
            "claimed": claimed}  # fmt: skip


def run_ticks(backend: str, server_url: str | None, subscribers: int, rows: int) -> dict[str, Any]:
    now = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as scratch:
        if backend == "sqlite":
            url = f"sqlite+aiosqlite:///{Path(scratch) / 'ticks.db'}"
        else:
            assert server_url is not None
            url = asyncio.run(_fresh_postgres(server_url, "bench_ticks"))
        built = time.perf_counter()
        asyncio.run(_build(url, subscribers, rows, now))
        build_s = time.perf_counter() - built
        result = asyncio.run(_ticks(url, now))
    return {"backend": backend, "subscribers": subscribers, "ledger": rows, "build_s": build_s,
            **result}  # fmt: skip


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
        "/ (first to last arrival at the fake) / limit.",
        "",
        "| Limit msg/s | Budget | Processes | Subscribers | Messages | Share of limit | 429s | "
        "Duplicates | Missing | Wall s | Load |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in fleet:
        budget = "shared" if r["shared"] else "separate"
        lines.append(
            f"| {r['limit']:.0f} | {budget} | {r['processes']} | {r['subscribers']:,} | "
            f"{r['messages']:,} | {r['share']:.3f} | "
            f"{r['throttled']} | {r['duplicates']} | {r['missing']} | {r['seconds']:.1f} | "
            f"{r['load']:.1f} |"
        )
    lines += [
        "",
        "### Idle tick and full-tick claiming, 100,000 subscribers",
        "",
        "Idle: backlog count, expiry, take-over and claiming with nothing due (median of 5).",
        "Claim all: every chat due, claimed in batches of 200 (ledger rows and next_due_at",
        "written, nothing sent; rolled back).",
        "",
        "| Backend | Ledger rows | Idle tick ms | Claim all 100k s | Build s |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in ticks:
        lines.append(
            f"| {r['backend']} | {r['ledger']:,} | {r['idle_ms']:.1f} | {r['claim_all_s']:.2f} | "
            f"{r['build_s']:.0f} |"
        )
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
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--ledger", default="0,1000000")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS-delivery.md")
    args = parser.parse_args()
    server_url = os.environ.get("QUICKLOOKS_BENCH_POSTGRES_URL")
    if not server_url:
        print("set QUICKLOOKS_BENCH_POSTGRES_URL to a PostgreSQL server", file=sys.stderr)
        return 2
    fleet = []
    runs = [(n, True) for n in _ints(args.processes)] + [(n, False) for n in _ints(args.baseline)]
    for rate in (float(r) for r in args.rates.split(",") if r):
        for n, shared in runs:
            fleet.append(run_fleet(server_url, n, args.fleet_subscribers, rate=rate, shared=shared))
            print(json.dumps(fleet[-1]), flush=True)
    ticks = []
    for rows in _ints(args.ledger):
        for backend in ("sqlite", "postgresql"):
            ticks.append(run_ticks(backend, server_url, args.subscribers, rows))
            print(json.dumps(ticks[-1]), flush=True)
    command = "python -m benchmarks.delivery_fleet " + " ".join(sys.argv[1:])
    write_results(args.out, command.strip(), fleet, ticks)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

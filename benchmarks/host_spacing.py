"""Per-host politeness across processes: PostgreSQL leases against Prefect's rate limits.

    .venv/bin/python benchmarks/host_spacing.py [--processes 2] [--requests 15] [--rate 5]

Several processes fetch from one loopback host at once, each with its own ``PoliteFetcher``
(as Dask workers do), in three ways: each process's own spacing only; warta's lease in
PostgreSQL (``db.host_leases``); Prefect's global concurrency limit with slot decay
(``prefect.concurrency.sync.rate_limit``), one limit per host.  Prints what the host saw --
requests per second, the shortest and the median gap between two requests, requests that
arrived while another was still being answered -- and what one acquisition costs on its own.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scratch import scratch_database  # noqa: E402

console = Console(width=150)
ANSWER_S = 0.05  # the host takes this long to answer: a request arriving sooner overlaps


def _settings(rate: float):
    from warta.config import Settings

    return Settings(host_rate=rate, allow_private_hosts=True, fetch_retries=0)


def _fetch_all(mode: str, urls: list[str], rate: float, database: str, limit: str) -> list[float]:
    """One process's loop (run in a child); returns the seconds each acquisition took."""
    from warta.acquire.polite import PoliteFetcher

    costs: list[float] = []
    gate = None
    if mode == "postgres":
        from sqlalchemy import create_engine

        from db.host_leases import HostLeases

        class TimedLeases(HostLeases):
            def claim(self, server: str, holder: str, interval: float) -> float:
                started = time.perf_counter()
                wait = super().claim(server, holder, interval)
                costs.append(time.perf_counter() - started)
                return wait

        gate = TimedLeases(create_engine(database), hold_s=60)
    with PoliteFetcher(_settings(rate), gate=gate) as fetcher:
        for url in urls:
            if mode == "prefect":
                from prefect.concurrency.sync import rate_limit

                started = time.perf_counter()
                rate_limit(limit, strict=True)
                costs.append(time.perf_counter() - started)
            fetcher.fetch(url)
    return costs


def _acquire_cost(mode: str, database: str, limit: str, times: int = 100) -> float:
    """Milliseconds of one uncontended acquisition (and release, for the lease)."""
    started = time.perf_counter()
    if mode == "postgres":
        from sqlalchemy import create_engine

        from db.host_leases import HostLeases

        leases = HostLeases(create_engine(database), hold_s=60)
        for i in range(times):
            leases.claim("cost.example:80", f"h{i}", 0.0)
            leases.release("cost.example:80", f"h{i}", 0.0)
        leases.engine.dispose()
    else:
        from prefect.concurrency.sync import rate_limit

        for _ in range(times):
            rate_limit(limit, strict=True)
    return (time.perf_counter() - started) / times * 1000


def _measure(mode: str, args: argparse.Namespace, database: str, limit: str) -> dict:
    from warta.app.site import LocalSite, Response

    routes = {f"/p{i}": Response(b"<html>x</html>", delay_s=ANSWER_S) for i in range(999)}
    with LocalSite(routes) as site:
        work = [
            [site.url(f"/p{p * args.requests + i}") for i in range(args.requests)]
            for p in range(args.processes)
        ]
        context = multiprocessing.get_context("spawn")
        with context.Pool(args.processes) as pool:
            results = [
                pool.apply_async(_fetch_all, (mode, urls, args.rate, database, limit))
                for urls in work
            ]
            costs = [c for r in results for c in r.get(timeout=600)]
        arrivals = sorted(t for t, path, _ in site.requests if path.startswith("/p"))
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:], strict=False)]
    span = arrivals[-1] - arrivals[0]
    return {
        "requests/s": (len(arrivals) - 1) / span if span else 0.0,
        "min gap": min(gaps),
        "median gap": statistics.median(gaps),
        "overlapping": sum(1 for g in gaps if g < ANSWER_S),
        "acquire": statistics.median(costs) * 1000 if costs else 0.0,
    }


def _prefect_limit(rate: float) -> str:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate

    name = "host:127.0.0.1"
    with get_client(sync_client=True) as client:
        client.create_global_concurrency_limit(
            GlobalConcurrencyLimitCreate(name=name, limit=1, slot_decay_per_second=rate)
        )
        # the uncontended cost: a limit that never makes anyone wait
        client.create_global_concurrency_limit(
            GlobalConcurrencyLimitCreate(name="cost", limit=10_000, slot_decay_per_second=10_000)
        )
    return name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--requests", type=int, default=15, help="per process")
    parser.add_argument("--rate", type=float, default=5.0, help="requests per second per host")
    args = parser.parse_args()
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    rows = {}
    with scratch_database("warta_spacing") as database, prefect_test_harness(120):
        os.environ["PREFECT_API_URL"] = PREFECT_API_URL.value()  # for the child processes
        limit = _prefect_limit(args.rate)
        for mode in ("own spacing only", "postgres", "prefect"):
            rows[mode] = _measure(mode, args, database, limit)
        costs = {
            "postgres": _acquire_cost("postgres", database, limit),
            "prefect": _acquire_cost("prefect", database, "cost"),
        }
    table = Table(
        title=f"{args.processes} processes x {args.requests} requests to one host, "
        f"allowed {args.rate:g}/s (gap {1 / args.rate:.3f} s); the host answers in {ANSWER_S} s"
    )
    for column in ("spacing", "host saw /s", "min gap s", "median gap s", "overlapping",
                   "acquire ms (median)", "uncontended ms"):
        table.add_column(column)
    labels = {
        "own spacing only": "each process on its own",
        "postgres": "PostgreSQL lease (warta)",
        "prefect": "Prefect rate_limit per host",
    }
    for mode, row in rows.items():
        table.add_row(
            labels[mode],
            f"{row['requests/s']:.2f}",
            f"{row['min gap']:.3f}",
            f"{row['median gap']:.3f}",
            str(row["overlapping"]),
            f"{row['acquire']:.1f}" if mode != "own spacing only" else "-",
            f"{costs[mode]:.1f}" if mode in costs else "-",
        )
    console.print(table)


if __name__ == "__main__":
    main()

"""Throughput of the whole pipeline against the bare-library floor, and on Dask workers.

    .venv/bin/python benchmarks/pipeline.py [--copies 60] [--workers 1]
    .venv/bin/python benchmarks/pipeline.py --copies 4 --chunk-size 10 --dask-workers 2 --no-bare

The 18 shared Indonesian article pages, each served under ``--copies`` URLs on a loopback
site (17 pages x 60 = 1,020 by default), go through warta's ingest flow (fetch over HTTP, extract,
clean, enrich with Stanza, load into a scratch PostgreSQL database).  In the same run, the
floor: a bare loop of ``trafilatura.extract`` and the same Stanza pipeline over the same pages
read from disk.  Prints pages/s, the ratio warta / bare, each stage's share of the flow's time,
peak RSS and RSS early and late in the run (flat memory).

With ``--dask-workers N`` (needs ``pip install 'warta[dask]'``) the same URLs then go through
the same flow on a local Dask cluster of 1, 2, ... N worker processes (one thread each; each
worker loads the models before the timing starts), and a table compares their pages/s with
the plain run's.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

import psutil
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch import scratch_database  # noqa: E402

console = Console(width=150)
SHARED = Path(os.environ.get("WARTA_SHARED", Path(__file__).resolve().parents[2] / "shared"))
PAGES = SHARED / "data" / "pages" / "id"


class RssSampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self._stop_event = threading.Event()

    def run(self) -> None:
        process = psutil.Process()
        while not self._stop_event.wait(0.5):
            rss = process.memory_info().rss
            rss += sum(c.memory_info().rss for c in process.children(recursive=True))
            self.samples.append(rss / 2**20)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def article_pages() -> list[tuple[str, bytes]]:
    entries = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        (e["fixture"], (PAGES / e["fixture"]).read_bytes())
        for e in entries
        if "title" in e["expected"] and "english" not in e["fixture"]
    ]


def bare_floor(pages: list[bytes]) -> float:
    """trafilatura.extract + the same Stanza pipeline, one page after the other."""
    import trafilatura

    from warta.nlp.loader import get_pipeline

    nlp = get_pipeline("id")
    started = time.perf_counter()
    for html in pages:
        text = trafilatura.extract(html) or ""
        if text.strip():
            nlp(text)
    return time.perf_counter() - started


def _warm_worker() -> None:
    """Load the models in a Dask worker (outside the timing, as for the plain run)."""
    from warta.nlp.loader import get_pipeline

    get_pipeline("id")


def _empty(engine) -> None:
    from sqlalchemy import text

    with engine.begin() as connection:
        connection.execute(
            text("TRUNCATE articles, fetches, entities, failures, pipeline_runs CASCADE")
        )


def dask_runs(urls: list[str], workers: int, engine) -> list[tuple[int, float, int, float]]:
    """(worker processes, seconds, articles loaded, peak RSS MiB) on local clusters of 1..N."""
    from distributed import Client, LocalCluster
    from sqlalchemy import text

    from flows.ingest import ingest_urls
    from flows.runner import run_flow
    from warta.config import configure, reset_settings

    rows = []
    for n in range(1, workers + 1):
        _empty(engine)
        with (
            LocalCluster(
                n_workers=n, processes=True, threads_per_worker=1, dashboard_address=":0"
            ) as cluster,
            Client(cluster, set_as_default=False) as client,
        ):
            client.run(_warm_worker)
            configure(dask_address=cluster.scheduler_address)
            sampler = RssSampler()
            sampler.start()
            started = time.perf_counter()
            run_flow(ingest_urls, urls=urls)
            seconds = time.perf_counter() - started
            sampler.stop()
            reset_settings()  # the next run: plain again, from the environment
        with engine.connect() as connection:
            loaded = connection.execute(text("SELECT count(*) FROM articles")).scalar_one()
        rows.append((n, seconds, loaded, max(sampler.samples, default=0.0)))
        console.print(f"dask, {n} worker process(es): {len(urls)} pages in {seconds:.1f} s")
    return rows


def print_dask_table(pages: int, plain_s: float, rows: list[tuple[int, float, int, float]]) -> None:
    table = Table(
        title=f"{pages} pages: the plain run against local Dask worker processes "
        f"(one thread each) on {os.cpu_count()} cores"
    )
    for column in ("run", "seconds", "pages/s", "x plain", "articles", "peak RSS MiB"):
        table.add_column(column)
    table.add_row("plain (this process)", f"{plain_s:.1f}", f"{pages / plain_s:.2f}", "1.00")
    for n, seconds, loaded, rss in rows:
        table.add_row(
            f"dask, {n} worker process{'es' if n > 1 else ''}",
            f"{seconds:.1f}",
            f"{pages / seconds:.2f}",
            f"{plain_s / seconds:.2f}",
            str(loaded),
            f"{rss:.0f}",
        )
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=60)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--dask-workers", type=int, default=0, metavar="N", help="also on 1..N Dask workers"
    )
    parser.add_argument("--chunk-size", type=int, default=50, help="URLs per chunk task")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare-library floor")
    args = parser.parse_args()
    os.environ.update(
        WARTA_ALLOW_PRIVATE_HOSTS="true",
        WARTA_HOST_RATE="1000",
        WARTA_ENRICH_WORKERS=str(args.workers),
        WARTA_CHUNK_SIZE=str(args.chunk_size),
        PREFECT_LOGGING_LEVEL="ERROR",
        # the local Prefect server's telemetry write can hit "database is locked" in its
        # SQLite file while the flow starts; it has nothing to do with the measurement
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    from warta.config import reset_settings

    reset_settings()
    from sqlalchemy import create_engine, text

    from flows.ingest import ingest_urls
    from warta.app.site import LocalSite, Response
    from warta.nlp.loader import get_pipeline

    originals = article_pages()
    routes = {
        f"/copy{i}/{fixture}": Response(html)
        for i in range(args.copies)
        for fixture, html in originals
    }
    load_started = time.perf_counter()
    get_pipeline("id")
    model_load_s = time.perf_counter() - load_started
    bare_pages = [html for _ in range(args.copies) for _, html in originals]
    bare_s = float("nan")  # not measured (--no-bare)
    if not args.no_bare:
        bare_s = bare_floor(bare_pages)
        console.print(
            f"bare floor: {len(bare_pages)} pages in {bare_s:.1f} s "
            f"({len(bare_pages) / bare_s:.2f} pages/s)"
        )

    with scratch_database("warta_pipeline") as url, LocalSite(routes) as site:
        os.environ["DATABASE_URL"] = url
        reset_settings()
        urls = [site.url(path) for path in routes]
        ingest_urls(urls[:2])  # warm-up: Prefect's local server starts outside the timing
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("TRUNCATE articles, fetches, pipeline_runs CASCADE"))
        sampler = RssSampler()
        sampler.start()
        started = time.perf_counter()
        summary = ingest_urls(urls)
        flow_s = time.perf_counter() - started
        sampler.stop()
        with engine.connect() as connection:
            seconds = connection.execute(
                text("SELECT counts->'seconds' FROM pipeline_runs WHERE id = :id"),
                {"id": summary["run_id"]},
            ).scalar_one()
            loaded = connection.execute(text("SELECT count(*) FROM articles")).scalar_one()
        dask_rows = dask_runs(urls, args.dask_workers, engine) if args.dask_workers else []
        engine.dispose()

    pages = len(urls)
    table = Table(
        title=f"{pages} pages ({len(originals)} real pages x {args.copies} URLs), "
        f"enrich workers: {args.workers}"
    )
    for column in ("run", "seconds", "pages/s"):
        table.add_column(column)
    if not args.no_bare:
        table.add_row(
            "bare: trafilatura.extract + Stanza", f"{bare_s:.1f}", f"{pages / bare_s:.1f}"
        )
    table.add_row(
        "warta: ingest flow over HTTP into PostgreSQL", f"{flow_s:.1f}", f"{pages / flow_s:.1f}"
    )
    console.print(table)
    stages = Table(title="warta's time per stage")
    for column in ("stage", "seconds", "share of the flow"):
        stages.add_column(column)
    for stage in ("fetch", "extract", "enrich", "load"):
        value = float(seconds.get(stage, 0.0))
        stages.add_row(stage, f"{value:.1f}", f"{value / flow_s:.1%}")
    console.print(stages)
    early = sampler.samples[len(sampler.samples) // 10] if sampler.samples else 0
    late = sampler.samples[-1] if sampler.samples else 0
    console.print(
        f"ratio warta / bare (pages/s): [bold]{bare_s / flow_s:.2f}[/bold]; "
        f"loading: {float(seconds.get('load', 0)) / flow_s:.1%} of the flow; "
        f"articles loaded: {loaded}; model load {model_load_s:.1f} s (outside both timings)"
    )
    console.print(
        f"RSS (this process and its children): peak {max(sampler.samples, default=0):.0f} MiB;"
        f" at 10% of the run {early:.0f} MiB, at the end {late:.0f} MiB"
    )
    if dask_rows:
        print_dask_table(pages, flow_s, dask_rows)


if __name__ == "__main__":
    main()

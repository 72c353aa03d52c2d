"""The chunk core every flow shares: fetch -> extract + clean -> enrich -> load, one task a chunk.

Tasks work on chunks of URLs, not single URLs: per-task orchestration costs milliseconds,
which would be a large share of a page's cost at thousands of pages.  One task does every
stage of its chunk and is *submitted*, so the flow's task runner decides where it runs: the
default thread runner runs one chunk at a time in this process; a Dask runner
(``--dask-address``, ``--dask-workers``; ``flows.runner``) runs several at once on its worker
processes and machines.  A chunk task takes plain, picklable data (its ``WorkItem``s and a
``ChunkJob``) and returns plain counts (``ChunkDone``) that the flow adds to the run's; the
fetcher and the Stanza pipelines it needs are built once per process and kept.

Only URLs go into a task and only counts come out: Prefect walks a task's inputs looking for
futures (it took ~200 ms per chunk when whole articles and their mentions were passed between
stage tasks), and Dask serializes them.  Every failure becomes a ``failures`` row and a count;
none aborts the run.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NONE
from prefect.futures import PrefectFuture, as_completed
from rich.progress import Progress

from db.articles import load_article
from db.engine import database_url, get_engine
from db.reporting import refresh_views
from db.runs import record_failure
from db.state import record_refusal, stored_hashes
from flows.runner import chunks_in_flight, host_leases
from warta.acquire.fetch import FetchError, FetchResult
from warta.acquire.multipage import fetch_article, join_pages
from warta.acquire.polite import HostStats, PoliteFetcher
from warta.acquire.queue import WorkItem
from warta.acquire.urls import host_of
from warta.config import configure, get_settings, reset_settings
from warta.document import NLPResult
from warta.masking import mask_secrets, mask_url
from warta.nlp.enrich import enrich_texts
from warta.stats import RunStats
from warta.text.extract import NotAnArticle
from warta.text.process import process_html
from warta.text.records import CleanArticle

FETCH_SHARE, EXTRACT_SHARE = 0.5, 0.2  # of an article's progress; enrich + load: the rest


@dataclass
class Prepared:
    """An article ready for enrichment and loading, with the fetch it came from."""

    article: CleanArticle
    fetched: FetchResult | None
    source: str | None


@dataclass(frozen=True)
class ChunkJob:
    """What every chunk of a run needs besides its URLs; plain values, so it travels to any
    worker process."""

    run: str  # this run's id: in the flow's own process, the chunk finds the flow's fetcher
    run_enrich: bool
    timezones: dict[str, str]
    host_rates: dict[str, float]
    # the run's settings, its database URL resolved: a worker runs the chunk with them (never
    # printed: the URL may hold a password)
    settings: dict[str, Any] = field(repr=False)
    shared_spacing: bool  # per-host spacing through PostgreSQL (db.host_leases)


@dataclass
class ChunkDone:
    """What a chunk task did: its counts, its hosts' request times, where and how long."""

    stats: RunStats
    hosts: dict[str, HostStats]
    process: str  # host:pid
    seconds: float
    progressed: bool  # the progress bar already moved per article (the flow's own process)


def fetch_all(
    items: list[WorkItem],
    fetcher: PoliteFetcher,
    on_fetched: Callable[[], None] | None = None,
) -> list[list[FetchResult]]:
    """Fetch a chunk's articles concurrently; the fetcher keeps each host polite.

    ``on_fetched`` is called as each article is fetched (the progress bar moves)."""
    workers = max(1, min(len(items), fetcher.settings.global_concurrency))

    def one(item: WorkItem) -> list[FetchResult]:
        pages = _fetch_item(fetcher, item)
        if on_fetched is not None:
            on_fetched()
        return pages

    with ThreadPoolExecutor(workers, thread_name_prefix="fetch") as pool:
        try:
            return list(pool.map(one, items))
        except BaseException:  # SIGTERM, Ctrl-C: wake the waiting workers so the run can end
            fetcher.stop()
            raise


def _fetch_item(fetcher: PoliteFetcher, item: WorkItem) -> list[FetchResult]:
    try:
        return fetch_article(
            fetcher,
            item.url,
            whole_article_query=item.whole_article_query,
            etag=item.etag,
            last_modified=item.last_modified,
        )
    except Exception as exc:  # one bad URL is a failure row, never the chunk's end
        return [FetchResult(item.url, item.url, error=FetchError(type(exc).__name__, str(exc)))]


def extract_all(
    work: list[tuple[WorkItem, list[FetchResult]]], timezones: dict[str, str]
) -> list[Prepared | Exception]:
    """Extract and clean each fetched article (its pages joined); an error is a value."""
    results: list[Prepared | Exception] = []
    for item, pages in work:
        zone = timezones.get(item.source or "")
        try:
            articles = [
                process_html(
                    p.body,
                    p.final_url,
                    timezone=zone,
                    feed_published=item.published,
                    selectors=item.selectors,
                )
                for p in pages
            ]
        except Exception as exc:  # one bad page never stops the run
            results.append(exc)
            continue
        article = join_pages(articles)
        # the article is known by its canonical URL (redirects and page variants are recorded)
        article.url = item.url
        results.append(Prepared(article, pages[0], item.source))
    return results


def load_all(
    prepared: list[Prepared], nlp_results: list[NLPResult | None], force: bool = False
) -> list[str | Exception]:
    """Load each article in its own transaction; an error is a value."""
    engine = get_engine()
    outcomes: list[str | Exception] = []
    for item, nlp in zip(prepared, nlp_results, strict=True):
        try:
            outcomes.append(
                load_article(
                    engine,
                    item.article,
                    fetched=item.fetched,
                    nlp=nlp,
                    source_name=item.source or host_of(item.article.url or ""),
                    force=force,
                ).outcome
            )
        except Exception as exc:
            outcomes.append(exc)
    return outcomes


def record_failed(
    stats: RunStats,
    url: str,
    source: str | None,
    stage: str,
    error_class: str,
    message: str,
    http_status: int | None = None,
) -> None:
    """A failed URL: its ``failures`` row (bumped on repeats) and the run's counts."""
    record_failure(
        get_engine(),
        url,
        stage,
        error_class,
        mask_secrets(message),
        http_status,
        max_attempts=get_settings().failure_max_attempts,
    )
    stats.add(source, "failed")
    stats.failures[f"{stage}:{error_class}" + (f":{http_status}" if http_status else "")] += 1


def skip_unchanged(prepared: list[Prepared], stats: RunStats) -> list[Prepared]:
    """Articles whose stored content hash is theirs are done: no NLP, no load (``unchanged``)."""
    if not prepared:
        return prepared
    stored = stored_hashes(get_engine(), [p.article.url or "" for p in prepared])
    changed = []
    for p in prepared:
        if stored.get(p.article.url or "") == p.article.content_hash:
            stats.add(p.source, "unchanged")
            stats.add(p.source, "nlp_skipped")
        else:
            changed.append(p)
    return changed


def enrich_and_load(
    prepared: list[Prepared], stats: RunStats, run_enrich: bool, force: bool = False
) -> None:
    """Enrich and load ``prepared``; unless ``force`` (reprocessing), unchanged ones are skipped."""
    if not force:
        prepared = skip_unchanged(prepared, stats)
    nlp_results: list[NLPResult | None] = [None] * len(prepared)
    if run_enrich and prepared:
        try:
            with stats.timed("enrich"):
                articles = [p.article for p in prepared]
                nlp_results = list(
                    enrich_texts([a.text for a in articles], [a.language for a in articles])
                )
            enriched = sum(1 for r in nlp_results if r and r.status.startswith("ok"))
            stats.counts["enriched"] += enriched
        except Exception as exc:  # keep the text; `warta reprocess` can enrich it later
            get_run_logger().error("enrichment failed: %s", mask_secrets(str(exc)))
            for p in prepared:
                url = p.article.url or ""
                record_failed(stats, url, p.source, "enrich", type(exc).__name__, str(exc))
    with stats.timed("load"):
        outcomes = load_all(prepared, nlp_results, force) if prepared else []
    for p, outcome in zip(prepared, outcomes, strict=True):
        if isinstance(outcome, Exception):
            url = p.article.url or ""
            record_failed(stats, url, p.source, "load", type(outcome).__name__, str(outcome))
            continue
        stats.add(p.source, outcome)  # inserted, updated or unchanged
        if outcome != "unchanged":
            stats.add(p.source, "loaded")


def _sort_fetched(
    chunk: list[WorkItem], fetched_chunk: list[list[FetchResult]], stats: RunStats
) -> list[tuple[WorkItem, list[FetchResult]]]:
    """Fetched articles to extract; robots refusals, 304s and failures counted (and recorded)."""
    work: list[tuple[WorkItem, list[FetchResult]]] = []
    for item, pages in zip(chunk, fetched_chunk, strict=True):
        fetched = pages[0]
        error = fetched.error
        if error and error.error_class == "RobotsDisallowed":
            stats.add(item.source, "robots_disallowed")  # a rule, not a failure
        elif error:
            record_failed(
                stats,
                item.url,
                item.source,
                "fetch",
                error.error_class,
                error.message,
                error.http_status,
            )
            get_run_logger().warning("fetch failed %s: %s", mask_url(item.url), error.message)
        elif fetched.not_modified:
            stats.add(item.source, "not_modified")
        else:
            stats.add(item.source, "fetched")
            work.append((item, pages))
    return work


class RunEnding(RuntimeError):
    """The run is ending (SIGTERM, Ctrl-C, an error elsewhere): a chunk stops, records nothing."""


def run_chunk(
    chunk: list[WorkItem],
    fetcher: PoliteFetcher,
    stats: RunStats,
    job: ChunkJob,
    progress: Callable[[float], None] | None = None,
) -> None:
    """One chunk through every stage; ``progress(n)`` says n articles' worth of work is done
    (half of an article's share at its fetch, the rest after extraction and after loading)."""
    advance = progress or (lambda n: None)
    with stats.timed("fetch"):
        fetched_chunk = fetch_all(chunk, fetcher, lambda: advance(FETCH_SHARE))
    if fetcher.stopped:  # its waits were cut short: "Stopped" is no failure of these URLs
        raise RunEnding("the run is ending")
    work = _sort_fetched(chunk, fetched_chunk, stats)
    prepared: list[Prepared] = []
    with stats.timed("extract"):
        extracted = extract_all(work, job.timezones)
    for (item, pages), result in zip(work, extracted, strict=True):
        if isinstance(result, NotAnArticle):  # a home or index page: an outcome, not a failure
            stats.add(item.source, "skipped_not_article")
            record_refusal(get_engine(), item.url, str(result))  # not refetched every night
        elif isinstance(result, Exception):
            error_class, status = type(result).__name__, pages[0].status
            record_failed(stats, item.url, item.source, "extract", error_class, str(result), status)
        else:
            stats.add(item.source, "extracted")
            prepared.append(result)
    advance(len(chunk) * EXTRACT_SHARE)
    enrich_and_load(prepared, stats, job.run_enrich)
    advance(len(chunk) * (1 - FETCH_SHARE - EXTRACT_SHARE))


# ------------------------------------------------------------------ one process's resources

# The flow's own fetcher and progress bar, by run: a chunk that runs in the flow's process
# uses them (robots.txt already read by discovery, one spacing, the bar moving per article).
_flow_runs: dict[str, tuple[PoliteFetcher, Callable[[float], None]]] = {}

# A worker process's fetchers, kept across chunks (robots.txt read once per process) and
# built again only for a run with other settings or rates.
_worker_fetchers: dict[str, PoliteFetcher] = {}
_worker_settings: dict[str, Any] = {}
_worker_lock = threading.Lock()
KEPT_FETCHERS = 4


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@contextmanager
def _in_this_process(run: str, fetcher: PoliteFetcher, advance: Callable[[float], None]):
    _flow_runs[run] = (fetcher, advance)
    try:
        yield
    finally:
        _flow_runs.pop(run, None)


def _adopt_run_settings(settings: dict[str, Any]) -> None:
    """A worker runs a chunk with the settings of the run that sent it.  Its NLP runs in the
    worker process itself: Dask's worker processes may not start processes of their own."""
    wanted = {**settings, "enrich_workers": 1}
    if wanted != _worker_settings:
        reset_settings()
        configure(**wanted)
        _worker_settings.clear()
        _worker_settings.update(wanted)


def _worker_fetcher(job: ChunkJob) -> PoliteFetcher:
    with _worker_lock:
        _adopt_run_settings(job.settings)
        setup = (sorted(job.settings.items()), sorted(job.host_rates.items()), job.shared_spacing)
        key = repr(setup)
        fetcher = _worker_fetchers.get(key)
        if fetcher is None or fetcher.stopped:
            gate = host_leases() if job.shared_spacing else None
            fetcher = _worker_fetchers[key] = PoliteFetcher(host_rates=job.host_rates, gate=gate)
            while len(_worker_fetchers) > KEPT_FETCHERS:
                _worker_fetchers.pop(next(iter(_worker_fetchers))).close()
        return fetcher


def _host_counts(fetcher: PoliteFetcher) -> dict[str, tuple[int, float, float]]:
    return {h: (s.requests, s.seconds, s.waited_s) for h, s in list(fetcher.stats.items())}


def _hosts_since(
    fetcher: PoliteFetcher, before: dict[str, tuple[int, float, float]]
) -> dict[str, HostStats]:
    """The requests a chunk made per host: the worker fetcher's counts now minus before (a
    worker running two chunks at once splits them between the two only roughly)."""
    since = {}
    for host, (requests, seconds, waited) in _host_counts(fetcher).items():
        r0, s0, w0 = before.get(host, (0, 0.0, 0.0))
        if requests > r0 or waited > w0:
            since[host] = HostStats(requests - r0, seconds - s0, waited - w0)
    return since


def chunk_here(chunk: list[WorkItem], job: ChunkJob) -> ChunkDone:
    """Fetch, extract, clean, enrich and load one chunk in this process, whichever it is."""
    started = time.perf_counter()
    stats = RunStats()
    here = _flow_runs.get(job.run)
    if here is not None:  # the flow's own process
        fetcher, advance = here
        run_chunk(chunk, fetcher, stats, job, advance)
        hosts: dict[str, HostStats] = {}
    else:
        fetcher = _worker_fetcher(job)
        before = _host_counts(fetcher)
        run_chunk(chunk, fetcher, stats, job)
        hosts = _hosts_since(fetcher, before)
    stats.processes[this_process()] += 1
    return ChunkDone(stats, hosts, this_process(), time.perf_counter() - started, here is not None)


@task(cache_policy=NONE, task_run_name="chunk {number}/{chunks}")
def process_chunk(chunk: list[WorkItem], job: ChunkJob, number: int, chunks: int) -> ChunkDone:
    # Only a call: a task's function travels to Dask workers by value (its name is the task),
    # with every module global its body names -- this process's fetchers among them.
    return chunk_here(chunk, job)


def _run_settings() -> dict[str, Any]:
    """The run's settings as plain values, with the database every chunk must load into."""
    settings = get_settings().model_dump()
    settings["database_url"] = database_url()  # the embedded server's socket, when embedded
    return settings


def _spread(chunks: list[list[WorkItem]], job: ChunkJob) -> Iterator[tuple[int, ChunkDone]]:
    """Submit the chunks to the flow's task runner, at most ``chunks_in_flight()`` at a time;
    yield (size, result) as each finishes."""
    limit = chunks_in_flight()
    pending: dict[PrefectFuture[ChunkDone], int] = {}
    submitted = 0
    while submitted < len(chunks) or pending:
        while submitted < len(chunks) and len(pending) < limit:
            chunk = chunks[submitted]
            submitted += 1
            future = process_chunk.submit(chunk, job, submitted, len(chunks))
            pending[future] = len(chunk)
        # (when the run ends early, the task runner's exit drops what has not started)
        done = next(as_completed(list(pending)))
        size = pending.pop(done)
        yield size, done.result()


def process_items(
    items: list[WorkItem],
    fetcher: PoliteFetcher,
    stats: RunStats,
    run_enrich: bool = True,
    timezones: dict[str, str] | None = None,
) -> None:
    """Fetch, extract, clean, enrich and load ``items`` in chunks; failures become rows.

    Each chunk ends with an INFO line in the run's logs (counts and pages per second); on a
    terminal a progress bar moves as each article is fetched, extracted and loaded (as each
    chunk ends, for chunks run by other processes)."""
    size = get_settings().chunk_size
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    job = ChunkJob(
        run=uuid.uuid4().hex,
        run_enrich=run_enrich,
        timezones=timezones or {},
        host_rates=dict(fetcher.host_rates),
        settings=_run_settings(),
        shared_spacing=fetcher.gate is not None,
    )
    progress = Progress(disable=not sys.stderr.isatty(), transient=True)
    with progress:
        bar = progress.add_task("articles", total=len(items))

        def advance(n: float) -> None:
            progress.advance(bar, n)

        with _in_this_process(job.run, fetcher, advance):
            try:
                for number, (chunk_size, done) in enumerate(_spread(chunks, job), 1):
                    _merge(done, stats, fetcher)
                    if not done.progressed:
                        advance(chunk_size)
                    log_chunk(number, len(chunks), chunk_size, done)
            except BaseException:  # SIGTERM, Ctrl-C, a chunk's error: wake the waiting fetches
                fetcher.stop()
                raise


def _merge(done: ChunkDone, stats: RunStats, fetcher: PoliteFetcher) -> None:
    stats.merge(done.stats)
    for host, counts in done.hosts.items():  # the summary's slowest hosts cover the workers'
        mine = fetcher.stats[host]
        mine.requests += counts.requests
        mine.seconds += counts.seconds
        mine.waited_s += counts.waited_s


CHUNK_COUNTS = ("fetched", "not_modified", "inserted", "updated", "unchanged", "enriched", "failed")


def log_chunk(number: int, chunks: int, size: int, done: ChunkDone) -> None:
    """``chunk 2/7: 50 articles in 12.5 s (4.0 pages/s); fetched 48, ... failed 2`` (and the
    process that ran it, when not the flow's own)."""
    counts: Counter[str] = done.stats.counts
    rate = size / done.seconds if done.seconds > 0 else 0.0
    said = ", ".join(f"{key} {counts[key]}" for key in CHUNK_COUNTS if counts[key])
    where = "" if done.progressed else f"; ran on {done.process}"
    get_run_logger().info(
        "chunk %d/%d: %d articles in %.1f s (%.1f pages/s); %s%s",
        number,
        chunks,
        size,
        done.seconds,
        rate,
        said or "nothing new",
        where,
    )


@task(cache_policy=NONE)
def refresh_reports() -> list[str]:
    return refresh_views(get_engine())


def refresh_reports_safely(stats: RunStats) -> None:
    """The report views follow every run; a failed refresh is logged, the data stays loaded."""
    try:
        refresh_reports()
        stats.counts["views_refreshed"] = 1
    except Exception as exc:
        get_run_logger().error("report views not refreshed: %s", mask_secrets(str(exc)))
        stats.failures[f"refresh:{type(exc).__name__}"] += 1


def slowest_hosts(fetcher: PoliteFetcher, top: int = 5) -> list[dict[str, Any]]:
    rows = [
        {
            "host": host,
            "requests": s.requests,
            "mean_s": round(s.seconds / s.requests, 3) if s.requests else 0.0,
            "waited_s": round(s.waited_s, 1),
        }
        for host, s in fetcher.stats.items()
    ]
    return sorted(rows, key=lambda r: r["mean_s"], reverse=True)[:top]

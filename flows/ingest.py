"""The journey of article URLs as Prefect tasks, and the ``ingest_urls`` flow.

fetch (polite, retried) -> extract + clean -> enrich (batched) -> load (one transaction each),
one task per stage and chunk of URLs.
``process_items`` is shared by every flow (ingest, nightly, backfill).
"""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote
from rich.progress import Progress

from db.engine import get_engine, mask_secrets
from db.load import finish_run, load_article, record_failure, start_run
from db.reporting import refresh_views
from warta.clean import CleanArticle
from warta.config import get_settings
from warta.document import NLPResult
from warta.enrich import enrich_texts
from warta.fetch import FetchResult
from warta.multipage import fetch_article, join_pages
from warta.pipeline import process_html
from warta.polite import PoliteFetcher
from warta.urls import canonical_url, host_of

CHUNK = 50  # URLs fetched, enriched and loaded together: memory stays flat on long runs
# Chunks go to tasks wrapped in quote(): Prefect would otherwise walk (and rebuild) every
# page, article and mention in them looking for futures, ~200 ms per chunk (measured).


@dataclass(frozen=True)
class WorkItem:
    url: str  # canonical
    source: str | None = None
    etag: str | None = None  # from the last fetch: conditional GET
    last_modified: str | None = None
    published: datetime | None = None  # what the feed or news sitemap said
    whole_article_query: str | None = None  # sources.yaml: the one-page variant of the URL


@dataclass
class RunStats:
    counts: Counter[str] = field(default_factory=Counter)
    per_source: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    failures: Counter[str] = field(default_factory=Counter)  # by error class
    seconds: Counter[str] = field(default_factory=Counter)  # wall time per stage

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] += time.perf_counter() - started

    def add(self, source: str | None, key: str, n: int = 1) -> None:
        self.counts[key] += n
        self.per_source[source or "(none)"][key] += n

    def summary(self) -> dict[str, Any]:
        return {
            **dict(self.counts),
            "per_source": {k: dict(v) for k, v in self.per_source.items()},
            "failures_by_reason": dict(self.failures),
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }


@task(cache_policy=NONE)
def fetch_chunk(items: list[WorkItem], fetcher: PoliteFetcher) -> list[list[FetchResult]]:
    """Fetch a chunk's articles concurrently; the fetcher keeps each host polite."""
    workers = max(1, min(len(items), fetcher.settings.global_concurrency))
    with ThreadPoolExecutor(workers, thread_name_prefix="fetch") as pool:
        return list(
            pool.map(
                lambda item: fetch_article(
                    fetcher,
                    item.url,
                    whole_article_query=item.whole_article_query,
                    etag=item.etag,
                    last_modified=item.last_modified,
                ),
                items,
            )
        )


@dataclass
class Prepared:
    article: CleanArticle
    fetched: FetchResult | None
    source: str | None


@task(cache_policy=NONE)
def extract_chunk(
    work: list[tuple[WorkItem, list[FetchResult]]], timezones: dict[str, str]
) -> list[Prepared | Exception]:
    """Extract and clean each fetched article (its pages joined); an error is a value."""
    results: list[Prepared | Exception] = []
    for item, pages in work:
        zone = timezones.get(item.source or "", "Asia/Jakarta")
        try:
            articles = [
                process_html(p.body, p.final_url, timezone=zone, feed_published=item.published)
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


@task(cache_policy=NONE)
def enrich(articles: list[CleanArticle]) -> list[NLPResult]:
    return enrich_texts([a.text for a in articles], [a.language for a in articles])


@task(cache_policy=NONE)
def load_chunk(
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


def _fail(
    stats: RunStats,
    item_url: str,
    source: str | None,
    stage: str,
    error_class: str,
    message: str,
    http_status: int | None = None,
) -> None:
    settings = get_settings()
    record_failure(
        get_engine(),
        item_url,
        stage,
        error_class,
        mask_secrets(message),
        http_status,
        max_attempts=settings.failure_max_attempts,
    )
    stats.add(source, "failed")
    stats.failures[f"{stage}:{error_class}" + (f":{http_status}" if http_status else "")] += 1


def enrich_and_load(
    prepared: list[Prepared], stats: RunStats, run_enrich: bool, force: bool = False
) -> None:
    logger = get_run_logger()
    nlp_results: list[NLPResult | None] = [None] * len(prepared)
    if run_enrich and prepared:
        try:
            with stats.timed("enrich"):
                nlp_results = list(enrich(quote([p.article for p in prepared])))
            stats.counts["enriched"] += sum(1 for r in nlp_results if r and r.status == "ok")
        except Exception as exc:  # keep the text; `warta reprocess` can enrich it later
            logger.error("enrichment failed: %s", exc)
            for p in prepared:
                _fail(stats, p.article.url or "", p.source, "enrich", type(exc).__name__, str(exc))
    with stats.timed("load"):
        outcomes = load_chunk(quote(prepared), quote(nlp_results), force) if prepared else []
    for p, outcome in zip(prepared, outcomes, strict=True):
        if isinstance(outcome, Exception):
            _fail(
                stats, p.article.url or "", p.source, "load", type(outcome).__name__, str(outcome)
            )
            continue
        stats.add(p.source, outcome)  # inserted, updated or unchanged
        if outcome != "unchanged":
            stats.add(p.source, "loaded")


def process_items(
    items: list[WorkItem],
    fetcher: PoliteFetcher,
    stats: RunStats,
    run_enrich: bool = True,
    timezones: dict[str, str] | None = None,
) -> None:
    """Fetch, extract, clean, enrich and load ``items`` in chunks; failures become rows.

    Tasks work on chunks, not single URLs: per-task orchestration costs milliseconds, which
    would be a large share of a page's cost at thousands of pages.
    """
    logger = get_run_logger()
    progress = Progress(disable=not sys.stderr.isatty(), transient=True)
    with progress:
        bar = progress.add_task("articles", total=len(items))
        for start in range(0, len(items), CHUNK):
            chunk = items[start : start + CHUNK]
            with stats.timed("fetch"):
                fetched_chunk = fetch_chunk(quote(chunk), fetcher)
            work: list[tuple[WorkItem, list[FetchResult]]] = []
            for item, pages in zip(chunk, fetched_chunk, strict=True):
                fetched = pages[0]
                error = fetched.error
                if error and error.error_class == "RobotsDisallowed":
                    stats.add(item.source, "robots_disallowed")  # a rule, not a failure
                elif error:
                    _fail(
                        stats,
                        item.url,
                        item.source,
                        "fetch",
                        error.error_class,
                        error.message,
                        error.http_status,
                    )
                    logger.warning("fetch failed %s: %s", item.url, error.message)
                elif fetched.not_modified:
                    stats.add(item.source, "not_modified")
                else:
                    stats.add(item.source, "fetched")
                    work.append((item, pages))
            prepared: list[Prepared] = []
            with stats.timed("extract"):
                extracted = extract_chunk(quote(work), timezones or {})
            for (item, pages), result in zip(work, extracted, strict=True):
                if isinstance(result, Exception):
                    _fail(
                        stats,
                        item.url,
                        item.source,
                        "extract",
                        type(result).__name__,
                        str(result),
                        pages[0].status,
                    )
                else:
                    stats.add(item.source, "extracted")
                    prepared.append(result)
            enrich_and_load(prepared, stats, run_enrich)
            progress.advance(bar, len(chunk))


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


@flow(name="ingest-urls", log_prints=True)
def ingest_urls(
    urls: list[str],
    source: str | None = None,
    run_enrich: bool = True,
    url_sources: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Take article URLs all the way to rows in PostgreSQL; failures become rows, not aborts.

    ``source`` names the outlet of all URLs; ``url_sources`` maps single URLs to outlets;
    otherwise the URL's host is the source.
    """
    engine = get_engine()
    sources = {canonical_url(u): s for u, s in (url_sources or {}).items()}
    canonical = list(dict.fromkeys(canonical_url(u) for u in urls))
    items = [WorkItem(u, source or sources.get(u) or host_of(u)) for u in canonical]
    run_id = start_run(
        engine,
        "ingest-urls",
        {"urls": len(items), "source": source, "run_enrich": run_enrich},
        str(flow_run.id) if flow_run.id else None,
    )
    stats = RunStats()
    stats.counts["urls"] = len(items)
    try:
        with PoliteFetcher() as fetcher:
            process_items(items, fetcher, stats, run_enrich)
    except BaseException as exc:
        finish_run(engine, run_id, stats.summary(), "failed", mask_secrets(repr(exc)))
        raise
    refresh_reports_safely(stats)
    summary = stats.summary()
    finish_run(engine, run_id, summary, "completed")
    get_run_logger().info("ingest summary: %s", dict(stats.counts))
    return {**dict(stats.counts), "run_id": run_id}

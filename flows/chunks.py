"""The chunk core every flow shares: fetch -> extract + clean -> enrich -> load, as tasks.

Tasks work on chunks of URLs, not single URLs: per-task orchestration costs milliseconds,
which would be a large share of a page's cost at thousands of pages.  Chunks go to tasks
wrapped in ``quote()``: Prefect would otherwise walk (and rebuild) every page, article and
mention in them looking for futures, ~200 ms per chunk (measured).  Every failure becomes a
``failures`` row and a count; none aborts the run.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NONE
from prefect.utilities.annotations import quote
from rich.progress import Progress

from db.articles import load_article
from db.engine import get_engine
from db.reporting import refresh_views
from db.runs import record_failure
from db.state import record_refusal, stored_hashes
from warta.acquire.fetch import FetchError, FetchResult
from warta.acquire.multipage import fetch_article, join_pages
from warta.acquire.polite import PoliteFetcher
from warta.acquire.queue import WorkItem
from warta.acquire.urls import host_of
from warta.config import get_settings
from warta.document import NLPResult
from warta.masking import mask_secrets, mask_url
from warta.nlp.enrich import enrich_texts
from warta.stats import RunStats
from warta.text.extract import NotAnArticle
from warta.text.process import process_html
from warta.text.records import CleanArticle

CHUNK = 50  # URLs fetched, enriched and loaded together: memory stays flat on long runs
FETCH_SHARE, EXTRACT_SHARE = 0.5, 0.2  # of an article's progress; enrich + load: the rest


@dataclass
class Prepared:
    """An article ready for enrichment and loading, with the fetch it came from."""

    article: CleanArticle
    fetched: FetchResult | None
    source: str | None


@task(cache_policy=NONE)
def fetch_chunk(
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


@task(cache_policy=NONE)
def extract_chunk(
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


@task(cache_policy=NONE, name="enrich")
def enrich_chunk(articles: list[CleanArticle]) -> list[NLPResult]:
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
                nlp_results = list(enrich_chunk(quote([p.article for p in prepared])))
            enriched = sum(1 for r in nlp_results if r and r.status.startswith("ok"))
            stats.counts["enriched"] += enriched
        except Exception as exc:  # keep the text; `warta reprocess` can enrich it later
            get_run_logger().error("enrichment failed: %s", mask_secrets(str(exc)))
            for p in prepared:
                url = p.article.url or ""
                record_failed(stats, url, p.source, "enrich", type(exc).__name__, str(exc))
    with stats.timed("load"):
        outcomes = load_chunk(quote(prepared), quote(nlp_results), force) if prepared else []
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


def process_chunk(
    chunk: list[WorkItem],
    fetcher: PoliteFetcher,
    stats: RunStats,
    run_enrich: bool = True,
    timezones: dict[str, str] | None = None,
    progress: Callable[[float], None] | None = None,
) -> None:
    """One chunk through every stage; ``progress(n)`` says n articles' worth of work is done
    (half of an article's share at its fetch, the rest after extraction and after loading)."""
    advance = progress or (lambda n: None)
    with stats.timed("fetch"):
        fetched_chunk = fetch_chunk(quote(chunk), fetcher, lambda: advance(FETCH_SHARE))
    work = _sort_fetched(chunk, fetched_chunk, stats)
    prepared: list[Prepared] = []
    with stats.timed("extract"):
        extracted = extract_chunk(quote(work), timezones or {})
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
    enrich_and_load(prepared, stats, run_enrich)
    advance(len(chunk) * (1 - FETCH_SHARE - EXTRACT_SHARE))


def process_items(
    items: list[WorkItem],
    fetcher: PoliteFetcher,
    stats: RunStats,
    run_enrich: bool = True,
    timezones: dict[str, str] | None = None,
) -> None:
    """Fetch, extract, clean, enrich and load ``items`` in chunks; failures become rows.

    Each chunk ends with an INFO line in the run's logs (counts and pages per second); on a
    terminal a progress bar moves as each article is fetched, extracted and loaded."""
    progress = Progress(disable=not sys.stderr.isatty(), transient=True)
    chunks = (len(items) + CHUNK - 1) // CHUNK
    with progress:
        bar = progress.add_task("articles", total=len(items))
        for number, start in enumerate(range(0, len(items), CHUNK), 1):
            chunk = items[start : start + CHUNK]
            before, started = stats.counts.copy(), time.perf_counter()
            process_chunk(
                chunk, fetcher, stats, run_enrich, timezones, lambda n: progress.advance(bar, n)
            )
            log_chunk(number, chunks, len(chunk), stats.counts - before, started)


CHUNK_COUNTS = ("fetched", "not_modified", "inserted", "updated", "unchanged", "enriched", "failed")


def log_chunk(number: int, chunks: int, size: int, counts: Counter[str], started: float) -> None:
    """``chunk 2/7: 50 articles in 12.5 s (4.0 pages/s); fetched 48, ... failed 2``."""
    seconds = time.perf_counter() - started
    rate = size / seconds if seconds > 0 else 0.0
    done = ", ".join(f"{key} {counts[key]}" for key in CHUNK_COUNTS if counts[key])
    get_run_logger().info(
        "chunk %d/%d: %d articles in %.1f s (%.1f pages/s); %s",
        number,
        chunks,
        size,
        seconds,
        rate,
        done or "nothing new",
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

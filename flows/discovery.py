"""Discovery as tasks (one per source, concurrently) and the queue of a nightly or backfill."""

from __future__ import annotations

from datetime import date

from prefect import get_run_logger, task
from prefect.cache_policies import NONE

from db.engine import get_engine
from db.state import failure_states, known_urls, refused_pages
from warta.acquire.discover import Discovery, discover
from warta.acquire.polite import PoliteFetcher
from warta.acquire.queue import WorkItem, select_work
from warta.acquire.sources import SourceConfig
from warta.config import get_settings
from warta.stats import RunStats
from warta.text.records import SourceSelectors


@task(cache_policy=NONE, task_run_name="discover {source.name}")
def discover_source(
    source: SourceConfig, fetcher: PoliteFetcher, start: date | None, end: date | None
) -> Discovery:
    return discover(source, fetcher, start=start, end=end)


def discover_all(
    sources: list[SourceConfig],
    fetcher: PoliteFetcher,
    stats: RunStats,
    start: date | None = None,
    end: date | None = None,
) -> list[Discovery]:
    """Every source's discovery; a source whose discovery fails is counted and skipped."""
    futures = [discover_source.submit(s, fetcher, start, end) for s in sources]
    discoveries = []
    for source, future in zip(sources, futures, strict=True):
        result = future.result(raise_on_failure=False)
        if isinstance(result, BaseException):
            stats.failures[f"discover:{type(result).__name__}"] += 1
            get_run_logger().error("discovery failed for %s: %s", source.name, result)
            continue
        for error, reason in zip(result.errors, result.reasons(), strict=True):
            stats.failures[f"discover:{reason}"] += 1
            get_run_logger().warning("%s: %s", source.name, error)
        discoveries.append(result)
    return discoveries


def queue_for(
    discoveries: list[Discovery],
    sources: list[SourceConfig],
    stats: RunStats,
    *,
    watermark: bool,
    retry_failures: bool,
) -> list[WorkItem]:
    """What the database knows about the discovered URLs, then the queue decision."""
    engine = get_engine()
    found = [d.url for discovery in discoveries for d in discovery.urls]
    settings = get_settings()
    queue = select_work(
        discoveries,
        known_urls(engine, found),
        failure_states(engine),
        watermark=watermark,
        retry_failures=retry_failures,
        retry_base_s=settings.failure_retry_base_s,
        whole=whole_article_queries(sources),
        selectors=source_selectors(sources),
        refused=refused_pages(engine, found),
        recheck_refused_s=settings.not_article_recheck_days * 86400,
    )
    stats.add_all(queue.counts)
    return queue.items


def whole_article_queries(sources: list[SourceConfig]) -> dict[str, str]:
    return {s.name: s.whole_article_query for s in sources if s.whole_article_query}


def source_selectors(sources: list[SourceConfig]) -> dict[str, SourceSelectors]:
    """Each source's own selectors (``selectors:`` in sources.yaml), for the extract stage."""
    return {s.name: s.extraction_selectors for s in sources if s.extraction_selectors}


def host_rates(sources: list[SourceConfig]) -> dict[str, float]:
    """Per-domain request rates from sources.yaml (subdomains included by the fetcher)."""
    return {domain: s.rate for s in sources if s.rate for domain in s.all_domains}


def timezones(sources: list[SourceConfig]) -> dict[str, str]:
    return {s.name: s.timezone for s in sources}

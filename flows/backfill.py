"""``backfill``: one-off runs from the Prefect UI -- a date range, a URL list, or reprocessing."""

from __future__ import annotations

from datetime import date
from typing import Any

from prefect import flow

from db.engine import get_engine
from db.runs import recorded_run
from db.state import sync_sources
from flows.chunks import process_items
from flows.discovery import (
    discover_all,
    host_rates,
    queue_for,
    source_selectors,
    timezones,
    whole_article_queries,
)
from flows.nightly import chosen_sources
from flows.parameters import EndDay, Reprocess, SourceList, SourcesFile, StartDay, UrlList
from flows.reprocess import reprocess_stored
from flows.runner import run_fetcher, with_configured_runner
from flows.summary import current_flow_run_id, finish
from warta.acquire.queue import WorkItem
from warta.acquire.sources import SourceConfig
from warta.acquire.urls import canonical_url
from warta.stats import RunStats


def _parse_day(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _listed_urls(urls: list[str], sources: list[SourceConfig]) -> list[WorkItem]:
    """An explicit URL list: each URL with the source that owns it (if any)."""
    whole, selectors = whole_article_queries(sources), source_selectors(sources)
    owners = {u: next((s.name for s in sources if s.owns(u)), None) for u in urls}
    return [
        WorkItem(
            canonical_url(u),
            owner,
            whole_article_query=whole.get(owner or ""),
            selectors=selectors.get(owner or ""),
        )
        for u, owner in owners.items()
    ]


@flow(name="backfill", log_prints=True)
def backfill(
    sources: SourceList = None,
    start: StartDay = None,
    end: EndDay = None,
    urls: UrlList = None,
    reprocess: Reprocess = False,
    sources_file: SourcesFile = None,
) -> dict[str, Any]:
    """One-off runs from the Prefect UI.

    - ``urls``: fetch and process exactly these URLs (no watermark);
    - ``reprocess``: re-run clean, enrich and load on stored HTML (no fetching), optionally
      limited by ``sources`` and the articles' publication days ``start``..``end``;
    - otherwise: sitemap and feed entries dated within ``start``..``end`` (days, source time).
    """
    engine = get_engine()
    start, end = _parse_day(start), _parse_day(end)
    chosen = chosen_sources(sources, sources_file)
    sync_sources(engine, chosen)
    parameters = {
        "sources": sources,
        "start": str(start) if start else None,
        "end": str(end) if end else None,
        "urls": len(urls or []),
        "reprocess": reprocess,
    }
    with recorded_run(engine, "backfill", parameters, current_flow_run_id()) as run:
        stats = RunStats()
        if reprocess:
            reprocess_stored(stats, sources=sources, start=start, end=end, configs=chosen)
            return finish("backfill", run, stats)
        with run_fetcher(host_rates(chosen)) as fetcher:
            if urls:
                items = _listed_urls(urls, chosen)
                stats.counts["queued"] = len(items)
            else:
                discoveries = discover_all(chosen, fetcher, stats, start, end)
                items = queue_for(
                    discoveries, chosen, stats, watermark=False, retry_failures=False
                )
            process_items(items, fetcher, stats, timezones=timezones(chosen))
            return finish("backfill", run, stats, fetcher)


backfill = with_configured_runner(backfill)  # served and pool runs: WARTA_DASK_ADDRESS

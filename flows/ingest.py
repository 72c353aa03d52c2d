"""``ingest_urls``: a list of article URLs all the way to rows in PostgreSQL."""

from __future__ import annotations

from typing import Any

from prefect import flow

from db.engine import get_engine
from db.runs import recorded_run
from db.state import known_urls
from flows.chunks import process_items
from flows.runner import run_fetcher
from flows.summary import current_flow_run_id, finish
from warta.acquire.queue import WorkItem
from warta.acquire.urls import canonical_url, host_of
from warta.stats import RunStats


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
    sources = {canonical_url(u): s for u, s in (url_sources or {}).items()}
    canonical = list(dict.fromkeys(canonical_url(u) for u in urls))
    # the last fetch's validators: an unchanged page answers 304 and costs nothing more
    known = known_urls(get_engine(), canonical)
    items = [
        WorkItem(
            u,
            source or sources.get(u) or host_of(u),
            etag=known[u].etag if u in known else None,
            last_modified=known[u].last_modified if u in known else None,
        )
        for u in canonical
    ]
    parameters = {"urls": len(items), "source": source, "run_enrich": run_enrich}
    with recorded_run(get_engine(), "ingest-urls", parameters, current_flow_run_id()) as run:
        stats = RunStats()
        stats.counts["urls"] = len(items)
        with run_fetcher() as fetcher:
            process_items(items, fetcher, stats, run_enrich)
            return finish("ingest-urls", run, stats, fetcher)

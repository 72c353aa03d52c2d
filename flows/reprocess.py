"""``reprocess``: stored HTML -> clean -> enrich -> load again, no fetching (new rules, models)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from prefect import flow

from db.engine import get_engine
from db.runs import recorded_run
from db.state import stored_pages
from flows.chunks import Prepared, enrich_and_load
from flows.discovery import source_selectors, timezones
from flows.summary import current_flow_run_id, finish
from warta.acquire.sources import SourceConfig, load_sources
from warta.stats import RunStats
from warta.text.process import process_html


def reprocess_stored(
    stats: RunStats,
    *,
    sources: list[str] | None = None,
    start: date | None = None,
    end: date | None = None,
    since: datetime | None = None,
    run_enrich: bool = True,
    batch: int = 50,
    configs: list[SourceConfig] | None = None,
) -> None:
    """Clean, enrich and load again from the HTML kept in ``fetches`` (new rules, new models).

    Each page is read as the ingest path reads it: with its source's selectors and time zone
    (``configs``, from sources.yaml; else the time zone of its ``sources`` row) and the date
    its feed gave."""
    selectors, zones = source_selectors(configs or []), timezones(configs or [])
    pending = []
    for page in stored_pages(get_engine(), sources=sources, start=start, end=end, since=since):
        stats.add(page.source, "reprocessed")
        try:
            article = process_html(
                page.html,
                page.final_url,
                timezone=zones.get(page.source or "") or page.timezone,
                feed_published=page.feed_published,
                selectors=selectors.get(page.source or ""),
            )
            article.url = page.url
        except Exception as exc:
            stats.add(page.source, "failed")
            stats.failures[f"extract:{type(exc).__name__}"] += 1
            continue
        pending.append(Prepared(article, None, page.source))
        if len(pending) >= batch:
            enrich_and_load(pending, stats, run_enrich, force=True)
            pending = []
    enrich_and_load(pending, stats, run_enrich, force=True)


@flow(name="reprocess", log_prints=True)
def reprocess(
    since: datetime | None = None,
    sources: list[str] | None = None,
    sources_file: str | None = None,
) -> dict[str, Any]:
    """``warta reprocess``: stored HTML -> clean -> enrich -> load, without refetching.

    ``sources`` may name sources that are not in the sources file (pages loaded by ``warta
    ingest --source``): those are read with their stored time zone and no selectors."""
    parameters = {"since": str(since) if since else None, "sources": sources}
    configs = load_sources(sources_file)
    with recorded_run(get_engine(), "reprocess", parameters, current_flow_run_id()) as run:
        stats = RunStats()
        reprocess_stored(stats, sources=sources, since=since, configs=configs)
        return finish("reprocess", run, stats)

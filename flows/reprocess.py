"""``reprocess``: stored HTML -> clean -> enrich -> load again, no fetching (new rules, models)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from prefect import flow

from db.engine import get_engine
from db.runs import recorded_run
from db.state import stored_pages
from flows.chunks import Prepared, enrich_and_load
from flows.summary import current_flow_run_id, finish
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
) -> None:
    """Clean, enrich and load again from the HTML kept in ``fetches`` (new rules, new models)."""
    pending = []
    for page in stored_pages(get_engine(), sources=sources, start=start, end=end, since=since):
        stats.add(page.source, "reprocessed")
        try:
            article = process_html(page.html, page.final_url)
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
def reprocess(since: datetime | None = None, sources: list[str] | None = None) -> dict[str, Any]:
    """``warta reprocess``: stored HTML -> clean -> enrich -> load, without refetching."""
    parameters = {"since": str(since) if since else None, "sources": sources}
    with recorded_run(get_engine(), "reprocess", parameters, current_flow_run_id()) as run:
        stats = RunStats()
        reprocess_stored(stats, sources=sources, since=since)
        return finish("reprocess", run, stats)

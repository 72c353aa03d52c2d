"""``nightly``: every source's new and changed articles, and the failed URLs whose retry is due."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow

from db.engine import get_engine
from db.runs import recorded_run
from db.state import sync_sources
from flows.chunks import process_items
from flows.discovery import discover_all, host_rates, queue_for, timezones
from flows.parameters import SourceList, SourcesFile
from flows.runner import run_fetcher, with_configured_runner
from flows.summary import current_flow_run_id, finish
from warta.acquire.sources import SourceConfig, load_sources, select_sources
from warta.stats import RunStats


def chosen_sources(names: list[str] | None, sources_file: str | None) -> list[SourceConfig]:
    return select_sources(load_sources(Path(sources_file) if sources_file else None), names)


@flow(name="nightly", log_prints=True)
def nightly(
    sources: SourceList = None, sources_file: SourcesFile = None
) -> dict[str, Any]:
    """Discover every source's new and changed articles, process them, publish a summary."""
    engine = get_engine()
    chosen = chosen_sources(sources, sources_file)
    sync_sources(engine, chosen)
    with recorded_run(engine, "nightly", {"sources": sources}, current_flow_run_id()) as run:
        stats = RunStats()
        with run_fetcher(host_rates(chosen)) as fetcher:
            discoveries = discover_all(chosen, fetcher, stats)
            items = queue_for(discoveries, chosen, stats, watermark=True, retry_failures=True)
            process_items(items, fetcher, stats, timezones=timezones(chosen))
            return finish("nightly", run, stats, fetcher)


nightly = with_configured_runner(nightly)  # served and pool runs: WARTA_DASK_ADDRESS

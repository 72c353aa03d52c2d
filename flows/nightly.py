"""``nightly`` and ``backfill``: discovery, the watermark, retries of failed URLs, summaries."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE
from prefect.runtime import flow_run

from db.engine import get_engine, mask_secrets
from db.load import finish_run, start_run
from db.state import failure_states, is_due, known_urls, stored_pages, sync_sources
from flows.ingest import (
    Prepared,
    RunStats,
    WorkItem,
    enrich_and_load,
    process_items,
    refresh_reports_safely,
    slowest_hosts,
)
from warta.config import get_settings
from warta.discover import Discovery, discover
from warta.pipeline import process_html
from warta.polite import PoliteFetcher
from warta.sources import SourceConfig, load_sources, select_sources
from warta.urls import canonical_url


@task(cache_policy=NONE, task_run_name="discover {source.name}")
def discover_source(
    source: SourceConfig, fetcher: PoliteFetcher, start: date | None, end: date | None
) -> Discovery:
    return discover(source, fetcher, start=start, end=end)


def _parse_day(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _sources(names: list[str] | None, sources_file: str | None) -> list[SourceConfig]:
    return select_sources(load_sources(Path(sources_file) if sources_file else None), names)


def _report(flow_name: str, stats: RunStats, fetcher: PoliteFetcher | None) -> str:
    lines = [f"# warta {flow_name}", "", "| source | " + " | ".join(_COLUMNS) + " |"]
    lines.append("|---" * (len(_COLUMNS) + 1) + "|")
    for source, counts in sorted(stats.per_source.items()):
        lines.append(f"| {source} | " + " | ".join(str(counts.get(c, 0)) for c in _COLUMNS) + " |")
    lines += ["", "## Failures by reason", ""]
    lines += [f"- `{reason}`: {n}" for reason, n in stats.failures.most_common()] or ["- none"]
    if fetcher is not None:
        lines += ["", "## Slowest hosts", "", "| host | requests | mean s | waited s |"]
        lines.append("|---|---|---|---|")
        lines += [
            f"| {h['host']} | {h['requests']} | {h['mean_s']} | {h['waited_s']} |"
            for h in slowest_hosts(fetcher)
        ]
    return "\n".join(lines)


_COLUMNS = (
    "discovered",
    "queued",
    "fetched",
    "not_modified",
    "inserted",
    "updated",
    "unchanged",
    "failed",
)


def _finish(flow_name: str, run_id: int, stats: RunStats, fetcher: PoliteFetcher | None) -> dict:
    refresh_reports_safely(stats)
    summary = stats.summary()
    if fetcher is not None:
        summary["slowest_hosts"] = slowest_hosts(fetcher)
    finish_run(get_engine(), run_id, summary, "completed")
    try:
        create_markdown_artifact(
            _report(flow_name, stats, fetcher), key=f"warta-{flow_name}", description="run summary"
        )
    except Exception as exc:  # an artifact is a convenience; the run row is the record
        get_run_logger().warning("could not publish the summary artifact: %s", exc)
    get_run_logger().info("%s summary: %s", flow_name, dict(stats.counts))
    return {**dict(stats.counts), "run_id": run_id, "failures_by_reason": dict(stats.failures)}


def _queue(
    discoveries: list[Discovery],
    stats: RunStats,
    *,
    watermark: bool,
    retry_failures: bool,
    whole: dict[str, str] | None = None,
) -> list[WorkItem]:
    """New URLs, changed ones (lastmod after our fetch: conditional GET) and due failures."""
    whole = whole or {}
    engine = get_engine()
    settings = get_settings()
    found = {d.url: d for discovery in discoveries for d in discovery.urls}
    known = known_urls(engine, list(found))
    failures = failure_states(engine)
    items: dict[str, WorkItem] = {}
    for url, item in found.items():
        stats.add(item.source, "discovered")
        failure = failures.get(url)
        if failure is not None and not is_due(failure, settings.failure_retry_base_s):
            stats.add(item.source, "waiting_retry" if not failure.given_up else "given_up")
            continue
        previous = known.get(url)
        if watermark and previous is not None:
            changed = item.lastmod is not None and item.lastmod > previous.fetched_at
            if not changed:
                stats.add(item.source, "skipped_known")
                continue
            items[url] = WorkItem(
                url,
                item.source,
                previous.etag,
                previous.last_modified,
                item.published,
                whole.get(item.source),
            )
        else:
            items[url] = WorkItem(
                url,
                item.source,
                published=item.published,
                whole_article_query=whole.get(item.source),
            )
    if retry_failures:
        sources_by_url = {u: d.source for u, d in found.items()}
        for url, failure in failures.items():
            if (
                url not in items
                and url not in found
                and is_due(failure, settings.failure_retry_base_s)
            ):
                source = sources_by_url.get(url)
                items[url] = WorkItem(url, source, whole_article_query=whole.get(source or ""))
                stats.add(sources_by_url.get(url), "retried_failure")
    for item in items.values():
        stats.add(item.source, "queued")
    return sorted(items.values(), key=lambda w: w.url)


@flow(name="nightly", log_prints=True)
def nightly(sources: list[str] | None = None, sources_file: str | None = None) -> dict[str, Any]:
    """Discover every source's new and changed articles, process them, publish a summary."""
    engine = get_engine()
    chosen = _sources(sources, sources_file)
    sync_sources(engine, chosen)
    run_id = start_run(
        engine, "nightly", {"sources": sources}, str(flow_run.id) if flow_run.id else None
    )
    stats = RunStats()
    fetcher = PoliteFetcher(host_rates=_rates(chosen))
    try:
        discoveries = _discover_all(chosen, fetcher, stats, None, None)
        items = _queue(
            discoveries, stats, watermark=True, retry_failures=True, whole=_whole(chosen)
        )
        process_items(items, fetcher, stats, timezones={s.name: s.timezone for s in chosen})
    except BaseException as exc:
        finish_run(engine, run_id, stats.summary(), "failed", mask_secrets(repr(exc)))
        raise
    finally:
        fetcher.close()
    return _finish("nightly", run_id, stats, fetcher)


def _whole(sources: list[SourceConfig]) -> dict[str, str]:
    return {s.name: s.whole_article_query for s in sources if s.whole_article_query}


def _rates(sources: list[SourceConfig]) -> dict[str, float]:
    return {domain: s.rate for s in sources if s.rate for domain in s.all_domains}


def _discover_all(
    sources: list[SourceConfig],
    fetcher: PoliteFetcher,
    stats: RunStats,
    start: date | None,
    end: date | None,
) -> list[Discovery]:
    futures = [discover_source.submit(s, fetcher, start, end) for s in sources]
    discoveries = []
    for source, future in zip(sources, futures, strict=True):
        result = future.result(raise_on_failure=False)
        if isinstance(result, BaseException):
            stats.failures[f"discover:{type(result).__name__}"] += 1
            get_run_logger().error("discovery failed for %s: %s", source.name, result)
            continue
        for error in result.errors:
            stats.failures["discover:" + error.split(":", 1)[0]] += 1
            get_run_logger().warning("%s: %s", source.name, error)
        discoveries.append(result)
    return discoveries


@flow(name="backfill", log_prints=True)
def backfill(
    sources: list[str] | None = None,
    start: date | None = None,
    end: date | None = None,
    urls: list[str] | None = None,
    reprocess: bool = False,
    sources_file: str | None = None,
) -> dict[str, Any]:
    """One-off runs from the Prefect UI.

    - ``urls``: fetch and process exactly these URLs (no watermark);
    - ``reprocess``: re-run clean, enrich and load on stored HTML (no fetching), optionally
      limited by ``sources`` and the articles' publication days ``start``..``end``;
    - otherwise: sitemap and feed entries dated within ``start``..``end`` (days, source time).
    """
    engine = get_engine()
    start, end = _parse_day(start), _parse_day(end)
    chosen = _sources(sources, sources_file)
    sync_sources(engine, chosen)
    parameters = {
        "sources": sources,
        "start": str(start) if start else None,
        "end": str(end) if end else None,
        "urls": len(urls or []),
        "reprocess": reprocess,
    }
    run_id = start_run(engine, "backfill", parameters, str(flow_run.id) if flow_run.id else None)
    stats = RunStats()
    fetcher: PoliteFetcher | None = None
    try:
        if reprocess:
            reprocess_stored(stats, sources=sources, start=start, end=end)
        else:
            fetcher = PoliteFetcher(host_rates=_rates(chosen))
            if urls:
                owners = {u: next((s.name for s in chosen if s.owns(u)), None) for u in urls}
                whole = _whole(chosen)
                items = [
                    WorkItem(canonical_url(u), owner, whole_article_query=whole.get(owner or ""))
                    for u, owner in owners.items()
                ]
                stats.counts["queued"] = len(items)
            else:
                discoveries = _discover_all(chosen, fetcher, stats, start, end)
                items = _queue(
                    discoveries,
                    stats,
                    watermark=False,
                    retry_failures=False,
                    whole=_whole(chosen),
                )
            process_items(items, fetcher, stats, timezones={s.name: s.timezone for s in chosen})
    except BaseException as exc:
        finish_run(engine, run_id, stats.summary(), "failed", mask_secrets(repr(exc)))
        raise
    finally:
        if fetcher is not None:
            fetcher.close()
    return _finish("backfill", run_id, stats, fetcher)


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
    engine = get_engine()
    run_id = start_run(
        engine,
        "reprocess",
        {"since": str(since) if since else None, "sources": sources},
        str(flow_run.id) if flow_run.id else None,
    )
    stats = RunStats()
    reprocess_stored(stats, sources=sources, since=since)
    return _finish("reprocess", run_id, stats, None)

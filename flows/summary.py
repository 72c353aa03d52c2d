"""The end of every flow run: entities consolidated, report views refreshed, counts on the run
row, a summary artifact."""

from __future__ import annotations

from typing import Any

from prefect import get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run

from db.consolidation import consolidate_entities
from db.engine import get_engine
from db.runs import RecordedRun
from flows.chunks import refresh_reports_safely, slowest_hosts
from warta.acquire.polite import PoliteFetcher
from warta.masking import mask_secrets
from warta.stats import RunStats

COLUMNS = (
    "discovered",
    "queued",
    "fetched",
    "not_modified",
    "inserted",
    "updated",
    "unchanged",
    "nlp_skipped",
    "failed",
)


def current_flow_run_id() -> str | None:
    return str(flow_run.id) if flow_run.id else None


def markdown_summary(flow_name: str, stats: RunStats, fetcher: PoliteFetcher | None) -> str:
    lines = [f"# warta {flow_name}", "", "| source | " + " | ".join(COLUMNS) + " |"]
    lines.append("|---" * (len(COLUMNS) + 1) + "|")
    for source, counts in sorted(stats.per_source.items()):
        lines.append(f"| {source} | " + " | ".join(str(counts.get(c, 0)) for c in COLUMNS) + " |")
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


def consolidate_entities_safely(stats: RunStats) -> None:
    """Every run ends with one type and spelling per name over the whole corpus; a failure
    is logged and counted, the loaded data stays (the next run consolidates it)."""
    try:
        counts = consolidate_entities(get_engine())
        stats.counts["entity_rows_merged"] = counts.rows_merged
    except Exception as exc:
        get_run_logger().error("entities not consolidated: %s", mask_secrets(str(exc)))
        stats.failures[f"consolidate:{type(exc).__name__}"] += 1


def finish(
    flow_name: str, run: RecordedRun, stats: RunStats, fetcher: PoliteFetcher | None = None
) -> dict[str, Any]:
    """Consolidate entities, refresh the report views, put the counts on the run row,
    publish the summary."""
    consolidate_entities_safely(stats)
    refresh_reports_safely(stats)
    run.counts = stats.summary()
    if fetcher is not None:
        run.counts["slowest_hosts"] = slowest_hosts(fetcher)
    try:
        create_markdown_artifact(
            markdown_summary(flow_name, stats, fetcher),
            key=f"warta-{flow_name}",
            description="run summary",
        )
    except Exception as exc:  # an artifact is a convenience; the run row is the record
        get_run_logger().warning("could not publish the summary artifact: %s", exc)
    logger = get_run_logger()
    logger.info("%s summary: %s", flow_name, dict(stats.counts))
    logger.info("%s", markdown_summary(flow_name, stats, fetcher))
    return {**dict(stats.counts), "run_id": run.id, "failures_by_reason": dict(stats.failures)}

"""A flow's summary as people read it: a table of counts and a one-line verdict.

The flows return a dict of counts (``inserted``, ``updated``, ``unchanged``, ``failed``, …),
``run_id`` and ``failures_by_reason`` (``stage:ErrorClass[:status]`` -> URLs).
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

# The counts in the order the data travels, with the words the table uses for them.
STEPS = (
    ("discovered", "found in feeds and sitemaps"),
    ("skipped_known", "already known, skipped"),
    ("known_not_article", "known not to be articles, skipped"),
    ("queued", "queued"),
    ("urls", "URLs to process"),
    ("robots_disallowed", "disallowed by robots.txt"),
    ("not_modified", "not modified (HTTP 304)"),
    ("fetched", "fetched"),
    ("reprocessed", "read again from stored HTML"),
    ("extracted", "extracted"),
    ("skipped_not_article", "not articles (home, section, index pages)"),
    ("enriched", "entities and quotes found"),
    ("nlp_skipped", "NLP skipped (content unchanged)"),
    ("loaded", "loaded into PostgreSQL"),
    ("inserted", "new"),
    ("updated", "updated"),
    ("unchanged", "unchanged"),
    ("failed", "failed"),
    ("views_refreshed", "report views refreshed"),
)
NOT_COUNTS = {"run_id", "failures_by_reason", "slowest_hosts", "per_source", "seconds"}


def count(summary: dict[str, Any], key: str) -> int:
    value = summary.get(key, 0)
    return value if isinstance(value, int) else 0


def verdict(command: str, summary: dict[str, Any]) -> str:
    """``ingest: 5 new, 0 updated, 0 unchanged, 1 failed (run 3)`` -- and when nothing was
    new or updated, that said in words."""
    new, updated, unchanged, failed = (
        count(summary, key) for key in ("inserted", "updated", "unchanged", "failed")
    )
    unchanged += count(summary, "not_modified")  # the server said so (HTTP 304): unchanged too
    line = f"{command}: {new} new, {updated} updated, {unchanged} unchanged, {failed} failed"
    if summary.get("run_id") is not None:
        line += f" (run {summary['run_id']})"
    if new == updated == 0:
        line += "; nothing new since the last run" if unchanged else "; nothing was loaded"
    if failed:
        line += "; failed URLs are in the `failures` table"
    return line


def summary_table(summary: dict[str, Any]) -> Table:
    table = Table(title="what the run did", title_justify="left")
    table.add_column("step")
    table.add_column("count", justify="right")
    known = {key for key, _ in STEPS}
    rows = [(label, count(summary, key)) for key, label in STEPS if key in summary]
    rows += [
        (key.replace("_", " "), value)
        for key, value in summary.items()
        if key not in known and key not in NOT_COUNTS and isinstance(value, int)
    ]
    for label, value in rows:
        table.add_row(label, str(value))
    for reason, urls in sorted((summary.get("failures_by_reason") or {}).items()):
        stage, _, error = reason.partition(":")  # fetch:HTTPStatus:404
        table.add_row(f"  failed at {stage}: {error.replace(':', ' ')}", str(urls), style="red")
    return table


def print_run_summary(command: str, summary: dict[str, Any], console: Console) -> None:
    console.print(summary_table(summary))
    console.print(verdict(command, summary), highlight=False)

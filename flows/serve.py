"""``warta serve``: the nightly and backfill flows as deployments of a Prefect server.

nightly runs on a cron schedule at 02:00 in the newsroom's zone
(``WARTA_DEFAULT_TIMEZONE``, Asia/Jakarta); backfill has no schedule and is started
from the Prefect UI (or API) with its parameters: sources, start, end, urls, reprocess.
"""

from __future__ import annotations

from prefect import serve
from prefect.client.schemas.schedules import CronSchedule

from flows.backfill import backfill
from flows.nightly import nightly
from warta.config import get_settings

NIGHTLY_CRON = "0 2 * * *"


def deployments(sources_file: str | None = None) -> list:
    parameters = {"sources_file": sources_file} if sources_file else {}
    return [
        nightly.to_deployment(
            name="nightly",
            schedules=[CronSchedule(cron=NIGHTLY_CRON, timezone=get_settings().default_timezone)],
            parameters=parameters,
            description="Discover and load new and changed articles of every source.",
        ),
        backfill.to_deployment(
            name="backfill",
            parameters=parameters,
            description="Backfill by date range, an explicit URL list, or reprocess stored HTML.",
        ),
    ]


def serve_deployments(sources_file: str | None = None) -> None:
    serve(*deployments(sources_file))

"""``warta serve``: the nightly and backfill flows as deployments of a Prefect server.

nightly runs on a cron schedule at 02:00 in the newsroom's zone
(``WARTA_DEFAULT_TIMEZONE``, Asia/Jakarta); backfill has no schedule and is started
from the Prefect UI (or API) with its parameters: sources, start, end, urls, reprocess.
"""

from __future__ import annotations

from prefect import Flow, serve
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

from flows.backfill import backfill
from flows.nightly import nightly
from flows.parameters import for_the_form
from warta.acquire.sources import SourcesFileError, load_sources
from warta.config import get_settings

NIGHTLY_CRON = "0 2 * * *"


def source_names(sources_file: str | None = None) -> list[str]:
    """The names the UI offers for ``sources``; none (a free list) if the file cannot be read."""
    try:
        return [s.name for s in load_sources(sources_file)]
    except SourcesFileError:
        return []


def deployments(
    sources_file: str | None = None, nightly_flow: Flow = nightly, backfill_flow: Flow = backfill
) -> list[RunnerDeployment]:
    """nightly (scheduled) and backfill, their forms described; ``warta deploy`` passes the
    same flows loaded from a checkout (``Flow.from_source``), so that workers can run them."""
    parameters = {"sources_file": sources_file} if sources_file else {}
    zone = get_settings().default_timezone
    made = [
        nightly_flow.to_deployment(
            name="nightly",
            # the slug is what the UI shows for a schedule: its own text would not name the zone
            schedules=[Cron(NIGHTLY_CRON, timezone=zone, slug=f"every day at 02:00 {zone}")],
            parameters=parameters,
            description=(
                "Discover and load new and changed articles of every source."
                f" Runs every day at 02:00 {zone} (cron `{NIGHTLY_CRON}`, time zone {zone})."
            ),
        ),
        backfill_flow.to_deployment(
            name="backfill",
            parameters=parameters,
            description="Backfill by date range, an explicit URL list, or reprocess stored HTML.",
        ),
    ]
    names = source_names(sources_file)
    for deployment in made:  # the UI form: sources picked from the file, not typed from memory
        # the schema Prefect sends with the deployment (RunnerDeployment keeps it private)
        for_the_form(deployment._parameter_openapi_schema.properties, names)
    return made


def serve_deployments(sources_file: str | None = None) -> None:
    serve(*deployments(sources_file))

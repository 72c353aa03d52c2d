"""``warta deploy``: nightly and backfill as deployments of a process work pool.

``warta serve`` runs the flows in its own process.  A work pool instead keeps the runs in one
queue on the Prefect server, and every ``prefect worker start --pool NAME`` (one per machine,
as many machines as wanted) takes the next run from it and runs it in a subprocess.  A worker
runs the code of a checkout on its own machine: each deployment's pull step sets the working
directory to ``directory`` (by default this checkout: give the path the workers' checkouts
have when it differs) and loads the flow from the entrypoints below, relative to it.

The deployments are the ones ``warta serve`` makes (flows/serve.py): the same schedule, the
same described form.  That is why this is a command and not a ``prefect.yaml``: ``prefect
deploy`` would build the form from the bare signatures, without the titles and without the
sources as a choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from prefect import Flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.exceptions import ObjectNotFound
from prefect.runner.storage import LocalStorage
from prefect.settings import get_current_settings
from prefect.workers.process import ProcessWorker

from flows.serve import deployments
from warta.config import REPO_ROOT

ENTRYPOINTS = {"nightly": "flows/nightly.py:nightly", "backfill": "flows/backfill.py:backfill"}


class NoPrefectServer(RuntimeError):
    """No PREFECT_API_URL: deployments made on a temporary server would vanish with it."""


@dataclass
class Deployed:
    pool: str
    pool_created: bool
    directory: Path
    deployments: dict[str, UUID]  # "backfill/backfill" -> its id on the server


def prefect_api_url() -> str:
    url = get_current_settings().api.url
    if not url:
        raise NoPrefectServer(
            "PREFECT_API_URL is not set: point it at the Prefect server the workers use,"
            " e.g. http://127.0.0.1:4200/api (`prefect server start`)"
        )
    return url


def ensure_process_pool(name: str) -> bool:
    """The process work pool ``name``, made if missing; True when this call made it."""
    with get_client(sync_client=True) as client:
        try:
            pool = client.read_work_pool(name)
        except ObjectNotFound:
            template = ProcessWorker.get_default_base_job_template()
            client.create_work_pool(
                WorkPoolCreate(name=name, type="process", base_job_template=template)
            )
            return True
    if pool.type != "process":
        raise ValueError(f"work pool {name!r} is a {pool.type!r} pool, not a process pool")
    return False


def deploy_to_pool(
    pool: str, directory: str | Path | None = None, sources_file: str | None = None
) -> Deployed:
    """nightly and backfill deployed to the process pool ``pool`` (made if missing), their
    code read from ``directory`` on the workers' machines."""
    prefect_api_url()
    where = Path(directory or REPO_ROOT)
    if not where.is_absolute():
        raise ValueError(f"the workers' checkout must be an absolute path, not {str(where)!r}")
    created = ensure_process_pool(pool)
    # read here from this checkout (the form's schema comes from the code); run there
    loaded = {
        name: Flow.from_source(source=str(REPO_ROOT), entrypoint=entrypoint)
        for name, entrypoint in ENTRYPOINTS.items()
    }
    made = deployments(
        sources_file, nightly_flow=loaded["nightly"], backfill_flow=loaded["backfill"]
    )
    ids = {}
    for deployment in made:
        deployment.storage = LocalStorage(str(where))  # the pull step: cd to the checkout
        ids[f"{deployment.flow_name}/{deployment.name}"] = deployment.apply(
            work_pool_name=pool
        )
    return Deployed(pool=pool, pool_created=created, directory=where.resolve(), deployments=ids)

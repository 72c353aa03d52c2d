"""Where a run's chunks go: this process (Prefect's thread runner) or a Dask cluster.

``WARTA_DASK_ADDRESS`` (``--dask-address``) runs a flow's chunk tasks on an existing Dask
cluster; ``WARTA_DASK_WORKERS`` (``--dask-workers N``) on a local cluster of N worker
processes that lives as long as the run.  Either needs ``pip install 'warta[dask]'``.
When the chunks may run in other processes, per-host politeness goes through PostgreSQL
(``db.host_leases``) so that all of them together keep each host's pace.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prefect import Flow
from prefect.context import FlowRunContext
from prefect.task_runners import ThreadPoolTaskRunner

from db.engine import get_engine
from db.host_leases import HostLeases
from warta.acquire.polite import PoliteFetcher
from warta.config import Settings, get_settings

# seconds a claim on a host outlives its fetch deadline before it counts as abandoned
CLAIM_MARGIN_S = 30.0


class DaskNotInstalled(RuntimeError):
    def __init__(self) -> None:
        super().__init__(
            "running on Dask needs prefect-dask: pip install 'warta[dask]'"
            " (or pip install prefect-dask)"
        )


def dask_task_runner(settings: Settings | None = None) -> Any | None:
    """The Dask task runner the settings ask for, or None (Prefect's default thread runner)."""
    settings = settings or get_settings()
    if not settings.dask_address and not settings.dask_workers:
        return None
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError as exc:
        raise DaskNotInstalled() from exc
    if settings.dask_address:
        return DaskTaskRunner(address=settings.dask_address)
    # one thread per worker process: Stanza and torch use the process's cores themselves
    cluster = {"n_workers": settings.dask_workers, "processes": True, "threads_per_worker": 1}
    return DaskTaskRunner(cluster_kwargs=cluster)


def with_configured_runner(flow: Flow) -> Flow:
    """``flow`` with the task runner the settings ask for, applied when its module is imported:
    the runs ``warta serve`` starts and work-pool workers load the flow from its entrypoint in a
    new process, so the environment there (``WARTA_DASK_ADDRESS``) decides, not the caller."""
    runner = dask_task_runner()
    return flow if runner is None else flow.with_options(task_runner=runner)


@contextmanager
def reachable_prefect_api() -> Iterator[None]:
    """Dask workers report their task runs to the Prefect API the flow uses.  Without
    PREFECT_API_URL Prefect starts a temporary server inside each process that needs one;
    started here once, its address goes to the workers with the flow's settings (workers on
    other machines need a real server: set PREFECT_API_URL)."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if PREFECT_API_URL.value():
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start()
    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        yield


def _task_runner() -> Any:
    context = FlowRunContext.get()
    return context.task_runner if context else None


def chunks_run_elsewhere() -> bool:
    """Whether this flow's chunk tasks may run in other processes (any runner but threads)."""
    runner = _task_runner()
    return runner is not None and not isinstance(runner, ThreadPoolTaskRunner)


def chunks_in_flight() -> int:
    """How many chunks to have submitted at once: one in this process (the NLP stage has its
    own ``--workers``); on a cluster two per worker thread, so that none waits for the flow,
    and no more (each chunk in flight holds its pages: memory stays flat)."""
    if not chunks_run_elsewhere():
        return 1
    try:
        slots = sum(_task_runner().client.nthreads().values())  # prefect-dask's client
    except Exception:  # another runner: one per core here
        slots = os.cpu_count() or 1
    return max(2, 2 * slots)


def shares_host_spacing(settings: Settings | None = None) -> bool:
    settings = settings or get_settings()
    if settings.shared_host_spacing is not None:
        return settings.shared_host_spacing
    return chunks_run_elsewhere()


def host_leases(settings: Settings | None = None) -> HostLeases:
    settings = settings or get_settings()
    return HostLeases(get_engine(), hold_s=settings.fetch_deadline_s + CLAIM_MARGIN_S)


def run_fetcher(host_rates: dict[str, float] | None = None) -> PoliteFetcher:
    """The fetcher of a run's own requests (discovery; chunks run in this process)."""
    gate = host_leases() if shares_host_spacing() else None
    return PoliteFetcher(host_rates=host_rates, gate=gate)


def run_flow(flow: Flow, **parameters: Any) -> Any:
    """Call ``flow`` with the task runner the settings ask for (Dask: with a Prefect API its
    workers can reach)."""
    runner = dask_task_runner()
    if runner is None:
        return flow(**parameters)
    with reachable_prefect_api():
        return flow.with_options(task_runner=runner)(**parameters)

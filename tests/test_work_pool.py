"""Issue 17: nightly and backfill deployed to a process work pool; a worker runs what the API asks.

A real Prefect server (a child process on a loopback port, its own database), ``warta
deploy``'s code making the pool and the deployments, a real ``prefect worker start`` child
process, a backfill started through the API with a URL list of loopback pages, and the rows
that the worker's flow run loaded into PostgreSQL.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Article, PipelineRun
from tests.conftest import REPO
from warta.app.site import LocalSite, Response
from warta.tooling.prefect_processes import log_tail, prefect_server, prefect_worker

POOL = "warta-test-pool"


def _page(title: str, sentence: str) -> Response:
    body = f"<p>{sentence}</p>" * 8
    html = (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}"
        "</article></body></html>"
    )
    return Response(html.encode())


PAGES = {
    "/berita/banjir-medan": _page(
        "Banjir merendam Medan",
        "Banjir merendam ratusan rumah warga di Medan pada Senin pagi, kata Bobby Nasution.",
    ),
    "/berita/gempa-palu": _page(
        "Gempa mengguncang Palu",
        "Gempa berkekuatan 5,1 mengguncang Palu di Sulawesi Tengah pada Selasa malam.",
    ),
}


@pytest.fixture
def prefect_api(tmp_path):
    """A Prefect server of this test's own, and this process's client pointed at it."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with prefect_server(tmp_path / "server") as api_url, temporary_settings(
        updates={PREFECT_API_URL: api_url}
    ):
        yield api_url


def test_a_worker_of_the_pool_runs_a_backfill_started_through_the_api(
    prefect_api, clean_tables, database_url, tmp_path
):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.deployments import run_deployment

    from flows.deploy import deploy_to_pool

    done = deploy_to_pool(POOL)
    assert done.pool_created and done.directory == REPO
    assert set(done.deployments) == {"nightly/nightly", "backfill/backfill"}
    with get_client(sync_client=True) as client:
        pool = client.read_work_pool(POOL)
        backfill = client.read_deployment_by_name("backfill/backfill")
        nightly = client.read_deployment_by_name("nightly/nightly")
    assert pool.type == "process"
    assert backfill.work_pool_name == nightly.work_pool_name == POOL
    assert backfill.entrypoint == "flows/backfill.py:backfill"
    assert backfill.pull_steps == [
        {"prefect.deployments.steps.set_working_directory": {"directory": str(REPO)}}
    ]
    assert nightly.schedules[0].schedule.timezone == "Asia/Jakarta"
    assert nightly.schedules[0].slug == "every day at 02:00 Asia/Jakarta"  # what the UI shows
    # the pool's deployments carry the same described form as `warta serve`'s
    assert backfill.parameter_openapi_schema["properties"]["urls"]["title"] == "Article URLs"
    assert deploy_to_pool(POOL).pool_created is False  # deploying again updates, in place

    env = {"DATABASE_URL": database_url, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"}
    worker_home = tmp_path / "worker"
    with LocalSite(PAGES) as site, prefect_worker(prefect_api, POOL, worker_home, env):
        urls = [site.url(path) for path in PAGES]
        run = run_deployment(
            "backfill/backfill", parameters={"urls": urls}, timeout=600, poll_interval=2
        )
        served = {path for _, path, _ in site.requests}
    assert run.state.is_completed(), (run.state, log_tail(worker_home / "worker.log"))
    assert served >= set(PAGES)  # the worker fetched the pages (and robots.txt)

    with Session(clean_tables) as session:
        titles = set(session.scalars(select(Article.title)))
        recorded = session.scalars(select(PipelineRun)).one()
    assert titles == {"Banjir merendam Medan", "Gempa mengguncang Palu"}
    assert recorded.flow_name == "backfill" and recorded.flow_run_id == str(run.id)
    assert recorded.status == "completed"
    assert recorded.counts["inserted"] == 2

    # what the worker's flow run logged is readable through the API (the UI's run page); the
    # run's process ships its logs in batches, so the last ones may land after the run ends
    messages: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with get_client(sync_client=True) as client:
            logs = client.read_logs(
                log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run.id]))
            )
        messages = [log.message for log in logs]
        if any(m.startswith("chunk 1/1: 2 articles in ") for m in messages) and any(
            m.startswith("# warta backfill") for m in messages
        ):
            break
        time.sleep(1)
    assert any(m.startswith("chunk 1/1: 2 articles in ") for m in messages), messages
    assert any(m.startswith("# warta backfill") for m in messages)  # the summary table


def test_deploy_needs_a_prefect_server_and_says_so():
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run(
        [sys.executable, "-m", "warta.app.cli", "deploy", "--pool", POOL],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("deploy: PREFECT_API_URL is not set"), done.stderr

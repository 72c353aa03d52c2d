"""Chunks on a Dask cluster: worker processes do the work, and the rows equal a plain run's.

Needs ``pip install 'warta[dask]'`` (skipped without prefect-dask).  Each worker process loads
the Stanza models once (about 650 MB and a few seconds each), so the cluster is small: two
worker processes, one thread each, six pages in chunks of two.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from tests.conftest import PAGES, ground_truth_articles
from warta.app.site import LocalSite, routes_from_directory
from warta.config import configure, reset_settings

pytest.importorskip("prefect_dask")
distributed = pytest.importorskip("distributed")

PAGES_USED = ["/" + e["fixture"] for e in ground_truth_articles()[:6]]

ROWS = {
    "articles": "SELECT url, content_hash, nlp_status FROM articles",
    "mentions": (
        "SELECT a.url, e.key, m.start_char, m.end_char FROM entity_mentions m"
        " JOIN articles a ON a.id = m.article_id JOIN entities e ON e.id = m.entity_id"
    ),
    "quotes": (
        "SELECT a.url, q.text, q.speaker_text, q.start_char FROM quotes q"
        " JOIN articles a ON a.id = q.article_id"
    ),
}
COUNTED = ("urls", "fetched", "extracted", "enriched", "loaded", "inserted", "failed")


def _rows(engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {name: sorted(connection.execute(text(sql)).all()) for name, sql in ROWS.items()}


def _run_row(engine, run_id: int) -> dict:
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT counts FROM pipeline_runs WHERE id = :id"), {"id": run_id}
        ).scalar_one()


def _empty(engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            text("TRUNCATE articles, fetches, entities, failures RESTART IDENTITY CASCADE")
        )


def test_chunks_run_on_the_dask_workers_and_load_what_a_plain_run_loads(
    prefect_harness, clean_tables, monkeypatch
):
    from distributed import Client, LocalCluster, get_task_stream

    from flows.chunks import this_process
    from flows.ingest import ingest_urls
    from flows.runner import run_flow

    engine = clean_tables
    monkeypatch.setenv("WARTA_CHUNK_SIZE", "2")  # six pages: three chunks to spread
    reset_settings()
    routes = routes_from_directory(PAGES)
    with LocalSite({path: routes[path] for path in PAGES_USED}) as site:
        urls = [site.url(path) for path in PAGES_USED]
        plain = ingest_urls(urls, source="uji")
        plain_rows = _rows(engine)
        _empty(engine)
        with (
            LocalCluster(
                n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
            ) as cluster,
            # not the default client: the flow's task runner connects by address, as a user's
            Client(cluster, set_as_default=False) as client,
        ):
            worker_pids = client.run(os.getpid)  # {worker address: pid}
            configure(dask_address=cluster.scheduler_address)
            with get_task_stream(client) as stream:
                spread = run_flow(ingest_urls, urls=urls, source="uji")

    assert plain["inserted"] == 6 and plain.get("failed", 0) == 0
    assert {key: spread.get(key) for key in COUNTED} == {key: plain.get(key) for key in COUNTED}
    assert _rows(engine) == plain_rows
    assert plain_rows["mentions"] and plain_rows["quotes"]  # the NLP ran in the workers

    # the scheduler's task stream: the three chunk tasks ran, and gave them to both worker processes
    chunk_tasks = [t for t in stream.data if "chunk" in t["key"]]
    assert len(chunk_tasks) == 3, [t["key"] for t in stream.data]
    assert {t["worker"] for t in chunk_tasks} == set(worker_pids)
    assert len(worker_pids) == 2
    # and the run row names the processes that ran them: the workers, not this one
    ran_on = _run_row(engine, spread["run_id"])["chunk_processes"]
    pids = {int(process.rsplit(":", 1)[1]) for process in ran_on}
    assert pids == set(worker_pids.values()) and os.getpid() not in pids
    assert sum(ran_on.values()) == 3
    # the plain run did its three chunks here, in this process
    assert _run_row(engine, plain["run_id"])["chunk_processes"] == {this_process(): 3}

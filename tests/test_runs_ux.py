"""Issue 17: no wasted work on unchanged pages, a typed UI form, runs visible in the logs."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import flows.chunks
from db.models import PipelineRun
from warta.app.demo import run_demo
from warta.app.site import LocalSite, Response


def _last_counts(engine) -> dict:
    with Session(engine) as session:
        run = session.scalars(select(PipelineRun).order_by(PipelineRun.id.desc())).first()
        return run.counts


@pytest.fixture
def enrich_calls(monkeypatch) -> list[int]:
    """How many texts went to Stanza (``enrich_texts``), call by call."""
    calls: list[int] = []
    real = flows.chunks.enrich_texts

    def counting(texts, languages):
        calls.append(len(texts))
        return real(texts, languages)

    monkeypatch.setattr(flows.chunks, "enrich_texts", counting)
    return calls


def test_a_second_demo_run_fetches_nothing_new_and_runs_no_stanza(
    prefect_harness, clean_tables, demo_port, enrich_calls
):
    assert run_demo(port=demo_port) == 0
    first = _last_counts(clean_tables)
    assert first.get("inserted", 0) > 0 and sum(enrich_calls) > 0
    enrich_calls.clear()
    assert run_demo(port=demo_port) == 0
    second = _last_counts(clean_tables)
    assert enrich_calls == []
    assert second.get("enriched", 0) == 0
    assert second.get("fetched", 0) == 0
    assert second["not_modified"] == first["inserted"]


def test_an_unchanged_article_skips_nlp_and_loading(
    prefect_harness, clean_tables, enrich_calls
):
    from flows.ingest import ingest_urls

    page = (
        b"<html><head><title>Banjir di Medan</title></head><body><article><h1>Banjir di Medan"
        b"</h1>" + b"<p>Banjir merendam ratusan rumah warga di Medan pada Senin pagi.</p>" * 8
        + b"</article></body></html>"
    )
    # no ETag: every run downloads the page again, the content hash says it is the same
    with LocalSite({"/berita/banjir": Response(page)}) as site:
        first = ingest_urls([site.url("/berita/banjir")], source="uji")
        assert first["inserted"] == 1
        enrich_calls.clear()
        second = ingest_urls([site.url("/berita/banjir")], source="uji")
    assert second["fetched"] == 1 and second["unchanged"] == 1 and second["nlp_skipped"] == 1
    assert enrich_calls == [] and second.get("enriched", 0) == 0
    assert second.get("loaded", 0) == 0


def test_reprocessing_still_enriches_unchanged_articles(
    prefect_harness, clean_tables, demo_port, enrich_calls
):
    from flows.reprocess import reprocess

    assert run_demo(port=demo_port, enrich=False) == 0
    enrich_calls.clear()
    summary = reprocess()
    assert sum(enrich_calls) == summary["reprocessed"] > 0
    assert summary.get("nlp_skipped", 0) == 0


def _assert_described(properties: dict) -> None:
    for name, prop in properties.items():
        assert prop.get("title"), name
        assert prop.get("type") in {"string", "array", "boolean"}, (name, prop)
        assert len(prop.get("description") or "") > 20, name


def test_every_flow_parameter_has_a_title_a_type_and_a_description():
    from prefect.utilities.callables import parameter_schema

    from flows.backfill import backfill
    from flows.nightly import nightly

    for flow in (backfill, nightly):
        _assert_described(parameter_schema(flow.fn).properties)
    properties = parameter_schema(backfill.fn).properties
    assert properties["start"]["format"] == properties["end"]["format"] == "date"
    assert properties["urls"]["items"]["type"] == "string"
    # called from Python, the defaults are plain values and dates are parsed
    assert backfill.validate_parameters({"start": "2024-01-02"})["start"].isoformat() == (
        "2024-01-02"
    )
    assert backfill.validate_parameters({})["urls"] is None


def test_the_deployments_offer_the_sources_as_a_choice_and_show_the_time_zone(tmp_path):
    from flows.serve import deployments

    sources_file = tmp_path / "sources.yaml"
    sources_file.write_text(
        "sources:\n"
        "  - {name: satu, home: 'https://satu.example/', sitemaps: ['https://satu.example/s.xml']}\n"
        "  - {name: dua, home: 'https://dua.example/', sitemaps: ['https://dua.example/s.xml']}\n",
        encoding="utf-8",
    )
    made = {d.name: d for d in deployments(str(sources_file))}
    for deployment in made.values():
        properties = deployment._parameter_openapi_schema.properties
        _assert_described(properties)
        assert properties["sources"]["items"]["enum"] == ["dua", "satu"]
        assert all(prop["title"][0].isupper() for prop in properties.values())
    assert "Asia/Jakarta" in made["nightly"].description
    assert made["nightly"].schedules[0].slug == "every day at 02:00 Asia/Jakarta"  # the UI's label
    assert made["backfill"]._parameter_openapi_schema.properties["urls"]["title"] == (
        "Article URLs"
    )


def test_a_runs_chunk_lines_and_summary_are_readable_through_the_prefect_api(
    prefect_harness, clean_tables
):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogHandler

    from flows.ingest import ingest_urls

    page = b"<html><head><title>Gempa</title></head><body><article><h1>Gempa</h1>" + (
        b"<p>Gempa berkekuatan 5,1 mengguncang Sulawesi Tengah pada Selasa malam.</p>" * 6
    ) + b"</article></body></html>"
    run_logger = logging.getLogger("prefect.flow_runs")
    level = run_logger.level
    run_logger.setLevel(logging.INFO)  # the tests run with PREFECT_LOGGING_LEVEL=WARNING
    try:
        with LocalSite({"/berita/gempa": Response(page)}) as site:
            summary = ingest_urls([site.url("/berita/gempa")], source="uji", run_enrich=False)
    finally:
        run_logger.setLevel(level)
    with Session(clean_tables) as session:
        flow_run_id = session.get(PipelineRun, summary["run_id"]).flow_run_id
    APILogHandler().flush()  # the logs are sent in batches
    with get_client(sync_client=True) as client:
        logs = client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id]))
        )
    messages = [log.message for log in logs]
    chunk_lines = [m for m in messages if m.startswith("chunk 1/1: 1 articles in ")]
    assert chunk_lines and "pages/s" in chunk_lines[0] and "inserted 1" in chunk_lines[0]
    assert any(m.startswith("ingest-urls summary: ") for m in messages)
    assert any(m.startswith("# warta ingest-urls") for m in messages)  # the summary table


def test_the_backfill_form_accepts_what_people_fill_in_and_refuses_unknown_sources():
    from prefect.utilities.schema_tools.validation import ValidationError, validate

    from flows.serve import deployments

    backfill = next(d for d in deployments() if d.name == "backfill")
    schema = backfill._parameter_openapi_schema.model_dump()
    filled = {"sources": ["kompas"], "start": "2026-11-01", "end": "2026-11-07"}
    for form in ({}, filled, {"urls": ["https://www.antaranews.com/berita/1/x"]}):
        validate(form, schema, raise_on_error=True, preprocess=True, ignore_required=True)
    with pytest.raises(ValidationError, match="not one of"):
        validate({"sources": ["kompass"]}, schema, raise_on_error=True, preprocess=True)



@pytest.mark.parametrize("module", ["flows.nightly", "flows.backfill"])
def test_served_and_pool_runs_use_the_dask_cluster_their_environment_names(module):
    # served runs and work-pool workers import the flow from its entrypoint in a new process
    pytest.importorskip("prefect_dask")
    name = module.split(".")[1]
    code = f"import {module} as m; print(type(m.{name}.task_runner).__name__)"
    env = {**os.environ, "WARTA_DASK_ADDRESS": "tcp://127.0.0.1:8786"}
    command = [sys.executable, "-c", code]
    with_dask = subprocess.run(command, env=env, capture_output=True, text=True)
    env.pop("WARTA_DASK_ADDRESS")
    plain = subprocess.run(command, env=env, capture_output=True, text=True)
    assert with_dask.stdout.strip() == "DaskTaskRunner", with_dask.stderr[-2000:]
    assert plain.stdout.strip() == "ThreadPoolTaskRunner", plain.stderr[-2000:]

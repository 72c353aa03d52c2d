"""Run bookkeeping: every flow's pipeline_runs row ends completed or failed, never running."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import PipelineRun
from db.runs import recorded_run


def _run(engine, run_id: int) -> PipelineRun:
    with Session(engine) as session:
        return session.scalars(select(PipelineRun).where(PipelineRun.id == run_id)).one()


def test_a_crash_marks_the_run_failed_with_its_masked_error(clean_tables):
    with (
        pytest.raises(RuntimeError),
        recorded_run(clean_tables, "reprocess", {"since": None}) as run,
    ):
        run.counts = {"reprocessed": 3}
        raise RuntimeError("lost postgresql://warta:hunter2@db.example/news")
    row = _run(clean_tables, run.id)
    assert row.status == "failed"
    assert row.counts == {"reprocessed": 3}
    assert "hunter2" not in row.error and "RuntimeError" in row.error
    assert row.finished_at is not None


def test_a_finished_run_is_completed_with_its_counts(clean_tables):
    with recorded_run(clean_tables, "nightly", {"sources": ["kompas"]}, "flow-run-1") as run:
        run.counts = {"inserted": 2}
    row = _run(clean_tables, run.id)
    assert (row.status, row.counts, row.flow_run_id) == ("completed", {"inserted": 2}, "flow-run-1")
    assert row.parameters == {"sources": ["kompas"]} and row.duration_s >= 0


def test_the_reprocess_flow_records_a_crash(prefect_harness, clean_tables, monkeypatch):
    import flows.reprocess

    def broken(*args, **kwargs):
        raise ConnectionError("database went away")

    monkeypatch.setattr(flows.reprocess, "stored_pages", broken)
    with pytest.raises(ConnectionError):
        flows.reprocess.reprocess()
    with Session(clean_tables) as session:
        row = session.scalars(select(PipelineRun)).one()
    assert row.flow_name == "reprocess" and row.status == "failed"
    assert "database went away" in row.error

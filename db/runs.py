"""Run bookkeeping: one ``pipeline_runs`` row per flow run, and the failure rows of its URLs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from db.models import Failure, PipelineRun
from warta.masking import mask_secrets


def record_failure(
    engine: Engine,
    url: str,
    stage: str,
    error_class: str,
    message: str,
    http_status: int | None = None,
    *,
    max_attempts: int = 5,
) -> None:
    """Insert or bump the failure row of (url, stage); give up after ``max_attempts``."""
    with Session(engine) as session, session.begin():
        statement = insert(Failure).values(
            url=url,
            stage=stage,
            error_class=error_class,
            message=message[:2000],
            http_status=http_status,
        )
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[Failure.url, Failure.stage],
                set_={
                    "error_class": statement.excluded.error_class,
                    "message": statement.excluded.message,
                    "http_status": statement.excluded.http_status,
                    "attempts": Failure.attempts + 1,
                    "last_seen_at": func.now(),
                    "resolved_at": None,
                    "given_up": Failure.attempts + 1 >= max_attempts,
                },
            )
        )


def start_run(engine: Engine, flow_name: str, parameters: dict, flow_run_id: str | None) -> int:
    with Session(engine) as session, session.begin():
        run = PipelineRun(
            flow_name=flow_name,
            flow_run_id=flow_run_id,
            parameters=parameters,
            counts={},
            status="running",
        )
        session.add(run)
        session.flush()
        return run.id


def finish_run(
    engine: Engine, run_id: int, counts: dict, status: str, error: str | None = None
) -> None:
    with Session(engine) as session, session.begin():
        run = session.get(PipelineRun, run_id)
        assert run is not None
        now = datetime.now(UTC)
        run.counts = counts
        run.status = status
        run.error = error
        run.finished_at = now
        run.duration_s = (now - run.started_at).total_seconds()


@dataclass
class RecordedRun:
    """The run being recorded: its row id and the counts to store when it ends."""

    id: int
    counts: dict[str, Any] = field(default_factory=dict)


@contextmanager
def recorded_run(
    engine: Engine, flow_name: str, parameters: dict, flow_run_id: str | None = None
) -> Iterator[RecordedRun]:
    """A ``pipeline_runs`` row around a flow run: ``completed`` with its counts when the block
    ends, ``failed`` with the (masked) error when it raises -- never left ``running``."""
    run = RecordedRun(start_run(engine, flow_name, parameters, flow_run_id))
    try:
        yield run
    except BaseException as exc:
        finish_run(engine, run.id, run.counts, "failed", mask_secrets(repr(exc)))
        raise
    finish_run(engine, run.id, run.counts, "completed")

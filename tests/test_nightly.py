"""Nightly and backfill over a local news site: discovery, politeness, faults, watermark."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Article, Failure, PipelineRun, Source
from tests.newsite import FAULT_HOST, NewsSite
from warta.config import reset_settings

WIB = timezone(timedelta(hours=7))


@pytest.fixture()
def news(tmp_path, monkeypatch):
    site = NewsSite(tmp_path)
    with site.site:
        monkeypatch.setenv("WARTA_HTTP_PROXY", site.site.base_url)
        monkeypatch.setenv("WARTA_READ_TIMEOUT", "1")
        reset_settings()
        yield site
    reset_settings()


def _articles(engine) -> dict[str, Article]:
    with Session(engine) as session:
        return {a.url: a for a in session.scalars(select(Article))}


def test_nightly_loads_every_article_once_and_a_second_run_fetches_nothing(
    prefect_harness, clean_tables, news
):
    from flows.nightly import nightly

    engine = clean_tables
    first = nightly(sources_file=str(news.sources_file))
    loaded = _articles(engine)
    assert set(loaded) == set(news.articles) - {"http://www.kompas.com/private/2016/02/23/draft"}
    assert first["inserted"] == len(news.articles) and first.get("failed", 0) == 0
    # robots.txt: the disallowed sitemap entry was never requested
    assert not news.requests_to("http://www.kompas.com/private/")
    with Session(engine) as session:
        assert {s.name for s in session.scalars(select(Source))} >= {"antara", "kompas"}
        run = session.scalars(select(PipelineRun)).one()
        assert run.status == "completed" and run.counts["per_source"]["antara"]["inserted"] == 4
    fetched_once = news.article_requests()
    assert sorted(fetched_once) == sorted(set(fetched_once))  # each page fetched once

    second = nightly(sources_file=str(news.sources_file))
    assert news.article_requests() == fetched_once  # no article page fetched again
    assert second.get("fetched", 0) == 0 and second["skipped_known"] == len(news.articles)
    assert len(_articles(engine)) == len(loaded)


def test_changed_sitemap_lastmod_refetches_with_a_conditional_get(
    prefect_harness, clean_tables, news
):
    from flows.nightly import nightly

    nightly(sources=["viva"], sources_file=str(news.sources_file))
    sitemap_url = "http://www.viva.co.id/sitemap.xml"
    edited = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()  # edited after our fetch
    news.site.routes[sitemap_url].body = re.sub(
        rb"<lastmod>[^<]+</lastmod>",
        f"<lastmod>{edited}</lastmod>".encode(),
        news.site.routes[sitemap_url].body,
    )
    page_url = next(u for u in news.articles if "viva.co.id" in u)
    news.site.routes[page_url].headers["ETag"] = '"same"'
    before = len(news.article_requests())
    second = nightly(sources=["viva"], sources_file=str(news.sources_file))
    assert len(news.article_requests()) == before + 1
    assert second["unchanged"] + second.get("not_modified", 0) == 1


def test_faults_are_retried_or_recorded_and_never_stop_the_run(
    prefect_harness, clean_tables, news, monkeypatch
):
    from flows.nightly import nightly

    engine = clean_tables
    news.add_fault_source()
    summary = nightly(sources=["faults", "tempo"], sources_file=str(news.sources_file))
    loaded = _articles(engine)
    # 503 then success, 429 + Retry-After then success, a wrong charset header: all loaded
    assert f"{FAULT_HOST}/2016/02/20/flaky-503" in loaded
    assert f"{FAULT_HOST}/2016/02/20/throttled-429" in loaded
    assert "“cabai”" in loaded[f"{FAULT_HOST}/2016/02/20/wrong-charset"].title
    throttled = [t for t, p in news.requests_to(f"{FAULT_HOST}/2016/02/20/throttled-429")]
    assert len(throttled) == 2 and throttled[1] - throttled[0] >= 1.0  # Retry-After honored
    with Session(engine) as session:
        failures = {f.url.rsplit("/", 1)[1]: f for f in session.scalars(select(Failure))}
    assert set(failures) == {"slow", "truncated", "loop"}
    assert failures["slow"].error_class == "ReadTimeout"
    assert failures["loop"].error_class == "TooManyRedirects"
    assert failures["truncated"].stage == "fetch"
    assert all(f.attempts == 1 and not f.given_up for f in failures.values())
    assert summary["failed"] == 3 and summary["loaded"] == 4
    assert sum(summary["failures_by_reason"].values()) == 3

    # not due yet (backoff): the next run leaves them alone
    nightly(sources=["faults"], sources_file=str(news.sources_file))
    assert len(news.requests_to(f"{FAULT_HOST}/2016/02/20/loop")) == 6  # 1 run x 6 hops
    # due immediately, give up after two attempts
    monkeypatch.setenv("WARTA_FAILURE_RETRY_BASE_S", "0")
    monkeypatch.setenv("WARTA_FAILURE_MAX_ATTEMPTS", "2")
    reset_settings()
    nightly(sources=["faults"], sources_file=str(news.sources_file))
    with Session(engine) as session:
        loop = session.scalars(select(Failure).where(Failure.url.like("%/loop"))).one()
        assert loop.attempts == 2 and loop.given_up
    third = nightly(sources=["faults"], sources_file=str(news.sources_file))
    assert third["given_up"] == 3
    assert len(news.requests_to(f"{FAULT_HOST}/2016/02/20/loop")) == 12  # not tried again


def test_requests_to_one_host_are_spaced(prefect_harness, clean_tables, news, monkeypatch):
    from flows.nightly import nightly

    monkeypatch.setenv("WARTA_HOST_RATE", "4")  # 0.25 s apart
    reset_settings()
    nightly(sources=["antara", "kompas"], sources_file=str(news.sources_file))
    for host in ("http://www.antaranews.com", "http://regional.kompas.com"):
        times = sorted(t for t, _ in news.requests_to(host))
        assert len(times) >= 2
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        assert min(gaps) >= 0.24, (host, gaps)


def test_backfill_by_date_range_takes_exactly_the_sitemap_entries_in_range(
    prefect_harness, clean_tables, news
):
    from flows.backfill import backfill

    engine = clean_tables
    start, end = date(2016, 2, 15), date(2016, 2, 16)
    backfill(start=start, end=end, sources_file=str(news.sources_file))
    expected = {
        url
        for url, entry in news.articles.items()
        if start
        <= datetime.fromtimestamp(entry["expected"]["date"] / 1000, UTC).astimezone(WIB).date()
        <= end
    }
    assert expected and set(_articles(engine)) == expected
    assert set(news.article_requests()) == expected


def test_backfill_reprocess_uses_stored_html_without_fetching(prefect_harness, clean_tables, news):
    from flows.backfill import backfill

    engine = clean_tables
    backfill(sources=["republika"], sources_file=str(news.sources_file))
    requests_before = len(news.site.requests)
    summary = backfill(reprocess=True, sources=["republika"], sources_file=str(news.sources_file))
    assert len(news.site.requests) == requests_before
    assert summary["reprocessed"] == 2 and summary["updated"] == 2
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 2


def test_reprocess_reads_each_page_with_its_sources_selectors_and_time_zone(
    prefect_harness, clean_tables, news
):
    """Stored pages are read again as ingest reads them: the source's body selector and time
    zone from sources.yaml (KapanLagi's pages print times without a zone)."""
    from flows.backfill import backfill
    from flows.reprocess import reprocess

    engine = clean_tables
    backfill(sources=["kapanlagi"], sources_file=str(news.sources_file))
    before = _articles(engine)
    assert {a.extraction_method for a in before.values()} != {"selector"}

    kapanlagi = next(s for s in news.sources if s["name"] == "kapanlagi")
    kapanlagi.update(timezone="Asia/Jayapura", selectors={"body": "div.entertainment-detail-news"})
    news.sources_file.write_text(yaml.safe_dump({"sources": news.sources}), encoding="utf-8")
    requests_before = len(news.site.requests)
    summary = reprocess(sources=["kapanlagi"], sources_file=str(news.sources_file))

    assert len(news.site.requests) == requests_before and summary["reprocessed"] == 2
    after = _articles(engine)
    assert {a.extraction_method for a in after.values()} == {"selector"}
    for url, article in after.items():  # the same wall-clock time, two hours earlier (WIT)
        assert article.published_at == before[url].published_at - timedelta(hours=2)
        assert article.date_source == "text"


def test_stored_pages_carry_their_sources_time_zone_and_the_feeds_date(clean_tables):
    """What reprocessing gives the extract stage besides the HTML: the time zone of the
    article's ``sources`` row, and its date when that date came from a feed (the page has
    none of its own to find again)."""
    from db.articles import load_article
    from db.state import stored_pages, sync_sources
    from tests.conftest import PAGES
    from warta.acquire.fetch import FetchResult
    from warta.acquire.sources import SourceConfig
    from warta.text.process import process_html

    sync_sources(clean_tables, [SourceConfig(
        name="kapanlagi", home="http://www.kapanlagi.com/", timezone="Asia/Makassar"
    )])
    html = (PAGES / "kapanlagi" / "kapanlagi-singlepage.html").read_bytes()
    fed = datetime(2015, 11, 5, 4, 52, tzinfo=UTC)
    home = "http://www.kapanlagi.com"
    for url, date_source in ((f"{home}/a", "feed"), (f"{home}/b", "text")):
        article = process_html(html, url)
        article.published, article.date_source = fed, date_source
        load_article(clean_tables, article, fetched=FetchResult(url, url, 200, body=html),
                     source_name="kapanlagi")
    pages = {p.url: p for p in stored_pages(clean_tables, sources=["kapanlagi"])}
    assert {p.timezone for p in pages.values()} == {"Asia/Makassar"}
    assert pages[f"{home}/a"].feed_published == fed and pages[f"{home}/a"].html == html
    assert pages[f"{home}/b"].feed_published is None


def test_sources_file_errors_name_the_file_the_source_and_the_field(tmp_path):
    from warta.acquire.sources import SourcesFileError, load_sources

    bad = tmp_path / "sources.yaml"
    bad.write_text(
        "sources:\n  - name: kompas\n    home: not-a-url\n  - name: tempo\n"
        "    home: https://www.tempo.co/\n    rate: -1\n",
        encoding="utf-8",
    )
    with pytest.raises(SourcesFileError) as error:
        load_sources(bad)
    message = str(error.value)
    assert f"{bad}: source 'kompas': field 'home'" in message
    assert f"{bad}: source 'tempo': field 'rate'" in message


def test_shipped_sources_file_is_valid():
    from warta.acquire.sources import load_sources

    names = {s.name for s in load_sources()}
    assert {
        "antara",
        "republika",
        "kompas",
        "detik",
        "tempo",
        "cnn-indonesia",
        "liputan6",
        "okezone",
        "tribunnews",
        "kumparan",
        "jakarta-post",
    } <= names


def test_backfill_deployment_runs_through_the_prefect_api(prefect_harness, clean_tables, news):
    """As the UI does: deployments registered, a backfill run created with parameters."""
    from prefect import get_client
    from prefect.runner import Runner

    from flows.serve import NIGHTLY_CRON, deployments

    registered = deployments(str(news.sources_file))  # built outside the event loop

    async def scenario():
        runner = Runner(name="warta-test", query_seconds=1)
        for deployment in registered:
            await runner.aadd_deployment(deployment)
        async with get_client() as client:
            nightly = await client.read_deployment_by_name("nightly/nightly")
            assert nightly.schedules[0].schedule.cron == NIGHTLY_CRON
            assert nightly.schedules[0].schedule.timezone == "Asia/Jakarta"
            deployment = await client.read_deployment_by_name("backfill/backfill")
            run = await client.create_flow_run_from_deployment(
                deployment.id,
                parameters={"sources": ["kompas"], "start": "2016-02-16", "end": "2016-02-23"},
            )
        await runner.start(run_once=True)
        async with get_client() as client:
            for _ in range(120):
                state = (await client.read_flow_run(run.id)).state
                if state and state.is_final():
                    return state
                await asyncio.sleep(1)
        return state

    state = asyncio.run(scenario())
    assert state.is_completed(), state
    loaded = _articles(clean_tables)
    assert set(loaded) == {u for u in news.articles if "kompas.com" in u and "/2016/02/" in u}

"""One bad URL never costs a run (issue 18): hostile servers, malformed links and huge inputs
become failure rows, within bounded time and memory.

Every server here is started by the tests on loopback (``tests/hostile.py`` writes raw bytes;
``LocalSite`` serves the saved article pages); the database is the real PostgreSQL of the
test session.  Address guards are tested by calling them, never by connecting elsewhere.
"""

from __future__ import annotations

import gzip
import os
import random
import signal
import string
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from db.models import Article, Entity, Failure, Fetch, PipelineRun
from tests.conftest import PAGES, ground_truth_articles
from tests.hostile import HostileServer, raw, response, trickle, trickle_headers
from warta.acquire.decoding import DecodedTooLarge, decode_bytes
from warta.acquire.fetch import (
    BlockedURL,
    InvalidURL,
    _GuardedBackend,
    _retry_after_seconds,
    check_url_allowed,
    check_url_syntax,
    fetch_url,
    is_public_address,
)
from warta.acquire.multipage import fetch_article
from warta.acquire.polite import PoliteFetcher
from warta.acquire.urls import canonical_url, in_domains
from warta.app.site import LocalSite, Response
from warta.config import Settings, reset_settings

GOOD = ground_truth_articles()
BAD_LOCATIONS = {
    "label64": "http://" + "a" * 64 + ".example.test/x",  # UnicodeError: idna label too long
    "tab": "http://exa\tmple.test/x",  # httpx.InvalidURL (urlsplit alone strips the tab)
    "xn": "http://xn--ls8h-.example.test/x",  # IDNAError: a bad punycode label
    "port": "http://127.0.0.1:99999/x",  # ValueError: port out of range
    "ipv6": "http://[::1",  # ValueError: Invalid IPv6 URL
}
SECRET = "Hush-pw-7781"


def page(index: int) -> bytes:
    return (PAGES / GOOD[index]["fixture"]).read_bytes()


def settings(**overrides) -> Settings:
    values = {"allow_private_hosts": True, "read_timeout": 1.0, "fetch_retries": 0}
    return Settings(**{**values, **overrides})


def gzip_bomb(decoded_bytes: int, layers: int = 2) -> bytes:
    """Zeros, gzipped ``layers`` times: a few KB on the wire, ``decoded_bytes`` in the end."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * (1 << 20)
    body = b"".join(squeeze.compress(block) for _ in range(decoded_bytes >> 20))
    body += squeeze.flush()
    for _ in range(layers - 1):
        body = gzip.compress(body, 9)
    return body


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return gzip_bomb(1 << 30)  # 1 GiB decoded, about 1.8 KB on the wire


@pytest.fixture()
def env(monkeypatch):
    """Short limits, so a stalled fetch shows within seconds."""
    for name, value in {
        "WARTA_FETCH_DEADLINE_S": "3",
        "WARTA_READ_TIMEOUT": "1.5",
        "WARTA_FETCH_RETRIES": "0",
    }.items():
        monkeypatch.setenv(name, value)
    reset_settings()
    yield
    reset_settings()


def _failures(engine) -> dict[str, Failure]:
    with Session(engine) as session:
        return {f.url: f for f in session.scalars(select(Failure))}


def _article_urls(engine) -> set[str]:
    with Session(engine) as session:
        return set(session.scalars(select(Article.url)))


# ---------------------------------------------------------------- 1. malformed URLs


@pytest.mark.parametrize("name", sorted(BAD_LOCATIONS))
def test_malformed_redirect_target_is_a_failure_value(name):
    location = BAD_LOCATIONS[name]
    routes = {"/r": raw(response(b"", "302 Found", {"Location": location}))}
    with HostileServer(routes) as server:
        result = fetch_url(server.url("/r"), settings=settings())
    assert result.error is not None and result.error.error_class == "InvalidURL", result.error


@pytest.mark.parametrize("name", sorted(BAD_LOCATIONS))
def test_malformed_url_is_refused_before_any_request(name):
    with pytest.raises(InvalidURL):
        check_url_syntax(BAD_LOCATIONS[name], settings())
    with PoliteFetcher(settings()) as fetcher:
        result = fetcher.fetch(BAD_LOCATIONS[name])
    assert result.error.error_class == "InvalidURL"


def test_sitemap_with_malformed_entries_loads_the_good_ones(prefect_harness, clean_tables, env):
    from flows.ingest import ingest_urls
    from warta.acquire.discover import discover
    from warta.acquire.sources import SourceConfig

    with LocalSite({"/a.html": Response(page(0)), "/b.html": Response(page(1))}) as site:
        bad = [
            "http://" + "a" * 64 + ".hostile.test/x-1234",
            "http://xn--ls8h-.hostile.test/x-1234",
            site.url("/a.html").replace(str(site.port), "99999"),
        ]
        entries = [site.url("/a.html"), site.url("/b.html"), *bad]
        sitemap = "".join(f"<url><loc>{u}</loc></url>" for u in entries)
        site.routes["/sitemap.xml"] = Response(
            f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{sitemap}</urlset>".encode(),
            headers={"Content-Type": "application/xml"},
        )
        source = SourceConfig(
            name="hostile",
            home=site.url("/"),
            domains=["hostile.test"],
            sitemaps=[site.url("/sitemap.xml")],
        )
        with PoliteFetcher() as fetcher:
            found = discover(source, fetcher, use_feeds=False)
        urls = [d.url for d in found.urls]
        assert len(urls) == 5
        summary = ingest_urls(urls, source="hostile", run_enrich=False)
    assert summary["loaded"] == 2 and summary["failed"] == 3
    failures = _failures(clean_tables)
    assert {f.error_class for f in failures.values()} == {"InvalidURL"}
    assert len(_article_urls(clean_tables)) == 2


# ---------------------------------------------------------------- 2, 3. Retry-After, Crawl-delay


@pytest.mark.parametrize(
    "value, seconds",
    [
        ("inf", 1e9),
        ("1e300", 1e9),
        ("Fri, 31 Dec 9999 23:59:59 GMT", 1e9),
        ("nan", None),
        ("-5", 0.0),
        ("soon", None),
        ("120", 120.0),
    ],
)
def test_retry_after_is_parsed_safely(value, seconds):
    assert _retry_after_seconds(value) == seconds


@pytest.mark.parametrize("value", ["inf", "1e300", "Fri, 31 Dec 9999 23:59:59 GMT", "99999"])
def test_a_huge_retry_after_leaves_the_host_to_the_next_run(value):
    routes = {
        "/busy": raw(response(b"busy", "503 Service Unavailable", {"Retry-After": value})),
        "/next": raw(response(page(0))),
    }
    with HostileServer(routes) as server, PoliteFetcher(settings(fetch_retries=2)) as fetcher:
        started = time.monotonic()
        busy = fetcher.fetch(server.url("/busy"))
        after = fetcher.fetch(server.url("/next"))
        took = time.monotonic() - started
    assert busy.error.http_status == 503
    assert after.error.error_class == "HostDeferred"
    assert took < 5


def test_a_retry_after_under_the_limit_is_honored_for_the_host():
    routes = {
        "/busy": raw(response(b"busy", "503 Service Unavailable", {"Retry-After": "1"})),
        "/next": raw(response(page(0))),
    }
    with HostileServer(routes) as server, PoliteFetcher(settings()) as fetcher:
        fetcher.fetch(server.url("/busy"))
        started = time.monotonic()
        after = fetcher.fetch(server.url("/next"))
        assert after.ok and time.monotonic() - started >= 0.8


@pytest.mark.parametrize("delay", ["100000", "1" + "0" * 400])
def test_a_huge_crawl_delay_fetches_one_page_and_defers_the_rest(delay):
    robots = f"User-agent: *\nCrawl-delay: {delay}\n".encode()
    routes = {
        "/robots.txt": raw(response(robots, headers={"Content-Type": "text/plain"})),
        "/a": raw(response(page(0))),
        "/b": raw(response(page(1))),
    }
    with HostileServer(routes) as server, PoliteFetcher(settings()) as fetcher:
        started = time.monotonic()
        first = fetcher.fetch(server.url("/a"))
        second = fetcher.fetch(server.url("/b"))
        took = time.monotonic() - started
    assert first.ok
    assert second.error.error_class == "HostDeferred"
    assert took < 5


def test_sigterm_ends_a_waiting_run_and_its_row_is_not_left_running(
    prefect_harness, clean_tables, database_url
):
    """A host that legitimately asks for a long pause (under the limit): the run waits; a
    SIGTERM ends it within seconds and the run row says ``failed``."""
    from prefect.settings import PREFECT_API_URL

    routes = {
        "/busy": raw(response(b"busy", "503 Service Unavailable", {"Retry-After": "1000"})),
        **{f"/p{i}": raw(response(page(i))) for i in range(3)},
    }
    with HostileServer(routes) as server:
        environment = dict(os.environ)
        environment.update(
            DATABASE_URL=database_url,
            PREFECT_API_URL=PREFECT_API_URL.value() or "",
            WARTA_FETCH_RETRIES="0",
            WARTA_GLOBAL_CONCURRENCY="1",
        )
        urls = [server.url("/busy")] + [server.url(f"/p{i}") for i in range(3)]
        process = subprocess.Popen(
            [sys.executable, "-m", "warta.app.cli", "ingest", "--no-enrich", *urls],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 120
        while "/busy" not in server.requests and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1.0)  # now waiting for the host's slot (1000 s away)
        process.send_signal(signal.SIGTERM)
        started = time.monotonic()
        output, _ = process.communicate(timeout=60)
        assert time.monotonic() - started < 30, output
    assert process.returncode != 0
    with Session(clean_tables) as session:
        statuses = list(session.scalars(select(PipelineRun.status)))
    assert statuses == ["failed"], output


# ---------------------------------------------------------------- 4. total deadline


def test_a_trickled_body_hits_the_total_deadline():
    body = page(0)[:5000]
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    with HostileServer({"/t": trickle(head, body, 0.2)}) as server:
        started = time.monotonic()
        result = fetch_url(server.url("/t"), settings=settings(fetch_deadline_s=2))
        took = time.monotonic() - started
    assert result.error.error_class == "DeadlineExceeded"
    assert took < 4


def test_trickled_headers_hit_the_total_deadline():
    with HostileServer({"/h": trickle_headers(0.2)}) as server:
        started = time.monotonic()
        result = fetch_url(server.url("/h"), settings=settings(fetch_deadline_s=2))
        took = time.monotonic() - started
    assert result.error.error_class == "DeadlineExceeded"
    assert took < 4


# ---------------------------------------------------------------- 5. decompression bombs


def _rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):  # peak resident set
                return int(line.split()[1]) / 1024
    return 0.0


@pytest.mark.parametrize("encoding", ["gzip, gzip", "gzip"])
def test_a_decompression_bomb_stops_at_the_cap_in_bounded_memory(bomb, encoding):
    body = bomb if encoding == "gzip, gzip" else zlib.decompress(bomb, 31)
    routes = {"/bomb": raw(response(body, headers={"Content-Encoding": encoding}))}
    before = _rss_mib()
    with HostileServer(routes) as server:
        result = fetch_url(server.url("/bomb"), settings=settings())
    assert result.error.error_class == "TooLarge"
    assert not result.body
    assert _rss_mib() - before < 200  # 1 GiB decoded if nothing stopped it


def test_a_good_gzipped_page_is_decoded():
    routes = {"/g": raw(response(gzip.compress(page(0)), headers={"Content-Encoding": "gzip"}))}
    with HostileServer(routes) as server:
        result = fetch_url(server.url("/g"), settings=settings())
    assert result.ok and result.body == page(0)


def test_a_gzipped_sitemap_bomb_is_capped(bomb, monkeypatch):
    from warta.acquire.discover import parse_sitemap

    monkeypatch.setenv("WARTA_MAX_SITEMAP_BYTES", str(5 * 1024 * 1024))
    reset_settings()
    before = _rss_mib()
    assert parse_sitemap(zlib.decompress(bomb, 31)) == ([], [])
    assert _rss_mib() - before < 200
    with pytest.raises(DecodedTooLarge):
        decode_bytes(bomb, ["gzip", "gzip"], 1 << 20)


# ---------------------------------------------------------------- 6. over-long keys


def test_an_8kb_url_becomes_a_failure_row(prefect_harness, clean_tables, env):
    from db.runs import record_failure
    from flows.ingest import ingest_urls

    with LocalSite({"/a.html": Response(page(0))}) as site:
        long_url = site.url("/" + "x" * 8000)
        summary = ingest_urls([site.url("/a.html"), long_url], run_enrich=False)
    assert summary["loaded"] == 1 and summary["failed"] == 1
    failures = _failures(clean_tables)
    assert failures[long_url].error_class == "InvalidURL"
    # the failures table itself takes any length (its unique key is the URL's md5)
    random_url = "http://x.test/" + "".join(random.choices(string.ascii_letters, k=9000))
    for _ in range(2):
        record_failure(clean_tables, random_url, "fetch", "Test", "twice")
    assert _failures(clean_tables)[random_url].attempts == 2
    record_failure(clean_tables, "http://x.test/a\x00b", "fetch", "Nul\x00", "a \x00 b")
    assert _failures(clean_tables)["http://x.test/a%00b"].message == "a \\0 b"


def test_an_incompressible_5000_character_entity_key_loads(clean_tables):
    from db.articles import load_article
    from warta.document import EntityMention, NLPResult
    from warta.text.records import CleanArticle

    name = "".join(random.choices(string.ascii_letters + string.digits, k=5000))
    article = CleanArticle(
        "http://x.test/long-entity", "t", name, None, [], None, None, None, "id", None
    )
    mention = EntityMention(name, "PER", 0, len(name), 0, canonical=name, key="PER:" + name)
    nlp = NLPResult(language="id", status="ok", entities=[mention])
    load_article(clean_tables, article, nlp=nlp, source_name="x")
    load_article(clean_tables, article, nlp=nlp, source_name="x", force=True)
    with Session(clean_tables) as session:
        keys = list(session.scalars(select(Entity.key)))
    assert keys == ["PER:" + name]


# ---------------------------------------------------------------- 7. SSRF guard


@pytest.mark.parametrize(
    "address",
    ["100.64.0.1", "127.0.0.1", "10.1.2.3", "169.254.169.254", "::ffff:127.0.0.1", "192.0.2.1",
     "0.0.0.0", "::1", "fd00::1", "224.0.0.1"],
)
def test_non_global_addresses_are_refused(address):
    assert not is_public_address(address)
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(BlockedURL):
        check_url_allowed(f"http://{host}/x", Settings(allow_private_hosts=False))


def test_public_addresses_pass_the_guard():
    assert is_public_address("203.0.113.7") is False  # documentation range
    assert is_public_address("8.8.8.8") and is_public_address("2001:4860:4860::8888")


def test_the_address_actually_reached_is_checked():
    """DNS rebinding: whatever a name resolved to before, the connection's peer is checked.
    The guarded backend connects (to our loopback server) and refuses the peer."""
    with HostileServer({}) as server:
        backend = _GuardedBackend(check_peer=True)
        with pytest.raises(BlockedURL, match="non-public"):
            backend.connect_tcp("127.0.0.1", server.port, timeout=2)
        stream = _GuardedBackend(check_peer=False).connect_tcp("127.0.0.1", server.port, 2)
        stream.close()


def test_with_a_proxy_the_target_is_still_checked():
    proxied = Settings(allow_private_hosts=False, http_proxy="http://127.0.0.1:3128")
    with pytest.raises(BlockedURL):
        check_url_allowed("http://10.0.0.5/x", proxied)
    with pytest.raises(BlockedURL):
        check_url_allowed("http://100.64.1.1/x", proxied)


# ---------------------------------------------------------------- 8. silent loss and damage


def test_query_parameters_that_identify_an_article_are_kept():
    assert canonical_url("http://a.test/detail?newsid=3") == "http://a.test/detail?newsid=3"
    assert (
        canonical_url("http://a.test/detail?utm_source=x&newsid=3&fbclid=y&gclid=z")
        == "http://a.test/detail?newsid=3"
    )
    assert canonical_url("http://a.test/d?b=2&a=1") == "http://a.test/d?a=1&b=2"


def test_utf16_pages_and_stray_character_references_load(prefect_harness, clean_tables, env):
    from flows.ingest import ingest_urls

    utf16 = b"\xff\xfe" + page(2).decode("utf-8").encode("utf-16-le")
    refs = page(3).replace(b". ", b". &#0;&#1;&#xFFFF;")
    routes = {
        "/detail?newsid=3": Response(page(0)),
        "/detail?newsid=4": Response(page(1)),
        "/utf16.html": Response(utf16, headers={"Content-Type": "text/html; charset=utf-16"}),
        "/refs.html": Response(refs),
    }
    with LocalSite(routes) as site:
        summary = ingest_urls([site.url(p) for p in routes], run_enrich=False)
    assert summary["loaded"] == 4, summary
    with Session(clean_tables) as session:
        titles = {a.url.rsplit("/", 1)[1]: a.title for a in session.scalars(select(Article))}
    assert titles["utf16.html"] == GOOD[2]["expected"]["title"]
    assert titles["refs.html"] == GOOD[3]["expected"]["title"]
    assert titles["detail?newsid=3"] != titles["detail?newsid=4"]


def test_text_given_to_nlp_is_capped():
    from warta.nlp.enrich import nlp_slice

    text = "kata " * 100_000
    sliced = nlp_slice(text, 1000)
    assert 900 < len(sliced) <= 1000 and text.startswith(sliced)
    assert nlp_slice("pendek", 1000) == "pendek"


MODELS = Path(__file__).resolve().parent.parent / "warta" / "models" / "id" / "id_ner.pt"


@pytest.mark.skipif(not MODELS.exists(), reason="Indonesian models not trained")
def test_a_long_text_is_enriched_from_its_beginning_and_says_so(monkeypatch):
    from warta.nlp.enrich import TRUNCATED, enrich_texts

    monkeypatch.setenv("WARTA_MAX_NLP_CHARS", "2000")
    reset_settings()
    sentence = "Presiden Joko Widodo bertemu Menteri Keuangan Sri Mulyani di Jakarta. "
    started = time.monotonic()
    long, short = enrich_texts([sentence * 15_000, sentence], ["id", "id"])  # about 1 MB
    assert time.monotonic() - started < 120
    assert long.status == TRUNCATED and short.status == "ok"
    assert long.entities and max(e.end for e in long.entities) <= 2000


def test_a_rel_next_chain_stays_within_the_article_budget():
    big = b"<html><body><p>" + b"isi " * (384 * 1024) + b"</p>"  # 1.5 MiB a page
    routes = {
        f"/p{i}": Response(big + f'<a rel="next" href="/p{i + 1}">next</a></body></html>'.encode())
        for i in range(10)
    }
    budget = settings(max_article_bytes=4 * 1024 * 1024, read_timeout=5)
    with LocalSite(routes) as site, PoliteFetcher(budget) as fetcher:
        pages = fetch_article(fetcher, site.url("/p0"))
    assert len(pages) == 2  # a third page would take the article over 4 MiB
    assert sum(len(p.body) for p in pages) <= budget.max_article_bytes


# ---------------------------------------------------------------- 9. secrets


def test_credentials_in_article_urls_are_stripped_everywhere(
    prefect_harness, clean_tables, env, caplog
):
    from flows.ingest import ingest_urls

    with LocalSite({"/a.html": Response(page(4))}) as site:
        good = site.url("/a.html").replace("://", f"://User:{SECRET}@")
        bad = site.url("/missing.html").replace("://", f"://User:{SECRET}@")
        summary = ingest_urls([good, bad], run_enrich=False)
    assert summary["loaded"] == 1 and summary["failed"] == 1
    with clean_tables.connect() as connection:
        stored = connection.execute(
            text(
                "SELECT string_agg(url, ' ') FROM articles UNION ALL "
                "SELECT string_agg(requested_url || final_url, ' ') FROM fetches UNION ALL "
                "SELECT string_agg(url || message, ' ') FROM failures"
            )
        ).scalars()
        everything = " ".join(s or "" for s in stored)
    assert "127.0.0.1" in everything
    assert SECRET not in everything and "User" not in everything
    assert SECRET not in caplog.text


def test_a_password_parameter_of_database_url_is_not_printed_with_verbose():
    env = dict(os.environ)
    env["DATABASE_URL"] = f"postgresql+psycopg://warta@127.0.0.1:1/nowhere?password={SECRET}"
    failed = subprocess.run(
        [sys.executable, "-m", "warta.app.cli", "-v", "db", "current"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert failed.returncode != 0
    assert SECRET not in failed.stdout + failed.stderr


# ---------------------------------------------------------------- 10. small ones


def test_runs_left_running_by_a_dead_process_are_marked_abandoned(clean_tables):
    from db.runs import mark_abandoned_runs, recorded_run

    with clean_tables.begin() as connection:
        dead = connection.execute(
            text(
                "INSERT INTO pipeline_runs (flow_name, status) VALUES ('nightly', 'running')"
                " RETURNING id"
            )
        ).scalar_one()
    with recorded_run(clean_tables, "ingest-urls", {}) as run:
        # this run is alive (it holds its lock): a run starting now leaves it alone
        assert mark_abandoned_runs(clean_tables) == []
        with Session(clean_tables) as session:
            assert session.get(PipelineRun, run.id).status == "running"
            assert session.get(PipelineRun, dead).status == "abandoned"
    with Session(clean_tables) as session:
        assert session.get(PipelineRun, run.id).status == "completed"


def test_a_binary_sources_file_names_the_file(tmp_path):
    from warta.acquire.sources import SourcesFileError, load_sources

    path = tmp_path / "sources.yaml"
    path.write_bytes(bytes(range(128, 256)) * 4)
    with pytest.raises(SourcesFileError, match="sources.yaml: cannot read"):
        load_sources(path)


def test_nightly_with_a_bad_sources_file_prints_one_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    env = dict(os.environ)
    env["DATABASE_URL"] = "postgresql+psycopg://warta@127.0.0.1:1/nowhere"
    done = subprocess.run(
        [sys.executable, "-m", "warta.app.cli", "nightly", "--sources-file", str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1
    assert "Traceback" not in output
    assert output.strip().splitlines() == [output.strip().splitlines()[-1]]
    assert "bad.yaml" in output


def test_an_empty_domain_matches_no_host():
    assert not in_domains("evil.test", [""])
    assert not in_domains("evil.test", ["", " "])
    assert in_domains("news.kompas.com", ["", "kompas.com"])


def test_discovery_failures_keep_their_reason():
    from warta.acquire.discover import discover
    from warta.acquire.sources import SourceConfig

    robots = b"User-agent: *\nDisallow: /feed\n"
    routes = {"/robots.txt": Response(robots, headers={"Content-Type": "text/plain"})}
    with LocalSite(routes) as site, PoliteFetcher(settings()) as fetcher:
        source = SourceConfig(
            name="closed",
            home=site.url("/"),
            feeds=[site.url("/feed")],
            sitemaps=[site.url("/sitemap.xml")],
        )
        found = discover(source, fetcher)
    assert "feed:RobotsDisallowed" in found.reasons()
    assert "sitemap:HTTPStatus:404" in found.reasons()


# ---------------------------------------------------------------- everything at once


def test_good_urls_mixed_with_every_bad_case_all_good_ones_load(
    prefect_harness, clean_tables, env, bomb
):
    from flows.ingest import ingest_urls

    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n"
    hostile_routes = {
        **{
            f"/redirect-{name}": raw(response(b"", "302 Found", {"Location": location}))
            for name, location in BAD_LOCATIONS.items()
        },
        "/trickle": trickle(head, page(0)[:5000], 0.3),
        "/slow-headers": trickle_headers(0.3),
        "/bomb": raw(response(bomb, headers={"Content-Encoding": "gzip, gzip"})),
    }
    busy_routes = {"/busy": raw(response(b"", "429 Too Many", {"Retry-After": "inf"}))}
    good_routes = {
        "/good0.html": Response(page(0)),
        "/good1.html": Response(page(1)),
        "/detail?newsid=3": Response(page(2)),
        "/detail?newsid=4": Response(page(3)),
        "/utf16.html": Response(b"\xff\xfe" + page(5).decode("utf-8").encode("utf-16-le")),
        "/refs.html": Response(page(6).replace(b". ", b". &#0;&#1;")),
        "/secret.html": Response(page(7)),
    }
    with (
        HostileServer(hostile_routes) as hostile,
        HostileServer(busy_routes) as busy,
        LocalSite(good_routes) as good,
    ):
        good_urls = [good.url(p) for p in good_routes]
        good_urls[-1] = good_urls[-1].replace("://", f"://u:{SECRET}@")
        bad_urls = [hostile.url(p) for p in hostile_routes]
        # malformed URLs given directly too (a tab is not: urlsplit drops it, as browsers do)
        direct = [u for name, u in BAD_LOCATIONS.items() if name != "tab"]
        bad_urls += [busy.url("/busy"), good.url("/" + "y" * 8000), *direct]
        urls = [u for pair in zip(good_urls, bad_urls, strict=False) for u in pair]
        urls += bad_urls[len(good_urls) :]
        started = time.monotonic()
        summary = ingest_urls(urls, run_enrich=False)
        took = time.monotonic() - started
    loaded = _article_urls(clean_tables)
    failures = _failures(clean_tables)
    assert summary["loaded"] == len(good_urls), summary
    assert {canonical_url(u) for u in good_urls} == loaded
    assert {canonical_url(u) for u in bad_urls} == set(failures), summary
    assert failures[hostile.url("/trickle")].error_class == "DeadlineExceeded"
    assert failures[hostile.url("/bomb")].error_class == "TooLarge"
    assert failures[busy.url("/busy")].http_status == 429
    with Session(clean_tables) as session:
        run = session.scalars(select(PipelineRun)).one()
        assert run.status == "completed"
        fetched = list(session.scalars(select(Fetch.requested_url)))
    assert all(SECRET not in u for u in fetched)
    assert took < 60

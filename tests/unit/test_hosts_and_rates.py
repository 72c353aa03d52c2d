"""One way to read hosts: canonical URLs, domains, per-source rates that reach subdomains."""

from __future__ import annotations

import pytest

from warta.acquire.polite import PoliteFetcher
from warta.acquire.sources import SourceConfig
from warta.acquire.urls import (
    canonical_url,
    for_host,
    host_of,
    in_domains,
    registrable_domain,
    server_of,
)
from warta.config import Settings


@pytest.mark.parametrize(
    ("url", "host", "domain"),
    [
        ("https://regional.kompas.com/read/2026/11/30/x", "regional.kompas.com", "kompas.com"),
        ("https://WWW.Republika.co.id/berita/x", "republika.co.id", "republika.co.id"),
        ("https://news.detik.com/berita/d-1", "news.detik.com", "detik.com"),
        ("http://127.0.0.1:8765/a.html", "127.0.0.1", "127.0.0.1"),
    ],
)
def test_host_and_registrable_domain(url: str, host: str, domain: str) -> None:
    assert host_of(url) == host
    assert registrable_domain(url) == domain


def test_server_keeps_the_port_and_drops_credentials() -> None:
    assert server_of("http://user:pw@Example.com:8080/x") == "example.com:8080"
    assert server_of("https://kompas.com/a") == "kompas.com"


def test_domains_include_subdomains_but_not_lookalikes() -> None:
    assert in_domains("regional.kompas.com", ["kompas.com"])
    assert in_domains("www.kompas.com", ["kompas.com"])
    assert not in_domains("notkompas.com", ["kompas.com"])
    assert not in_domains("anything.example", [""])  # an empty domain matches nothing


def test_lookup_walks_up_to_the_nearest_parent_domain() -> None:
    rates = {"kompas.com": 0.5, "bola.kompas.com": 2.0}
    assert for_host("regional.kompas.com", rates) == 0.5
    assert for_host("live.bola.kompas.com:443", rates) == 2.0
    assert for_host("tempo.co", rates) is None


def test_a_sources_rate_reaches_its_subdomains() -> None:
    with PoliteFetcher(Settings(host_rate=1.0), host_rates={"kompas.com": 0.5}) as fetcher:
        assert fetcher.rate_for("regional.kompas.com") == 0.5
        assert fetcher.rate_for("www.kompas.com") == 0.5
        assert fetcher.rate_for("kompas.com:443") == 0.5
        assert fetcher.rate_for("tempo.co") == 1.0  # the default


def test_source_owns_its_domains_and_their_subdomains() -> None:
    source = SourceConfig(name="kompas", home="https://www.kompas.com/", domains=["kompas.id"])
    assert source.all_domains == ["kompas.com", "kompas.id"]
    assert source.owns("https://regional.kompas.com/read/1")
    assert source.owns("https://www.kompas.id/baca/1")
    assert not source.owns("https://kompasiana.com/x")


def test_canonical_url_drops_tracking_and_fragment() -> None:
    url = "https://WWW.Kompas.com:443/read/2026/1/x?utm_source=feed&id=3#top"
    assert canonical_url(url) == "https://www.kompas.com/read/2026/1/x?id=3"

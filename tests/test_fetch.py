"""Fetch over real HTTP on loopback; faults come from a local server, not mocks."""

from __future__ import annotations

import pytest

from warta.acquire.fetch import BlockedURL, check_url_allowed, fetch_url
from warta.app.site import LocalSite, Response
from warta.config import Settings

PAGE = b"<html><body><p>Halo</p></body></html>"


@pytest.fixture()
def site():
    routes = {
        "/ok": Response(
            PAGE, headers={"ETag": '"v1"', "Last-Modified": "Tue, 24 Nov 2026 10:00:00 GMT"}
        ),
        "/moved": Response(b"", 301, {"Location": "/ok"}),
        "/loop": Response(b"", 302, {"Location": "/loop"}),
        "/busy": Response(b"busy", 503, {"Retry-After": "2"}),
        "/slow": Response(PAGE, delay_s=2.0),
        "/big": Response(b"x" * 5000),
    }
    with LocalSite(routes) as running:
        yield running


def settings(**overrides) -> Settings:
    return Settings(allow_private_hosts=True, read_timeout=0.5, max_redirects=3, **overrides)


def test_ok_page_keeps_status_headers_and_body(site):
    result = fetch_url(site.url("/ok"), settings=settings())
    assert result.ok and result.status == 200
    assert result.body == PAGE
    assert result.headers["etag"] == '"v1"'
    assert result.redirects == []


def test_user_agent_is_honest(site):
    fetch_url(site.url("/ok"), settings=settings())
    _, _, headers = site.requests[-1]
    assert headers["User-Agent"].startswith("warta/")


def test_redirects_are_followed_and_recorded(site):
    result = fetch_url(site.url("/moved"), settings=settings())
    assert result.ok and result.final_url == site.url("/ok")
    assert result.redirects == [site.url("/ok")]


def test_redirect_loop_is_a_failure_value(site):
    result = fetch_url(site.url("/loop"), settings=settings())
    assert result.error.error_class == "TooManyRedirects"
    assert len(result.redirects) == 4


def test_not_found_is_not_retryable(site):
    result = fetch_url(site.url("/missing"), settings=settings())
    assert result.status == 404
    assert result.error.http_status == 404 and not result.error.retryable


def test_503_is_retryable_with_retry_after(site):
    result = fetch_url(site.url("/busy"), settings=settings())
    assert result.error.retryable and result.error.retry_after == 2.0


def test_timeout_is_a_retryable_failure(site):
    result = fetch_url(site.url("/slow"), settings=settings())
    assert result.error.error_class == "ReadTimeout" and result.error.retryable


def test_body_over_the_cap_is_refused(site):
    result = fetch_url(site.url("/big"), settings=settings(max_body_bytes=1000))
    assert result.error.error_class == "TooLarge"


def test_conditional_get_gives_304(site):
    result = fetch_url(site.url("/ok"), settings=settings(), etag='"v1"')
    assert result.ok and result.not_modified


def test_loopback_and_other_schemes_are_refused_by_default():
    with pytest.raises(BlockedURL, match="non-public"):
        check_url_allowed("http://127.0.0.1:1/x", Settings(allow_private_hosts=False))
    with pytest.raises(BlockedURL, match="only http"):
        check_url_allowed("file:///etc/passwd", Settings(allow_private_hosts=True))
    result = fetch_url("http://10.0.0.1/x", settings=Settings(allow_private_hosts=False))
    assert result.error.error_class == "BlockedURL"

"""Articles over several pages are fetched whole and joined once."""

from __future__ import annotations

import pytest
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Article
from warta.acquire.multipage import join_pages, next_page_url, with_query
from warta.app.site import LocalSite, Response
from warta.config import reset_settings
from warta.text.clean import CleanArticle

PARAGRAPHS = [
    f"Paragraf ke-{i} dari laporan panjang tentang banjir di Semarang, Jawa Tengah,"
    " yang merendam ratusan rumah warga sejak Senin malam menurut petugas setempat."
    for i in range(1, 13)
]


def _page(paragraphs: list[str], next_href: str | None = None) -> bytes:
    link = f'<link rel="next" href="{next_href}">' if next_href else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>Banjir Semarang</title>{link}"
        '<meta property="article:published_time" content="2026-11-20T08:00:00+07:00">'
        f"</head><body><article><h1>Banjir Semarang</h1>{body}</article></body></html>"
    ).encode()


@pytest.fixture()
def paged_site(tmp_path, monkeypatch):
    base = "http://www.halaman-news.id/berita/2026/11/20/banjir-semarang"
    kompas = "http://www.kompas-like.id/read/2026/11/20/banjir-semarang"
    routes = {
        base: Response(_page(PARAGRAPHS[:4], base + "/2")),
        base + "/2": Response(_page(PARAGRAPHS[:1] + PARAGRAPHS[4:8], base + "/3")),
        base + "/3": Response(_page(PARAGRAPHS[8:])),
        kompas: Response(_page(PARAGRAPHS[:4])),
        kompas + "?page=all": Response(_page(PARAGRAPHS)),
    }
    sources = {
        "sources": [
            {"name": "halaman", "home": "http://www.halaman-news.id/"},
            {
                "name": "kompaslike",
                "home": "http://www.kompas-like.id/",
                "whole_article_query": "page=all",
            },
        ]
    }
    sources_file = tmp_path / "sources.yaml"
    sources_file.write_text(yaml.safe_dump(sources), encoding="utf-8")
    with LocalSite(routes) as site:
        monkeypatch.setenv("WARTA_HTTP_PROXY", site.base_url)
        reset_settings()
        yield site, sources_file, base, kompas
    reset_settings()


def test_pages_announced_with_rel_next_are_joined_once(prefect_harness, clean_tables, paged_site):
    from flows.backfill import backfill

    site, sources_file, base, kompas = paged_site
    backfill(urls=[base, kompas], sources_file=str(sources_file))
    with Session(clean_tables) as session:
        articles = {a.url: a for a in session.scalars(select(Article))}
    assert set(articles) == {base, kompas}  # page variants are not articles of their own
    for url in (base, kompas):
        text = articles[url].text
        assert [p for p in PARAGRAPHS if p in text] == PARAGRAPHS, url
        assert text.count(PARAGRAPHS[0]) == 1  # the lead repeated on page 2 appears once
    assert [p for _, p, _ in site.requests if p.startswith(kompas)] == [kompas + "?page=all"]


def test_next_page_url_stays_on_the_host_and_skips_seen_pages():
    page = b'<html><head><link rel="next" href="/a/2"></head><body></body></html>'
    assert next_page_url(page, "http://x.id/a") == "http://x.id/a/2"
    assert next_page_url(page, "http://x.id/a", seen={"http://x.id/a/2"}) is None
    elsewhere = b'<html><head><link rel="next" href="http://ads.example/2"></head></html>'
    assert next_page_url(elsewhere, "http://x.id/a") is None


def test_with_query_adds_or_replaces_keys():
    assert with_query("http://x.id/a?page=2", "page=all") == "http://x.id/a?page=all"
    assert with_query("http://x.id/a", "single=1") == "http://x.id/a?single=1"
    assert with_query("http://x.id/a", None) == "http://x.id/a"


def test_join_pages_keeps_order_and_drops_repeated_lines():
    def article(text: str) -> CleanArticle:
        return CleanArticle(None, "T", text, None, [], None, None, None, "id", None)

    joined = join_pages([article("a\nb"), article("a\nc"), article("d")])
    assert joined.text == "a\nb\nc\nd"


def test_a_joined_article_keeps_the_quality_and_method_of_its_worst_page():
    def page(text: str, method: str | None, quality: float | None) -> CleanArticle:
        return CleanArticle(
            None, "T", text, None, [], None, None, None, "id", None,
            extraction_method=method, extraction_quality=quality,
        )

    joined = join_pages(
        [page("a", "trafilatura-fast", 0.97), page("b", "paragraphs", 0.62),
         page("c", "jsonld", 0.62), page("d", None, None)]
    )
    assert (joined.extraction_method, joined.extraction_quality) == ("paragraphs", 0.62)
    assert joined.text == "a\nb\nc\nd"
    # page 1 the worst: its own; no page judged (plain text pages): nothing invented
    worst_first = join_pages([page("a", "selector", 0.5), page("b", "trafilatura", 0.9)])
    assert (worst_first.extraction_method, worst_first.extraction_quality) == ("selector", 0.5)
    unjudged = join_pages([page("a", None, None), page("b", None, None)])
    assert (unjudged.extraction_method, unjudged.extraction_quality) == (None, None)

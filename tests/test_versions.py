"""Duplicates and versions: edits keep history, syndicated copies share a cluster."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.load import load_article
from db.models import Article, ArticleVersion
from tests.conftest import PAGES, ground_truth_articles
from warta.dedup import hamming, simhash64
from warta.pipeline import process_html

ARTICLES = {e["fixture"]: e for e in ground_truth_articles()}


def _article(fixture: str, url: str | None = None, edit=None):
    html = (PAGES / fixture).read_bytes()
    if edit:
        html = edit(html)
    return process_html(html, url or ARTICLES[fixture]["expected"]["url"])


def test_an_edited_page_is_one_article_with_two_versions(clean_tables):
    engine = clean_tables
    fixture = "antara/antara-singlepage2.html"
    assert load_article(engine, _article(fixture)).outcome == "inserted"
    edited = _article(fixture, edit=lambda h: h.replace(b"Polda Lampung", b"Polda Lampung Selatan"))
    assert load_article(engine, edited).outcome == "updated"
    assert load_article(engine, edited).outcome == "unchanged"
    with Session(engine) as session:
        article = session.scalars(select(Article)).one()
        versions = session.scalars(select(ArticleVersion).order_by(ArticleVersion.version)).all()
    assert article.version == 2 and "Polda Lampung Selatan" in article.text
    assert [v.version for v in versions] == [1, 2]
    assert "Polda Lampung Selatan" not in versions[0].text
    assert versions[1].content_hash == article.content_hash


def test_the_same_wire_story_on_two_sites_lands_in_one_cluster(clean_tables):
    engine = clean_tables
    fixture = "antara/antara-singlepage.html"
    original = _article(fixture)

    def syndicate(html: bytes) -> bytes:  # another outlet: its own dateline, an extra line
        return html.replace(b"Mataram, NTB (ANTARA News) -", b"MATARAM, SITUSLAIN.com -").replace(
            b"Sebanyak 29 penerbangan", b"Sebanyak 29 jadwal penerbangan"
        )

    copy = _article(fixture, "https://situslain.example.id/read/2015/11/05/lombok", syndicate)
    assert copy.content_hash != original.content_hash
    assert hamming(simhash64(copy.text), simhash64(original.text)) <= 13
    unrelated = _article("kompas/kompas-singlepage4.html")
    first = load_article(engine, original).article_id
    second = load_article(engine, copy).article_id
    third = load_article(engine, unrelated).article_id
    with Session(engine) as session:
        clusters = {i: c for i, c in session.execute(select(Article.id, Article.cluster_id))}
    assert clusters[first] == first
    assert clusters[second] == first
    assert clusters[third] == third


def test_exact_duplicates_share_a_content_hash_and_a_cluster(clean_tables):
    engine = clean_tables
    fixture = "tempo/tempo-singlepage.html"
    first = load_article(engine, _article(fixture)).article_id
    second = load_article(
        engine, _article(fixture, "https://mirror.example.id/2015/11/05/x")
    ).article_id
    with Session(engine) as session:
        rows = session.execute(
            select(Article.content_hash, Article.cluster_id).where(Article.id.in_([first, second]))
        ).all()
    assert rows[0] == rows[1] and rows[0][1] == first

"""Duplicates and versions: edits keep history, syndicated copies share a cluster."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from db.articles import load_article
from db.models import (
    Article,
    ArticleEntity,
    ArticleVersion,
    Entity,
    EntityMention,
    Quote,
    Source,
)
from db.state import record_refusal, refused_pages
from tests.conftest import PAGES, ground_truth_articles
from warta.text.dedup import WINDOW_DAYS, hamming, simhash64
from warta.text.process import process_html

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


def test_a_copy_published_outside_the_window_starts_its_own_cluster(clean_tables):
    engine = clean_tables
    fixture = "tempo/tempo-singlepage.html"
    original = _article(fixture)
    late = _article(fixture, "https://mirror.example.id/2015/11/20/x")
    late.published = original.published + timedelta(days=WINDOW_DAYS + 1)
    first = load_article(engine, original).article_id
    second = load_article(engine, late).article_id
    with Session(engine) as session:
        clusters = {i: c for i, c in session.execute(select(Article.id, Article.cluster_id))}
    assert clusters == {first: first, second: second}


def test_the_near_duplicate_lookup_reads_an_index_range_not_the_table(clean_tables):
    """Loading cost must not grow with the table: the time window is an index condition."""
    engine = clean_tables
    load_article(engine, _article("tempo/tempo-singlepage.html"))
    with engine.begin() as connection:
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(
            connection.execute(
                text(
                    "EXPLAIN SELECT b.id FROM articles AS b WHERE b.simhash IS NOT NULL"
                    " AND coalesce(b.published_at, b.first_seen_at)"
                    " BETWEEN now() - interval '3 days' AND now() + interval '3 days'"
                )
            ).scalars()
        )
    assert "ix_articles_cluster_window" in plan


def test_articles_keep_their_source_after_the_sources_table_is_emptied(clean_tables):
    """The loader remembers which sources exist; a truncated table must not fool it."""
    engine = clean_tables
    load_article(engine, _article("tempo/tempo-singlepage.html"), source_name="tempo")
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE articles, sources CASCADE"))
    load_article(engine, _article("tempo/tempo-singlepage.html"), source_name="tempo")
    with Session(engine) as session:
        names = (
            session.execute(select(Source.name).join(Article, Article.source_id == Source.id))
            .scalars()
            .all()
        )
    assert names == ["tempo"]


def test_reprocessing_replaces_entities_and_quotes_instead_of_adding_to_them(clean_tables):
    """force=True (reprocess) rewrites the enrichment rows in place; entities stay unique."""
    from warta.nlp.enrich import enrich_texts

    engine = clean_tables
    article = _article("republika/republika-singlepage.html")
    (nlp,) = enrich_texts([article.text], [article.language], workers=1)
    assert nlp.status == "ok" and nlp.entities and nlp.quotes

    def counts() -> dict[str, int]:
        with Session(engine) as session:
            return {
                model.__tablename__: session.scalar(select(func.count()).select_from(model))
                for model in (Entity, EntityMention, ArticleEntity, Quote)
            }

    assert load_article(engine, article, nlp=nlp).outcome == "inserted"
    first = counts()
    assert load_article(engine, article, nlp=nlp, force=True).outcome == "updated"
    assert counts() == first
    assert first["quotes"] == len(nlp.quotes)
    assert first["entities"] == len({m.key for m in nlp.entities})
    with engine.connect() as connection:
        mentions = connection.execute(
            text("SELECT sum(mention_count) FROM article_entities")
        ).scalar_one()
        linked = connection.execute(
            text(
                "SELECT count(*) FROM quotes q JOIN entities e ON e.id = q.speaker_entity_id"
                " WHERE q.speaker_entity_id IS NOT NULL"
            )
        ).scalar_one()
    assert mentions == len(nlp.entities)
    assert linked == sum(1 for q in nlp.quotes if q.speaker_key in {m.key for m in nlp.entities})


def test_an_unchanged_article_still_ends_the_refusal_of_its_address(clean_tables):
    engine = clean_tables
    article = _article("antara/antara-singlepage2.html")
    assert load_article(engine, article).outcome == "inserted"
    record_refusal(engine, article.url, "not an article: a teaser list")  # one bad night
    assert set(refused_pages(engine, [article.url])) == {article.url}
    assert load_article(engine, article).outcome == "unchanged"
    assert refused_pages(engine, [article.url]) == {}

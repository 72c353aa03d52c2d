"""Load stage: one transaction per article, idempotent upserts on natural keys.

- articles: canonical URL; a row changes only when its content hash changes.
- fetches: canonical URL; raw HTML (zlib) replaced only when the body changed.
- entities, mentions, counts and quotes: ``db.enrichment``, in the same transaction.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    Engine,
    LargeBinary,
    Text,
    bindparam,
    case,
    func,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.orm import Session

from db.enrichment import CLEAR_ENRICHMENT, store_enrichment
from db.models import Article, Source
from warta.acquire.fetch import FetchResult
from warta.document import NLPResult
from warta.text.dedup import MAX_HAMMING_DISTANCE, WINDOW_DAYS, simhash64
from warta.text.records import CleanArticle


@dataclass(frozen=True)
class LoadResult:
    article_id: int
    outcome: str  # "inserted", "updated", "unchanged"


def ensure_source(session: Session, name: str, **fields: Any) -> int:
    statement = (
        insert(Source)
        .values(name=name, **fields)
        .on_conflict_do_update(index_elements=[Source.name], set_={"name": name})
        .returning(Source.id)
    )
    return session.execute(statement).scalar_one()


# Source names known to exist, per database: articles look their source id up inside the
# upsert, so only a name's first article in a process pays the round trip that creates it.
_known_sources: dict[str, set[str]] = {}


def _article_values(article: CleanArticle, source_name: str | None, nlp: NLPResult | None) -> dict:
    source_id = (
        select(Source.id).where(Source.name == source_name).scalar_subquery()
        if source_name
        else None
    )
    return {
        "url": article.url,
        "source_id": source_id,
        "title": article.title,
        "authors": article.authors,
        "published_at": article.published,
        "modified_at": article.modified,
        "date_source": article.date_source,
        "language": article.language,
        "sitename": article.sitename,
        "dateline": article.dateline,
        "text": article.text,
        "content_hash": article.content_hash,
        "word_count": article.word_count,
        "image_url": article.image,
        "categories": article.categories,
        "tags": article.tags,
        "status": "loaded" if article.text else "no_text",
        "nlp_status": nlp.status if nlp else "pending",
        "nlp_model_version": nlp.model_version if nlp else None,
        "simhash": simhash64(article.text) if article.text else None,
        "extraction_method": article.extraction_method,
        "extraction_quality": article.extraction_quality,
    }


# After the article row is written, one round trip: its version row, the raw HTML of its
# fetch (when there is one, and only when the body changed), its near-duplicate cluster (the
# nearest earlier article of the same language within a few days: an index range on the
# publication time, then Hamming distances), the end of its failure rows, and the end of its
# refusal (a URL once refused as not an article that now reads as one: no longer skipped).
_AFTER_UPSERT = text(
    """
    WITH new_version AS (
        INSERT INTO article_versions (article_id, version, content_hash, title, text,
                                      word_count, published_at, modified_at)
        SELECT id, version, content_hash, title, text, word_count, published_at, modified_at
        FROM articles WHERE id = :id
        ON CONFLICT (article_id, version) DO NOTHING
    ), raw_html AS (
        INSERT INTO fetches (url, requested_url, final_url, redirects, article_id, http_status,
                             content_type, etag, last_modified, body_sha256, body_bytes,
                             html_zlib)
        SELECT :url, :requested_url, :final_url, :redirects, :id, :http_status, :content_type,
               :etag, :last_modified, :body_sha256, :body_bytes, :html_zlib
        WHERE :has_fetch
        ON CONFLICT (url) DO UPDATE SET
            requested_url = excluded.requested_url, final_url = excluded.final_url,
            redirects = excluded.redirects, article_id = excluded.article_id,
            http_status = excluded.http_status, content_type = excluded.content_type,
            etag = excluded.etag, last_modified = excluded.last_modified,
            body_sha256 = excluded.body_sha256, body_bytes = excluded.body_bytes,
            html_zlib = excluded.html_zlib, fetched_at = now()
        WHERE fetches.body_sha256 IS DISTINCT FROM excluded.body_sha256
    ), resolved AS (
        -- a URL that loads is no longer a failure
        UPDATE failures SET resolved_at = now()
        WHERE url_hash IN (SELECT md5(u) FROM unnest(:page_urls) AS u)
          AND resolved_at IS NULL
    ), no_longer_refused AS (
        DELETE FROM refused_pages WHERE url_hash IN (SELECT md5(u) FROM unnest(:page_urls) AS u)
    )
    UPDATE articles AS a SET cluster_id = coalesce((
        SELECT coalesce(b.cluster_id, b.id) FROM articles AS b
        WHERE b.id < a.id AND b.simhash IS NOT NULL
          AND b.language IS NOT DISTINCT FROM a.language
          AND coalesce(b.published_at, b.first_seen_at)
              BETWEEN coalesce(a.published_at, a.first_seen_at) - make_interval(days => :days)
                  AND coalesce(a.published_at, a.first_seen_at) + make_interval(days => :days)
          AND bit_count((a.simhash # b.simhash)::bit(64)) <= :distance
        ORDER BY bit_count((a.simhash # b.simhash)::bit(64)), b.id
        LIMIT 1), a.id)
    WHERE a.id = :id AND a.simhash IS NOT NULL
    """
).bindparams(
    bindparam("redirects", type_=ARRAY(Text)),
    bindparam("page_urls", type_=ARRAY(Text)),
    bindparam("html_zlib", type_=LargeBinary),
    bindparam("has_fetch", type_=Boolean),
)


def _page_urls(url: str, fetched: FetchResult | None) -> list[str]:
    """The addresses a loaded article was known by: failures and refusals are keyed by the
    URL asked for, the article by its canonical URL."""
    return sorted({url, *((fetched.url, fetched.final_url) if fetched else ())})


# An article whose content did not change still ends its refusal (a page refused while its
# article row stayed, e.g. a section page served at an article's address for a night); the
# same round trip finds the article's id.
_UNCHANGED_ID = text(
    """
    WITH no_longer_refused AS (
        DELETE FROM refused_pages WHERE url_hash IN (SELECT md5(u) FROM unnest(:page_urls) AS u)
    )
    SELECT id FROM articles WHERE url = :url
    """
).bindparams(bindparam("page_urls", type_=ARRAY(Text)))


def _after_upsert_params(article_id: int, url: str, fetched: FetchResult | None) -> dict[str, Any]:
    body = fetched.body if fetched is not None else b""
    return {
        "id": article_id,
        "url": url,
        "has_fetch": bool(body),
        "requested_url": fetched.url if fetched else url,
        "final_url": fetched.final_url if fetched else url,
        "redirects": fetched.redirects if fetched else [],
        "http_status": (fetched.status or 0) if fetched else 0,
        "content_type": fetched.headers.get("content-type") if fetched else None,
        "etag": fetched.headers.get("etag") if fetched else None,
        "last_modified": fetched.headers.get("last-modified") if fetched else None,
        "body_sha256": hashlib.sha256(body).hexdigest(),
        "body_bytes": len(body),
        "html_zlib": zlib.compress(body, 6) if body else b"",
        "page_urls": _page_urls(url, fetched),
        "days": WINDOW_DAYS,
        "distance": MAX_HAMMING_DISTANCE,
    }


def load_article(
    engine: Engine,
    article: CleanArticle,
    *,
    fetched: FetchResult | None = None,
    nlp: NLPResult | None = None,
    source_name: str | None = None,
    force: bool = False,
) -> LoadResult:
    """Upsert one article (and its raw HTML and enrichment) in a single transaction.

    Unchanged content (same hash) writes nothing, unless ``force`` (reprocessing with a new
    model) asks to replace the enrichment.  A new article takes four round trips (article,
    version/fetch/cluster, entities, mentions/quotes) and the commit.
    """
    if not article.url:
        raise ValueError("an article needs its canonical URL to be loaded")
    known = _known_sources.setdefault(engine.url.render_as_string(), set())
    new_source = source_name is not None and source_name not in known
    with Session(engine) as session, session.begin():
        if new_source:
            ensure_source(session, source_name)
        values = _article_values(article, source_name, nlp)
        statement = insert(Article).values(**values)
        update_set = {k: statement.excluded[k] for k in values if k != "url"}
        update_set["updated_at"] = func.now()
        content_changed = Article.content_hash.is_distinct_from(statement.excluded.content_hash)
        # a new version only when the content changed (not when reprocessing the same text)
        update_set["version"] = Article.version + case((content_changed, 1), else_=0)
        condition = content_changed
        if force:
            condition = None
        row = session.execute(
            statement.on_conflict_do_update(
                index_elements=[Article.url], set_=update_set, where=condition
            ).returning(Article.id, Article.first_seen_at, Article.updated_at, Article.source_id)
        ).first()
        if row is None:  # conflict and the WHERE said "same content": nothing to do
            article_id = session.execute(
                _UNCHANGED_ID, {"url": article.url, "page_urls": _page_urls(article.url, fetched)}
            ).scalar_one()
            result = LoadResult(article_id, "unchanged")
        else:
            article_id, first_seen, updated, source_id = row
            outcome = "inserted" if first_seen == updated else "updated"
            if source_name is not None and source_id is None:
                # the source row went away since this process saw it (a truncated table)
                new_source = True
                session.execute(
                    update(Article)
                    .where(Article.id == article_id)
                    .values(source_id=ensure_source(session, source_name))
                )
            session.execute(_AFTER_UPSERT, _after_upsert_params(article_id, article.url, fetched))
            if nlp is not None:
                if outcome != "inserted":
                    session.execute(CLEAR_ENRICHMENT, {"id": article_id})
                store_enrichment(session, article_id, nlp)
            result = LoadResult(article_id, outcome)
    if new_source:  # committed: later articles of this source skip the round trip
        known.add(source_name)
    return result



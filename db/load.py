"""Load stage: one transaction per article, idempotent upserts on natural keys.

- articles: canonical URL; a row changes only when its content hash changes.
- fetches: canonical URL; raw HTML (zlib) replaced only when the body changed.
- entities: normalized key; mentions, counts and quotes are replaced with the article's text.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, case, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from db.models import (
    Article,
    ArticleEntity,
    Entity,
    EntityMention,
    Failure,
    Fetch,
    PipelineRun,
    Source,
)
from db.models import Quote as QuoteRow
from warta.clean import CleanArticle
from warta.dedup import MAX_HAMMING_DISTANCE, WINDOW_DAYS, simhash64
from warta.document import NLPResult
from warta.fetch import FetchResult


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


def _article_values(article: CleanArticle, source_id: int | None, nlp: NLPResult | None) -> dict:
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
    }


def _assign_cluster(session: Session, article_id: int) -> None:
    """Join the nearest earlier near-duplicate's cluster (same language, a few days apart)."""
    session.execute(
        text(
            """
            UPDATE articles AS a SET cluster_id = coalesce((
                SELECT coalesce(b.cluster_id, b.id) FROM articles AS b
                WHERE b.id < a.id AND b.simhash IS NOT NULL
                  AND b.language IS NOT DISTINCT FROM a.language
                  AND abs(extract(epoch FROM coalesce(b.published_at, b.first_seen_at)
                                         - coalesce(a.published_at, a.first_seen_at)))
                      <= :days * 86400
                  AND bit_count((a.simhash # b.simhash)::bit(64)) <= :distance
                ORDER BY bit_count((a.simhash # b.simhash)::bit(64)), b.id
                LIMIT 1), a.id)
            WHERE a.id = :id AND a.simhash IS NOT NULL
            """
        ),
        {"id": article_id, "days": WINDOW_DAYS, "distance": MAX_HAMMING_DISTANCE},
    )


def _record_version(session: Session, article_id: int) -> None:
    session.execute(
        text(
            """
            INSERT INTO article_versions (article_id, version, content_hash, title, text,
                                          word_count, published_at, modified_at)
            SELECT id, version, content_hash, title, text, word_count, published_at, modified_at
            FROM articles WHERE id = :id
            ON CONFLICT (article_id, version) DO NOTHING
            """
        ),
        {"id": article_id},
    )


def _store_fetch(session: Session, url: str, fetched: FetchResult, article_id: int) -> None:
    body_sha = hashlib.sha256(fetched.body).hexdigest()
    values = {
        "url": url,
        "requested_url": fetched.url,
        "final_url": fetched.final_url,
        "redirects": fetched.redirects,
        "article_id": article_id,
        "http_status": fetched.status or 0,
        "content_type": fetched.headers.get("content-type"),
        "etag": fetched.headers.get("etag"),
        "last_modified": fetched.headers.get("last-modified"),
        "body_sha256": body_sha,
        "body_bytes": len(fetched.body),
        "html_zlib": zlib.compress(fetched.body, 6),
    }
    statement = insert(Fetch).values(**values)
    changed = {k: statement.excluded[k] for k in values if k != "url"}
    changed["fetched_at"] = func.now()
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[Fetch.url],
            set_=changed,
            where=Fetch.body_sha256.is_distinct_from(statement.excluded.body_sha256),
        )
    )


def _store_enrichment(session: Session, article_id: int, nlp: NLPResult) -> None:
    """Replace the article's mentions, counts and quotes with those of its current text."""
    session.execute(delete(EntityMention).where(EntityMention.article_id == article_id))
    session.execute(delete(ArticleEntity).where(ArticleEntity.article_id == article_id))
    session.execute(delete(QuoteRow).where(QuoteRow.article_id == article_id))
    entity_ids: dict[str, int] = {}
    wanted = {m.key: m for m in nlp.entities if m.key}
    for quote in nlp.quotes:
        if quote.speaker_key and quote.speaker_key not in wanted:
            wanted[quote.speaker_key] = None  # type: ignore[assignment]
    if wanted:
        rows = [
            {"key": key, "canonical_name": m.canonical or m.text, "type": m.type}
            for key, m in sorted(wanted.items())
            if m is not None
        ]
        if rows:
            # sorted keys: concurrent loaders take row locks in the same order (no deadlocks)
            session.execute(
                insert(Entity).values(rows).on_conflict_do_nothing(index_elements=["key"])
            )
        found = session.execute(select(Entity.key, Entity.id).where(Entity.key.in_(list(wanted))))
        entity_ids = {key: entity_id for key, entity_id in found}
    mentions = [
        {
            "article_id": article_id,
            "entity_id": entity_ids[m.key],
            "text": m.text,
            "start_char": m.start,
            "end_char": m.end,
            "sentence_index": m.sentence_index,
        }
        for m in nlp.entities
        if m.key in entity_ids
    ]
    if mentions:
        session.execute(insert(EntityMention).values(mentions).on_conflict_do_nothing())
        counts = Counter(row["entity_id"] for row in mentions)
        first = {}
        for row in mentions:
            first.setdefault(row["entity_id"], row["start_char"])
        session.execute(
            insert(ArticleEntity).values(
                [
                    {
                        "article_id": article_id,
                        "entity_id": entity_id,
                        "mention_count": count,
                        "first_start_char": first[entity_id],
                    }
                    for entity_id, count in sorted(counts.items())
                ]
            )
        )
    quotes = [
        {
            "article_id": article_id,
            "text": q.text,
            "kind": q.kind,
            "speaker_text": q.speaker,
            "speaker_entity_id": entity_ids.get(q.speaker_key) if q.speaker_key else None,
            "cue": q.cue,
            "start_char": q.start,
            "end_char": q.end,
            "sentence_index": q.sentence_index,
            "confidence": q.confidence,
        }
        for q in nlp.quotes
    ]
    if quotes:
        session.execute(insert(QuoteRow).values(quotes).on_conflict_do_nothing())


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
    model) asks to replace the enrichment.
    """
    if not article.url:
        raise ValueError("an article needs its canonical URL to be loaded")
    with Session(engine) as session, session.begin():
        source_id = ensure_source(session, source_name) if source_name else None
        values = _article_values(article, source_id, nlp)
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
            ).returning(Article.id, Article.first_seen_at, Article.updated_at)
        ).first()
        if row is None:  # conflict and the WHERE said "same content": nothing to do
            article_id = session.execute(
                select(Article.id).where(Article.url == article.url)
            ).scalar_one()
            return LoadResult(article_id, "unchanged")
        article_id, first_seen, updated = row
        outcome = "inserted" if first_seen == updated else "updated"
        _record_version(session, article_id)
        _assign_cluster(session, article_id)
        if fetched is not None and fetched.body:
            _store_fetch(session, article.url, fetched, article_id)
        if nlp is not None:
            _store_enrichment(session, article_id, nlp)
        # a URL that loads is no longer a failure
        session.execute(
            update(Failure)
            .where(Failure.url.in_({article.url, fetched.url if fetched else article.url}))
            .where(Failure.resolved_at.is_(None))
            .values(resolved_at=func.now())
        )
        return LoadResult(article_id, outcome)


def record_failure(
    engine: Engine,
    url: str,
    stage: str,
    error_class: str,
    message: str,
    http_status: int | None = None,
    *,
    max_attempts: int = 5,
) -> None:
    """Insert or bump the failure row of (url, stage); give up after ``max_attempts``."""
    with Session(engine) as session, session.begin():
        statement = insert(Failure).values(
            url=url,
            stage=stage,
            error_class=error_class,
            message=message[:2000],
            http_status=http_status,
        )
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[Failure.url, Failure.stage],
                set_={
                    "error_class": statement.excluded.error_class,
                    "message": statement.excluded.message,
                    "http_status": statement.excluded.http_status,
                    "attempts": Failure.attempts + 1,
                    "last_seen_at": func.now(),
                    "resolved_at": None,
                    "given_up": Failure.attempts + 1 >= max_attempts,
                },
            )
        )


def start_run(engine: Engine, flow_name: str, parameters: dict, flow_run_id: str | None) -> int:
    with Session(engine) as session, session.begin():
        run = PipelineRun(
            flow_name=flow_name,
            flow_run_id=flow_run_id,
            parameters=parameters,
            counts={},
            status="running",
        )
        session.add(run)
        session.flush()
        return run.id


def finish_run(
    engine: Engine, run_id: int, counts: dict, status: str, error: str | None = None
) -> None:
    with Session(engine) as session, session.begin():
        run = session.get(PipelineRun, run_id)
        assert run is not None
        now = datetime.now(UTC)
        run.counts = counts
        run.status = status
        run.error = error
        run.finished_at = now
        run.duration_s = (now - run.started_at).total_seconds()

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
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, insert
from sqlalchemy.orm import Session

from db.models import (
    Article,
    Entity,
    Failure,
    PipelineRun,
    Source,
)
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
    }


# After the article row is written, one round trip: its version row, the raw HTML of its
# fetch (when there is one, and only when the body changed), its near-duplicate cluster (the
# nearest earlier article of the same language within a few days: an index range on the
# publication time, then Hamming distances) and the end of its failure rows.
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
        WHERE url = ANY(:failure_urls) AND resolved_at IS NULL
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
    bindparam("failure_urls", type_=ARRAY(Text)),
    bindparam("html_zlib", type_=LargeBinary),
    bindparam("has_fetch", type_=Boolean),
)


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
        "failure_urls": sorted({url, fetched.url if fetched else url}),
        "days": WINDOW_DAYS,
        "distance": MAX_HAMMING_DISTANCE,
    }


_CLEAR_ENRICHMENT = text(
    """
    WITH mentions AS (DELETE FROM entity_mentions WHERE article_id = :id),
         counts AS (DELETE FROM article_entities WHERE article_id = :id)
    DELETE FROM quotes WHERE article_id = :id
    """
)

# Entities are shared by all articles: insert the new ones (sorted keys, so concurrent
# loaders lock rows in the same order), and read every wanted key's id in the same statement
# (the inserted ones from RETURNING, the others from the table).
_ENTITY_IDS = text(
    """
    WITH wanted AS (
        SELECT * FROM jsonb_to_recordset(:rows) AS r(key text, canonical_name text, type text)
    ), inserted AS (
        INSERT INTO entities (key, canonical_name, type)
        SELECT key, canonical_name, type FROM wanted
        WHERE canonical_name IS NOT NULL ORDER BY key
        ON CONFLICT (key) DO NOTHING
        RETURNING key, id
    )
    SELECT key, id FROM inserted
    UNION ALL
    SELECT e.key, e.id FROM entities AS e JOIN wanted USING (key)
    """
).bindparams(bindparam("rows", type_=JSONB))

# Mentions, per-article counts and quotes of one article in one round trip.
_ENRICHMENT_ROWS = text(
    """
    WITH mentions AS (
        INSERT INTO entity_mentions (article_id, entity_id, text, start_char, end_char,
                                     sentence_index)
        SELECT :id, entity_id, text, start_char, end_char, sentence_index
        FROM jsonb_to_recordset(:mentions) AS r(entity_id bigint, text text, start_char int,
                                                 end_char int, sentence_index int)
        ON CONFLICT DO NOTHING
    ), counts AS (
        INSERT INTO article_entities (article_id, entity_id, mention_count, first_start_char)
        SELECT :id, entity_id, mention_count, first_start_char
        FROM jsonb_to_recordset(:counts) AS r(entity_id bigint, mention_count int,
                                               first_start_char int)
    )
    INSERT INTO quotes (article_id, text, kind, speaker_text, speaker_entity_id, cue,
                        start_char, end_char, sentence_index, confidence)
    SELECT :id, text, kind, speaker_text, speaker_entity_id, cue, start_char, end_char,
           sentence_index, confidence
    FROM jsonb_to_recordset(:quotes) AS r(text text, kind text, speaker_text text,
                                          speaker_entity_id bigint, cue text, start_char int,
                                          end_char int, sentence_index int,
                                          confidence double precision)
    ON CONFLICT DO NOTHING
    """
).bindparams(
    bindparam("mentions", type_=JSONB),
    bindparam("counts", type_=JSONB),
    bindparam("quotes", type_=JSONB),
)


def _entity_ids(session: Session, nlp: NLPResult) -> dict[str, int]:
    wanted: dict[str, dict[str, str | None]] = {}
    for m in nlp.entities:
        if m.key and m.key not in wanted:
            wanted[m.key] = {"key": m.key, "canonical_name": m.canonical or m.text, "type": m.type}
    for quote in nlp.quotes:  # a speaker with no mention of their own: looked up, not added
        if quote.speaker_key and quote.speaker_key not in wanted:
            wanted[quote.speaker_key] = {"key": quote.speaker_key, "canonical_name": None}
    if not wanted:
        return {}
    rows = [wanted[key] for key in sorted(wanted)]
    ids: dict[str, int] = {key: id_ for key, id_ in session.execute(_ENTITY_IDS, {"rows": rows})}
    missing = [key for key, row in wanted.items() if row["canonical_name"] and key not in ids]
    if missing:
        # inserted by a concurrent loader after this statement's snapshot: read them now
        found = session.execute(select(Entity.key, Entity.id).where(Entity.key.in_(missing)))
        ids.update({key: id_ for key, id_ in found})
    return ids


def _store_enrichment(session: Session, article_id: int, nlp: NLPResult) -> None:
    """Write the article's mentions, counts and quotes (the old ones are already gone)."""
    entity_ids = _entity_ids(session, nlp)
    mentions = [
        {
            "entity_id": entity_ids[m.key],
            "text": m.text,
            "start_char": m.start,
            "end_char": m.end,
            "sentence_index": m.sentence_index,
        }
        for m in nlp.entities
        if m.key in entity_ids
    ]
    counts = Counter(row["entity_id"] for row in mentions)
    first: dict[int, int] = {}
    for row in mentions:
        first.setdefault(row["entity_id"], row["start_char"])
    quotes = [
        {
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
    if not mentions and not quotes:
        return
    session.execute(
        _ENRICHMENT_ROWS,
        {
            "id": article_id,
            "mentions": mentions,
            "counts": [
                {"entity_id": e, "mention_count": n, "first_start_char": first[e]}
                for e, n in sorted(counts.items())
            ],
            "quotes": quotes,
        },
    )


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
                select(Article.id).where(Article.url == article.url)
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
                    session.execute(_CLEAR_ENRICHMENT, {"id": article_id})
                _store_enrichment(session, article_id, nlp)
            result = LoadResult(article_id, outcome)
    if new_source:  # committed: later articles of this source skip the round trip
        known.add(source_name)
    return result


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

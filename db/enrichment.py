"""Enrichment rows of one article: entities (shared, by normalized key), mentions, counts, quotes.

Called inside the article's transaction by ``db.articles.load_article``.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from sqlalchemy import bindparam, select, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from db.models import Entity
from warta.document import NLPResult

# Loaders hold this advisory lock shared while they write an article's entities; the entity
# consolidation (db.consolidation) holds it exclusively while it merges rows.
ENTITY_LOCK = 0x656E7469  # "enti"
_SHARE_ENTITY_LOCK = text("SELECT pg_advisory_xact_lock_shared(:k)")

CLEAR_ENRICHMENT = text(
    """
    WITH mentions AS (DELETE FROM entity_mentions WHERE article_id = :id),
         counts AS (DELETE FROM article_entities WHERE article_id = :id)
    DELETE FROM quotes WHERE article_id = :id
    """
)

# Entities are shared by all articles: insert the new ones (sorted keys, so concurrent
# loaders lock rows in the same order), and read every wanted key's id in the same statement
# (the inserted ones from RETURNING, the others from the table).  Keys are unique through
# their md5 (``key_hash``): a key of any length fits.
_ENTITY_IDS = text(
    """
    WITH wanted AS (
        SELECT * FROM jsonb_to_recordset(:rows) AS r(key text, canonical_name text, type text)
    ), inserted AS (
        INSERT INTO entities (key, canonical_name, type)
        SELECT key, canonical_name, type FROM wanted
        WHERE canonical_name IS NOT NULL ORDER BY key
        ON CONFLICT (key_hash) DO NOTHING
        RETURNING key, id
    )
    SELECT key, id FROM inserted
    UNION ALL
    SELECT e.key, e.id FROM entities AS e JOIN wanted ON e.key_hash = md5(wanted.key)
    """
).bindparams(bindparam("rows", type_=JSONB))

# Mentions, per-article counts and quotes of one article in one round trip.
_ENRICHMENT_ROWS = text(
    """
    WITH mentions AS (
        INSERT INTO entity_mentions (article_id, entity_id, text, type, start_char, end_char,
                                     sentence_index)
        SELECT :id, entity_id, text, type, start_char, end_char, sentence_index
        FROM jsonb_to_recordset(:mentions) AS r(entity_id bigint, text text, type text,
                                                 start_char int, end_char int,
                                                 sentence_index int)
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
        hashes = [hashlib.md5(k.encode(), usedforsecurity=False).hexdigest() for k in missing]
        found = session.execute(select(Entity.key, Entity.id).where(Entity.key_hash.in_(hashes)))
        ids.update({key: id_ for key, id_ in found})
    return ids


def store_enrichment(session: Session, article_id: int, nlp: NLPResult) -> None:
    """Write the article's mentions, counts and quotes (the old ones are already gone)."""
    if not nlp.entities and not nlp.quotes:
        return
    session.execute(_SHARE_ENTITY_LOCK, {"k": ENTITY_LOCK})
    entity_ids = _entity_ids(session, nlp)
    mentions = [
        {
            "entity_id": entity_ids[m.key],
            "text": m.text,
            "type": m.type,
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

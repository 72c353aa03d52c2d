"""``warta entities consolidate``: one entity row per name, typed and spelled by all articles.

The vote and the spelling are decided in ``warta.nlp.consolidation``; this module reads the
evidence and applies the decisions in one transaction: mentions, per-article counts and quote
speakers of the merged rows move to the surviving row, the merged rows go, and the survivor
takes the winning type, its key and the canonical spelling.  Running it again changes
nothing.  Loaders hold a shared advisory lock while they write an article's entities
(``db.enrichment``), this holds it exclusively: a merged row never disappears under a loader.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, bindparam, text
from sqlalchemy.dialects.postgresql import JSONB

from db.enrichment import ENTITY_LOCK
from warta.nlp.consolidation import Decision, Vote, decide, name_of, spelling

# Every name held by more than one row (one per type), with its mentions' votes.
_VOTES = text(
    """
    WITH named AS (
        SELECT id, type, substr(key, strpos(key, ':') + 1) AS name FROM entities
    ), contested AS (
        SELECT name FROM named GROUP BY name HAVING count(*) > 1
    )
    SELECT n.name, n.id, n.type, coalesce(m.type, n.type), count(m.id),
           count(DISTINCT m.article_id)
    FROM named AS n JOIN contested USING (name)
    LEFT JOIN entity_mentions AS m ON m.entity_id = n.id
    GROUP BY n.name, n.id, n.type, m.type
    """
)

# How the mentions of these rows are written, and of rows whose name is in capitals (taken
# from a headline or a dateline) where some article writes it in mixed case.
_WRITTEN = text(
    """
    SELECT e.id, m.text, count(*)
    FROM entities AS e JOIN entity_mentions AS m ON m.entity_id = e.id
    WHERE e.id = ANY(:ids)
       OR (e.canonical_name = upper(e.canonical_name)
           AND e.canonical_name <> lower(e.canonical_name)
           AND length(e.canonical_name) > 4 AND m.text <> upper(m.text))
    GROUP BY e.id, m.text
    """
)
_ROWS = text("SELECT id, key, canonical_name FROM entities WHERE id = ANY(:ids)")

_MERGES = "jsonb_to_recordset(:merges) AS r(merged bigint, survivor bigint)"

_MOVE_MENTIONS = text(
    f"""
    UPDATE entity_mentions AS m SET entity_id = r.survivor FROM {_MERGES}
    WHERE m.entity_id = r.merged
    """
).bindparams(bindparam("merges", type_=JSONB))

# An article that mentions two merged rows gets one count row: the sum, the first offset.
_MOVE_COUNTS = text(
    f"""
    WITH moved AS (
        DELETE FROM article_entities AS a USING {_MERGES} WHERE a.entity_id = r.merged
        RETURNING a.article_id, r.survivor, a.mention_count, a.first_start_char
    )
    INSERT INTO article_entities (article_id, entity_id, mention_count, first_start_char)
    SELECT article_id, survivor, sum(mention_count), min(first_start_char)
    FROM moved GROUP BY article_id, survivor
    ON CONFLICT (article_id, entity_id) DO UPDATE
    SET mention_count = article_entities.mention_count + excluded.mention_count,
        first_start_char = least(article_entities.first_start_char, excluded.first_start_char)
    """
).bindparams(bindparam("merges", type_=JSONB))

_MOVE_SPEAKERS = text(
    f"""
    UPDATE quotes AS q SET speaker_entity_id = r.survivor FROM {_MERGES}
    WHERE q.speaker_entity_id = r.merged
    """
).bindparams(bindparam("merges", type_=JSONB))

_DROP_MERGED = text(f"DELETE FROM entities AS e USING {_MERGES} WHERE e.id = r.merged").bindparams(
    bindparam("merges", type_=JSONB)
)

_UPDATE_SURVIVORS = text(
    """
    UPDATE entities AS e SET key = r.key, type = r.type, canonical_name = r.canonical_name
    FROM jsonb_to_recordset(:rows) AS r(id bigint, key text, type text, canonical_name text)
    WHERE e.id = r.id
      AND (e.key, e.type, e.canonical_name) IS DISTINCT FROM (r.key, r.type, r.canonical_name)
    """
).bindparams(bindparam("rows", type_=JSONB))


@dataclass
class ConsolidationCounts:
    names: int = 0  # names whose rows were merged
    rows_merged: int = 0  # entity rows merged into another and removed
    mentions_moved: int = 0
    speakers_moved: int = 0
    rows_updated: int = 0  # surviving rows whose type, key or spelling changed

    def summary(self) -> str:
        return (
            f"{self.names} names merged ({self.rows_merged} rows), {self.mentions_moved}"
            f" mentions and {self.speakers_moved} quote speakers moved,"
            f" {self.rows_updated} entities retyped or respelled"
        )


def _decisions(connection: Connection) -> dict[str, Decision]:
    votes: dict[str, list[Vote]] = {}
    for name, id_, entity_type, mention_type, mentions, articles in connection.execute(_VOTES):
        votes.setdefault(name, []).append(Vote(id_, entity_type, mention_type, mentions, articles))
    return {name: decide(name_votes) for name, name_votes in votes.items()}


def _survivor_rows(connection: Connection, decisions: dict[str, Decision]) -> list[dict]:
    """The key, type and spelling of every row that is kept and may change."""
    survivor_of = {id_: d.survivor for d in decisions.values() for id_ in (d.survivor, *d.merged)}
    written: dict[int, Counter[str]] = {}
    for id_, mention_text, n in connection.execute(_WRITTEN, {"ids": list(survivor_of)}):
        written.setdefault(survivor_of.get(id_, id_), Counter())[mention_text] += n
    type_of = {d.survivor: d.type for d in decisions.values()}
    rows = []
    kept = sorted({*type_of, *written})
    for id_, key, canonical in connection.execute(_ROWS, {"ids": kept}):
        typ = type_of.get(id_, key.partition(":")[0])
        name = name_of(key)
        rows.append(
            {
                "id": id_,
                "key": f"{typ}:{name}",
                "type": typ,
                "canonical_name": spelling(name, written.get(id_, Counter()), canonical),
            }
        )
    return rows


def consolidate_entities(engine: Engine) -> ConsolidationCounts:
    """Merge the rows of each name into one, typed by the majority of its mentions."""
    counts = ConsolidationCounts()
    with engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ENTITY_LOCK})
        decisions = _decisions(connection)
        merges = [
            {"merged": merged, "survivor": d.survivor}
            for d in decisions.values()
            for merged in d.merged
        ]
        rows = _survivor_rows(connection, decisions)
        if merges:
            counts.names = sum(1 for d in decisions.values() if d.merged)
            counts.rows_merged = len(merges)
            counts.mentions_moved = connection.execute(_MOVE_MENTIONS, {"merges": merges}).rowcount
            connection.execute(_MOVE_COUNTS, {"merges": merges})
            counts.speakers_moved = connection.execute(_MOVE_SPEAKERS, {"merges": merges}).rowcount
            connection.execute(_DROP_MERGED, {"merges": merges})
        if rows:
            counts.rows_updated = connection.execute(_UPDATE_SURVIVORS, {"rows": rows}).rowcount
    return counts

"""report views: volume, entity mentions, speakers, quoted-about, data quality, failures

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 22:00:00

The view definitions live here, frozen, so this revision keeps meaning what it meant when later
revisions change a view; db/reporting.py refreshes them, docs/schema.md documents them.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DAY = "(coalesce(a.published_at, a.first_seen_at) AT TIME ZONE 'Asia/Jakarta')::date"

STATEMENTS = [
    f"""CREATE MATERIALIZED VIEW report_daily_volume AS
        SELECT {DAY} AS day, s.id AS source_id, coalesce(s.name, '(none)') AS source,
               coalesce(a.language, 'und') AS language,
               count(*) AS articles, sum(a.word_count) AS words
        FROM articles a LEFT JOIN sources s ON s.id = a.source_id
        GROUP BY 1, 2, 3, 4""",
    "CREATE UNIQUE INDEX report_daily_volume_key ON report_daily_volume (day, source, language)",
    f"""CREATE MATERIALIZED VIEW report_entity_mentions_daily AS
        SELECT {DAY} AS day, e.id AS entity_id, e.canonical_name AS entity, e.type,
               count(DISTINCT ae.article_id) AS articles, sum(ae.mention_count) AS mentions
        FROM article_entities ae
        JOIN articles a ON a.id = ae.article_id
        JOIN entities e ON e.id = ae.entity_id
        GROUP BY 1, 2, 3, 4""",
    "CREATE UNIQUE INDEX report_entity_mentions_daily_key"
    " ON report_entity_mentions_daily (day, entity_id)",
    "CREATE INDEX report_entity_mentions_daily_entity_id_day"
    " ON report_entity_mentions_daily (entity_id, day)",
    "CREATE INDEX report_entity_mentions_daily_type_day"
    " ON report_entity_mentions_daily (type, day)",
    f"""CREATE MATERIALIZED VIEW report_speakers_daily AS
        SELECT {DAY} AS day,
               coalesce(q.speaker_entity_id, 0) AS speaker_entity_key,
               q.speaker_entity_id,
               coalesce(e.canonical_name, lower(q.speaker_text), '(unknown)') AS speaker,
               count(*) AS quotes,
               count(*) FILTER (WHERE q.kind = 'direct') AS direct_quotes,
               count(*) FILTER (WHERE q.kind = 'indirect') AS indirect_quotes,
               count(DISTINCT q.article_id) AS articles
        FROM quotes q
        JOIN articles a ON a.id = q.article_id
        LEFT JOIN entities e ON e.id = q.speaker_entity_id
        GROUP BY 1, 2, 3, 4""",
    "CREATE UNIQUE INDEX report_speakers_daily_key"
    " ON report_speakers_daily (day, speaker_entity_key, speaker)",
    "CREATE INDEX report_speakers_daily_speaker_entity_id_day"
    " ON report_speakers_daily (speaker_entity_id, day)",
    f"""CREATE MATERIALIZED VIEW report_quoted_about AS
        SELECT {DAY} AS day, q.speaker_entity_id, sp.canonical_name AS speaker,
               m.entity_id AS about_entity_id, ab.canonical_name AS about_entity,
               ab.type AS about_type, count(DISTINCT q.id) AS quotes
        FROM quotes q
        JOIN articles a ON a.id = q.article_id
        JOIN entities sp ON sp.id = q.speaker_entity_id
        JOIN entity_mentions m ON m.article_id = q.article_id
             AND m.start_char >= q.start_char AND m.end_char <= q.end_char
             AND m.entity_id <> q.speaker_entity_id
        JOIN entities ab ON ab.id = m.entity_id
        GROUP BY 1, 2, 3, 4, 5, 6""",
    "CREATE UNIQUE INDEX report_quoted_about_key"
    " ON report_quoted_about (day, speaker_entity_id, about_entity_id)",
    "CREATE INDEX report_quoted_about_about_entity_id_day"
    " ON report_quoted_about (about_entity_id, day)",
    """CREATE MATERIALIZED VIEW report_data_quality_daily AS
        SELECT (a.first_seen_at AT TIME ZONE 'Asia/Jakarta')::date AS day,
               coalesce(s.name, '(none)') AS source,
               count(*) AS articles,
               round(avg((a.published_at IS NOT NULL)::int), 3) AS share_with_date,
               round(avg((cardinality(a.authors) > 0)::int), 3) AS share_with_author,
               round(avg((a.word_count > 200)::int), 3) AS share_over_200_words,
               round(avg((EXISTS (SELECT 1 FROM article_entities ae
                                  WHERE ae.article_id = a.id))::int), 3) AS share_with_entities,
               round(avg((EXISTS (SELECT 1 FROM quotes q
                                  WHERE q.article_id = a.id))::int), 3) AS share_with_quotes
        FROM articles a LEFT JOIN sources s ON s.id = a.source_id
        GROUP BY 1, 2""",
    "CREATE UNIQUE INDEX report_data_quality_daily_key ON report_data_quality_daily (day, source)",
    """CREATE VIEW report_failures_daily AS
        SELECT (f.last_seen_at AT TIME ZONE 'Asia/Jakarta')::date AS day, f.stage,
               f.error_class, f.http_status, count(*) AS urls,
               count(*) FILTER (WHERE f.given_up) AS given_up,
               count(*) FILTER (WHERE f.resolved_at IS NULL) AS unresolved
        FROM failures f
        GROUP BY 1, 2, 3, 4""",
]

VIEW_NAMES = [
    ("report_failures_daily", "VIEW"),
    ("report_data_quality_daily", "MATERIALIZED VIEW"),
    ("report_quoted_about", "MATERIALIZED VIEW"),
    ("report_speakers_daily", "MATERIALIZED VIEW"),
    ("report_entity_mentions_daily", "MATERIALIZED VIEW"),
    ("report_daily_volume", "MATERIALIZED VIEW"),
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for name, kind in VIEW_NAMES:
        op.execute(f"DROP {kind} IF EXISTS {name}")

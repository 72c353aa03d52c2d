"""Report queries at a million articles: EXPLAIN ANALYZE timings without and with indexes.

    .venv/bin/python benchmarks/reporting_scale.py [--articles 1000000]

Creates a scratch database on the DATABASE_URL server (or the embedded one), migrates it,
fills it with synthetic rows shaped like warta's (per article: 3 entity mentions, 0.5 quotes,
11 sources, 50,000 entities, 90 days), refreshes the report views, then times each report
query (EXPLAIN ANALYZE, best of 3) first without the secondary indexes of the tables and views,
then with them.  The scratch database is dropped at the end.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch import scratch_database  # noqa: E402

from db.reporting import refresh_views  # noqa: E402

console = Console()

FILL = [
    "INSERT INTO sources (name) SELECT 'source-' || g FROM generate_series(1, 11) g",
    r"""INSERT INTO entities (key, canonical_name, type)
       SELECT (ARRAY['PER','ORG','LOC'])[1 + g % 3] || '\:entity ' || g, 'Entity ' || g,
              (ARRAY['PER','ORG','LOC'])[1 + g % 3]
       FROM generate_series(1, 50000) g""",
    """INSERT INTO articles (url, source_id, title, published_at, language, text, content_hash,
                             word_count, authors, first_seen_at)
       SELECT 'https://news.example/' || g, 1 + g % 11, 'Title ' || g,
              now() - (g % 90) * interval '1 day' - (g % 1440) * interval '1 minute',
              CASE WHEN g % 10 = 0 THEN 'en' ELSE 'id' END, 'text', md5(g::text),
              150 + g % 400, CASE WHEN g % 4 = 0 THEN '{}'::text[] ELSE ARRAY['Reporter'] END,
              now() - (g % 90) * interval '1 day'
       FROM generate_series(1, :n) g""",
    # a skewed popularity: a few entities are in many articles, as in real news
    """INSERT INTO entity_mentions (article_id, entity_id, text, type, start_char, end_char,
                                    sentence_index)
       SELECT a.id, 1 + floor(power(random(), 3) * 49999)::int, 'x', 'PER', k * 10,
              k * 10 + 5, k
       FROM articles a, generate_series(0, 2) k""",
    """INSERT INTO article_entities (article_id, entity_id, mention_count, first_start_char)
       SELECT article_id, entity_id, count(*), min(start_char) FROM entity_mentions
       GROUP BY article_id, entity_id""",
    """INSERT INTO quotes (article_id, text, kind, speaker_text, speaker_entity_id, cue,
                           start_char, end_char, sentence_index, confidence)
       SELECT a.id, 'quote', CASE WHEN a.id % 3 = 0 THEN 'indirect' ELSE 'direct' END,
              'speaker', CASE WHEN a.id % 5 = 0 THEN NULL
                              ELSE 1 + 3 * floor(power(random(), 3) * 16666)::int END,
              'kata', 0, 40, 0, 0.9
       FROM articles a WHERE a.id % 2 = 0""",
    "ANALYZE",
]

QUERIES = {
    "volume per source, 7 days": (
        "SELECT source, sum(articles), sum(words) FROM report_daily_volume"
        " WHERE day >= current_date - 7 GROUP BY source"
    ),
    "top entities, 7 days": (
        "SELECT entity, type, sum(mentions) FROM report_entity_mentions_daily"
        " WHERE day >= current_date - 7 GROUP BY entity_id, entity, type"
        " ORDER BY 3 DESC LIMIT 10"
    ),
    "one entity's trend, 90 days": (
        "SELECT day, sum(mentions) FROM report_entity_mentions_daily"
        " WHERE entity_id = 3 GROUP BY day ORDER BY day"
    ),
    "top speakers, 7 days": (
        "SELECT speaker, sum(quotes) FROM report_speakers_daily"
        " WHERE day >= current_date - 7 GROUP BY speaker_entity_key, speaker"
        " ORDER BY 2 DESC LIMIT 10"
    ),
    "quoted about entity 3": (
        "SELECT speaker, sum(quotes) FROM report_quoted_about"
        " WHERE about_entity_id = 3 GROUP BY speaker ORDER BY 2 DESC LIMIT 10"
    ),
    "data quality, 7 days": (
        "SELECT source, sum(articles) FROM report_data_quality_daily"
        " WHERE day >= current_date - 7 GROUP BY source"
    ),
    "outlets that covered entity 3 first": (
        "SELECT a.source_id, min(a.published_at) FROM article_entities ae"
        " JOIN articles a ON a.id = ae.article_id WHERE ae.entity_id = 3"
        " GROUP BY a.source_id ORDER BY 2"
    ),
    "an article's quotes": "SELECT * FROM quotes WHERE article_id = 500000",
}

# secondary indexes the queries can use (dropped for the "without" column, then recreated)
INDEXES = {
    "ix_article_entities_entity_id": "article_entities (entity_id)",
    "report_entity_mentions_daily_entity_id_day": "report_entity_mentions_daily (entity_id, day)",
    "report_quoted_about_about_entity_id_day": "report_quoted_about (about_entity_id, day)",
    "report_speakers_daily_speaker_entity_id_day": "report_speakers_daily (speaker_entity_id, day)",
}


def explain_ms(connection, sql: str) -> float:
    best = float("inf")
    for _ in range(3):
        plan = "\n".join(r[0] for r in connection.execute(text("EXPLAIN ANALYZE " + sql)))
        best = min(best, float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1)))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    args = parser.parse_args()
    with scratch_database("warta_scale") as url:
        engine = create_engine(url)
        started = time.perf_counter()
        with engine.begin() as connection:
            for statement in FILL:
                connection.execute(text(statement), {"n": args.articles})
        fill_s = time.perf_counter() - started
        started = time.perf_counter()
        refresh_views(engine)
        refresh_s = time.perf_counter() - started
        console.print(
            f"{args.articles:,} articles generated in {fill_s:.0f} s; "
            f"report views refreshed (concurrently) in {refresh_s:.1f} s"
        )
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for index in INDEXES:
                connection.execute(text(f"DROP INDEX IF EXISTS {index}"))
            connection.execute(text("ANALYZE"))
            without = {label: explain_ms(connection, sql) for label, sql in QUERIES.items()}
            for index, target in INDEXES.items():
                connection.execute(text(f"CREATE INDEX {index} ON {target}"))
            connection.execute(text("ANALYZE"))
            with_indexes = {label: explain_ms(connection, sql) for label, sql in QUERIES.items()}
        table = Table(title=f"report queries at {args.articles:,} articles (EXPLAIN ANALYZE, ms)")
        for column in ("query", "without indexes", "with indexes", "speed-up"):
            table.add_column(column)
        for label in QUERIES:
            ratio = without[label] / with_indexes[label] if with_indexes[label] else 0
            table.add_row(
                label, f"{without[label]:.1f}", f"{with_indexes[label]:.1f}", f"{ratio:.1f}x"
            )
        console.print(table)
        engine.dispose()


if __name__ == "__main__":
    main()

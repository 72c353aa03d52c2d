"""The SQL reporting layer: the report views created by the Alembic revisions
(migrations/versions/0003_report_views.py; documented in docs/schema.md), their refresh, and
the queries ``warta report`` renders.

Views count days in Asia/Jakarta, the newsroom's day.  The heavy ones are materialized, each
with a unique index so that it can be refreshed concurrently: readers are never blocked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, Engine, func, select, text
from sqlalchemy.orm import Session

from db.models import Article, ArticleEntity, Quote, Source
from warta.config import newsroom_zone
from warta.text.quality import PASSING

MATERIALIZED_VIEWS = (
    "report_daily_volume",
    "report_entity_mentions_daily",
    "report_speakers_daily",
    "report_quoted_about",
    "report_data_quality_daily",
)
PLAIN_VIEWS = ("report_failures_daily",)


def refresh_views(engine: Engine) -> list[str]:
    """Refresh every materialized report view concurrently (at the end of each run)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for name in MATERIALIZED_VIEWS:
            connection.execute(text(f"REFRESH MATERIALIZED VIEW CONCURRENTLY {name}"))
    return list(MATERIALIZED_VIEWS)


# An article's day in every section of the report: its publication day, or the day warta
# first saw it when it has no date -- the same expression as the views of revision 0003.
ARTICLE_DAY = "(coalesce(a.published_at, a.first_seen_at) AT TIME ZONE 'Asia/Jakarta')::date"


@dataclass
class ReportData:
    """Every section over the same period (``since``..``until``, publication days) and, per
    source, the same articles: volume and data quality come from one query."""

    since: date
    until: date
    volume: list[tuple[str, int, int]] = field(default_factory=list)  # source, articles, words
    top_entities: list[tuple[str, str, int, int]] = field(default_factory=list)
    entity_trends: dict[str, list[tuple[date, int]]] = field(default_factory=dict)
    top_speakers: list[tuple[str, int, int, int]] = field(default_factory=list)
    # source, articles, then shares with date, author, over 200 words, entities, quotes and
    # a body that passed the extraction check
    quality: list[tuple] = field(default_factory=list)
    # the articles whose body failed the extraction check even after the other readers:
    # (source, title, method, quality, url), the lowest first
    low_quality: list[tuple[str, str, str, float, str]] = field(default_factory=list)
    failures: list[tuple[str, str, int]] = field(default_factory=list)  # by day of last attempt
    latest_day: date | None = None  # the newest article's day, in or out of the period

    @property
    def days(self) -> list[date]:
        count = (self.until - self.since).days + 1
        return [self.since + timedelta(days=i) for i in range(max(count, 1))]

    @property
    def articles(self) -> int:
        return sum(articles for _, articles, _ in self.volume)


def _rows(connection: Connection, sql: str, window: dict) -> list[tuple]:
    return [tuple(row) for row in connection.execute(text(sql), window)]


def _per_source(connection: Connection, window: dict) -> list[tuple]:
    """(source, articles, words, shares...) of the articles whose day is in the window."""
    return _rows(
        connection,
        (
            "SELECT coalesce(s.name, '(none)') AS source, count(*)::int,"
            " coalesce(sum(a.word_count), 0)::int,"
            " round(avg((a.published_at IS NOT NULL)::int), 2),"
            " round(avg((cardinality(a.authors) > 0)::int), 2),"
            " round(avg((a.word_count > 200)::int), 2),"
            " round(avg((EXISTS (SELECT 1 FROM article_entities ae"
            "                    WHERE ae.article_id = a.id))::int), 2),"
            " round(avg((EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = a.id))::int), 2),"
            # rows loaded before migration 0006 have no quality: left out of the share
            " round(avg((a.extraction_quality >= :passing)::int), 2)"
            " FROM articles a LEFT JOIN sources s ON s.id = a.source_id"
            f" WHERE {ARTICLE_DAY} BETWEEN :since AND :until"
            " GROUP BY 1 ORDER BY 1"
        ),
        window,
    )


def _low_quality(connection: Connection, window: dict) -> list[tuple]:
    """(source, title, method, quality, url) of the window's articles that failed the check."""
    return _rows(
        connection,
        (
            "SELECT coalesce(s.name, '(none)'), coalesce(a.title, ''),"
            " coalesce(a.extraction_method, ''), a.extraction_quality, a.url"
            " FROM articles a LEFT JOIN sources s ON s.id = a.source_id"
            f" WHERE {ARTICLE_DAY} BETWEEN :since AND :until"
            " AND a.extraction_quality < :passing"
            " ORDER BY a.extraction_quality, a.url LIMIT :top"
        ),
        window,
    )


def _entity_trends(
    connection: Connection, window: dict, top: list[tuple[int, str, str]]
) -> dict[str, list[tuple[date, int]]]:
    """Mentions per day of these (entity_id, name, type); a name shared by two types is
    shown with its type, so that no two lines have one legend entry."""
    names = [name for _, name, _ in top]
    labels = {
        entity_id: f"{name} ({kind})" if names.count(name) > 1 else name
        for entity_id, name, kind in top
    }
    trends: dict[str, list[tuple[date, int]]] = {label: [] for label in labels.values()}
    if not labels:
        return trends
    rows = connection.execute(
        text(
            "SELECT entity_id, day, sum(mentions)::int FROM report_entity_mentions_daily"
            " WHERE day BETWEEN :since AND :until AND entity_id = ANY(:ids)"
            " GROUP BY entity_id, day ORDER BY day"
        ),
        {**window, "ids": list(labels)},
    )
    for entity_id, day, mentions in rows:
        trends[labels[entity_id]].append((day, mentions))
    return trends


def collect(engine: Engine, since: date, until: date | None = None, top: int = 10) -> ReportData:
    until = until or datetime.now(newsroom_zone()).date()
    data = ReportData(since, until)
    window = {"since": since, "until": until, "top": top, "passing": PASSING}
    with engine.connect() as connection:
        per_source = _per_source(connection, window)
        data.volume = sorted(
            ((source, articles, words) for source, articles, words, *_ in per_source),
            key=lambda row: (-row[1], row[0]),
        )
        data.quality = [(source, articles, *shares) for source, articles, _, *shares in per_source]
        entities = connection.execute(
            text(
                "SELECT entity_id, entity, type, sum(mentions)::int, sum(articles)::int"
                " FROM report_entity_mentions_daily WHERE day BETWEEN :since AND :until"
                " GROUP BY entity_id, entity, type ORDER BY 4 DESC, 2, 3 LIMIT :top"
            ),
            window,
        ).all()
        data.top_entities = [(name, kind, m, n) for _, name, kind, m, n in entities]
        data.entity_trends = _entity_trends(
            connection,
            window,
            [(entity_id, name, kind) for entity_id, name, kind, *_ in entities[:5]],
        )
        data.top_speakers = [
            tuple(r)
            for r in connection.execute(
                text(
                    "SELECT speaker, sum(quotes)::int, sum(direct_quotes)::int, sum(articles)::int"
                    " FROM report_speakers_daily WHERE day BETWEEN :since AND :until"
                    " GROUP BY speaker_entity_key, speaker ORDER BY 2 DESC, 1 LIMIT :top"
                ),
                window,
            )
        ]
        data.failures = [
            tuple(r)
            for r in connection.execute(
                text(
                    "SELECT stage, error_class || coalesce(' ' || http_status, ''), sum(urls)::int"
                    " FROM report_failures_daily WHERE day BETWEEN :since AND :until"
                    " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2"
                ),
                window,
            )
        ]
        data.low_quality = _low_quality(connection, window)
        data.latest_day = connection.execute(
            text("SELECT max(day) FROM report_daily_volume")
        ).scalar()
    return data


def article_overview(engine: Engine, urls: list[str]) -> list[tuple]:
    """(source, title, published_at, words, language, entities, quotes) of these articles."""
    with Session(engine) as session:
        entity_counts = (
            select(ArticleEntity.article_id, func.count().label("n"))
            .group_by(ArticleEntity.article_id)
            .subquery()
        )
        quote_counts = (
            select(Quote.article_id, func.count().label("n")).group_by(Quote.article_id).subquery()
        )
        rows = session.execute(
            select(
                Source.name,
                Article.title,
                Article.published_at,
                Article.word_count,
                Article.language,
                func.coalesce(entity_counts.c.n, 0),
                func.coalesce(quote_counts.c.n, 0),
            )
            .outerjoin(Source, Source.id == Article.source_id)
            .outerjoin(entity_counts, entity_counts.c.article_id == Article.id)
            .outerjoin(quote_counts, quote_counts.c.article_id == Article.id)
            .where(Article.url.in_(urls))
            .order_by(Source.name, Article.published_at)
        ).all()
    return [tuple(row) for row in rows]

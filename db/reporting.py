"""The SQL reporting layer: the report views created by the Alembic revisions
(migrations/versions/0003_report_views.py; documented in docs/schema.md), their refresh, and
the queries ``warta report`` renders.

Views count days in Asia/Jakarta, the newsroom's day.  The heavy ones are materialized, each
with a unique index so that it can be refreshed concurrently: readers are never blocked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from db.models import Article, ArticleEntity, Quote, Source
from warta.config import newsroom_zone

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


@dataclass
class ReportData:
    since: date
    until: date
    volume: list[tuple[str, int, int]] = field(default_factory=list)  # source, articles, words
    top_entities: list[tuple[str, str, int, int]] = field(default_factory=list)
    entity_trends: dict[str, list[tuple[date, int]]] = field(default_factory=dict)
    top_speakers: list[tuple[str, int, int, int]] = field(default_factory=list)
    quality: list[tuple] = field(default_factory=list)
    failures: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def days(self) -> list[date]:
        count = (self.until - self.since).days + 1
        return [self.since + timedelta(days=i) for i in range(max(count, 1))]


def collect(engine: Engine, since: date, until: date | None = None, top: int = 10) -> ReportData:
    until = until or datetime.now(newsroom_zone()).date()
    data = ReportData(since, until)
    window = {"since": since, "until": until, "top": top}
    with engine.connect() as connection:
        data.volume = [
            tuple(r)
            for r in connection.execute(
                text(
                    "SELECT source, sum(articles)::int, sum(words)::int FROM report_daily_volume"
                    " WHERE day BETWEEN :since AND :until GROUP BY source ORDER BY 2 DESC, 1"
                ),
                window,
            )
        ]
        data.top_entities = [
            tuple(r)
            for r in connection.execute(
                text(
                    "SELECT entity, type, sum(mentions)::int, sum(articles)::int"
                    " FROM report_entity_mentions_daily WHERE day BETWEEN :since AND :until"
                    " GROUP BY entity_id, entity, type ORDER BY 3 DESC, 1 LIMIT :top"
                ),
                window,
            )
        ]
        names = [row[0] for row in data.top_entities[:5]]
        if names:
            rows = connection.execute(
                text(
                    "SELECT entity, day, sum(mentions)::int FROM report_entity_mentions_daily"
                    " WHERE day BETWEEN :since AND :until AND entity = ANY(:names)"
                    " GROUP BY entity, day ORDER BY day"
                ),
                {**window, "names": names},
            )
            for entity, day, mentions in rows:
                data.entity_trends.setdefault(entity, []).append((day, mentions))
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
        data.quality = [
            tuple(r)
            for r in connection.execute(
                text(
                    "SELECT source, sum(articles)::int,"
                    " round(sum(share_with_date * articles) / sum(articles), 2),"
                    " round(sum(share_with_author * articles) / sum(articles), 2),"
                    " round(sum(share_over_200_words * articles) / sum(articles), 2),"
                    " round(sum(share_with_entities * articles) / sum(articles), 2),"
                    " round(sum(share_with_quotes * articles) / sum(articles), 2)"
                    " FROM report_data_quality_daily WHERE day BETWEEN :since AND :until"
                    " GROUP BY source ORDER BY 1"
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
                    " GROUP BY 1, 2 ORDER BY 3 DESC"
                ),
                window,
            )
        ]
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

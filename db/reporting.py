"""The SQL reporting layer: refresh of the report views created by the Alembic revisions
(migrations/versions/0003_report_views.py; documented in docs/schema.md).

Views count days in Asia/Jakarta, the newsroom's day.  The heavy ones are materialized, each
with a unique index so that it can be refreshed concurrently: readers are never blocked.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

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

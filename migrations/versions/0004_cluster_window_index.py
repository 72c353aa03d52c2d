"""index for the near-duplicate lookup: articles by publication (or first-seen) time

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 01:10:00

Loading an article looks for near duplicates published within a few days of it.  Without this
index the lookup read every article with a Simhash (the time window was an expression over
both rows); with it, the window is an index range, so the cost of loading one article no
longer grows with the table.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_articles_cluster_window",
        "articles",
        [sa.text("coalesce(published_at, first_seen_at)")],
        postgresql_where=sa.text("simhash IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_articles_cluster_window", table_name="articles")

"""extraction quality per article; refused (not-an-article) pages remembered

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 09:00:00

``articles.extraction_method`` says which reader gave the body (trafilatura-fast, trafilatura,
trafilatura-precision, trafilatura-recall, jsonld, paragraphs, selector) and
``articles.extraction_quality`` how well it agreed with the page's own signals (0..1,
``warta.text.quality``); the report lists the low ones.  ``refused_pages`` remembers pages
refused as not articles (home, section, index pages), so that nightly runs do not fetch them
again until their re-check is due.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("extraction_method", sa.String(32), nullable=True))
    op.add_column("articles", sa.Column("extraction_quality", sa.Float(), nullable=True))
    op.create_table(
        "refused_pages",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column(
            "url_hash", sa.String(32), sa.Computed("md5(url)", persisted=True), nullable=False
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("checks", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "first_seen_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column(
            "last_checked_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refused_pages")),
        sa.UniqueConstraint("url_hash", name=op.f("uq_refused_pages_url_hash")),
    )


def downgrade() -> None:
    op.drop_table("refused_pages")
    op.drop_column("articles", "extraction_quality")
    op.drop_column("articles", "extraction_method")

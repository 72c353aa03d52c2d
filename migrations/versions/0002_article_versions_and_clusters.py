"""article versions and near-duplicate clusters

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 21:42:10.535727
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "article_versions",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("article_id", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("modified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_versions_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_versions")),
        sa.UniqueConstraint(
            "article_id", "version", name=op.f("uq_article_versions_article_id_version")
        ),
    )
    op.add_column("articles", sa.Column("simhash", sa.BigInteger(), nullable=True))
    op.add_column("articles", sa.Column("cluster_id", sa.BigInteger(), nullable=True))
    op.add_column(
        "articles", sa.Column("version", sa.Integer(), server_default="1", nullable=False)
    )
    op.create_index(op.f("ix_articles_cluster_id"), "articles", ["cluster_id"], unique=False)
    # articles loaded before this revision: their current text is version 1, their own cluster
    op.execute(
        "INSERT INTO article_versions (article_id, version, content_hash, title, text,"
        " word_count, published_at, modified_at)"
        " SELECT id, 1, content_hash, title, text, word_count, published_at, modified_at"
        " FROM articles"
    )
    op.execute("UPDATE articles SET cluster_id = id")


def downgrade() -> None:
    op.drop_index(op.f("ix_articles_cluster_id"), table_name="articles")
    op.drop_column("articles", "version")
    op.drop_column("articles", "cluster_id")
    op.drop_column("articles", "simhash")
    op.drop_table("article_versions")

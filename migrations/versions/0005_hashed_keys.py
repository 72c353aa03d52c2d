"""hashed unique keys for values of any length: failures.url_hash, entities.key_hash

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 09:00:00

A btree entry holds at most 2704 bytes: an 8 KB URL in ``failures`` or an incompressible
5,000-character entity key could not be written, and the run that met it aborted.  The unique
keys are now the md5 of the value (a stored generated column); the full value stays in its own
column.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "failures",
        sa.Column(
            "url_hash", sa.String(32), sa.Computed("md5(url)", persisted=True), nullable=False
        ),
    )
    op.drop_constraint("uq_failures_url_stage", "failures", type_="unique")
    op.create_unique_constraint(
        op.f("uq_failures_url_hash_stage"), "failures", ["url_hash", "stage"]
    )
    op.add_column(
        "entities",
        sa.Column(
            "key_hash", sa.String(32), sa.Computed("md5(key)", persisted=True), nullable=False
        ),
    )
    op.drop_constraint("uq_entities_key", "entities", type_="unique")
    op.create_unique_constraint(op.f("uq_entities_key_hash"), "entities", ["key_hash"])


def downgrade() -> None:
    # long values cannot go back under a plain unique key: their rows are dropped
    op.execute("DELETE FROM failures WHERE octet_length(url) > 2000")
    op.drop_constraint("uq_failures_url_hash_stage", "failures", type_="unique")
    op.create_unique_constraint("uq_failures_url_stage", "failures", ["url", "stage"])
    op.drop_column("failures", "url_hash")
    op.execute("DELETE FROM entities WHERE octet_length(key) > 2000")
    op.drop_constraint("uq_entities_key_hash", "entities", type_="unique")
    op.create_unique_constraint("uq_entities_key", "entities", ["key"])
    op.drop_column("entities", "key_hash")

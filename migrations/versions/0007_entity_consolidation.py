"""entity consolidation: each mention keeps the type its article gave it (the evidence)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 09:00:00

``warta entities consolidate`` decides a name's type from all articles (a name typed LOC
once and ORG forty times is one ORG entity) and merges the rows.  Once merged, a mention's
entity no longer says how its article typed it; ``entity_mentions.type`` does, so a later
vote counts the evidence as it was given.  Existing mentions take their entity's type.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("entity_mentions", sa.Column("type", sa.String(16), nullable=True))
    op.execute(
        "UPDATE entity_mentions AS m SET type = e.type FROM entities AS e WHERE e.id = m.entity_id"
    )
    op.alter_column("entity_mentions", "type", nullable=False)


def downgrade() -> None:
    op.drop_column("entity_mentions", "type")

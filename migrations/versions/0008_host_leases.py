"""host_leases: per-server politeness shared by processes and machines fetching at once

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 10:00:00

Chunks of one run may fetch from several Dask worker processes and machines; each keeps its own
per-host spacing, so together they would hit a host N times as often.  A row per server says
who holds it for a request now and when its next request may start (``db/host_leases.py``).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "host_leases",
        sa.Column("server", sa.Text(), nullable=False),
        sa.Column("holder", sa.String(32), nullable=True),
        sa.Column("held_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "next_allowed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("server", name=op.f("pk_host_leases")),
    )


def downgrade() -> None:
    op.drop_table("host_leases")

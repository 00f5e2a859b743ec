"""leases: a fencing token and a renewed lease per delivery, indexes that follow the work due

A claimed delivery now carries its owner's fencing token (+1 on every claim or take-over) and a
lease expiry the owner renews while it works, so a worker that lost a row can never send its
next message (issue 11). The due-chats index gains id (due order with ties by id, no sort), and
the status index gains cutoff_at, so take-over, expiry and pruning each read a range of open or
old rows instead of the whole ledger. Rows left 'sending' by an older version get a lease that
ends 10 minutes after their claim, as the old code's fixed lease did. A rate_budget row per bot
token holds the send schedule every process on PostgreSQL shares (one global rate per token).

Revision ID: 0005
Revises: '0004'
Create Date: 2026-12-02 04:42:02.946832
"""

from collections.abc import Sequence
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

import bot.storage.models

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_budget",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("next_slot", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_rate_budget")),
    )
    with op.batch_alter_table("chats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chats_due"))
        batch_op.create_index("ix_chats_due", ["active", "next_due_at", "id"], unique=False)

    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("lease_token", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("lease_until", bot.storage.models.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.drop_index(batch_op.f("ix_deliveries_status"))
        batch_op.create_index("ix_deliveries_status_cutoff", ["status", "cutoff_at"], unique=False)

    deliveries = sa.table(
        "deliveries",
        sa.column("status", sa.String()),
        sa.column("claimed_at", bot.storage.models.UTCDateTime(timezone=True)),
        sa.column("lease_until", bot.storage.models.UTCDateTime(timezone=True)),
        sa.column("lease_token", sa.Integer()),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(deliveries.c.claimed_at)
        .where(deliveries.c.status.in_(["pending", "sending"]))
        .distinct()
    ).all()
    for (claimed_at,) in rows:
        if claimed_at is None:
            continue
        connection.execute(
            deliveries.update()
            .where(
                deliveries.c.status.in_(["pending", "sending"]),
                deliveries.c.claimed_at == claimed_at,
            )
            .values(lease_until=claimed_at + timedelta(minutes=10), lease_token=1)
        )


def downgrade() -> None:
    op.drop_table("rate_budget")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_deliveries_status_cutoff")
        batch_op.create_index(batch_op.f("ix_deliveries_status"), ["status"], unique=False)
        batch_op.drop_column("lease_until")
        batch_op.drop_column("lease_token")

    with op.batch_alter_table("chats", schema=None) as batch_op:
        batch_op.drop_index("ix_chats_due")
        batch_op.create_index(batch_op.f("ix_chats_due"), ["active", "next_due_at"], unique=False)

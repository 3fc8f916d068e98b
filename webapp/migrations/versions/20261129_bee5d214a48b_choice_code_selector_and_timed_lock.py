"""choice code selector and timed lock

A code's first group becomes its selector, so wrong entries count against the
invitation they were aimed at; the lock after too many wrong entries ends by
itself (code_locked_until) instead of a flag only a caseworker could clear.
Existing codes keep working: their selector stays empty and they are found by
their hash. Existing locks came from counting right entries and are dropped.

Revision ID: bee5d214a48b
Revises: cc124c9defcb
Create Date: 2026-11-29 18:11:44.990138

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = "bee5d214a48b"
down_revision: Union[str, Sequence[str], None] = "cc124c9defcb"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("choice_invitation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("code_selector", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True)
        )
        batch_op.add_column(
            sa.Column("code_locked_until", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_choice_invitation_code_selector"), ["code_selector"]
        )
        batch_op.drop_column("locked")


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("choice_invitation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("locked", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.drop_constraint(batch_op.f("uq_choice_invitation_code_selector"), type_="unique")
        batch_op.drop_column("code_locked_until")
        batch_op.drop_column("code_selector")

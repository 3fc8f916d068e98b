"""delivery measures per result

How the service is delivered, per provider, service and half-year, all optional:
of the people who started the service in the half-year, how many left before it
was finished (started, left_early); and the median days from choosing the provider
to the first meeting with the number of people it is based on (first_meeting_days,
first_meeting_people). Each pair is stored together or not at all.

Revision ID: 5d3e8a1f0c27
Revises: f73b69da641d
Create Date: 2026-12-06 09:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '5d3e8a1f0c27'
down_revision: Union[str, Sequence[str], None] = 'f73b69da641d'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('result', schema=None) as batch_op:
        batch_op.add_column(sa.Column('started', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('left_early', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('first_meeting_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('first_meeting_people', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            'ck_result_left_early',
            "(started IS NULL AND left_early IS NULL) "
            "OR (started IS NOT NULL AND left_early IS NOT NULL "
            "AND left_early >= 0 AND left_early <= started)",
        )
        batch_op.create_check_constraint(
            'ck_result_first_meeting',
            "(first_meeting_days IS NULL AND first_meeting_people IS NULL) "
            "OR (first_meeting_days IS NOT NULL AND first_meeting_people IS NOT NULL "
            "AND first_meeting_days >= 0 AND first_meeting_days <= 365 "
            "AND first_meeting_people >= 1)",
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('result', schema=None) as batch_op:
        batch_op.drop_constraint('ck_result_first_meeting', type_='check')
        batch_op.drop_constraint('ck_result_left_early', type_='check')
        batch_op.drop_column('first_meeting_people')
        batch_op.drop_column('first_meeting_days')
        batch_op.drop_column('left_early')
        batch_op.drop_column('started')

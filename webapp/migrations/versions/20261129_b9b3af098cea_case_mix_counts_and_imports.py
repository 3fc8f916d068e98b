"""case mix counts and imports

case_mix_count: completed and in work or studies per provider, service, half-year and
stratum (age band, time on social assistance, newcomer, assessed level); no row
describes a person. case_mix_import: confirmed case-mix imports by their preview's
confirmation key, so a double-submitted confirmation is recognised as already saved.

Revision ID: b9b3af098cea
Revises: 22bb364221bb
Create Date: 2026-11-29 20:21:33.344476

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = 'b9b3af098cea'
down_revision: Union[str, Sequence[str], None] = '22bb364221bb'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('case_mix_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('confirmation', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('content_digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('cells', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['staff_user.id'], name=op.f('fk_case_mix_import_actor_id_staff_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_mix_import')),
    sa.UniqueConstraint('confirmation', name=op.f('uq_case_mix_import_confirmation'))
    )
    op.create_table('case_mix_count',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('age_band', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('assistance', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('newcomer', sa.Boolean(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('completed', sa.Integer(), nullable=False),
    sa.Column('in_work_or_studies', sa.Integer(), nullable=False),
    sa.CheckConstraint("age_band IN ('18-24', '25-29', '30-49', '50+')", name='ck_case_mix_age'),
    sa.CheckConstraint("assistance IN ('lt1', '1to3', 'gt3')", name='ck_case_mix_assistance'),
    sa.CheckConstraint('completed > 0 AND in_work_or_studies >= 0 AND in_work_or_studies <= completed', name='ck_case_mix_counts'),
    sa.CheckConstraint('level IN (1, 2, 3)', name='ck_case_mix_level'),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_case_mix_count_provider_id_provider')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_case_mix_count_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_mix_count')),
    sa.UniqueConstraint('provider_id', 'service_id', 'period', 'age_band', 'assistance', 'newcomer', 'level', name='uq_case_mix_stratum')
    )
    with op.batch_alter_table('case_mix_count', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_mix_count_period'), ['period'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_mix_count_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_mix_count_service_id'), ['service_id'], unique=False)



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('case_mix_count', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_mix_count_service_id'))
        batch_op.drop_index(batch_op.f('ix_case_mix_count_provider_id'))
        batch_op.drop_index(batch_op.f('ix_case_mix_count_period'))

    op.drop_table('case_mix_count')
    op.drop_table('case_mix_import')

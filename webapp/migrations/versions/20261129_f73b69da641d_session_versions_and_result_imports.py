"""session versions and result imports

staff_user.session_version: raised to end every session of an account at once.
result_import: confirmed results imports by their preview's confirmation key, so a
double-submitted confirmation is recognised as already saved.

Revision ID: f73b69da641d
Revises: bee5d214a48b
Create Date: 2026-11-29 18:26:49.028538

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = 'f73b69da641d'
down_revision: Union[str, Sequence[str], None] = 'bee5d214a48b'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('result_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('confirmation', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('content_digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('added', sa.Integer(), nullable=False),
    sa.Column('changed', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['staff_user.id'], name=op.f('fk_result_import_actor_id_staff_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_result_import')),
    sa.UniqueConstraint('confirmation', name=op.f('uq_result_import_confirmation'))
    )
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_column('session_version')

    op.drop_table('result_import')

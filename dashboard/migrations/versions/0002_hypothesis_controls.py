"""hypothesis controls and automatic windows

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('hypothesis', schema=None) as batch_op:
        batch_op.alter_column('window_days', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('control_segments', sqlmodel.sql.sqltypes.AutoString(length=1000),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('control_metric_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_hypothesis_control_metric_id_metric'), 'metric',
                                    ['control_metric_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('hypothesis', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_hypothesis_control_metric_id_metric'), type_='foreignkey')
        batch_op.drop_column('control_metric_id')
        batch_op.drop_column('control_segments')
    op.execute("UPDATE hypothesis SET window_days = 28 WHERE window_days IS NULL")
    with op.batch_alter_table('hypothesis', schema=None) as batch_op:
        batch_op.alter_column('window_days', existing_type=sa.Integer(), nullable=False)

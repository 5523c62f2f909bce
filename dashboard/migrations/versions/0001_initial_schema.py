"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table('app_setting',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_app_setting'))
    )
    op.create_table('import_batch',
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('sheet', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('rows_read', sa.Integer(), nullable=False),
    sa.Column('inserted', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('rejected', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('undone_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('undone_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('notes', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batch'))
    )
    op.create_table('import_mapping',
    sa.Column('signature', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.PrimaryKeyConstraint('signature', name=op.f('pk_import_mapping'))
    )
    op.create_table('metric',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('direction', sa.Enum('up', 'down', name='direction'), nullable=False),
    sa.Column('aggregation', sa.Enum('mean', 'sum', 'last', name='aggregation'), nullable=False),
    sa.Column('kind', sa.Enum('north_star', 'input', 'kpi', 'guardrail', name='metrickind'), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.CheckConstraint("aggregation IN ('mean', 'sum', 'last')", name=op.f('ck_metric_aggregation')),
    sa.CheckConstraint("direction IN ('up', 'down')", name=op.f('ck_metric_direction')),
    sa.CheckConstraint("kind IN ('north_star', 'input', 'kpi', 'guardrail')", name=op.f('ck_metric_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_metric')),
    sa.UniqueConstraint('name', name=op.f('uq_metric_name'))
    )
    op.create_table('review_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('taken_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('taken_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_snapshot'))
    )
    with op.batch_alter_table('review_snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_snapshot_period'), ['period'], unique=False)

    op.create_table('team',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team')),
    sa.UniqueConstraint('name', name=op.f('uq_team_name'))
    )
    op.create_table('import_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('old', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['import_batch.id'], name=op.f('fk_import_change_import_id_import_batch'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_change'))
    )
    with op.batch_alter_table('import_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_change_import_id'), ['import_id'], unique=False)

    op.create_table('learning',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('believed', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('happened', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('next_time', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('status', sa.Enum('draft', 'open', 'closed', name='learningstatus'), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_learning_team_id_team'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning'))
    )
    op.create_table('metric_value',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('segment', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('metric_id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['import_id'], ['import_batch.id'], name=op.f('fk_metric_value_import_id_import_batch'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['metric_id'], ['metric.id'], name=op.f('fk_metric_value_metric_id_metric'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_metric_value')),
    sa.UniqueConstraint('metric_id', 'date', 'segment', name=op.f('uq_metric_value_metric_id_date_segment'))
    )
    with op.batch_alter_table('metric_value', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_metric_value_import_id'), ['import_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_metric_value_metric_id'), ['metric_id'], unique=False)

    op.create_table('metric_value_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('metric_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('segment', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('old_value', sa.Float(), nullable=False),
    sa.Column('old_import_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['import_id'], ['import_batch.id'], name=op.f('fk_metric_value_change_import_id_import_batch'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['metric_id'], ['metric.id'], name=op.f('fk_metric_value_change_metric_id_metric'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_metric_value_change'))
    )
    with op.batch_alter_table('metric_value_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_metric_value_change_import_id'), ['import_id'], unique=False)

    op.create_table('objective',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('status', sa.Enum('draft', 'active', 'achieved', 'missed', 'dropped', name='objectivestatus'), nullable=False),
    sa.Column('closing_note', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('aligned_to_north_star', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('carried_from_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'active', 'achieved', 'missed', 'dropped')", name=op.f('ck_objective_status')),
    sa.ForeignKeyConstraint(['carried_from_id'], ['objective.id'], name=op.f('fk_objective_carried_from_id_objective'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_objective_team_id_team'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_objective')),
    sa.UniqueConstraint('title', 'period', name=op.f('uq_objective_title_period'))
    )
    with op.batch_alter_table('objective', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objective_team_id'), ['team_id'], unique=False)

    op.create_table('output',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('shipped_on', sa.Date(), nullable=True),
    sa.Column('link', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('labels', sa.JSON(), nullable=False),
    sa.Column('sprints', sa.JSON(), nullable=False),
    sa.Column('fix_versions', sa.JSON(), nullable=False),
    sa.Column('components', sa.JSON(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['import_id'], ['import_batch.id'], name=op.f('fk_output_import_id_import_batch'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_output_team_id_team'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_output')),
    sa.UniqueConstraint('key', name=op.f('uq_output_key'))
    )
    with op.batch_alter_table('output', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_output_team_id'), ['team_id'], unique=False)

    op.create_table('key_result',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('metric_id', sa.Integer(), nullable=True),
    sa.Column('baseline', sa.Float(), nullable=False),
    sa.Column('target', sa.Float(), nullable=False),
    sa.Column('stretch', sa.Float(), nullable=True),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.CheckConstraint('target <> baseline', name=op.f('ck_key_result_target_differs')),
    sa.ForeignKeyConstraint(['metric_id'], ['metric.id'], name=op.f('fk_key_result_metric_id_metric'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['objective_id'], ['objective.id'], name=op.f('fk_key_result_objective_id_objective'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_key_result')),
    sa.UniqueConstraint('objective_id', 'title', name=op.f('uq_key_result_objective_id_title'))
    )
    with op.batch_alter_table('key_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_result_objective_id'), ['objective_id'], unique=False)

    op.create_table('objective_parent',
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('child_id <> parent_id', name=op.f('ck_objective_parent_not_self')),
    sa.ForeignKeyConstraint(['child_id'], ['objective.id'], name=op.f('fk_objective_parent_child_id_objective'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['objective.id'], name=op.f('fk_objective_parent_parent_id_objective'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('child_id', 'parent_id', name=op.f('pk_objective_parent'))
    )
    op.create_table('check_in',
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('confidence', sa.Integer(), nullable=True),
    sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_result_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.CheckConstraint('confidence IS NULL OR (confidence BETWEEN 0 AND 10)', name=op.f('ck_check_in_confidence')),
    sa.ForeignKeyConstraint(['key_result_id'], ['key_result.id'], name=op.f('fk_check_in_key_result_id_key_result'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_in'))
    )
    with op.batch_alter_table('check_in', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_check_in_key_result_id'), ['key_result_id'], unique=False)

    op.create_table('hypothesis',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('statement', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('change_kind', sa.Enum('relative', 'pp', 'absolute', name='changekind'), nullable=False),
    sa.Column('expected_change', sa.Float(), nullable=False),
    sa.Column('segment', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('metric_id', sa.Integer(), nullable=False),
    sa.Column('key_result_id', sa.Integer(), nullable=True),
    sa.Column('window_days', sa.Integer(), nullable=False),
    sa.Column('guardrail_metric_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('idea', 'planned', 'shipped', 'measuring', 'validated', 'partial', 'invalidated', 'inconclusive', 'stopped', name='hypothesisstatus'), nullable=False),
    sa.Column('stop_reason', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('learning', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('learning_opened_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.CheckConstraint("change_kind IN ('relative', 'pp', 'absolute')", name=op.f('ck_hypothesis_change_kind')),
    sa.CheckConstraint('window_days BETWEEN 7 AND 365', name=op.f('ck_hypothesis_window_days')),
    sa.ForeignKeyConstraint(['guardrail_metric_id'], ['metric.id'], name=op.f('fk_hypothesis_guardrail_metric_id_metric'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['key_result_id'], ['key_result.id'], name=op.f('fk_hypothesis_key_result_id_key_result'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['metric_id'], ['metric.id'], name=op.f('fk_hypothesis_metric_id_metric'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_hypothesis_team_id_team'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hypothesis')),
    sa.UniqueConstraint('statement', name=op.f('uq_hypothesis_statement'))
    )
    with op.batch_alter_table('hypothesis', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hypothesis_team_id'), ['team_id'], unique=False)

    op.create_table('key_result_output',
    sa.Column('key_result_id', sa.Integer(), nullable=False),
    sa.Column('output_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['key_result_id'], ['key_result.id'], name=op.f('fk_key_result_output_key_result_id_key_result'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['output_id'], ['output.id'], name=op.f('fk_key_result_output_output_id_output'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key_result_id', 'output_id', name=op.f('pk_key_result_output'))
    )
    op.create_table('hypothesis_output',
    sa.Column('hypothesis_id', sa.Integer(), nullable=False),
    sa.Column('output_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['hypothesis_id'], ['hypothesis.id'], name=op.f('fk_hypothesis_output_hypothesis_id_hypothesis'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['output_id'], ['output.id'], name=op.f('fk_hypothesis_output_output_id_output'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('hypothesis_id', 'output_id', name=op.f('pk_hypothesis_output'))
    )
    op.create_table('learning_hypothesis',
    sa.Column('learning_id', sa.Integer(), nullable=False),
    sa.Column('hypothesis_id', sa.Integer(), nullable=False),
    sa.Column('relation', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.CheckConstraint("relation IN ('supports', 'contradicts')", name=op.f('ck_learning_hypothesis_relation')),
    sa.ForeignKeyConstraint(['hypothesis_id'], ['hypothesis.id'], name=op.f('fk_learning_hypothesis_hypothesis_id_hypothesis'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['learning_id'], ['learning.id'], name=op.f('fk_learning_hypothesis_learning_id_learning'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('learning_id', 'hypothesis_id', name=op.f('pk_learning_hypothesis'))
    )



def downgrade() -> None:

    op.drop_table('learning_hypothesis')
    op.drop_table('hypothesis_output')
    op.drop_table('key_result_output')
    with op.batch_alter_table('hypothesis', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hypothesis_team_id'))

    op.drop_table('hypothesis')
    with op.batch_alter_table('check_in', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_check_in_key_result_id'))

    op.drop_table('check_in')
    op.drop_table('objective_parent')
    with op.batch_alter_table('key_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_key_result_objective_id'))

    op.drop_table('key_result')
    with op.batch_alter_table('output', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_output_team_id'))

    op.drop_table('output')
    with op.batch_alter_table('objective', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objective_team_id'))

    op.drop_table('objective')
    with op.batch_alter_table('metric_value_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_metric_value_change_import_id'))

    op.drop_table('metric_value_change')
    with op.batch_alter_table('metric_value', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_metric_value_metric_id'))
        batch_op.drop_index(batch_op.f('ix_metric_value_import_id'))

    op.drop_table('metric_value')
    op.drop_table('learning')
    with op.batch_alter_table('import_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_change_import_id'))

    op.drop_table('import_change')
    op.drop_table('team')
    with op.batch_alter_table('review_snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_snapshot_period'))

    op.drop_table('review_snapshot')
    op.drop_table('metric')
    op.drop_table('import_mapping')
    op.drop_table('import_batch')
    op.drop_table('app_setting')


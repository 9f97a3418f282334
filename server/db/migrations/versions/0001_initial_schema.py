"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-29 05:31:40.535582
"""

import sqlalchemy as sa
from alembic import op

import server.db.types

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('branches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name_zh', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('opens_at', sa.Time(), nullable=False),
    sa.Column('closes_at', sa.Time(), nullable=False),
    sa.Column('calling_policy', sa.String(length=32), nullable=False),
    sa.Column('wait_predictor', sa.String(length=32), nullable=False),
    sa.Column('max_recalls', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('event_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_branches')),
    sa.UniqueConstraint('code', name=op.f('uq_branches_code'))
    )
    op.create_table('customers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('phone_masked', sa.String(length=32), nullable=False),
    sa.Column('tier', sa.Enum('regular', 'vip', 'priority_needs', name='priority_tier', native_enum=False, length=32), nullable=False),
    sa.Column('created_at', server.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customers'))
    )
    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.Enum('teller', 'manager', 'admin', 'kiosk', 'display', name='role', native_enum=False, length=32), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
    sa.UniqueConstraint('username', name=op.f('uq_staff_username'))
    )
    op.create_table('counters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('zone', sa.String(length=100), nullable=False),
    sa.Column('state', sa.Enum('closed', 'open', 'paused', name='counter_state', native_enum=False, length=32), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('state_since', server.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branches.id'], name=op.f('fk_counters_branch_id_branches')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_counters_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_counters')),
    sa.UniqueConstraint('branch_id', 'number', name=op.f('uq_counters_branch_id_number'))
    )
    op.create_table('devices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.Enum('teller', 'manager', 'admin', 'kiosk', 'display', name='role', native_enum=False, length=32), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branches.id'], name=op.f('fk_devices_branch_id_branches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_devices')),
    sa.UniqueConstraint('username', name=op.f('uq_devices_username'))
    )
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=48), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', server.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branches.id'], name=op.f('fk_events_branch_id_branches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    sa.UniqueConstraint('branch_id', 'seq', name=op.f('uq_events_branch_id_seq'))
    )
    op.create_table('services',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name_zh', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('prefix', sa.String(length=1), nullable=False),
    sa.Column('target_wait_min', sa.Integer(), nullable=False),
    sa.Column('expected_service_min', sa.Double(), nullable=False),
    sa.Column('documents_zh', sa.JSON(), nullable=False),
    sa.Column('documents_en', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branches.id'], name=op.f('fk_services_branch_id_branches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_services')),
    sa.UniqueConstraint('branch_id', 'code', name=op.f('uq_services_branch_id_code')),
    sa.UniqueConstraint('branch_id', 'prefix', name=op.f('uq_services_branch_id_prefix'))
    )
    op.create_table('staff_branches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branches.id'], name=op.f('fk_staff_branches_branch_id_branches')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_staff_branches_staff_id_staff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_branches')),
    sa.UniqueConstraint('staff_id', 'branch_id', name=op.f('uq_staff_branches_staff_id_branch_id'))
    )
    op.create_table('appointments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('slot_start', server.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('slot_end', server.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.Enum('booked', 'checked_in', 'cancelled', 'no_show', name='appointment_status', native_enum=False, length=32), nullable=False),
    sa.Column('created_at', server.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branches.id'], name=op.f('fk_appointments_branch_id_branches')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_appointments_customer_id_customers')),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_appointments_service_id_services')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointments')),
    sa.UniqueConstraint('code', name=op.f('uq_appointments_code'))
    )
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.create_index('ix_appointments_branch_slot', ['branch_id', 'slot_start'], unique=False)

    op.create_table('counter_skills',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('counter_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_counter_skills_counter_id_counters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_counter_skills_service_id_services')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_counter_skills')),
    sa.UniqueConstraint('counter_id', 'service_id', name=op.f('uq_counter_skills_counter_id_service_id'))
    )
    op.create_table('ticket_sequences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('business_day', sa.Date(), nullable=False),
    sa.Column('last_value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branches.id'], name=op.f('fk_ticket_sequences_branch_id_branches')),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_ticket_sequences_service_id_services')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_sequences')),
    sa.UniqueConstraint('branch_id', 'service_id', 'business_day', name=op.f('uq_ticket_sequences_branch_id_service_id_business_day'))
    )
    op.create_table('tickets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('issued_service_id', sa.Integer(), nullable=False),
    sa.Column('business_day', sa.Date(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.Enum('kiosk', 'counter', 'online', 'appointment', name='channel', native_enum=False, length=32), nullable=False),
    sa.Column('priority', sa.Enum('regular', 'vip', 'priority_needs', name='priority_tier', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled', 'expired', name='ticket_status', native_enum=False, length=32), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.Column('issued_at', server.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('arrived_at', server.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('enqueued_at', server.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('first_called_at', server.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('called_at', server.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('started_at', server.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', server.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('counter_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('target_counter_id', sa.Integer(), nullable=True),
    sa.Column('recall_count', sa.Integer(), nullable=False),
    sa.Column('transfer_count', sa.Integer(), nullable=False),
    sa.Column('notes', sa.JSON(), nullable=False),
    sa.Column('estimated_wait_s', sa.Integer(), nullable=True),
    sa.Column('call_reason', sa.Text(), nullable=True),
    sa.Column('call_facts', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], name=op.f('fk_tickets_appointment_id_appointments')),
    sa.ForeignKeyConstraint(['branch_id'], ['branches.id'], name=op.f('fk_tickets_branch_id_branches')),
    sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_tickets_counter_id_counters')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_tickets_customer_id_customers')),
    sa.ForeignKeyConstraint(['issued_service_id'], ['services.id'], name=op.f('fk_tickets_issued_service_id_services')),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_tickets_service_id_services')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_tickets_staff_id_staff')),
    sa.ForeignKeyConstraint(['target_counter_id'], ['counters.id'], name=op.f('fk_tickets_target_counter_id_counters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tickets')),
    sa.UniqueConstraint('branch_id', 'issued_service_id', 'business_day', 'sequence', name=op.f('uq_tickets_branch_id_issued_service_id_business_day_sequence')),
    sa.UniqueConstraint('token', name=op.f('uq_tickets_token'))
    )
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index('ix_tickets_branch_day', ['branch_id', 'business_day'], unique=False)
        batch_op.create_index('ix_tickets_branch_status', ['branch_id', 'status'], unique=False)

    op.create_table('ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', server.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branches.id'], name=op.f('fk_ratings_branch_id_branches')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ratings_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ratings')),
    sa.UniqueConstraint('ticket_id', name=op.f('uq_ratings_ticket_id'))
    )


def downgrade() -> None:
    op.drop_table('ratings')
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_branch_status')
        batch_op.drop_index('ix_tickets_branch_day')

    op.drop_table('tickets')
    op.drop_table('ticket_sequences')
    op.drop_table('counter_skills')
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_index('ix_appointments_branch_slot')

    op.drop_table('appointments')
    op.drop_table('staff_branches')
    op.drop_table('services')
    op.drop_table('events')
    op.drop_table('devices')
    op.drop_table('counters')
    op.drop_table('staff')
    op.drop_table('customers')
    op.drop_table('branches')

"""indexes for the caseworker queue, the status page and the yearly report

Measured on the national demo (docs/PERFORMANCE.md, "Database at national scale"):

- the queue lists a pool year's cases newest first: (pool_id, submitted_at) reads the first
  page in order instead of sorting the whole year;
- the yearly report sums per department: (pool_id, department_id) finds a department's cases
  in one pool without reading the whole pool once per department (SQLite: 1,5 s → 0,1 s);
- the money per case (pool figures, report, queue): invoices by (application_id, state, id) and
  payments by (invoice_id, amount) are read from the index alone; they replace 0001's indexes
  on application_id and invoice_id, which are their prefixes.

The status page finds a case by its token through the unique constraint of 0001.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 13:00:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_application_pool_submitted', 'application',
                    ['pool_id', 'submitted_at'], unique=False)
    op.create_index('ix_application_pool_department', 'application',
                    ['pool_id', 'department_id'], unique=False)
    op.create_index('ix_invoice_application_state', 'invoice',
                    ['application_id', 'state', 'id'], unique=False)
    op.drop_index('ix_invoice_application_id', table_name='invoice')
    op.create_index('ix_payment_invoice_amount', 'payment', ['invoice_id', 'amount'],
                    unique=False)
    op.drop_index('ix_payment_invoice_id', table_name='payment')


def downgrade() -> None:
    op.create_index('ix_payment_invoice_id', 'payment', ['invoice_id'], unique=False)
    op.drop_index('ix_payment_invoice_amount', table_name='payment')
    op.create_index('ix_invoice_application_id', 'invoice', ['application_id'], unique=False)
    op.drop_index('ix_invoice_application_state', table_name='invoice')
    op.drop_index('ix_application_pool_department', table_name='application')
    op.drop_index('ix_application_pool_submitted', table_name='application')

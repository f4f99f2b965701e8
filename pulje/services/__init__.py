"""Domain services: plain functions over a session that change, flush and record.

Each lifecycle step asks the workflow, changes rows and writes the audit entry; the caller
(request, CLI command or test) owns the transaction and commits once, or rolls back on error.
"""

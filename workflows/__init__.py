"""State machines and rule checks for pulje's grant cases and invoices.

A case (ansøgning) moves through the states in ``workflows.application``; each supplier's
invoice (faktura) through those in ``workflows.invoice``. The machines are declared as data
tables and wrap a row whose ``state`` column they read and write; they never touch a database.
The rules R1–R10 of the pool guidelines live in ``workflows.rules`` as pure functions that
return the violation (rule and Danish message) or ``None``.
"""

"""Plain test data shared by the tests and their fixtures."""

from __future__ import annotations

from datetime import date

from pulje.services.actors import Actor
from pulje.services.invoices import InvoiceInput

TODAY = date(2026, 3, 1)
CASEWORKER = Actor("caseworker", "Mette Hansen")


def invoice_input(amount: int, **overrides) -> InvoiceInput:
    """A valid DKK invoice from a supplier to DOMI Bolig."""
    values = dict(supplier_name="Odder Festudlejning ApS", supplier_cvr="41000007",
                  number=f"F-{amount}", issue_date=TODAY, buyer_name="DOMI Bolig",
                  buyer_cvr="30000005", amount=amount, is_credit_note=amount < 0)
    values.update(overrides)
    return InvoiceInput(**values)

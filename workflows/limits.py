"""How long each invoice field may be: one source for the form and the service.

The form refuses what is too long with a Danish message; the service's model (InvoiceInput)
refuses the same and never more, so nothing the form accepts can fail in the service.
"""

from __future__ import annotations

SUPPLIER_NAME = 200
INVOICE_NUMBER = 60
BUYER_NAME = 200
# A Danish CVR is 8 digits; an e-invoice may name a foreign party's VAT number (up to 20).
CVR_DIGITS = 8
PARTY_ID = 20
PAYMENT_ACCOUNT = 60

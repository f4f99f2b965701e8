"""How long each typed field may be: one number per field, read by the table's column
(pulje/models), the service's input (pulje/services) and the web form (forms/), so the
three can never disagree. Lengths count characters after surrounding spaces are stripped.
"""

from __future__ import annotations

from types import MappingProxyType

# The application as the resident types it (pulje/services/submission.ApplicationInput).
APPLICATION = MappingProxyType({
    "applicant_name": 200,
    "applicant_address": 300,
    "applicant_email": 200,
    "applicant_phone": 40,
    "applicant_cvr": 8,
    "title": 200,
    "purpose": 20_000,
})
BUDGET_LINE = MappingProxyType({"description": 300})

# An invoice as written on it (pulje/services/invoices.InvoiceInput).
INVOICE = MappingProxyType({
    "supplier_name": 200,
    "supplier_cvr": 20,  # as written: "DK 12 34 56 78" too
    "number": 60,
    "buyer_name": 200,
    "buyer_cvr": 20,
    "payment_account": 60,
    "payee_name": 200,
    "payee_cvr": 20,
})
PAYMENT = MappingProxyType({"reference": 100})

# The housing organisation's details (pulje/services/organisations.OrganisationInput). Its CVR
# and EAN numbers are stored as their digits; as typed ("DK 12 34 56 78") they may be longer.
TYPED_NUMBER = 20
ORGANISATION = MappingProxyType({
    "name": 200,
    "legal_name": 200,
    "cvr": 8,
    "address": 300,
    "phone": 40,
    "email": 200,
    "invoice_address": 300,
    "invoice_email": 200,
    "ean": 13,
})
# The journal's accounts in the organisation's chart of accounts (pulje/services/journal).
ACCOUNT_MAX = 20
# A department (pulje/services/departments: the settings page, the CLI and a CSV import).
DEPARTMENT = MappingProxyType({"number": 20, "name": 200, "address": 300})

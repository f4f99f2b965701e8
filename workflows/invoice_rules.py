"""The guidelines' rules for suppliers' invoices (R6–R9) as pure checks returning a Violation.

Names and CVR numbers are compared the way a person reading the invoice would: case, spacing,
punctuation, the legal form (A/S, ApS …) and a department suffix ("afd. 12 Søvangen") don't
matter; a CVR number may be written 30000005, DK30000005 or DK 30 00 00 05.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from workflows.money import format_money
from workflows.rules import Violation

_LEGAL_FORM = re.compile(
    r"(?<!\w)(a/s|aps|i/s|k/s|p/s|ivs|a\.?m\.?b\.?a\.?|f\.?m\.?b\.?a\.?|s\.?m\.?b\.?a\.?)(?!\w)"
)
# "DOMI Bolig, afd. 12 Søvangen": an invoice to one of the organisation's departments is made
# out to the organisation.
_DEPARTMENT = re.compile(r"(?<!\w)(afd\.?|afdeling)(?!\w).*$")


def normalise_name(name: str | None) -> str:
    """A name as compared: case, punctuation, legal form and department suffix removed."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    text = _DEPARTMENT.sub(" ", text)
    text = _LEGAL_FORM.sub(" ", text)
    return " ".join(re.sub(r"[^\w&]+", " ", text).split())


def cvr_digits(cvr: str | None) -> str:
    """The 8 digits of a CVR number as written ('DK30000005' -> '30000005'); '' if none."""
    digits = re.sub(r"\D", "", cvr or "")
    return digits[-8:] if len(digits) >= 8 else digits


def same_name(name_a: str | None, name_b: str | None) -> bool:
    return bool(normalise_name(name_a)) and normalise_name(name_a) == normalise_name(name_b)


def same_cvr(cvr_a: str | None, cvr_b: str | None) -> bool:
    return bool(cvr_digits(cvr_a)) and cvr_digits(cvr_a) == cvr_digits(cvr_b)


def same_supplier(name_a: str, cvr_a: str | None, name_b: str, cvr_b: str | None) -> bool:
    """One supplier: the same CVR when both carry one, else the same name."""
    if cvr_digits(cvr_a) and cvr_digits(cvr_b):
        return same_cvr(cvr_a, cvr_b)
    return same_name(name_a, name_b)


def buyer_cvr_given(buyer_cvr: str | None) -> Violation | None:
    """R9: a typed invoice carries the buyer's CVR, read off the invoice by the caseworker."""
    if cvr_digits(buyer_cvr):
        return None
    return Violation("R9", "Skriv køberens CVR-nummer, som det står på fakturaen. En faktura "
                           "skal lyde på organisationens navn og CVR-nummer.")


def buyer_is_organisation(buyer_name: str, buyer_cvr: str | None, legal_name: str,
                          org_cvr: str | None, org_name: str | None = None) -> Violation | None:
    """R9: the invoice is made out to the organisation by name AND, where it has one, CVR."""
    name_ok = same_name(buyer_name, legal_name) or same_name(buyer_name, org_name)
    cvr_ok = not cvr_digits(buyer_cvr) or same_cvr(buyer_cvr, org_cvr)
    if name_ok and cvr_ok:
        return None
    expected = legal_name + (f" (CVR {org_cvr})" if org_cvr else "")
    written = buyer_name or "(intet navn)"
    if not name_ok and not cvr_ok:
        what = f"navnet »{written}« og CVR-nummeret {buyer_cvr}"
    elif not name_ok:
        what = f"navnet »{written}«"
    else:
        what = f"CVR-nummeret {buyer_cvr}"
    return Violation("R9", f"Fakturaen skal lyde på {expected}, men {what} passer ikke.")


def supplier_not_applicant(supplier_name: str, supplier_cvr: str | None, applicant_name: str,
                           applicant_cvr: str | None) -> Violation | None:
    """R7: invoices come from a third party, never from the applicant."""
    if same_name(supplier_name, applicant_name) or same_cvr(supplier_cvr, applicant_cvr):
        return Violation(
            "R7",
            f"Fakturaen er udstedt af ansøgeren ({applicant_name}). Støtten betales kun til en "
            "leverandør (3. person), aldrig til ansøgeren selv.",
        )
    return None


def supplier_not_organisation(supplier_name: str, supplier_cvr: str | None, legal_name: str,
                              org_cvr: str | None, org_name: str | None = None) -> (
    Violation | None
):
    """R7: the organisation cannot invoice its own pool; the supplier is a third party."""
    if (same_cvr(supplier_cvr, org_cvr) or same_name(supplier_name, legal_name)
            or same_name(supplier_name, org_name)):
        return Violation(
            "R7",
            f"Fakturaen er udstedt af {legal_name} selv. Puljen betaler kun fakturaer fra en "
            "leverandør (3. person).",
        )
    return None


def payee_is_supplier(payee_name: str | None, payee_cvr: str | None, supplier_name: str,
                      supplier_cvr: str | None) -> Violation | None:
    """R7: the money goes to the supplier itself; an e-invoice naming another payee is refused."""
    if not (payee_name or payee_cvr):
        return None
    if same_supplier(payee_name or "", payee_cvr, supplier_name, supplier_cvr):
        return None
    return Violation(
        "R7",
        f"Fakturaen beder om betaling til »{payee_name or payee_cvr}«, ikke til leverandøren "
        f"{supplier_name}. Puljen betaler kun til leverandøren selv.",
    )


def invoice_after_approval(activity_date: date | None, issue_date: date,
                           approved_on: date | None) -> Violation | None:
    """R6: what is invoiced was delivered (or, without a delivery date, invoiced) after approval."""
    if approved_on is None:
        return None
    day = activity_date or issue_date
    if day >= approved_on:
        return None
    what = "leveret" if activity_date else "udstedt"
    return Violation(
        "R6",
        f"Fakturaen er {what} {day:%d.%m.%Y}, før tilsagnet blev givet {approved_on:%d.%m.%Y}. "
        "Tilsagn skal foreligge, inden aktiviteten holdes.",
    )


def delivered_late(activity_date: date | None, deadline: date) -> str | None:
    """A note when the delivery lies after the approved period plus the invoice deadline."""
    if activity_date is None or activity_date <= deadline:
        return None
    return (f"Leveringsdatoen {activity_date:%d.%m.%Y} ligger efter bevillingens periode og "
            f"fristen for fakturaer ({deadline:%d.%m.%Y}).")


def within_grant(amount: int, granted: int, already_used: int) -> Violation | None:
    """R8: what is accepted and paid stays within the amount granted."""
    room = granted - already_used
    if amount <= room:
        return None
    if room <= 0:
        return Violation(
            "R8",
            f"Fakturaen på {format_money(amount)} kan ikke godkendes: hele bevillingen på "
            f"{format_money(granted)} er brugt",
        )
    # "10.000,00 kr. af 10.000,00 kr." says nothing: name the grant only when some is used.
    of_grant = f" af {format_money(granted)}" if room != granted else ""
    return Violation(
        "R8",
        f"Fakturaen på {format_money(amount)} overstiger det, der er tilbage af bevillingen "
        f"({format_money(room)}{of_grant}). Afvis den, eller godkend "
        f"{format_money(room)} af {format_money(amount)}",
    )


def partial_amount_allowed(partial: int, amount: int, room: int) -> Violation | None:
    """R8: a partial acceptance is more than nothing, less than the invoice, within the grant."""
    if partial <= 0:
        return Violation("R8", "Det godkendte beløb skal være mere end 0,00 kr.")
    if partial > amount:
        return Violation("R8", f"Der kan højst godkendes fakturaens {format_money(amount)}, "
                               f"ikke {format_money(partial)}")
    if partial > room:
        return Violation("R8", f"Der er kun {format_money(max(room, 0))} tilbage af "
                               f"bevillingen; {format_money(partial)} kan ikke godkendes.")
    return None


def credit_note_fits(credit: int, invoice_number: str, invoice_amount: int,
                     already_credited: int) -> Violation | None:
    """R8: a credit note gives back at most what is left of the invoice it credits."""
    left = invoice_amount - already_credited
    if credit <= left:
        return None
    return Violation(
        "R8",
        f"Kreditnotaen på {format_money(credit)} er større end det, der er tilbage af faktura "
        f"nr. {invoice_number}: {format_money(left)} af {format_money(invoice_amount)}",
    )

"""The pool guidelines' rules as pure checks: each returns a Violation or None.

Rule numbers follow docs/RULES.md (R1–R10, DOMI Bolig's guidelines approved 15.05.2023). The
figures come from the Pool passed in, never from constants here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from workflows.money import format_money, format_number

# More people than live in any Danish housing organisation: a typing error, not a plan.
MAX_PARTICIPANTS = 100_000

# An application's yes/no answers to its pool's purposes (R5), one column each; the purposes'
# texts, and how many must apply, are the pool's rule set (pulje.services.rulesets).
PURPOSE_SLOTS = ("across_departments", "short_notice", "small_group")


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str


def within_pool_room(amount: int, available: int, pool_year: int) -> Violation | None:
    """R1: the grant fits in what is left of the pool."""
    if amount <= available:
        return None
    if available <= 0:
        return Violation("R1", f"Puljen {pool_year} er brugt op; der kan ikke bevilges mere.")
    return Violation(
        "R1",
        f"Der er kun {format_money(available)} tilbage i puljen {pool_year}; "
        f"du kan højst bevilge {format_money(available)}",
    )


def within_cap(amount: int, cap: int) -> Violation | None:
    """R2: the grant is at most the pool's per-project cap."""
    if amount > cap:
        return Violation(
            "R2",
            f"Beløbet {format_money(amount)} overstiger puljens loft på {format_money(cap)} "
            "pr. projekt.",
        )
    return None


def within_project_cap(amount: int, cap: int, already: int,
                       references: tuple[str, ...]) -> Violation | None:
    """R2 per project: with the cases judged the same project, the grants stay within the cap."""
    if not references or amount + already <= cap:
        return None
    return Violation(
        "R2",
        f"Projektet har allerede fået {format_money(already)} på sag {', '.join(references)}. "
        f"Med {format_money(amount)} bliver det {format_money(amount + already)}, mere end "
        f"puljens loft på {format_money(cap)} pr. projekt.",
    )


def within_requested(amount: int, requested: int) -> Violation | None:
    """R2: the grant is at most what was applied for, and more than nothing."""
    if amount <= 0:
        return Violation("R2", "Et tilsagn skal være på mere end 0,00 kr.")
    if amount > requested:
        return Violation(
            "R2",
            f"Beløbet {format_money(amount)} er mere end de {format_money(requested)}, "
            "der er søgt om.",
        )
    return None


def application_complete(
    *,
    applicant_name: str,
    title: str,
    purpose: str,
    expected_participants: int | None,
    period_start: date | None,
    period_end: date | None,
    budget: Iterable[int],
    requested: int,
) -> Violation | None:
    """R4: applicant, purpose/activity, participants, period and economy are all given."""
    missing = []
    if not (applicant_name or "").strip():
        missing.append("ansøger")
    if not (title or "").strip() or not (purpose or "").strip():
        missing.append("formål/aktivitet")
    if not expected_participants or expected_participants < 1:
        missing.append("forventet antal deltagere")
    if period_start is None or period_end is None:
        missing.append("periode")
    amounts = list(budget)
    if not amounts:
        missing.append("økonomi (mindst én budgetlinje)")
    if missing:
        return Violation("R4", "Ansøgningen mangler: " + ", ".join(missing) + ".")
    # Nothing is missing from here on (for the type checker: none of these is None).
    assert expected_participants is not None and period_start is not None
    assert period_end is not None
    if expected_participants > MAX_PARTICIPANTS:
        return Violation("R4", f"Skriv det antal deltagere, I forventer (højst "
                               f"{format_number(MAX_PARTICIPANTS)}).")
    if period_end < period_start:
        return Violation("R4", "Periodens slutdato ligger før startdatoen.")
    if any(a <= 0 for a in amounts):
        return Violation("R4", "Hver budgetlinje skal have et beløb over 0,00 kr.")
    if sum(amounts) != requested:
        return Violation(
            "R4",
            f"Budgettets sum {format_money(sum(amounts))} er ikke det søgte beløb "
            f"{format_money(requested)}",
        )
    return None


def latest_activity_day(pool_year: int) -> date:
    """The last day an activity supported by this pool year may take place."""
    return date(pool_year + 1, 12, 31)


def period_within_reach(period_start: date, period_end: date, pool_year: int) -> (
    Violation | None
):
    """R4: the period lies within the pool's reach, i.e. no later than the following year.

    A period years ahead cannot be planned from this year's pool, and a date near the end of
    the calendar would leave its invoice deadline uncomputable.
    """
    latest = latest_activity_day(pool_year)
    if period_start <= latest and period_end <= latest:
        return None
    return Violation(
        "R4",
        f"Puljen {pool_year} støtter aktiviteter, der holdes senest {latest:%d.%m.%Y}; "
        "vælg en periode, der slutter senest den dag.",
    )


def invoice_deadline(period_end: date, deadline_days: int) -> date:
    """The last day for invoices: the period's end plus the pool's deadline (never overflows)."""
    try:
        return period_end + timedelta(days=deadline_days)
    except OverflowError:
        return date.max


def purpose_ticked(ticked: Sequence[bool], labels: Sequence[str], required: int = 1) -> (
    Violation | None
):
    """R5: at least ``required`` of the pool's purposes (its rule set's texts) apply."""
    if sum(1 for value in ticked[:len(labels)] if value) >= required:
        return None
    listed = ", ".join(f"»{text}«" for text in labels)
    if required == 1:
        return Violation("R5", f"Sæt kryds ved mindst ét af puljens formål: {listed}.")
    return Violation("R5", f"Sæt kryds ved mindst {required} af puljens formål: {listed}.")


def one_page(pages: int, overflow_chars: int | None = None) -> Violation | None:
    """R3: the application fits on one A4 page; says how much to cut when that is known."""
    if pages <= 1:
        return None
    if overflow_chars:
        return Violation("R3", f"Ansøgningen fylder mere end én side — forkort formålet med ca. "
                               f"{format_number(overflow_chars)} tegn.")
    return Violation(
        "R3",
        f"Ansøgningen fylder {pages} sider, men må højst fylde én side — "
        "forkort formålet eller budgettets tekster.",
    )


def activity_started(period_start: date, today: date) -> bool:
    """R6: from its first day on, an activity can no longer be granted money."""
    return period_start <= today


def invoice_deadline_unused(deadline: date, today: date, invoices: int) -> bool:
    """R6/R8: the invoice deadline after the period has passed with no invoice that counts,
    so the grant may lapse (the queue flags it, the lapse step is allowed)."""
    return not invoices and deadline < today


def before_activity_starts(period_start: date, today: date) -> Violation | None:
    """R6: approval must come before the activity starts."""
    if not activity_started(period_start, today):
        return None
    return Violation(
        "R6",
        f"Aktiviteten startede {period_start.strftime('%d.%m.%Y')}; tilsagn skal foreligge "
        "inden aktiviteten holdes, så ansøgningen kan ikke bevilges nu.",
    )


def activity_after_approval(activity_date: date | None, approved_on: date | None) -> str | None:
    """R6 on invoices: a note when the invoiced activity took place before the approval."""
    if activity_date and approved_on and activity_date < approved_on:
        return (
            f"Fakturaens ydelse er dateret {activity_date.strftime('%d.%m.%Y')}, før tilsagnet "
            f"{approved_on.strftime('%d.%m.%Y')} (R6)."
        )
    return None


_LEGAL_FORM = re.compile(
    r"(?<!\w)(a/s|aps|i/s|k/s|p/s|ivs|a\.?m\.?b\.?a\.?|f\.?m\.?b\.?a\.?|s\.?m\.?b\.?a\.?)(?!\w)"
)


def _normalise_name(name: str) -> str:
    """Compare names the way a person would: case, spacing and legal form don't matter."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    text = _LEGAL_FORM.sub(" ", text)
    return " ".join(re.sub(r"[.,]", " ", text).split())


def _digits(cvr: str | None) -> str:
    digits = re.sub(r"\D", "", cvr or "")
    return digits[-8:] if len(digits) >= 8 else digits


def _same_name(name_a: str, name_b: str) -> bool:
    return bool(_normalise_name(name_a)) and _normalise_name(name_a) == _normalise_name(name_b)


def _same_cvr(cvr_a: str | None, cvr_b: str | None) -> bool:
    return bool(_digits(cvr_a)) and _digits(cvr_a) == _digits(cvr_b)


def supplier_not_applicant(
    supplier_name: str, supplier_cvr: str | None, applicant_name: str, applicant_cvr: str | None
) -> Violation | None:
    """R7: invoices come from a third party, never from the applicant, and are paid to it."""
    if _same_name(supplier_name, applicant_name) or _same_cvr(supplier_cvr, applicant_cvr):
        return Violation(
            "R7",
            f"Fakturaen er udstedt af ansøgeren ({applicant_name}). Støtten betales kun til en "
            "leverandør (3. person), aldrig til ansøgeren selv.",
        )
    return None


def within_grant(amount: int, granted: int, already_used: int) -> Violation | None:
    """R8: accepted and paid invoices stay within the amount granted."""
    room = granted - already_used
    if amount <= room:
        return None
    return Violation(
        "R8",
        f"Fakturaen på {format_money(amount)} overstiger det, der er tilbage af tilsagnet: "
        f"{format_money(max(room, 0))} af {format_money(granted)}",
    )


def buyer_is_organisation(
    buyer_name: str, buyer_cvr: str | None, legal_name: str, org_cvr: str | None
) -> Violation | None:
    """R9: the invoice is made out to the organisation, by legal name or CVR."""
    if _same_cvr(buyer_cvr, org_cvr) or _same_name(buyer_name, legal_name):
        return None
    written = buyer_name or "(intet navn)"
    if buyer_cvr:
        written += f", CVR {buyer_cvr}"
    return Violation(
        "R9",
        f"Fakturaen lyder på »{written}«, men skal lyde på {legal_name}"
        + (f" (CVR {org_cvr})" if org_cvr else "")
        + ".",
    )


def in_danish_kroner(currency: str) -> Violation | None:
    """Payments are made in DKK; an invoice in another currency cannot be settled."""
    if (currency or "DKK").upper() == "DKK":
        return None
    return Violation(
        "R8", f"Fakturaen er i {currency}; puljen kan kun afregne fakturaer i danske kroner (DKK)."
    )


def partial_grant_explained(amount: int, requested: int, reason: str | None) -> Violation | None:
    """A grant below what was applied for says why, so the resident can read it."""
    if amount >= requested or (reason and reason.strip()):
        return None
    return Violation("input", "Skriv en begrundelse til ansøgeren, når der bevilges mindre, end "
                              f"der er søgt om ({format_money(requested)}).")


def has_text(value: str | None, what: str) -> Violation | None:
    """A reason, a question or an answer must have words in it."""
    if value and value.strip():
        return None
    return Violation("input", f"Skriv {what}.")


def invoice_deadline_passed(deadline: date, today: date, invoices: int) -> Violation | None:
    """A grant lapses only when the invoice deadline after the period has passed unused."""
    if invoice_deadline_unused(deadline, today, invoices):
        return None
    if invoices:
        return Violation(
            "R8", "Sagen har modtaget fakturaer og kan ikke bortfalde; afslut den i stedet."
        )
    return Violation(
        "R6",
        f"Fristen for fakturaer er {deadline.strftime('%d.%m.%Y')}; sagen kan først "
        "bortfalde, når fristen er overskredet.",
    )

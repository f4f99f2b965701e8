"""The pool guidelines' rules as pure checks: each returns a Violation or None.

Rule numbers follow docs/RULES.md (R1–R10, DOMI Bolig's guidelines approved 15.05.2023). The
figures come from the Pool passed in, never from constants here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from workflows.messages import N_, Marked, fill
from workflows.money import format_money, format_number

# More people than live in any Danish housing organisation: a typing error, not a plan.
MAX_PARTICIPANTS = 100_000

# An application's yes/no answers to its pool's purposes (R5), one column each; the purposes'
# texts, and how many must apply, are the pool's rule set (pulje.services.rulesets).
PURPOSE_SLOTS = ("across_departments", "short_notice", "small_group")

# The guideline's own purposes (DOMI Bolig's: the demo's rule set, pools from before rule sets),
# marked so the catalogue has their English; a rule set's own wording is shown as written.
STANDARD_PURPOSES = (
    N_("går på tværs af afdelinger"),
    N_("ønskes igangsat med et kortere varsel"),
    N_("for en mindre gruppe"),
)


# Short names for staff ("Loft pr. projekt (R2)"); residents read only the messages.
RULE_NAMES = {
    "R1": "Puljens ramme",
    "R2": "Loft pr. projekt",
    "R3": "Højst én side",
    "R4": "Ansøgningens indhold",
    "R5": "Puljens formål",
    "R6": "Tilsagn før aktiviteten",
    "R7": "Faktura fra 3. person",
    "R8": "Inden for tilsagnet",
    "R9": "Faktura lyder på organisationen",
    "R10": "Retningslinjernes version",
}


def rule_label(rule: str | None) -> str | None:
    """A rule's short name with its number, e.g. 'Loft pr. projekt (R2)'; None for input."""
    if rule in RULE_NAMES:
        return f"{RULE_NAMES[rule]} ({rule})"
    return None


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str
    # The message before its values were filled in (a catalogue entry), and the values.
    template: str = ""
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, rule: str, template: str, **params: object) -> Violation:
        """A violation whose message the web layer can translate (template marked N_)."""
        return cls(rule, fill(template, params), template, tuple(params.items()))


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
        return Violation.of(
            "R2", N_("Beløbet %(amount)s overstiger puljens loft på %(cap)s pr. projekt."),
            amount=format_money(amount), cap=format_money(cap))
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


MISSING_ITEMS = {
    "applicant_name": N_("ansøger"),
    "purpose": N_("formål/aktivitet"),
    "expected_participants": N_("forventet antal deltagere"),
    "period": N_("periode"),
    "budget": N_("økonomi (mindst én budgetlinje)"),
}


def missing_items(
    *,
    applicant_name: str,
    title: str,
    purpose: str,
    expected_participants: int | None,
    period_start: date | None,
    period_end: date | None,
    budget: Iterable[int],
) -> list[str]:
    """R4: which of applicant, purpose/activity, participants, period and economy are missing
    (keys of MISSING_ITEMS)."""
    missing = []
    if not (applicant_name or "").strip():
        missing.append("applicant_name")
    if not (title or "").strip() or not (purpose or "").strip():
        missing.append("purpose")
    if not expected_participants or expected_participants < 1:
        missing.append("expected_participants")
    if period_start is None or period_end is None:
        missing.append("period")
    if not list(budget):
        missing.append("budget")
    return missing


def missing_item(key: str) -> Violation:
    """R4: the refusal for one missing item."""
    return Violation.of("R4", N_("Ansøgningen mangler: %(item)s."),
                        item=Marked(MISSING_ITEMS[key]))


def participants_plausible(expected_participants: int) -> Violation | None:
    """R4: the expected number of participants is a number of people, not a typing error."""
    if expected_participants <= MAX_PARTICIPANTS:
        return None
    return Violation.of("R4", N_("Skriv, hvor mange deltagere I forventer – højst %(most)s."),
                        most=format_number(MAX_PARTICIPANTS))


def period_in_order(period_start: date, period_end: date) -> Violation | None:
    """R4: the period ends on or after the day it begins."""
    if period_end < period_start:
        return Violation.of("R4", N_("Periodens slutdato ligger før startdatoen."))
    return None


def budget_amounts_positive(budget: Iterable[int]) -> Violation | None:
    """R4: every budget line asks for more than nothing."""
    if any(amount <= 0 for amount in budget):
        return Violation.of("R4", N_("Hver budgetlinje skal have et beløb over 0,00 kr."))
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
    amounts = list(budget)
    missing = missing_items(applicant_name=applicant_name, title=title, purpose=purpose,
                            expected_participants=expected_participants,
                            period_start=period_start, period_end=period_end, budget=amounts)
    if missing:
        return Violation("R4", "Ansøgningen mangler: "
                         + ", ".join(MISSING_ITEMS[key] for key in missing) + ".")
    # Nothing is missing from here on (for the type checker: none of these is None).
    assert expected_participants is not None and period_start is not None
    assert period_end is not None
    for violation in (participants_plausible(expected_participants),
                      period_in_order(period_start, period_end),
                      budget_amounts_positive(amounts)):
        if violation is not None:
            return violation
    if sum(amounts) != requested:
        return Violation(
            "R4",
            f"Budgettets sum ({format_money(sum(amounts))}) er ikke det søgte beløb "
            f"({format_money(requested)}).",
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
    return Violation.of(
        "R4", N_("Puljen %(year)s støtter aktiviteter, der holdes senest %(latest)s; vælg en "
                 "periode, der slutter senest den dag."),
        year=pool_year, latest=f"{latest:%d.%m.%Y}")


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
    if required == 1:
        return Violation.of("R5", N_("Sæt kryds ved mindst ét af puljens formål: %(purposes)s."),
                            purposes=tuple(labels))
    return Violation.of("R5", N_("Sæt kryds ved mindst %(required)d af puljens formål: "
                                 "%(purposes)s."), required=required, purposes=tuple(labels))


def one_page(pages: int, overflow_chars: int | None = None) -> Violation | None:
    """R3: the application fits on one A4 page; says how much to cut when that is known."""
    if pages <= 1:
        return None
    if overflow_chars:
        return Violation.of("R3", N_("Ansøgningen fylder mere end én side — forkort formålet "
                                     "med ca. %(chars)s tegn."),
                            chars=format_number(overflow_chars))
    return Violation.of(
        "R3", N_("Ansøgningen fylder %(pages)s sider, men må højst fylde én side — forkort "
                 "formålet eller budgettets tekster."), pages=pages)


def activity_started(period_start: date, today: date) -> bool:
    """R6: from its first day on, an activity can no longer be granted money."""
    return period_start <= today


def invoice_deadline_unused(deadline: date, today: date, invoices: int) -> bool:
    """R6/R8: the invoice deadline after the period has passed with no invoice that counts,
    so the grant may lapse (the queue flags it, the lapse step is allowed)."""
    return not invoices and deadline < today


def before_activity_starts(period_start: date, today: date, notice_days: int = 0) -> (
    Violation | None
):
    """R6: approval must come before the activity starts.

    At intake the pool's minimum notice (days) leaves time for a decision; a caseworker
    deciding needs none.
    """
    earliest = today + timedelta(days=notice_days + 1)
    if earliest <= period_start:
        return None
    if today < period_start:
        template = (N_("Ansøgningen skal være hos os mindst 1 dag før aktiviteten begynder, så "
                       "vi kan nå at give svar. Vælg en startdato tidligst %(earliest)s.")
                    if notice_days == 1 else
                    N_("Ansøgningen skal være hos os mindst %(days)s dage før aktiviteten "
                       "begynder, så vi kan nå at give svar. Vælg en startdato tidligst "
                       "%(earliest)s."))
        params: dict[str, object] = {"earliest": f"{earliest:%d.%m.%Y}"}
        if notice_days != 1:
            params["days"] = notice_days
        return Violation.of("R6", template, **params)
    return Violation.of(
        "R6", N_("Aktiviteten startede %(start)s; tilsagn skal foreligge inden aktiviteten "
                 "holdes, så ansøgningen kan ikke bevilges nu."),
        start=f"{period_start:%d.%m.%Y}")


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

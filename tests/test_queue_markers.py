"""The queue's markers and their filters: nyt svar, ny faktura, frist om N dage, frist
overskredet — each on the cases it describes and no other, on both databases."""

from __future__ import annotations

from datetime import timedelta

from pulje.services import decisions
from pulje.services.actors import Actor
from pulje.services.invoices import register_invoice
from pulje.services.queue import case_queue
from tests.factories import CASEWORKER, TODAY, invoice_input


def listed(session, organisation, marker, today):
    page = case_queue(session, organisation.id, marker=marker, today=today)
    # Every case here is Karen's, so all look alike; duplicates are tested in test_duplicates.
    return {row.reference: tuple(m for m in row.markers if not m.startswith("Mulig dublet"))
            for row in page.rows}


def test_each_marker_and_its_filter(session, organisation, pool, make_case):
    # The undecided cases happen long after the day the queue is read.
    later = {"period_start": TODAY + timedelta(days=200), "period_end": TODAY + timedelta(days=201)}
    answered = make_case("awaiting_info", title="Svaret", **later)
    decisions.answer(session, answered, Actor.resident("Karen Jensen"), "Vi bliver 80.")
    asked_again = make_case("awaiting_info", title="Spurgt igen", **later)
    decisions.answer(session, asked_again, Actor.resident("Karen Jensen"), "Ja.")
    decisions.request_info(session, asked_again, CASEWORKER, "Og hvornår?")
    invoiced = make_case("approved", title="Faktura")
    register_invoice(session, invoiced, CASEWORKER, invoice_input(1_000_00))
    soon = make_case("approved", title="Snart")
    deadline = decisions.invoice_deadline(pool, soon)
    today = deadline - timedelta(days=3)
    late = make_case("approved", title="For sent", period_start=TODAY + timedelta(days=10),
                     period_end=TODAY + timedelta(days=11))
    assert decisions.invoice_deadline(pool, late) < today
    quiet = make_case("in_review", title="Stille", **later)
    started = make_case("submitted", title="Startet", period_start=today - timedelta(days=1),
                        period_end=today)

    assert listed(session, organisation, "nyt-svar", today) == {answered.reference: ("Nyt svar",)}
    assert listed(session, organisation, "ny-faktura", today) == {
        invoiced.reference: ("Ny faktura",)}
    # The invoiced case shares the period, so it is due soon too — but it has its invoice.
    assert listed(session, organisation, "frist-snart", today) == {
        soon.reference: ("Frist om 3 dage",)}
    overdue = listed(session, organisation, "frist-overskredet", today)
    assert overdue[late.reference] == ("Frist overskredet",)
    # An undecided case whose activity already started is overdue too.
    assert overdue == {late.reference: ("Frist overskredet",),
                       started.reference: ("Frist overskredet",)}
    everything = listed(session, organisation, None, today)
    assert everything[quiet.reference] == () and everything[asked_again.reference] == ()
    assert len(everything) == 7

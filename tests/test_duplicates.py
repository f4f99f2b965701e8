"""Possible duplicates ("Mulig dublet af 2026-0011") and the cap per project (R2) once the
caseworker has said two cases are the same project."""

from __future__ import annotations

from datetime import timedelta
from itertools import combinations

import pytest
from sqlmodel import select

from pulje.models import Application, DuplicatePair
from pulje.services import decisions
from pulje.services.duplicates import judge, looks_alike, possible_duplicates, rebuild_pairs
from pulje.services.errors import InputError
from pulje.services.privacy import anonymise_applicant
from pulje.services.queue import case_queue
from tests.factories import CASEWORKER, TODAY


def test_same_applicant_and_title_or_period_is_a_possible_duplicate(session, make_case):
    first = make_case("submitted", title="Sommerfest i gården")
    twin = make_case("submitted", title="Sommerfest i  gaarden", applicant_email="andet@x.dk",
                     period_start=TODAY + timedelta(days=100),
                     period_end=TODAY + timedelta(days=101))
    overlapping = make_case("submitted", title="Noget helt andet", applicant_name="karen jensen",
                            applicant_email="KAREN@beboer.example")
    other_person = make_case("submitted", applicant_name="Ole Sørensen",
                             applicant_email="ole@beboer.example")
    later = make_case("submitted", title="Julefrokost", period_start=TODAY + timedelta(days=150),
                      period_end=TODAY + timedelta(days=151))

    found = [(d.other.reference, d.warning) for d in possible_duplicates(session, first)]
    assert found == [(twin.reference, f"Mulig dublet af {twin.reference}"),
                     (overlapping.reference, f"Mulig dublet af {overlapping.reference}")]
    assert other_person.reference not in {d.other.reference
                                          for d in possible_duplicates(session, first)}
    assert possible_duplicates(session, later) == []


def test_the_cap_applies_to_the_same_project_together(session, make_case, refused):
    first = make_case("approved", requested=15_000_00)
    second = make_case("in_review", requested=15_000_00)
    judge(session, second, first.reference, CASEWORKER, same_project=False)
    assert [d.same_project for d in possible_duplicates(session, second)] == [False]

    judge(session, second, first.reference, CASEWORKER, same_project=True)
    error = refused(lambda: decisions.approve(session, second, CASEWORKER, 10_000_00,
                                              today=TODAY, reason="Resten af loftet."),
                    rule="R2")
    assert error.message == (
        f"Projektet har allerede fået 15.000,00\xa0kr. på sag {first.reference}. Med "
        "10.000,00\xa0kr. bliver det 25.000,00\xa0kr., mere end puljens loft på "
        "20.000,00\xa0kr. pr. projekt.")
    decisions.approve(session, second, CASEWORKER, 5_000_00, today=TODAY,
                      reason="Resten af loftet for projektet.")
    assert second.granted == 5_000_00


def test_judging_a_case_that_does_not_look_alike_is_refused(session, make_case):
    first = make_case("submitted")
    stranger = make_case("submitted", applicant_name="Ole Sørensen",
                         applicant_email="ole@beboer.example", title="Andet")
    with pytest.raises(InputError, match="ligner ikke"):
        judge(session, first, stranger.reference, CASEWORKER, same_project=True)
    with pytest.raises(InputError, match="findes ikke"):
        judge(session, first, "2026-9999", CASEWORKER, same_project=True)


def _kept_pairs(session) -> set[tuple[str, str]]:
    reference = {a.id: a.reference for a in session.exec(select(Application)).all()}
    return {(reference[p.first_id], reference[p.second_id])
            for p in session.exec(select(DuplicatePair)).all()}


def test_the_kept_pairs_are_every_pair_that_looks_alike(session, make_case):
    """What submission kept, what a rebuild finds and comparing every two cases agree — also
    for names that differ only in case and spaces, capital Æ/Ø/Å and a shared e-mail."""
    later = {"period_start": TODAY + timedelta(days=200), "period_end": TODAY + timedelta(days=201)}
    make_case(title="Sommerfest i gården")
    make_case(title="Sommerfest  i gården", applicant_name="KAREN   jensen",
              applicant_email="k@x.dk", **later)
    make_case(title="Julefrokost", applicant_name="Anden Person")  # same e-mail and period
    make_case(title="Strikkeklub", applicant_name="Øjvind Ærø", applicant_email="o@x.dk")
    make_case(title="Strikkeklubben", applicant_name="øjvind ærø",
              applicant_email="andet@x.dk", **later)
    make_case(title="Strikkeklub", applicant_name="Åse Ørnebjerg", applicant_email="a@x.dk",
              **later)
    cases = session.exec(select(Application).order_by(Application.id)).all()
    every = {(a.reference, b.reference) for a, b in combinations(cases, 2) if looks_alike(a, b)}

    assert _kept_pairs(session) == every
    assert ("2026-0001", "2026-0003") in every and ("2026-0004", "2026-0005") in every
    rebuild_pairs(session)
    assert _kept_pairs(session) == every
    first = cases[0]
    assert [d.other.reference for d in possible_duplicates(session, first)] == sorted(
        b for a, b in every if a == first.reference)


def test_an_anonymised_applicant_is_nobodys_duplicate(session, make_case, organisation):
    old = make_case("closed", paid=5_000_00, title="Sommerfest")
    new = make_case("submitted", title="Sommerfest")
    assert [d.other.reference for d in possible_duplicates(session, new)] == [old.reference]

    anonymise_applicant(session, organisation.id, old.reference, CASEWORKER,
                        today=TODAY + timedelta(days=30))
    assert possible_duplicates(session, new) == []
    assert possible_duplicates(session, old) == []
    with pytest.raises(InputError, match="ligner ikke"):
        judge(session, new, old.reference, CASEWORKER, same_project=True)
    queue = case_queue(session, organisation.id, today=TODAY)
    assert not [m for row in queue.rows for m in row.markers if m.startswith("Mulig dublet")]
    rebuild_pairs(session)
    assert possible_duplicates(session, new) == []


def test_the_queue_marks_each_row_with_its_possible_duplicates(session, make_case,
                                                               organisation):
    first = make_case(title="Sommerfest")
    twin = make_case(title="Sommerfest", applicant_email="andet@x.dk")
    judged = make_case(title="Sommerfest", applicant_email="tredje@x.dk")
    stranger = make_case(title="Sommerfest", applicant_name="Ole Sørensen",
                         applicant_email="ole@x.dk")
    judge(session, judged, first.reference, CASEWORKER, same_project=False)
    marks = {row.reference: [m for m in row.markers if m.startswith("Mulig dublet")]
             for row in case_queue(session, organisation.id, today=TODAY).rows}
    assert marks == {
        first.reference: [f"Mulig dublet af {twin.reference}"],
        twin.reference: [f"Mulig dublet af {first.reference}",
                         f"Mulig dublet af {judged.reference}"],
        judged.reference: [f"Mulig dublet af {twin.reference}"],
        stranger.reference: []}

"""Possible duplicates ("Mulig dublet af 2026-0011") and the cap per project (R2) once the
caseworker has said two cases are the same project."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pulje.services import decisions
from pulje.services.duplicates import judge, possible_duplicates
from pulje.services.errors import InputError
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

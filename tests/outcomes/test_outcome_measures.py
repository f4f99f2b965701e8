"""The board's measures against a pool year counted by hand.

Departments (homes): 1 Søvangen (100), 2 Kildevang (200), 3 Ørnebjerg (50), 4 Skovbakken (150)
= 500 homes. Day counted: 17.09.2026. Cases of 2026, in the order received:

    case  applicant                dept  state (17.09)        expected  report (ticks)      paid
    K     Karen, karen@…           1     afslået              80        –                   –
    A     Karen, KAREN@… (again)   1     afsluttet            80        95 (1, 2)           6.000
    B     Ole, ole@…               2     afsluttet            20        none                2.000
    C     Ole Hansen, no e-mail    1     bevilget, period over 20       10 (3)              –
    D     "ole  HANSEN", no e-mail 3     afslået              20        –                   –
    E     Emil, emil@…             3     bevilget, ahead      30        –                   –
    F     Bente, bente@…           2     afsluttet            5         4 (none)            1.000

Held: A, B, C, F = 4 (K, D rejected; E's period has not ended). Reported: A, C, F = 3 → 75 %.
Participants 95 + 10 + 4 = 109 of expected 80 + 20 + 5 = 105 (A had more than expected);
per 100 homes 109 × 100 / 500 = 21,8. Departments reached: 1 (A, C), 2 (B, F, A's tick),
3 (C's tick) = 3 of 4. Crossing: A (two ticks) = 1. Kroner per participant (closed and
reported): A 600.000 øre / 95 = 6.315,8 → 6.316 øre; F 100.000 / 4 = 25.000 øre; median
(6.316 + 25.000) // 2 = 15.658 øre, lowest 6.316, highest 25.000. First-time: K, B, C, E, F
= 5 of 7 (A is Karen again by e-mail, D is Ole Hansen again by name). Purposes of the held:
across departments A, B, C, F = 4; short notice B = 1; small group 0.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from pypdf import PdfReader
from sqlmodel import select

from pulje.models import Department, Pool, clock_at
from pulje.services import outcomes
from pulje.services.actors import Actor
from pulje.services.outcome_measures import applicant_key, outcome_measures, year_measures
from pulje.services.year_report import build_year_report
from reports.outcome_data import measure_rows
from reports.yearly import build_year_report_pdf
from tests.factories import TODAY

DAY = date(2026, 9, 17)


@pytest.fixture
def year(session, organisation, make_case, tmp_path):
    homes = {"1": 100, "2": 200, "3": 50}
    for department in session.exec(select(Department).where(
            Department.organisation_id == organisation.id)).all():
        department.homes = homes[department.number]
        session.add(department)
    session.add(Department(organisation_id=organisation.id, number="4", name="Skovbakken",
                           homes=150))
    session.add(Pool(organisation_id=organisation.id, year=2025, total=100_000_00,
                     cap=20_000_00, rule_version="2023", rule_approved_on=date(2023, 5, 15),
                     opens_on=date(2025, 1, 1), closes_on=date(2025, 12, 31)))
    session.flush()
    ids = {d.number: d.id for d in session.exec(select(Department).where(
        Department.organisation_id == organisation.id)).all()}
    with clock_at(datetime.combine(TODAY, time(10), UTC)):
        make_case("rejected", applicant_email="karen@beboer.example")
        a = make_case("closed", paid=6_000_00, applicant_email=" KAREN@beboer.example ")
        make_case("closed", paid=2_000_00, department_number="2", applicant_name="Ole",
                  applicant_email="ole@beboer.example", expected_participants=20,
                  short_notice=True)
        c = make_case("approved", applicant_name="Ole Hansen", applicant_email="",
                      expected_participants=20)
        make_case("rejected", department_number="3", applicant_name="ole  HANSEN",
                  applicant_email="", expected_participants=20)
        make_case("approved", department_number="3", applicant_name="Emil",
                  applicant_email="emil@beboer.example", expected_participants=30,
                  period_start=TODAY + timedelta(days=250),
                  period_end=TODAY + timedelta(days=251))
        f = make_case("closed", paid=1_000_00, department_number="2", applicant_name="Bente",
                      applicant_email="bente@beboer.example", expected_participants=5)
    with clock_at(datetime.combine(DAY, time(10), UTC)):
        for case, participants, ticks in ((a, 95, ["1", "2"]), (c, 10, ["3"]), (f, 4, [])):
            outcomes.save_report(session, case, Actor.resident(case.applicant_name),
                                 outcomes.OutcomeInput(participants=participants,
                                                       department_ids=[ids[n] for n in ticks]),
                                 folder=tmp_path, today=DAY)
    return session.exec(select(Pool).where(Pool.organisation_id == organisation.id,
                                           Pool.year == 2026)).one()


def test_each_measure_against_the_hand_count(session, year):
    m = outcome_measures(session, year, DAY)
    assert (m.held, m.reported, m.report_share) == (4, 3, 0.75)
    assert (m.participants, m.expected_of_reported) == (109, 105)
    assert m.participants_ratio == pytest.approx(109 / 105)
    assert (m.homes, m.participants_per_100_homes) == (500, pytest.approx(21.8))
    assert (m.departments_reached, m.departments, m.reach_share) == (3, 4, 0.75)
    assert m.crossing == 1
    assert (m.cost.activities, m.cost.median, m.cost.lowest, m.cost.highest) == (
        2, 15_658, 6_316, 25_000)
    assert (m.first_time, m.cases) == (5, 7)
    assert [count for _label, count in m.purposes] == [4, 1, 0]
    assert dict(m.purposes) == {"Går på tværs af afdelinger": 4,
                                "Ønskes igangsat med et kortere varsel": 1,
                                "For en mindre gruppe": 0}


def test_a_report_counts_only_from_its_own_day(session, year):
    before = outcome_measures(session, year, DAY - timedelta(days=1))
    assert (before.held, before.reported, before.participants, before.cost) == (4, 0, 0, None)
    assert before.departments_reached == 2  # the applicants' own departments 1 and 2


def test_without_every_departments_homes_there_is_no_figure_per_100_homes(session, year):
    session.add(Department(organisation_id=year.organisation_id, number="5", name="Ny"))
    session.flush()
    assert outcome_measures(session, year, DAY).participants_per_100_homes is None


def test_last_year_is_counted_beside_this_year(session, year):
    this, last = year_measures(session, year, DAY)
    assert this.held == 4 and last.year == 2025 and last.as_of == date(2025, 12, 31)
    assert (last.held, last.cases, last.cost) == (0, 0, None)


@pytest.mark.parametrize("email, name, key", [
    (" Karen@Beboer.Example ", "x", "@karen@beboer.example"),
    ("", "  Ole   HANSEN ", "ole hansen"),
    (None, "Åse\tØster", "åse øster"),
])
def test_applicants_are_known_again_by_email_else_by_name(email, name, key):
    assert applicant_key(email, name) == key


def test_the_yearly_report_and_the_dashboard_rows_show_the_same_figures(session, year):
    report = build_year_report(session, year, DAY)
    assert report.measures == outcome_measures(session, year, DAY)
    # Each grant's expected participants beside those reported (A, B, C, E, F; B and E
    # without a report).
    assert sorted((g.participants, g.took_part or -1) for g in report.appendix) == [
        (5, 4), (20, -1), (20, 10), (30, -1), (80, 95)]
    rows = {row.label: row for row in measure_rows(report.measures, report.last_measures)}
    assert rows["Aktiviteter afholdt"].this == "4"
    assert rows["Deltagere (i forhold til forventet)"].this == "109 (104\xa0%)"
    assert rows["Deltagere pr. 100 boliger"].this == "21,8"
    assert rows["Afdelinger nået"].this == "75\xa0% (3 af 4)"
    assert rows["Kroner pr. deltager (median, laveste–højeste)"].this == (
        "156,58\xa0kr. (63,16–250,00\xa0kr.)")
    assert rows["Nye ansøgere"].this == "71\xa0% (5 af 7)"
    assert rows["Afholdte aktiviteter med afrapportering"].this == "75\xa0% (3 af 4)"
    assert all(row.last is not None and row.explanation for row in rows.values())
    text = " ".join(PdfReader(io.BytesIO(build_year_report_pdf(report))).pages[i].extract_text()
                    for i in range(3))
    text = re.sub(r"\s+", " ", text.replace("\xa0", " "))
    assert "Hvad puljen nåede" in text
    assert "21,8" in text
    assert "156,58 kr. (63,16–250,00 kr.)" in text
    assert "Andel af organisationens afdelinger med mindst én afholdt aktivitet" in text
    appendix = re.sub(r"\s+", " ", " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(build_year_report_pdf(report))).pages
    ).replace("\xa0", " "))
    assert "5 bevillinger med 155 forventede deltagere; 3 med afrapportering, hvor i alt 109 " \
           "deltog" in appendix

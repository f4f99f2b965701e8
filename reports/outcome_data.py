"""What the pool reached in a year (the board's measures), as plain data for page and PDF.

Each figure has one plain Danish sentence saying what it counts and what it leaves out; the
dashboard and the yearly report show the same sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CostPerParticipant:
    """Kroner per participant (in øre) over the closed, reported activities with participants."""

    activities: int
    median: int
    lowest: int
    highest: int


@dataclass(frozen=True)
class OutcomeMeasures:
    """One pool year's measures as of one day."""

    year: int
    as_of: date
    held: int  # activities held: granted, and closed or past their period's end
    reported: int  # of those, with a report
    participants: int  # sum of the reports' participants
    expected_of_reported: int  # the expected participants of the same reported activities
    departments: int  # the organisation's departments
    departments_reached: int  # with at least one held activity (applicant's or ticked)
    crossing: int  # held activities whose report names more than one department
    homes: int | None  # homes in the organisation, when every department has its number
    cost: CostPerParticipant | None
    cases: int  # applications received in the year
    first_time: int  # of those, from applicants not seen in any earlier application
    purposes: tuple[tuple[str, int], ...]  # (purpose label, held activities that ticked it)

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def participants_ratio(self) -> float | None:
        return self._share(self.participants, self.expected_of_reported)

    @property
    def reach_share(self) -> float | None:
        return self._share(self.departments_reached, self.departments)

    @property
    def report_share(self) -> float | None:
        return self._share(self.reported, self.held)

    @property
    def first_time_share(self) -> float | None:
        return self._share(self.first_time, self.cases)

    @property
    def participants_per_100_homes(self) -> float | None:
        return None if not self.homes else self.participants * 100 / self.homes


EXPLAINED = {
    "held": "Bevilgede aktiviteter, hvor sagen er afsluttet eller perioden er slut; "
            "tilbagetrukne og bortfaldne tæller ikke.",
    "participants": "Summen af deltagere i afrapporteringerne, og hvor mange det er i forhold "
                    "til det forventede antal i de samme sager; aktiviteter uden "
                    "afrapportering tæller ikke med.",
    "per_homes": "Deltagere pr. 100 boliger i organisationen; vises kun, når alle afdelinger "
                 "har antal boliger.",
    "reach": "Andel af organisationens afdelinger med mindst én afholdt aktivitet — "
             "ansøgerens egen afdeling eller en afdeling krydset af i afrapporteringen.",
    "crossing": "Afholdte aktiviteter, hvor afrapporteringen nævner deltagere fra mere end "
                "én afdeling.",
    "cost": "Udbetalt beløb delt med antal deltagere, for afsluttede aktiviteter med "
            "afrapportering og mindst én deltager: midterværdien og laveste–højeste.",
    "first_time": "Andel af årets ansøgninger fra ansøgere, vi ikke har haft en ansøgning fra "
                  "før (samme e-mail eller, uden e-mail, samme navn).",
    "reported": "Andel af de afholdte aktiviteter, der har en afrapportering.",
    "purposes": "Afholdte aktiviteter pr. formål; en aktivitet kan have flere formål, så "
                "tallene summer ikke til det samlede antal.",
}

"""What the pool reached in a year (the board's measures), as plain data for page and PDF.

Each figure has one plain Danish sentence saying what it counts and what it leaves out; the
dashboard and the yearly report show the same sentences. Labels and sentences are marked N_,
so the dashboard can show them in the reader's language; the yearly report is Danish.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from babel.numbers import format_decimal, format_percent

from workflows.messages import N_
from workflows.money import format_money, kroner


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
    "held": N_("Bevilgede aktiviteter, hvor sagen er afsluttet eller perioden er slut; "
               "tilbagetrukne og bortfaldne tæller ikke."),
    "participants": N_("Summen af deltagere i afrapporteringerne, og hvor mange det er i forhold "
                       "til det forventede antal i de samme sager; aktiviteter uden "
                       "afrapportering tæller ikke med."),
    "per_homes": N_("Summen af deltagere delt med organisationens antal boliger, gange 100; "
                    "vises kun, når alle afdelinger har et antal boliger."),
    "reach": N_("Andel af organisationens afdelinger med mindst én afholdt aktivitet — "
                "ansøgerens egen afdeling eller en afdeling krydset af i afrapporteringen."),
    "crossing": N_("Afholdte aktiviteter, hvor afrapporteringen nævner deltagere fra mere end "
                   "én afdeling."),
    "cost": N_("Udbetalt beløb delt med antal deltagere, for afsluttede aktiviteter med "
               "afrapportering og mindst én deltager: midterværdien og laveste–højeste."),
    "first_time": N_("Andel af årets ansøgninger fra ansøgere, vi ikke har haft en ansøgning fra "
                     "før (samme e-mail eller, uden e-mail, samme navn)."),
    "reported": N_("Andel af de afholdte aktiviteter, der har en afrapportering."),
    "purposes": N_("Afholdte aktiviteter pr. formål; en aktivitet kan have flere formål, så "
                   "tallene summer ikke til det samlede antal."),
}


@dataclass(frozen=True)
class MeasureRow:
    """One line of the measures table: what, last year's and this year's value, and why."""

    label: str
    last: str | None  # None when there is no last year
    this: str
    explanation: str


def _percent(share: float | None) -> str:
    return "–" if share is None else format_percent(share, locale="da_DK")


def _per_100(value: float | None) -> str:
    return "–" if value is None else format_decimal(round(value, 1), locale="da_DK")


def _cost(cost: CostPerParticipant | None) -> str:
    if cost is None:
        return "–"
    # The span without a second "kr.", so the cell stays one short line in the PDF's column.
    return f"{format_money(cost.median)} ({kroner(cost.lowest)}–{format_money(cost.highest)})"


def _same(text: str) -> str:
    return text


def _of(share: float | None, part: int, whole: int, translate: Callable[[str], str]) -> str:
    """"75 % (3 af 4)"."""
    return translate(N_("%(share)s (%(part)s af %(whole)s)")) % {
        "share": _percent(share), "part": part, "whole": whole}


def _number(value: int) -> str:
    return format_decimal(value, locale="da_DK")


# (label, how a year's value is written, the key of its explanation)
_LINES: tuple[tuple[str, Callable[[OutcomeMeasures, Callable[[str], str]], str], str], ...] = (
    (N_("Aktiviteter afholdt"), lambda m, _t: _number(m.held), "held"),
    (N_("Deltagere (i forhold til forventet)"),
     lambda m, _t: f"{_number(m.participants)} ({_percent(m.participants_ratio)})",
     "participants"),
    (N_("Deltagere pr. 100 boliger"), lambda m, _t: _per_100(m.participants_per_100_homes),
     "per_homes"),
    (N_("Afdelinger nået"),
     lambda m, t: _of(m.reach_share, m.departments_reached, m.departments, t), "reach"),
    (N_("Aktiviteter på tværs af afdelinger"), lambda m, _t: _number(m.crossing), "crossing"),
    (N_("Kroner pr. deltager (median, laveste–højeste)"), lambda m, _t: _cost(m.cost), "cost"),
    (N_("Nye ansøgere"), lambda m, t: _of(m.first_time_share, m.first_time, m.cases, t),
     "first_time"),
    (N_("Afholdte aktiviteter med afrapportering"),
     lambda m, t: _of(m.report_share, m.reported, m.held, t), "reported"),
)


def measure_rows(this: OutcomeMeasures, last: OutcomeMeasures | None,
                 translate: Callable[[str], str] = _same) -> list[MeasureRow]:
    """The measures as the dashboard and the yearly report both write them; their words
    through ``translate`` (the dashboard's gettext; the report keeps the Danish)."""
    t = translate
    rows = [MeasureRow(t(label), value(last, t) if last else None, value(this, t),
                       t(EXPLAINED[key])) for label, value, key in _LINES]
    last_purposes = dict(last.purposes) if last else {}
    for label, count in this.purposes:
        # The rule set's own wording of a purpose has no translation and stays as written.
        rows.append(MeasureRow(t(N_("Formål: %(purpose)s")) % {"purpose": t(label.lower())},
                               str(last_purposes.get(label, 0)) if last else None, str(count),
                               t(EXPLAINED["purposes"])))
    return rows

"""The board's overview of a pool year: the same figures as the accounting, grouped in SQL."""

from sqlalchemy import event

from pulje.services.accounting import pool_figures, state_counts
from pulje.services.dashboard import pool_years, year_overview, year_report_data
from reports.data import YearReportData


def make_year(make_case):
    """A granted-and-paid case, a granted one, a closed one and two undecided ones."""
    make_case("approved", requested=10_000_00, paid=4_000_00, across_departments=True,
              small_group=True, expected_participants=30)
    make_case("approved", requested=6_000_00, department_number="2", across_departments=False,
              short_notice=True, expected_participants=12)
    make_case("closed", requested=8_000_00, paid=5_000_00, department_number="2",
              expected_participants=40)
    make_case("submitted", requested=2_000_00)
    make_case("rejected", requested=3_000_00, department_number="3")


def test_figures_equal_the_pool_accounting(session, pool, make_case):
    make_year(make_case)
    overview = year_overview(session, pool)
    assert overview.figures == pool_figures(session, pool)
    assert (overview.figures.granted, overview.figures.paid, overview.figures.released) == (
        24_000_00, 9_000_00, 3_000_00)
    assert overview.figures.available == 100_000_00 - 21_000_00
    assert dict(overview.by_state) == {**dict.fromkeys(dict(overview.by_state), 0),
                                      **state_counts(session, pool)}
    assert overview.applications == 5


def test_breakdown_per_department_lists_every_department(session, pool, make_case):
    make_year(make_case)
    rows = {row.label: row for row in year_overview(session, pool).by_department}
    assert list(rows) == ["1 Søvangen", "2 Kildevang", "3 Ørnebjerg"]
    assert (rows["1 Søvangen"].count, rows["1 Søvangen"].granted, rows["1 Søvangen"].paid,
            rows["1 Søvangen"].participants) == (2, 10_000_00, 4_000_00, 30)
    assert (rows["2 Kildevang"].count, rows["2 Kildevang"].granted,
            rows["2 Kildevang"].paid) == (2, 14_000_00, 5_000_00)
    assert (rows["3 Ørnebjerg"].count, rows["3 Ørnebjerg"].granted) == (1, 0)


def test_breakdown_per_purpose_counts_a_case_under_each_ticked_purpose(session, pool,
                                                                       make_case):
    make_year(make_case)
    across, short, small = year_overview(session, pool).by_purpose
    assert across.label == "Går på tværs af afdelinger"
    assert (across.count, across.granted, across.paid) == (4, 18_000_00, 9_000_00)
    assert (short.count, short.granted, short.participants) == (1, 6_000_00, 12)
    assert (small.count, small.granted, small.paid) == (1, 10_000_00, 4_000_00)


def test_grants_are_listed_by_reference_with_what_was_paid(session, pool, make_case):
    make_year(make_case)
    grants = year_overview(session, pool).grants
    assert [(g.reference, g.granted, g.paid, g.state) for g in grants] == [
        ("2026-0001", 10_000_00, 4_000_00, "bevilget"),
        ("2026-0002", 6_000_00, 0, "bevilget"),
        ("2026-0003", 8_000_00, 5_000_00, "afsluttet"),
    ]
    assert grants[0].department == "1 Søvangen" and grants[0].title == "Sommerfest"


def test_report_data_carries_the_dashboards_figures(session, organisation, pool, make_case):
    make_year(make_case)
    overview = year_overview(session, pool)
    data = year_report_data(session, pool)
    assert isinstance(data, YearReportData)
    assert (data.total, data.granted, data.paid, data.released, data.available) == (
        overview.figures.total, overview.figures.granted, overview.figures.paid,
        overview.figures.released, overview.figures.available)
    assert data.by_department == overview.by_department
    assert data.by_purpose == overview.by_purpose
    assert data.grants == overview.grants
    assert [g.reference for g in data.open_at_year_end] == ["2026-0001", "2026-0002"]
    assert ("modtaget", 1) in data.by_state and data.organisation.cvr == organisation.cvr
    assert data.average_days_to_decision is not None and data.average_days_to_decision >= 0
    assert data.generated_at.tzinfo is not None


def test_an_empty_year_has_zeros_and_no_average(session, pool):
    overview = year_overview(session, pool)
    assert overview.applications == 0 and overview.grants == ()
    assert all(row.count == 0 for row in overview.by_department)
    assert overview.average_days_to_decision is None
    assert pool_years(session, pool.organisation_id) == [2026]


def test_the_number_of_queries_does_not_grow_with_the_cases(session, pool, make_case):
    def queries():
        seen = []

        def count(_conn, _cursor, statement, *_args):
            seen.append(statement)

        engine = session.get_bind().engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            year_overview(session, pool)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(seen)

    make_year(make_case)
    few = queries()
    make_year(make_case)
    make_year(make_case)
    assert queries() == few <= 7

"""The board's view of a pool year: the same figures as the accounting, with breakdowns that
total to them, read in a fixed number of queries."""

from datetime import UTC, datetime, time

from sqlalchemy import event

from pulje.models import clock_at
from pulje.services.accounting import pool_figures, state_counts
from pulje.services.dashboard import pool_years
from pulje.services.year_report import build_year_report
from tests.factories import TODAY


def make_year(make_case):
    """A granted-and-paid case, a granted one, a closed one and two undecided ones.

    Every step is stamped on TODAY, the day the factory gives the services.
    """
    with clock_at(datetime.combine(TODAY, time(12), tzinfo=UTC)):
        _cases(make_case)


def _cases(make_case):
    make_case("approved", requested=10_000_00, paid=4_000_00, across_departments=True,
              small_group=True, expected_participants=30)
    make_case("approved", requested=6_000_00, department_number="2", across_departments=False,
              short_notice=True, expected_participants=12)
    make_case("closed", requested=8_000_00, paid=5_000_00, department_number="2",
              expected_participants=40)
    make_case("submitted", requested=2_000_00)
    make_case("rejected", requested=3_000_00, department_number="3")


def board_view(session, pool):
    return build_year_report(session, pool, TODAY)


def test_figures_equal_the_pool_accounting(session, pool, make_case):
    make_year(make_case)
    report = board_view(session, pool)
    live = pool_figures(session, pool)
    assert report.this.money == {"total": live.total, "granted": live.granted,
                                 "paid": live.paid, "committed": live.committed,
                                 "released": live.released, "available": live.available}
    assert (live.granted, live.paid, live.released) == (24_000_00, 9_000_00, 3_000_00)
    counts = state_counts(session, pool)
    assert {label: n for label, n in report.by_state if n} == {
        {"approved": "bevilget", "closed": "afsluttet", "submitted": "modtaget",
         "rejected": "afslået"}[state]: n for state, n in counts.items()}
    assert report.this.received == 5 and report.this.grants == 3


def test_departments_count_applications_and_grants_apart(session, pool, make_case):
    make_year(make_case)
    rows = {row.label: row for row in board_view(session, pool).departments}
    assert list(rows) == ["2 Kildevang", "1 Søvangen", "3 Ørnebjerg"]  # most granted first
    assert (rows["1 Søvangen"].applications, rows["1 Søvangen"].grants,
            rows["1 Søvangen"].granted, rows["1 Søvangen"].paid,
            rows["1 Søvangen"].participants) == (2, 1, 10_000_00, 4_000_00, 30)
    assert (rows["2 Kildevang"].applications, rows["2 Kildevang"].grants,
            rows["2 Kildevang"].granted, rows["2 Kildevang"].paid) == (2, 2, 14_000_00, 5_000_00)
    assert (rows["3 Ørnebjerg"].applications, rows["3 Ørnebjerg"].grants) == (1, 0)


def test_purposes_count_a_case_under_each_ticked_purpose(session, pool, make_case):
    make_year(make_case)
    report = board_view(session, pool)
    across, short, small = report.purposes
    assert across.label == "Går på tværs af afdelinger"
    assert (across.cases, across.grants, across.granted) == (4, 2, 18_000_00)
    assert (short.cases, short.grants, short.granted) == (1, 1, 6_000_00)
    assert (small.cases, small.grants, small.granted) == (1, 1, 10_000_00)
    assert report.purpose_cases == 5


def test_grants_are_listed_by_reference_with_what_was_paid(session, pool, make_case):
    make_year(make_case)
    grants = board_view(session, pool).appendix
    assert [(g.reference, g.granted, g.paid, g.state) for g in grants] == [
        ("2026-0001", 10_000_00, 4_000_00, "bevilget"),
        ("2026-0002", 6_000_00, 0, "bevilget"),
        ("2026-0003", 8_000_00, 5_000_00, "afsluttet"),
    ]
    assert grants[0].department == "1 Søvangen" and grants[0].title == "Sommerfest"


def test_an_empty_year_has_zeros(session, pool):
    report = board_view(session, pool)
    assert report.this.received == 0 and report.appendix == () and report.departments == ()
    assert report.this.decision_days.median is None
    assert pool_years(session, pool.organisation_id) == [2026]


def test_the_number_of_queries_does_not_grow_with_the_cases(session, pool, make_case):
    def queries():
        seen = []

        def count(_conn, _cursor, statement, *_args):
            seen.append(statement)

        engine = session.get_bind().engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            board_view(session, pool)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(seen)

    make_year(make_case)
    few = queries()
    make_year(make_case)
    make_year(make_case)
    # What the pool reached (issue 20) reads three more: the organisation's applications, the
    # short reports with their ticked departments, and the departments' homes; a tenth came with
    # the merge of the money work (issue 14). The point is the equality: none per case.
    assert queries() == few <= 10

"""Finding a case (pulje.services.search) on both engines: what a caseworker has in hand, spelled
the ways Danes spell it, within their own organisation, with what matched marked."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlmodel import select

from pulje.folding import fold
from pulje.models import Application, CaseSearch, Department, Organisation, Pool
from pulje.services.invoices import accept_invoice, register_invoice
from pulje.services.payments import record_payment
from pulje.services.privacy import anonymise_applicant
from pulje.services.queue import case_queue
from pulje.services.search import marked, search_cases
from pulje.services.search_index import ORGANISATION_KEY, rebuild
from pulje.services.submission import submit_application
from tests.factories import CASEWORKER, TODAY, invoice_input


def references(session, organisation_id, query, **kwargs) -> list[str]:
    return [case.reference for case in
            search_cases(session, organisation_id, query, **kwargs).cases]


@pytest.fixture
def other_organisation(session, application_input):
    """A second organisation with a case by a resident of the same name, Birthe Østergaard."""
    org = Organisation(name="Anden Bolig", legal_name="Anden Bolig", cvr="31000001")
    session.add(org)
    session.flush()
    session.add(Department(organisation_id=org.id, number="1", name="Åparken"))
    session.add(Pool(organisation_id=org.id, year=2026, total=100_000_00, cap=20_000_00,
                     rule_version="R", rule_approved_on=date(2023, 5, 15),
                     opens_on=date(2026, 1, 1), closes_on=date(2026, 12, 31)))
    session.flush()
    submit_application(session, org.id, application_input(
        applicant_name="Birthe Østergaard", applicant_email="birthe@anden.example",
        title="Fællesspisning i Åparken"), today=TODAY)
    return org


# (applicant, department no., title) stored; then what a caseworker types and must find.
NAMES = [
    ("Birthe Østergaard", "1", "Sommerfest", ["Østergaard", "oestergaard", "ØSTERGÅRD",
                                               "østergård", "gaard", "birthe oester"]),
    ("Lars Müller", "1", "Fodboldturnering", ["Müller", "mueller", "MUELLER", "lars müll"]),
    ("Fatima Hassan", "2", "Ramadan-fejring for hele Åparken",
     ["Åparken", "åparken", "Aaparken", "aaparken", "ÅPARKEN", "fejring åpark"]),
    ("Sofie Ærø", "3", "Tur til Ærø", ["Ærø", "aeroe", "ÆRØ", "aerø"]),
    ("Ole Sønderbæk", "3", "Brøndby Strand-løbet", ["Sønderbæk", "soenderbaek",
                                                     "Broendby Strand", "brøndby strand"]),
    ("Niels Hvidovre", "2", "Nørrebro-tur", ["HVIDOVRE", "Noerrebro", "nørrebro-tur"]),
]


@pytest.mark.parametrize(("applicant", "department", "title", "queries"), NAMES,
                         ids=[n[0] for n in NAMES])
def test_names_and_places_are_found_however_they_are_spelled(
        session, organisation, make_case, applicant, department, title, queries):
    case = make_case(applicant_name=applicant, department_number=department, title=title)
    make_case(applicant_name="Karen Jensen", title="Sommerfest")
    for query in queries:
        assert case.reference in references(session, organisation.id, query), query


def test_every_field_a_caseworker_has_in_hand_finds_the_case(session, organisation, make_case):
    case = make_case("approved", applicant_name="Yasmin Ali", applicant_email="Yasmin@Beboer.dk",
                     title="Lektiecafé", department_number="3")
    other = make_case(applicant_name="Karen Jensen", department_number="1")
    invoice = register_invoice(session, case, CASEWORKER, invoice_input(
        5_000_00, supplier_name="Ølsted Catering ApS", supplier_cvr="41000007",
        number="INV-2026-4711"))
    accept_invoice(session, invoice, CASEWORKER)
    record_payment(session, invoice, CASEWORKER, paid_on=TODAY, idempotency_key="k-1",
                   reference="Bank overførsel 88123")
    number = case.reference.split("-")[1]
    for query in (case.reference, number, "yasmin@beboer.dk", "YASMIN@BEBOER", "lektiecafe",
                  "Ørnebjerg", "oernebjerg", "oelsted catering", "41000007", "inv-2026-4711",
                  "4711", "88123", "overførsel"):
        found = references(session, organisation.id, query)
        assert case.reference in found, query
        assert other.reference not in found, query
    # The department as the queue shows it, number and name.
    assert references(session, organisation.id, "3 ørnebjerg") == [case.reference]


def test_every_word_must_occur_somewhere(session, organisation, make_case):
    wanted = make_case(applicant_name="Karen Østergaard", title="Sommerfest",
                       department_number="2")
    make_case(applicant_name="Karen Jensen", title="Sommerfest", department_number="2")
    make_case(applicant_name="Ole Østergaard", title="Julefest", department_number="1",
              applicant_email="ole@beboer.example")
    assert references(session, organisation.id, "karen oestergaard") == [wanted.reference]
    assert references(session, organisation.id, "østergaard kildevang") == [wanted.reference]
    assert references(session, organisation.id, "karen kildevang østergaard sommer") == [
        wanted.reference]


def test_short_words_and_like_wildcards_are_taken_as_written(session, organisation, make_case):
    case = make_case(applicant_name="Bo Æbelø", title="100% sjov_leg")
    make_case(applicant_name="Karen Jensen", title="1000 sjove lege")
    assert references(session, organisation.id, "bo") == [case.reference]
    assert references(session, organisation.id, "æb") == [case.reference]
    assert references(session, organisation.id, "aebeloe") == [case.reference]
    assert references(session, organisation.id, "%") == [case.reference]
    assert references(session, organisation.id, "sjov_") == [case.reference]
    assert references(session, organisation.id, '"100%"') == []
    assert search_cases(session, organisation.id, "   ").cases == ()


def test_quotes_and_backslashes_are_taken_as_written(session, organisation, make_case):
    """Quotes, backslashes and semicolons in a word are searched for, never run."""
    case = make_case(applicant_name="Siobhán O'Brien", title="Kaffe \\ kage; DROP")
    make_case(applicant_name="Karen Jensen", title="Kaffe og kage")
    assert references(session, organisation.id, "o'brien") == [case.reference]
    assert references(session, organisation.id, "'") == [case.reference]
    assert references(session, organisation.id, "\\ kage;") == [case.reference]
    assert references(session, organisation.id, "o''brien") == []
    assert references(session, organisation.id, "kage'; drop") == []


def test_only_the_caseworkers_own_organisation_is_searched(session, organisation, make_case,
                                                           other_organisation):
    mine = make_case(applicant_name="Birthe Østergaard", title="Sommerfest")
    assert references(session, organisation.id, "østergaard") == [mine.reference]
    assert references(session, organisation.id, "anden.example") == []
    assert references(session, organisation.id, "fællesspisning") == []
    assert len(references(session, other_organisation.id, "østergaard")) == 1
    assert case_queue(session, organisation.id, text="oestergaard").total == 1


def test_newest_first_and_it_says_when_there_are_more(session, organisation, make_case):
    cases = [make_case(applicant_name=f"Åse Nr {n}") for n in range(5)]
    result = search_cases(session, organisation.id, "aase", limit=3)
    assert [c.reference for c in result.cases] == [c.reference for c in cases[::-1][:3]]
    assert result.more
    assert not search_cases(session, organisation.id, "aase", limit=5).more


def test_what_matched_is_marked_in_the_text_as_written(session, organisation, make_case):
    make_case("approved", applicant_name="Fatima Hassan",
              title="Ramadan-fejring for hele Åparken")
    case = search_cases(session, organisation.id, "aaparken hassan").cases[0]
    assert [p.text for p in case.title.pieces if p.marked] == ["Åparken"]
    assert [p.text for p in case.applicant.pieces if p.marked] == ["Hassan"]
    assert "".join(p.text for p in case.title.pieces) == "Ramadan-fejring for hele Åparken"
    assert case.state == "approved"
    assert case.next_step == "Afvent faktura fra leverandøren"
    assert case.others == ()


@pytest.mark.parametrize(("written", "words", "marks"), [
    ("Oestergaard", ("østergård",), ["Oestergaard"]),
    ("Østergaard og Aaparken", ("gård", "åp"), ["gaard", "Aap"]),
    ("Müller", ("ue",), ["ü"]),
    ("Karen  Jensen", ("karen jen",), ["Karen  Jen"]),
    ("<b>Ærø</b>", ("ærø",), ["Ærø"]),
])
def test_marking_maps_folded_matches_back(written, words, marks):
    field = marked("Ansøger", written, words)
    assert "".join(p.text for p in field.pieces) == written
    assert [p.text for p in field.pieces if p.marked] == marks


def test_supplier_and_payment_fields_show_only_where_they_matched(session, organisation,
                                                                  make_case):
    case = make_case("approved", applicant_name="Yasmin Ali")
    register_invoice(session, case, CASEWORKER, invoice_input(
        1_000_00, supplier_name="Ølsted Catering ApS", number="F-77"))
    found = search_cases(session, organisation.id, "olsted").cases
    assert found == ()
    found = search_cases(session, organisation.id, "oelsted").cases[0]
    assert [(f.label, [p.text for p in f.pieces if p.marked]) for f in found.others] == [
        ("Leverandør", ["Ølsted"])]
    assert found.next_step == "Godkend eller afvis fakturaen"


def _indexed_rows(session, word: str) -> list[int]:
    """The FTS5 rows (SQLite) holding every trigram of ``word``: the index keeps only which
    cases hold a trigram (migration i21c: detail=none), numbered by organisation and case."""
    folded = fold(word)
    trigrams = " AND ".join(f'"{folded[i:i + 3]}"' for i in range(len(folded) - 2))
    return list(session.execute(text("SELECT rowid FROM case_search_fts "
                                     "WHERE case_search_fts MATCH :m").bindparams(m=trigrams))
                .scalars())


def test_anonymisation_removes_the_resident_from_the_search(session, organisation, make_case):
    case = make_case("rejected", applicant_name="Birthe Østergaard",
                     applicant_email="birthe@beboer.example", title="Sommerfest")
    assert references(session, organisation.id, "østergaard") == [case.reference]
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        assert _indexed_rows(session, "Østergaard") == [
            organisation.id * ORGANISATION_KEY + case.id]
    anonymise_applicant(session, organisation.id, case.reference, CASEWORKER, today=TODAY)
    for query in ("østergaard", "birthe", "birthe@beboer.example"):
        assert references(session, organisation.id, query) == [], query
    stored = session.exec(select(CaseSearch.text)
                          .where(CaseSearch.application_id == case.id)).one()
    assert fold("Østergaard") not in stored and "birthe" not in stored
    # The title the resident wrote goes too; the case number still finds the case.
    assert references(session, organisation.id, "sommerfest") == []
    assert references(session, organisation.id, case.reference) == [case.reference]
    if sqlite:
        assert _indexed_rows(session, "Østergaard") == []


def test_a_rebuild_writes_what_the_services_wrote(session, organisation, make_case,
                                                  other_organisation):
    make_case("closed", applicant_name="Karen Jensen", paid=10_000_00, granted=12_000_00)
    make_case("approved", applicant_name="Ole Sønderbæk")
    rows = sorted(session.exec(select(CaseSearch.application_id, CaseSearch.organisation_id,
                                      CaseSearch.text)).all())
    assert any("bank" in row.text or "festudlejning" in row.text for row in rows)
    assert rebuild(session) == len(rows) == 3
    assert sorted(session.exec(select(CaseSearch.application_id, CaseSearch.organisation_id,
                                      CaseSearch.text)).all()) == rows
    assert rebuild(session, organisation.id) == 2
    assert references(session, organisation.id, "soenderbaek") != []


def test_the_queue_filter_folds_like_the_search(session, organisation, make_case):
    case = make_case(applicant_name="Mohammed Hassan", title="Ramadan-fejring for hele Åparken")
    make_case(applicant_name="Karen Jensen", title="Sommerfest")
    for query in ("Åparken", "åparken", "aaparken", "hassan ramadan"):
        page = case_queue(session, organisation.id, text=query)
        assert [row.reference for row in page.rows] == [case.reference], query
        assert page.total == 1


def test_each_engine_has_its_substring_index(session):
    if session.get_bind().dialect.name == "postgresql":
        available = session.execute(text(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).first()
        if available is None:
            pytest.skip("pg_trgm is not installed on this PostgreSQL server")
        with_organisation = session.execute(text(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'btree_gin'")).first()
        # One index of the organisation's trigrams where btree_gin is there (i21b), else i21a's.
        wanted = ("ix_case_search_trigram_organisation" if with_organisation
                  else "ix_case_search_trigram")
        assert session.execute(text(f"SELECT to_regclass('{wanted}')")).scalar() is not None
    else:
        assert session.execute(text(
            "SELECT 1 FROM sqlite_master WHERE name = 'case_search_fts'")).first()


def test_without_the_substring_index_the_search_reads_the_rows(session, organisation,
                                                                make_case, monkeypatch):
    case = make_case(applicant_name="Birthe Østergaard", title="Tur til Ærø")
    nested = session.begin_nested()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("DROP INDEX IF EXISTS ix_case_search_trigram"))
        session.execute(text("DROP INDEX IF EXISTS ix_case_search_trigram_organisation"))
    else:
        monkeypatch.setattr("pulje.services.search._has_fts", lambda session: False)
    for query in ("oestergaard", "aeroe tur", "ø", "karen@beboer.example"):
        assert references(session, organisation.id, query) == [case.reference], query
    nested.rollback()


def test_the_search_commands(cli):
    cli("demo")
    assert "Søgeteksten er skrevet for 21 sager." in cli("search", "rebuild")
    found = cli("search", "find", "aaparken ramadan")
    assert "Mohammed Hassan · Ramadan-fejring for hele Åparken" in found
    assert "bevilget" in found
    assert cli("search", "find", "xyzzyqq").strip() == "Ingen sager matcher."


@pytest.mark.parametrize("probe", [50_000, 1])
@pytest.mark.parametrize("recent", [2, 5, 1_000])
def test_newest_rows_first_then_the_index_give_the_same_answer(
        session, organisation, make_case, monkeypatch, recent, probe):
    """Whether a word's page is found among the newest rows (a common word) or must be asked
    of the index (a rare one, or one only in older cases), and whichever trigrams the SQLite
    index is asked for (``probe`` 1: every trigram counts as common, so the first ones are
    taken), the answer is every match, newest first — the same as folding every case's text
    by hand."""
    monkeypatch.setattr("pulje.services.search.RECENT", recent)
    monkeypatch.setattr("pulje.services.search.PROBE", probe)
    people = ["Birthe Østergaard", "Lars Müller", "Åse Hansen", "Ole Hansen", "Karen Jensen"]
    titles = ["Sommerfest", "Fællesspisning", "Sommerfest i gården", "Yoga", "Sommerfest"]
    for n in range(10):
        make_case(applicant_name=people[n % 5], title=titles[(n * 3) % 5],
                  applicant_email=f"beboer{n}@x.dk")
    texts = dict(session.exec(select(CaseSearch.application_id, CaseSearch.text)
                              .where(CaseSearch.organisation_id == organisation.id)).all())
    by_id = {a.id: a.reference for a in session.exec(select(Application)).all()}
    for query in ("sommerfest", "hansen", "oestergaard", "beboer0@", "fællesspisning müller",
                  "yoga", "nothing-like-it", "so", "sommerfest gården"):
        words = fold(query).split()
        expected = [by_id[i] for i in sorted(texts, reverse=True)
                    if all(w in texts[i] for w in words)]
        for limit in (1, 3, 20):
            result = search_cases(session, organisation.id, query, limit=limit)
            assert [c.reference for c in result.cases] == expected[:limit], (query, limit)
            assert result.more == (len(expected) > limit), (query, limit)


def test_migration_i21c_numbers_an_existing_index_by_organisation(tmp_path):
    """On a database in use, i21c writes the SQLite index again with each case numbered
    within its organisation's range, and the search finds what it found before; taken back,
    i21a's index (numbered by case) is there again."""
    from datetime import date

    from pulje.demo import load_demo
    from pulje.engine import make_engine, session_factory, transaction
    from pulje.migrate import downgrade, upgrade
    from tests.db.databases import empty_database

    with empty_database("sqlite", tmp_path) as url:
        engine = make_engine(url)
        try:
            upgrade(engine, "i12w3")
            with transaction(session_factory(engine)) as session:
                load_demo(session, today=date(2026, 11, 29))
            with engine.connect() as connection:
                old = connection.exec_driver_sql(
                    "SELECT rowid FROM case_search_fts WHERE case_search_fts MATCH "
                    "'\"åpa\" AND \"ram\"'").scalars().all()
            upgrade(engine)
            with transaction(session_factory(engine)) as session:
                rows = session.exec(select(CaseSearch.application_id,
                                           CaseSearch.organisation_id)).all()
                for case_id, org in rows:
                    reference = session.get(Application, case_id).reference
                    assert org * ORGANISATION_KEY + case_id in _indexed_rows(
                        session, reference), reference
                assert sorted(set(_indexed_rows(session, "åparken"))
                              & set(_indexed_rows(session, "ramadan"))) == [
                    org * ORGANISATION_KEY + case for case, org in rows if case in old]
                organisation = rows[0].organisation_id
                found = search_cases(session, organisation, "aaparken ramadan").cases
                assert [c.reference for c in found] == session.exec(
                    select(Application.reference).where(Application.id.in_(old))).all()
            downgrade(engine, "i12w3")
            with engine.connect() as connection:
                assert connection.exec_driver_sql(
                    "SELECT rowid FROM case_search_fts WHERE case_search_fts MATCH "
                    "'\"åpa\" AND \"ram\"'").scalars().all() == old
        finally:
            engine.dispose()

"""The short report and its photos are personal data: exported, anonymised, kept no longer."""

from __future__ import annotations

import json

from sqlmodel import select

from pulje.models import OutcomePhoto
from pulje.services import outcomes
from pulje.services.actors import Actor
from pulje.services.privacy import anonymise_applicant, export_applicant
from pulje.services.retention import REDACTED, apply_retention, due_on
from tests.factories import CASEWORKER, TODAY
from tests.outcomes.photos import png

RESIDENT = Actor.resident("Karen Jensen")


def reported(session, make_case, tmp_path, **overrides):
    application = make_case("closed", paid=1_000_00, **overrides)
    outcomes.save_report(session, application, RESIDENT,
                         outcomes.OutcomeInput(participants=12, story="Karen bagte kage.",
                                               photo_consent=True),
                         photos=[png(), png()], folder=tmp_path, today=TODAY)
    return application


def test_the_export_holds_the_report_and_lists_its_photos(session, organisation, make_case,
                                                          tmp_path):
    application = reported(session, make_case, tmp_path)
    export = export_applicant(session, organisation.id, "karen@beboer.example")
    (case,) = [c for c in export["cases"] if c["reference"] == application.reference]
    report = case["outcome_report"]
    assert report["participants"] == 12 and report["story"] == "Karen bagte kage."
    assert report["photo_consent"] is True and len(report["photos"]) == 2
    assert all("file_path" not in photo for photo in report["photos"])
    json.dumps(export)  # serialisable as it is


def test_anonymising_redacts_the_words_deletes_the_photos_and_keeps_the_numbers(
        session, organisation, make_case, tmp_path):
    application = reported(session, make_case, tmp_path)
    files = [tmp_path / p.file_path for p in outcomes.photos_of(
        session, outcomes.report_of(session, application))]
    assert all(f.exists() for f in files)
    item = anonymise_applicant(session, organisation.id, application.reference, CASEWORKER,
                               today=TODAY, upload_dir=tmp_path)
    assert "afrapporteringens tekst" in item.changes and "2 billede(r) slettet" in item.changes
    report = outcomes.report_of(session, application)
    assert report.story == REDACTED and "Karen" not in report.entered_by
    assert report.participants == 12 and report.photo_consent is False
    assert not any(f.exists() for f in files)
    assert session.exec(select(OutcomePhoto)).all() == []


def test_retention_deletes_photos_of_cases_past_their_time(session, organisation, pool,
                                                           make_case, tmp_path):
    application = reported(session, make_case, tmp_path)
    plan = apply_retention(session, CASEWORKER, today=due_on(pool), upload_dir=tmp_path)
    assert [i.reference for i in plan] == [application.reference]
    assert outcomes.report_of(session, application).story == REDACTED
    assert list(tmp_path.glob("photo-*")) == []


def test_photos_are_never_left_behind_for_want_of_a_folder(session, organisation, make_case,
                                                           tmp_path):
    application = reported(session, make_case, tmp_path)
    nested = session.begin_nested()
    try:
        anonymise_applicant(session, organisation.id, application.reference, CASEWORKER,
                            today=TODAY)
    except ValueError:
        pass
    else:
        raise AssertionError("anonymised without deleting the photo files")
    finally:
        nested.rollback()
    assert len(list(tmp_path.glob("photo-*"))) == 2

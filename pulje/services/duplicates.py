"""Possible duplicates: cases of the same organisation from the same applicant (name or e-mail)
with an overlapping period or a near-identical title ("Mulig dublet af 2026-0011").

Which cases look alike is kept in ``duplicate_pair``: the services that change what the check
reads (submission, anonymisation) call ``refresh_pairs`` for the case, ``rebuild_pairs``
compares every case again (migration i19a, the national demo). The queue and the case page read
the pairs; comparing a page's cases with every case of a common name was most of the queue's
time at national scale.

The caseworker records whether two such cases are the same project. For the same project the
pool's cap (R2: "Hver enkelt projekt…") applies to the two together: approve() asks
``project_used`` what the other cases of the project already use.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from sqlalchemy import Connection, Select, and_, delete, insert, or_, union_all
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from pulje.models import (
    ApplicantKey,
    Application,
    DuplicateJudgement,
    DuplicatePair,
    Organisation,
    Pool,
)
from pulje.models.application import ANONYMOUS_NAME
from pulje.models.ids import id_of
from pulje.services.accounting import case_money
from pulje.services.actors import Actor
from pulje.services.errors import InputError, NotFound
from pulje.services.queries import case_by_reference
from workflows.application import RELEASED_STATES

# Titles this alike (0–1, after folding case and spaces) count as the same title.
TITLE_LIKENESS = 0.85
BATCH = 5_000


@dataclass(frozen=True)
class PossibleDuplicate:
    """Another case that looks like this one, and what the caseworker said about it, if yet."""

    other: Application
    same_project: bool | None

    @property
    def warning(self) -> str:
        return f"Mulig dublet af {self.other.reference}"


def _folded(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def _titles_alike(a: str, b: str) -> bool:
    """Whether two folded titles are near-identical."""
    # ratio() ≤ quick_ratio() ≤ real_quick_ratio(): the cheap upper bounds rule out most
    # pairs before the full comparison (difflib's own advice), with the same verdict.
    titles = SequenceMatcher(None, a, b)
    return (titles.real_quick_ratio() >= TITLE_LIKENESS
            and titles.quick_ratio() >= TITLE_LIKENESS and titles.ratio() >= TITLE_LIKENESS)


def _overlap(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    return a_start <= b_end and b_start <= a_end


def looks_alike(a, b: Application) -> bool:
    """Same applicant (name or e-mail) and an overlapping period or a near-identical title.

    An anonymised applicant is nobody in particular, so never the same as anyone.
    """
    if ANONYMOUS_NAME in (a.applicant_name, b.applicant_name):
        return False
    email = _folded(a.applicant_email)
    same_person = _folded(a.applicant_name) == _folded(b.applicant_name) or (
        email != "" and email == _folded(b.applicant_email))
    if not same_person:
        return False
    if _overlap(a.period_start, a.period_end, b.period_start, b.period_end):
        return True
    return _titles_alike(_folded(a.title), _folded(b.title))


def _pair(a_id: int, b_id: int) -> tuple[int, int]:
    return (a_id, b_id) if a_id < b_id else (b_id, a_id)


def _keys(name: str, email: str | None) -> tuple[str, str | None] | None:
    """The folded name and e-mail the check compares; None for an anonymised applicant."""
    if name == ANONYMOUS_NAME:
        return None
    return _folded(name), _folded(email) or None


def refresh_pairs(session: Session, application: Application) -> None:
    """Compare the case again with the organisation's cases of the same applicant."""
    session.flush()
    case_id = id_of(application)
    session.execute(delete(DuplicatePair).where(or_(col(DuplicatePair.first_id) == case_id,
                                                    col(DuplicatePair.second_id) == case_id)))
    session.execute(delete(ApplicantKey).where(col(ApplicantKey.application_id) == case_id))
    keys = _keys(application.applicant_name, application.applicant_email)
    if keys is None:
        return
    name_key, email_key = keys
    organisation_id = session.get_one(Pool, application.pool_id).organisation_id
    session.execute(insert(ApplicantKey).values(
        application_id=case_id, organisation_id=organisation_id, name_key=name_key,
        email_key=email_key))
    same = col(ApplicantKey.name_key) == name_key
    if email_key:
        same = or_(same, col(ApplicantKey.email_key) == email_key)
    candidates = session.exec(
        select(Application)
        .join(ApplicantKey, col(ApplicantKey.application_id) == Application.id)
        .where(ApplicantKey.organisation_id == organisation_id, same,
               col(Application.id) != case_id).order_by(col(Application.id))).all()
    pairs = [dict(zip(("first_id", "second_id"), _pair(case_id, id_of(other)), strict=True))
             for other in candidates if looks_alike(application, other)]
    if pairs:
        session.execute(insert(DuplicatePair), pairs)


def _alike_pairs(cases: list[tuple]) -> Iterable[tuple[int, int]]:
    """Every pair of ``cases`` — (id, organisation, name key, e-mail key, title, start, end),
    by id — that looks alike: each case is compared with the earlier ones of its organisation
    that share its name or e-mail, with the verdict of looks_alike."""
    seen: dict[tuple, list[int]] = defaultdict(list)
    folded_titles: dict[int, str] = {}
    periods: dict[int, tuple[date, date]] = {}
    titles_alike: dict[tuple[str, str], bool] = {}
    for case_id, organisation_id, name_key, email_key, title, start, end in cases:
        keys = [("name", organisation_id, name_key)]
        if email_key:
            keys.append(("email", organisation_id, email_key))
        folded_titles[case_id], periods[case_id] = _folded(title), (start, end)
        title = folded_titles[case_id]
        found = set()
        for key in keys:
            for other in seen[key]:
                if other in found:
                    continue
                if _overlap(start, end, *periods[other]):
                    found.add(other)
                    continue
                both = (folded_titles[other], title)
                if both not in titles_alike:
                    if len(titles_alike) > 100_000:
                        titles_alike.clear()
                    titles_alike[both] = _titles_alike(*both)
                if titles_alike[both]:
                    found.add(other)
            seen[key].append(case_id)
        yield from ((other, case_id) for other in sorted(found))


def _batches(rows: Iterable[dict]) -> Iterable[list[dict]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def rebuild_pairs(connection: Connection | Session) -> int:
    """Fold every applicant and compare every case again, one organisation at a time (so
    memory holds the largest one's cases, not all); returns how many pairs look alike."""
    connection.execute(delete(DuplicatePair))
    connection.execute(delete(ApplicantKey))
    written = 0
    for organisation_id in list(connection.execute(select(Organisation.id)).scalars()):
        cases = []
        for row in connection.execute(
                select(col(Application.id), col(Application.applicant_name),  # type: ignore[call-overload]  # sqlmodel types select() up to four columns
                       col(Application.applicant_email), col(Application.title),
                       col(Application.period_start), col(Application.period_end))
                .join(Pool, col(Pool.id) == Application.pool_id)
                .where(Pool.organisation_id == organisation_id).order_by(col(Application.id))):
            keys = _keys(row.applicant_name, row.applicant_email)
            if keys is not None:
                cases.append((row.id, organisation_id, *keys, row.title, row.period_start,
                              row.period_end))
        for batch in _batches({"application_id": case[0], "organisation_id": organisation_id,
                               "name_key": case[2], "email_key": case[3]} for case in cases):
            connection.execute(insert(ApplicantKey), batch)
        for batch in _batches({"first_id": first, "second_id": second}
                              for first, second in _alike_pairs(cases)):
            connection.execute(insert(DuplicatePair), batch)
            written += len(batch)
    return written


def _others(application_ids: Iterable[int]):
    """(case id, other case's id and reference, the judgement) for every pair of the cases."""
    ids = list(application_ids)
    queries: list[Select] = []
    first, second = col(DuplicatePair.first_id), col(DuplicatePair.second_id)
    for mine, theirs in ((first, second), (second, first)):
        queries.append(
            select(mine.label("case_id"), col(Application.id).label("other_id"),
                   col(Application.reference), col(DuplicateJudgement.same_project))
            .join(Application, col(Application.id) == theirs)
            .outerjoin(DuplicateJudgement,
                       and_(col(DuplicateJudgement.first_id) == first,
                            col(DuplicateJudgement.second_id) == second))
            .where(mine.in_(ids)))
    found = union_all(*queries).subquery()
    return sa_select(found).order_by(found.c.case_id, found.c.other_id)


def duplicate_warnings(session: Session, application_ids: Iterable[int]) -> dict[int, list[str]]:
    """Each case's "Mulig dublet af …" marks, one query for all; a pair the caseworker judged
    not to be the same project is quiet."""
    marks: dict[int, list[str]] = defaultdict(list)
    for row in session.execute(_others(application_ids)):
        if row.same_project is not False:
            marks[row.case_id].append(f"Mulig dublet af {row.reference}")
    return marks


def possible_duplicates(session: Session, application: Application) -> list[PossibleDuplicate]:
    """The cases that look like ``application``, oldest first."""
    rows = session.execute(_others([id_of(application)])).all()
    others = {a.id: a for a in session.exec(select(Application).where(
        col(Application.id).in_([row.other_id for row in rows]))).all()} if rows else {}
    return [PossibleDuplicate(others[row.other_id], row.same_project) for row in rows]


def judge(session: Session, application: Application, other_reference: str, actor: Actor, *,
          same_project: bool) -> DuplicateJudgement:
    """Record whether ``application`` and the case ``other_reference`` are the same project."""
    organisation_id = session.get_one(Pool, application.pool_id).organisation_id
    try:
        other = case_by_reference(session, organisation_id, other_reference)
    except NotFound as exc:
        raise InputError(f"Sagen {other_reference} findes ikke.") from exc
    if other.id == application.id or not looks_alike(application, other):
        raise InputError(f"Sag {other.reference} ligner ikke sag {application.reference}.")
    first, second = _pair(id_of(application), id_of(other))
    judgement = session.exec(select(DuplicateJudgement).where(
        DuplicateJudgement.first_id == first, DuplicateJudgement.second_id == second)).first()
    if judgement is None:
        judgement = DuplicateJudgement(first_id=first, second_id=second,
                                       same_project=same_project, decided_by=actor.name)
        session.add(judgement)
    else:
        judgement.same_project, judgement.decided_by = same_project, actor.name
    session.flush()
    return judgement


def project_used(session: Session, application: Application) -> tuple[int, tuple[str, ...]]:
    """What the other cases judged to be the same project already use of the cap (granted
    while open, paid once ended), and their references."""
    pairs = session.exec(select(DuplicateJudgement).where(
        col(DuplicateJudgement.same_project).is_(True),
        or_(col(DuplicateJudgement.first_id) == application.id,
            col(DuplicateJudgement.second_id) == application.id))).all()
    used, references = 0, []
    for pair in pairs:
        other = session.get_one(Application, pair.second_id if pair.first_id == application.id
                            else pair.first_id)
        if other.granted is None:
            continue
        money = case_money(session, other)
        used += money.paid if other.state in RELEASED_STATES else other.granted
        references.append(other.reference)
    return used, tuple(references)

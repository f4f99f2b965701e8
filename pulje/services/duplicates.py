"""Possible duplicates: cases of the same organisation from the same applicant (name or e-mail)
with an overlapping period or a near-identical title ("Mulig dublet af 2026-0011").

The caseworker records whether two such cases are the same project. For the same project the
pool's cap (R2: "Hver enkelt projekt…") applies to the two together: approve() asks
``project_used`` what the other cases of the project already use.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from sqlalchemy import func, or_
from sqlmodel import Session, select

from pulje.models import Application, DuplicateJudgement, Pool
from pulje.services.accounting import case_money
from pulje.services.actors import Actor
from pulje.services.errors import InputError, NotFound
from pulje.services.queries import case_by_reference
from workflows.application import RELEASED_STATES

# Titles this alike (0–1, after folding case and spaces) count as the same title.
TITLE_LIKENESS = 0.85


@dataclass(frozen=True)
class PossibleDuplicate:
    """Another case that looks like this one, and what the caseworker said about it, if yet."""

    other: Application
    same_project: bool | None

    @property
    def warning(self) -> str:
        return f"Mulig dublet af {self.other.reference}"


def _folded(text: str) -> str:
    return " ".join((text or "").casefold().split())


def looks_alike(a, b: Application) -> bool:
    """Same applicant (name or e-mail) and an overlapping period or a near-identical title."""
    same_person = _folded(a.applicant_name) == _folded(b.applicant_name) or (
        bool(a.applicant_email) and _folded(a.applicant_email) == _folded(b.applicant_email))
    if not same_person:
        return False
    if a.period_start <= b.period_end and b.period_start <= a.period_end:
        return True
    # ratio() ≤ quick_ratio() ≤ real_quick_ratio(): the cheap upper bounds rule out most
    # pairs before the full comparison (difflib's own advice), with the same verdict.
    titles = SequenceMatcher(None, _folded(a.title), _folded(b.title))
    return (titles.real_quick_ratio() >= TITLE_LIKENESS
            and titles.quick_ratio() >= TITLE_LIKENESS and titles.ratio() >= TITLE_LIKENESS)


def _pair(a_id: int, b_id: int) -> tuple[int, int]:
    return (a_id, b_id) if a_id < b_id else (b_id, a_id)


def _same_applicant(session: Session, organisation_id: int, cases: list[Application]):
    names = {_folded(c.applicant_name) for c in cases}
    emails = {_folded(c.applicant_email) for c in cases if c.applicant_email}
    condition = func.lower(Application.applicant_name).in_(names)
    if emails:
        condition = or_(condition, func.lower(Application.applicant_email).in_(emails))
    return session.exec(select(Application).join(Pool, Pool.id == Application.pool_id)
                        .where(Pool.organisation_id == organisation_id, condition)
                        .order_by(Application.id)).all()


def duplicates_of_many(session: Session, organisation_id: int,
                       cases: list) -> dict[int, list[PossibleDuplicate]]:
    """Each case's possible duplicates: one query for the candidates and, when there are any,
    one for the judgements. ``cases`` are Applications or rows with the same columns."""
    if not cases:
        return {}
    candidates = _same_applicant(session, organisation_id, cases)
    # Each case is compared only with the candidates of its own folded name or e-mail (the
    # first condition of looks_alike), found in a dict: a common name in a large organisation
    # has thousands of candidates, and comparing every pair was most of the queue's time.
    by_name, by_email = defaultdict(list), defaultdict(list)
    for position, other in enumerate(candidates):
        by_name[_folded(other.applicant_name)].append(position)
        by_email[_folded(other.applicant_email)].append(position)
    found = {}
    for case in cases:
        near = set(by_name.get(_folded(case.applicant_name), ()))
        if case.applicant_email:
            near.update(by_email.get(_folded(case.applicant_email), ()))
        found[case.id] = [candidates[i] for i in sorted(near)
                          if candidates[i].id != case.id and looks_alike(case, candidates[i])]
    ids = {c.id for c in cases} | {o.id for others in found.values() for o in others}
    if not any(found.values()):
        return {case_id: [] for case_id in found}
    judged = {(j.first_id, j.second_id): j.same_project for j in session.exec(
        select(DuplicateJudgement).where(DuplicateJudgement.first_id.in_(ids),
                                         DuplicateJudgement.second_id.in_(ids))).all()}
    return {case_id: [PossibleDuplicate(o, judged.get(_pair(case_id, o.id))) for o in others]
            for case_id, others in found.items()}


def possible_duplicates(session: Session, application: Application) -> list[PossibleDuplicate]:
    """The cases that look like ``application``, oldest first."""
    organisation_id = session.get(Pool, application.pool_id).organisation_id
    return duplicates_of_many(session, organisation_id, [application])[application.id]


def judge(session: Session, application: Application, other_reference: str, actor: Actor, *,
          same_project: bool) -> DuplicateJudgement:
    """Record whether ``application`` and the case ``other_reference`` are the same project."""
    organisation_id = session.get(Pool, application.pool_id).organisation_id
    try:
        other = case_by_reference(session, organisation_id, other_reference)
    except NotFound as exc:
        raise InputError(f"Sagen {other_reference} findes ikke.") from exc
    if other.id == application.id or not looks_alike(application, other):
        raise InputError(f"Sag {other.reference} ligner ikke sag {application.reference}.")
    first, second = _pair(application.id, other.id)
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
        DuplicateJudgement.same_project.is_(True),
        or_(DuplicateJudgement.first_id == application.id,
            DuplicateJudgement.second_id == application.id))).all()
    used, references = 0, []
    for pair in pairs:
        other = session.get(Application, pair.second_id if pair.first_id == application.id
                            else pair.first_id)
        if other.granted is None:
            continue
        money = case_money(session, other)
        used += money.paid if other.state in RELEASED_STATES else other.granted
        references.append(other.reference)
    return used, tuple(references)

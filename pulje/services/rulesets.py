"""Pool years and the rules they run under, as versioned data (R10).

A pool year is opened with a rule set: total, cap per project, the purposes an application
ticks (and how many it must), the invoice deadline, and the guideline's title, approval date
and text. Once a case has been decided under a version, that version is never changed: new
rules become a new version from a date, and each case keeps the version it was decided under.
The newest version's figures are mirrored on the Pool row, which accounting and guards read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy.orm import object_session
from sqlmodel import Session, func, select

from pulje.models import Application, Pool, RuleSet
from pulje.services.accounting import pool_figures
from pulje.services.errors import InputError
from pulje.services.locks import lock_pool
from workflows.money import format_money
from workflows.rules import PURPOSE_SLOTS

__all__ = ["RuleSetInput", "change_rules", "create_pool", "current_rule_set", "open_pool",
           "purpose_labels", "purposes_of", "record_rules", "rule_history"]

# The application keeps one yes/no per purpose slot (workflows.rules.PURPOSE_SLOTS), so a rule
# set names one to three purposes.
MAX_PURPOSES = len(PURPOSE_SLOTS)
MAX_TITLE = 120


@dataclass(frozen=True)
class RuleSetInput:
    """The figures and texts of a rule set, as the administrator types them (øre, days)."""

    total: int
    cap: int
    purposes: list[str] = field(default_factory=list)
    purposes_required: int = 1
    invoice_deadline_days: int = 90
    title: str = ""
    approved_on: date | None = None
    text: str = ""

    @classmethod
    def of(cls, rule_set: RuleSet) -> RuleSetInput:
        return cls(total=rule_set.total, cap=rule_set.cap, purposes=rule_set.purposes,
                   purposes_required=rule_set.purposes_required,
                   invoice_deadline_days=rule_set.invoice_deadline_days, title=rule_set.title,
                   approved_on=rule_set.approved_on, text=rule_set.text)


def _checked(data: RuleSetInput, *, today: date) -> RuleSetInput:
    purposes = [p.strip() for p in data.purposes if p and p.strip()]
    if data.total <= 0:
        raise InputError("Puljens samlede beløb skal være over 0,00 kr.")
    if data.cap <= 0:
        raise InputError("Loftet pr. projekt skal være over 0,00 kr.")
    if data.cap > data.total:
        raise InputError(f"Loftet pr. projekt ({format_money(data.cap)}) kan ikke være større "
                         f"end hele puljen ({format_money(data.total)}).")
    if not purposes:
        raise InputError("Skriv mindst ét formål, som en ansøgning kan sætte kryds ved.")
    if len(purposes) > MAX_PURPOSES:
        raise InputError(f"En pulje kan højst have {MAX_PURPOSES} formål.")
    if any(len(p) > 200 for p in purposes):
        raise InputError("Et formål må højst have 200 tegn.")
    if not 1 <= data.purposes_required <= len(purposes):
        raise InputError(f"Antallet af formål, en ansøgning skal opfylde, skal være mellem 1 "
                         f"og {len(purposes)}.")
    if not 0 <= data.invoice_deadline_days <= 730:
        raise InputError("Fristen for fakturaer skal være mellem 0 og 730 dage efter "
                         "aktiviteten.")
    title = (data.title or "").strip()
    if not title:
        raise InputError("Skriv retningslinjernes titel.")
    if len(title) > MAX_TITLE:
        raise InputError(f"Titlen må højst have {MAX_TITLE} tegn.")
    if data.approved_on is None:
        raise InputError("Skriv datoen, retningslinjerne blev godkendt.")
    if data.approved_on > today:
        raise InputError("Godkendelsesdatoen kan ikke ligge i fremtiden.")
    return replace(data, purposes=purposes, title=title, text=(data.text or "").strip())


def _mirror(pool: Pool, rule_set: RuleSet) -> None:
    pool.total, pool.cap = rule_set.total, rule_set.cap
    pool.invoice_deadline_days = rule_set.invoice_deadline_days
    pool.rule_version, pool.rule_approved_on = rule_set.title, rule_set.approved_on


def _new_version(pool: Pool, version: int, valid_from: date, data: RuleSetInput) -> RuleSet:
    return RuleSet(pool_id=pool.id, version=version, valid_from=valid_from, total=data.total,
                   cap=data.cap, purposes_json=json.dumps(data.purposes, ensure_ascii=False),
                   purposes_required=data.purposes_required,
                   invoice_deadline_days=data.invoice_deadline_days, title=data.title,
                   approved_on=data.approved_on, text=data.text)


def current_rule_set(session: Session, pool: Pool) -> RuleSet | None:
    """The pool's newest rule set version (None only for a pool made outside these services)."""
    return session.exec(select(RuleSet).where(RuleSet.pool_id == pool.id)
                        .order_by(RuleSet.version.desc()).limit(1)).first()


def rule_history(session: Session, pool: Pool) -> list[RuleSet]:
    return list(session.exec(select(RuleSet).where(RuleSet.pool_id == pool.id)
                             .order_by(RuleSet.version)))


def open_pool(session: Session, organisation_id: int, year: int, *, today: date,
              rules: RuleSetInput | None = None) -> Pool:
    """Open the organisation's pool for ``year`` (this year or next), with ``rules`` or a copy
    of the newest earlier pool's current rules."""
    if not today.year <= year <= today.year + 1:
        raise InputError(f"Der kan kun åbnes en pulje for i år ({today.year}) eller næste år "
                         f"({today.year + 1}).")
    if session.exec(select(Pool.id).where(Pool.organisation_id == organisation_id,
                                          Pool.year == year)).first() is not None:
        raise InputError(f"Der findes allerede en pulje for {year}.")
    if rules is None:
        earlier = session.exec(select(Pool).where(Pool.organisation_id == organisation_id,
                                                  Pool.year < year)
                               .order_by(Pool.year.desc()).limit(1)).first()
        previous = current_rule_set(session, earlier) if earlier is not None else None
        if previous is None:
            raise InputError("Der er ingen tidligere pulje at kopiere reglerne fra; skriv "
                             "puljens regler.")
        rules = RuleSetInput.of(previous)
    return create_pool(session, organisation_id, year, _checked(rules, today=today))


def create_pool(session: Session, organisation_id: int, year: int,
                rules: RuleSetInput) -> Pool:
    """The pool row and its rule set version 1 (rules already checked; the demo's past years
    come here directly)."""
    pool = Pool(organisation_id=organisation_id, year=year, total=rules.total, cap=rules.cap,
                rule_version=rules.title, rule_approved_on=rules.approved_on,
                opens_on=date(year, 1, 1), closes_on=date(year, 12, 31),
                invoice_deadline_days=rules.invoice_deadline_days)
    session.add(pool)
    session.flush()
    session.add(_new_version(pool, 1, pool.opens_on, rules))
    session.flush()
    return pool


def _decided_under(session: Session, rule_set: RuleSet) -> int:
    return session.exec(select(func.count()).select_from(Application)
                        .where(Application.rule_set_id == rule_set.id)).one()


def change_rules(session: Session, pool: Pool, rules: RuleSetInput, *, valid_from: date,
                 today: date) -> RuleSet:
    """New rules for a pool year: a new version from ``valid_from`` once a case was decided
    under the current one, else the current version corrected in place."""
    pool = lock_pool(session, pool.id)
    rules = _checked(rules, today=today)
    committed = pool_figures(session, pool).used
    if rules.total < committed:
        raise InputError(f"Puljen har allerede bevilget og udbetalt {format_money(committed)}; "
                         "det samlede beløb kan ikke sættes lavere.")
    if valid_from.year != pool.year:
        raise InputError(f"Reglerne skal gælde fra en dato i {pool.year}.")
    current = current_rule_set(session, pool)
    if current is not None and valid_from < current.valid_from:
        raise InputError(f"De nye regler kan tidligst gælde fra "
                         f"{current.valid_from:%d.%m.%Y}, hvor den gældende version startede.")
    if current is not None and not _decided_under(session, current):
        rule_set = current
        fresh = _new_version(pool, current.version, current.valid_from, rules)
        for name in ("total", "cap", "purposes_json", "purposes_required",
                     "invoice_deadline_days", "title", "approved_on", "text"):
            setattr(rule_set, name, getattr(fresh, name))
        session.add(rule_set)
    else:
        version = current.version + 1 if current is not None else 1
        rule_set = _new_version(pool, version, valid_from, rules)
        session.add(rule_set)
    _mirror(pool, rule_set)
    session.add(pool)
    session.flush()
    return rule_set


def record_rules(session: Session, application: Application, pool: Pool) -> None:
    """Write on the case the rule set version it is being decided under (R10)."""
    rule_set = current_rule_set(session, pool)
    if rule_set is None:
        application.rule_version = (f"{pool.rule_version}, godkendt "
                                    f"{pool.rule_approved_on:%d.%m.%Y}")
        return
    application.rule_set_id = rule_set.id
    application.rule_version = rule_set.label


def purpose_labels(session: Session, pool: Pool, rule_set_id: int | None = None) -> (
        dict[str, str]):
    """Each purpose slot the rule set uses, with its text: the given version's (a decided
    case's) or the pool's current one. A pool made outside these services has no rule set;
    its slots are then only numbered."""
    rule_set = (session.get(RuleSet, rule_set_id) if rule_set_id is not None
                else current_rule_set(session, pool))
    purposes = rule_set.purposes if rule_set is not None else _numbered()
    return dict(zip(PURPOSE_SLOTS, purposes, strict=False))


def _numbered() -> list[str]:
    return [f"formål {number}" for number in range(1, len(PURPOSE_SLOTS) + 1)]


def purposes_of(pool: Pool) -> tuple[list[str], int]:
    """The purposes an application to ``pool`` ticks now, and how many it must (R5)."""
    session = object_session(pool)
    rule_set = current_rule_set(session, pool) if session is not None else None
    if rule_set is None:
        return _numbered(), 1
    return rule_set.purposes, rule_set.purposes_required

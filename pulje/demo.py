"""Demo data: DOMI Bolig with its departments, the pools of last year and this year, staff
users, and cases in every state — made through the same services a caseworker uses."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, select

from pulje import clock
from pulje.models import Department, Organisation, clock_at
from pulje.services import decisions, notifications, outcomes
from pulje.services.actors import Actor
from pulje.services.invoices import InvoiceInput, accept_invoice, register_invoice
from pulje.services.payments import record_payment
from pulje.services.rulesets import RuleSetInput, create_pool
from pulje.services.submission import ApplicationInput, BudgetLineInput, submit_application
from pulje.services.users import create_user
from workflows.clock import COPENHAGEN
from workflows.rules import STANDARD_PURPOSES

DEMO_PASSWORD = "pulje-demo-2026"
DEMO_USERS = (
    ("mette@domi.example", "Mette Hansen", "caseworker"),
    ("bent@domi.example", "Bent Ravn", "board"),
    ("admin@domi.example", "Aisha Karimi", "admin"),
)
DEPARTMENTS = ("Søvangen", "Kildevang", "Ørnebjerg", "Skovbakken", "Rosenhøj", "Åparken",
               "Fjordblink")
# Homes (boliger) per department, so the board sees reach per 100 homes.
HOMES = (412, 236, 180, 318, 95, 264, 150)
RULES = "Retningslinjer for pulje til understøttelse af fællesskaber"
# DOMI Bolig's guideline (approved 15.05.2023) as the rule set of each demo pool year.
DOMI_RULES = RuleSetInput(
    total=100_000_00, cap=20_000_00,
    purposes=list(STANDARD_PURPOSES),
    purposes_required=1, invoice_deadline_days=90, title=RULES, approved_on=date(2023, 5, 15),
    text="Samlet pulje udgør kr. 100.000. Hver enkelt projekt kan maksimalt støttes med op til "
         "kr. 20.000. Tilsagn skal foreligge inden afholdelse af aktivitet. Faktura fra 3. "
         "person (leverandør af ydelse) fremsendes til DOMI Bolig, der foretager afregning til "
         "3. person indenfor rammerne af støtte tilsagnet. Faktura skal lyde på DOMI Boligs "
         "navn.")

# (applicant, department no., activity, purposes a/s/m, participants, budget lines, outcome)
# outcome: state to reach, optional granted amount (kr.) and what happened with invoices.
CASES_LAST_YEAR = (
    ("Karen Jensen", 1, "Sommerfest på tværs af Søvangen og Kildevang", "a", 120,
     [("Telt og borde", 12000), ("Musik", 6000)], ("closed", 18000, "paid")),
    ("Ole Sørensen", 3, "Fælles køkkenhave med højbede", "am", 25,
     [("Træ og jord", 9000), ("Planter", 3500)], ("closed", 12500, "paid")),
    ("Fatima Ali", 5, "Lektiecafé for børn i Rosenhøj", "sm", 15,
     [("Materialer", 4000), ("Forplejning", 6000)], ("closed", 10000, "paid")),
    ("Hans Kristensen", 2, "Cykelværksted for alle afdelinger", "a", 40,
     [("Værktøj", 14000), ("Reservedele", 6000)], ("closed", 20000, "part")),
    ("Lise Madsen", 4, "Strikkeklub for ældre beboere", "m", 12,
     [("Garn og pinde", 3000), ("Kaffe", 1000)], ("closed", 4000, "paid")),
    ("Ahmed Yusuf", 6, "Fodboldturnering mellem afdelingerne", "as", 80,
     [("Leje af bane", 8000), ("Præmier", 7000)], ("closed", 15000, "paid")),
    ("Birthe Holm", 7, "Juleklip og julefrokost", "s", 60,
     [("Mad", 9000), ("Pynt", 2000)], ("closed", 11000, "paid")),
    ("Else Mortensen", 4, "Bænke og fællesborde i gården", "a", 60,
     [("Bænke", 8000)], ("closed", 8000, "paid")),
    ("Jens Lund", 1, "Filmaftener i fælleshuset", "m", 20,
     [("Leje af projektor", 3000)], ("lapsed", 3000, None)),
    ("Maria Nielsen", 3, "Tur til Kattegatcentret", "s", 45,
     [("Bus", 11000), ("Entré", 9000)], ("rejected", None, None)),
    ("Peter Dahl", 2, "Brætspilsaften", "m", 10, [("Spil", 1500)], ("withdrawn", None, None)),
)
CASES_THIS_YEAR = (
    ("Sofie Andersen", 4, "Fællesspisning hver måned", "am", 35,
     [("Råvarer", 8000), ("Service", 2000)], ("approved", 10000, "mixed")),
    ("Mohammed Hassan", 6, "Ramadan-fejring for hele Åparken", "s", 150,
     [("Mad", 15000), ("Leje af telt", 5000)], ("approved", 20000, "refused")),
    ("Inge Poulsen", 5, "Petanquebane ved Rosenhøj", "a", 30,
     [("Grus og kanter", 9000)], ("approved", 9000, "accepted")),
    ("Thomas Berg", 7, "Kajakture på fjorden", "sm", 12,
     [("Leje af kajakker", 6000), ("Instruktør", 4000)], ("approved", 8000, None)),
    ("Anna Vestergaard", 1, "Bogbyttecentral i opgangen", "m", 25,
     [("Reoler", 3500)], ("in_review", None, None)),
    ("Yasmin Omar", 2, "Dansk-café for nye beboere", "am", 18,
     [("Kaffe og kage", 2500), ("Materialer", 1500)], ("awaiting_info", None, None)),
    ("Erik Thomsen", 3, "Loppemarked på tværs af afdelingerne", "a", 200,
     [("Borde", 3000), ("Annoncering", 1500)], ("submitted", None, None)),
    ("Nadia Christensen", 4, "Yoga i gården", "ms", 15,
     [("Instruktør", 6000)], ("submitted", None, None)),
    ("Kim Larsen", 5, "Grillaften med musik", "s", 70,
     [("Musik", 18000)], ("rejected", None, None)),
    ("Dorthe Friis", 6, "Fællestur i Tivoli Friheden", "a", 50,
     [("Billetter", 12000)], ("withdrawn", None, None)),
)


def load_demo(session: Session, *, today: date | None = None) -> Organisation:
    """Create the demo organisation and its cases; refuses if it exists already."""
    today = today or clock.today()
    if session.exec(select(Organisation).where(Organisation.cvr == "30000005")).first():
        raise ValueError("Demodata findes allerede.")
    org = Organisation(name="DOMI Bolig", legal_name="DOMI Bolig", cvr="30000005",
                       address="Rådhusgade 1, 8300 Odder", email="pulje@domi.example",
                       phone="87 80 10 00", invoice_address="DOMI Bolig, Rådhusgade 1, 8300 Odder",
                       invoice_email="faktura@domi.example")
    session.add(org)
    session.flush()
    for number, name in enumerate(DEPARTMENTS, start=1):
        session.add(Department(organisation_id=org.id, number=str(number), name=name,
                               homes=HOMES[number - 1]))
    for year in (today.year - 1, today.year):
        create_pool(session, org.id, year, DOMI_RULES)
    for email, name, role in DEMO_USERS:
        create_user(session, organisation_id=org.id, email=email, name=name, role=role,
                    password=DEMO_PASSWORD)
    session.flush()
    # The demo's residents are invented: their made-up history mails no one.
    with notifications.silenced(session):
        for year, cases in ((today.year - 1, CASES_LAST_YEAR), (today.year, CASES_THIS_YEAR)):
            for index, case in enumerate(cases):
                _make_case(session, org, year, index, case, today)
    return org


def _make_case(session, org, year, index, case, today):
    name, dept, title, purposes, participants, lines, (state, granted, invoices) = case
    caseworker = Actor("caseworker", "Mette Hansen")
    recent = state in ("submitted", "in_review", "awaiting_info")
    submitted = (min(today, date(year, 12, 31)) - timedelta(days=3 + index) if recent
                 else date(year, 2, 1) + timedelta(days=14 * index))
    start = submitted + timedelta(days=40 if not recent else 60)

    def on(day: date):
        # The demo's cases are spread over the year, so every stamp — audit trail, decision,
        # payment record — takes the day the step happened (never later than today).
        return clock_at(_at(min(day, today)))

    data = ApplicationInput(
        department_number=str(dept), applicant_name=name,
        applicant_address=f"{DEPARTMENTS[dept - 1]}vej {index + 3}, 8300 Odder",
        applicant_email=f"{name.split()[0].lower()}@beboer.example",
        applicant_phone=f"+45 20 {index + 10} 40 {index + 50}", title=title,
        purpose=f"{title}. Vi vil samle beboere, der ellers ikke mødes, og gøre det let at "
                "være med for både nye og gamle beboere.",
        expected_participants=participants, period_start=start,
        period_end=start + timedelta(days=30),
        across_departments="a" in purposes, short_notice="s" in purposes,
        small_group="m" in purposes,
        budget=[BudgetLineInput(description=d, amount=kr * 100) for d, kr in lines])
    with on(submitted):
        application = submit_application(session, org.id, data, today=min(submitted, today))
    if state == "submitted":
        return
    if state == "withdrawn":
        with on(submitted + timedelta(days=5)):
            decisions.withdraw(session, application, Actor.resident(name),
                               "Vi fandt en anden løsning.")
        return
    with on(submitted + timedelta(days=1)):
        decisions.start_review(session, application, caseworker)
    if state == "awaiting_info":
        with on(submitted + timedelta(days=2)):
            decisions.request_info(session, application, caseworker,
                                   "Hvor skal kaffen og kagen købes, og hvem står for indkøbet?")
        return
    if state == "rejected":
        with on(submitted + timedelta(days=8)):
            decisions.reject(
                session, application, caseworker,
                "Aktiviteten holdes i én afdeling for en stor gruppe; søg afdelingens egne "
                "midler.")
        return
    if state == "in_review":
        return
    decided = submitted + timedelta(days=10)
    partial = "Budgettet er skåret ned til det, puljen normalt dækker for en aktivitet af "\
        "denne størrelse." if granted * 100 < application.requested else None
    with on(decided):
        application = decisions.approve(session, application, caseworker, granted * 100,
                                        today=decided, reason=partial)
    _invoices(session, org, application, caseworker, invoices, start, index, on)
    if state == "closed":
        with on(start + timedelta(days=45)):
            decisions.close(session, application, caseworker)
        if start + timedelta(days=46) <= today:
            with on(start + timedelta(days=46)):
                _report(session, org, application, index)
    elif state == "lapsed":
        lapse_day = application.period_end + timedelta(days=120)
        with on(lapse_day):
            decisions.lapse(session, application, caseworker, today=lapse_day)


def _report(session, org, application, index: int) -> None:
    """Most closed demo cases have a short report: some more, some fewer than expected came."""
    if index % 4 == 3:
        return  # one in four never reported back
    neighbours = session.exec(select(Department.id).where(
        Department.organisation_id == org.id).order_by(Department.number)).all()
    own = application.department_id
    ticks = [own] + ([neighbours[(neighbours.index(own) + 1) % len(neighbours)]]
                     if application.across_departments else [])
    participants = application.expected_participants * (80 + 15 * (index % 3)) // 100
    outcomes.save_report(
        session, application, Actor.resident(application.applicant_name),
        outcomes.OutcomeInput(participants=participants, department_ids=ticks,
                              story="Det gik godt, og mange spurgte, om vi gør det igen.",
                              again=index % 5 != 4),
        today=application.period_end)


def _at(day: date) -> datetime:
    """Ten in the morning in Copenhagen on ``day``, as an aware UTC instant."""
    return datetime.combine(day, time(10), tzinfo=COPENHAGEN).astimezone(UTC)


def _invoices(session, org, application, caseworker, plan, start, index, on):
    if plan is None:
        return
    amount = {"paid": application.granted, "accepted": application.granted,
              "part": application.granted * 9 // 10}.get(plan, application.granted // 2)
    suppliers = ("Odder Festudlejning ApS", "Byggecentret Odder A/S", "Kaffe & Kage I/S")
    supplier = suppliers[index % len(suppliers)]

    def invoice(number, amount, buyer="DOMI Bolig", buyer_cvr="30000005"):
        return register_invoice(session, application, caseworker, InvoiceInput(
            supplier_name=supplier, supplier_cvr=None,
            number=f"{application.reference.replace('-', '')}{number}",
            issue_date=start + timedelta(days=5), activity_date=start, buyer_name=buyer,
            buyer_cvr=buyer_cvr, amount=amount))

    received = start + timedelta(days=6)
    if plan == "refused":
        with on(received):
            invoice(1, 7_500_00, buyer="Mohammed Hassan")
        return
    with on(received):
        first = invoice(1, amount)
        accept_invoice(session, first, caseworker)
    if plan == "accepted":
        return
    paid_on = start + timedelta(days=20)
    with on(paid_on):
        record_payment(session, first, caseworker, paid_on=paid_on,
                       reference=f"Bank {application.reference}",
                       idempotency_key=f"demo-{application.reference}-1")
    if plan == "mixed":
        with on(paid_on + timedelta(days=3)):
            invoice(2, 3_000_00)

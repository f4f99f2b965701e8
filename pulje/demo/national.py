"""National-scale demo data: 800 housing organisations, 7.000 departments, ten pool years and
half a million cases with budget lines, questions, invoices, payments and audit trails.

Far too many for the per-case services, so the rows are simulated here case by case (the same
steps, in the same order, with the same audit entries a caseworker's work leaves) and written
in bulk: COPY on PostgreSQL, executemany on SQLite, one transaction for everything. Each step
is a trigger of the state machines in ``workflows`` (a step they do not allow stops the load),
so the simulated cases move only as the services move them. The simulation keeps every
invariant the services keep: 0 ≤ paid ≤ granted ≤ min(requested, cap) per case, accepted +
paid invoices within the grant, used ≤ total per pool.
"""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, text
from sqlmodel import SQLModel
from werkzeug.security import generate_password_hash

from pulje import clock
from pulje.demo.small import DEMO_PASSWORD, DEMO_USERS, DEPARTMENTS, DOMI_RULES, RULES
from pulje.services.duplicates import rebuild_pairs
from pulje.services.search_index import CaseText, InvoiceText, document
from workflows import application as case_flow
from workflows import invoice as invoice_flow
from workflows import invoice_rules, rules

ORDER = ("organisation", "department", "staff_user", "pool", "rule_set", "application",
         "budget_line", "message", "invoice", "payment", "audit_entry", "case_search")
# Tables whose rows carry no id of their own (no sequence to move on).
WITHOUT_ID = ("case_search",)
PURPOSES_JSON = json.dumps(DOMI_RULES.purposes, ensure_ascii=False)
COLUMNS = {
    "organisation": ("id", "name", "legal_name", "cvr", "address", "email"),
    "department": ("id", "organisation_id", "number", "name"),
    "staff_user": ("id", "organisation_id", "email", "name", "role", "password_hash", "active"),
    "pool": ("id", "organisation_id", "year", "total", "cap", "rule_version",
             "rule_approved_on", "opens_on", "closes_on", "invoice_deadline_days",
             "next_number"),
    "rule_set": ("id", "pool_id", "version", "valid_from", "total", "cap", "purposes_json",
                 "purposes_required", "invoice_deadline_days", "title", "approved_on", "text",
                 "created_at"),
    "application": (
        "id", "pool_id", "department_id", "reference", "public_token", "state",
        "applicant_name", "applicant_address", "applicant_email", "applicant_phone",
        "applicant_cvr", "title", "purpose", "expected_participants", "period_start",
        "period_end", "across_departments", "short_notice", "small_group", "requested",
        "granted", "decision_reason", "rule_version", "submitted_at", "decided_at", "ended_at",
        "token_revoked"),
    "budget_line": ("id", "application_id", "position", "description", "amount"),
    "message": ("id", "application_id", "sender_role", "sender_name", "body", "sent_at"),
    "invoice": (
        "id", "application_id", "state", "supplier_name", "supplier_cvr", "number",
        "issue_date", "activity_date", "buyer_name", "buyer_cvr", "currency", "amount",
        "is_credit_note", "payment_account", "source", "file_path", "file_name",
        "refusal_reason", "notice", "received_at", "accepted_amount", "refusal_rule"),
    "payment": ("id", "invoice_id", "amount", "paid_on", "reference", "idempotency_key",
                "recorded_at", "recorded_by", "organisation_id"),
    "audit_entry": ("id", "at", "actor_role", "actor_name", "application_id", "invoice_id",
                    "action", "from_state", "to_state", "note"),
    "case_search": ("application_id", "organisation_id", "text"),
}


@dataclass(frozen=True)
class Scale:
    """How much to make; the applications are spread over organisations by size."""

    organisations: int = 800
    departments: int = 7_000
    years: int = 10
    applications: int = 500_000


NATIONAL = Scale()

FIRST_NAMES = ("Karen", "Ole", "Fatima", "Hans", "Lise", "Ahmed", "Birthe", "Jens", "Maria",
               "Peter", "Sofie", "Mohammed", "Inge", "Thomas", "Anna", "Yasmin", "Erik", "Nadia",
               "Kim", "Dorthe", "Mette", "Lars", "Aisha", "Niels", "Hanne", "Ali", "Susanne",
               "Mikkel", "Zainab", "Jørgen", "Camilla", "Omar", "Grethe", "Rasmus", "Leyla")
LAST_NAMES = ("Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
              "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen",
              "Thomsen", "Poulsen", "Ali", "Yusuf", "Hassan", "Holm", "Friis", "Berg", "Dahl")
PLACES = ("Søvang", "Kildevang", "Ørnebjerg", "Skovbakk", "Rosenhøj", "Åpark", "Fjordblink",
          "Engly", "Solhøj", "Bøgebakk", "Lærkehav", "Mølleeng", "Nørrepark", "Vestergård",
          "Strandeng", "Birkelund", "Egeskov", "Hyldebakk", "Kløverhøj", "Tjørnegård")
SUFFIXES = ("en", "parken", "haven", "gården", "toften", "bakken", "vænget")
TOWNS = (("8300", "Odder"), ("8000", "Aarhus C"), ("5000", "Odense C"), ("9000", "Aalborg"),
         ("7100", "Vejle"), ("6700", "Esbjerg"), ("2300", "København S"), ("4000", "Roskilde"),
         ("8800", "Viborg"), ("7400", "Herning"), ("3000", "Helsingør"), ("4700", "Næstved"))
ORGANISATION_FORMS = ("Boligselskabet {}", "Boligforeningen {}", "{} Bolig",
                      "Andelsboligforeningen {}", "Arbejdernes Boligforening {}")
# (title, lines): what residents apply for, with the budget lines they list.
ACTIVITIES = (
    ("Sommerfest på tværs af afdelingerne", ("Telt og borde", "Musik", "Mad")),
    ("Fælles køkkenhave med højbede", ("Træ og jord", "Planter")),
    ("Lektiecafé for børn", ("Materialer", "Forplejning")),
    ("Cykelværksted for alle afdelinger", ("Værktøj", "Reservedele")),
    ("Strikkeklub for ældre beboere", ("Garn og pinde", "Kaffe")),
    ("Fodboldturnering mellem afdelingerne", ("Leje af bane", "Præmier")),
    ("Juleklip og julefrokost", ("Mad", "Pynt")),
    ("Filmaftener i fælleshuset", ("Leje af projektor", "Snacks")),
    ("Fællesspisning hver måned", ("Råvarer", "Service")),
    ("Petanquebane ved fælleshuset", ("Grus og kanter", "Kugler")),
    ("Kajakture på fjorden", ("Leje af kajakker", "Instruktør")),
    ("Bogbyttecentral i opgangen", ("Reoler",)),
    ("Dansk-café for nye beboere", ("Kaffe og kage", "Materialer")),
    ("Loppemarked på tværs af afdelingerne", ("Borde", "Annoncering")),
    ("Yoga i gården", ("Instruktør", "Måtter")),
    ("Fællestur til Den Gamle By", ("Bus", "Billetter")),
    ("Legeplads-dag for familier", ("Hoppeborg", "Forplejning")),
    ("Repair café", ("Værktøj", "Forplejning")),
)
SUPPLIERS = (("Odder Festudlejning ApS", "41000007"), ("Byggecentret Odder A/S", "41000015"),
             ("Kaffe & Kage I/S", "41000023"), ("Busselskabet Øst A/S", "41000031"),
             ("Grøn Have ApS", "41000058"), ("Lyd og Lys Udlejning ApS", "41000066"),
             ("Sportshuset Danmark A/S", "41000074"), ("Cykelsmeden ApS", "41000082"))
REJECTIONS = (
    "Aktiviteten er for én afdeling og en stor gruppe; søg afdelingens egne midler.",
    "Ansøgningen handler om drift af fælleshuset, som puljen ikke dækker.",
    "Aktiviteten er en privat fest, ikke et fællesskab for beboerne.",
)
QUESTIONS = (("Hvem står for indkøbet, og hvor mange forventer I at komme?",
              "Beboerforeningens kasserer køber ind; vi regner med omkring 40."),
             ("Kan I sende et tilbud fra leverandøren?", "Tilbuddet er vedhæftet som PDF."),
             ("Er aktiviteten åben for beboere fra de andre afdelinger?",
              "Ja, vi sætter opslag op i alle opgange."))
WITHDRAWALS = ("Vi fandt en anden løsning.", "Vi har måttet aflyse arrangementet.")
DEPARTMENT_NAMES = tuple(p + s for p in PLACES for s in SUFFIXES)


def _destinations(transitions) -> dict[tuple[str, str], str]:
    """(trigger, source state) -> destination state, from a workflows transition table."""
    found = {}
    for transition in transitions:
        sources = transition["source"]
        for source in [sources] if isinstance(sources, str) else sources:
            found[(transition["trigger"], source)] = transition["dest"]
    return found


CASE_STEPS = _destinations(case_flow.TRANSITIONS)
INVOICE_STEPS = _destinations(invoice_flow.TRANSITIONS)
# Where a case and an invoice begin (the submission and the registration create them).
CASE_START, INVOICE_START = "submitted", "received"


def _money(amount: int) -> str:
    """format_money's Danish form ('20.000,00 kr.'), fast enough for millions of notes."""
    kroner, ore = divmod(amount, 100)
    return f"{kroner:,}".replace(",", ".") + f",{ore:02d}\xa0kr."


def _valid_cvrs(start: int) -> Iterable[str]:
    """Eight-digit numbers passing the CVR modulus-11 check, from ``start`` upwards."""
    weights = (2, 7, 6, 5, 4, 3, 2, 1)
    number = start
    while True:
        digits = f"{number:08d}"
        if sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11 == 0:
            yield digits
        number += 1


def _split(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights``, summing exactly; every part gets at least
    one when there are enough to go round."""
    parts = len(weights)
    floor = 1 if total >= parts else 0
    rest = total - floor * parts
    scale = sum(weights)
    shares = [rest * w / scale for w in weights]
    result = [floor + int(s) for s in shares]
    order = sorted(range(parts), key=lambda i: shares[i] - int(shares[i]), reverse=True)
    for i in order[:total - sum(result)]:
        result[i] += 1
    return result


class _Ids:
    """Ids handed out in insertion order, per table (the database starts empty)."""

    def __init__(self):
        self.last = dict.fromkeys(ORDER, 0)

    def next(self, table: str) -> int:
        self.last[table] += 1
        return self.last[table]


@dataclass
class _Org:
    id: int
    name: str
    cvr: str
    departments: list[int]
    caseworkers: list[str]
    department_labels: dict[int, tuple[str, str]]


class _Simulation:
    """Writes one organisation at a time into per-table row lists."""

    def __init__(self, scale: Scale, today: date, seed: int):
        self.scale = scale
        self.today = today
        self.now = datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=12)
        self.rng = random.Random(seed)
        self.ids = _Ids()
        self.rows: dict[str, list[tuple]] = {table: [] for table in ORDER}
        self.password_hash = generate_password_hash(DEMO_PASSWORD)
        self.cvrs = _valid_cvrs(31_000_000)
        weights = [self.rng.paretovariate(1.3) for _ in range(scale.organisations)]
        cap = max(1, scale.departments // 20)
        self.sizes = _split(scale.departments, [min(w, cap) for w in weights])
        self.case_counts = _split(scale.applications, [float(s) for s in self.sizes])
        self.years = list(range(today.year - scale.years + 1, today.year + 1))

    def add(self, table: str, *values) -> int:
        row_id = self.ids.next(table)
        self.rows[table].append((row_id, *values))
        return row_id

    def take(self) -> dict[str, list[tuple]]:
        rows, self.rows = self.rows, {table: [] for table in ORDER}
        return rows

    # -- organisations -------------------------------------------------------------------------

    def organisation(self, index: int) -> None:
        rng = self.rng
        first = index == 0
        if first:
            name, cvr = "DOMI Bolig", "30000005"
            department_names = list(DEPARTMENTS)
        else:
            place = rng.choice(PLACES) + rng.choice(SUFFIXES)
            name = rng.choice(ORGANISATION_FORMS).format(f"{place} {index}")
            cvr = next(self.cvrs)
            department_names = []
        postcode, town = rng.choice(TOWNS)
        org_id = self.add("organisation", name, name, cvr,
                          f"{rng.choice(PLACES)}vej {rng.randint(1, 99)}, {postcode} {town}",
                          f"pulje@org{index + 1}.example")
        size = self.sizes[index]
        while len(department_names) < size:
            department_names.append(rng.choice(DEPARTMENT_NAMES))
        departments = [self.add("department", org_id, str(n), department_names[n - 1])
                       for n in range(1, size + 1)]
        caseworkers = []
        users = list(DEMO_USERS) if first else [
            (f"{role}{k}@org{index + 1}.example",
             f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", role)
            for role, k in (("caseworker", 1), ("caseworker", 2), ("board", 1), ("admin", 1))]
        for email, person, role in users:
            self.add("staff_user", org_id, email, person, role, self.password_hash, True)
            if role == "caseworker":
                caseworkers.append(person)
        org = _Org(org_id, name, cvr, departments, caseworkers,
                   {d: (str(n), department_names[n - 1]) for n, d in enumerate(departments, 1)})
        per_year = _split(self.case_counts[index],
                          [1 + 0.05 * i for i in range(len(self.years))])
        for year, cases in zip(self.years, per_year, strict=True):
            self.pool(org, year, cases)

    def pool(self, org: _Org, year: int, cases: int) -> None:
        rng = self.rng
        # Pools are sized to run dry late in the year, as they do.
        kroner = int(round(len(org.departments) * rng.uniform(40_000, 60_000), -4))
        total = max(50_000, kroner) * 100
        cap = 20_000_00
        approved_on = date(2023, 5, 15) if year >= 2023 else date(year - 1, 11, 15)
        rule_version = f"{RULES}, godkendt {approved_on:%d.%m.%Y}"
        pool_id = self.add("pool", org.id, year, total, cap, RULES, approved_on,
                           date(year, 1, 1), date(year, 12, 31), 90, cases + 1)
        self.add("rule_set", pool_id, 1, date(year, 1, 1), total, cap, PURPOSES_JSON, 1, 90,
                 RULES, approved_on, "", self.now)
        start = datetime(year, 1, 2, tzinfo=UTC)
        end = min(datetime(year, 12, 31, tzinfo=UTC), self.now - timedelta(hours=1))
        span = max(1, int((end - start).total_seconds()))
        moments = sorted(start + timedelta(seconds=rng.randrange(span)) for _ in range(cases))
        used = 0
        for number, submitted in enumerate(moments, start=1):
            used += _Case(self, org, pool_id, year, total - used, cap, rule_version,
                          f"{year}-{number:04d}", submitted).run()
        assert 0 <= used <= total

    def load(self, sink: Callable[[dict[str, list[tuple]]], None],
             on_organisation: Callable[[int], None] | None = None) -> dict[str, int]:
        for index in range(self.scale.organisations):
            self.organisation(index)
            sink(self.take())
            if on_organisation is not None:
                on_organisation(1)
        return {**self.ids.last, "case_search": self.ids.last["application"]}


class _Case:
    """One case from submission to where it stands today; ``run`` returns what it uses of the
    pool (docs/ARCHITECTURE.md: granted while open, paid once ended)."""

    def __init__(self, sim: _Simulation, org: _Org, pool_id: int, year: int, room: int,
                 cap: int, rule_version: str, reference: str, submitted: datetime):
        self.sim, self.org, self.rng = sim, org, sim.rng
        self.pool_id, self.year, self.room, self.cap = pool_id, year, room, cap
        self.rule_version, self.reference, self.submitted = rule_version, reference, submitted
        self.id = sim.ids.next("application")
        self.applicant = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
        self.caseworker = self.rng.choice(org.caseworkers)
        self.state = CASE_START
        self.audit: list[tuple] = []
        self.messages: list[tuple] = []
        self.invoices: list[InvoiceText] = []
        self.payment_references: list[str] = []

    def step(self, at: datetime, role: str, name: str, action: str, before: str | None,
             after: str | None, note: str | None = None, invoice_id: int | None = None):
        self.audit.append((at, role, name, self.id, invoice_id, action, before, after, note))

    def fire(self, at: datetime, role: str, name: str, trigger: str,
             note: str | None = None) -> None:
        """The case's ``trigger`` as workflows.application allows it from the current state,
        audited as the services audit it."""
        after = CASE_STEPS[(trigger, self.state)]
        self.step(at, role, name, trigger, self.state, after, note)
        self.state = after

    def fire_invoice(self, at: datetime, role: str, name: str, trigger: str, state: str,
                     note: str | None, invoice_id: int) -> str:
        """An invoice's ``trigger`` (workflows.invoice) from ``state``; returns the new state."""
        after = INVOICE_STEPS[(trigger, state)]
        self.step(at, role, name, f"invoice_{trigger}", state, after, note, invoice_id)
        return after

    def run(self) -> int:
        rng, sim, now = self.rng, self.sim, self.sim.now
        title, line_names = rng.choice(ACTIVITIES)
        lines = [(d, rng.randint(5, 120) * 100_00)
                 for d in line_names[:rng.randint(1, len(line_names))]]
        requested = sum(amount for _, amount in lines)
        purposes = [rng.random() < p for p in (0.55, 0.35, 0.4)]
        if not any(purposes):
            purposes[0] = True
        granted, reason, decided, ended, used = None, None, None, None, 0
        self.step(self.submitted, "resident", self.applicant, "submit", None, self.state)
        review = self.submitted + timedelta(days=1, hours=rng.randint(0, 20))
        decision = self.submitted + timedelta(days=rng.randint(2, 25), hours=rng.randint(0, 6))
        asks = rng.random() < 0.1
        asked = review + timedelta(hours=1)
        answered = asked + timedelta(hours=rng.randint(2, 40))
        if asks:
            decision = max(decision, answered + timedelta(hours=1))
        period_start = (self.submitted + timedelta(days=rng.randint(30, 90))).date()
        if decision > now:
            # Not decided yet: waiting, on the desk, or waiting for the applicant's answer.
            if review < now and rng.random() < 0.6:
                self.fire(review, "caseworker", self.caseworker, "start_review")
                if (asks or rng.random() < 0.3) and asked < now:
                    self.question(asked, answered=False)
        elif rng.random() < 0.05:
            ended = decision
            self.fire(decision, "resident", self.applicant, "withdraw", rng.choice(WITHDRAWALS))
        else:
            self.fire(review, "caseworker", self.caseworker, "start_review")
            if asks:
                self.question(asked, answered=True, reply_at=answered)
            decided = decision
            amount = min(requested, self.cap)
            if rng.random() < 0.25:
                amount = max(100_00, amount * rng.randint(60, 95) // 100 // 100_00 * 100_00)
            refusal = rules.within_pool_room(amount, self.room, self.year)
            if refusal is not None or rng.random() < 0.1:
                reason = (f"{refusal.rule}: {refusal.message}" if refusal
                          else rng.choice(REJECTIONS))
                self.fire(decision, "caseworker", self.caseworker, "reject", reason)
            else:
                granted = amount
                period_start = (decision + timedelta(days=rng.randint(7, 60))).date()
                self.fire(decision, "caseworker", self.caseworker, "approve",
                          f"Bevilget {_money(amount)}")
        period_end = period_start + timedelta(days=rng.choice((0, 0, 1, 7, 30)))
        if granted is not None:
            used, ended = self.after_approval(granted, decided, period_end)
        department = rng.choice(self.org.departments)
        application = (
            self.id, self.pool_id, department, self.reference,
            secrets.token_urlsafe(32), self.state, self.applicant,
            f"{rng.choice(PLACES)}vej {rng.randint(1, 120)}",
            f"beboer{rng.randint(1, 10**6)}@beboer.example",
            f"+45 {rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
            f"{rng.randint(10, 99)}", None, title,
            f"{title}. Vi vil samle beboere, der ellers ikke mødes, og gøre det let at være med.",
            rng.choice((8, 12, 20, 35, 60, 120)), period_start, period_end, *purposes,
            requested, granted, reason, self.rule_version if decided else None,
            self.submitted, decided, ended, False)
        sim.rows["application"].append(application)
        self.search_row(dict(zip(COLUMNS["application"], application, strict=True)))
        for position, (description, amount) in enumerate(lines, start=1):
            sim.add("budget_line", self.id, position, description, amount)
        for values in self.messages:
            sim.add("message", self.id, *values)
        for values in sorted(self.audit, key=lambda entry: entry[0]):
            sim.add("audit_entry", *values)
        return used

    def search_row(self, case: dict) -> None:
        """The case's row of case_search, from the same fields the services index."""
        number, name = self.org.department_labels[case["department_id"]]
        self.sim.rows["case_search"].append((self.id, self.org.id, document(CaseText(
            reference=case["reference"], applicant_name=case["applicant_name"],
            applicant_email=case["applicant_email"], title=case["title"],
            department_number=number, department_name=name, invoices=tuple(self.invoices),
            payment_references=tuple(self.payment_references)))))

    def question(self, at: datetime, *, answered: bool, reply_at: datetime | None = None):
        question, reply = self.rng.choice(QUESTIONS)
        self.messages.append(("caseworker", self.caseworker, question, at))
        self.fire(at, "caseworker", self.caseworker, "request_info", question)
        if answered:
            assert reply_at is not None
            self.messages.append(("resident", self.applicant, reply, reply_at))
            self.fire(reply_at, "resident", self.applicant, "answer", reply)

    def after_approval(self, granted: int, decided: datetime,
                       end: date) -> tuple[int, datetime | None]:
        """Invoices, payments and the ending: what the case uses, when it ended."""
        rng, now = self.rng, self.sim.now
        deadline = end + timedelta(days=90)
        invoice_day = _noon(end) + timedelta(days=rng.randint(1, 30), hours=-3)
        if _noon(deadline) < now:
            roll = rng.random()
            if roll < 0.06:
                at = _noon(deadline) + timedelta(days=rng.randint(1, 20))
                return 0, self.ending("lapse", at, self.caseworker, granted,
                                                f"Ingen faktura modtaget inden fristen "
                                                f"{deadline:%d.%m.%Y}")
            if roll < 0.09:
                at = decided + timedelta(days=rng.randint(1, 20))
                return 0, self.ending("withdraw", at, self.applicant, granted,
                                                   rng.choice(WITHDRAWALS), role="resident")
            paid = granted if rng.random() < 0.6 else granted * rng.randint(70, 99) // 100
            parts = [paid] if paid < 2_000_00 or rng.random() < 0.7 else [
                paid // 2, paid - paid // 2]
            if rng.random() < 0.04:
                self.invoice(rng.randint(5, 50) * 100_00, invoice_day, "refused", granted, 0)
            paid_so_far, last = 0, invoice_day
            for amount in parts:
                last = self.invoice(amount, invoice_day, "paid", granted, paid_so_far)
                paid_so_far += amount
                invoice_day += timedelta(days=rng.randint(1, 10))
            at = last + timedelta(days=rng.randint(1, 30))
            return paid, self.ending("close", at, self.caseworker, granted - paid,
                                               None)
        if invoice_day < now - timedelta(days=20):
            plan = rng.choice(("received", "accepted", "paid", "paid+received"))
            first = granted if plan != "paid+received" else granted // 2
            self.invoice(first, invoice_day, plan.split("+")[0], granted, 0)
            if plan == "paid+received" and granted - first > 0:
                self.invoice(granted - first, invoice_day + timedelta(days=2), "received",
                             granted, first)
        return granted, None

    def invoice(self, amount: int, at: datetime, state: str, granted: int,
                paid_before: int) -> datetime:
        """One supplier invoice taken to ``state``; returns when its last step happened."""
        rng, sim, org = self.rng, self.sim, self.org
        supplier, supplier_cvr = rng.choice(SUPPLIERS)
        refused = state == "refused"
        buyer = self.applicant if refused else org.name
        refusal = None
        if refused:
            violation = invoice_rules.buyer_is_organisation(buyer, None, org.name, org.cvr)
            refusal = violation.message
        number = f"{rng.randint(1000, 99999)}"
        issue = at.date() - timedelta(days=1)
        invoice_id = sim.add("invoice", self.id, state, supplier, supplier_cvr, number, issue,
                             issue - timedelta(days=rng.randint(0, 5)), buyer,
                             None if refused else org.cvr, "DKK", amount, False, None,
                             rng.choice(("manual", "manual", "pdf", "xml")), None, None,
                             refusal, None, at, None if state in ("refused", "received")
                             else amount, violation.rule if refused else None)
        self.invoices.append(InvoiceText(supplier, supplier_cvr, number))
        self.step(at, "caseworker", self.caseworker, "register_invoice", None, INVOICE_START,
                  f"{supplier} nr. {number}: {_money(amount)}", invoice_id)
        if refused:
            self.fire_invoice(at, "system", "pulje", "refuse", INVOICE_START, refusal,
                              invoice_id)
            return at
        assert 0 < amount and paid_before + amount <= granted
        if state == "received":
            return at
        accepted = at + timedelta(hours=rng.randint(1, 72))
        now_in = self.fire_invoice(accepted, "caseworker", self.caseworker, "accept",
                                   INVOICE_START, None, invoice_id)
        if state == "accepted":
            return accepted
        paid_at = accepted + timedelta(days=rng.randint(1, 14))
        self.fire_invoice(paid_at, "caseworker", self.caseworker, "pay", now_in,
                          f"Betalt {_money(amount)} til {supplier}", invoice_id)
        self.payment_references.append(f"Bank {self.reference}")
        sim.add("payment", invoice_id, amount, paid_at.date(), f"Bank {self.reference}",
                f"national-{invoice_id}", paid_at, f"sagsbehandler {self.caseworker}", org.id)
        return paid_at

    def ending(self, trigger: str, at: datetime, name: str, released: int, note: str | None,
               role: str = "caseworker") -> datetime:
        at = min(at, self.sim.now - timedelta(hours=2))
        parts = [note] if note else []
        if released:
            parts.append(f"Frigivet {_money(released)} til puljen")
        self.fire(at, role, name, trigger, ". ".join(parts) or None)
        return at


def _noon(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=12)


def check_columns() -> None:
    """Refuse to load when the schema has a required column this module does not fill."""
    for table_name, columns in COLUMNS.items():
        table = SQLModel.metadata.tables[table_name]
        missing = [c.name for c in table.columns if c.name not in columns
                   and not c.nullable and c.server_default is None]
        if missing or not set(columns) <= set(table.columns.keys()):
            raise RuntimeError(f"pulje.demo.national is out of date for {table_name}: "
                               f"{missing}")


def _sqlite_sink(connection: Connection) -> Callable[[dict[str, list[tuple]]], None]:
    raw = connection.connection.driver_connection
    plans = {}
    for table in ORDER:
        columns = SQLModel.metadata.tables[table].c
        # Stored the way SQLAlchemy's SQLite types store them (UTCDateTime: naive UTC).
        positions = [(i, _python_type(columns[name])) for i, name in enumerate(COLUMNS[table])
                     if _python_type(columns[name]) in (date, datetime, bool)]
        plans[table] = (f"INSERT INTO {table} ({', '.join(COLUMNS[table])}) "
                        f"VALUES ({', '.join('?' * len(COLUMNS[table]))})", positions)

    def write(rows: dict[str, list[tuple]]) -> None:
        for table in ORDER:
            if rows[table]:
                sql, positions = plans[table]
                raw.executemany(sql, [_sqlite_row(row, positions) for row in rows[table]]
                                if positions else rows[table])

    return write


def _python_type(column) -> type | None:
    try:
        return column.type.python_type
    except NotImplementedError:
        return None


def _sqlite_row(row: tuple, positions: list[tuple[int, type]]) -> tuple:
    values = list(row)
    for i, kind in positions:
        value = values[i]
        if value is None:
            continue
        if kind is datetime:
            values[i] = value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        elif kind is date:
            values[i] = value.isoformat()
        else:
            values[i] = int(value)
    return tuple(values)


def _copy_sink(connection: Connection) -> Callable[[dict[str, list[tuple]]], None]:
    raw = connection.connection.driver_connection

    def write(rows: dict[str, list[tuple]]) -> None:
        with raw.cursor() as cursor:
            for table in ORDER:
                if not rows[table]:
                    continue
                with cursor.copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN") as c:
                    for row in rows[table]:
                        c.write_row(row)

    return write


def load_national(connection: Connection, *, scale: Scale = NATIONAL, today: date | None = None,
                  seed: int = 2026,
                  on_organisation: Callable[[int], None] | None = None) -> dict[str, int]:
    """Write the national demo into an empty, migrated database; returns rows per table.

    Runs inside the caller's transaction on ``connection``; ``on_organisation(1)`` is called
    after each organisation (for a progress bar).
    """
    check_columns()
    if connection.execute(text("SELECT 1 FROM organisation LIMIT 1")).first() is not None:
        raise ValueError("Der er allerede data i databasen.")
    sim = _Simulation(scale, today or clock.today(), seed)
    postgres = connection.dialect.name == "postgresql"
    counts = sim.load(_copy_sink(connection) if postgres else _sqlite_sink(connection),
                      on_organisation)
    if postgres:
        for table in (t for t in ORDER if t not in WITHOUT_ID):
            # Rows came with their ids; the sequences must continue after them.
            connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table}), 1), "
                f"(SELECT max(id) FROM {table}) IS NOT NULL)"))
    counts["duplicate_pair"] = rebuild_pairs(connection)
    connection.execute(text("ANALYZE"))
    return counts

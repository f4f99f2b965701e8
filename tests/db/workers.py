"""Steps run concurrently by the stress tests, each on its own engine: in a thread or in a
separate (spawned) process. Every step reports its outcome as a short string."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable

from pulje.engine import make_engine, run_in_transaction, session_factory
from pulje.models import Application, Invoice
from pulje.services import decisions
from pulje.services.invoices import accept_invoice, register_invoice
from pulje.services.payments import record_payment
from tests.factories import CASEWORKER, TODAY, invoice_input
from workflows.errors import RuleViolation, WorkflowError

START_TIMEOUT_S = 60


def _outcome(url: str, step: Callable) -> str:
    engine = make_engine(url)
    try:
        return run_in_transaction(session_factory(engine), step)
    except RuleViolation as exc:
        return f"{exc.rule}: {exc.message}"
    except WorkflowError as exc:
        return f"{type(exc).__name__}: {exc.message}"
    finally:
        engine.dispose()


def approve(url: str, application_id: int, amount: int) -> str:
    def step(session):
        application = session.get(Application, application_id)
        decisions.approve(session, application, CASEWORKER, amount, today=TODAY,
                          reason="Puljen dækker en del af budgettet.")
        return "approved"
    return _outcome(url, step)


def accept(url: str, invoice_id: int) -> str:
    def step(session):
        accept_invoice(session, session.get(Invoice, invoice_id), CASEWORKER)
        return "accepted"
    return _outcome(url, step)


def pay(url: str, invoice_id: int, key: str) -> str:
    def step(session):
        result = record_payment(session, session.get(Invoice, invoice_id), CASEWORKER,
                                paid_on=TODAY, idempotency_key=key)
        return "created" if result.created else "repeated"
    return _outcome(url, step)


def register(url: str, application_id: int, number: str) -> str:
    def step(session):
        register_invoice(session, session.get(Application, application_id), CASEWORKER,
                         invoice_input(1_000_00, number=number))
        return "registered"
    return _outcome(url, step)


def _in_process(ready, start, results, index: int, target: Callable, args: tuple) -> None:
    ready.put(index)
    start.wait(START_TIMEOUT_S)
    try:
        results.put((index, target(*args)))
    except BaseException as exc:  # reported to the test rather than lost in the child
        results.put((index, f"crash: {type(exc).__name__}: {exc}"))


def race(target: Callable, calls: list[tuple], *, processes: int) -> list[str]:
    """Run ``target(*args)`` for every call at once: the first ``processes`` calls in separate
    processes, the rest in threads; all start together. Returns the outcomes in call order.

    The processes are forked from a fork server that has imported pulje once (not spawned,
    each importing it again: seconds of CPU per process); the server itself runs no thread
    and holds no connection, so every process starts clean and opens its own engine."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    ready, start, results = context.Queue(), context.Event(), context.Queue()
    workers: list = []
    for index, args in enumerate(calls):
        kind = context.Process if index < processes else threading.Thread
        worker = kind(target=_in_process, args=(ready, start, results, index, target, args))
        worker.start()
        workers.append(worker)
    for _ in calls:
        ready.get(timeout=START_TIMEOUT_S)
    start.set()
    outcomes = dict(results.get(timeout=START_TIMEOUT_S * 2) for _ in calls)
    for worker in workers:
        worker.join(START_TIMEOUT_S)
    return [outcomes[i] for i in range(len(calls))]

"""Commands for suppliers' invoices and payments on a granted case."""

from __future__ import annotations

import uuid
from pathlib import Path

import click
from sqlmodel import select

from pulje import clock
from pulje.cli.common import (
    actor_option,
    caseworker,
    org_option,
    say_pool,
    today_option,
    unit_of_work,
)
from pulje.models import Application, Invoice, Pool
from pulje.services.accounting import case_money
from pulje.services.einvoice_import import import_einvoice
from pulje.services.invoices import InvoiceInput, accept_invoice, refuse_invoice, register_invoice
from pulje.services.payments import record_payment, record_refund
from pulje.services.queries import case_by_reference, invoice_in_organisation
from pulje.services.trace import untraceable_payments
from pulje.uploads import upload_folder
from workflows.invoice import label
from workflows.money import AmountError, format_money, parse_amount


@click.group("invoice")
def invoice_group() -> None:
    """Leverandørfakturaer på en bevilget sag."""


def say_invoice(session, invoice: Invoice) -> None:
    kind = "Kreditnota" if invoice.is_credit_note else "Faktura"
    click.echo(f"{kind} {invoice.id} ({invoice.supplier_name} nr. {invoice.number}, "
               f"{format_money(invoice.amount)}): {label(invoice)}")
    application = session.get(Application, invoice.application_id)
    money = case_money(session, application)
    figures = money.invoices.get(invoice.id)
    if invoice.credits_invoice_id:
        credited = session.get(Invoice, invoice.credits_invoice_id)
        click.echo(f"  Krediterer faktura {credited.id} (nr. {credited.number})")
    if figures is not None and figures.partial:
        click.echo(f"  Godkendt {format_money(figures.accepted)} af "
                   f"{format_money(figures.amount)}")
    if figures is not None and figures.refund_due:
        click.echo(f"  Leverandøren skal betale {format_money(figures.refund_due)} tilbage")
    if invoice.payment_account and not invoice.is_credit_note:
        click.echo(f"  Betales til konto {invoice.payment_account}")
    if invoice.refusal_reason:
        rule = f" ({invoice.refusal_rule})" if invoice.refusal_rule else ""
        click.echo(f"  Begrundelse{rule}: {invoice.refusal_reason}")
    if invoice.notice:
        click.echo(f"  Bemærk: {invoice.notice}")
    click.echo(f"  Sag {application.reference}: bevilget {format_money(money.granted)}, "
               f"udbetalt {format_money(money.paid)}, godkendt ikke betalt "
               f"{format_money(money.accepted_unpaid)}, tilbage af bevillingen "
               f"{format_money(money.free)}")


def _optional_amount(ctx, param, value):
    return None if value is None else _amount(ctx, param, value)


def _amount(ctx, param, value):
    try:
        return parse_amount(value, allow_negative=True)
    except AmountError as exc:
        raise click.BadParameter(str(exc)) from exc


@invoice_group.command("register")
@click.argument("reference")
@click.option("--supplier", required=True, help="Leverandørens navn.")
@click.option("--supplier-cvr", default=None)
@click.option("--number", required=True, help="Fakturanummer.")
@click.option("--date", "issue_date", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--activity-date", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--buyer", required=True, help="Køberens navn, som det står på fakturaen.")
@click.option("--buyer-cvr", default=None)
@click.option("--amount", required=True, callback=_amount,
              help="Beløb, fx 7.500,00; en kreditnota har et negativt beløb, fx -1.000,00.")
@click.option("--credits", "credits_invoice_id", type=int, default=None,
              help="Kreditnota: id på den faktura på sagen, den krediterer.")
@click.option("--account", default=None, help="Leverandørens konto (reg.nr. og kontonr.).")
@org_option
@actor_option
@today_option
@unit_of_work
def register_command(session, organisation, reference, supplier, supplier_cvr, number,
                     issue_date, activity_date, buyer, buyer_cvr, amount, credits_invoice_id,
                     account, actor_name, today):
    """Registrér en faktura eller kreditnota; regler der ikke er opfyldt, afviser den straks."""
    application = case_by_reference(session, organisation.id, reference)
    actor = caseworker(session, organisation, actor_name)
    invoice = register_invoice(session, application, actor, InvoiceInput(
        supplier_name=supplier, supplier_cvr=supplier_cvr, number=number,
        issue_date=issue_date.date(),
        activity_date=activity_date.date() if activity_date else None,
        buyer_name=buyer, buyer_cvr=buyer_cvr, amount=amount, is_credit_note=amount < 0,
        credits_invoice_id=credits_invoice_id, payment_account=account))
    say_invoice(session, invoice)


@invoice_group.command("import")
@click.argument("reference")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@org_option
@actor_option
@today_option
@unit_of_work
def import_command(session, organisation, reference, file, actor_name, today):
    """Indlæs en e-faktura (OIOUBL 2.1 eller Peppol BIS 3, XML) på en sag og kontrollér den."""
    application = case_by_reference(session, organisation.id, reference)
    actor = caseworker(session, organisation, actor_name)
    invoice = import_einvoice(session, application, actor, file.read_bytes(),
                              file_name=file.name, folder=upload_folder())
    say_invoice(session, invoice)


@invoice_group.command("accept")
@click.argument("invoice_id", type=int)
@click.option("--partial", callback=_optional_amount, default=None,
              help="Godkend kun dette beløb af fakturaen, fx resten af bevillingen: 3.000,00.")
@click.option("--rest", is_flag=True,
              help="Godkend det, der er tilbage af bevillingen, når fakturaen er større.")
@org_option
@actor_option
@today_option
@unit_of_work
def accept_command(session, organisation, invoice_id, partial, rest, actor_name, today):
    """Godkend en faktura til betaling, helt eller (--partial/--rest) delvist."""
    actor = caseworker(session, organisation, actor_name)
    invoice = invoice_in_organisation(session, organisation.id, invoice_id)
    if rest:
        money = case_money(session, session.get(Application, invoice.application_id))
        figures = money.invoices.get(invoice.id)
        cost = figures.amount - figures.credited if figures else invoice.amount
        partial = min(money.free, cost)
    invoice = accept_invoice(session, invoice, actor, partial=partial)
    say_invoice(session, invoice)


@invoice_group.command("refuse")
@click.argument("invoice_id", type=int)
@click.argument("reason")
@org_option
@actor_option
@today_option
@unit_of_work
def refuse_command(session, organisation, invoice_id, reason, actor_name, today):
    """Afvis en faktura med en begrundelse."""
    invoice = refuse_invoice(session, invoice_in_organisation(session, organisation.id,
                                                              invoice_id),
                             caseworker(session, organisation, actor_name), reason)
    say_invoice(session, invoice)


@invoice_group.command("list")
@click.argument("reference")
@org_option
@unit_of_work
def list_invoices_command(session, organisation, reference):
    """Vis fakturaerne på en sag."""
    application = case_by_reference(session, organisation.id, reference)
    for invoice in session.exec(select(Invoice).where(Invoice.application_id == application.id)
                                .order_by(Invoice.id)).all():
        say_invoice(session, invoice)


@invoice_group.command("trace")
@org_option
@unit_of_work
def trace_command(session, organisation):
    """Revisionens kontrol: hver betaling kan spores til bevillingen, fakturaens godkendelse og
    betalingen, hver foretaget af en navngiven sagsbehandler eller administrator."""
    problems = untraceable_payments(session, organisation.id)
    if problems:
        raise click.ClickException("\n".join(problem.message for problem in problems))
    click.echo("Alle betalinger kan spores til bevilling, fakturagodkendelse og betaling, "
               "hver foretaget af en navngiven person.")


@click.command("pay")
@click.argument("invoice_id", type=int)
@click.option("--date", "paid_on", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Betalingsdato (standard: i dag).")
@click.option("--reference", default="", help="Bankens eller bogføringens reference.")
@click.option("--key", default=None,
              help="Entydig nøgle; samme nøgle to gange registrerer kun én betaling.")
@org_option
@actor_option
@today_option
@unit_of_work
def pay_command(session, organisation, invoice_id, paid_on, reference, key, actor_name, today):
    """Registrér betaling til leverandøren af en godkendt faktura."""
    invoice = invoice_in_organisation(session, organisation.id, invoice_id)
    result = record_payment(session, invoice, caseworker(session, organisation, actor_name),
                            paid_on=paid_on.date() if paid_on else clock.today(),
                            reference=reference, idempotency_key=key or str(uuid.uuid4()))
    click.echo(result.message)
    say_invoice(session, invoice)
    say_pool(session, session.get(Pool, session.get(Application, invoice.application_id).pool_id))


@invoice_group.command("refund")
@click.argument("invoice_id", type=int)
@click.option("--amount", required=True, callback=_amount, help="Beløbet, der er modtaget.")
@click.option("--date", "received_on", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Dagen pengene kom (standard: i dag).")
@click.option("--reference", default="", help="Bankens eller bogføringens reference.")
@org_option
@actor_option
@today_option
@unit_of_work
def refund_command(session, organisation, invoice_id, amount, received_on, reference,
                   actor_name, today):
    """Registrér penge, leverandøren har betalt tilbage efter en kreditnota på en betalt faktura."""
    invoice = invoice_in_organisation(session, organisation.id, invoice_id)
    actor = caseworker(session, organisation, actor_name)
    refund = record_refund(session, invoice, actor, amount=amount,
                           received_on=received_on.date() if received_on else clock.today(),
                           reference=reference)
    click.echo(f"Tilbagebetaling på {format_money(refund.amount)} er registreret.")
    say_invoice(session, invoice)
    say_pool(session, session.get(Pool, session.get(Application, invoice.application_id).pool_id))


COMMANDS = [invoice_group, pay_command]

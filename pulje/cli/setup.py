"""Setting up from the shell: organisations, departments, pool years and rules, staff users.

The same services as the administrator's web pages; the site operator's `org list` and
`org create` belong to no one organisation.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from pulje.cli.admin import user_group
from pulje.cli.common import (
    link_for,
    org_option,
    site_unit_of_work,
    today_from,
    today_option,
    unit_of_work,
)
from pulje.models import ROLES, User, utcnow
from pulje.services import departments, rulesets
from pulje.services.errors import InputError
from pulje.services.organisations import (
    OrganisationInput,
    create_organisation,
    list_organisations,
    update_organisation,
)
from pulje.services.queries import pool_for_year
from pulje.services.users import invite_user, set_active, update_user, user_in_organisation
from workflows.money import AmountError, format_money, parse_amount

INVITE_LINK = "account.accept_invitation"


def _amount(ctx, param, value):
    if value is None:
        return None
    try:
        return parse_amount(value)
    except AmountError as exc:
        raise click.BadParameter(str(exc)) from exc


def _details(function):
    """The organisation's details as options (create and edit)."""
    for name, text in reversed((
            ("--legal-name", "Juridisk navn (som fakturaer skal lyde på)."),
            ("--address", "Postadresse."), ("--phone", "Telefon til beboere og leverandører."),
            ("--email", "Kontakt-e-mail."),
            ("--invoice-address", "Adresse, leverandører sender fakturaer til."),
            ("--invoice-email", "E-mail til fakturaer."), ("--ean", "EAN-nummer (13 cifre).")),
    ):
        function = click.option(name, default=None, help=text)(function)
    return function


@click.group("org")
def org_group() -> None:
    """Organisationer på denne installation."""


@org_group.command("create")
@click.option("--name", required=True, help="Organisationens navn.")
@click.option("--cvr", required=True, help="CVR-nummer (8 cifre).")
@click.option("--admin-email", required=True, help="Den første administrators e-mail.")
@click.option("--admin-name", default="", help="Administratorens navn.")
@_details
@site_unit_of_work
def org_create_command(session, name, cvr, admin_email, admin_name, **details):
    """Opret en organisation og dens første administrator, som får et invitationslink."""
    data = OrganisationInput(name=name, cvr=cvr,
                             **{k: v for k, v in details.items() if v is not None})
    links = _Links()
    organisation, admin = create_organisation(
        session, data, admin_email=admin_email, admin_name=admin_name, now=utcnow(),
        link_for=links)
    click.echo(f"{organisation.name} (CVR {organisation.cvr}) er oprettet.")
    click.echo(f"Invitationen er sendt til {admin.email}. Linket virker i 72 timer:")
    click.echo(f"  {links.last}")


class _Links:
    """Builds the mail's link and keeps it, so the operator can pass it on by hand too."""

    def __init__(self):
        self.build, self.last = link_for(INVITE_LINK), ""

    def __call__(self, token: str) -> str:
        self.last = self.build(token)
        return self.last


@org_group.command("edit")
@click.option("--name", default=None)
@click.option("--cvr", default=None)
@_details
@org_option
@unit_of_work
def org_edit_command(session, organisation, name, cvr, **details):
    """Ret organisationens oplysninger (kun de angivne felter)."""
    current = {field: getattr(organisation, field) for field in (
        "name", "cvr", "legal_name", "address", "phone", "email", "invoice_address",
        "invoice_email", "ean")}
    given = {"name": name, "cvr": cvr, **details}
    current.update({k: v for k, v in given.items() if v is not None})
    update_organisation(session, organisation, OrganisationInput(**current))
    click.echo(f"{organisation.name} er opdateret.")


@org_group.command("list")
@site_unit_of_work
def org_list_command(session):
    """Alle organisationer med deres puljeår (til driftsansvarlig)."""
    rows = list_organisations(session)
    if not rows:
        click.echo("Der er ingen organisationer endnu.")
    for organisation, years in rows:
        listed = ", ".join(str(y) for y in years) or "ingen puljer"
        click.echo(f"{organisation.cvr}  {organisation.name}: {listed}")


@click.group("department")
def department_group() -> None:
    """Afdelinger."""


@department_group.command("add")
@click.argument("number")
@click.argument("name")
@click.option("--address", default="")
@org_option
@unit_of_work
def department_add_command(session, organisation, number, name, address):
    """Tilføj en afdeling."""
    department = departments.add_department(session, organisation.id, number=number, name=name,
                                            address=address)
    click.echo(f"Afdeling {department.number} {department.name} er oprettet.")


@department_group.command("rename")
@click.argument("number")
@click.argument("name")
@org_option
@unit_of_work
def department_rename_command(session, organisation, number, name):
    """Giv en afdeling et nyt navn."""
    department = departments.department_by_number(session, organisation.id, number)
    departments.rename_department(session, department, name=name)
    click.echo(f"Afdeling {department.number} hedder nu {department.name}.")


@department_group.command("retire")
@click.argument("number")
@click.option("--undo", is_flag=True, help="Tag afdelingen i brug igen.")
@org_option
@unit_of_work
def department_retire_command(session, organisation, number, undo):
    """Tag en afdeling ud af brug (dens sager bevares)."""
    department = departments.department_by_number(session, organisation.id, number)
    departments.set_retired(session, department, not undo)
    state = "i brug igen" if undo else "taget ud af brug"
    click.echo(f"Afdeling {department.number} {department.name} er {state}.")


@department_group.command("homes")
@click.argument("number")
@click.argument("homes", type=int, required=False)
@org_option
@unit_of_work
def department_homes_command(session, organisation, number, homes):
    """Sæt antal boliger i en afdeling (uden tal: ukendt), så bestyrelsen ser deltagere pr.
    100 boliger."""
    department = departments.department_by_number(session, organisation.id, number)
    departments.set_homes(session, department, homes)
    told = f"{homes} boliger" if homes is not None else "ukendt antal boliger"
    click.echo(f"Afdeling {department.number} {department.name}: {told}.")


@department_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--apply", "apply_", is_flag=True, help="Gennemfør ændringerne (ellers kun vist).")
@org_option
@unit_of_work
def department_import_command(session, organisation, file, apply_):
    """Indlæs afdelinger fra en CSV-fil (nummer;navn;adresse); viser først, hvad der ændres."""
    text = departments.read_csv(file.read_bytes())
    plan = departments.plan_import(session, organisation.id, text)
    if not plan.ok:
        # A refusal prints only its message (unit_of_work), so the lines go in it.
        raise InputError("Intet er indlæst; ret disse linjer og prøv igen:\n  "
                         + "\n  ".join(plan.errors))
    for number, name, _address in plan.new:
        click.echo(f"  ny: {number} {name}")
    for number, old, name, _address in plan.changed:
        click.echo(f"  ændret: {number} {old} → {name}")
    if apply_:
        departments.apply_import(session, organisation.id, text)
        click.echo(f"{len(plan.new)} ny(e) og {len(plan.changed)} ændret/ændrede afdeling(er) "
                   "er indlæst.")
    else:
        click.echo("Intet er ændret endnu; kør igen med --apply for at indlæse.")


def _rule_options(function):
    options = (
        click.option("--total", callback=_amount, default=None, help="Puljens samlede beløb."),
        click.option("--cap", callback=_amount, default=None, help="Loft pr. projekt."),
        click.option("--purpose", "purposes", multiple=True,
                     help="Et formål, ansøgningen kan sætte kryds ved (op til tre)."),
        click.option("--purposes-required", type=int, default=None,
                     help="Hvor mange formål en ansøgning skal opfylde."),
        click.option("--deadline-days", type=int, default=None,
                     help="Frist for fakturaer i dage efter aktiviteten."),
        click.option("--title", default=None, help="Retningslinjernes titel."),
        click.option("--approved", type=click.DateTime(["%Y-%m-%d"]), default=None,
                     help="Dato for godkendelse (ÅÅÅÅ-MM-DD)."),
        click.option("--text-file", type=click.Path(exists=True, dir_okay=False,
                                                    path_type=Path),
                     help="Retningslinjernes fulde tekst (UTF-8)."),
    )
    for option in reversed(options):
        function = option(function)
    return function


def _rules_from(base: rulesets.RuleSetInput | None, values: dict) -> rulesets.RuleSetInput:
    """The typed options on top of ``base`` (a copy of the current rules), or alone."""
    given = {
        "total": values["total"], "cap": values["cap"],
        "purposes": list(values["purposes"]) or None,
        "purposes_required": values["purposes_required"],
        "invoice_deadline_days": values["deadline_days"], "title": values["title"],
        "approved_on": values["approved"].date() if values["approved"] else None,
        "text": values["text_file"].read_text(encoding="utf-8") if values["text_file"] else None,
    }
    given = {k: v for k, v in given.items() if v is not None}
    if base is not None:
        return replace(base, **given)
    missing = [name for name in ("total", "cap", "purposes", "title", "approved_on")
               if name not in given]
    if missing:
        raise InputError("Der er ingen tidligere pulje at kopiere; angiv --total, --cap, "
                         "--purpose, --title og --approved.")
    return rulesets.RuleSetInput(**given)


@click.command("open-pool")
@click.argument("year", type=int)
@_rule_options
@org_option
@today_option
@unit_of_work
def open_pool_command(session, organisation, year, today, **values):
    """Åbn puljen for et år; reglerne kopieres fra sidste år, og angivne felter ændres."""
    from sqlmodel import select

    from pulje.models import Pool

    today = today_from(today)
    earlier = session.exec(select(Pool).where(Pool.organisation_id == organisation.id,
                                              Pool.year < year)
                           .order_by(Pool.year.desc()).limit(1)).first()
    current = rulesets.current_rule_set(session, earlier) if earlier else None
    base = rulesets.RuleSetInput.of(current) if current else None
    pool = rulesets.open_pool(session, organisation.id, year, today=today,
                              rules=_rules_from(base, values))
    click.echo(f"Puljen {pool.year} er åbnet: i alt {format_money(pool.total)}, loft "
               f"{format_money(pool.cap)} pr. projekt.")


@click.group("rules")
def rules_group() -> None:
    """Puljeårets regler (versioner)."""


@rules_group.command("show")
@click.argument("year", type=int)
@org_option
@unit_of_work
def rules_show_command(session, organisation, year):
    """Vis alle versioner af et puljeårs regler."""
    pool = pool_for_year(session, organisation.id, year)
    for rule_set in rulesets.rule_history(session, pool):
        click.echo(f"Version {rule_set.version} fra {rule_set.valid_from:%d.%m.%Y}: "
                   f"i alt {format_money(rule_set.total)}, loft {format_money(rule_set.cap)}, "
                   f"frist {rule_set.invoice_deadline_days} dage — {rule_set.title}")
        for purpose in rule_set.purposes:
            click.echo(f"  formål: {purpose}")


@rules_group.command("change")
@click.argument("year", type=int)
@click.option("--from", "valid_from", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Dato, de nye regler gælder fra (standard: i dag, eller når puljen åbner).")
@_rule_options
@org_option
@today_option
@unit_of_work
def rules_change_command(session, organisation, year, valid_from, today, **values):
    """Ændr et puljeårs regler; sager afgjort efter den gamle version beholder den."""
    today = today_from(today)
    pool = pool_for_year(session, organisation.id, year)
    current = rulesets.current_rule_set(session, pool)
    base = rulesets.RuleSetInput.of(current) if current else None
    rule_set = rulesets.change_rules(session, pool, _rules_from(base, values),
                                     valid_from=(valid_from.date() if valid_from
                                                 else max(today, pool.opens_on)),
                                     today=today)
    click.echo(f"Puljen {year} kører nu efter version {rule_set.version} fra "
               f"{rule_set.valid_from:%d.%m.%Y}.")


@user_group.command("invite")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(list(ROLES)), required=True)
@org_option
@unit_of_work
def staff_invite_command(session, organisation, email, name, role):
    """Invitér en medarbejder; vedkommende vælger selv sin adgangskode via linket i mailen."""
    links = _Links()
    user = invite_user(session, organisation_id=organisation.id, email=email, name=name,
                       role=role, now=utcnow(), link_for=links)
    click.echo(f"Invitationen er sendt til {user.email} ({ROLES[user.role]}).")
    click.echo(f"  {links.last}")


def _user(session, organisation, email: str) -> User:
    from sqlmodel import select

    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        raise InputError(f"Der er ingen bruger med e-mail {email}.")
    return user_in_organisation(session, organisation.id, user.id)


@user_group.command("edit")
@click.argument("email")
@click.option("--name", default=None)
@click.option("--role", type=click.Choice(list(ROLES)), default=None)
@org_option
@unit_of_work
def staff_edit_command(session, organisation, email, name, role):
    """Ret en medarbejders navn eller rolle."""
    user = _user(session, organisation, email)
    update_user(session, user, name=name or user.name, role=role or user.role)
    click.echo(f"{user.email}: {user.name}, {ROLES[user.role]}.")


@user_group.command("deactivate")
@click.argument("email")
@click.option("--undo", is_flag=True, help="Genaktivér brugeren.")
@org_option
@unit_of_work
def staff_deactivate_command(session, organisation, email, undo):
    """Deaktivér en medarbejder (eller genaktivér med --undo)."""
    user = set_active(session, _user(session, organisation, email), undo)
    click.echo(f"{user.email} er {'aktiv' if user.active else 'deaktiveret'}.")


COMMANDS = [org_group, department_group, open_pool_command, rules_group]



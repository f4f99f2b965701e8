"""The set-up forms: organisation, departments, pool rules, and choosing a password from a
mailed link (shape only; the services check the rest)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    EmailField,
    IntegerField,
    PasswordField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from forms.admin import REQUIRED
from forms.application import DanishIntegerField
from forms.caseworker import AmountField, AmountRequired, DanishDateField, strip
from workflows.fields import ACCOUNT_MAX, DEPARTMENT, ORGANISATION, TYPED_NUMBER

NUMBER = "Skriv et helt tal."
ACCOUNT_LENGTH = f"Højst {ACCOUNT_MAX} tegn."


class OrganisationForm(FlaskForm):
    name = StringField("Navn", validators=[
        DataRequired(REQUIRED), Length(max=ORGANISATION["name"])], filters=[strip])
    legal_name = StringField("Juridisk navn", validators=[
        Optional(), Length(max=ORGANISATION["legal_name"])], filters=[strip],
        description="Som fakturaer skal lyde på; tomt = navnet.")
    # CVR and EAN as typed; the service keeps their digits and checks them (python-stdnum).
    cvr = StringField("CVR-nummer", validators=[DataRequired(REQUIRED), Length(max=TYPED_NUMBER)],
                      filters=[strip])
    address = StringField("Adresse", validators=[
        Optional(), Length(max=ORGANISATION["address"])], filters=[strip])
    phone = StringField("Telefon", validators=[
        Optional(), Length(max=ORGANISATION["phone"])], filters=[strip])
    email = EmailField("Kontakt-e-mail", validators=[
        Optional(), Length(max=ORGANISATION["email"])], filters=[strip])
    invoice_address = StringField("Fakturaadresse", validators=[
        Optional(), Length(max=ORGANISATION["invoice_address"])], filters=[strip],
        description="Hvor leverandører sender fakturaer hen.")
    invoice_email = EmailField("E-mail til fakturaer", validators=[
        Optional(), Length(max=ORGANISATION["invoice_email"])], filters=[strip])
    ean = StringField("EAN-nummer", validators=[Optional(), Length(max=TYPED_NUMBER)],
                      filters=[strip], description="13 cifre, til elektroniske fakturaer.")


class AccountsForm(FlaskForm):
    """The journal's two accounts in the organisation's own chart of accounts."""

    expense_account = StringField("Puljens udgiftskonto", validators=[
        DataRequired(REQUIRED), Length(max=ACCOUNT_MAX, message=ACCOUNT_LENGTH)], filters=[strip],
        description="Kontoen i jeres kontoplan, som udbetalingerne bogføres på, fx 2750.")
    bank_account = StringField("Bankkonto (modkonto)", validators=[
        DataRequired(REQUIRED), Length(max=ACCOUNT_MAX, message=ACCOUNT_LENGTH)], filters=[strip],
        description="Kontoen pengene går ud fra og kommer tilbage til, fx 5820.")


class DepartmentForm(FlaskForm):
    number = StringField("Nummer", validators=[
        DataRequired(REQUIRED), Length(max=DEPARTMENT["number"])], filters=[strip])
    name = StringField("Navn", validators=[
        DataRequired(REQUIRED), Length(max=DEPARTMENT["name"])], filters=[strip])
    address = StringField("Adresse", validators=[
        Optional(), Length(max=DEPARTMENT["address"])], filters=[strip])
    homes = DanishIntegerField("Antal boliger", validators=[Optional(), NumberRange(
        min=1, max=100_000, message="Skriv et helt tal fra 1 til 100.000.")],
        description="Bruges til at vise deltagere pr. 100 boliger.")


class HomesForm(FlaskForm):
    """An existing department's number of homes; empty: unknown."""

    homes = DanishIntegerField("Antal boliger", validators=[Optional(), NumberRange(
        min=1, max=100_000, message="Skriv et helt tal fra 1 til 100.000.")])


class RenameDepartmentForm(FlaskForm):
    name = StringField("Nyt navn", validators=[
        DataRequired(REQUIRED), Length(max=DEPARTMENT["name"])], filters=[strip])


class DepartmentImportForm(FlaskForm):
    file = FileField("CSV-fil", description="Fx gemt fra Excel som »CSV (semikolonsepareret)«.")
    csv = TextAreaField("… eller indsæt linjerne (nummer;navn;adresse, én pr. linje)",
                        validators=[Optional(), Length(max=200_000)])


class RulesForm(FlaskForm):
    total = AmountField("Puljens samlede beløb (kr.)", validators=[AmountRequired(REQUIRED)])
    cap = AmountField("Loft pr. projekt (kr.)", validators=[AmountRequired(REQUIRED)])
    purpose_1 = StringField("Formål 1", validators=[DataRequired(REQUIRED), Length(max=200)])
    purpose_2 = StringField("Formål 2", validators=[Optional(), Length(max=200)])
    purpose_3 = StringField("Formål 3", validators=[Optional(), Length(max=200)])
    purposes_required = IntegerField("Antal formål, en ansøgning skal opfylde",
                                     validators=[InputRequired(NUMBER)], default=1)
    invoice_deadline_days = IntegerField("Frist for fakturaer (dage efter aktiviteten)",
                                         validators=[InputRequired(NUMBER)], default=90)
    title = StringField("Retningslinjernes titel", validators=[DataRequired(REQUIRED),
                                                                 Length(max=120)])
    approved_on = DanishDateField("Godkendt den", validators=[InputRequired(REQUIRED)])
    text = TextAreaField("Retningslinjernes tekst", validators=[Optional(),
                                                                Length(max=20_000)])
    valid_from = DanishDateField("Gælder fra", validators=[Optional()])

    @property
    def purposes(self) -> list[str]:
        return [f.data or "" for f in (self.purpose_1, self.purpose_2, self.purpose_3)]


class OpenPoolForm(RulesForm):
    year = IntegerField("År", validators=[InputRequired(NUMBER)])


class SetPasswordForm(FlaskForm):
    password = PasswordField("Ny adgangskode", validators=[DataRequired(REQUIRED),
                                                           Length(max=200)])
    confirm = PasswordField("Gentag adgangskoden", validators=[
        DataRequired(REQUIRED), EqualTo("password", message="De to adgangskoder er ikke ens.")])


class ForgotPasswordForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(REQUIRED), Length(max=200)])

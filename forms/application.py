"""The resident's forms: the application with its budget lines, an answer, a withdrawal.

Shape only: what is required to read the form, lengths and formats. Whether the application
follows the pool's rules (R3 one page, R4 complete, R5 a purpose) is submit_application's
answer, shown next to the field it concerns.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)

from forms.caseworker import AmountField, DanishDateField, strip
from workflows.fields import APPLICATION, BUDGET_LINE

MAX_LINES = 30


class DanishIntegerField(IntegerField):
    """A whole number, with a Danish message when it is not one.

    Pair it with InputRequired, not DataRequired: DataRequired clears this message.
    """

    # Far above any count a form asks for, and below what the database and NumberRange (which
    # compares through float) can hold: a longer number is refused here, not with a 500.
    LARGEST = 10**9

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Skriv et helt tal, fx 25.")) from exc
        if self.data is not None and abs(self.data) > self.LARGEST:
            self.data = None
            raise ValueError(_l("Tallet er for stort."))


class BudgetLineForm(Form):
    """One budget line: what the money is for, and how much (a blank line is left out)."""

    description = StringField(_l("Hvad skal pengene bruges til?"), validators=[
        Length(max=BUDGET_LINE["description"], message=_l("Højst 300 tegn."))], filters=[strip])
    amount = AmountField(_l("Beløb i kr."), render_kw={"inputmode": "decimal", "class": "amount"})

    def validate_description(self, field):
        if not (field.data or "").strip() and (self.amount.raw_data or [""])[0].strip():
            raise ValidationError(_l("Skriv, hvad beløbet skal bruges til."))

    def validate_amount(self, field):
        if (self.description.data or "").strip() and not (field.raw_data or [""])[0].strip():
            raise ValidationError(_l("Skriv beløbet, fx 2.500 eller 1.234,50."))

    @property
    def blank(self) -> bool:
        """Neither a description nor an amount was typed."""
        return not (self.description.data or "").strip() and not (
            self.amount.raw_data or [""])[0].strip()


class EmailUnlessLinkOnly:
    """The e-mail is required, unless the resident ticked that they follow the case by link."""

    def __call__(self, form, field):
        if field.data and field.data.strip():
            return
        field.errors[:] = []
        if form.link_only.data:
            raise StopValidation()
        raise StopValidation(_l("Skriv din e-mail, så vi kan skrive til dig, når der sker noget "
                                "i sagen – eller sæt kryds ved, at du følger sagen via linket."))


class ApplicationForm(FlaskForm):
    """The application: the applicant, the activity, the period, the purposes and the budget."""

    applicant_name = StringField(_l("Dit navn"), validators=[
        DataRequired(_l("Skriv dit navn.")),
        Length(max=APPLICATION["applicant_name"], message=_l("Højst 200 tegn."))],
        filters=[strip], render_kw={"autocomplete": "name"})
    department = SelectField(_l("Din afdeling"), validators=[
        DataRequired(_l("Vælg din afdeling."))])
    applicant_address = StringField(_l("Adresse"), validators=[
        Optional(), Length(max=APPLICATION["applicant_address"], message=_l("Højst 300 tegn."))],
        filters=[strip], render_kw={"autocomplete": "street-address"})
    applicant_email = EmailField(
        _l("E-mail"), validators=[
            EmailUnlessLinkOnly(),
            Length(max=APPLICATION["applicant_email"], message=_l("Højst 200 tegn.")),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Skriv en gyldig e-mailadresse."))],
        description=_l("Vi sender en kvittering med linket til din sag og skriver til dig, "
                       "når der sker noget i sagen."),
        filters=[strip], render_kw={"autocomplete": "email"})
    link_only = BooleanField(_l("Jeg har ingen e-mail og følger sagen via linket"),
                             description=_l("Så får du ingen mails fra os. Gem linket, du får "
                                            "på kvitteringen: det er vejen til din sag."))
    applicant_phone = TelField(_l("Telefon"), validators=[
        Optional(), Length(max=APPLICATION["applicant_phone"], message=_l("Højst 40 tegn.")),
        Regexp(r"^\+?[\d\s-]{6,}$", message=_l("Skriv et telefonnummer, fx 12 34 56 78."))],
        filters=[strip], render_kw={"autocomplete": "tel"})

    title = StringField(_l("Aktivitetens navn"), validators=[
        DataRequired(_l("Giv aktiviteten et kort navn.")),
        Length(max=APPLICATION["title"], message=_l("Højst 200 tegn."))],
        filters=[strip],
        description=_l("Fx »Sommerfest i gården« eller »Lektiecafé for børn«."))
    purpose = TextAreaField(_l("Formål og aktivitet"), validators=[
        DataRequired(_l("Fortæl kort, hvad I vil lave, og hvorfor.")),
        Length(max=APPLICATION["purpose"], message=_l("Teksten er alt for lang."))],
        filters=[strip],
        description=_l("Hvad skal I lave, for hvem, og hvordan skaber det fællesskab? "
                       "Hele ansøgningen må højst fylde én side."))
    expected_participants = DanishIntegerField(_l("Forventet antal deltagere"), validators=[
        InputRequired(_l("Skriv hvor mange I regner med at blive.")),
        NumberRange(min=1, message=_l("Skriv hvor mange I regner med at blive."))],
        render_kw={"inputmode": "numeric", "min": "1"})
    period_start = DanishDateField(_l("Fra dato"), validators=[
        InputRequired(_l("Skriv hvornår aktiviteten begynder."))])
    period_end = DanishDateField(_l("Til dato"), validators=[
        InputRequired(_l("Skriv hvornår aktiviteten slutter."))])

    # One yes/no per purpose slot (workflows.rules.PURPOSE_SLOTS); the pool's rule set names
    # them, through use_purposes.
    across_departments = BooleanField(_l("Formål 1"))
    short_notice = BooleanField(_l("Formål 2"))
    small_group = BooleanField(_l("Formål 3"))

    budget = FieldList(FormField(BudgetLineForm), min_entries=1, max_entries=MAX_LINES)
    # A quote or photo sent with the application; what it really is, is checked by the service.
    attachment = FileField(_l("Tilbud eller billede (PDF, JPEG eller PNG)"),
                           description=_l("Har du et tilbud fra en leverandør, kan du sende det "
                                          "med. Du kan også sende det senere fra din sag."))

    def use_purposes(self, labels: dict[str, str]) -> None:
        """Label the purpose boxes with the pool's purposes; a slot it does not use is off."""
        for slot in ("across_departments", "short_notice", "small_group"):
            if slot in labels:
                self[slot].label.text = labels[slot][:1].upper() + labels[slot][1:]
            else:
                self[slot].data = False

    def filled_lines(self) -> list[BudgetLineForm]:
        """The budget lines that are not blank."""
        return [entry.form for entry in self.budget if not entry.form.blank]

    def budget_total(self) -> int:
        """The sum of the amounts that could be read, in øre (for showing while typing)."""
        return sum(line.amount.data for line in self.filled_lines()
                   if isinstance(line.amount.data, int))


class AnswerForm(FlaskForm):
    """The resident's answer to the caseworker's question."""

    text = TextAreaField(_l("Dit svar"), validators=[
        DataRequired(_l("Skriv dit svar.")), Length(max=5000, message=_l("Højst 5.000 tegn."))])


class WithdrawForm(FlaskForm):
    """Withdrawing the application, with an optional reason."""

    reason = TextAreaField(_l("Hvorfor trækker du ansøgningen tilbage?"), validators=[
        Optional(), Length(max=2000, message=_l("Højst 2.000 tegn."))],
        description=_l("Du behøver ikke skrive noget, men det hjælper os at vide."))


class LostLinkForm(FlaskForm):
    """The e-mail address a resident applied with, to get their links again."""

    email = EmailField(_l("Din e-mail"), validators=[
        DataRequired(_l("Skriv den e-mail, du søgte med.")),
        Length(max=200, message=_l("Højst 200 tegn.")),
        Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Skriv en gyldig e-mailadresse."))],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        render_kw={"autocomplete": "email"})


class AttachmentForm(FlaskForm):
    """A quote or a photo for the case; what the file really is, is checked by the service."""

    file = FileField(_l("Tilbud eller billede (PDF, JPEG eller PNG)"),
                     validators=[FileRequired(_l("Vælg en fil."))])

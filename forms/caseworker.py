"""The caseworker's forms: the queue's filters and one form per step on a case (shape only)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from stdnum.dk import cvr as stdnum_cvr
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
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
from wtforms.widgets import HiddenInput

from pulje import clock
from workflows.fields import INVOICE, PAYMENT
from workflows.money import AmountError, kroner, parse_amount

REQUIRED = "Feltet skal udfyldes."
DATE_ERROR = "Skriv en dato som dd.mm.åååå eller vælg den i kalenderen."
CVR = Regexp(r"^\s*(DK)?\s*\d{8}\s*$", message="Et CVR-nummer har 8 cifre.")


def strip(value):
    """A form filter: text without surrounding spaces, so a length counts what is kept."""
    return value.strip() if isinstance(value, str) else value


def compact_cvr(value):
    """A CVR as typed ("DK 4100 0007 ") as its digits ("41000007"), before it is checked."""
    return stdnum_cvr.compact(value) if isinstance(value, str) and value.strip() else value


SORT_CHOICES = [
    SelectChoice("newest", "Nyeste først"), SelectChoice("oldest", "Ældste først"),
    SelectChoice("reference", "Sagsnummer"), SelectChoice("reference_desc", "Sagsnummer, faldende"),
    SelectChoice("amount", "Største beløb"), SelectChoice("amount_asc", "Mindste beløb"),
]


class AmountField(StringField):
    """Kroner as people type them ('12.500', '1.234,50'); ``data`` is integer øre."""

    def __init__(self, label=None, validators=None, allow_negative=False, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.allow_negative = allow_negative

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0].strip():
            try:
                self.data = parse_amount(valuelist[0], allow_negative=self.allow_negative)
            except AmountError as exc:
                raise ValueError(str(exc)) from exc

    def _value(self):
        # What was typed stays in the field, also when it could not be read.
        if self.raw_data:
            return self.raw_data[0]
        return kroner(self.data) if isinstance(self.data, int) else ""


class AmountRequired(InputRequired):
    """An amount must be typed: blanks and line breaks alone are input, but no amount."""

    def __call__(self, form, field):
        super().__call__(form, field)
        if field.data is None and not field.process_errors:
            field.errors[:] = []
            raise StopValidation(self.message)


class DanishDateField(DateField):
    """A date from the browser's date picker, with a Danish error message."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"],
                         **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(DATE_ERROR) from exc


class QueueFilterForm(FlaskForm):
    """The queue's filters, read from the query string."""

    class Meta:
        csrf = False

    q = StringField("Søg", validators=[Optional(), Length(max=100)])
    state = SelectField("Status", choices=[], validate_choice=False)
    year = SelectField("Puljeår", choices=[], validate_choice=False)
    department = SelectField("Afdeling", choices=[], validate_choice=False)
    marker = SelectField("Kræver opmærksomhed", choices=[], validate_choice=False)
    sort = SelectField("Sortering", choices=SORT_CHOICES, default="newest",
                       validate_choice=False)
    # A page past the last shows the last; one no database could count to is not a page.
    page = IntegerField("Side", default=1, validators=[Optional(), NumberRange(min=1,
                                                                              max=2**31 - 1)])


class StepForm(FlaskForm):
    """A step with nothing to fill in (start review, accept an invoice): the CSRF token only."""


class QuestionForm(FlaskForm):
    question = TextAreaField("Spørgsmål til ansøgeren",
                             validators=[DataRequired(REQUIRED), Length(max=5000)])


class ApproveForm(FlaskForm):
    amount = AmountField("Beløb der bevilges (kr.)", validators=[AmountRequired(REQUIRED)])
    reason = TextAreaField("Begrundelse (ansøgeren læser den; skal med, når der bevilges "
                           "mindre end søgt)", validators=[Optional(), Length(max=5000)])
    # What open data publishes instead of the resident's own words; blank takes the suggestion.
    public_title = StringField("Offentlig titel (åbne data)",
                               validators=[Optional(), Length(max=200)])
    public_description = TextAreaField("Offentlig beskrivelse, én sætning (åbne data)",
                                       validators=[Optional(), Length(max=500)])


class ReceivedAnswerForm(FlaskForm):
    """The resident's answer, given by phone or letter and typed in by the caseworker."""

    channel = RadioField("Svaret kom", choices=[SelectChoice("phone", "pr. telefon"),
                                                  SelectChoice("letter", "pr. brev")],
                         default="phone", validators=[DataRequired(REQUIRED)])
    text = TextAreaField("Ansøgerens svar", validators=[DataRequired(REQUIRED), Length(max=5000)])


class DuplicateForm(FlaskForm):
    """The caseworker's word on a possible duplicate: the same project or not."""

    other = HiddenField(validators=[DataRequired(REQUIRED), Length(max=20)])
    same_project = RadioField("Er det samme projekt?", choices=[
        SelectChoice("ja", "Ja, samme projekt – loftet gælder de to sager tilsammen"),
        SelectChoice("nej", "Nej, to forskellige projekter")],
        validators=[DataRequired("Vælg ja eller nej.")])


class InternalNoteForm(FlaskForm):
    """A note for the organisation's staff only."""

    body = TextAreaField("Intern note (ansøgeren ser den aldrig)",
                         validators=[DataRequired(REQUIRED), Length(max=5000)])


class RejectForm(FlaskForm):
    reason = TextAreaField("Begrundelse (ansøgeren læser den)",
                           validators=[DataRequired(REQUIRED), Length(max=5000)])


class NoteForm(FlaskForm):
    note = TextAreaField("Bemærkning", validators=[Optional(), Length(max=2000)])


class RefuseInvoiceForm(FlaskForm):
    reason = TextAreaField("Begrundelse for afvisning",
                           validators=[DataRequired(REQUIRED), Length(max=2000)])


def pdf_only(form, field):
    """Accept only a PDF, by its first bytes — the name and the browser's type can lie."""
    upload = field.data
    if not upload or not getattr(upload, "filename", ""):
        return
    head = upload.stream.read(5)
    upload.stream.seek(0)
    if head != b"%PDF-":
        raise ValidationError("Filen er ikke en PDF. Vedhæft fakturaen som PDF.")


def xml_only(form, field):
    """Accept only what starts like an XML document; the e-invoice reader checks its root."""
    upload = field.data
    if not upload or not getattr(upload, "filename", ""):
        return
    head = upload.stream.read(512)
    upload.stream.seek(0)
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not text.startswith(b"<"):
        raise ValidationError("Filen er ikke en XML-fil. Vælg fakturaens XML-fil "
                              "(OIOUBL eller Peppol).")


def optional_id(value) -> int | None:
    """A chosen row's id, or None for the empty choice."""
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError("Vælg en af fakturaerne på listen.") from None


NOT_A_CREDIT_NOTE = SelectChoice(None, "– ikke en kreditnota –")


class InvoiceForm(FlaskForm):
    """An invoice as written on it; the buyer is typed exactly as the invoice names it (R9)."""

    supplier_name = StringField("Leverandør", validators=[
        DataRequired(REQUIRED), Length(max=INVOICE["supplier_name"])], filters=[strip])
    supplier_cvr = StringField("Leverandørens CVR", validators=[
        Optional(), CVR, Length(max=INVOICE["supplier_cvr"])], filters=[compact_cvr])
    number = StringField("Fakturanummer", validators=[
        DataRequired(REQUIRED), Length(max=INVOICE["number"])], filters=[strip])
    issue_date = DanishDateField("Fakturadato", validators=[InputRequired(DATE_ERROR)])
    activity_date = DanishDateField("Dato for ydelsen", validators=[Optional()])
    buyer_name = StringField("Køber som skrevet på fakturaen", validators=[
        DataRequired(REQUIRED), Length(max=INVOICE["buyer_name"])], filters=[strip])
    buyer_cvr = StringField("Købers CVR på fakturaen", validators=[
        Optional(), CVR, Length(max=INVOICE["buyer_cvr"])], filters=[compact_cvr])
    amount = AmountField("Beløb inkl. moms (kr.)", validators=[AmountRequired(REQUIRED)],
                         allow_negative=True)
    # A credit note (negative amount) names the invoice on the case it credits; the view
    # fills in the case's invoices.
    credits = SelectField("Kreditnota: krediterer faktura", coerce=optional_id,
                          choices=[NOT_A_CREDIT_NOTE])
    payment_account = StringField("Leverandørens konto (reg.nr. og kontonr.)", validators=[
        Optional(), Length(max=INVOICE["payment_account"])], filters=[strip])
    file = FileField("Faktura som PDF", validators=[pdf_only])

    def offer_credits(self, invoices: list[tuple[int, str]]) -> None:
        """Let a credit note name one of these (id, label) invoices of the case."""
        self.credits.choices = [NOT_A_CREDIT_NOTE, *invoices]


class EInvoiceForm(FlaskForm):
    """A supplier's e-invoice (OIOUBL or Peppol BIS XML); the reader decides if it is usable."""

    file = FileField("E-faktura (XML)", validators=[FileRequired("Vælg en XML-fil."), xml_only])


class PaymentForm(FlaskForm):
    """A payment to the supplier; the hidden key is made when the form is shown, so a
    double-click or a resubmitted page records the payment once."""

    paid_on = DanishDateField("Betalt den", default=clock.today,
                              validators=[InputRequired(DATE_ERROR)])
    reference = StringField("Betalingsreference", validators=[
        Optional(), Length(max=PAYMENT["reference"])], filters=[strip])
    key = HiddenField(validators=[DataRequired("Formularen er for gammel; prøv igen.")])


class AcceptPartForm(FlaskForm):
    """Accept only part of an invoice: the amount offered (what is left of the grant, in øre)
    travels with the button, and the service checks it again."""

    partial = IntegerField(widget=HiddenInput(), validators=[
        InputRequired("Formularen mangler beløbet; genindlæs siden."),
        NumberRange(min=1, message="Beløbet skal være over 0,00 kr.")])


class RefundForm(FlaskForm):
    """Money a supplier paid back after a credit note on an invoice that was paid."""

    amount = AmountField("Beløb modtaget (kr.)", validators=[AmountRequired(REQUIRED)])
    received_on = DanishDateField("Modtaget den", default=clock.today,
                                  validators=[InputRequired(DATE_ERROR)])
    reference = StringField("Reference", validators=[Optional(), Length(max=100)])


class InboxEInvoiceForm(FlaskForm):
    """An e-invoice uploaded to the incoming invoices, to be matched to its case."""

    file = FileField("E-faktura (XML)", validators=[FileRequired("Vælg en XML-fil."), xml_only])


class ConfirmMatchForm(FlaskForm):
    """The caseworker's confirmation of the case a waiting e-invoice goes on."""

    pending = HiddenField(validators=[DataRequired(REQUIRED), Length(max=40)])
    file_name = HiddenField(validators=[Optional(), Length(max=200)])
    reference = StringField("Sagsnummer", validators=[
        DataRequired(REQUIRED), Regexp(r"^\s*\d{4}-\d{4}\s*$",
                                       message="Skriv sagsnummeret som ÅÅÅÅ-NNNN, fx 2026-0011.")])

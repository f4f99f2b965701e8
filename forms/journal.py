"""The bookkeeping journal's download form: the payment dates to include and the file format."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField
from wtforms.validators import InputRequired

from forms.caseworker import DATE_ERROR, DanishDateField

FORMAT_CHOICES = [
    SelectChoice("e-conomic", "e-conomic (kassekladde)"),
    SelectChoice("dinero", "Dinero (kassekladde)"),
    SelectChoice("csv", "CSV med alle kolonner"),
    SelectChoice("xlsx", "Excel-regneark"),
]


class JournalForm(FlaskForm):
    """From and to (payment dates, both included) and the format."""

    period_from = DanishDateField("Fra betalingsdato", validators=[InputRequired(DATE_ERROR)])
    period_to = DanishDateField("Til og med betalingsdato",
                                validators=[InputRequired(DATE_ERROR)])
    kind = SelectField("Format", choices=FORMAT_CHOICES, default="e-conomic",
                       invalid_choice_message="Vælg et af formaterne på listen.")

"""The administrator's user forms: an invitation and an edit (shape only; the services check
the rest). There is no password field: invited users choose their own."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length

REQUIRED = "Feltet skal udfyldes."
ROLE_CHOICES = [SelectChoice("caseworker", "Sagsbehandler"),
                SelectChoice("board", "Bestyrelsesmedlem"), SelectChoice("admin", "Administrator")]


class InviteForm(FlaskForm):
    name = StringField("Navn", validators=[DataRequired(REQUIRED), Length(max=200)])
    email = EmailField("E-mail", validators=[DataRequired(REQUIRED), Length(max=200)])
    role = SelectField("Rolle", choices=ROLE_CHOICES, invalid_choice_message="Vælg en rolle.")


class EditUserForm(FlaskForm):
    name = StringField("Navn", validators=[DataRequired(REQUIRED), Length(max=200)])
    role = SelectField("Rolle", choices=ROLE_CHOICES, invalid_choice_message="Vælg en rolle.")

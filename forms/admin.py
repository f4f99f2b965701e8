"""The administrator's form for a new staff user (shape only; create_user checks the rest)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length

REQUIRED = "Feltet skal udfyldes."
ROLE_CHOICES = [SelectChoice("caseworker", "Sagsbehandler"),
                SelectChoice("board", "Bestyrelsesmedlem"), SelectChoice("admin", "Administrator")]


class UserForm(FlaskForm):
    name = StringField("Navn", validators=[DataRequired(REQUIRED), Length(max=200)])
    email = EmailField("E-mail", validators=[DataRequired(REQUIRED), Length(max=200)])
    role = SelectField("Rolle", choices=ROLE_CHOICES, invalid_choice_message="Vælg en rolle.")
    password = PasswordField("Adgangskode", validators=[DataRequired(REQUIRED), Length(max=200)])

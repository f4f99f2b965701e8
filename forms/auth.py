"""The staff login form: shape only — whether the password is right is the service's answer."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField("E-mail", validators=[
        DataRequired("Skriv din e-mailadresse."), Length(max=200, message="For lang adresse.")],
        render_kw={"autocomplete": "username", "inputmode": "email"})
    password = PasswordField("Adgangskode", validators=[
        DataRequired("Skriv din adgangskode."), Length(max=500, message="For lang adgangskode.")],
        render_kw={"autocomplete": "current-password"})

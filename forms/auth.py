"""The staff login form: shape only — whether the password is right is the service's answer."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(_l("E-mail"), validators=[
        DataRequired(_l("Skriv din e-mailadresse.")),
        Length(max=200, message=_l("For lang adresse."))],
        render_kw={"autocomplete": "username", "inputmode": "email"})
    password = PasswordField(_l("Adgangskode"), validators=[
        DataRequired(_l("Skriv din adgangskode.")),
        Length(max=500, message=_l("For lang adgangskode."))],
        render_kw={"autocomplete": "current-password"})

"""The board's form: which pool year to look at."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField


class YearForm(FlaskForm):
    """The year selector on the dashboard, read from the query string."""

    class Meta:
        csrf = False

    year = SelectField("Puljeår", choices=[], coerce=int,
                       invalid_choice_message="Der er ingen pulje for det år.")

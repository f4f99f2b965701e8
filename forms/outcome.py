"""The short report after an activity (afrapportering): shape only.

Whether the case may be reported on, the departments belong to the organisation and the photos
are real images is pulje.services.outcomes' answer.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    TextAreaField,
    widgets,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from forms.application import DanishIntegerField

MAX_PHOTOS_PER_POST = 3


class MultiCheckboxField(SelectMultipleField):
    """A tick list: one checkbox per choice."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form):
        # An unknown value is refused with a Danish message instead of WTForms' English one.
        known = {str(choice.value) for choice in self.choices}
        if any(str(value) not in known for value in self.data or ()):
            raise ValidationError(_l("Vælg kun afdelinger fra listen."))


def photos_only(form, field):
    """At most three files; the service checks that each is a real JPEG or PNG."""
    files = [f for f in field.data or () if getattr(f, "filename", "")]
    if len(files) > MAX_PHOTOS_PER_POST:
        raise ValidationError(_l("Vælg højst 3 billeder."))


class OutcomeForm(FlaskForm):
    """How many took part, from where, how it went, would you do it again, photos, consent."""

    participants = DanishIntegerField(_l("Hvor mange deltog?"), validators=[
        InputRequired(_l("Skriv hvor mange der deltog.")),
        NumberRange(min=0, max=100_000, message=_l("Skriv et tal fra 0 til 100.000."))],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
        description=_l("Et skøn er fint."))
    departments = MultiCheckboxField(_l("Fra hvilke afdelinger kom deltagerne?"), coerce=int,
                                    validators=[Optional()])
    story = TextAreaField(_l("Hvordan gik det?"), validators=[
        Optional(), Length(max=2000, message=_l("Højst 2.000 tegn."))],
        description=_l("Et par sætninger er nok."), render_kw={"rows": 4})
    again = RadioField(_l("Ville I gøre det igen?"), choices=[
        SelectChoice("yes", _l("Ja")), SelectChoice("no", _l("Nej"))], validators=[Optional()],
        validate_choice=False)
    photos = MultipleFileField(_l("Billeder (højst 3)"), validators=[photos_only],
                               render_kw={"accept": "image/jpeg,image/png"},
                               description=_l("JPEG eller PNG, højst 8 MB pr. billede. "
                                              "Vi fjerner billedernes stedoplysninger."))
    photo_consent = BooleanField(_l("Organisationen må vise billederne offentligt, fx i "
                                    "inspirationskataloget"),
                                 description=_l("Uden flueben ser kun administrationen og "
                                                "bestyrelsen billederne. Spørg dem på billedet "
                                                "først."))

    def validate_again(self, field):
        if field.data not in (None, "", "None", "yes", "no"):
            raise ValidationError(_l("Vælg ja eller nej."))

    def again_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.again.data)

    def photo_uploads(self) -> list:
        return [f for f in self.photos.data or () if getattr(f, "filename", "")]


class ConsentWithdrawalForm(FlaskForm):
    """Taking back the consent to show the photos publicly: the button and its CSRF token."""


def _optional_int(value):
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return value  # left as it is, so the choice check refuses it


class CatalogueFilterForm(FlaskForm):
    """The inspiration catalogue's filters: a purpose and a department (both optional)."""

    class Meta:
        csrf = False  # a GET form whose result anyone may link to

    purpose = SelectField(_l("Formål"), validators=[Optional()],
                          invalid_choice_message=_l("Vælg et formål fra listen."))
    department = SelectField(_l("Afdeling"), coerce=_optional_int, validators=[Optional()],
                             invalid_choice_message=_l("Vælg en afdeling fra listen."))

    def set_choices(self, purposes: dict, departments: list[tuple[int, str]]) -> None:
        self.purpose.choices = [SelectChoice("", _l("Alle formål")),
                                *(SelectChoice(k, str(v).capitalize())
                                  for k, v in purposes.items())]
        self.department.choices = [SelectChoice(None, _l("Alle afdelinger")),
                                   *(SelectChoice(i, label) for i, label in departments)]


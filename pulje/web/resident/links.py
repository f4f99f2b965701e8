"""'Har du mistet linket?': the resident types their e-mail and gets their links by mail."""

from __future__ import annotations

from flask import render_template
from flask_babel import get_locale

from forms.application import LostLinkForm
from pulje.db import write
from pulje.services.links import send_links_again
from pulje.web.resident import bp, public_organisation


@bp.route("/mistet-link", methods=["GET", "POST"])
def lost_link():
    """Ask for the links again; the answer is the same for a known and an unknown address."""
    organisation = public_organisation()
    form = LostLinkForm()
    if form.validate_on_submit():
        email, language = form.email.data, str(get_locale())
        write(lambda writing: send_links_again(writing, organisation, email, language=language))
        return render_template("resident/lost_link.html", form=None, organisation=organisation,
                               email=form.email.data.strip())
    return render_template("resident/lost_link.html", form=form,
                           organisation=organisation), 422 if form.errors else 200

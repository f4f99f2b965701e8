"""The public inspiration catalogue: completed activities, filterable, with an Atom feed."""

from __future__ import annotations

from feedgen.feed import FeedGenerator
from flask import Response, abort, render_template, request, send_from_directory, url_for
from flask_babel import format_date, get_locale, gettext

from forms.outcome import CatalogueFilterForm
from pulje.db import get_session
from pulje.services.catalogue import (
    catalogue,
    catalogue_purposes,
    departments_with_entries,
    public_photo,
)
from pulje.uploads import upload_folder
from pulje.web.resident import bp, public_organisation, purposes_in_language
from workflows.money import format_money


@bp.get("/inspiration")
def inspiration():
    """Se hvad andre har lavet: completed activities, by purpose and department."""
    organisation = public_organisation()
    session = get_session()
    departments = departments_with_entries(session, organisation.id)
    form = CatalogueFilterForm(request.args)
    purposes = purposes_in_language(catalogue_purposes(session, organisation.id))
    form.set_choices(purposes, [(d.id, f"{d.number} {d.name}") for d in departments])
    purpose = department = None
    if form.validate():
        purpose, department = form.purpose.data or None, form.department.data
    entries = catalogue(session, organisation.id, purpose=purpose, department_id=department)
    return render_template("resident/inspiration.html", organisation=organisation, form=form,
                           entries=entries, purposes=purposes,
                           filtered=bool(purpose or department))


@bp.get("/inspiration/billede/<int:photo_id>")
def inspiration_photo(photo_id: int):
    """A photo shown in the catalogue — only while its consent stands."""
    organisation = public_organisation()
    photo = public_photo(get_session(), organisation.id, photo_id)
    if photo is None:
        abort(404)
    response = send_from_directory(upload_folder(), photo.file_path, mimetype="image/jpeg")
    # Short, so a withdrawn consent takes the photo off other caches soon as well.
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/inspiration.atom")
def inspiration_feed():
    """The catalogue's newest entries as an Atom feed, for the organisation's own website."""
    organisation = public_organisation()
    entries = catalogue(get_session(), organisation.id)[:50]
    page = url_for("resident.inspiration", _external=True)
    feed = FeedGenerator()
    feed.id(page)
    feed.title(gettext("%(organisation)s: aktiviteter støttet af puljen",
                       organisation=organisation.name))
    feed.author({"name": organisation.name})
    feed.link(href=page, rel="alternate")
    feed.link(href=url_for("resident.inspiration_feed", _external=True), rel="self")
    feed.language(str(get_locale()))
    if entries:
        feed.updated(max(e.completed_at for e in entries))
    for entry in reversed(entries):
        item = feed.add_entry()
        item.id(f"{page}#aktivitet-{entry.id}")
        item.title(entry.title)
        item.link(href=f"{page}#aktivitet-{entry.id}")
        item.updated(entry.completed_at)
        facts = [entry.department, format_date(entry.month, "MMMM y"),
                 format_money(entry.paid)]
        if entry.participants is not None:
            facts.append(gettext("%(count)s deltog", count=entry.participants))
        item.summary(f"{entry.description}\n\n{' · '.join(facts)}".strip())
    return Response(feed.atom_str(pretty=True), mimetype="application/atom+xml")

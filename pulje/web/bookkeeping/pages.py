"""The journal page: choose the payment dates and the format, download the file."""

from __future__ import annotations

from flask import Response, render_template
from flask_login import current_user

from forms.journal import JournalForm
from pulje.db import write
from pulje.exports.journal import journal_csv, journal_xlsx
from pulje.services.actors import Actor
from pulje.services.errors import InputError
from pulje.services.journal import export_journal
from pulje.web.auth import current_organisation_id, role_required
from pulje.web.bookkeeping import BOOKKEEPERS, bp

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/kassekladde", methods=["GET", "POST"])
@role_required(*BOOKKEEPERS)
def journal():
    """The form, and on a valid post the journal of the chosen payment dates as a file."""
    form = JournalForm()
    error = None
    if form.validate_on_submit():
        try:
            organisation_id = current_organisation_id()
            actor = Actor(current_user.role, current_user.name, current_user.id)
            # The export is recorded (which lines it held first): a write, so its own
            # transaction, retried on lock conflicts like every other step.
            result = write(lambda session: export_journal(
                session, organisation_id, form.period_from.data, form.period_to.data, actor))
        except InputError as exc:
            error = exc.message
        else:
            kind = form.kind.data
            name = f"kassekladde-{form.period_from.data:%Y%m%d}-{form.period_to.data:%Y%m%d}"
            if kind == "xlsx":
                data, mimetype, name = journal_xlsx(result.entries), XLSX, f"{name}.xlsx"
            else:
                data, mimetype = journal_csv(result.entries, kind), "text/csv"
                name = f"{name}-{kind}.csv"
            return Response(data, mimetype=mimetype, headers={
                "Content-Disposition": f'attachment; filename="{name}"'})
    # A refused request shows the form again with why (422), as the other staff forms do.
    status = 422 if form.is_submitted() else 200
    return render_template("bookkeeping/journal.html", form=form, error=error), status

"""The resident sends a quote or a photo with their open case."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext

from forms.application import AttachmentForm
from pulje.db import get_session
from pulje.services.attachments import add_attachment
from pulje.services.errors import WorkflowError
from pulje.services.queries import case_by_token
from pulje.uploads import upload_folder
from pulje.web.resident import bp
from pulje.web.resident.case import render_status
from workflows.application import FINAL_STATES


@bp.post("/sag/<token>/bilag")
def attach(token: str):
    """Keep the file with the case; a refused file leaves the case as it was."""
    session = get_session()
    application = case_by_token(session, token)
    form = AttachmentForm()
    if form.validate():
        upload = form.file.data
        try:
            add_attachment(session, application, upload.read(), file_name=upload.filename,
                           folder=upload_folder())
        except WorkflowError as exc:
            session.rollback()
            form.file.errors = [exc.message]
        else:
            session.commit()
            flash(gettext("Tak. Filen er sendt med sagen."), "success")
            return redirect(url_for("resident.case", token=token) + "#files-title")
    if application.state in FINAL_STATES:
        # The page shows no file field on an ended case to carry the message.
        for message in form.file.errors:
            flash(message, "error")
    return render_status(token, attachment_form=form, status=422)

"""The resident sends a quote or a photo with their open case."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext

from forms.application import AttachmentForm
from pulje.db import get_session, write
from pulje.services.attachments import add_attachment
from pulje.services.errors import WorkflowError
from pulje.uploads import upload_folder
from pulje.web.private_links import private_case
from pulje.web.resident import bp
from pulje.web.resident.case import render_status
from workflows.application import FINAL_STATES


@bp.post("/sag/<token>/bilag")
def attach(token: str):
    """Keep the file with the case; a refused file leaves the case as it was."""
    application = private_case(get_session(), token)
    form = AttachmentForm()
    if form.validate():
        upload = form.file.data
        # Read once: a retried transaction must not find the stream already consumed.
        content, file_name = upload.read(), upload.filename
        try:
            write(lambda writing: add_attachment(
                writing, private_case(writing, token), content, file_name=file_name,
                folder=upload_folder()))
        except WorkflowError as exc:
            form.file.errors = [exc.message]
        else:
            flash(gettext("Tak. Filen er sendt med sagen."), "success")
            return redirect(url_for("resident.case", token=token) + "#files-title")
    if application.state in FINAL_STATES:
        # The page shows no file field on an ended case to carry the message.
        for message in form.file.errors:
            flash(message, "error")
    return render_status(token, attachment_form=form, status=422)

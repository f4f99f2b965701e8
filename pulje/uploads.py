"""Where uploaded invoice files live: one answer for the web pages and the CLI."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from flask import Flask, current_app


def upload_folder(app: Flask | None = None) -> Path:
    """UPLOAD_FOLDER, else instance/uploads; never inside the static folder.

    A file under static/ would be served to anyone who guessed its name, bypassing the
    organisation check of the download route, so such a setting is refused outright.
    """
    app = app or current_app
    folder = Path(app.config.get("UPLOAD_FOLDER") or Path(app.instance_path) / "uploads")
    if app.static_folder and folder.resolve().is_relative_to(Path(app.static_folder).resolve()):
        raise RuntimeError(f"UPLOAD_FOLDER {folder} is inside the static folder; "
                           "uploads must not be publicly served.")
    return folder


# What a stored file is, by its suffix (the suffix is ours: it follows the content check).
MIMETYPES = {".pdf": "application/pdf", ".xml": "application/xml"}


def clean_file_name(name: str | None, suffix: str, fallback: str) -> str:
    """An uploaded file's name made safe to show and to offer as a download name.

    Control and formatting characters go (a right-to-left override can make "fdp.exe" read
    as "exe.pdf"), so do folders; the name ends in the suffix of what the file really is.
    """
    kept = "".join(c for c in (name or "") if unicodedata.category(c) not in UNSAFE)
    kept = kept.replace("\\", "/").rsplit("/", 1)[-1].strip(" .")
    if not kept:
        kept = fallback
    if not kept.lower().endswith(suffix):
        kept = f"{kept}{suffix}"
    return kept[-200:]


# Unicode categories left out of file names: controls, format (bidi overrides, zero-width),
# line and paragraph separators, unassigned and private use.
UNSAFE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}

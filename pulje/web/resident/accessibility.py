"""The accessibility statement (tilgængelighedserklæring) linked from every page's footer.

Its sections follow the Danish Agency for Digital Government's template under the web
accessibility act (lov nr. 692 af 08/06/2018): compliance status, content that is not
accessible, how the statement was made, feedback and contact, and the enforcement procedure
(complaints go to the Agency). The organisation's name, address and e-mail come from its
settings; the status, the known issues and the review date from the app's config.
"""

from __future__ import annotations

from datetime import date

from flask import current_app, render_template

from pulje.web.resident import bp, public_organisation

COMPLAINTS_URL = "https://digst.dk/digital-inklusion/tilgaengelighed/klag-over-tilgaengelighed/"


@bp.get("/tilgaengelighed")
def accessibility():
    """The accessibility statement, filled from the organisation's settings."""
    config = current_app.config
    return render_template(
        "resident/accessibility.html", organisation=public_organisation(),
        status=config["ACCESSIBILITY_STATUS"], issues=config["ACCESSIBILITY_ISSUES"],
        reviewed=date.fromisoformat(config["ACCESSIBILITY_REVIEWED"]),
        complaints_url=COMPLAINTS_URL)

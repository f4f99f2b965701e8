"""The pool's rules for staff: each rule's short name, number and what pulje does about it.

A refusal on the case page names its rule ("Loft pr. projekt (R2)") and links here, to the
rule's own anchor (#R2). The figures are the organisation's pool settings for this year.
"""

from __future__ import annotations

from flask import render_template

from pulje import clock
from pulje.db import get_session
from pulje.services.errors import NotFound
from pulje.services.queries import pool_for_year
from pulje.services.rulesets import purposes_of
from pulje.web.auth import current_organisation_id, role_required
from pulje.web.caseworker import STAFF, bp
from workflows.rules import RULE_NAMES

# What each rule asks, in the guidelines' words, and how pulje enforces it.
RULE_TEXT = {
    "R1": ("Samlet pulje pr. år.",
           "Det bevilgede og udbetalte kan aldrig overstige puljens ramme, heller ikke når to "
           "sagsbehandlere bevilger samtidig."),
    "R2": ("Hvert projekt kan højst støttes med puljens loft.",
           "Et tilsagn er højst loftet og højst det søgte beløb; ansøgeren kan ikke søge mere "
           "end loftet."),
    "R3": ("Ansøgningen skal være kortfattet, højst én side.",
           "Ansøgningen, som den udskrives, fylder én A4-side; formularen siger, hvor meget "
           "der skal kortes."),
    "R4": ("Ansøger, formål/aktivitet, deltagere, periode og økonomi.",
           "Alle fem skal være udfyldt; perioden ligger senest året efter puljeåret, og "
           "budgettets sum er det søgte beløb."),
    "R5": ("Projektet passer på puljens formål.",
           "Ansøgeren sætter kryds ved mindst så mange af formålene i puljens regler, som "
           "reglerne kræver; formålene står nedenfor."),
    "R6": ("Tilsagn skal foreligge, før aktiviteten holdes.",
           "Der bevilges ikke, når aktiviteten er begyndt, og ansøgninger tages kun imod med "
           "puljens varsel; en faktura for en ydelse før tilsagnet markeres."),
    "R7": ("Fakturaen kommer fra 3. person (leverandøren).",
           "En faktura fra ansøgeren selv afvises; der betales kun til leverandøren."),
    "R8": ("Inden for rammerne af tilsagnet.",
           "Det betalte overstiger aldrig tilsagnet; en faktura over det resterende afvises."),
    "R9": ("Fakturaen skal lyde på organisationens navn.",
           "Køberen skal være organisationen ved juridisk navn og, hvor fakturaen har et, "
           "CVR-nummer."),
    "R10": ("Retningslinjerne er godkendt og versioneret.",
            "Ændrede regler bliver en ny version; hver sag gemmer den version af "
            "retningslinjerne, den blev afgjort efter."),
}


@bp.get("/regler")
@role_required(*STAFF)
def rules():
    """The rules page the refusals link to."""
    try:
        pool = pool_for_year(get_session(), current_organisation_id(), clock.today().year)
    except NotFound:
        pool = None
    purposes, required = purposes_of(pool) if pool is not None else ([], 1)
    return render_template("caseworker/rules.html", pool=pool, purposes=purposes,
                           purposes_required=required, rules=[
        (code, RULE_NAMES[code], *RULE_TEXT[code]) for code in RULE_NAMES])

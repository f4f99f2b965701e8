"""A case's history in words: what happened, in the past tense, and who did it, by name and role.

The audit trail stores the step's trigger ("approve", "invoice_pay"); statements and the case
page say what was done ("bevilget", "faktura betalt") and by whom ("Mette Hansen,
sagsbehandler"; a resident is "ansøgeren"; scheduled jobs are "pulje (automatisk)").
"""

from __future__ import annotations

from pulje.services.actors import ROLE_LABELS

PAST_TENSE = {
    "submit": "ansøgning modtaget",
    "start_review": "behandling påbegyndt",
    "request_info": "oplysninger efterspurgt",
    "answer": "besvaret",
    "approve": "bevilget",
    "reject": "afslået",
    "withdraw": "trukket tilbage",
    "close": "afsluttet",
    "lapse": "bortfaldet",
    "register_invoice": "faktura modtaget",
    "invoice_accept": "faktura godkendt til betaling",
    "invoice_refuse": "faktura afvist",
    "invoice_pay": "faktura betalt",
    "record_payment": "betaling registreret",
    "invoice_cancel": "faktura annulleret af kreditnota",
    "refund": "tilbagebetaling modtaget",
    "anonymise": "personoplysninger anonymiseret",
    "outcome_requested": "afrapportering efterspurgt",
    "outcome_reminded": "påmindelse om afrapportering sendt",
    "outcome_reported": "afrapportering givet",
    "outcome_corrected": "afrapportering rettet",
    "outcome_photo_removed": "billede fjernet fra afrapporteringen",
    "outcome_consent_withdrawn": "samtykke til at vise billeder trukket tilbage",
}


def past_tense(action: str) -> str:
    """What an audit action did, e.g. 'invoice_pay' -> 'faktura betalt'."""
    return PAST_TENSE.get(action, action.replace("_", " "))


def actor_label(role: str, name: str) -> str:
    """'Mette Hansen, sagsbehandler'; 'ansøgeren' (named if known); 'pulje (automatisk)'."""
    name = (name or "").strip()
    if role == "system":
        return f"{name or 'pulje'} (automatisk)"
    if role == "resident":
        return "ansøgeren" if not name or name == "ansøger" else f"{name}, ansøger"
    role_label = ROLE_LABELS.get(role, role)
    return f"{name}, {role_label}" if name else role_label

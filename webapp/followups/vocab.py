"""Codes for follow-ups: their kinds and the verdicts on each term, with translatable labels.

The labels are plain words, fit for the public profile in every language.
"""

from webapp.core.activelocale import lazy_gettext as _l

KINDS = {
    # I18N: A kind of follow-up of a provider: the municipality reads its monthly reports.
    "report_review": _l("Granskning av månadsrapporter"),
    # I18N: A kind of follow-up of a provider: staff visit the provider's premises.
    "site_visit": _l("Besök hos anordnaren"),
    # I18N: A kind of follow-up of a provider: staff talk with participants.
    "participant_dialogue": _l("Samtal med deltagare"),
    # I18N: A kind of follow-up of a provider: staff check documents the provider sends.
    "document_check": _l("Kontroll av dokument"),
    # I18N: A kind of follow-up of a provider.
    "other": _l("Annan uppföljning"),
}

# The verdicts on one term, from the mildest to the most severe.
VERDICTS = {
    # I18N: The outcome of a follow-up: the provider met the terms.
    "met": _l("Inga anmärkningar"),
    # I18N: The outcome of a follow-up: something must be put right.
    "remark": _l("Anmärkning"),
    # I18N: The outcome of a follow-up: the provider must act before a deadline.
    "demand": _l("Krav på åtgärd"),
    # I18N: A sanction against a provider after a follow-up.
    "warning": _l("Varning"),
    # I18N: A sanction against a provider after a follow-up: it is paid less.
    "reduced_payment": _l("Sänkt ersättning"),
    # I18N: The outcome of a follow-up: staff propose that the committee ends the authorization.
    "deauthorization_proposal": _l("Förslag om avauktorisation"),
}

# What each verdict means, in plain words for people choosing a provider.
VERDICT_EXPLANATIONS = {
    # I18N: Explains the follow-up outcome "Inga anmärkningar".
    "met": _l("Anordnaren uppfyllde villkoren som kontrollerades."),
    # I18N: Explains the follow-up outcome "Anmärkning".
    "remark": _l("Kommunen hittade något som anordnaren behöver rätta till."),
    # I18N: Explains the follow-up outcome "Krav på åtgärd".
    "demand": _l("Anordnaren måste rätta till en brist före ett visst datum."),
    # I18N: Explains the sanction "Varning".
    "warning": _l("Anordnaren har fått en varning för att den inte följde villkoren."),
    # I18N: Explains the sanction "Sänkt ersättning".
    "reduced_payment": _l(
        "Anordnaren får mindre betalt under en tid för att den inte följde villkoren."
    ),
    # I18N: Explains the outcome "Förslag om avauktorisation".
    "deauthorization_proposal": _l(
        "Kommunen föreslår att anordnaren inte ska få vara kvar i kundvalet. Nämnden beslutar."
    ),
}

"""Codes for why an authorization ended, with their translatable labels."""

from webapp.core.activelocale import lazy_gettext as _l

END_REASONS = {
    # I18N: Why an authorization ended.
    "breach": _l("Brott mot auktorisationsvillkoren"),
    # I18N: Why an authorization ended.
    "no_customers": _l("Inga kunder på tolv månader"),
    # I18N: Why an authorization ended.
    "provider_request": _l("På anordnarens begäran"),
    # I18N: Why an authorization ended.
    "immediate_revocation": _l("Återkallad direkt i väntan på nämndens beslut"),
    # I18N: Why an authorization ended.
    "other": _l("Annat skäl"),
}

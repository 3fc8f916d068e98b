"""Checks for contact details and identifiers, with messages for the person typing.

Each ``*_problem`` function returns a translated message, or None when the value
is fine; the ``valid_*`` wrappers plug them into WTForms fields.
``looks_like_personal_number`` finds personal identity numbers in free text, so
every form that takes notes can refuse them.
"""

import re
from urllib.parse import urlsplit

from wtforms.validators import ValidationError

from webapp.core.activelocale import gettext as _
from webapp.providers.orgnumbers import normalize_org_number

# A Swedish personal identity or coordination number: YYMMDD-NNNN, YYYYMMDDNNNN and
# the like (day + 60 for coordination numbers). Such numbers are never stored here.
_PERSONAL_NUMBER = re.compile(
    r"(?<!\d)(?:\d{2})?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
    r"[-+ ]?\d{4}(?!\d)"
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,19}$")


def looks_like_personal_number(text: str) -> bool:
    """Tell whether a text holds something shaped like a personal identity number."""
    return _PERSONAL_NUMBER.search(text or "") is not None


def email_problem(value: str) -> str | None:
    """Explain what is wrong with an e-mail address."""
    if value and (len(value) > 254 or not _EMAIL.match(value)):
        return _("Skriv en giltig e-postadress, till exempel namn@exempel.se.")
    return None


def url_problem(value: str) -> str | None:
    """Explain what is wrong with a web address."""
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in value:
        return _("Skriv en fullständig webbadress som börjar med https://.")
    return None


def phone_problem(value: str) -> str | None:
    """Explain what is wrong with a phone number."""
    if value and not _PHONE.match(value.strip()):
        return _("Skriv ett telefonnummer med siffror, till exempel 08-123 456 78.")
    return None


def org_number_problem(value: str) -> str | None:
    """Explain what is wrong with an organisation number."""
    if not re.fullmatch(r"\s*[0-9]{6}-?[0-9]{4}\s*", value or ""):
        return _("Skriv organisationsnumret som tio siffror: NNNNNN-NNNN.")
    if normalize_org_number(value) is None:
        return _("Organisationsnumret stämmer inte: kontrollsiffran är fel.")
    return None


def _wrap(check):
    def validator(_form, field):
        message = check((field.data or "").strip())
        if message:
            raise ValidationError(message)

    return validator


valid_email = _wrap(email_problem)
valid_url = _wrap(url_problem)
valid_phone = _wrap(phone_problem)
valid_org_number = _wrap(org_number_problem)

"""Swedish organisation numbers: NNNNNN-NNNN with a Luhn check digit."""

import re

_PATTERN = re.compile(r"^([0-9]{6})-?([0-9]{4})$")


def normalize_org_number(value: str) -> str | None:
    """Return the number as NNNNNN-NNNN, or None if it is malformed or fails the check."""
    match = _PATTERN.match(value.strip())
    if not match:
        return None
    digits = match.group(1) + match.group(2)
    if not luhn_valid(digits):
        return None
    return f"{match.group(1)}-{match.group(2)}"


def luhn_valid(digits: str) -> bool:
    """Check a digit string with the Luhn (mod 10) algorithm."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0

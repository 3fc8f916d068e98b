"""The municipality's phone line: its hours from settings, written in the visitor's language.

``CONTACT_HOURS`` holds the hours the way opening hours are often written for
machines, e.g. ``Mo-Th 08:00-16:30, Fr 08:00-15:00``; each language then names
the days and writes the times itself (Babel), so one setting serves all seven.
"""

import re
from dataclasses import dataclass
from datetime import time

from babel.dates import format_interval
from flask import current_app
from flask_babel import gettext

from webapp.core.formats import formatting_locale, list_of

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_SPAN = re.compile(
    r"^(?P<first>[A-Z][a-z])(?:-(?P<last>[A-Z][a-z]))?\s+"
    r"(?P<opens>\d{1,2}:\d{2})-(?P<closes>\d{1,2}:\d{2})$"
)


@dataclass(frozen=True)
class Hours:
    """Days (0 = Monday) that share one opening and closing time."""

    first_day: int
    last_day: int
    opens: time
    closes: time


def parse_hours(text: str) -> tuple[Hours, ...]:
    """Read ``Mo-Th 08:00-16:30, Fr 08:00-15:00``; refuse anything else with a clear message."""
    spans = []
    for part in (piece.strip() for piece in text.split(",")):
        if not part:
            continue
        match = _SPAN.match(part)
        try:
            if match is None:
                raise ValueError
            first = DAYS.index(match["first"])
            last = DAYS.index(match["last"] or match["first"])
            opens = time.fromisoformat(match["opens"].zfill(5))
            closes = time.fromisoformat(match["closes"].zfill(5))
        except ValueError:
            raise RuntimeError(
                f"CONTACT_HOURS: cannot read {part!r}; write e.g. "
                f"'Mo-Th 08:00-16:30, Fr 08:00-15:00' (days {', '.join(DAYS)})."
            ) from None
        if last < first or closes <= opens:
            raise RuntimeError(f"CONTACT_HOURS: {part!r} ends before it starts.")
        spans.append(Hours(first, last, opens, closes))
    return tuple(spans)


def describe_hours(spans) -> str:
    """Write the hours in the active language, e.g. 'måndag–torsdag 08:00–16:30 och fredag …'."""
    locale = formatting_locale()
    names = locale.days["stand-alone"]["wide"]
    parts = []
    for span in spans:
        days = names[span.first_day]
        if span.last_day != span.first_day:
            # I18N: A range of weekdays, e.g. "måndag–torsdag" (Monday to Thursday).
            days = gettext("%(first)s–%(last)s", first=days, last=names[span.last_day])
        hours = format_interval(span.opens, span.closes, "Hm", locale=locale)
        # I18N: Days and the phone line's hours on them, e.g. "måndag–torsdag 08:00–16:30".
        parts.append(gettext("%(days)s %(hours)s", days=days, hours=hours))
    return list_of(parts)


def phone_hours() -> str:
    """Write the configured hours of the phone line in the active language."""
    return describe_hours(current_app.config["CONTACT_HOURS"])


def tel_uri(phone: str) -> str:
    """Return a tel: link for a Swedish number, e.g. '08-123 456 00' → 'tel:+46812345600'."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+"):
        return f"tel:+{digits}"
    if digits.startswith("00"):
        return f"tel:+{digits[2:]}"
    if digits.startswith("0"):
        return f"tel:+46{digits[1:]}"
    return f"tel:{digits}"

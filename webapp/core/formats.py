"""Dates, times and lists written as each language writes them, through Babel.

The page's language picks the Babel locale, with two adjustments:

- English is read here by people living in Sweden: dates put the day first and
  the clock has 24 hours (British English), never the US order.
- Ukrainian's long date ends in an abbreviation ("1 вересня 2026 р."), so a
  sentence ending on a date got two full stops; the full word ("року") reads as
  well and ends cleanly.

Every language writes digits 0–9 (Babel's default numbering), as the letters,
codes, phone numbers and postal codes do: Persian and Arabic pages never mix
them with ۰–۹ or ٠–٩.
"""

from collections.abc import Iterable
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list

from webapp.core.activelocale import locale_code

FORMAT_LOCALES = {"en": "en_GB"}
LONG_DATE_PATTERNS = {"uk": "d MMMM y 'року'"}
MONTH_YEAR_PATTERNS = {"uk": "LLLL y 'року'"}


def formatting_locale() -> Locale:
    """Return the Babel locale that formats dates, times and lists for the active language."""
    lang = locale_code()
    return Locale.parse(FORMAT_LOCALES.get(lang, lang))


def long_date(value) -> str:
    """Format a date for reading, e.g. '1 september 2026' or '1 September 2026'."""
    return _long_date_in(locale_code(), value)


# Babel parses the locale's patterns on every call; pages name the same dates again.
@lru_cache(maxsize=4096)
def _long_date_in(lang: str, value) -> str:
    """Format a date for reading in a language (kept)."""
    locale = Locale.parse(FORMAT_LOCALES.get(lang, lang))
    pattern = LONG_DATE_PATTERNS.get(locale.language, "long")
    return format_date(value, pattern, locale=locale)


def month_year(value) -> str:
    """Name a month and its year, e.g. 'september 2026'."""
    return _month_year_in(locale_code(), value)


@lru_cache(maxsize=4096)
def _month_year_in(lang: str, value) -> str:
    """Name a month and its year in a language (kept)."""
    locale = Locale.parse(FORMAT_LOCALES.get(lang, lang))
    pattern = MONTH_YEAR_PATTERNS.get(locale.language)
    if pattern:
        return format_date(value, pattern, locale=locale)
    # The skeleton lets each locale pick its own month form and order.
    return format_skeleton("yMMMM", value, locale=locale)


def clock_time(value) -> str:
    """Format a time of day on the 24-hour clock, e.g. '14:05', in every language."""
    return format_skeleton("Hm", value, locale=formatting_locale())


def list_of(items: Iterable) -> str:
    """Join words into a list the language's way, e.g. 'a, b och c' or 'a، b و c'."""
    return list_in(locale_code(), tuple(str(item) for item in items))


def list_in(lang: str, words: tuple[str, ...]) -> str:
    """Join words into a list in a language; no words make an empty text."""
    return _list_in(lang, words) if words else ""


# Babel looks the list patterns up on every call; pages join the same words again and again.
@lru_cache(maxsize=4096)
def _list_in(lang: str, words: tuple[str, ...]) -> str:
    """Join words into a list in a language (kept: pages repeat the same lists)."""
    return format_list(list(words), locale=Locale.parse(FORMAT_LOCALES.get(lang, lang)))

"""Dates, times and lists in every language: Babel's forms, with our two adjustments."""

import re
from datetime import date, datetime

import pytest
from flask import Flask
from flask_babel import Babel, force_locale

from webapp.core.config import LANGUAGES
from webapp.core.formats import clock_time, list_of, long_date, month_year

DAY = date(2026, 9, 1)
AFTERNOON = datetime(2026, 9, 1, 14, 5)
EASTERN_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


@pytest.fixture(scope="module")
def app():
    """A bare app with Flask-Babel: enough for get_locale()."""
    app = Flask(__name__)
    Babel(app)
    return app


@pytest.fixture
def in_language(app):
    """Return a context manager that makes a language the active one."""

    def enter(lang: str):
        context = app.test_request_context()
        context.push()
        forced = force_locale(lang)
        forced.__enter__()
        return context, forced

    opened = []

    def use(lang: str):
        opened.append(enter(lang))

    yield use
    for context, forced in reversed(opened):
        forced.__exit__(None, None, None)
        context.pop()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("sv", "1 september 2026"),
        ("en", "1 September 2026"),  # day first, never the US "September 1, 2026"
        ("ar", "1 سبتمبر 2026"),
        ("fa", "1 سپتامبر 2026"),
        ("so", "Sebtembar 1, 2026"),
        ("ti", "መስከረም 1, 2026"),
        ("uk", "1 вересня 2026 року"),  # the word, not "р.": a sentence's full stop stays single
    ],
)
def test_long_dates(in_language, lang, expected):
    in_language(lang)
    assert long_date(DAY) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_date_never_ends_in_a_full_stop(in_language, lang):
    """Messages put a full stop after a date; the date must not bring its own."""
    in_language(lang)
    assert not long_date(DAY).endswith(".")
    assert not month_year(DAY).endswith(".")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_clock_has_24_hours_in_every_language(in_language, lang):
    in_language(lang)
    written = clock_time(AFTERNOON)
    assert re.sub(r"\D", "", written) == "1405", written  # Arabic too: no "2:05 م"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_writes_digits_0_to_9(in_language, lang):
    in_language(lang)
    for written in (long_date(DAY), clock_time(AFTERNOON), month_year(DAY)):
        assert not EASTERN_DIGITS.search(written), written


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("sv", "arabiska, somaliska och persiska"),
        ("en", "arabiska, somaliska and persiska"),  # British: no comma before "and"
        ("ar", "arabiska وsomaliska وpersiska"),
        ("fa", "arabiska،\u200f somaliska، و persiska"),
        ("so", "arabiska, somaliska iyo persiska"),
        ("uk", "arabiska, somaliska і persiska"),
    ],
)
def test_lists_are_joined_the_languages_way(in_language, lang, expected):
    in_language(lang)
    assert list_of(["arabiska", "somaliska", "persiska"]) == expected


def test_short_lists(in_language):
    in_language("sv")
    assert list_of([]) == ""
    assert list_of(["Kista"]) == "Kista"
    assert list_of(["Kista", "Farsta"]) == "Kista och Farsta"


def test_month_and_year(in_language):
    in_language("uk")
    assert month_year(DAY) == "вересень 2026 року"

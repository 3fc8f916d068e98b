"""The phone line's hours: read from one setting, written in every language; tel: links."""

from datetime import time

import pytest
from flask import Flask
from flask_babel import Babel, force_locale

from webapp.core.contact import Hours, describe_hours, parse_hours, tel_uri


def test_reads_day_ranges_and_single_days():
    assert parse_hours("Mo-Th 08:00-16:30, Fr 8:00-15:00") == (
        Hours(0, 3, time(8, 0), time(16, 30)),
        Hours(4, 4, time(8, 0), time(15, 0)),
    )


@pytest.mark.parametrize(
    "text",
    ["Mo-Th 8-16", "Monday 08:00-16:00", "Xx 08:00-16:00", "Mo 25:00-26:00", "Mo 08:00"],
)
def test_refuses_what_it_cannot_read_and_says_how_to_write_it(text):
    with pytest.raises(RuntimeError, match="Mo-Th 08:00-16:30"):
        parse_hours(text)


@pytest.mark.parametrize("text", ["Fr-Mo 08:00-16:00", "Mo 16:00-08:00"])
def test_refuses_spans_that_end_before_they_start(text):
    with pytest.raises(RuntimeError, match="ends before it starts"):
        parse_hours(text)


@pytest.fixture(scope="module")
def app():
    """A bare app with Flask-Babel and the site's catalogues."""
    app = Flask(__name__)
    from webapp.core.config import load_settings

    settings = load_settings({"SECRET_KEY": "test"})
    app.config.update(
        BABEL_TRANSLATION_DIRECTORIES=settings["BABEL_TRANSLATION_DIRECTORIES"],
        BABEL_DOMAIN=settings["BABEL_DOMAIN"],
    )
    Babel(app)
    return app


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("sv", "måndag–torsdag 08:00–16:30 och fredag 08:00–15:00"),
        ("en", "Monday to Thursday 08:00–16:30 and Friday 08:00–15:00"),
        ("fa", "دوشنبه تا پنجشنبه، ساعت 8:00 تا 16:30 و جمعه، ساعت 8:00 تا 15:00"),
        ("uk", "понеділок–четвер 08:00–16:30 і пʼятниця 08:00–15:00"),
    ],
)
def test_writes_the_hours_in_the_language(app, lang, expected):
    with app.test_request_context(), force_locale(lang):
        assert describe_hours(parse_hours("Mo-Th 08:00-16:30, Fr 08:00-15:00")) == expected


@pytest.mark.parametrize(
    ("phone", "uri"),
    [
        ("08-123 456 00", "tel:+46812345600"),
        ("+46 8 123 456 00", "tel:+46812345600"),
        ("0046 8 123 456 00", "tel:+46812345600"),
        ("112", "tel:112"),
    ],
)
def test_tel_links_are_international(phone, uri):
    assert tel_uri(phone) == uri

"""The accessibility statement says what does not work and how to get the content another way."""

from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext

from webapp.core.config import LANGUAGES


def statement_text(page) -> str:
    """Return the statement's text, spaces normalised."""
    return " ".join(page.main.get_text(" ").split())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_statement_lists_known_problems_in_every_language(app, get_page, lang):
    page = get_page(f"/{lang}/accessibility")
    # No failure against the law is known (the time limit, WCAG 2.2.1, warns and extends now):
    # only the things that do not fully work are listed.
    (others,) = page.select("ul.known-problems")
    assert len(others.find_all("li")) == 6
    text = statement_text(page)
    with app.test_request_context(), force_locale(lang):
        fully = gettext(
            "Webbplatsen är helt förenlig med nivå AA i standarden Web Content Accessibility"
            " Guidelines (WCAG) version 2.1."
        )
        none_known = gettext("Vi känner inte till några brister mot lagens krav.")
    assert fully in text and none_known in text
    # Another way to the content: phone (with its hours), e-mail, the caseworker.
    assert page.main.select_one("a[href='tel:+46812345600']")
    assert page.main.select_one("a[href^='mailto:']")
    assert "2.2.1" not in text


def test_the_statement_follows_the_settings(app, get_page, monkeypatch):
    """What it says of the session and the languages comes from configuration, so stays true."""
    monkeypatch.setitem(app.config, "PERMANENT_SESSION_LIFETIME", timedelta(minutes=45))
    text = statement_text(get_page("/sv/accessibility"))
    assert (
        "När du har skrivit in din kod kommer webbplatsen ihåg den i 45 minuter efter det du"
        " gjorde senast. Det står på sidan när tiden tar slut. Innan dess frågar webbplatsen"
        " om du vill ha mer tid." in text
    )
    assert (
        "Webbplatsen finns på svenska, engelska, arabiska, persiska, somaliska, tigrinja"
        " och ukrainska." in text
    )
    assert "lättläst svenska" in text


def test_the_statement_names_the_easy_read_pages_that_exist(get_page, client):
    """It says lättläst covers four pages: they answer."""
    text = statement_text(get_page("/sv/accessibility"))
    assert "startsidan, hur du väljer, resultaten och valet med kod" in text
    for path in ("", "sa-valjer-du", "om-resultaten", "valj-med-kod"):
        assert client.get(f"/sv/lattlast/{path}").status_code == 200

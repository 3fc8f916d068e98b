"""'Need help?' on every public page, in every language: phone, hours, interpreter, no code."""

import pytest
from flask_babel import force_locale, gettext

from tests.conftest import parse_page
from tests.integration.web.test_get_changes_nothing import build_scene, get_rules, url_for_case
from webapp.core.config import LANGUAGES
from webapp.core.contact import parse_hours
from webapp.core.db import get_session
from webapp.web.public.choose_session import SESSION_KEY

PAGE_BLUEPRINTS = ("public.", "easy.")


def public_page_urls(app, lang: str, scene) -> list[str]:
    """Return the address of every public GET page (not downloads) in one language."""
    urls = []
    for rule in get_rules():
        if not rule.endpoint.startswith(PAGE_BLUEPRINTS) or "csv" in rule.rule:
            continue
        if "lang" not in rule.arguments and lang != "sv":
            continue  # lättläst exists in Swedish only
        urls.append(url_for_case(rule, rule.endpoint, lang, scene))
    return [*urls, f"/{lang}/no-such-page"]


@pytest.fixture
def scene(app, staff, rollback):
    """Real rows for the addresses, and a browser holding an invitation (the choice pages)."""
    with app.app_context():
        built = build_scene(get_session())
        get_session().commit()
    client = app.test_client()
    with client.session_transaction() as browser_session:
        browser_session[SESSION_KEY] = built.overdue_invitation
    return built, client


def help_block(page):
    """Return the page's help block."""
    block = page.select_one("aside#help")
    assert block is not None, "the page has no help block"
    return block


def in_language(app, lang: str, text: str) -> str:
    """Return a Swedish message as the catalogue has it in a language."""
    with app.test_request_context(), force_locale(lang):
        return gettext(text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_public_page_has_help_in_its_language(app, scene, lang):
    built, client = scene
    urls = public_page_urls(app, lang, built)
    assert len(urls) >= 15  # every page of the site and the 404 page
    heading = in_language(app, lang, "Behöver du hjälp?")
    for url in urls:
        response = client.get(url, follow_redirects=True)
        assert response.status_code in (200, 404), url
        page = parse_page(response)
        block = help_block(page)
        assert block.find("h2").get_text(strip=True) == heading, url
        phone = block.select_one("a[href^='tel:']")
        assert phone["href"] == "tel:+46812345600" and phone.get_text() == "08-123 456 00"
        assert len(block.select("details > summary")) == 2, url
        # The header leads there from the first screen.
        assert page.select_one("header a.header-help")["href"] == "#help", url


def test_the_help_block_says_how_to_get_an_interpreter_and_a_new_code(get_page):
    block = help_block(get_page("/sv/providers"))
    text = " ".join(block.get_text(" ").split())
    assert "Telefontider: måndag–torsdag 08:00–16:30 och fredag 08:00–15:00." in text
    assert "Ring oss och säg vilket språk du talar" in text
    assert "Du behöver ingen kod för att jämföra anordnare" in text
    assert "Du får en ny kod. Den gamla koden slutar då att fungera." in text
    assert block.select_one("a[href^='mailto:']")


@pytest.mark.parametrize(
    ("lang", "words"),
    [("ar", "tolk, arabiska"), ("fa", "tolk, persiska"), ("ti", "tolk, tigrinja")],
)
def test_the_words_to_say_for_an_interpreter_are_swedish(get_page, lang, words):
    block = help_block(get_page(f"/{lang}/"))
    said = block.select_one("strong[lang=sv]")
    assert said.get_text(strip=True) == words


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_hours_are_written_in_the_language(app, get_page, lang):
    hours = help_block(get_page(f"/{lang}/about-results")).select_one(".help-hours").get_text()
    with app.test_request_context(), force_locale(lang):
        from webapp.core.contact import phone_hours

        expected = gettext("Telefontider: %(hours)s.", hours=phone_hours())
    assert " ".join(hours.split()) == " ".join(expected.split())
    if lang != "sv":
        assert "måndag" not in hours


def test_the_municipality_sets_its_own_number_and_hours(app, get_page, monkeypatch):
    monkeypatch.setitem(app.config, "CONTACT_PHONE", "0470-12 34 56")
    monkeypatch.setitem(app.config, "CONTACT_HOURS", parse_hours("Mo-Fr 09:00-12:00"))
    block = help_block(get_page("/en/"))
    assert block.select_one("a[href^='tel:']")["href"] == "tel:+46470123456"
    assert "Monday to Friday 09:00–12:00" in block.select_one(".help-hours").get_text()

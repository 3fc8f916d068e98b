"""Each language's own forms on the pages: lists, addresses, dates, digits, mirrored pictures."""

import re

import pytest

from tests.conftest import parse_page
from webapp.core.config import LANGUAGES

RTL = {"ar", "fa"}
PAGES = [
    "/{lang}/",
    "/{lang}/providers?service=MATCH-1",
    "/{lang}/providers/jobbtorget",
    "/{lang}/compare?p=jobbtorget&p=jarvalyftet&p=arbetslust-stockholm&service=MATCH-1",
    "/{lang}/about-results",
    "/{lang}/accessibility",
    "/{lang}/open-data",
]
EASTERN_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
# The separator between the items of a list, as each language writes it (Babel, CLDR).
SEPARATORS = {
    "sv": ", ",
    "en": ", ",
    "ar": " و",  # Arabic joins with "و" (and) before each item
    "fa": "،",  # the Arabic comma
    "so": ", ",
    "ti": "፣ ",  # the Ethiopic comma
    "uk": ", ",
}
# jobbtorget's offices, as the seed has them.
POSTAL_LINES = ["164 40 Stockholm", "123 47 Stockholm", "127 48 Stockholm"]


def page_text(page) -> str:
    """Return the text a person reads: the body without its scripts."""
    return " ".join(page.body.get_text(" ").split())


def fact(page, label: str):
    """Return the first definition whose term is label."""
    term = page.find("dt", string=label)
    return term.find_next_sibling("dd").get_text(" ", strip=True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lists_use_the_languages_separator(app, get_page, lang):
    from flask_babel import force_locale, gettext

    page = get_page(f"/{lang}/providers/jobbtorget")
    with app.test_request_context(), force_locale(lang):
        label = gettext("Personalen talar")
    languages = fact(page, label)
    assert SEPARATORS[lang] in languages, languages
    if lang in RTL:
        assert ", " not in languages  # never the Latin comma in right-to-left text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_postal_addresses_read_postal_code_then_town(get_page, lang):
    page = get_page(f"/{lang}/providers/jobbtorget")
    lines = page.select(".postal-address .postal-line")
    assert [line.get_text(" ", strip=True) for line in lines] == POSTAL_LINES
    # Isolated left to right, so a right-to-left page cannot turn it into "Stockholm 164 40".
    assert all(line["dir"] == "ltr" for line in lines)
    assert all(line.find_previous_sibling("span")["dir"] == "ltr" for line in lines)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page_url", PAGES)
def test_no_sentence_ends_in_two_full_stops(get_page, lang, page_url):
    """A date that ends in an abbreviation ("2026 р.") once doubled the full stop."""
    text = page_text(get_page(page_url.format(lang=lang)))
    # After a word: "(.." is ISO 8601's open end of an interval, on the open-data page.
    doubled = re.search(r".{0,40}[^\s(.]\.\.(?!\.)", text)
    assert doubled is None, doubled


@pytest.mark.parametrize(
    ("lang", "date"),
    [
        ("sv", "29 november 2026."),
        ("en", "29 November 2026."),  # day before month, as in Britain, not "November 29"
        ("uk", "29 листопада 2026 року."),
        ("ar", "29 نوفمبر 2026."),
    ],
)
def test_dates_are_written_the_languages_way(get_page, lang, date):
    statement = page_text(get_page(f"/{lang}/accessibility"))
    assert statement.endswith(date) or f"{date} " in statement, statement[-120:]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page_url", PAGES)
def test_digits_are_0_to_9_in_every_language(get_page, lang, page_url):
    """Persian and Arabic pages never mix ۰–۹ or ٠–٩ with the 0–9 of codes and numbers."""
    text = page_text(get_page(page_url.format(lang=lang)))
    assert not EASTERN_DIGITS.search(text)
    assert re.search(r"\d", text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_list_fragment_mirrors_its_pictures_too(client, lang):
    """The htmx fragment of the list (a filter changed) knows the direction as well."""
    response = client.get(f"/{lang}/providers?service=MATCH-1", headers={"HX-Request": "true"})
    pictures = parse_page(response, fragment=True).select("svg.result-visual > g")
    assert pictures
    assert {bool(picture.get("transform")) for picture in pictures} == {lang in RTL}

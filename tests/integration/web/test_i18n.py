"""Every public page in every language: the right lang and dir, links between languages."""

import pytest
from flask import g
from sqlmodel import delete, select

from tests.conftest import build_app, isolated_database_url, parse_page
from tests.factories import scene
from webapp.core.config import LANGUAGES
from webapp.core.db import get_session
from webapp.core.templating import localized, percent
from webapp.providers.models import Provider, ProviderTranslation

RTL = {"ar", "fa"}
PAGES = [
    "/{lang}/",
    "/{lang}/providers",
    "/{lang}/providers?service=MATCH-1&language=so&sort=result",
    "/{lang}/providers/jobbtorget",
    "/{lang}/providers/linjen-rekrytering",
    "/{lang}/compare?p=jobbtorget&p=jarvalyftet&p=arbetslust-stockholm&diff=1",
    "/{lang}/about-results",
    "/{lang}/accessibility",
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page_url", PAGES)
def test_every_page_in_every_language(get_page, lang, page_url):
    page = get_page(page_url.format(lang=lang))
    assert page.html["lang"] == lang
    assert page.html["dir"] == ("rtl" if lang in RTL else "ltr")


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "sv"])
def test_pages_are_translated(get_page, lang):
    swedish = get_page("/sv/providers").find("h1").get_text(strip=True)
    assert get_page(f"/{lang}/providers").find("h1").get_text(strip=True) != swedish


@pytest.mark.parametrize("lang", LANGUAGES)
def test_404_page_in_the_language_of_the_address(get_page, lang):
    page = get_page(f"/{lang}/no-such-page", status=404)
    assert page.html["lang"] == lang


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("so,en;q=0.5", "/so/"),
        ("ar-SY,ar;q=0.9", "/ar/"),
        ("uk-UA", "/uk/"),
        ("de-DE,fr;q=0.8", "/sv/"),
        ("", "/sv/"),
    ],
)
def test_root_redirect_follows_accept_language(client, header, expected):
    response = client.get("/", headers={"Accept-Language": header})
    assert response.headers["Location"] == expected
    assert "Accept-Language" in response.headers["Vary"]


def test_unprefixed_address_follows_accept_language(client):
    response = client.get("/providers?q=a", headers={"Accept-Language": "fa"})
    assert response.headers["Location"] == "/fa/providers?q=a"


def test_language_switcher_lists_endonyms_and_keeps_page_and_filters(get_page):
    page = get_page("/sv/providers?service=MATCH-1&language=so")
    links = page.select("nav.language-nav li:not(.easy-read) a")
    assert [a["hreflang"] for a in links] == list(LANGUAGES)
    assert all(a["lang"] == a["hreflang"] for a in links)
    by_lang = {a["hreflang"]: a for a in links}
    assert by_lang["ar"].get_text(strip=True) == "العربية"
    assert by_lang["so"].get_text(strip=True) == "Soomaali"
    assert by_lang["uk"].get_text(strip=True) == "Українська"
    assert by_lang["sv"]["aria-current"] == "true"
    href = by_lang["ar"]["href"]
    assert href.startswith("/ar/providers?")
    assert "service=MATCH-1" in href and "language=so" in href


def test_alternate_links_for_every_language(app, get_page):
    page = get_page("/en/providers/jobbtorget")
    alternates = page.select('link[rel="alternate"][hreflang]')
    assert [link["hreflang"] for link in alternates] == [*LANGUAGES, "x-default"]
    # Absolute, and built from the configured address, never from the request's host.
    base = app.config["PUBLIC_BASE_URL"]
    hrefs = {link["hreflang"]: link["href"] for link in alternates}
    assert hrefs == {
        **{lang: f"{base}/{lang}/providers/jobbtorget" for lang in LANGUAGES},
        "x-default": f"{base}/providers/jobbtorget",
    }


def test_x_default_keeps_the_query_and_leads_to_the_visitors_language(client, get_page):
    page = get_page("/uk/compare?p=jobbtorget&p=oppna-vagar")
    default = page.select_one('link[rel="alternate"][hreflang="x-default"]')["href"]
    path = default.split("//", 1)[1].split("/", 1)[1]
    assert path == "compare?p=jobbtorget&p=oppna-vagar"

    response = client.get("/" + path, headers={"Accept-Language": "fa"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/fa/compare?p=jobbtorget&p=oppna-vagar"


def test_the_start_page_x_default_is_the_site_root(app, get_page):
    page = get_page("/so/")
    default = page.select_one('link[rel="alternate"][hreflang="x-default"]')["href"]
    assert default == app.config["PUBLIC_BASE_URL"] + "/"


@pytest.mark.parametrize(("query", "form"), [("q=karnhuset", 0), ("q=a&language=ti", None)])
def test_plural_forms_follow_the_language(get_page, query, form):
    from babel.messages.pofile import read_po

    from webapp.core.translate import TRANSLATIONS

    with (TRANSLATIONS / "uk" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        forms = read_po(handle)["%(num)s anordnare"].string
    count = get_page(f"/uk/providers?{query}").find(id="result-count").get_text(" ", strip=True)
    number = int(count.split()[0])
    # Ukrainian: one form for 1, 21…; another for 2–4, 22–24…; a third for the rest.
    if form is None:
        form = (
            0
            if number % 10 == 1 and number % 100 != 11
            else (1 if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14 else 2)
        )
    assert count == forms[form] % {"num": number}
    assert len(set(forms)) == 3  # the catalogue really has three different forms


def test_percent_is_formatted_for_the_locale(app):
    with app.test_request_context("/sv/"):
        g.lang = "sv"
        assert percent(0.42) == "42\xa0%"
    with app.test_request_context("/en/"):
        g.lang = "en"
        assert percent(0.42) == "42%"


def test_staff_languages_are_named_and_sorted_in_the_active_language(get_page):
    options = get_page("/uk/providers").select("#filter-language option[value!='']")
    names = [option.get_text(strip=True) for option in options if option["value"]]
    assert "англійська" in names
    assert names.index("англійська") < names.index("шведська")
    assert names.index("арабська") < names.index("українська")


def test_missing_text_falls_back_to_swedish_with_a_mark(app):
    class Row:
        description = "Svensk text"
        translations = ()

    with app.test_request_context("/so/"):
        g.lang = "so"
        text = localized(Row(), "description")
    assert (text.text, text.lang, text.fallback) == ("Svensk text", "sv", True)


@pytest.fixture(scope="module")
def app_without_somali_profile(tmp_path_factory):
    """An app whose Jobbtorget profile has no Somali text."""
    app = build_app(isolated_database_url(tmp_path_factory, "fallback"))
    with app.app_context(), scene():
        session = get_session()
        provider = session.exec(select(Provider).where(Provider.slug == "jobbtorget")).one()
        session.exec(
            delete(ProviderTranslation).where(
                ProviderTranslation.provider_id == provider.id, ProviderTranslation.lang == "so"
            )
        )
        session.commit()
    yield app
    app.extensions["db_engine"].dispose()


def test_missing_translation_shows_swedish_marked_with_a_note(app_without_somali_profile):
    response = app_without_somali_profile.test_client().get("/so/providers/jobbtorget")
    page = parse_page(response)
    lead = page.select_one("p.lead")
    assert lead["lang"] == "sv"
    assert "kommunens egen verksamhet" in lead.get_text()
    assert lead.find_next_sibling("p")["class"] == ["in-swedish"]


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_numbers_and_addresses_stay_left_to_right(get_page, lang):
    page = get_page(f"/{lang}/providers/jobbtorget")
    assert page.find("bdi", string="212000-9747")["dir"] == "ltr"
    phone = page.find("a", href=lambda h: h and h.startswith("tel:"))
    assert phone["dir"] == "ltr"


MIRROR = "matrix(-1 0 0 1 100 0)"
RESULT_PAGES = [
    "/{lang}/providers?service=MATCH-1",
    "/{lang}/providers/jobbtorget",
    "/{lang}/compare?p=jobbtorget&p=jarvalyftet&service=MATCH-1",
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page_url", RESULT_PAGES)
def test_result_pictures_run_in_the_text_direction(get_page, lang, page_url):
    """Right-to-left pages mirror every result picture, so the scale runs with the text."""
    pictures = get_page(page_url.format(lang=lang)).select("svg.result-visual > g")
    assert pictures
    mirrored = {picture.get("transform") == MIRROR for picture in pictures}
    assert mirrored == {lang in RTL}

"""Lättläst: easy-to-read Swedish pages, linked from every page's language menu."""

import re

import pytest

from webapp.core.config import LANGUAGES

EASY_READ = {
    "/sv/lattlast/": "/sv/",
    "/sv/lattlast/sa-valjer-du": "/sv/",
    "/sv/lattlast/om-resultaten": "/sv/about-results",
    "/sv/lattlast/valj-med-kod": "/sv/choose",
}
# A page of the site, and the lättläst page its language menu opens.
RETOLD = [
    ("/{lang}/", "/sv/lattlast/"),
    ("/{lang}/about-results", "/sv/lattlast/om-resultaten"),
    ("/{lang}/choose", "/sv/lattlast/valj-med-kod"),
    ("/{lang}/providers?service=MATCH-1", "/sv/lattlast/"),
    ("/{lang}/accessibility", "/sv/lattlast/"),
]
LONGEST_SENTENCE = 15  # words


def easy_read_link(page):
    """Return the language menu's link to lättläst."""
    return page.select_one("nav.language-nav li.easy-read a")


def lines(paragraph) -> list[str]:
    """Return a paragraph's lines: the text between its <br>s."""
    text = "".join(
        "\n" if getattr(node, "name", None) == "br" else node.get_text()
        for node in paragraph.children
    )
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


@pytest.mark.parametrize("url", EASY_READ)
def test_easy_read_page_is_swedish_and_cached(client, get_page, url):
    page = get_page(url)
    assert page.html["lang"] == "sv" and page.html["dir"] == "ltr"
    assert page.select_one("aside#help")
    assert easy_read_link(page)["aria-current"] == "true"
    assert not page.select("nav.language-nav a[aria-current]:not([href^='/sv/lattlast'])")
    assert not page.select('link[rel="alternate"]')  # lättläst is no translation of a page
    assert "public" in client.get(url).headers["Cache-Control"]


@pytest.mark.parametrize("url", EASY_READ)
def test_easy_read_follows_the_guidelines(get_page, url):
    """Short sentences, one to a line: a line break only ever ends a sentence."""
    text = get_page(url).select_one(".easy-read-text")
    paragraphs = text.find_all(["p", "li"])
    assert len(paragraphs) > 3
    for paragraph in paragraphs:
        if paragraph.find(["p", "ul"]):
            continue  # a list item holding paragraphs: they are checked themselves
        for line in lines(paragraph):
            # A line may also be a link, or a label shown as it appears on the site.
            labels = {
                " ".join(el.get_text().split())
                for el in paragraph.find_all(["a", "strong", "span"])
            }
            assert line in labels or line[-1] in ".?!:", f"{url}: a line ends mid-sentence: {line}"
            for sentence in re.split(r"(?<=[.?!])\s+", line):
                words = sentence.split()
                assert len(words) <= LONGEST_SENTENCE, f"{url}: too long: {sentence}"


@pytest.mark.parametrize(("url", "standard"), EASY_READ.items())
def test_easy_read_links_to_the_page_it_retells_in_every_language(get_page, url, standard):
    page = get_page(url)
    languages = {
        a["hreflang"]: a["href"] for a in page.select("nav.language-nav li:not(.easy-read) a")
    }
    assert languages == {lang: standard.replace("/sv/", f"/{lang}/", 1) for lang in LANGUAGES}
    assert page.select_one(f"nav.easy-read-nav a[href='{standard}']")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("page_url", "easy_url"), RETOLD)
def test_every_page_links_to_lattlast_from_the_language_menu(get_page, lang, page_url, easy_url):
    link = easy_read_link(get_page(page_url.format(lang=lang)))
    assert link["href"] == easy_url
    assert link["lang"] == "sv" and link.get_text(strip=True) == "Lättläst svenska"


def test_every_easy_read_page_is_in_the_easy_read_menu(get_page):
    menu = get_page("/sv/lattlast/").select("nav.easy-read-nav ul a")
    assert [a["href"] for a in menu] == list(EASY_READ)


def test_the_start_page_lists_every_service_leading_to_its_providers(get_page):
    services = get_page("/sv/").select(".service-links a")
    easy = {a["href"] for a in get_page("/sv/lattlast/").select(".easy-read-text .easy-links a")}
    assert {a["href"] for a in services} <= easy
    assert len(services) >= 3


def test_easy_read_says_the_configured_numbers(app, get_page, monkeypatch):
    monkeypatch.setitem(app.config, "MIN_GROUP_SIZE", 15)
    monkeypatch.setitem(app.config, "CHOICE_CODE_MAX_ATTEMPTS", 7)
    about = get_page("/sv/lattlast/om-resultaten").select_one(".easy-read-text").get_text()
    assert "färre än 15 personer" in about
    choosing = get_page("/sv/lattlast/valj-med-kod").select_one(".easy-read-text").get_text()
    assert "fel kod 7 gånger" in choosing


def test_only_swedish_has_lattlast(client):
    assert client.get("/en/lattlast/").status_code == 404

"""Every public page passes axe with no violations and fits a 360 px wide screen."""

import pytest

from tests import htmlcheck
from tests.e2e.pages import SitePage, StartPage

NOT_FOUND_PATH = "/sv/no-such-page"
NARROW_SCREEN = {"width": 360, "height": 740}


# Swedish, plus a right-to-left language and one in a script of its own, as a person sees them.
AXE_LANGUAGES = ["sv", "ar", "so"]
# Lättläst (Swedish only): the Swedish crawl finds them from the language menu; listed here
# too, so they are checked whatever the crawl's page limit leaves out.
EASY_READ_PATHS = [
    "/sv/lattlast/",
    "/sv/lattlast/sa-valjer-du",
    "/sv/lattlast/om-resultaten",
    "/sv/lattlast/valj-med-kod",
]
# No link leads here: a choice whose time ran out does (the page with the warning open is
# checked in test_session_timeout.py, with the admin's page after a login ends).
SESSION_ENDED_PATHS = [f"/{lang}/choose/ended" for lang in AXE_LANGUAGES]


@pytest.fixture(scope="session", params=AXE_LANGUAGES)
def public_pages(request, app, browser, live_server):
    """Crawl the public pages of one language in the browser; fail if the crawl is too thin."""
    context = browser.new_context()
    page = context.new_page()

    def fetch(url):
        response = page.goto(live_server + url, wait_until="load")
        if response is None:  # only the fragment changed: the same document
            return htmlcheck.Fetched(200, page.content())
        is_html = response.headers.get("content-type", "").startswith("text/html")
        return htmlcheck.Fetched(response.status, page.content() if is_html else None)

    try:
        visits = htmlcheck.crawl(
            fetch,
            live_server,
            kind_of=lambda url: htmlcheck.route_key(app, url),
            start=StartPage.path.format(lang=request.param),
        )
    finally:
        context.close()
    problems = htmlcheck.crawl_problems(visits)
    if problems:
        pytest.fail("The crawl found too little to test:\n" + "\n".join(problems))
    return [visit.url for visit in visits if visit.html is not None]


def axe_violations(page, url):
    """Run axe on the page at url, once it has loaded everything; return its violations."""
    page.goto(url, wait_until="networkidle")
    return SitePage(page).axe_violations()


def describe(violations_by_page):
    """Describe violations readably, one entry per rule and target with its pages."""
    pages_by_problem = {}
    for url, violations in violations_by_page.items():
        for violation in violations:
            for node in violation["nodes"]:
                problem = (
                    f"{violation['id']} ({violation.get('impact')}): {violation['help']}"
                    f"\n  at: {' '.join(node['target'])}"
                    f"\n  see: {violation.get('helpUrl', '')}"
                )
                pages_by_problem.setdefault(problem, []).append(url)
    return [f"{problem}\n  on: {', '.join(pages)}" for problem, pages in pages_by_problem.items()]


def test_public_pages_have_no_axe_violations(page, live_server, public_pages):
    """axe finds nothing to fix on any crawled public page."""
    found = {url: axe_violations(page, live_server + url) for url in public_pages}

    problems = describe(found)
    assert not problems, f"{len(problems)} axe violation(s):\n" + "\n".join(problems)


def test_easy_read_pages_have_no_axe_violations(page, live_server):
    """The lättläst pages are as accessible as the rest, wide and on a phone."""
    found = {path: axe_violations(page, live_server + path) for path in EASY_READ_PATHS}
    page.set_viewport_size(NARROW_SCREEN)
    found |= {
        f"{path} (360 px)": axe_violations(page, live_server + path) for path in EASY_READ_PATHS
    }

    problems = describe(found)
    assert not problems, f"{len(problems)} axe violation(s):\n" + "\n".join(problems)


def test_the_page_after_a_choice_timed_out_has_no_axe_violations(page, live_server):
    """The page that says the code was forgotten is as accessible as the rest, on a phone too."""
    found = {path: axe_violations(page, live_server + path) for path in SESSION_ENDED_PATHS}
    page.set_viewport_size(NARROW_SCREEN)
    found |= {
        f"{path} (360 px)": axe_violations(page, live_server + path) for path in SESSION_ENDED_PATHS
    }

    problems = describe(found)
    assert not problems, f"{len(problems)} axe violation(s):\n" + "\n".join(problems)


def test_the_swedish_crawl_reaches_lattlast(public_pages):
    """Lättläst is linked from the language menu of every Swedish page."""
    if public_pages[0].startswith("/sv/"):
        assert "/sv/lattlast/" in public_pages


def test_the_crawl_reaches_the_method_and_people_like_you(public_pages):
    """The pages added for fair comparisons are among those axe checks."""
    assert any(url.split("?")[0].endswith("/about-results/method") for url in public_pages)
    assert any(url.split("?")[0].endswith("/open-data") for url in public_pages)


def test_not_found_page_has_no_axe_violations(page, live_server):
    """The 404 page is as accessible as the rest."""
    response = page.goto(live_server + NOT_FOUND_PATH)
    assert response is not None and response.status == 404

    problems = describe({NOT_FOUND_PATH: axe_violations(page, live_server + NOT_FOUND_PATH)})

    assert not problems, "\n".join(problems)


def test_public_pages_fit_a_narrow_screen(browser, live_server, public_pages):
    """No public page scrolls sideways on a 360 px wide phone."""
    context = browser.new_context(viewport=NARROW_SCREEN)
    page = SitePage(context.new_page())
    too_wide = []
    try:
        for url in [*public_pages, *EASY_READ_PATHS, *SESSION_ENDED_PATHS, NOT_FOUND_PATH]:
            page.page.goto(live_server + url, wait_until="load")
            width = page.scroll_width()
            if width > NARROW_SCREEN["width"]:
                too_wide.append(f"{url} is {width} px wide")
    finally:
        context.close()

    assert not too_wide, "Pages that scroll sideways at 360 px:\n" + "\n".join(too_wide)

"""The staff admin passes axe too: every admin page an admin can reach, in Swedish."""

from playwright.sync_api import expect

from tests import htmlcheck
from tests.conftest import STAFF_PASSWORD
from tests.e2e.pages import AdminProviderList, LoginPage, SitePage
from tests.e2e.test_accessibility import describe
from webapp.core.extensions import limiter


def test_admin_pages_have_no_axe_violations(app, browser, live_server, staff):
    limiter.reset()
    context = browser.new_context(locale="sv-SE", base_url=live_server)
    page = context.new_page()
    dashboard = LoginPage(page).open().log_in(staff["admin"], STAFF_PASSWORD)
    expect(dashboard.menu.get_by_role("link")).to_have_count(7)  # an admin sees every section
    dashboard.go_to("Anordnare")
    provider = AdminProviderList(page).open_provider("Jobbtorget")
    expect(provider.heading).to_have_text("Jobbtorget")
    for name in ("Ändra uppgifterna", "Auktorisera", "Avauktorisera"):
        expect(provider.action(name)).to_be_visible()

    def fetch(url):
        response = page.goto(live_server + url, wait_until="load")
        if response is None:
            return htmlcheck.Fetched(200, page.content())
        is_html = response.headers.get("content-type", "").startswith("text/html")
        return htmlcheck.Fetched(response.status, page.content() if is_html else None)

    try:
        visits = htmlcheck.crawl(
            fetch,
            live_server,
            kind_of=lambda url: htmlcheck.route_key(app, url),
            start="/admin/",
            per_kind=2,
        )
        pages = [visit.url for visit in visits if visit.html is not None and visit.status == 200]
        assert len(pages) >= 10, pages
        # The results section's pages, the case-mix import and the funnel among them.
        for path in ("/admin/results/case-mix/import", "/admin/results/expected"):
            assert any(url.split("?")[0] == path for url in pages), path
        found = {}
        for url in pages:
            page.goto(live_server + url, wait_until="load")
            found[url] = SitePage(page).axe_violations()
    finally:
        context.close()
    problems = describe(found)
    assert not problems, f"{len(problems)} axe violation(s):\n" + "\n".join(problems)

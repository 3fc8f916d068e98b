"""Staff follow up a provider: a site visit with a remark and a demand, closed later,
published by a second person; the public page shows it in every language."""

import threading
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from tests.conftest import STAFF_PASSWORD, build_app, isolated_database_url
from tests.e2e.follow_up_pages import FollowUpPage, RecordFollowUpPage
from tests.e2e.pages import AdminProviderList, LoginPage, SitePage
from tests.factories.staff import staff_account
from webapp.core.config import LANGUAGES
from webapp.core.db import get_session
from webapp.core.extensions import limiter

EDITOR = "redaktor@kommun.example"
ADMIN = "administrator@kommun.example"
PROVIDER = "Åsa & Partners Jobbmatchning AB"
SLUG = "asa-partners-jobbmatchning"
HEADINGS = {
    "sv": "Uppföljning",
    "en": "Follow-up",
    "ar": "المتابعة",
    "fa": "پیگیری",
    "so": "Dabagal",
    "ti": "ክትትል",
    "uk": "Перевірки",
}
DEMAND = {
    "sv": "Krav på åtgärd",
    "en": "Demand for action",
    "ar": "طلب إصلاح",
    "fa": "درخواست اقدام اصلاحی",
    "so": "Dalab wax-ka-qabasho",
    "ti": "ሕቶ ምእራም",
    "uk": "Вимога виправити",
}


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    """Serve an app on a database of its own, with an editor and an admin; yield its URL."""
    app = build_app(isolated_database_url(tmp_path_factory, "e2e_follow_up"))
    with app.app_context():
        staff_account(get_session(), email=EDITOR, name="Redaktör", role="editor")
        staff_account(get_session(), email=ADMIN, name="Administratör", role="admin")
        get_session().commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="follow-up-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    app.extensions["db_engine"].dispose()


def staff_page(browser, base_url: str, email: str) -> Page:
    """Return a Swedish browser page logged in to the admin as email."""
    limiter.reset()
    context = browser.new_context(base_url=base_url, locale="sv-SE")
    page = context.new_page()
    LoginPage(page).open().log_in(email, STAFF_PASSWORD)
    return page


def no_axe_violations(page: Page) -> None:
    """Fail with axe's findings if the page as it stands has any."""
    violations = SitePage(page).axe_violations()
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_a_site_visit_is_recorded_closed_published_and_shown_in_every_language(browser, own_server):
    deadline = (date.today() + timedelta(days=60)).isoformat()

    # An editor records the visit from the provider's page.
    editor = staff_page(browser, own_server, EDITOR)
    AdminProviderList(editor).open()
    provider = AdminProviderList(editor).open_provider(PROVIDER)
    provider.action("Uppföljning").click()
    editor.get_by_role("main").get_by_role("link", name="Registrera uppföljning").click()
    form = RecordFollowUpPage(editor)
    expect(form.heading).to_have_text(f"Registrera uppföljning av {PROVIDER}")
    no_axe_violations(editor)
    form.choose_kind("Besök hos anordnaren")
    form.judge("3.1 Personalens kompetens", "Inga anmärkningar")
    form.judge("5.1 Lokaler och öppettider", "Anmärkning", note="Stängt en eftermiddag.")
    form.judge(
        "6.3 Aktiviteter enligt planen",
        "Krav på åtgärd",
        note="Planerna saknar uppföljning.",
        deadline=deadline,
    )
    detail = form.send()
    expect(detail.status).to_contain_text("Uppföljningen är registrerad.")
    expect(editor.get_by_role("main")).to_contain_text("Öppen: väntar på åtgärd")
    no_axe_violations(editor)
    # Editors do not publish.
    expect(editor.get_by_role("button", name="Publicera utfallet")).to_have_count(0)

    # Later the provider has put it right, and the editor closes the follow-up.
    detail.close("Lokalerna har fasta öppettider och planerna följs upp.")
    expect(detail.status).to_have_text("Uppföljningen är stängd.")
    expect(editor.get_by_role("main")).to_contain_text("Lokalerna har fasta öppettider")
    follow_up_url = editor.url
    editor.context.close()

    # Nothing is public until a second person publishes.
    public = browser.new_context(base_url=own_server)
    visitor = public.new_page()
    visitor.goto(f"/sv/providers/{SLUG}")
    expect(visitor.locator("#follow-up")).to_contain_text(
        "Kommunen har inte publicerat någon uppföljning av anordnaren ännu."
    )

    # An admin finds it among those waiting for publication and publishes it.
    admin = staff_page(browser, own_server, ADMIN)
    admin.get_by_role("navigation", name="Administration").get_by_role(
        "link", name="Uppföljning", exact=True
    ).click()
    admin.get_by_role("link", name="Väntar på publicering").click()
    admin.get_by_role("row", name=PROVIDER).get_by_role("link").click()
    assert admin.url == follow_up_url
    published = FollowUpPage(admin)
    published.publish()
    expect(published.status).to_contain_text("Uppföljningen är publicerad.")
    admin.context.close()

    # The provider's public page shows it, in every language (to a visitor whose browser
    # has not kept the page from before: public pages may be cached for a minute).
    public.close()
    public = browser.new_context(base_url=own_server)
    visitor = public.new_page()
    for lang in LANGUAGES:
        visitor.goto(f"/{lang}/providers/{SLUG}")
        section = visitor.locator("#follow-up")
        expect(section.get_by_role("heading", level=2)).to_have_text(HEADINGS[lang])
        latest = section.locator("#latest-follow-ups li").first
        expect(latest).to_contain_text(DEMAND[lang])
        # Closed: no demand is open any more, and the staff's notes never show.
        expect(section.locator("#open-demands")).to_have_count(0)
        expect(visitor.get_by_role("main")).not_to_contain_text("Stängt en eftermiddag")
    visitor.goto(f"/ar/providers/{SLUG}")
    no_axe_violations(visitor)
    public.close()

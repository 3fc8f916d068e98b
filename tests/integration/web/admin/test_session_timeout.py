"""Before a staff member is logged out: the time on every page, going on, and the page after.

WCAG 2.2.1 for the admin: every page of a logged-in account says when the login
ends (without JavaScript too), "Continue" extends it with a POST, and when the
time is up the account is logged out and a page says why.
"""

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from sqlmodel import func, select

from tests import htmlcheck
from tests.conftest import parse_page
from webapp.core.db import get_session
from webapp.staff.models import AuditEvent

# 13:02 UTC on a winter day is 14:02 in Stockholm: thirty idle minutes end the login at 14:32.
LOGGED_IN = datetime(2026, 11, 23, 13, 2, tzinfo=UTC)
NOTICES = {
    "sv": "Om du inte gör något loggas du ut kl. 14:32.",
    "en": "If you do nothing, you will be logged out at 14:32.",
}


@pytest.fixture
def editor(staff_client, time_machine):
    """An editor logged in at LOGGED_IN, the clock standing still."""
    time_machine.move_to(LOGGED_IN, tick=False)
    return staff_client("editor")


def page_of(client, url: str):
    """GET an admin page, check it answered 200, and return it parsed."""
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return parse_page(response)


def note_of(page) -> str:
    """Return the sentence that says when the login ends."""
    return page.select_one("header .session-note").get_text(strip=True)


def go_on(client, page):
    """Press "Continue" in the warning of a page, as its script does."""
    form = page.select_one("form[data-session-extend]")
    token = form.find("input", attrs={"name": "csrf_token"})["value"]
    return client.client.post(form["action"], data={"csrf_token": token})


def time_out(client, page):
    """Send the form the page's script sends when the time is up."""
    form = page.select_one("form[data-session-timed-out]")
    fields = {field["name"]: field["value"] for field in form.find_all("input")}
    return client.client.post(form["action"], data=fields)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_admin_page_says_when_the_login_ends(app, editor, lang):
    if lang != "sv":
        editor.post("/admin/language", {"lang": lang, "next": "/admin/"})
    for url in ("/admin/", "/admin/providers", "/admin/password", "/admin/choices"):
        page = page_of(editor, url)
        assert note_of(page) == NOTICES[lang], url
        warning = page.select_one("[data-session-timeout]")
        assert warning["data-seconds-left"] == "1800"
        assert warning["data-warning-seconds"] == str(app.config["SESSION_WARNING_SECONDS"])
        dialog = page.find("dialog")
        assert page.find(id=dialog["aria-labelledby"]).get_text(strip=True)
        assert [b.get_text(strip=True) for b in dialog.find_all("button")] == [
            {"sv": "Fortsätt", "en": "Continue"}[lang]
        ]


def test_pages_for_nobody_logged_in_say_nothing_of_it(client, staff_client):
    staff_client(None)
    for url in ("/admin/login", "/admin/signed-out"):
        assert page_of(client, url).select_one("[data-session-timeout]") is None


def test_continue_extends_the_login_past_its_first_end(app, editor, time_machine, monkeypatch):
    # Every request extends the session; here only "Continue" may, so it is what is tested.
    monkeypatch.setitem(app.config, "SESSION_REFRESH_EACH_REQUEST", False)
    page = page_of(editor, "/admin/providers")
    time_machine.shift(timedelta(minutes=28))

    response = go_on(editor, page)

    assert response.status_code == 200
    answer = response.get_json()
    assert answer["seconds_left"] == 1800 and answer["final"] is False
    assert answer["notice"] == "Om du inte gör något loggas du ut kl. 15:00."
    time_machine.shift(timedelta(minutes=20))
    assert note_of(page_of(editor, "/admin/providers")) == (
        "Om du inte gör något loggas du ut kl. 15:20."
    )


def test_without_continue_the_login_ends_and_the_login_page_says_why(editor, time_machine):
    page_of(editor, "/admin/providers")
    time_machine.shift(timedelta(minutes=31))

    response = editor.get("/admin/providers")

    assert response.status_code == 302
    login = page_of(editor, response.headers["Location"])
    assert login.select_one("main .notice").get_text(strip=True) == (
        "Logga in för att fortsätta. Om du var inloggad har du loggats ut, eftersom du inte"
        " hade gjort något på 30 minuter."
    )
    assert page_of(editor, "/admin/login").select_one("main .notice") is None


def test_continue_without_the_csrf_token_is_refused(editor):
    assert editor.client.post("/admin/session/extend").status_code == 400


def test_continue_when_nobody_is_logged_in_is_refused_in_words(client, staff_client):
    staff_client(None)
    token = BeautifulSoup(client.get("/admin/login").data, "html5lib").find(
        "meta", attrs={"name": "csrf-token"}
    )["content"]

    response = client.post("/admin/session/extend", data={"csrf_token": token})

    assert response.status_code == 403
    assert response.get_json() == {"open": False, "message": "Du är inte inloggad."}


def test_near_the_age_limit_the_warning_says_going_on_cannot_move_it(
    app, editor, time_machine, monkeypatch
):
    monkeypatch.setitem(app.config, "ADMIN_SESSION_MAX_AGE", timedelta(hours=1))
    time_machine.shift(timedelta(minutes=25))
    page_of(editor, "/admin/")
    time_machine.shift(timedelta(minutes=15))  # the age limit, 15:02, comes before 15:12
    page = page_of(editor, "/admin/")
    assert note_of(page) == ("Du loggas ut kl. 15:02. Längre än så får en inloggning inte vara.")
    assert page.select_one("[data-session-timeout]")["data-seconds-left"] == "1200"
    assert page.select_one("form[data-session-timed-out] input[name=reason]")["value"] == "limit"

    answer = go_on(editor, page).get_json()

    assert answer["final"] is True and answer["seconds_left"] == 1200


def count_audit_events(app) -> int:
    """Return how many audit events are stored."""
    with app.app_context():
        return get_session().exec(select(func.count()).select_from(AuditEvent)).one()


def test_when_the_time_is_up_the_account_is_logged_out_and_comes_back_where_it_was(app, editor):
    page = page_of(editor, "/admin/providers")
    events = count_audit_events(app)

    response = time_out(editor, page)

    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/signed-out?reason=idle&next=/admin/providers"
    assert count_audit_events(app) == events  # only the cookie changed
    signed_out = page_of(editor, response.headers["Location"])
    assert signed_out.h1.get_text(strip=True) == "Du har loggats ut"
    assert signed_out.select_one("p.lead").get_text(strip=True) == (
        "Du hade inte gjort något på 30 minuter, så du loggades ut för säkerhets skull."
    )
    again = signed_out.select_one("main a.button")
    assert again.get_text(strip=True) == "Logga in igen"
    assert again["href"] == "/admin/login?next=/admin/providers"
    assert editor.get("/admin/providers").status_code == 302  # logged out


def test_the_page_after_keeps_the_admins_language_and_says_when_the_limit_ended_it(editor):
    editor.post("/admin/language", {"lang": "en", "next": "/admin/"})
    page = page_of(editor, "/admin/")
    fields = {"reason": "limit", "lang": "en", "next": "https://elsewhere.example/"}
    form = page.select_one("form[data-session-timed-out]")
    response = editor.client.post(form["action"], data=fields)
    assert response.headers["Location"] == "/admin/signed-out?reason=limit&next=/admin/"

    signed_out = page_of(editor, response.headers["Location"])

    assert signed_out.h1.get_text(strip=True) == "You have been logged out"
    assert signed_out.select_one("p.lead").get_text(strip=True) == (
        "You had been logged in for as long as a login may last, so you were logged out"
        " for security."
    )


def test_the_page_after_sends_a_logged_in_account_back(editor):
    response = editor.get("/admin/signed-out?next=/admin/providers")

    assert response.status_code == 302 and response.headers["Location"] == "/admin/providers"


def test_the_warning_and_the_page_after_are_valid_html(editor):
    documents = {"providers with the warning": editor.get("/admin/providers").data}
    time_out(editor, page_of(editor, "/admin/"))
    documents["signed out"] = editor.get("/admin/signed-out?reason=idle").data

    errors = htmlcheck.validate(documents)

    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors)

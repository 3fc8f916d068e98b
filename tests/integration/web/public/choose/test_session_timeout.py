"""Before the browser forgets the code: the time on every page, going on, and the page after.

WCAG 2.2.1: the pages that need the code say when it is forgotten (without
JavaScript too), the warning's "Continue" extends the session with a POST, and
when the time is up the code is forgotten and a page says what is kept.
"""

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from flask_babel import force_locale, gettext, ngettext

from tests import htmlcheck
from tests.conftest import parse_page
from tests.factories.choices import stored_invitation
from tests.integration.web.public.choose.conftest import main_text
from webapp.core.config import LANGUAGES

# 13:02 UTC on a winter day is 14:02 in Stockholm: thirty minutes on, the code is forgotten
# at 14:32.
ENTERED = datetime(2026, 11, 23, 13, 2, tzinfo=UTC)
FORGOTTEN_AT = "14:32"
NOTICE = "Om du inte gör något slutar sidan komma ihåg din kod kl. %(time)s."


@pytest.fixture
def entered(app, people, time_machine):
    """Return a function: a person who typed their code at ENTERED, in a language."""
    time_machine.move_to(ENTERED, tick=False)

    def enter(lang: str = "sv"):
        _id, code = stored_invitation(app)
        person = people(lang)
        assert person.enter(code).status_code == 303
        return person

    return enter


def extend_form(page) -> dict:
    """Return the fields of the warning's "Continue" form."""
    form = page.select_one("form[data-session-extend]")
    return {"action": form["action"], "csrf_token": form.find("input")["value"]}


def go_on(person, page):
    """Press "Continue" in the warning of a page, as its script does."""
    form = extend_form(page)
    return person.client.post(form["action"], data={"csrf_token": form["csrf_token"]})


def translated(app, lang: str, text: str, **values) -> str:
    """Return a public string in a language."""
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        return gettext(text, **values)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_that_needs_the_code_says_when_it_is_forgotten(app, entered, lang):
    person = entered(lang)
    expected = translated(app, lang, NOTICE, time=FORGOTTEN_AT)
    assert FORGOTTEN_AT in expected
    for path in ("providers", "confirm?provider=jarvalyftet", "switch", "notices"):
        page = person.page(path)
        note = page.select_one("header .session-note")
        assert note.get_text(strip=True) == expected, path
        warning = page.select_one("[data-session-timeout]")
        assert warning["data-seconds-left"] == "1800"
        assert warning["data-warning-seconds"] == str(app.config["SESSION_WARNING_SECONDS"])
        assert extend_form(page)["action"] == f"/{lang}/choose/extend"
        assert page.select_one("form[data-session-timed-out]")["action"] == (
            f"/{lang}/choose/timed-out"
        )
    person.choose("jarvalyftet")
    assert person.page("receipt").select_one(".session-note").get_text(strip=True) == expected


def test_the_warning_is_a_labelled_dialog_with_continue_and_end_now(entered):
    page = entered().page("providers")
    dialog = page.find("dialog")
    assert page.find(id=dialog["aria-labelledby"]).get_text(strip=True) == (
        "Sidan glömmer snart din kod"
    )
    described = page.find(id=dialog["aria-describedby"]).get_text(" ", strip=True)
    assert f"kl. {FORGOTTEN_AT}" in described
    assert "Ett val som du har bekräftat är sparat." in described
    buttons = {
        button.get_text(strip=True): button.find_parent("form")["action"]
        for button in dialog.find_all("button")
    }
    assert buttons == {"Fortsätt": "/sv/choose/extend", "Avsluta nu": "/sv/choose/leave"}
    # A page the time matters on loads the script that warns; the note needs none.
    assert page.select_one("script[src*='js/timeout.']")


def test_pages_that_do_not_need_the_code_say_nothing_of_it(entered):
    person = entered()
    for url in ("/sv/choose", "/sv/providers", "/sv/providers/jarvalyftet", "/sv/"):
        page = parse_page(person.client.get(url))
        assert page.select_one("[data-session-timeout]") is None, url


def test_continue_extends_the_session_past_its_first_end(app, entered, time_machine, monkeypatch):
    # Every request extends the session; here only "Continue" may, so it is what is tested.
    monkeypatch.setitem(app.config, "SESSION_REFRESH_EACH_REQUEST", False)
    person = entered()
    page = person.page("providers")
    time_machine.shift(timedelta(minutes=28))  # two minutes before the end: the warning

    response = go_on(person, page)

    assert response.status_code == 200
    answer = response.get_json()
    assert answer["open"] is True and answer["final"] is False
    assert answer["seconds_left"] == 1800
    assert answer["notice"] == NOTICE % {"time": "15:00"}
    assert answer["csrf_token"]
    time_machine.shift(timedelta(minutes=20))  # 48 minutes after the code: 18 past the first end
    assert person.page("providers").select_one(".session-note").get_text(strip=True) == (
        NOTICE % {"time": "15:20"}
    )


def test_without_continue_the_code_is_forgotten_and_the_code_form_says_why(entered, time_machine):
    person = entered()
    person.page("providers")
    time_machine.shift(timedelta(minutes=31))

    response = person.client.get(person.url("providers"))

    assert response.status_code == 302 and response.headers["Location"] == "/sv/choose"
    text = main_text(person.page(""))
    assert "Skriv koden från brevet för att se ditt val." in text
    assert (
        "Om du redan hade skrivit koden har webbläsaren glömt den, eftersom ingen hade använt"
        " sidan på 30 minuter. Ett val som du har bekräftat är sparat." in text
    )


def test_continue_without_the_csrf_token_is_refused(entered):
    person = entered()
    page = person.page("providers")

    response = person.client.post(extend_form(page)["action"])

    assert response.status_code == 400


def test_continue_when_no_code_is_open_is_refused_in_words(app, people):
    person = people("en")
    token = BeautifulSoup(person.client.get("/en/choose").data, "html5lib").find(
        "input", attrs={"name": "csrf_token"}
    )["value"]

    response = person.client.post("/en/choose/extend", data={"csrf_token": token})

    assert response.status_code == 403
    assert response.get_json() == {
        "open": False,
        "message": "You are logged out. The browser no longer remembers your code.",
    }


def test_when_the_time_is_up_the_code_is_forgotten_and_a_choice_is_kept(app, entered):
    person = entered()
    person.choose("jarvalyftet")
    page = person.page("receipt")
    timed_out = page.select_one("form[data-session-timed-out]")["action"]

    response = person.client.post(timed_out)

    assert response.status_code == 303 and response.headers["Location"] == "/sv/choose/ended"
    ended = person.page("ended")
    assert ended.h1.get_text(strip=True) == "Du har loggats ut"
    text = main_text(ended)
    assert "Du hade inte gjort något på sidan på 30 minuter." in text
    assert "Ett val som du har bekräftat är sparat." in text
    assert ended.select_one("main a.button")["href"] == "/sv/choose"
    assert ended.select_one("[data-session-timeout]") is None
    assert person.client.get(person.url("receipt")).status_code == 302  # forgotten
    response = person.client.get(person.url("ended"))
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]


def test_the_choice_is_there_when_the_code_is_typed_again(app, entered, people):
    _id, code = stored_invitation(app)
    person = people()
    person.enter(code)
    person.choose("jarvalyftet")
    person.client.post(person.url("timed-out"))

    assert person.enter(code).status_code == 303

    assert "Järvalyftet AB" in main_text(person.page("receipt"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_after_the_time_is_up_reads_in_every_language(app, people, lang):
    person = people(lang)
    page = person.page("ended")
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        heading = gettext("Du har loggats ut")
        lead = ngettext(
            "Du hade inte gjort något på sidan på %(num)s minut. Därför kommer webbläsaren inte"
            " längre ihåg din kod. Det är för din säkerhet.",
            "Du hade inte gjort något på sidan på %(num)s minuter. Därför kommer webbläsaren inte"
            " längre ihåg din kod. Det är för din säkerhet.",
            30,
        )
    assert page.h1.get_text(strip=True) == heading
    assert page.select_one("p.lead").get_text(strip=True) == lead


def test_the_page_after_sends_a_browser_holding_a_code_back_to_its_choice(entered):
    person = entered()

    response = person.client.get(person.url("ended"))

    assert response.status_code == 302
    assert response.headers["Location"] == "/sv/choose/providers"


def test_the_warning_and_the_page_after_are_valid_html(entered):
    person = entered("ar")
    documents = {"providers with the warning": person.client.get(person.url("providers")).data}
    person.client.post(person.url("timed-out"))
    documents["ended"] = person.client.get(person.url("ended")).data

    errors = htmlcheck.validate(documents)

    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors)

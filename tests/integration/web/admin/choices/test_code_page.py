"""The invitation's code from the caseworker's side: wrong entries seen, unlocked, a new code."""

import pytest

from tests.conftest import parse_page
from tests.factories.choices import stored_invitation
from tests.integration.web.admin.choices.conftest import NOW, audit_events, load
from tests.integration.web.public.choose.conftest import ChoiceClient
from webapp.choices.models import ChoiceInvitation


def codes_shown(page) -> str:
    return "-".join(span.get_text() for span in page.select("#choice-code .code-group"))


def attempts_text(page) -> str:
    return " ".join(page.find(id="code-attempts").get_text().split())


@pytest.fixture
def client_of(app, monkeypatch):
    """Return a function that gives a person typing codes on the public site."""
    monkeypatch.setitem(app.config, "CHOICE_RATE_LIMIT_IP", "1000 per minute")
    monkeypatch.setitem(app.config, "CHOICE_RATE_LIMIT_CODE", "1000 per minute")
    return lambda: ChoiceClient(app.test_client())


def test_the_page_shows_wrong_entries_truthfully_and_unlocks(app, caseworker, client_of):
    invitation_id, code = stored_invitation(app)
    person = client_of()
    for _ in range(3):
        assert person.enter(code).status_code == 303  # right entries: never counted
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    for _ in range(10):
        person.enter(wrong)
    page = parse_page(caseworker.get(f"/admin/choices/{invitation_id}"))
    # Locked for an hour from 10:00 UTC, shown on Stockholm's clock (UTC+1 in November).
    assert NOW.hour == 10
    assert attempts_text(page) == "10 – koden är låst till 2026-11-22 12:00"
    response = caseworker.post(f"/admin/choices/{invitation_id}/unlock")
    assert response.status_code == 302
    page = parse_page(caseworker.get(response.headers["Location"]))
    assert "Koden är upplåst" in page.select_one("p.success").get_text()
    assert attempts_text(page) == "0"
    assert client_of().enter(code).status_code == 303
    [event] = audit_events(app, "choice.code_unlock")
    assert event.entity_id == invitation_id and event.actor_email == "caseworker@kommun.example"


def test_a_new_code_is_shown_once_and_the_old_one_stops(app, caseworker, client_of):
    invitation_id, old = stored_invitation(app, letter_lang="ar")
    page = parse_page(caseworker.get(f"/admin/choices/{invitation_id}"))
    form = page.find(id="new-code")
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input")}
    response = caseworker.post(form["action"], {"submission": fields["submission"]})
    assert response.status_code == 200
    shown = parse_page(response)
    assert shown.h1.get_text() == "Ny kod är skapad"
    new = codes_shown(shown)
    assert new and new != old
    letter = shown.find(id="choice-letter")
    assert (letter["lang"], letter["dir"]) == ("ar", "rtl")
    assert client_of().enter(old).status_code == 200  # refused
    assert client_of().enter(new).status_code == 303
    [event] = audit_events(app, "choice.code_reissue")
    assert event.entity_id == invitation_id
    # The result page sent again (a reload) makes no second code and shows none.
    again = caseworker.post(form["action"], {"submission": fields["submission"]})
    assert again.status_code == 302
    assert parse_page(caseworker.get(again.headers["Location"])).find(id="choice-code") is None
    assert len(audit_events(app, "choice.code_reissue")) == 1
    assert client_of().enter(new).status_code == 303


def test_a_cancelled_invitation_offers_no_code_actions_and_refuses_them(app, caseworker):
    invitation_id, _code = stored_invitation(app)
    caseworker.post(f"/admin/choices/{invitation_id}/cancel")
    page = parse_page(caseworker.get(f"/admin/choices/{invitation_id}"))
    assert page.find(id="new-code") is None and page.find(id="code-unlock") is None
    hash_before = load(app, ChoiceInvitation, invitation_id).code_hash
    for action in ("new-code", "unlock"):
        response = caseworker.post(f"/admin/choices/{invitation_id}/{action}", {"submission": "x"})
        assert response.status_code == 302
        flashed = parse_page(caseworker.get(response.headers["Location"])).select_one("p.alert")
        assert flashed.get_text() == "En makulerad inbjudan har ingen kod."
    assert load(app, ChoiceInvitation, invitation_id).code_hash == hash_before
    assert audit_events(app, "choice.code_reissue") == []


def test_code_actions_without_a_valid_form_change_nothing(app, caseworker):
    invitation_id, _code = stored_invitation(app, code_attempts=4)
    response = caseworker.client.post(f"/admin/choices/{invitation_id}/unlock", data={})
    assert response.status_code == 400  # no CSRF token: refused before the view
    response = caseworker.post(f"/admin/choices/{invitation_id}/new-code", {})
    assert response.status_code == 302
    flashed = parse_page(caseworker.get(response.headers["Location"])).select_one("p.alert")
    assert flashed.get_text() == "Formuläret kunde inte skickas. Försök igen."
    assert load(app, ChoiceInvitation, invitation_id).code_attempts == 4

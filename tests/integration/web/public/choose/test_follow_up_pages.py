"""The client's page after the choice: switch decisions, a provider gone, e-mail notices."""

from datetime import date

from sqlmodel import select

from tests.conftest import parse_page
from tests.factories.choices import stored_invitation
from tests.integration.web.public.choose.conftest import (
    main_text,
    send_switch,
    switch_requests,
)
from tests.integration.web.public.choose.conftest import (
    provider_id as provider_id_of,
)
from webapp.choices.models import NoticeAddress
from webapp.core.db import get_session


def decide(staff_client, request_id: int, decision: str, reason: str = ""):
    caseworker = staff_client("caseworker")
    return caseworker.post(
        f"/admin/switches/{request_id}", {"decision": decision, "decision_reason": reason}
    )


def notice_addresses(app) -> list[NoticeAddress]:
    with app.app_context():
        return list(get_session().exec(select(NoticeAddress)))


# --- Switch requests ---------------------------------------------------------------------


def test_a_switch_request_e_mails_the_caseworker_once_the_request_is_done(
    app, fixed_choice, mail_server
):
    app.config["CHOICE_TEAM_EMAIL"] = "kundval-team@kommun.example"
    person, invitation_id = fixed_choice
    response = send_switch(person, provider="jobbtorget", reason="Jag har flyttat.")
    assert response.status_code == 303
    assert mail_server.received == []  # nothing goes out before the response is done
    response.close()  # as a WSGI server does once the response is sent
    [mail] = mail_server.wait_for(1)
    assert mail.recipients == ["kundval-team@kommun.example"]
    assert f"/admin/choices/{invitation_id}" in mail.text
    assert "flyttat" not in mail.text


def test_the_same_switch_request_sent_twice_is_stored_once(app, fixed_choice):
    person, invitation_id = fixed_choice
    form = {"provider": "jobbtorget", "reason": "Flyttat."}
    assert send_switch(person, **form).status_code == 303
    again = send_switch(person, **form)
    assert again.status_code == 303
    assert len(switch_requests(app, invitation_id)) == 1


def test_a_garbled_switch_form_gets_a_message_in_the_clients_language(app, people, fixed_choice):
    person, invitation_id = fixed_choice
    person.lang = "so"
    response = send_switch(person, provider="<script>", reason="x" * 600)
    assert response.status_code == 422
    page = parse_page(response)
    assert page.find("html")["lang"] == "so"
    assert page.select_one(".error-summary")
    assert switch_requests(app, invitation_id) == []


def test_the_refusal_and_how_to_ask_for_a_review_reach_the_client(app, fixed_choice, staff_client):
    person, invitation_id = fixed_choice
    send_switch(person, provider="jobbtorget", reason="Flyttat.")
    [request] = switch_requests(app, invitation_id)
    response = decide(staff_client, request.id, "reject", "Du har nyss börjat. Vänta tre månader.")
    assert response.status_code == 302
    page = person.page("providers")
    section = page.find(id="switch-decision")
    text = " ".join(section.get_text(" ").split())
    assert "avslagen" in text
    assert "Du har nyss börjat. Vänta tre månader." in text
    # Decided on 2 December: a review may be asked for until 23 December.
    assert "23 december 2026" in text
    assert section.select_one(".decision-reason")["dir"] == "auto"


def test_the_reason_is_shown_in_the_clients_language_page(app, people, fixed_choice, staff_client):
    person, invitation_id = fixed_choice
    send_switch(person, provider="jobbtorget", reason="Flyttat.")
    [request] = switch_requests(app, invitation_id)
    decide(staff_client, request.id, "reject", "Skälet från handläggaren.")
    person.lang = "ar"
    page = person.page("providers")
    assert page.find("html")["dir"] == "rtl"
    assert "Skälet från handläggaren." in main_text(page)


def test_no_one_else_sees_the_decision(app, people, fixed_choice, staff_client, client):
    person, invitation_id = fixed_choice
    send_switch(person, provider="jobbtorget", reason="Flyttat.")
    [request] = switch_requests(app, invitation_id)
    decide(staff_client, request.id, "reject", "Hemligt skäl 4711.")
    _id, code = stored_invitation(app, deadline=date(2026, 12, 20))
    stranger = people()
    stranger.enter(code)
    for path in ("providers", "receipt", "switch"):
        assert "4711" not in stranger.client.get(stranger.url(path)).get_data(as_text=True)
    for url in ("/sv/providers/jobbtorget", "/sv/providers", "/api/v1/providers/jobbtorget"):
        assert "4711" not in client.get(url).get_data(as_text=True)
    # Logged out, the page asks for the code again.
    person.client.post(person.url("leave"))
    assert person.client.get(person.url("providers")).status_code == 302


# --- E-mail notices ----------------------------------------------------------------------


def notices_form(person) -> dict:
    page = person.page("receipt")
    form = page.find("form", action=person.url("notices"))
    return {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}


def test_the_receipt_offers_notices_unticked_and_explained(app, chosen, mail_server):
    person, _id, _code = chosen
    person.choose("jarvalyftet")
    page = person.page("receipt")
    section = page.find(id="notices")
    consent = section.find("input", attrs={"name": "consent"})
    assert consent["type"] == "checkbox" and not consent.has_attr("checked")
    assert "raderar adressen" in section.get_text()
    assert section.find("a", href="/sv/privacy")


def test_without_consent_nothing_is_stored_and_the_address_is_kept_in_the_form(
    app, chosen, mail_server
):
    person, _id, _code = chosen
    person.choose("jarvalyftet")
    data = {**notices_form(person), "email": "klient@example.org"}
    data.pop("consent", None)
    response = person.client.post(person.url("notices"), data=data)
    assert response.status_code == 422
    page = parse_page(response)
    assert "Kryssa i rutan" in page.find(id="consent-error").get_text()
    assert page.find("input", attrs={"name": "email"})["value"] == "klient@example.org"
    assert notice_addresses(app) == []


def test_a_garbled_address_is_refused_in_the_clients_language(app, people, mail_server):
    _id, code = stored_invitation(app)
    person = people("ti")
    person.enter(code)
    person.choose("jarvalyftet")
    data = {**notices_form(person), "email": "klient@@exempel", "consent": "y"}
    response = person.client.post(person.url("notices"), data=data)
    assert response.status_code == 422
    page = parse_page(response)
    assert page.find("html")["lang"] == "ti"
    assert page.find(id="email-error")
    assert notice_addresses(app) == []


def test_an_address_is_kept_with_consent_once_and_erased_on_request(app, chosen, mail_server):
    person, invitation_id, _code = chosen
    person.choose("jarvalyftet")
    data = {**notices_form(person), "email": "klient@example.org", "consent": "y"}
    assert person.client.post(person.url("notices"), data=data).status_code == 303
    assert person.client.post(person.url("notices"), data=data).status_code == 303
    [address] = notice_addresses(app)
    assert (address.invitation_id, address.email, address.lang) == (
        invitation_id,
        "klient@example.org",
        "sv",
    )
    page = person.page("receipt")
    assert "klient@example.org" in page.find(id="notices").get_text()
    erase = page.find("form", action=person.url("notices/erase"))
    token = erase.find("input", attrs={"name": "csrf_token"})["value"]
    response = person.client.post(person.url("notices/erase"), data={"csrf_token": token})
    assert response.status_code == 303
    assert notice_addresses(app) == []
    assert "raderad" in main_text(person.page("receipt"))


def test_notices_are_not_offered_while_e_mail_is_off(app, chosen):
    person, _id, _code = chosen
    person.choose("jarvalyftet")
    section = person.page("receipt").find(id="notices")
    assert section.find("form") is None
    assert "inga meddelanden med e-post" in section.get_text()
    response = person.client.post(
        person.url("notices"),
        data={"csrf_token": person.csrf_token(), "email": "a@b.se", "consent": "y"},
    )
    assert response.status_code == 422
    assert notice_addresses(app) == []


# --- The privacy text --------------------------------------------------------------------


def test_the_privacy_page_says_what_is_stored_in_every_language(app, client):
    for lang in app.config["LANGUAGES"]:
        page = parse_page(client.get(f"/{lang}/privacy"))
        assert page.find(id="notices")
        assert page.find("footer").find("a", href=f"/{lang}/privacy")


def test_a_provider_gone_is_explained_on_the_clients_page(app, fixed_choice, staff_client):
    person, invitation_id = fixed_choice
    editor = staff_client("editor")
    with app.app_context():
        jarvalyftet = provider_id_of("jarvalyftet")
    page = parse_page(editor.get(f"/admin/providers/{jarvalyftet}/deauthorize"))
    assert page.find(id="affected").find("a", href=f"/admin/choices/{invitation_id}")
    form = page.find("form", action=f"/admin/providers/{jarvalyftet}/deauthorize")
    services = [box["value"] for box in form.select("input[name=services]")]
    response = editor.post(
        f"/admin/providers/{jarvalyftet}/deauthorize",
        {
            "services": services,
            "reason": "provider_request",
            "effective_date": "2026-12-10",
            "decision_date": "2026-12-01",
            "decision_reference": "AMN 2026/0200",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    page = person.page("providers")
    gone = " ".join(page.find(id="provider-gone").get_text(" ").split())
    assert "Järvalyftet AB får inte ge insatsen från och med 10 december 2026." in gone
    assert "Välj senast 24 december 2026." in gone
    assert "Jobbtorget" in gone
    # The client may choose again at once, from the list on the same page.
    assert page.select("form.choose-form button[name=provider]")

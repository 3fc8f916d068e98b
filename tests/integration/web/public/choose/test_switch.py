"""Asking to switch provider, leaving, and the choice pages themselves."""

import pytest

from tests import htmlcheck
from tests.conftest import parse_page
from tests.factories.choices import stored_invitation
from tests.integration.web.public.choose.conftest import (
    DEAUTHORIZED,
    main_text,
    provider_id,
    send_switch,
    switch_requests,
)

# --- Switch requests ------------------------------------------------------------------------


def test_switch_request_is_sent_to_the_caseworker(app, fixed_choice):
    person, invitation_id = fixed_choice
    page = person.page("switch")
    options = [o["value"] for o in page.select("select[name=provider] option")]
    assert options[0] == "" and "jobbtorget" in options
    assert "jarvalyftet" not in options and DEAUTHORIZED not in options
    reason = page.find("textarea", attrs={"name": "reason"})
    assert reason["maxlength"] == "500"
    assert "Högst 500 tecken" in page.find(id=reason["aria-describedby"].split()[0]).get_text()

    response = send_switch(person, provider="jobbtorget", reason="  Jag har flyttat.  ")
    assert response.status_code == 303
    assert response.headers["Location"] == "/sv/choose/providers"
    [request] = switch_requests(app, invitation_id)
    assert request.status == "pending" and request.reason == "Jag har flyttat."
    with app.app_context():
        assert request.provider_id == provider_id("jobbtorget")
    text = main_text(person.page("providers"))
    assert "Du har bett om att få byta till Jobbtorget" in text
    assert "Din begäran om byte är skickad till din handläggare." in text


def test_second_pending_switch_request_is_refused(app, fixed_choice):
    person, invitation_id = fixed_choice
    send_switch(person, provider="jobbtorget", reason="Flyttat.")
    response = send_switch(person, provider="arbetslust-stockholm", reason="Ändrat mig.")
    assert response.status_code == 409
    assert "Du har redan en begäran om byte som väntar på beslut." in main_text(
        parse_page(response)
    )
    assert len(switch_requests(app, invitation_id)) == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"provider": "", "reason": "Flyttat."}, "provider", "Välj vilken anordnare du vill"),
        ({"provider": "jobbtorget", "reason": "  "}, "reason", "Skriv varför du vill byta"),
        ({"provider": "jobbtorget", "reason": "x" * 501}, "reason", "Skriv högst 500 tecken."),
        ({"provider": DEAUTHORIZED, "reason": "Flyttat."}, "provider", "Välj en anordnare i"),
        ({"provider": "jarvalyftet", "reason": "Flyttat."}, "provider", "Välj en anordnare i"),
    ],
)
def test_switch_form_errors_are_shown_next_to_the_field(app, fixed_choice, fields, field, message):
    person, invitation_id = fixed_choice
    response = send_switch(person, **fields)
    assert response.status_code == 422
    page = parse_page(response)
    assert message in page.find(id=f"{field}-error").get_text()
    assert page.select_one(".error-summary")
    if fields["reason"].strip():
        assert page.find("textarea", attrs={"name": "reason"}).get_text() == fields["reason"]
    assert switch_requests(app, invitation_id) == []


def test_switch_is_not_offered_while_the_client_can_still_change(app, chosen):
    person, invitation_id, _code = chosen
    person.choose("jarvalyftet")
    page = person.page("switch")
    assert "Du kan fortfarande ändra ditt val själv." in main_text(page)
    assert not page.select("form textarea")
    send_switch(person, provider="jobbtorget", reason="Flyttat.")
    assert switch_requests(app, invitation_id) == []


# --- Leaving -----------------------------------------------------------------------------------


def test_leaving_forgets_the_code_in_this_browser(chosen):
    person, _id, _code = chosen
    response = person.client.post(person.url("leave"))  # works without a form token
    assert response.status_code == 303
    assert response.headers["Location"] == "/sv/choose"
    assert "Du är utloggad." in main_text(person.page(""))
    assert person.client.get(person.url("providers")).status_code == 302
    with person.client.session_transaction() as session:
        assert "choice_invitation" not in session


# --- The pages themselves ------------------------------------------------------------------------


def test_choice_pages_load_nothing_from_other_hosts(chosen):
    person, _id, _code = chosen
    person.choose("jarvalyftet")
    for path in ["", "providers", "confirm?provider=jobbtorget", "receipt", "switch"]:
        page = person.page(path)
        for tag, attribute in (
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("form", "action"),
        ):
            for element in page.find_all(tag):
                if tag == "link" and element.get("rel") == ["alternate"]:
                    continue
                value = element.get(attribute, "")
                assert not value.startswith(("http:", "https:", "//")), (path, value)


@pytest.mark.parametrize("lang", ["sv", "ar"])
def test_choice_pages_are_valid_html(app, people, lang):
    _id, code = stored_invitation(app)
    person = people(lang)
    documents = {}
    documents["code form with an error"] = person.enter("ABCD-EFGH").data
    person.enter(code)
    for path in ["providers", "confirm?provider=jobbtorget", "confirm?provider=oppna-vagar"]:
        documents[path] = person.client.get(person.url(path)).data
    person.choose("jobbtorget")
    for path in ["receipt", "switch", ""]:
        documents[path or "code form"] = person.client.get(person.url(path)).data
    errors = htmlcheck.validate(documents)
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors)


def test_closed_choice_and_switch_pages_are_valid_html(fixed_choice):
    person, _id = fixed_choice
    documents = {
        "providers, closed": person.client.get(person.url("providers")).data,
        "switch form": person.client.get(person.url("switch")).data,
        "switch form with errors": send_switch(person, provider="", reason="").data,
    }
    send_switch(person, provider="jobbtorget", reason="Flyttat.")
    documents["providers, switch pending"] = person.client.get(person.url("providers")).data
    errors = htmlcheck.validate(documents)
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors)

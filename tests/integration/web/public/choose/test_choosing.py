"""Choosing with the code: the providers, confirming, the receipt, the deadline and the default."""

import re
from datetime import date, datetime, timedelta

import pytest

from tests import htmlcheck
from tests.conftest import parse_page
from tests.factories.choices import stored_invitation
from tests.integration.web.public.choose.conftest import (
    AUTHORIZED,
    CHOOSE_PAGES,
    DEAUTHORIZED,
    NOT_FOR_THE_SERVICE,
    audit_events_of,
    choices_of,
    end_authorizations_of,
    main_text,
    provider_id,
    send_switch,
    switch_requests,
)
from webapp.choices.actions import cancel
from webapp.choices.jobs import apply_choice_defaults
from webapp.choices.models import ChoiceInvitation
from webapp.core import clock
from webapp.core.db import get_session

# --- Pages that need the code ---------------------------------------------------------


@pytest.mark.parametrize("path", CHOOSE_PAGES)
def test_choice_pages_without_a_code_send_to_the_code_form(people, path):
    person = people()
    response = person.client.get(person.url(path))
    assert response.status_code == 302
    assert response.headers["Location"] == "/sv/choose"
    page = parse_page(person.client.get("/sv/choose"))
    assert "Skriv koden från brevet för att se ditt val." in main_text(page)


def test_choice_pages_are_private_and_not_indexed(chosen):
    person, _id, _code = chosen
    for path in ["", *CHOOSE_PAGES]:
        response = person.client.get(person.url(path))
        assert response.headers["Cache-Control"] == "no-store", path
        assert "noindex" in response.headers["X-Robots-Tag"], path
    assert "X-Robots-Tag" not in person.client.get("/sv/providers").headers


def test_providers_page_shows_the_service_deadline_and_only_authorized_providers(chosen):
    person, _id, _code = chosen
    page = person.page("providers")
    text = main_text(page)
    assert "Matchning mot arbete – grund" in text
    deadline = clock.today() + timedelta(days=14)
    assert f"{deadline.day} " in page.select_one(".choose-facts").get_text()
    offered = {button["value"] for button in page.select("form.choose-form button")}
    assert offered >= AUTHORIZED
    assert NOT_FOR_THE_SERVICE not in offered and DEAUTHORIZED not in offered
    form = page.select_one("form.choose-form")
    assert form["method"] == "get" and form["action"] == "/sv/choose/confirm"
    assert page.select_one("button[value=jarvalyftet]").get_text() == "Välj Järvalyftet AB"
    # The comparison tools of the public list, for this service.
    compare = page.find("form", id="compare-form")
    assert compare["action"] == "/sv/compare"
    assert compare.find("input", attrs={"name": "service"})["value"] == "MATCH-1"
    assert len(page.select("input[name=p][form=compare-form]")) == len(offered)
    assert page.select(".provider-card .result")
    assert page.select_one("form.choose-leave")["action"] == "/sv/choose/leave"


def test_providers_can_be_sorted_by_result(chosen):
    person, _id, _code = chosen
    by_name = [b["value"] for b in person.page("providers").select("form.choose-form button")]
    by_result = [
        b["value"] for b in person.page("providers?sort=result").select("form.choose-form button")
    ]
    assert sorted(by_name) == sorted(by_result)
    assert by_name != by_result


def test_the_code_is_kept_across_languages(chosen):
    person, _id, _code = chosen
    person.lang = "ar"
    page = person.page("providers")
    assert page.html["lang"] == "ar" and page.html["dir"] == "rtl"
    switcher = page.select_one("nav.language-nav a[hreflang=so]")["href"]
    assert switcher == "/so/choose/providers"
    person.lang = "so"
    assert person.page("providers").html["lang"] == "so"


# --- Choosing ---------------------------------------------------------------------------


def test_full_flow_from_code_to_receipt(app, chosen):
    person, invitation_id, _code = chosen
    confirm = person.page("confirm?provider=jarvalyftet")
    text = main_text(confirm)
    assert "Järvalyftet AB" in text and "Matchning mot arbete – grund" in text
    assert "Du kan ändra ditt val fram till och med" in text
    assert confirm.select_one("main .result")
    form = confirm.select_one("form.choose-confirm")
    assert form["action"] == "/sv/choose/confirm"
    assert form.find("input", attrs={"name": "provider"})["value"] == "jarvalyftet"
    assert len(form.find("input", attrs={"name": "token"})["value"]) >= 20

    response = person.choose("jarvalyftet")
    assert response.status_code == 303
    assert response.headers["Location"] == "/sv/choose/receipt"

    [choice] = choices_of(app, invitation_id)
    assert choice.kind == "client" and choice.is_current and choice.confirm_token
    with app.app_context():
        assert choice.provider_id == provider_id("jarvalyftet")
    receipt = person.page("receipt")
    reference = receipt.find(id="reference").get_text(strip=True)
    assert re.fullmatch(rf"V{choice.chosen_at:%Y}-{choice.id:06d}", reference)
    text = main_text(receipt)
    assert "Järvalyftet AB" in text and "kontakt@jarvalyftet.example" in text
    assert "Din handläggare ser det direkt" in text
    assert receipt.select_one("button.js-print")
    assert "bistånd" not in text and "försörjningsstöd" not in text


def test_client_may_change_the_choice_before_the_deadline(app, chosen):
    person, invitation_id, _code = chosen
    person.choose("jarvalyftet")
    page = person.page("providers")
    assert "Du har valt Järvalyftet AB." in main_text(page)
    assert not page.select("button[value=jarvalyftet]")  # the current one is marked instead
    assert "Du har valt Järvalyftet AB tidigare" in main_text(
        person.page("confirm?provider=jobbtorget")
    )
    assert person.choose("jobbtorget").status_code == 303
    old, new = choices_of(app, invitation_id)
    assert not old.is_current and new.is_current
    with app.app_context():
        assert (old.provider_id, new.provider_id) == (
            provider_id("jarvalyftet"),
            provider_id("jobbtorget"),
        )
    assert "Jobbtorget" in person.page("receipt").select_one(".receipt").get_text()


def test_double_click_records_one_choice_and_gives_the_same_receipt(app, chosen):
    person, invitation_id, _code = chosen
    fields = person.confirm_form("jarvalyftet")
    first = person.client.post(person.url("confirm"), data=fields)
    second = person.client.post(person.url("confirm"), data=fields)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"] == "/sv/choose/receipt"
    assert len(choices_of(app, invitation_id)) == 1


@pytest.mark.parametrize("slug", [NOT_FOR_THE_SERVICE, DEAUTHORIZED, "no-such-provider", ""])
def test_provider_not_authorized_for_the_service_today_cannot_be_chosen(app, chosen, slug):
    person, invitation_id, _code = chosen
    message = "Den här anordnaren kan inte väljas för din insats i dag."
    assert message in main_text(person.page(f"confirm?provider={slug}", status=422))
    fields = person.confirm_form("jarvalyftet")
    response = person.client.post(person.url("confirm"), data={**fields, "provider": slug})
    assert response.status_code == 422
    assert message in main_text(parse_page(response))
    assert choices_of(app, invitation_id) == []


def test_provider_deauthorized_after_the_list_was_shown_cannot_be_chosen(app, rollback, chosen):
    person, invitation_id, _code = chosen
    fields = person.confirm_form("jarvalyftet")
    end_authorizations_of(app, "jarvalyftet", clock.today())
    response = person.client.post(person.url("confirm"), data=fields)
    assert response.status_code == 422
    assert choices_of(app, invitation_id) == []


def test_choice_is_fixed_after_the_deadline(app, people, time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 10, 0), tick=False)
    invitation_id, code = stored_invitation(app, deadline=date(2026, 11, 30))
    person = people()
    person.enter(code)
    person.choose("jarvalyftet")
    fields = person.confirm_form("jobbtorget")

    time_machine.move_to(datetime(2026, 12, 1, 10, 0), tick=False)
    assert person.enter(code).status_code == 303  # the session ran out; the code still works
    page = person.page("providers")
    text = main_text(page)
    assert "Din anordnare är Järvalyftet AB. Tiden för att ändra valet har gått ut." in text
    assert not page.select("form.choose-form")
    assert page.select_one("a[href='/sv/choose/switch']")
    redirected = person.client.get(person.url("confirm?provider=jobbtorget"))
    assert redirected.headers["Location"] == "/sv/choose/providers"
    fields["csrf_token"] = person.csrf_token()
    refused = person.client.post(person.url("confirm"), data=fields)
    assert refused.status_code == 303
    [choice] = choices_of(app, invitation_id)
    assert choice.is_current
    assert "Valet kan inte ändras längre." in main_text(person.page("receipt"))


def test_after_the_deadline_the_clients_pages_show_the_default_and_change_nothing(
    app, people, time_machine
):
    time_machine.move_to(datetime(2026, 11, 23, 10, 0), tick=False)
    invitation_id, code = stored_invitation(app, deadline=date(2026, 11, 30))
    person = people()
    person.enter(code)
    assert "Om du inte väljer i tid får du kommunens egen anordnare." in main_text(
        person.page("providers")
    )

    # No daily job has run: the pages show the default, and reading them records nothing.
    time_machine.move_to(datetime(2026, 12, 1, 10, 0), tick=False)
    person.enter(code)
    page = person.page("providers")
    assert "Därför har du fått kommunens egen anordnare: Jobbtorget." in main_text(page)
    assert not page.select("form.choose-form")
    receipt = person.page("receipt")
    errors = htmlcheck.validate(
        {"receipt, default not recorded": person.client.get(person.url("receipt")).data}
    )
    assert not errors, "\n".join(errors)
    assert "kommunens egen anordnare" in main_text(receipt)
    assert receipt.find(id="reference") is None
    assert "Du får ett referensnummer när kommunen har registrerat" in main_text(receipt)
    person.page("switch")
    assert choices_of(app, invitation_id) == []
    assert audit_events_of(app, invitation_id) == []

    # The daily job records it, with its audit event; the receipt then has a reference.
    with app.app_context():
        apply_choice_defaults(get_session(), today=clock.today())
    [choice] = choices_of(app, invitation_id)
    assert choice.kind == "default" and choice.is_current
    assert audit_events_of(app, invitation_id) == ["choice.default"]
    assert person.page("receipt").find(id="reference")


def test_a_switch_asked_for_from_the_default_records_the_default_first(app, people, time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 10, 0), tick=False)
    invitation_id, code = stored_invitation(app, deadline=date(2026, 11, 30))
    time_machine.move_to(datetime(2026, 12, 1, 10, 0), tick=False)
    person = people()
    person.enter(code)
    response = send_switch(person, provider="jarvalyftet", reason="Närmare hemmet.")
    assert response.status_code == 303
    [choice] = choices_of(app, invitation_id)
    assert choice.kind == "default"
    assert audit_events_of(app, invitation_id) == ["choice.default"]
    [request] = switch_requests(app, invitation_id)
    assert request.status == "pending"


def test_cancelled_while_open_says_so_and_offers_nothing(app, chosen):
    person, invitation_id, _code = chosen
    with app.app_context():
        session = get_session()
        cancel(session, session.get(ChoiceInvitation, invitation_id), today=clock.today())
        session.commit()
    page = person.page("providers")
    assert "Du kan inte välja anordnare med den här koden." in main_text(page)
    assert not page.select("form.choose-form")
    assert person.client.get(person.url("confirm?provider=jobbtorget")).status_code == 303


def test_deauthorized_choice_can_be_made_again_after_the_deadline(app, people, time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 10, 0), tick=False)
    invitation_id, code = stored_invitation(app, deadline=date(2026, 11, 30))
    person = people()
    person.enter(code)
    person.choose("jarvalyftet")
    end_authorizations_of(app, "jarvalyftet", date(2026, 12, 5))
    time_machine.move_to(datetime(2026, 12, 10, 10, 0), tick=False)
    person.enter(code)
    page = person.page("providers")
    assert "Järvalyftet AB får inte längre ge din insats. Välj en ny anordnare." in main_text(page)
    assert person.choose("jobbtorget").status_code == 303
    assert choices_of(app, invitation_id)[-1].is_current

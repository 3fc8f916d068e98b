"""From comparing to choosing: the code flow's list with the public filters, and "choose this
provider" on profiles and the compare page for a browser that holds an open choice."""

from datetime import date, datetime

from tests import htmlcheck
from tests.conftest import parse_page
from tests.factories.choices import stored_invitation
from tests.integration.web.public.choose.conftest import (
    AUTHORIZED,
    DEAUTHORIZED,
    NOT_FOR_THE_SERVICE,
    choices_of,
    main_text,
)

COMPARE = "/sv/compare?service=MATCH-1&p=jobbtorget&p=jarvalyftet&p=oppna-vagar"


def offered(page) -> dict[str, str]:
    """Return the providers offered for choosing on a public page: slug -> button text."""
    return {b["value"]: b.get_text() for b in page.select(".choose-offer form.choose-form button")}


# --- The list inside the code flow --------------------------------------------------------


def test_the_list_offers_the_public_filters_and_keeps_to_the_invitations_service(chosen):
    person, _id, _code = chosen
    page = person.page("providers")
    form = page.find("form", id="choose-filters")
    assert (form["method"], form["action"]) == ("get", "/sv/choose/providers")
    names = {field["name"] for field in form.select("input[name], select[name]")}
    assert names == {"q", "language", "district", "group", "feature", "sort"}
    assert page.select(".provider-list > li > article.provider-card")  # the shared card
    # Folded until used, so on a phone the providers come first; open once filtered.
    assert not page.select_one("details.choose-filters").has_attr("open")
    assert person.page("providers?sort=result").select_one("details.choose-filters")["open"] == ""
    # Narrowed by name; the service stays the invitation's whatever the address says.
    narrowed = person.page("providers?q=Järva&service=PREP-1")
    assert [b["value"] for b in narrowed.select("form.choose-form button")] == ["jarvalyftet"]
    assert "Matchning mot arbete – grund" in main_text(narrowed)


def test_the_list_narrowed_by_a_staff_language_offers_only_those_providers(chosen):
    person, _id, _code = chosen
    page = person.page("providers")
    everyone = {b["value"] for b in page.select("form.choose-form button")}
    languages = {o["value"]: o.get_text() for o in page.select("#choose-language option")}
    languages.pop("")
    sizes = []
    for code, name in languages.items():
        narrowed = person.page(f"providers?language={code}")
        assert narrowed.select_one("#choose-language option[selected]")["value"] == code
        cards = narrowed.select(".provider-card")
        for card in cards:
            spoken = card.find("dt", string="Personalen talar").find_next("dd").get_text()
            assert name in spoken, (code, card.h3.get_text())
        offered_here = {b["value"] for b in narrowed.select("form.choose-form button")}
        assert offered_here <= everyone
        sizes.append(len(cards))
    assert min(sizes) < len(everyone)  # some language narrows the list


def test_an_unknown_filter_value_is_dropped_with_a_notice(chosen):
    person, _id, _code = chosen
    page = person.page("providers?district=Atlantis")
    assert "Vi känner inte igen det området." in main_text(page)
    assert {b["value"] for b in page.select("form.choose-form button")} >= AUTHORIZED


# --- Profiles and the compare page --------------------------------------------------------


def test_without_a_code_the_public_pages_offer_no_choosing_and_stay_cacheable(client):
    for url in ("/sv/providers/jarvalyftet", COMPARE):
        response = client.get(url)
        assert not offered(parse_page(response))
        assert "public" in response.headers["Cache-Control"]
        assert "Set-Cookie" not in response.headers


def test_a_profile_offers_choosing_a_provider_that_gives_the_service(chosen):
    person, _id, _code = chosen
    response = person.client.get("/sv/providers/jarvalyftet")
    assert offered(parse_page(response)) == {"jarvalyftet": "Välj Järvalyftet AB"}
    # A page made for one person: no shared cache may keep it.
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "Cookie" in response.headers["Vary"]
    for slug in (NOT_FOR_THE_SERVICE, DEAUTHORIZED):
        assert not offered(parse_page(person.client.get(f"/sv/providers/{slug}"))), slug


def test_the_compare_page_offers_each_provider_that_gives_the_service(chosen):
    person, _id, _code = chosen
    page = parse_page(person.client.get(COMPARE))
    assert set(offered(page)) == {"jobbtorget", "jarvalyftet"}
    form = page.select_one(".choose-offer form.choose-form")
    assert (form["method"], form["action"]) == ("get", "/sv/choose/confirm")


def test_choosing_from_a_profile_goes_through_the_confirm_step_once(app, chosen):
    person, invitation_id, _code = chosen
    profile = parse_page(person.client.get("/ar/providers/jarvalyftet"))
    form = profile.select_one(".choose-offer form.choose-form")
    button = form.find("button")
    confirm = person.client.get(form["action"], query_string={button["name"]: button["value"]})
    assert confirm.status_code == 200
    page = parse_page(confirm)
    assert page.html["lang"] == "ar"
    assert "Järvalyftet AB" in page.select_one(".choose-facts").get_text()
    assert choices_of(app, invitation_id) == []  # nothing is chosen before confirming
    fields = {f["name"]: f.get("value", "") for f in page.select("form.choose-confirm input")}
    response = person.client.post("/ar/choose/confirm", data=fields)
    assert response.headers["Location"] == "/ar/choose/receipt"
    again = person.client.post("/ar/choose/confirm", data=fields)  # a double click
    assert again.headers["Location"] == "/ar/choose/receipt"
    assert [c.provider_id for c in choices_of(app, invitation_id)] == [
        choices_of(app, invitation_id)[0].provider_id
    ]
    # The provider chosen stands: its profile offers it no more, others still.
    assert not offered(parse_page(person.client.get("/sv/providers/jarvalyftet")))
    assert offered(parse_page(person.client.get("/sv/providers/jobbtorget")))


def test_a_closed_choice_offers_nothing_on_the_public_pages(app, people, time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 10, 0), tick=False)
    _id, code = stored_invitation(app, deadline=date(2026, 11, 30))
    person = people()
    person.enter(code)
    time_machine.move_to(datetime(2026, 12, 2, 10, 0), tick=False)
    assert not offered(parse_page(person.client.get("/sv/providers/jarvalyftet")))
    assert not offered(parse_page(person.client.get(COMPARE)))


# --- Refused forms --------------------------------------------------------------------------


def test_a_confirm_form_without_its_token_says_so_and_stores_nothing(app, chosen):
    person, invitation_id, _code = chosen
    fields = person.confirm_form("jarvalyftet")
    del fields["token"]
    response = person.client.post(person.url("confirm"), data=fields)
    assert response.status_code == 422
    page = parse_page(response)
    assert page.title.get_text().startswith("Fel: Bekräfta ditt val")
    summary = page.main.find(True)
    assert "error-summary" in summary["class"] and summary["tabindex"] == "-1"
    assert "Vi kunde inte ta emot din bekräftelse." in summary.get_text()
    # A fresh form to confirm with, for the same provider.
    again = {f["name"]: f.get("value", "") for f in page.select("form.choose-confirm input")}
    assert again["provider"] == "jarvalyftet" and len(again["token"]) >= 16
    assert choices_of(app, invitation_id) == []
    assert person.client.post(person.url("confirm"), data=again).status_code == 303
    assert len(choices_of(app, invitation_id)) == 1


def test_a_confirm_form_with_a_garbled_provider_is_refused_with_an_error_title(app, chosen):
    person, invitation_id, _code = chosen
    fields = {**person.confirm_form("jarvalyftet"), "provider": "jarvalyftet<script>"}
    response = person.client.post(person.url("confirm"), data=fields)
    assert response.status_code == 422
    page = parse_page(response)
    assert page.title.get_text().startswith("Fel: ")
    assert page.select_one(".error-summary[role=alert]") is not None
    assert choices_of(app, invitation_id) == []


def test_the_clients_pages_are_valid_html(chosen):
    person, _id, _code = chosen
    garbled = {**person.confirm_form("jarvalyftet"), "token": ""}
    pages = {
        "providers with filters": person.client.get(person.url("providers?language=so")),
        "confirm": person.client.get(person.url("confirm?provider=jarvalyftet")),
        "confirm refused": person.client.post(person.url("confirm"), data=garbled),
        "provider refused": person.client.get(person.url("confirm?provider=oppna-vagar")),
        "profile offering": person.client.get("/ar/providers/jarvalyftet"),
        "compare offering": person.client.get(COMPARE),
        "code with an error": person.enter("ABCD"),
    }
    errors = htmlcheck.validate({name: response.data for name, response in pages.items()})
    assert not errors, "\n".join(errors)

"""Creating and editing providers in the admin: validation, offices, texts, stale edits."""

import pytest
from sqlmodel import select

from tests.conftest import parse_page
from tests.factories.providers import bump_version
from tests.integration.web.admin.provider_pages import (
    JOBBTORGET_ORG_NUMBER,
    NEW_ORG_NUMBER,
    OTHER_NEW_ORG_NUMBER,
    audit_events,
    count_rows,
    error_for,
    field_value,
    form_values,
    new_provider_values,
    provider_id,
    stored,
    summary_errors,
)
from webapp.core.db import get_session
from webapp.core.textkeys import fold_for_search
from webapp.providers.models import Office, Provider
from webapp.providers.queries import Clashes
from webapp.web.admin.provider_forms import ProviderForm

# --- Creating ---------------------------------------------------------------------


def test_create_provider_with_two_offices_and_texts_in_two_languages(app, staff_client):
    client = staff_client("editor")
    response = client.post("/admin/providers/new", new_provider_values(client))
    assert response.status_code == 302
    saved = stored(app, org_number=NEW_ORG_NUMBER)
    pk = provider_id(app, org_number=NEW_ORG_NUMBER)
    assert response.headers["Location"] == f"/admin/providers/{pk}"
    assert saved["name"] == "Östermalms Jobbstöd"
    assert saved["slug"] == "ostermalms-jobbstod"
    assert saved["version"] == 1
    assert saved["step_free_access"] is True and saved["is_municipal"] is False
    assert saved["languages"] == ["ar", "de", "sv"]
    assert saved["features"] == ["childcare", "evening_activities"]
    offices = saved["offices"]
    assert [office["street_address"] for office in offices] == ["Karlavägen 1", "Valhallavägen 2"]
    assert offices[0]["postal_code"] == "114 24"  # stored as NNN NN
    assert offices[0]["translations"] == {"en": "Mon–Fri 9–16"}
    assert offices[1]["translations"] == {}
    assert saved["translations"] == {
        "ar": {"description": "نساعدك في العثور على عمل.", "accessibility_note": ""},
        "en": {"description": "We help you find a job.", "accessibility_note": ""},
    }
    with app.app_context():
        search_name = get_session().get(Provider, pk).search_name
    assert search_name == fold_for_search("Östermalms Jobbstöd")

    (event,) = audit_events(app, "provider.create")
    assert event.entity_type == "provider" and event.entity_id == pk
    assert event.before is None
    assert event.after == saved

    record = parse_page(client.get(response.headers["Location"]))
    assert "Anordnaren Östermalms Jobbstöd är skapad." in record.select_one(".success").get_text()
    assert "Aldrig auktoriserad" in record.select_one(".status-tag").get_text()
    # Not authorized yet, so not on the public list.
    public = parse_page(client.get("/sv/providers", query_string={"q": "Östermalms"}))
    assert public.find("a", href="/sv/providers/ostermalms-jobbstod") is None


def test_new_provider_gets_a_unique_slug(app, staff_client):
    client = staff_client("admin")
    for org_number in (NEW_ORG_NUMBER, OTHER_NEW_ORG_NUMBER):
        values = new_provider_values(client, org_number=org_number, name="Jobbtorget")
        assert client.post("/admin/providers/new", values).status_code == 302
    assert stored(app, org_number=NEW_ORG_NUMBER)["slug"] == "jobbtorget-2"
    assert stored(app, org_number=OTHER_NEW_ORG_NUMBER)["slug"] == "jobbtorget-3"


INVALID_INPUT = [
    # (field, typed value, message shown next to the field)
    ("org_number", "55600-001", "Skriv organisationsnumret som tio siffror: NNNNNN-NNNN."),
    ("org_number", "556000-0002", "Organisationsnumret stämmer inte: kontrollsiffran är fel."),
    ("org_number", JOBBTORGET_ORG_NUMBER, "Organisationsnumret används redan av Jobbtorget."),
    ("org_number", "2120009747", "Organisationsnumret används redan av Jobbtorget."),
    ("email", "info(at)jobbstod", "Skriv en giltig e-postadress, till exempel namn@exempel.se."),
    ("website", "www.jobbstod.example", "Skriv en fullständig webbadress som börjar med https://."),
    ("phone", "ring växeln", "Skriv ett telefonnummer med siffror, till exempel 08-123 456 78."),
    ("name", "", "Skriv anordnarens namn."),
    ("other_languages", "de, xx", "Okänd språkkod: xx."),
    ("offices-1-district", "", "Skriv vilken stadsdel kontoret ligger i."),
    ("offices-1-postal_code", "1234", "Skriv postnumret som fem siffror, till exempel 123 45."),
]


@pytest.mark.parametrize(("name", "typed", "message"), INVALID_INPUT)
def test_create_refuses_bad_input_and_keeps_what_was_typed(app, staff_client, name, typed, message):
    client = staff_client("editor")
    providers_before = count_rows(app, Provider)
    response = client.post("/admin/providers/new", new_provider_values(client, **{name: typed}))
    assert response.status_code == 200
    page = parse_page(response)
    assert message in error_for(page, name)
    assert message in summary_errors(page)
    assert page.find(id=name).get("aria-invalid") == "true"
    # What was typed is all still there.
    assert field_value(page, name) == typed
    assert field_value(page, "texts-ar-description") == "نساعدك في العثور على عمل."
    assert field_value(page, "offices-1-street_address") == "Valhallavägen 2"
    assert page.find(id="features-1").has_attr("checked")  # evening_activities
    assert page.select_one("input[name=languages][value=ar]").has_attr("checked")
    # Nothing was stored.
    assert count_rows(app, Provider) == providers_before
    assert audit_events(app, "provider.create") == []


def test_unknown_language_codes_are_all_named(staff_client):
    client = staff_client("editor")
    values = new_provider_values(client, other_languages="de, qq, ZZ")
    page = parse_page(client.post("/admin/providers/new", values))
    assert "Okända språkkoder: qq, zz." in error_for(page, "other_languages")


def test_provider_needs_an_office(app, staff_client):
    client = staff_client("editor")
    values = new_provider_values(client)
    for key in [key for key in values if key.startswith("offices-")]:
        values[key] = ""
    response = client.post("/admin/providers/new", values)
    assert response.status_code == 200
    page = parse_page(response)
    offices = page.find(id="offices")
    assert "Lägg till minst ett kontor." in offices.select_one(".error-message").get_text()
    assert "Kontor: Lägg till minst ett kontor." in summary_errors(page)
    assert field_value(page, "name") == "Östermalms Jobbstöd"
    assert stored(app, org_number=NEW_ORG_NUMBER) is None


def test_empty_office_row_is_ignored_and_a_new_one_offered(app, staff_client):
    client = staff_client("editor")
    page = parse_page(client.get("/admin/providers/new"))
    # One empty row to begin with, and no "remove" box on it.
    assert page.find(id="offices-0-street_address") is not None
    assert page.find(id="offices-1-street_address") is None
    assert page.find(id="offices-0-remove") is None
    values = new_provider_values(client, email="fel")
    values.update({f"offices-2-{name}": "" for name in ("street_address", "district")})
    page = parse_page(client.post("/admin/providers/new", values))
    # The two filled rows are kept, the empty one stays the one empty row.
    assert field_value(page, "offices-1-street_address") == "Valhallavägen 2"
    assert field_value(page, "offices-2-street_address") == ""
    assert page.find(id="offices-3-street_address") is None
    values = new_provider_values(client)
    values.update({f"offices-2-{name}": "" for name in ("street_address", "district")})
    assert client.post("/admin/providers/new", values).status_code == 302
    assert len(stored(app, org_number=NEW_ORG_NUMBER)["offices"]) == 2


def test_form_groups_texts_per_language_with_lang_and_dir(staff_client):
    page = parse_page(staff_client("editor").get("/admin/providers/new"))
    sections = page.select("section[aria-labelledby=texts-heading] details")
    summaries = [details.summary.get_text(" ", strip=True) for details in sections]
    assert summaries[0] == "English – engelska"
    assert summaries[1] == "العربية – arabiska"
    arabic = page.find(id="texts-ar-description")
    assert (arabic["lang"], arabic["dir"]) == ("ar", "rtl")
    english = page.find(id="offices-0-hours-en")
    assert (english["lang"], english["dir"]) == ("en", "ltr")
    assert page.find("label", attrs={"for": "texts-fa-accessibility_note"}).get_text(
        strip=True
    ) == ("Om tillgängligheten på persiska")
    labels = [label.get_text(strip=True) for label in page.select("#languages label")]
    assert "somaliska" in labels and "kurdiska" in labels


# --- Editing ----------------------------------------------------------------------


def test_edit_fields_offices_and_translations(app, staff_client):
    pk = provider_id(app, "jobbtorget")
    before = stored(app, pk=pk)
    client = staff_client("editor")
    page = parse_page(client.get(f"/admin/providers/{pk}/edit"))
    values = form_values(page)
    assert values["version"] == str(before["version"])
    assert values["name"] == "Jobbtorget"
    assert field_value(page, "offices-0-street_address") == before["offices"][0]["street_address"]
    new_row = len(before["offices"])  # the empty row after the existing offices
    assert field_value(page, f"offices-{new_row}-street_address") == ""
    removed = before["offices"][0]
    values.update(
        {
            "name": "Jobbtorget Stockholm",
            "phone": "08-465 004 99",
            "is_municipal": "y",
            "offices-0-remove": "y",
            f"offices-{new_row}-street_address": "Nygatan 5",
            f"offices-{new_row}-district": "Bromma",
            f"offices-{new_row}-hours-uk": "Пн–Пт 9–16",
            "texts-en-description": "The municipality's own service.",
        }
    )
    response = client.post(f"/admin/providers/{pk}/edit", values)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/providers/{pk}"
    after = stored(app, pk=pk)
    assert after["name"] == "Jobbtorget Stockholm"
    assert after["phone"] == "08-465 004 99"
    assert after["slug"] == "jobbtorget"
    assert after["version"] == before["version"] + 1
    streets = [office["street_address"] for office in after["offices"]]
    assert removed["street_address"] not in streets
    assert streets[-1] == "Nygatan 5"
    assert after["offices"][-1]["translations"] == {"uk": "Пн–Пт 9–16"}
    assert len(after["offices"]) == len(before["offices"])
    assert after["translations"]["en"]["description"] == "The municipality's own service."
    assert after["languages"] == before["languages"]
    with app.app_context():
        assert get_session().exec(select(Office).where(Office.id == removed["id"])).first() is None
        assert get_session().get(Provider, pk).search_name == "jobbtorget stockholm"
    (event,) = audit_events(app, "provider.update")
    assert event.before == before
    assert event.after == after
    record = parse_page(client.get(f"/admin/providers/{pk}"))
    assert "sparade" in record.select_one(".success").get_text()


def test_edit_refuses_bad_input_and_stores_nothing(app, staff_client):
    pk = provider_id(app, "jarvalyftet")
    before = stored(app, pk=pk)
    client = staff_client("admin")
    values = form_values(parse_page(client.get(f"/admin/providers/{pk}/edit")))
    values.update({"email": "fel@", "name": "Nytt namn", "org_number": JOBBTORGET_ORG_NUMBER})
    response = client.post(f"/admin/providers/{pk}/edit", values)
    assert response.status_code == 200
    page = parse_page(response)
    assert "Skriv en giltig e-postadress" in error_for(page, "email")
    assert "används redan av Jobbtorget" in error_for(page, "org_number")
    assert field_value(page, "name") == "Nytt namn"
    assert stored(app, pk=pk) == before
    assert audit_events(app, "provider.update") == []


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("Jobb Torget", "Använd bara små bokstäver a–z"),
        ("jobb--torget", "Använd bara små bokstäver a–z"),
        ("jarvalyftet", "används redan av en annan anordnare"),
        ("", "Skriv ett namn för webbadressen."),
    ],
)
def test_edit_checks_the_slug(app, staff_client, slug, message):
    pk = provider_id(app, "jobbtorget")
    before = stored(app, pk=pk)
    client = staff_client("editor")
    page = parse_page(client.get(f"/admin/providers/{pk}/edit"))
    assert "slutar gamla länkar" in page.find(id="slug-hint").get_text()
    values = form_values(page)
    values["slug"] = slug
    page = parse_page(client.post(f"/admin/providers/{pk}/edit", values))
    assert message in error_for(page, "slug")
    assert stored(app, pk=pk) == before  # nothing of the save stayed, not even in part


def test_slug_can_be_changed(app, staff_client):
    pk = provider_id(app, "jobbtorget")
    client = staff_client("editor")
    values = form_values(parse_page(client.get(f"/admin/providers/{pk}/edit")))
    values["slug"] = "jobbtorget-kommunen"
    assert client.post(f"/admin/providers/{pk}/edit", values).status_code == 302
    assert stored(app, pk=pk)["slug"] == "jobbtorget-kommunen"


def test_stale_edit_is_refused_and_shows_what_changed(app, staff_client):
    pk = provider_id(app, "jobbtorget")
    opened_version = stored(app, pk=pk)["version"]
    mine, theirs = staff_client("editor"), staff_client("admin")
    my_values = form_values(parse_page(mine.get(f"/admin/providers/{pk}/edit")))

    # Someone else saves first.
    their_values = form_values(parse_page(theirs.get(f"/admin/providers/{pk}/edit")))
    their_values.update(
        {"phone": "08-111 111 11", "texts-ar-description": "نص جديد", "languages": ["sv"]}
    )
    assert theirs.post(f"/admin/providers/{pk}/edit", their_values).status_code == 302
    saved_by_them = stored(app, pk=pk)

    my_values.update({"name": "Mitt namn", "description": "Min beskrivning."})
    response = mine.post(f"/admin/providers/{pk}/edit", my_values)
    assert response.status_code == 409
    page = parse_page(response)
    conflict = page.find(id="conflict")
    assert "Någon annan har sparat anordnaren sedan du öppnade den" in conflict.h2.get_text()
    changes = {row.th.get_text(strip=True): row.td for row in conflict.select("tbody tr")}
    assert set(changes) == {"Telefon", "Språk som personalen talar", "Beskrivning på arabiska"}
    assert changes["Telefon"].get_text(strip=True) == "08-111 111 11"
    assert changes["Språk som personalen talar"].get_text(strip=True) == "svenska"
    assert (
        changes["Beskrivning på arabiska"]["lang"],
        changes["Beskrivning på arabiska"]["dir"],
    ) == ("ar", "rtl")
    # Nothing of mine was stored, and what I typed is still in the form.
    assert stored(app, pk=pk) == saved_by_them
    assert field_value(page, "name") == "Mitt namn"
    assert field_value(page, "description") == "Min beskrivning."
    assert len(audit_events(app, "provider.update")) == 1
    # The form now carries the current version: saving again is deliberate and goes through.
    values = form_values(page)
    assert values["version"] == str(opened_version + 1)
    assert mine.post(f"/admin/providers/{pk}/edit", values).status_code == 302
    final = stored(app, pk=pk)
    assert (final["name"], final["version"]) == ("Mitt namn", opened_version + 2)
    assert final["phone"] == my_values["phone"]  # my form's value, saved knowingly


def test_stale_edit_without_a_logged_update_still_refuses(app, staff_client, rollback):
    """A version bumped outside the admin (the seed command) cannot be itemised, only refused."""
    pk = provider_id(app, "jarvalyftet")
    client = staff_client("editor")
    values = form_values(parse_page(client.get(f"/admin/providers/{pk}/edit")))
    with app.app_context():
        session = get_session()
        bump_version(session, session.get(Provider, pk))
        session.commit()
    values["name"] = "Annat namn"
    response = client.post(f"/admin/providers/{pk}/edit", values)
    assert response.status_code == 409
    conflict = parse_page(response).find(id="conflict")
    assert "Det går inte att se exakt vad som ändrades" in conflict.get_text()
    assert stored(app, pk=pk)["name"] == "Järvalyftet AB"


def test_org_number_taken_while_saving_is_explained(app, staff_client):
    """The database refuses a taken org number inside a savepoint: the page explains, no 500."""
    client = staff_client("editor")
    providers_before = count_rows(app, Provider)
    values = new_provider_values(client, org_number=JOBBTORGET_ORG_NUMBER)
    response = client.post("/admin/providers/new", values)
    assert response.status_code == 200
    page = parse_page(response)
    assert "används redan av Jobbtorget" in error_for(page, "org_number")
    assert field_value(page, "name") == "Östermalms Jobbstöd"
    assert audit_events(app, "provider.create") == []
    assert count_rows(app, Provider) == providers_before


def test_a_clash_no_field_can_show_is_explained_on_top(app):
    """A new provider's slug taken in the same moment has no field: the form says so on top."""
    with app.test_request_context():
        form = ProviderForm(new=True, formdata=None)
        form.show_clashes(Clashes(slug_taken=True))
        assert [str(error) for error in form.form_errors] == [
            "Någon annan sparade samtidigt. Försök igen."
        ]

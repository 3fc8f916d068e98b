"""Creating an invitation: the form, its checks, and the code and letter shown once."""

import json
from datetime import timedelta

import pytest

from tests.conftest import parse_page
from tests.integration.web.admin.choices.conftest import (
    TODAY,
    audit_events,
    count_invitations,
    errors_of,
    invitation_form,
)
from webapp.choices.codes import normalize_code
from webapp.choices.queries import find_invitation_by_code
from webapp.core.db import get_session
from webapp.web.admin.choice_forms import looks_like_personal_number


def test_new_form_offers_defaults_grouped_services_and_languages(caseworker):
    page = parse_page(caseworker.get("/admin/choices/new"))
    assert page.find(id="decision_date")["value"] == TODAY.isoformat()
    assert page.find(id="deadline")["value"] == (TODAY + timedelta(days=14)).isoformat()
    groups = page.select("#service optgroup")
    assert [g["label"] for g in groups] == [
        "Matchning mot arbete",
        "Förberedande insatser",
        "Introduktion till arbete för nyanlända",
    ]
    assert groups[0].find("option")["value"] == "MATCH-1"
    languages = {o["value"]: (o["lang"], o.get_text()) for o in page.select("#letter_lang option")}
    assert set(languages) == {"sv", "en", "ar", "fa", "so", "ti", "uk"}
    assert languages["so"] == ("so", "Soomaali")
    assert page.find(id="case_reference-hint").get_text().count("personnummer") == 1


def test_creating_shows_the_code_once_with_a_letter_in_the_clients_language(app, caseworker):
    response = caseworker.post("/admin/choices/new", invitation_form())
    assert response.status_code == 200
    page = parse_page(response)
    code = "-".join(span.get_text() for span in page.select("#choice-code .code-group"))
    assert [len(group) for group in code.split("-")] == [4, 4, 4]

    with app.app_context():
        invitation = find_invitation_by_code(
            get_session(), code=code, key=app.config["CHOICE_CODE_KEY"]
        )
        assert invitation is not None
        assert invitation.letter_lang == "so"
        assert invitation.case_reference == "SN 2026/1234"
        assert invitation.deadline == TODAY + timedelta(days=14)
        assert invitation.created_by is not None

    letter = page.find(id="choice-letter")
    assert letter["lang"] == "so" and letter["dir"] == "ltr"
    assert letter.find("a", href=app.config["PUBLIC_BASE_URL"] + "/so/choose") is not None
    assert normalize_code(letter.find(class_="letter-code").get_text()) == normalize_code(code)
    # The deadline is written in the letter's language, not the admin's; the Swedish
    # summary at the end is the one part in Swedish (see test_letter.py).
    letter.find(id="letter-summary").extract()
    assert "2026" in letter.get_text() and "december" not in letter.get_text()
    assert "ekonomiskt bistånd" not in letter.get_text().lower()
    assert page.select_one(".js-print") is not None
    # Only the letter is printed.
    assert "no-print" in page.find("h1").parent["class"]


def test_letter_in_arabic_runs_right_to_left(caseworker):
    page = parse_page(caseworker.post("/admin/choices/new", invitation_form(letter_lang="ar")))
    letter = page.find(id="choice-letter")
    assert (letter["lang"], letter["dir"]) == ("ar", "rtl")
    assert page.find("html")["dir"] == "ltr"  # the admin around it stays as it was


def test_code_is_not_kept_anywhere_it_could_be_read_again(app, caseworker):
    response = caseworker.post("/admin/choices/new", invitation_form())
    page = parse_page(response)
    code = "-".join(span.get_text() for span in page.select("#choice-code .code-group"))
    [invite] = audit_events(app, "choice.invite")
    invitation_id = invite.entity_id
    raw = normalize_code(code)

    for url in ("/admin/choices", f"/admin/choices/{invitation_id}", "/admin/choices.csv"):
        text = caseworker.get(url).get_data(as_text=True)
        assert raw not in text.replace("-", "").replace(" ", ""), url

    logged = json.dumps([invite.summary, invite.before, invite.after])
    assert raw not in logged.replace("-", "") and code not in logged
    assert "code_hash" not in logged


def test_sending_the_form_again_creates_nothing_and_shows_no_code(app, caseworker):
    caseworker.post("/admin/choices/new", invitation_form())
    before = count_invitations(app)
    again = caseworker.post("/admin/choices/new", invitation_form())
    assert again.status_code == 302
    assert again.headers["Location"].startswith("/admin/choices/")
    assert count_invitations(app) == before
    page = parse_page(caseworker.get(again.headers["Location"]))
    assert page.find(id="choice-code") is None
    assert "visas bara en gång" in page.select_one(".success").get_text()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"case_reference": "19900101-1234"},
            "case_reference",
            "Det ser ut som ett personnummer",
        ),
        ({"case_reference": "ärende 900101-1234"}, "case_reference", "personnummer"),
        ({"case_reference": "199001011234"}, "case_reference", "personnummer"),
        ({"case_reference": "x" * 61}, "case_reference", "högst 60 tecken"),
        (
            {"decision_date": (TODAY + timedelta(days=1)).isoformat()},
            "decision_date",
            "Beslutsdatumet kan inte vara senare än i dag.",
        ),
        (
            {"deadline": (TODAY - timedelta(days=1)).isoformat()},
            "deadline",
            "Sista dagen kan inte vara tidigare än i dag.",
        ),
        ({"deadline": "22/12/2026"}, "deadline", "Skriv datumet som ÅÅÅÅ-MM-DD"),
        ({"deadline": "2026-02-30"}, "deadline", "Skriv datumet som ÅÅÅÅ-MM-DD"),
        ({"deadline": ""}, "deadline", "Skriv sista dagen att välja."),
        ({"decision_date": ""}, "decision_date", "Skriv datumet för beslutet."),
        ({"service": ""}, "service", "Välj vilken insats personen har fått."),
        ({"service": "NOPE-1"}, "service", "Välj en av insatserna i listan."),
        ({"letter_lang": "de"}, "letter_lang", "Välj ett av språken i listan."),
    ],
)
def test_invalid_invitations_are_refused_with_a_message(app, caseworker, changes, field, message):
    before = count_invitations(app)
    response = caseworker.post("/admin/choices/new", invitation_form(**changes))
    assert response.status_code == 200
    page = parse_page(response)
    assert message in errors_of(page)[field]
    assert page.select_one(".error-summary") is not None
    assert page.find(id="choice-code") is None
    assert count_invitations(app) == before
    # What was typed is kept.
    for name, value in changes.items():
        control = page.find(id=name)
        if control.name == "input":
            assert control["value"] == value


def test_deadline_before_the_decision_is_refused(caseworker):
    page = parse_page(
        caseworker.post(
            "/admin/choices/new",
            invitation_form(
                decision_date=(TODAY + timedelta(days=5)).isoformat(),
                deadline=(TODAY + timedelta(days=2)).isoformat(),
            ),
        )
    )
    errors = errors_of(page)
    assert "Sista dagen kan inte vara före beslutsdatumet." in errors["deadline"]
    assert "senare än i dag" in errors["decision_date"]


@pytest.mark.parametrize(
    ("text", "looks_like"),
    [
        ("900101-1234", True),
        ("19900101-1234", True),
        ("199001011234", True),
        ("9001011234", True),
        ("900161-1234", True),  # a coordination number: day + 60
        ("Dnr 900101+1234 gammal", True),
        ("SN 2026/1234", False),
        ("2026-000123", False),
        ("556123-4567", False),  # an organisation number: no month 61
        ("", False),
    ],
)
def test_personal_numbers_are_recognised(text, looks_like):
    assert looks_like_personal_number(text) is looks_like

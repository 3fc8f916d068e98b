"""Recording a follow-up in the admin: from the provider's page, with every kind of bad input."""

from datetime import date

import pytest

from tests.conftest import parse_page
from tests.integration.web.admin.authorizations.pages import errors_by_field, last_audit
from tests.integration.web.admin.followups.conftest import (
    follow_ups_of,
    record,
    record_form,
    term_ids,
)
from tests.integration.web.admin.provider_pages import provider_id

REMARK_AND_DEMAND = {
    "5.1": ("remark", "", "Lokalerna var stängda en eftermiddag."),
    "6.3": ("demand", "2027-01-31", "Planerna saknar uppföljning."),
}


def link(page, text: str) -> str:
    """Return the address of the link with this text in the main content."""
    found = page.find("main").find("a", string=lambda s: s and s.strip() == text)
    assert found is not None, f"no link {text!r}"
    return found["href"]


def test_an_editor_reaches_the_form_from_the_provider_and_records_a_site_visit(
    app, staff_client, today
):
    editor = staff_client("editor")
    record_page = parse_page(
        editor.get(f"/admin/providers/{provider_id(app, 'arbetslust-stockholm')}")
    )
    follow_ups = parse_page(editor.get(link(record_page, "Uppföljning")))
    form_page = parse_page(editor.get(link(follow_ups, "Registrera uppföljning")))
    # The matching scheme's terms of 2026 are offered; the services authorized today are ticked.
    legends = [
        legend.get_text(" ", strip=True)
        for legend in form_page.select("fieldset.term-group legend")
    ]
    assert legends[:5] == [
        "3.1 Personalens kompetens",
        "4.2 Månadsrapporter i tid",
        "5.1 Lokaler och öppettider",
        "6.3 Aktiviteter enligt planen",
        "8.1 Klagomål och avvikelser",
    ]
    ticked = [
        b.find_next("label").get_text(strip=True).split()[0]
        for b in form_page.select("#services input[checked]")
    ]
    assert ticked == ["MATCH-1", "MATCH-2", "FORB-2", "FORB-3", "INTRO-2"]
    assert form_page.find(id="held_on")["value"] == "2026-11-22"

    response = record(editor, app, findings=REMARK_AND_DEMAND)
    assert response.status_code == 302
    (stored,) = [f for f in follow_ups_of(app, "arbetslust-stockholm") if f.held_on == today]
    assert (stored.kind, stored.outcome, stored.published_at) == ("site_visit", "demand", None)
    assert sorted((f.verdict, f.deadline) for f in stored.findings) == [
        ("demand", date(2027, 1, 31)),
        ("remark", None),
    ]
    assert last_audit(app).action == "follow_up.record"
    detail = parse_page(editor.get(response.headers["Location"]))
    assert (
        "En annan administratör behöver publicera" in detail.select_one("[role=status]").get_text()
    )
    rows = [
        [c.get_text(" ", strip=True) for c in r.find_all(["th", "td"])]
        for r in detail.select("#findings tbody tr")
    ]
    assert rows == [
        ["5.1 Lokaler och öppettider", "Anmärkning", "–", "Lokalerna var stängda en eftermiddag."],
        [
            "6.3 Aktiviteter enligt planen",
            "Krav på åtgärd",
            "31 januari 2027",
            "Planerna saknar uppföljning.",
        ],
    ]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"held_on": "2026-11-23"},
            "held_on",
            "Datumet kan inte ligga i framtiden. Registrera uppföljningen när den är gjord.",
        ),
        ({"held_on": ""}, "held_on", "Skriv vilket datum uppföljningen gjordes."),
        (
            {"held_on": "22/11/2026"},
            "held_on",
            "Skriv datumet som år-månad-dag, till exempel 2026-12-01.",
        ),
        ({"kind": ""}, "kind", "Välj vilken typ av uppföljning det var."),
        ({"kind": "raid"}, "kind", "Välj en av typerna i listan."),
        ({"services": []}, "services", "Välj minst en insats som uppföljningen gällde."),
    ],
    ids=["future", "no-date", "bad-date", "no-kind", "unknown-kind", "no-service"],
)
def test_bad_follow_up_fields_are_explained(app, staff_client, today, fields, field, message):
    before = follow_ups_of(app, "arbetslust-stockholm")
    response = record(staff_client("editor"), app, findings=REMARK_AND_DEMAND, **fields)
    assert response.status_code == 200
    page = parse_page(response)
    assert errors_by_field(page) == {field: message}
    assert follow_ups_of(app, "arbetslust-stockholm") == before
    # What was typed stays.
    ids = term_ids(app)
    assert page.find(id=f"note_{ids['5.1']}").get_text() == "Lokalerna var stängda en eftermiddag."
    assert page.find(id=f"deadline_{ids['6.3']}")["value"] == "2027-01-31"


@pytest.mark.parametrize(
    ("findings", "subject", "field", "message"),
    [
        (
            {"6.3": ("demand", "", "")},
            "6.3",
            "deadline",
            "Skriv sista dag för åtgärden.",
        ),
        (
            {"6.3": ("demand", "2026-11-01", "")},
            "6.3",
            "deadline",
            "Sista dagen måste vara efter dagen för uppföljningen, 22 november 2026.",
        ),
        (
            {"5.1": ("remark", "2027-01-31", "")},
            "5.1",
            "deadline",
            "Bara krav på åtgärd har en sista dag. Ta bort datumet eller ändra bedömningen.",
        ),
        (
            {"5.1": ("remark", "", "x" * 2001)},
            "5.1",
            "note",
            "Texten får vara högst 2 000 tecken.",
        ),
        (
            {"5.1": ("remark", "", "Deltagaren 850412-1234 klagade.")},
            "5.1",
            "note",
            "Det ser ut som ett personnummer. Skriv inget som pekar ut en enskild deltagare: "
            "inga personnummer, inga namn.",
        ),
        (
            {"5.1": ("sanction", "", "")},
            "5.1",
            "verdict",
            "Välj en av bedömningarna i listan.",
        ),
    ],
    ids=[
        "demand-without-deadline",
        "deadline-before",
        "deadline-on-remark",
        "too-long",
        "pnr",
        "bad-verdict",
    ],
)
def test_bad_findings_are_explained_next_to_the_term(
    app, staff_client, today, findings, subject, field, message
):
    before = follow_ups_of(app, "arbetslust-stockholm")
    response = record(staff_client("editor"), app, findings=findings)
    assert response.status_code == 200
    errors = errors_by_field(parse_page(response))
    assert errors == {f"{field}_{term_ids(app)[subject]}": message}
    assert follow_ups_of(app, "arbetslust-stockholm") == before


def test_a_follow_up_judges_at_least_one_term(app, staff_client, today):
    response = record(staff_client("editor"), app, findings={})
    page = parse_page(response)
    assert (
        "Bedöm minst ett villkor som kontrollerades."
        in page.select_one(".error-summary").get_text()
    )
    assert follow_ups_of(app, "arbetslust-stockholm")[-1].held_on != today


def test_an_unknown_term_is_refused_with_a_message(app, staff_client, today):
    data = record_form(app, findings=REMARK_AND_DEMAND)
    data["verdict_999999"] = "met"
    editor = staff_client("editor")
    response = editor.post(
        f"/admin/providers/{provider_id(app, 'arbetslust-stockholm')}/follow-ups/new", data
    )
    assert response.status_code == 200
    summary = parse_page(response).select_one(".error-summary").get_text(" ", strip=True)
    assert "Villkoren som gällde 22 november 2026 visas nu." in summary
    assert all(f.held_on != today for f in follow_ups_of(app, "arbetslust-stockholm"))


def test_an_earlier_day_shows_the_terms_then_and_asks_again(app, staff_client, today):
    """Terms of 2026 assessed for a visit in 2025: the 2024 terms are shown instead."""
    response = record(
        staff_client("editor"), app, findings={"8.1": ("met", "", "")}, held_on="2025-06-10"
    )
    page = parse_page(response)
    assert (
        "Villkoren som gällde 10 juni 2025 visas nu."
        in page.select_one(".error-summary").get_text()
    )
    legends = [
        legend.get_text(" ", strip=True) for legend in page.select("fieldset.term-group legend")
    ]
    assert "8.1 Klagomål och avvikelser" not in legends
    assert "6.3 Aktiviteter enligt planen" in legends
    response = record(
        staff_client("editor"),
        app,
        findings={"6.3": ("met", "", "")},
        held_on="2025-06-10",
        _day=date(2025, 6, 10),
    )
    assert response.status_code == 302


def test_a_service_the_provider_did_not_have_is_refused(app, staff_client, today):
    from tests.integration.web.admin.authorizations.pages import service_ids

    # Kompassen gave up FORB-1 in 2024 and keeps MATCH-1.
    response = record(
        staff_client("editor"),
        app,
        "kompassen-jobbcoachning",
        findings={"5.1": ("met", "", "")},
        services=[str(service_ids(app)["MATCH-1"]), str(service_ids(app)["FORB-1"])],
    )
    assert errors_by_field(parse_page(response)) == {
        "services": "FORB-1: anordnaren var inte auktoriserad för insatsen 22 november 2026."
    }


def test_caseworkers_cannot_see_or_record_follow_ups(app, staff_client, today):
    caseworker = staff_client("caseworker")
    pid = provider_id(app, "arbetslust-stockholm")
    assert caseworker.get(f"/admin/providers/{pid}/follow-ups").status_code == 403
    assert record(caseworker, app, findings=REMARK_AND_DEMAND).status_code == 403
    page = parse_page(caseworker.get(f"/admin/providers/{pid}"))
    assert "Uppföljning" not in [a.get_text(strip=True) for a in page.select("main a")]


def test_the_record_form_is_valid_html(app, staff_client, today):
    from tests import htmlcheck

    editor = staff_client("editor")
    url = f"/admin/providers/{provider_id(app, 'arbetslust-stockholm')}/follow-ups/new"
    refused = record(editor, app, findings={"6.3": ("demand", "", "")})
    errors = htmlcheck.validate({url: editor.get(url).data, url + "#refused": refused.data})
    assert not errors, "\n".join(errors)

"""A de-authorization's reason and the follow-up behind it travel to the history and the public."""

from datetime import date

import pytest

from tests.conftest import parse_page
from tests.factories.followups import make_follow_up
from tests.integration.web.admin.authorizations.pages import (
    TODAY,
    deauthorize,
    errors_by_field,
    events_of,
    last_audit,
)
from tests.integration.web.admin.followups.conftest import follow_ups_of
from tests.integration.web.admin.provider_pages import provider_id
from webapp.core.db import get_session


def seeded_follow_up(app, slug: str = "arbetslust-stockholm") -> int:
    """Return the id of a provider's seeded (published) follow-up."""
    return follow_ups_of(app, slug)[0].id


def test_the_dashboard_link_asks_for_one_service_and_no_customers(app, staff_client, today):
    pid = provider_id(app, "jarvalyftet")
    page = parse_page(
        staff_client("editor").get(
            f"/admin/providers/{pid}/deauthorize?reason=no_customers&service=MATCH-1"
        )
    )
    ticked = [
        box.find_next("label").get_text(strip=True).split()[0]
        for box in page.select("fieldset#services input[checked]")
    ]
    assert ticked == ["MATCH-1"]
    assert page.select_one("#reason option[selected]")["value"] == "no_customers"
    assert page.select_one("#follow_up option[selected]")["value"] == ""  # no follow-up


@pytest.mark.parametrize(
    "query",
    ["reason=nonsense&service=FORB-1", "service=NOPE&follow_up=abc", "follow_up=999999999999"],
)
def test_a_link_asking_for_what_does_not_fit_falls_back_to_the_plain_form(
    app, staff_client, today, query
):
    pid = provider_id(app, "jarvalyftet")
    page = parse_page(staff_client("editor").get(f"/admin/providers/{pid}/deauthorize?{query}"))
    assert len(page.select("fieldset#services input[checked]")) == 3
    assert page.select_one("#reason option[selected]") is None


def test_a_follow_up_page_proposing_de_authorization_links_here_with_it(app, staff_client, today):
    editor = staff_client("editor")
    with app.app_context():
        proposal = make_follow_up(
            get_session(), findings=(("6.3", "deauthorization_proposal", None),)
        )
        get_session().commit()
    detail = parse_page(editor.get(f"/admin/follow-ups/{proposal.id}"))
    href = detail.find("a", string="Registrera avauktorisation efter uppföljningen")["href"]
    form = parse_page(editor.get(href))
    assert form.select_one("#reason option[selected]")["value"] == "breach"
    assert form.select_one("#follow_up option[selected]")["value"] == str(proposal.id)


def test_the_follow_up_is_recorded_with_the_decision_and_shown_publicly(
    app, client, staff_client, today
):
    editor = staff_client("editor")
    follow_up_id = seeded_follow_up(app)
    response = deauthorize(
        editor,
        app,
        "arbetslust-stockholm",
        ["MATCH-1", "MATCH-2"],
        reason="breach",
        effective_date="2026-12-01",
        follow_up=str(follow_up_id),
    )
    assert response.status_code == 302
    assert {(e.reason, e.follow_up_id) for e in events_of(app, "arbetslust-stockholm")} == {
        ("breach", follow_up_id)
    }
    assert last_audit(app).summary.endswith(f"breach · follow-up {follow_up_id}")
    history = parse_page(editor.get(response.headers["Location"]))
    assert history.select_one("#decisions a")["href"] == f"/admin/follow-ups/{follow_up_id}"
    endings = parse_page(client.get("/sv/providers/arbetslust-stockholm")).find(id="endings")
    text = endings.get_text(" ", strip=True)
    assert "Från 1 december 2026 kan anordnaren inte längre väljas för:" in text
    assert "Skäl: Brott mot auktorisationsvillkoren." in text
    assert "Beslutet kom efter uppföljningen 15 oktober 2026: Besök hos anordnaren." in text


def test_an_unpublished_follow_up_is_not_named_publicly(app, client, staff_client, today):
    with app.app_context():
        internal = make_follow_up(get_session(), provider="jarvalyftet")
        get_session().commit()
    response = deauthorize(
        staff_client("editor"),
        app,
        "jarvalyftet",
        ["MATCH-1", "INTRO-1", "INTRO-2"],
        follow_up=str(internal.id),
    )
    assert response.status_code == 302
    page = parse_page(client.get("/sv/providers/jarvalyftet"))
    assert "Skäl: Brott mot auktorisationsvillkoren." in page.select_one("[role=note]").get_text()
    assert "Beslutet kom efter" not in page.find(id="follow-up").get_text()


@pytest.mark.parametrize("value", ["abc", "999999", "-1"])
def test_only_the_providers_own_follow_ups_can_be_chosen(app, staff_client, today, value):
    response = deauthorize(staff_client("editor"), app, "jarvalyftet", ["MATCH-1"], follow_up=value)
    assert response.status_code == 200
    assert errors_by_field(parse_page(response)) == {
        "follow_up": "Välj en av anordnarens uppföljningar i listan."
    }
    assert events_of(app, "jarvalyftet") == []


def test_another_providers_follow_up_is_refused(app, staff_client, today):
    other = seeded_follow_up(app)
    response = deauthorize(
        staff_client("editor"), app, "jarvalyftet", ["MATCH-1"], follow_up=str(other)
    )
    assert errors_by_field(parse_page(response)) == {
        "follow_up": "Välj en av anordnarens uppföljningar i listan."
    }


def test_the_reason_of_a_past_de_authorization_is_on_the_public_page(client):
    page = parse_page(client.get("/en/providers/linjen-rekrytering"))
    note = page.select_one("[role=note]").get_text(" ", strip=True)
    assert "The authorization ended on 1 April 2025." in note
    assert "Reason: Broke the authorization terms." in note
    assert date(2025, 4, 1) < TODAY

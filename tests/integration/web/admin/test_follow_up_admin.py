"""Staff's side of the follow-up: the dashboard's switch requests, clients a de-authorization
reaches, their letters printed in one go."""

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.clock import freeze
from tests.conftest import parse_page
from tests.factories import choices as factories
from webapp.choices.models import ChoiceInvitation
from webapp.core.db import get_session

TODAY = date(2026, 11, 22)


@pytest.fixture
def today(time_machine):
    freeze(time_machine, TODAY)
    return TODAY


def fixed_choice(app, provider="jarvalyftet", **fields) -> int:
    """Store an invitation whose choice of a provider can no longer be changed; return its id."""
    with app.app_context():
        session = get_session()
        invitation, _code = factories.make_invitation(
            session,
            decision_date=TODAY - timedelta(days=30),
            deadline=TODAY - timedelta(days=10),
            **fields,
        )
        factories.make_choice(session, invitation, provider=provider)
        session.commit()
        return invitation.id


def switch_request(app, invitation_id: int, requested_at: datetime, provider="jobbtorget") -> int:
    with app.app_context():
        session = get_session()
        request = factories.make_switch_request(
            session,
            session.get(ChoiceInvitation, invitation_id),
            provider=provider,
            requested_at=requested_at,
        )
        session.commit()
        return request.id


def provider_id(app, slug: str) -> int:
    with app.app_context():
        return factories.provider_id(get_session(), slug)


def test_the_dashboard_lists_switch_requests_oldest_first_with_their_age(app, staff_client, today):
    newer = fixed_choice(app, case_reference="SN-NY")
    older = fixed_choice(app, case_reference="SN-GAMMAL")
    switch_request(app, newer, datetime(2026, 11, 22, 8, tzinfo=UTC))
    switch_request(app, older, datetime(2026, 11, 12, 8, tzinfo=UTC))
    page = parse_page(staff_client("caseworker").get("/admin/"))
    section = page.find(id="switch-requests")
    rows = section.select("tbody tr")
    assert [row.select("td")[0].get_text(strip=True) for row in rows] == ["SN-GAMMAL", "SN-NY"]
    assert [row.select_one(".switch-age").get_text(strip=True) for row in rows] == [
        "10 dagar",
        "0 dagar",
    ]
    assert rows[0].find("a")["href"].startswith(f"/admin/choices/{older}")
    assert "E-post är avstängd" in section.get_text()


def test_the_dashboard_in_english_counts_days_in_english(app, staff_client, today):
    invitation_id = fixed_choice(app)
    switch_request(app, invitation_id, datetime(2026, 11, 21, 8, tzinfo=UTC))
    caseworker = staff_client("caseworker")
    caseworker.post("/admin/language", {"lang": "en", "next": "/admin/"})
    page = parse_page(caseworker.get("/admin/"))
    assert page.find(id="switch-requests").select_one(".switch-age").get_text(strip=True) == (
        "1 day"
    )


def test_a_refusal_reason_with_a_personal_number_is_refused(app, staff_client, today):
    invitation_id = fixed_choice(app)
    request_id = switch_request(app, invitation_id, datetime(2026, 11, 21, 8, tzinfo=UTC))
    response = staff_client("caseworker").post(
        f"/admin/switches/{request_id}",
        {"decision": "reject", "decision_reason": "Gäller 19850101-1234."},
    )
    assert response.status_code == 200
    assert "personnummer" in parse_page(response).find(id="decision_reason-error").get_text()


def deauthorize_jarvalyftet(app, editor, effective: str = "2026-11-22"):
    jarvalyftet = provider_id(app, "jarvalyftet")
    page = parse_page(editor.get(f"/admin/providers/{jarvalyftet}/deauthorize"))
    services = [box["value"] for box in page.select("input[name=services]")]
    return editor.post(
        f"/admin/providers/{jarvalyftet}/deauthorize",
        {
            "services": services,
            "reason": "breach",
            "effective_date": effective,
            "decision_date": "2026-11-20",
            "decision_reference": "AMN 2026/0300",
        },
    )


def test_staff_see_the_affected_clients_before_deciding(app, staff_client, today):
    chosen = fixed_choice(app, case_reference="SN-1")
    fixed_choice(app, provider="arbetslust-stockholm", case_reference="SN-ANNAN")
    jarvalyftet = provider_id(app, "jarvalyftet")
    page = parse_page(staff_client("editor").get(f"/admin/providers/{jarvalyftet}/deauthorize"))
    section = page.find(id="affected-clients")
    rows = section.select("#affected tbody tr")
    references = [row.find("th").get_text(strip=True) for row in rows]
    assert "SN-1" in references and "SN-ANNAN" not in references
    row = rows[references.index("SN-1")]
    assert row.find("a")["href"] == f"/admin/choices/{chosen}"
    assert "1 december 2026" not in row.get_text()  # the last day shown is the invitation's own
    assert "12 november 2026" in row.get_text()


def test_after_the_decision_staff_see_the_clients_and_print_their_letters(app, staff_client, today):
    somali = fixed_choice(app, case_reference="SN-SO", letter_lang="so")
    arabic = fixed_choice(app, case_reference="SN-AR", letter_lang="ar")
    editor = staff_client("editor")
    assert deauthorize_jarvalyftet(app, editor, effective="2026-12-01").status_code == 302
    jarvalyftet = provider_id(app, "jarvalyftet")
    history = parse_page(editor.get(f"/admin/providers/{jarvalyftet}/history"))
    table = history.find(id="displaced")
    listed = {row.find("th").get_text(strip=True) for row in table.select("tbody tr")}
    assert {"SN-SO", "SN-AR"} <= listed
    assert "15 december 2026" in table.get_text()  # 14 days after the effective date
    link = history.find("a", href=f"/admin/providers/{jarvalyftet}/letters")

    letters = parse_page(editor.get(link["href"]))
    batch = letters.select(".letter-batch article.letter")
    by_reference = {
        article.select_one(".letter-reference").get_text(strip=True): article for article in batch
    }
    assert by_reference["SN-SO"]["lang"] == "so" and by_reference["SN-SO"]["dir"] == "ltr"
    assert by_reference["SN-AR"]["lang"] == "ar" and by_reference["SN-AR"]["dir"] == "rtl"
    assert by_reference["SN-AR"].find("a")["href"].endswith("/ar/choose")
    assert {somali, arabic}  # both invitations got a letter
    assert len(batch) == len(by_reference)


def test_caseworkers_may_print_letters_but_not_de_authorize(app, staff_client, today):
    caseworker = staff_client("caseworker")
    jarvalyftet = provider_id(app, "jarvalyftet")
    assert caseworker.get(f"/admin/providers/{jarvalyftet}/letters").status_code == 200
    assert caseworker.get(f"/admin/providers/{jarvalyftet}/deauthorize").status_code == 403
    assert caseworker.get("/admin/providers/999999/letters").status_code == 404

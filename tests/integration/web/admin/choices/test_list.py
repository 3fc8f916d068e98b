"""The caseworkers' list of invitations: states, filters, counts, pages and the CSV export."""

import csv
import io
from datetime import timedelta

import pytest

from tests.conftest import parse_page
from tests.factories.choices import stored_invitation
from tests.integration.web.admin.choices.conftest import (
    NOW,
    TODAY,
    audit_events,
    choose,
    errors_of,
    history_of,
    later,
    list_rows,
    provider_id,
    request_switch,
)
from tests.sqlcount import counted_statements


def test_list_shows_states_newest_first_and_due_defaults_unrecorded(
    app, caseworker, five_invitations
):
    page = parse_page(caseworker.get("/admin/choices"))
    rows = list_rows(page)
    ids = five_invitations
    assert list(rows)[: len(ids)] == sorted(ids.values(), reverse=True)
    assert rows[ids["waiting"]]["state"] == "waiting"
    assert rows[ids["chosen"]] == {
        "state": "chosen",
        "provider": "Arbetslust Stockholm AB",
        "flags": [],
    }
    assert rows[ids["switch"]]["state"] == "switch_requested"
    assert rows[ids["switch"]]["flags"] == ["Byte begärt"]
    assert rows[ids["cancelled"]]["state"] == "cancelled"
    # The deadline passed before the job ran: the list shows the default, and records nothing.
    assert rows[ids["past"]]["state"] == "default_applied"
    assert rows[ids["past"]]["provider"] == "Jobbtorget"
    caseworker.get("/admin/choices.csv")
    assert history_of(app, ids["past"]) == []
    assert [e for e in audit_events(app, "choice.default") if e.entity_id == ids["past"]] == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=waiting", {"waiting"}),
        ("state=chosen", {"chosen"}),
        ("state=switch_requested", {"switch"}),
        ("state=default_applied", {"past"}),
        ("state=cancelled", {"cancelled"}),
        ("service=MATCH-2", {"chosen"}),
        ("deadline_passed=y", {"past"}),
        ("state=chosen&service=MATCH-1", set()),
    ],
)
def test_list_filters(app, caseworker, five_invitations, query, expected):
    page = parse_page(caseworker.get(f"/admin/choices?{query}"))
    ids = five_invitations
    shown = set(list_rows(page)) & set(ids.values())
    assert shown == {ids[name] for name in expected}


def test_list_filters_by_current_provider_and_counts_per_provider(
    app, caseworker, five_invitations
):
    arbetslust = provider_id(app, "arbetslust-stockholm")
    page = parse_page(caseworker.get(f"/admin/choices?provider={arbetslust}"))
    assert set(list_rows(page)) & set(five_invitations.values()) == {five_invitations["chosen"]}

    page = parse_page(caseworker.get("/admin/choices"))
    counts = {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
        for row in page.select("#provider-counts tbody tr")
    }
    # Chosen by the client, default, total; the cancelled invitation is not counted.
    assert counts["Arbetslust Stockholm AB"] == ["1", "0", "1"]
    assert counts["Järvalyftet AB"] == ["1", "0", "1"]
    assert counts["Jobbtorget"] == ["0", "1", "1"]


def test_bad_filters_get_a_message_not_an_error(caseworker):
    response = caseworker.get("/admin/choices?state=bogus&service=NOPE&provider=abc")
    assert response.status_code == 200
    errors = errors_of(parse_page(response))
    assert errors["state"].endswith("Välj en av statusarna i listan.")
    assert errors["service"].endswith("Välj en av insatserna i listan.")
    assert errors["provider"].endswith("Välj en av anordnarna i listan.")


def test_list_flags_a_deauthorized_provider(app, caseworker):
    chosen_id, _ = stored_invitation(app)
    choose(app, chosen_id, "linjen-rekrytering")
    page = parse_page(caseworker.get("/admin/choices"))
    flags = list_rows(page)[chosen_id]["flags"]
    assert "Anordnaren är inte längre auktoriserad – nytt val behövs" in flags


def test_list_pages_fifty_at_a_time(app, caseworker):
    for _ in range(51):
        stored_invitation(app)
    first = parse_page(caseworker.get("/admin/choices"))
    assert len(first.select("#invitations tbody tr")) == 50
    assert first.select_one(".pagination a[rel=next]") is not None
    second = parse_page(caseworker.get("/admin/choices?page=2"))
    assert len(second.select("#invitations tbody tr")) >= 1
    assert not set(list_rows(first)) & set(list_rows(second))


def test_list_costs_the_same_number_of_statements_for_more_invitations(app, caseworker, rollback):
    def add(how_many: int):
        for number in range(how_many):
            invitation_id, _ = stored_invitation(app)
            if number % 3 == 0:
                choose(app, invitation_id, "jarvalyftet")
            if number % 5 == 0:
                request_switch(app, invitation_id, "jobbtorget")

    def statements_for_list() -> int:
        caseworker.get("/admin/choices")  # a first load, as the caseworker would
        with counted_statements(rollback) as statements:
            assert caseworker.get("/admin/choices").status_code == 200
        return len(statements)

    add(3)
    few = statements_for_list()
    add(45)
    assert statements_for_list() == few


def test_csv_export_follows_the_filters_and_defuses_formulas(app, caseworker, five_invitations):
    formula_id, _ = stored_invitation(app, case_reference="=HYPERLINK(1)")
    choose(app, formula_id, "jobbtorget")
    response = caseworker.get("/admin/choices.csv?state=chosen")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == [
        "id",
        "ärendenummer",
        "insats",
        "beslutsdatum",
        "sista dag",
        "status",
        "organisationsnummer",
        "anordnare",
        "vald",
        "sätt",
    ]
    by_id = {int(row[0]): row for row in rows[1:]}
    assert set(by_id) == {formula_id, five_invitations["chosen"]}
    chosen = by_id[five_invitations["chosen"]]
    assert chosen[2:6] == [
        "MATCH-2",
        TODAY.isoformat(),
        (TODAY + timedelta(days=14)).isoformat(),
        "Vald",
    ]
    assert chosen[6:8] == ["559341-8709", "Arbetslust Stockholm AB"]
    assert chosen[8].startswith(TODAY.isoformat())
    assert chosen[9] == "Klientens val"
    assert by_id[formula_id][1] == "'=HYPERLINK(1)"


def test_csv_with_bad_filters_goes_back_to_the_list(caseworker):
    response = caseworker.get("/admin/choices.csv?state=bogus")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/choices?")


def test_due_defaults_cost_a_fixed_number_of_statements_and_are_not_written(
    app, staff_client, time_machine, rollback
):
    def statements_for_first_list(how_many: int) -> int:
        time_machine.move_to(NOW, tick=False)
        for _ in range(how_many):
            stored_invitation(app, deadline=TODAY + timedelta(days=1))
        client = later(time_machine, staff_client, days=2)
        with counted_statements(rollback) as statements:
            page = parse_page(client.get("/admin/choices?state=waiting"))
        assert not page.select("#invitations tbody tr"), "every due default shows as standing"
        writes = [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE"))]
        assert writes == [], "reading the list writes nothing"
        return len(statements)

    assert statements_for_first_list(2) == statements_for_first_list(20)


def test_csv_shows_a_default_not_yet_recorded_without_a_time(app, caseworker, five_invitations):
    response = caseworker.get("/admin/choices.csv?state=default_applied")
    rows = list(
        csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
    )
    by_id = {int(row[0]): row for row in rows[1:]}
    past = by_id[five_invitations["past"]]
    assert past[5:] == ["Ickevalsalternativ", "212000-9747", "Jobbtorget", "", "Ickevalsalternativ"]

"""Twelve months without customers, per provider and service, as the dashboard lists them."""

from datetime import UTC, date, datetime, time

import pytest

from tests.clock import freeze
from tests.factories.authorizations import make_period, service_id
from tests.factories.choices import make_choice, make_invitation
from tests.factories.providers import make_provider
from webapp.authorizations.idle import report_services_without_customers

TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    """Tests run on TODAY: invitations made by the factories are dated then."""
    freeze(time_machine, TODAY)


def chosen(session, provider, day: date, *, service="MATCH-1", kind="client", **fields):
    """Record a choice of the provider for a service at noon (UTC) on day."""
    invitation, _code = make_invitation(session, service=service, decision_date=day, deadline=day)
    return make_choice(
        session,
        invitation,
        provider=provider.slug,
        kind=kind,
        chosen_at=datetime.combine(day, time(12), UTC),
        **fields,
    )


@pytest.fixture
def anchor(db_session):
    """A provider chosen on 1 January 2023: choices have been recorded since then."""
    provider = make_provider(db_session, name="Ankaret AB")
    make_period(db_session, provider, valid_from=date(2022, 1, 1))
    chosen(db_session, provider, date(2023, 1, 1))
    chosen(db_session, provider, date(2026, 11, 1))  # so it is never due itself
    return provider


def listed(session) -> list[tuple[str, str, date, bool]]:
    """Return (provider, service code, due day, overdue) as the report lists them."""
    report = report_services_without_customers(session, today=TODAY)
    codes = {service_id(session, c): c for c in ("MATCH-1", "MATCH-2", "FORB-1")}
    return [
        (item.provider_name, codes.get(item.service_id, item.service_id), item.due_on, item.overdue)
        for item in report.services
        if item.provider_name.startswith(("Tyst", "Ny", "Byte", "Ankaret"))
    ]


def test_last_chosen_thirteen_months_ago_for_a_service_is_due_for_that_service(db_session, anchor):
    provider = make_provider(db_session, name="Tyst AB")
    make_period(db_session, provider, service="MATCH-1")
    make_period(db_session, provider, service="MATCH-2")
    chosen(db_session, provider, date(2025, 10, 22), service="MATCH-1")
    chosen(db_session, provider, date(2026, 10, 1), service="MATCH-2")
    assert listed(db_session) == [("Tyst AB", "MATCH-1", date(2026, 10, 22), True)]


def test_people_finishing_are_not_customers_only_choices_are(db_session, anchor):
    """The seeded providers have results for 2025 but nobody chose them online."""
    report = report_services_without_customers(db_session, today=TODAY)
    names = {item.provider_name for item in report.services}
    assert "Järvalyftet AB" in names  # authorized since 2022, results in 2025, no choice
    assert "Framtidsvägen Jobbmatchning AB" not in names  # authorized only since September


def test_due_within_sixty_days_is_listed_not_yet_overdue(db_session, anchor):
    provider = make_provider(db_session, name="Tyst i januari AB")
    make_period(db_session, provider)
    chosen(db_session, provider, date(2026, 1, 10))
    assert listed(db_session) == [("Tyst i januari AB", "MATCH-1", date(2027, 1, 10), False)]


def test_due_later_than_sixty_days_is_left_out(db_session, anchor):
    provider = make_provider(db_session, name="Tyst i februari AB")
    make_period(db_session, provider)
    chosen(db_session, provider, date(2026, 1, 22))  # due 22 January 2027, 61 days ahead
    assert listed(db_session) == []


def test_a_new_authorization_counts_from_its_start(db_session, anchor):
    provider = make_provider(db_session, name="Ny AB")
    make_period(db_session, provider, valid_from=date(2026, 1, 1))
    assert listed(db_session) == [("Ny AB", "MATCH-1", date(2027, 1, 1), False)]
    newer = make_provider(db_session, name="Nyare AB")
    make_period(db_session, newer, valid_from=date(2026, 3, 1))
    assert listed(db_session) == [("Ny AB", "MATCH-1", date(2027, 1, 1), False)]


@pytest.mark.parametrize("kind", ["client", "default", "switch"])
def test_every_kind_of_choice_is_a_customer(db_session, anchor, kind):
    provider = make_provider(db_session, name="Byte AB")
    make_period(db_session, provider)
    chosen(db_session, provider, date(2026, 6, 1), kind=kind)
    assert listed(db_session) == []


def test_a_choice_later_replaced_still_counts(db_session, anchor):
    provider = make_provider(db_session, name="Byte AB")
    make_period(db_session, provider)
    chosen(db_session, provider, date(2026, 6, 1), is_current=False)
    assert listed(db_session) == []


@pytest.mark.parametrize(
    ("valid_until", "end_reason"),
    [(date(2026, 12, 10), "provider_request"), (date(2026, 11, 22), "breach")],
    ids=["end-decided", "ended"],
)
def test_an_authorization_set_to_end_or_ended_is_left_out(
    db_session, anchor, valid_until, end_reason
):
    provider = make_provider(db_session, name="Tyst AB")
    make_period(db_session, provider, valid_until=valid_until, end_reason=end_reason)
    assert listed(db_session) == []


def test_without_any_recorded_choice_nothing_is_counted(db_session):
    provider = make_provider(db_session, name="Tyst AB")
    make_period(db_session, provider)
    report = report_services_without_customers(db_session, today=TODAY)
    assert report.recording_began is None
    assert report.services == []


def test_the_first_recorded_choice_starts_the_count(db_session):
    """Recording began on 5 January 2026: nobody can be due before 5 January 2027."""
    provider = make_provider(db_session, name="Tyst AB")
    make_period(db_session, provider)
    other = make_provider(db_session, name="Ankaret AB")
    make_period(db_session, other)
    chosen(db_session, other, date(2026, 1, 5))
    report = report_services_without_customers(db_session, today=TODAY)
    assert report.recording_began == date(2026, 1, 5)
    assert [
        (i.provider_name, i.due_on) for i in report.services if i.provider_id == provider.id
    ] == [("Tyst AB", date(2027, 1, 5))]


def test_listed_by_due_day_then_name(db_session, anchor):
    for name, day in [("Tyst B AB", date(2025, 9, 1)), ("Tyst A AB", date(2025, 9, 1))]:
        provider = make_provider(db_session, name=name)
        make_period(db_session, provider)
        chosen(db_session, provider, day)
    early = make_provider(db_session, name="Tyst C AB")
    make_period(db_session, early)
    chosen(db_session, early, date(2025, 5, 1))
    assert [row[0] for row in listed(db_session)] == ["Tyst C AB", "Tyst A AB", "Tyst B AB"]

"""Providers twelve months without new customers: authorized today and a year ago, nobody new."""

from datetime import date

import pytest

from tests.factories.authorizations import make_period
from tests.factories.providers import make_provider
from webapp.authorizations.idle import list_providers_without_new_customers, twelve_months_before
from webapp.providers.queries import ProviderName

TODAY = date(2026, 11, 22)
# The seed's two latest half-years: every seeded provider authorized then had participants.
PERIODS = ("2025H1", "2025H2")


def idle(session) -> list[ProviderName]:
    """Return the idle providers today."""
    return list_providers_without_new_customers(session, today=TODAY, periods=PERIODS)


def test_a_provider_authorized_for_years_without_customers_is_idle(db_session):
    provider = make_provider(db_session, name="Tyst Anordnare AB")
    make_period(db_session, provider, valid_from=date(2022, 1, 1))
    assert idle(db_session) == [ProviderName(provider.id, "Tyst Anordnare AB")]


@pytest.mark.parametrize(
    ("valid_from", "valid_until"),
    [
        (date(2025, 11, 23), None),  # authorized a day less than twelve months
        (date(2022, 1, 1), TODAY),  # no longer authorized today
        (TODAY, None),  # starts today
    ],
    ids=["too-new", "ended", "starts-today"],
)
def test_a_provider_not_authorized_both_today_and_a_year_ago_is_left_out(
    db_session, valid_from, valid_until
):
    provider = make_provider(db_session)
    make_period(db_session, provider, valid_from=valid_from, valid_until=valid_until)
    assert idle(db_session) == []


def test_authorized_a_year_ago_to_the_day_counts(db_session):
    provider = make_provider(db_session)
    make_period(db_session, provider, valid_from=date(2025, 11, 22))
    assert [item.id for item in idle(db_session)] == [provider.id]


def test_a_gap_in_between_does_not_matter_only_the_two_days(db_session):
    provider = make_provider(db_session)
    make_period(db_session, provider, valid_from=date(2022, 1, 1), valid_until=date(2026, 1, 1))
    make_period(db_session, provider, service="FORB-1", valid_from=date(2026, 6, 1))
    assert [item.id for item in idle(db_session)] == [provider.id]


def test_without_results_nothing_can_be_counted(db_session):
    provider = make_provider(db_session)
    make_period(db_session, provider)
    assert list_providers_without_new_customers(db_session, today=TODAY, periods=None) == []


def test_idle_providers_come_in_name_order(db_session):
    for name in ("Östra Jobb", "Ängby Jobb", "Alby Jobb"):
        make_period(db_session, make_provider(db_session, name=name))
    assert [item.name for item in idle(db_session)] == ["Alby Jobb", "Ängby Jobb", "Östra Jobb"]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 22), date(2025, 11, 22)),
        (date(2028, 2, 29), date(2027, 2, 28)),
        (date(2026, 1, 1), date(2025, 1, 1)),
    ],
)
def test_twelve_months_before(day, expected):
    assert twelve_months_before(day) == expected

"""Providers missing results for the latest half-year they were authorized in."""

from datetime import date

import pytest

from tests.factories.authorizations import make_period
from tests.factories.providers import make_provider
from webapp.providers.queries import ProviderName
from webapp.results.reporting import list_providers_missing_results

TODAY = date(2026, 11, 22)
LATEST = "2025H2"  # 1 July to 31 December 2025; every seeded provider reported for it


def missing(session) -> list[ProviderName]:
    """Return the providers missing results for the latest half-year, today."""
    return list_providers_missing_results(session, today=TODAY, period=LATEST)


def test_a_provider_authorized_then_and_now_without_results_is_missing(db_session):
    provider = make_provider(db_session, name="Tyst Anordnare AB")
    make_period(db_session, provider, valid_from=date(2024, 1, 1))
    assert missing(db_session) == [ProviderName(provider.id, "Tyst Anordnare AB")]


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "expected"),
    [
        (date(2025, 12, 31), None, True),  # authorized on the half-year's last day
        (date(2026, 1, 1), None, False),  # only after it ended
        (date(2024, 1, 1), date(2025, 7, 1), False),  # ended as it began, not today
    ],
    ids=["last-day", "after", "ended-before"],
)
def test_only_a_provider_authorized_during_the_half_year_is_asked(
    db_session, valid_from, valid_until, expected
):
    provider = make_provider(db_session)
    make_period(db_session, provider, valid_from=valid_from, valid_until=valid_until)
    assert ([item.id for item in missing(db_session)] == [provider.id]) is expected


def test_authorized_during_but_not_today_is_not_asked(db_session):
    provider = make_provider(db_session)
    make_period(db_session, provider, valid_from=date(2024, 1, 1), valid_until=date(2026, 1, 1))
    assert missing(db_session) == []


def test_without_results_there_is_no_half_year_to_ask_about(db_session):
    make_period(db_session, make_provider(db_session))
    assert list_providers_missing_results(db_session, today=TODAY, period=None) == []

"""What the public pages are built from: the provider list and a profile."""

from datetime import date

from tests.factories.results import add_empty_half_year
from webapp.results.listing import PAGE_SIZE, ListRequest, list_providers_with_results
from webapp.results.profiles import get_provider_profile
from webapp.results.statistics import Status

TODAY = date(2026, 11, 22)


def provider_list(session, **asked):
    return list_providers_with_results(session, asked=ListRequest(**asked), today=TODAY, minimum=10)


# --- The provider list ------------------------------------------------------------------


def test_list_has_every_provider_authorized_today_with_the_filter_choices(session):
    listing = provider_list(session)
    slugs = [provider.slug for provider in listing.providers]
    assert len(slugs) == listing.page.total == 23
    assert "linjen-rekrytering" not in slugs
    assert "framtidsvagen-jobbmatchning" in slugs
    assert listing.choice.notices == []
    assert {"ar", "sv"} <= set(listing.staff_languages)
    assert listing.districts and [s.code for s in listing.schemes[0].services]
    assert listing.headline.periods == ("2025H1", "2025H2")


def test_list_for_one_service_sorted_by_result(session):
    listing = provider_list(session, service="MATCH-1", sort="result")
    assert listing.choice.service.code == "MATCH-1"
    keys = [listing.headline.outcome_for(p.id).sort_key for p in listing.providers]
    assert keys == sorted(keys)
    assert listing.headline.outcome_for(listing.providers[0].id).status is Status.SHOWN


def test_list_drops_unknown_filters_with_notices(session):
    listing = provider_list(session, service="NOPE", district="Atlantis")
    assert len(listing.choice.notices) == 2
    assert listing.page.total == 23


def test_list_pages_hold_at_most_a_page_size(session):
    listing = provider_list(session, page="7")
    assert (listing.page.number, listing.page.pages) == (1, 1)
    assert len(listing.providers) <= PAGE_SIZE


# --- A provider's profile ----------------------------------------------------------------


def test_profile_shows_the_services_offered_today_with_results(session):
    profile = get_provider_profile(session, slug="jobbtorget", today=TODAY, minimum=10)
    codes = [shown.service.code for shown in profile.services]
    assert codes == ["MATCH-1", "MATCH-2", "FORB-1", "FORB-2", "FORB-3", "INTRO-1", "INTRO-2"]
    match_1 = profile.services[0]
    assert match_1.offered_today and match_1.outcome.status is Status.SHOWN
    assert [h.row.period for h in match_1.half_years][:2] == ["2025H2", "2025H1"]
    assert match_1.extras is not None
    assert profile.periods == ("2025H1", "2025H2")


def test_profile_of_a_deauthorized_provider_shows_what_it_had(session):
    profile = get_provider_profile(session, slug="linjen-rekrytering", today=TODAY, minimum=10)
    assert not profile.status.is_active
    assert [s.service.code for s in profile.services] == ["MATCH-1", "MATCH-2"]
    assert not any(shown.offered_today for shown in profile.services)


def test_profile_of_a_new_provider_has_no_results(session):
    profile = get_provider_profile(
        session, slug="framtidsvagen-jobbmatchning", today=TODAY, minimum=10
    )
    assert all(s.outcome is None and s.half_years == [] for s in profile.services)


def test_no_profile_for_an_unknown_slug(session):
    assert get_provider_profile(session, slug="nobody", today=TODAY, minimum=10) is None


def test_profile_with_no_minimum_and_an_empty_half_year(session):
    add_empty_half_year(session)
    profile = get_provider_profile(session, slug="jobbtorget", today=TODAY, minimum=0)
    newest = profile.services[0].half_years[0]
    assert (newest.row.period, newest.outcome.status) == ("2025H2", Status.MISSING)
    assert profile.services[0].outcome.status is Status.SHOWN  # 2025H1 still counts

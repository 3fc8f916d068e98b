"""Pooled and half-year results from the database, as Outcomes."""

import pytest
from sqlmodel import select

from tests.factories.results import add_empty_half_year, add_result, seeded_provider, seeded_service
from webapp.results.models import Result
from webapp.results.queries import (
    find_headline_periods,
    list_half_years,
    summarize_by_service,
    summarize_extras,
    summarize_headline,
)
from webapp.results.statistics import Status

HEADLINE = ("2025H1", "2025H2")


def test_headline_periods_are_the_latest_two_half_years(session):
    assert find_headline_periods(session) == HEADLINE


def test_headline_periods_move_with_a_later_half_year(session):
    provider, service = seeded_provider(session), seeded_service(session)
    add_result(session, provider_id=provider.id, service_id=service.id, period="2026H1")
    assert find_headline_periods(session) == ("2025H2", "2026H1")


def set_headline_rows(session, provider_id, service_id, *counts):
    """Replace a provider's two headline half-years for a service with these counts."""
    for period, (completed, in_work, in_studies) in zip(HEADLINE, counts, strict=True):
        add_result(
            session,
            provider_id=provider_id,
            service_id=service_id,
            period=period,
            completed=completed,
            in_work=in_work,
            in_studies=in_studies,
        )


def test_headline_pools_a_providers_two_half_years_against_the_average(session):
    provider, service = seeded_provider(session), seeded_service(session)
    set_headline_rows(session, provider.id, service.id, (30, 10, 2), (20, 6, 2))
    rows = session.exec(
        select(Result).where(Result.service_id == service.id, Result.period.in_(HEADLINE))
    ).all()
    average = sum(r.in_work + r.in_studies for r in rows) / sum(r.completed for r in rows)

    headline = summarize_headline(session, periods=HEADLINE, service_id=service.id, minimum=10)

    outcome = headline.outcome_for(provider.id)
    assert (outcome.status, outcome.successes, outcome.total) == (Status.SHOWN, 20, 50)
    assert headline.average == pytest.approx(average)
    assert outcome.average == pytest.approx(average)
    assert outcome.comparison is not None


def test_headline_hides_a_provider_under_the_minimum(session):
    provider, service = seeded_provider(session), seeded_service(session)
    set_headline_rows(session, provider.id, service.id, (4, 1, 0), (5, 1, 1))
    headline = summarize_headline(session, periods=HEADLINE, service_id=service.id, minimum=10)
    assert headline.outcome_for(provider.id).status is Status.SUPPRESSED
    shown = summarize_headline(session, periods=HEADLINE, service_id=service.id, minimum=9)
    assert shown.outcome_for(provider.id).total == 9


def test_headline_without_published_results_is_empty(session):
    headline = summarize_headline(session, periods=None, service_id=None, minimum=10)
    assert headline.periods is None
    assert headline.outcome_for(1).status is Status.MISSING


def test_by_service_gives_one_outcome_per_service_with_results(session):
    provider = seeded_provider(session, "linjen-rekrytering")  # results in 2025H1 only
    outcomes = summarize_by_service(session, provider_id=provider.id, periods=HEADLINE, minimum=10)
    match_1, match_2 = seeded_service(session, "MATCH-1"), seeded_service(session, "MATCH-2")
    assert set(outcomes) == {match_1.id, match_2.id}
    assert outcomes[match_1.id].total == 17
    assert outcomes[match_2.id].total == 14
    hidden = summarize_by_service(session, provider_id=provider.id, periods=HEADLINE, minimum=15)
    assert hidden[match_2.id].status is Status.SUPPRESSED


def test_extras_pool_the_survey_and_weigh_days_by_participants(session):
    provider, service = seeded_provider(session), seeded_service(session)
    for period, completed, days, respondents, satisfied in (
        ("2025H1", 30, 100, 20, 15),
        ("2025H2", 10, 140, 10, 9),
    ):
        add_result(
            session,
            provider_id=provider.id,
            service_id=service.id,
            period=period,
            completed=completed,
            in_work=5,
            in_studies=0,
            average_days=days,
            survey_respondents=respondents,
            survey_satisfied=satisfied,
        )
    extras = summarize_extras(
        session, provider_ids=[provider.id], service_id=service.id, periods=HEADLINE, minimum=10
    )
    extra = extras[(provider.id, service.id)]
    assert extra.average_days == 110  # (30 × 100 + 10 × 140) / 40
    assert (extra.survey.successes, extra.survey.total) == (24, 30)
    hidden = summarize_extras(
        session, provider_ids=[provider.id], service_id=service.id, periods=HEADLINE, minimum=41
    )[(provider.id, service.id)]
    assert hidden.average_days is None
    assert hidden.survey.status is Status.SUPPRESSED


def test_extras_of_nobody_are_empty(session):
    assert (
        summarize_extras(session, provider_ids=[], service_id=None, periods=HEADLINE, minimum=10)
        == {}
    )


def test_half_years_come_per_service_newest_first_with_their_outcome(session):
    provider, service = seeded_provider(session), seeded_service(session)
    add_result(
        session,
        provider_id=provider.id,
        service_id=service.id,
        period="2025H2",
        completed=9,
        in_work=3,
        in_studies=1,
    )
    half_years = list_half_years(session, provider_id=provider.id, minimum=10)[service.id]
    periods = [half_year.row.period for half_year in half_years]
    assert periods == sorted(periods, reverse=True)
    assert periods[0] == "2025H2"
    assert half_years[0].outcome.status is Status.SUPPRESSED
    assert half_years[1].outcome.status is Status.SHOWN


def test_half_year_with_nobody_and_no_minimum_has_no_result(session):
    empty = add_empty_half_year(session)
    half_years = list_half_years(session, provider_id=empty.provider_id, minimum=0)
    newest = half_years[empty.service_id][0]
    assert newest.row is empty
    assert newest.outcome.status is Status.MISSING

"""Pooled and half-year results from the database, as Outcomes, over the published windows."""

import pytest
from sqlmodel import select

from tests.factories.results import (
    add_empty_half_year,
    add_result,
    publish,
    seeded_provider,
    seeded_service,
    unpublish,
)
from webapp.results.models import Result
from webapp.results.queries import (
    list_half_years,
    summarize_by_service,
    summarize_extras,
    summarize_headline,
)
from webapp.results.statistics import Status, is_shown
from webapp.results.windows import find_windows

HEADLINE = ("2025H1", "2025H2")


def test_every_service_starts_with_the_latest_two_published_half_years(session):
    windows = find_windows(session)
    assert len(windows) == 7
    assert set(windows.values()) == {HEADLINE}


def test_importing_a_later_half_year_moves_no_window_until_it_is_published(session):
    provider, service = seeded_provider(session), seeded_service(session)
    add_result(session, provider_id=provider.id, service_id=service.id, period="2026H1")
    assert find_windows(session)[service.id] == HEADLINE
    publish(session, service_id=service.id, period="2026H1")
    windows = find_windows(session)
    assert windows[service.id] == ("2025H2", "2026H1")
    assert {w for s, w in windows.items() if s != service.id} == {HEADLINE}


def test_a_window_without_the_half_year_before_the_latest_is_six_months(session):
    service = seeded_service(session)
    unpublish(session, service_id=service.id, period="2025H1")
    assert find_windows(session)[service.id] == ("2025H2",)


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


def shown_average(session, service_id: int, minimum: int) -> float:
    """The service's average worked out here from the stored rows: shown groups only."""
    rows = session.exec(
        select(Result).where(Result.service_id == service_id, Result.period.in_(HEADLINE))
    ).all()
    shown = [r for r in rows if r.completed >= minimum]
    return sum(r.in_work + r.in_studies for r in shown) / sum(r.completed for r in shown)


def test_headline_pools_a_providers_two_half_years_against_the_average(session):
    provider, service = seeded_provider(session), seeded_service(session)
    set_headline_rows(session, provider.id, service.id, (30, 10, 2), (20, 6, 2))

    headline = summarize_headline(session, service_id=service.id, minimum=10)

    outcome = headline.outcome_for(provider.id)
    assert (outcome.status, outcome.successes, outcome.total) == (Status.SHOWN, 20, 50)
    assert (outcome.periods, outcome.partial) == (HEADLINE, False)
    assert headline.periods == HEADLINE
    assert headline.average == pytest.approx(shown_average(session, service.id, 10))
    assert outcome.average == headline.average
    assert outcome.comparison is not None


def test_a_hidden_half_year_adds_nothing_to_the_figure_or_the_average(session):
    provider, service = seeded_provider(session), seeded_service(session)
    set_headline_rows(session, provider.id, service.id, (6, 6, 0), (20, 6, 2))
    headline = summarize_headline(session, service_id=service.id, minimum=10)
    outcome = headline.outcome_for(provider.id)
    assert (outcome.successes, outcome.total) == (8, 20)
    assert (outcome.periods, outcome.partial) == (("2025H2",), True)
    assert headline.average == pytest.approx(shown_average(session, service.id, 10))


def test_headline_hides_a_provider_whose_half_years_are_each_under_the_minimum(session):
    provider, service = seeded_provider(session), seeded_service(session)
    set_headline_rows(session, provider.id, service.id, (5, 1, 0), (6, 1, 1))
    headline = summarize_headline(session, service_id=service.id, minimum=10)
    assert headline.outcome_for(provider.id).status is Status.SUPPRESSED  # 11 together
    shown = summarize_headline(session, service_id=service.id, minimum=5)
    assert shown.outcome_for(provider.id).total == 11


def test_all_services_pooled_have_no_average_and_no_verdict(session):
    provider = seeded_provider(session)
    headline = summarize_headline(session, service_id=None, minimum=10)
    outcome = headline.outcome_for(provider.id)
    assert headline.comparable is False and headline.average is None
    assert outcome.status is Status.SHOWN
    assert outcome.comparison is None and outcome.average is None
    rows = session.exec(
        select(Result).where(Result.provider_id == provider.id, Result.period.in_(HEADLINE))
    ).all()
    assert outcome.total == sum(r.completed for r in rows if is_shown(r.completed, 10))


def test_headline_without_published_results_is_empty(session):
    service = seeded_service(session)
    for period in (*HEADLINE, "2024H2", "2024H1", "2023H2", "2023H1"):
        unpublish(session, service_id=service.id, period=period)
    headline = summarize_headline(session, service_id=service.id, minimum=10)
    assert headline.periods is None
    assert headline.outcome_for(1).status is Status.MISSING


def test_by_service_gives_one_outcome_per_service_with_results(session):
    provider = seeded_provider(session, "linjen-rekrytering")  # results in 2025H1 only
    periods, outcomes = summarize_by_service(session, provider_id=provider.id, minimum=10)
    match_1, match_2 = seeded_service(session, "MATCH-1"), seeded_service(session, "MATCH-2")
    assert periods == HEADLINE
    assert set(outcomes) == {match_1.id, match_2.id}
    assert outcomes[match_1.id].total == 17
    assert outcomes[match_1.id].periods == ("2025H1",) and outcomes[match_1.id].partial
    assert outcomes[match_2.id].total == 14
    _, hidden = summarize_by_service(session, provider_id=provider.id, minimum=15)
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
        session, provider_ids=[provider.id], service_id=service.id, minimum=10
    )
    extra = extras[(provider.id, service.id)]
    assert extra.average_days == 110  # (30 × 100 + 10 × 140) / 40
    assert (extra.survey.successes, extra.survey.total) == (24, 30)
    fewer = summarize_extras(
        session, provider_ids=[provider.id], service_id=service.id, minimum=11
    )[(provider.id, service.id)]
    assert (fewer.average_days, fewer.days.periods) == (100, ("2025H1",))  # 2025H2 is hidden
    assert (fewer.survey.total, fewer.survey.partial) == (20, True)
    hidden = summarize_extras(
        session, provider_ids=[provider.id], service_id=service.id, minimum=41
    )[(provider.id, service.id)]
    assert hidden.average_days is None
    assert hidden.survey.status is Status.SUPPRESSED


def test_extras_of_nobody_are_empty(session):
    assert summarize_extras(session, provider_ids=[], service_id=None, minimum=10) == {}


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


def test_half_years_not_published_are_not_listed(session):
    provider, service = seeded_provider(session), seeded_service(session)
    add_result(session, provider_id=provider.id, service_id=service.id, period="2026H1")
    listed = list_half_years(session, provider_id=provider.id, minimum=10)[service.id]
    assert listed[0].row.period == "2025H2"
    publish(session, service_id=service.id, period="2026H1")
    listed = list_half_years(session, provider_id=provider.id, minimum=10)[service.id]
    assert listed[0].row.period == "2026H1"


def test_half_year_with_nobody_and_no_minimum_has_no_result(session):
    empty = add_empty_half_year(session)
    half_years = list_half_years(session, provider_id=empty.provider_id, minimum=0)
    newest = half_years[empty.service_id][0]
    assert (newest.row.id, newest.row.completed) == (empty.id, 0)
    assert newest.outcome.status is Status.MISSING

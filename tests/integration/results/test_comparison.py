"""What the compare page is built from, on the seeded database."""

from datetime import date

import pytest

from webapp.results.comparison import MAX_COMPARE, compare_providers
from webapp.results.statistics import Status

TODAY = date(2026, 11, 22)


def compare(session, slugs, service_code=None, highlight=True):
    """Compare these providers on the seeded database."""
    return compare_providers(
        session,
        slugs=slugs,
        service_code=service_code,
        highlight=highlight,
        today=TODAY,
        minimum=10,
    )


def codes(services):
    """Return the services' codes, in order."""
    return [service.code for service in services]


def test_the_one_shared_service_is_compared_with_every_providers_figures(session):
    comparison = compare(session, ["zenith-karriar", "sjostadens-jobbverkstad", "jarvalyftet"])
    assert comparison.slugs == ["zenith-karriar", "sjostadens-jobbverkstad", "jarvalyftet"]
    assert comparison.service.code == "MATCH-1"
    assert codes(comparison.shared) == ["MATCH-1"]
    assert comparison.rows[:3] == ("result", "survey", "days")
    statuses = [column.outcome.status for column in comparison.columns]
    assert statuses == [Status.SHOWN, Status.SUPPRESSED, Status.SHOWN]
    assert comparison.notices == []
    assert not comparison.asks_for_service and not comparison.shares_nothing
    assert not comparison.can_switch_service
    assert "result" in comparison.marked  # one share shown, one hidden, one other share


def test_several_shared_services_and_none_asked_for_means_asking(session):
    comparison = compare(session, ["jobbtorget", "jarvalyftet", "arbetslust-stockholm"])
    assert comparison.service is None
    assert comparison.asks_for_service
    assert codes(comparison.shared) == ["MATCH-1", "INTRO-2"]
    assert comparison.headline is None
    assert all(column.outcome is None for column in comparison.columns)


def test_the_asked_for_shared_service_is_used_and_may_be_switched(session):
    slugs = ["jobbtorget", "jarvalyftet", "arbetslust-stockholm"]
    comparison = compare(session, slugs, "INTRO-2")
    assert comparison.service.code == "INTRO-2"
    assert comparison.can_switch_service
    assert comparison.requested_not_shared is None
    assert all(column.outcome is not None for column in comparison.columns)
    assert comparison.differs >= {"municipal"}  # only Jobbtorget is the municipality's own


def test_a_service_one_provider_lacks_is_not_compared(session):
    comparison = compare(session, ["jobbtorget", "kompassen-jobbcoachning"], "FORB-1")
    assert comparison.requested_not_shared.code == "FORB-1"
    assert comparison.service.code == "MATCH-1"  # the one they share today


def test_nothing_shared_means_facts_only(session):
    comparison = compare(session, ["zenith-karriar", "bryggan-sfi-och-jobb", "cafe-karnhuset"])
    assert comparison.shares_nothing
    assert comparison.service is None and comparison.headline is None
    assert "result" not in comparison.rows and comparison.rows[0] == "services"
    assert [codes(column.services) for column in comparison.columns] == [
        ["MATCH-1"],
        ["INTRO-1", "INTRO-2"],
        ["FORB-1"],
    ]
    assert "services" in comparison.marked


def test_differences_are_only_marked_when_asked(session):
    slugs = ["zenith-karriar", "bryggan-sfi-och-jobb"]
    assert compare(session, slugs, highlight=False).marked == frozenset()
    assert compare(session, slugs, highlight=True).marked


def test_an_unknown_service_code_gets_a_notice(session):
    comparison = compare(session, ["zenith-karriar", "sjostadens-jobbverkstad"], "NOPE")
    assert any("känner inte igen" in notice for notice in comparison.notices)
    assert comparison.service.code == "MATCH-1"


@pytest.mark.parametrize(
    ("slugs", "notice"),
    [
        (["jobbtorget", "no-such-provider"], "hittade inte"),
        (
            [
                "jobbtorget",
                "jarvalyftet",
                "arbetslust-stockholm",
                "cafe-karnhuset",
                "kompassen-jobbcoachning",
            ],
            "högst fyra",
        ),
    ],
)
def test_comparison_explains_what_it_left_out(session, slugs, notice):
    comparison = compare(session, slugs)
    assert len(comparison.columns) <= MAX_COMPARE
    assert any(notice in text for text in comparison.notices)


def test_comparison_needs_two_and_holds_four(session):
    one = compare(session, ["jobbtorget"])
    assert (one.has_enough, one.has_room) == (False, True)
    assert not one.asks_for_service and not one.shares_nothing
    four = compare(session, ["jobbtorget", "jarvalyftet", "arbetslust-stockholm", "cafe-karnhuset"])
    assert (four.has_enough, four.has_room) == (True, False)

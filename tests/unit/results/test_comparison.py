"""The compare page's rules: which service is compared, and which rows differ as shown."""

from types import SimpleNamespace

import pytest

from webapp.results.comparison import (
    FACT_ROWS,
    RESULT_ROWS,
    Column,
    find_differences,
    pick_service,
    shared_services,
    shown_outcome,
)
from webapp.results.delivery import FirstMeeting, Median
from webapp.results.queries import Extras
from webapp.results.statistics import Days, Outcome, Status, summarize

MATCH_1 = SimpleNamespace(id=1, code="MATCH-1")
MATCH_2 = SimpleNamespace(id=2, code="MATCH-2")
INTRO = SimpleNamespace(id=3, code="INTRO-1")
CATALOGUE = [MATCH_1, MATCH_2, INTRO]


def test_shared_services_keep_the_catalogue_order():
    offered = [frozenset({3, 2, 1}), frozenset({1, 2}), frozenset({2, 1, 3})]
    assert shared_services(offered, CATALOGUE) == [MATCH_1, MATCH_2]
    assert shared_services([frozenset({1}), frozenset({3})], CATALOGUE) == []
    assert shared_services([], CATALOGUE) == []


@pytest.mark.parametrize(
    ("shared", "requested", "expected"),
    [
        ([MATCH_1], None, MATCH_1),  # the only shared service
        ([MATCH_1], MATCH_2, MATCH_1),  # asked for one they do not all give: the shared one
        ([MATCH_1, MATCH_2], MATCH_2, MATCH_2),  # the one the list was filtered by
        ([MATCH_1, MATCH_2], None, None),  # several and none asked for: ask
        ([MATCH_1, MATCH_2], INTRO, None),
        ([], MATCH_1, None),  # nothing in common: facts only
        ([], None, None),
    ],
)
def test_pick_service(shared, requested, expected):
    assert pick_service(shared, requested) is expected


def provider(**facts):
    """A provider with the facts the comparison rows show."""
    defaults = {
        "is_municipal": False,
        "step_free_access": True,
        "languages": [SimpleNamespace(language="sv")],
        "offices": [SimpleNamespace(district="Kista")],
        "features": [],
    }
    return SimpleNamespace(**{**defaults, **facts})


def column(outcome=None, survey=None, days=None, services=(MATCH_1,), **facts):
    """A column for one provider, with figures when an outcome is given."""
    extras = Extras(survey=survey, days=Days(days)) if survey is not None else None
    return Column(provider(**facts), list(services), outcome=outcome, extras=extras)


ROWS = RESULT_ROWS + FACT_ROWS


def test_identical_columns_differ_on_nothing():
    outcome = summarize(49, 80, 10, 0.49)
    survey = summarize(40, 52, 10)
    same = [column(outcome, survey, 124) for _ in range(3)]
    assert find_differences(same, ROWS) == frozenset()


def test_results_that_round_to_the_same_whole_percentages_do_not_differ():
    # 611 of 1000 and 612 of 1000 both read "61 %", with the same interval and verdict.
    a = summarize(611, 1000, 10, 0.5)
    b = summarize(612, 1000, 10, 0.5)
    assert a.share != b.share
    assert shown_outcome(a) != shown_outcome(b)  # the counts shown still differ
    c = Outcome(**{**vars(a), "share": 0.6111})
    assert shown_outcome(c) == shown_outcome(a)


def test_hidden_results_compare_by_their_words_only():
    small = summarize(3, 5, 10)
    other_small = summarize(1, 7, 10)
    assert small.status is Status.SUPPRESSED
    assert shown_outcome(small) == shown_outcome(other_small)
    assert shown_outcome(small) != shown_outcome(Outcome(Status.MISSING))


def test_no_survey_and_no_extras_read_the_same():
    without = column(outcome=Outcome(Status.MISSING))
    missing = column(outcome=Outcome(Status.MISSING), survey=Outcome(Status.MISSING))
    assert find_differences([without, missing], ROWS) == frozenset()


def test_each_differing_fact_is_found():
    base = column()
    other = column(
        services=(MATCH_1, INTRO),
        is_municipal=True,
        languages=[SimpleNamespace(language="ar"), SimpleNamespace(language="sv")],
        offices=[SimpleNamespace(district="Kista"), SimpleNamespace(district="Kista")],
        features=[SimpleNamespace(feature="childcare")],
    )
    rows = ("services", *FACT_ROWS)
    assert find_differences([base, other], rows) == {
        "services",
        "municipal",
        "languages",
        "features",
    }


def test_features_in_another_order_are_the_same():
    one = column(features=[SimpleNamespace(feature="a"), SimpleNamespace(feature="b")])
    two = column(features=[SimpleNamespace(feature="b"), SimpleNamespace(feature="a")])
    assert find_differences([one, two], FACT_ROWS) == frozenset()


def test_result_row_differs_when_one_shows_a_share_and_another_hides_it():
    shown = column(summarize(49, 80, 10, 0.49))
    hidden = column(summarize(3, 5, 10, 0.49))
    assert find_differences([shown, hidden], RESULT_ROWS) == {"result"}


def delivery_column(left_early: Outcome, medians: tuple) -> Column:
    """A column whose figures differ from the others only in how the service is delivered."""
    status = Status.SHOWN if medians else Status.SUPPRESSED
    extras = Extras(
        survey=summarize(40, 52, 10),
        days=Days(124),
        left_early=left_early,
        first_meeting=FirstMeeting(status, medians),
    )
    return Column(provider(), [MATCH_1], outcome=summarize(49, 80, 10, 0.49), extras=extras)


def test_delivery_rows_differ_on_what_they_show():
    median = Median("2025H2", 6, 28)
    base = delivery_column(summarize(4, 31, 10), (median,))
    assert find_differences([base, delivery_column(summarize(4, 31, 10), (median,))], ROWS) == (
        frozenset()
    )
    other_share = delivery_column(summarize(5, 31, 10), (median,))
    assert find_differences([base, other_share], ROWS) == {"left_early"}
    other_count = delivery_column(summarize(4, 31, 10), (Median("2025H2", 6, 29),))
    assert find_differences([base, other_count], ROWS) == {"first_meeting"}
    hidden = delivery_column(Outcome(Status.SUPPRESSED), ())
    assert find_differences([base, hidden], ROWS) == {"left_early", "first_meeting"}


def test_no_extras_means_no_delivery_figures_either():
    without = column(outcome=Outcome(Status.MISSING))
    assert without.left_early == Outcome(Status.MISSING)
    assert without.first_meeting == FirstMeeting(Status.MISSING)

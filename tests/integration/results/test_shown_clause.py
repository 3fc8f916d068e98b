"""The disclosure rule in SQL agrees with the rule in Python over generated cases."""

import random
from collections import defaultdict

import pytest
from sqlmodel import select

from tests.factories import scene
from webapp.results.models import Result
from webapp.results.queries import tally_by_provider
from webapp.results.statistics import hidden_clause, is_hidden, is_shown, shown_clause, tally
from webapp.results.windows import find_windows


@pytest.fixture
def generated(session):
    """Give every stored half-year a random number of participants, zeros and small ones too."""
    rng = random.Random(20261129)
    with scene(session) as writer:
        for row in writer.exec(select(Result)):
            row.completed = rng.choice([0, 1, rng.randint(2, 9), 10, 11, rng.randint(12, 60)])
            row.in_work = rng.randint(0, row.completed)
            row.in_studies = rng.randint(0, row.completed - row.in_work)
            writer.add(row)
    return session


@pytest.mark.parametrize("minimum", [0, 1, 5, 10, 12])
def test_the_clauses_pick_the_rows_the_predicates_pick(generated, minimum):
    statement = select(
        Result.completed,
        shown_clause(Result.completed, minimum),
        hidden_clause(Result.completed, minimum),
    )
    rows = generated.exec(statement).all()
    assert len({completed for completed, _, _ in rows}) > 5
    for completed, shown, hidden in rows:
        assert (bool(shown), bool(hidden)) == (
            is_shown(completed, minimum),
            is_hidden(completed, minimum),
        ), completed


@pytest.mark.parametrize("minimum", [0, 10, 12])
def test_tallies_summed_in_sql_are_the_tallies_of_each_row_added_up(generated, minimum):
    windows = find_windows(generated)
    in_sql = tally_by_provider(generated, windows=windows, minimum=minimum)
    expected: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for row in generated.exec(select(Result)):
        if row.period not in windows.get(row.service_id, ()):
            continue
        one = tally(row.period, row.completed, row.in_work + row.in_studies, minimum)
        sums = expected[row.provider_id][row.period]
        sums[0] += one.completed
        sums[1] += one.successes
        sums[2] += one.hidden
    assert {
        provider_id: {t.period: [t.completed, t.successes, t.hidden] for t in tallies}
        for provider_id, tallies in in_sql.items()
    } == {provider_id: dict(periods) for provider_id, periods in expected.items()}

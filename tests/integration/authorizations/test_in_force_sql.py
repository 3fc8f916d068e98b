"""The SQL twins of the in-force rules select exactly the periods the Python predicates accept."""

from datetime import date, timedelta
from itertools import product

import pytest
from sqlmodel import select

from tests.factories.authorizations import make_period
from tests.factories.providers import make_provider
from webapp.authorizations.in_force import authorized_on, is_in_force, overlapping, overlaps
from webapp.authorizations.models import Authorization

START = date(2026, 6, 1)
# Periods start before, on and after the days tested; they are open-ended, or end the
# day after they start, a week later, or long after.
STARTS = [START + timedelta(days=offset) for offset in (-400, -1, 0, 3, 9)]
LENGTHS = [None, 1, 7, 365]
DAYS = [START + timedelta(days=offset) for offset in range(-3, 16)]
SPANS = [0, 1, 6, 200]


@pytest.fixture
def periods(db_session):
    """Every start × length as a period of one provider, as stored."""
    provider = make_provider(db_session)
    for start, length in product(STARTS, LENGTHS):
        until = None if length is None else start + timedelta(days=length)
        make_period(db_session, provider, valid_from=start, valid_until=until)
    statement = select(Authorization).where(Authorization.provider_id == provider.id)
    stored = list(db_session.exec(statement))
    assert len(stored) == len(STARTS) * len(LENGTHS)
    return stored


def selected(session, periods, condition) -> set[int]:
    """Return the ids among periods that the SQL condition selects."""
    ids = [p.id for p in periods]
    statement = select(Authorization.id).where(Authorization.id.in_(ids), condition)
    return set(session.exec(statement))


def test_authorized_on_agrees_with_is_in_force(db_session, periods):
    for day in DAYS:
        expected = {p.id for p in periods if is_in_force(p, day)}
        assert selected(db_session, periods, authorized_on(day)) == expected, day


def test_overlapping_agrees_with_overlaps(db_session, periods):
    for first, span in product(DAYS, SPANS):
        last = first + timedelta(days=span)
        expected = {p.id for p in periods if overlaps(p, first, last)}
        assert selected(db_session, periods, overlapping(first, last)) == expected, (first, last)


def test_the_cases_cover_both_answers(periods):
    """The generated cases are not all in force, nor all out of force, on the days tested."""
    answers = {is_in_force(p, day) for p, day in product(periods, DAYS)}
    assert answers == {True, False}

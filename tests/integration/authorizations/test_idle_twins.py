"""The SQL twin of "twelve months without customers" selects exactly what the Python rule says."""

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import select

from tests.factories.authorizations import make_period
from tests.factories.choices import make_choice, make_invitation
from tests.factories.providers import make_provider
from webapp.authorizations.idle import due_by, find_recording_start, is_due
from webapp.authorizations.models import Authorization

BASE = date(2024, 2, 29)  # a leap day, so the cases cross 29 February
# The times of day a choice is made: the edges of a UTC day and noon.
TIMES = [time(0, 0), time(12, 0), time(23, 59, 59, 999999)]


def add_cases(session, rng: random.Random, count: int) -> list[tuple[int, date, date | None]]:
    """Add providers with a MATCH-1 period and maybe choices; return (period, start, last day)."""
    cases = []
    for _number in range(count):
        provider = make_provider(session)
        start = BASE + timedelta(days=rng.randrange(-400, 700))
        period = make_period(session, provider, valid_from=start)
        last = None
        for _choice in range(rng.choice([0, 0, 1, 2])):
            day = BASE + timedelta(days=rng.randrange(-200, 800))
            invitation, _code = make_invitation(session, decision_date=day, deadline=day)
            at = datetime.combine(day, rng.choice(TIMES), UTC)
            make_choice(session, invitation, provider=provider.slug, chosen_at=at)
            last = day if last is None else max(last, day)
        # A choice for another service never counts for this one.
        if rng.random() < 0.3:
            day = BASE + timedelta(days=rng.randrange(0, 900))
            invitation, _code = make_invitation(session, service="MATCH-2", decision_date=day)
            make_choice(
                session,
                invitation,
                provider=provider.slug,
                chosen_at=datetime.combine(day, time(9), UTC),
            )
        cases.append((period.id, start, last))
    return cases


def test_due_by_agrees_with_is_due(db_session):
    rng = random.Random(16)
    cases = add_cases(db_session, rng, 40)
    began = find_recording_start(db_session)
    assert began is not None
    ids = [period_id for period_id, _start, _last in cases]
    answers = set()
    for offset in range(-100, 1300, 37):
        day = BASE + timedelta(days=offset)
        statement = select(Authorization.id).where(Authorization.id.in_(ids), due_by(day))
        expected = {
            period_id
            for period_id, start, last in cases
            if is_due(authorized_from=start, last_choice=last, recording_began=began, day=day)
        }
        assert set(db_session.exec(statement)) == expected, day
        answers |= {period_id in expected for period_id in ids}
    assert answers == {True, False}, "the cases cover both answers"


def test_without_choices_neither_rule_finds_anything(db_session):
    provider = make_provider(db_session)
    period = make_period(db_session, provider, valid_from=date(2020, 1, 1))
    day = date(2030, 1, 1)
    statement = select(Authorization.id).where(Authorization.id == period.id, due_by(day))
    assert list(db_session.exec(statement)) == []
    assert not is_due(
        authorized_from=date(2020, 1, 1), last_choice=None, recording_began=None, day=day
    )

"""The SQL twin of a provider's standing selects exactly the providers the Python rule names."""

from datetime import date, timedelta
from itertools import combinations

from sqlmodel import select

from tests.factories.authorizations import make_period
from tests.factories.providers import make_provider
from webapp.providers.models import Provider
from webapp.results.public_record import (
    STANDINGS,
    get_public_provider,
    on_public_record,
    standing,
    standing_is,
)

DAY = date(2026, 6, 1)
# Periods that ended, end the day after DAY, run through DAY (ending or open), start on it,
# start the day after it, or start much later.
SHAPES = [
    (-400, -10),
    (-400, 0),
    (-400, 1),
    (-400, None),
    (0, 30),
    (1, None),
    (90, 200),
]
DAYS = [DAY + timedelta(days=offset) for offset in (-401, -1, 0, 1, 2, 89, 90, 250)]


def add_providers(session) -> list[Provider]:
    """Store a provider for every set of one or two period shapes, on two services."""
    providers = []
    for number, shapes in enumerate([*combinations(SHAPES, 1), *combinations(SHAPES, 2)]):
        provider = make_provider(session, slug=f"standing-twin-{number}")
        for index, (start, end) in enumerate(shapes):
            make_period(
                session,
                provider,
                service=("MATCH-1", "MATCH-2")[index],
                valid_from=DAY + timedelta(days=start),
                valid_until=None if end is None else DAY + timedelta(days=end),
            )
        providers.append(provider)
    return providers


def test_standing_is_agrees_with_standing(session):
    slugs = [provider.slug for provider in add_providers(session)]
    providers = [get_public_provider(session, slug=slug) for slug in slugs]
    ids = [provider.id for provider in providers]
    seen = set()
    for day in DAYS:
        for code in STANDINGS:
            expected = {p.id for p in providers if standing(p, day)[0] == code}
            statement = select(Provider.id).where(
                Provider.id.in_(ids), on_public_record(), standing_is(code, day)
            )
            assert set(session.exec(statement)) == expected, (day, code)
            if expected:
                seen.add(code)
    assert seen == set(STANDINGS), "the cases cover every standing"

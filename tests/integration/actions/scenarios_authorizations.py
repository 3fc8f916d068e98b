"""Scenarios for the authorization actions: one decision each, on a provider of its own."""

from datetime import date

from tests.factories.authorizations import make_decision, make_period
from tests.factories.providers import make_provider
from webapp.authorizations.actions import authorize, deauthorize


def grant(session) -> None:
    """Authorize a new provider for two services from the first of December."""
    provider = make_provider(session)
    authorize(
        session,
        provider_id=provider.id,
        decision=make_decision(session, ["MATCH-1", "FORB-1"], effective=date(2026, 12, 1)),
        recorded_by=None,
    )


def revoke(session) -> None:
    """End an open-ended authorization from the first of December."""
    provider = make_provider(session)
    make_period(session, provider, service="MATCH-1", valid_from=date(2022, 1, 1))
    deauthorize(
        session,
        provider_id=provider.id,
        decision=make_decision(session, ["MATCH-1"], effective=date(2026, 12, 1), reason="breach"),
        recorded_by=None,
    )


SCENARIOS = {
    ("webapp.authorizations.actions.authorize", "authorization.grant"): grant,
    ("webapp.authorizations.actions.deauthorize", "authorization.revoke"): revoke,
}

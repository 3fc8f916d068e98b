"""Scenarios for the authorization actions: one decision each, on a provider of its own."""

from datetime import date

from tests.factories.authorizations import make_period, service_id
from tests.factories.providers import make_provider
from webapp.authorizations.actions import authorize, deauthorize
from webapp.authorizations.rules import Decision


def decision(session, codes, *, effective: date, reason: str | None = None) -> Decision:
    """A decision taken on 1 November 2026 for the services with these codes."""
    return Decision(
        service_ids=tuple(service_id(session, code) for code in codes),
        decision_date=date(2026, 11, 1),
        effective_date=effective,
        decision_reference="AMN 2026/0123",
        reason=reason,
    )


def grant(session) -> None:
    """Authorize a new provider for two services from the first of December."""
    provider = make_provider(session)
    authorize(
        session,
        provider_id=provider.id,
        decision=decision(session, ["MATCH-1", "FORB-1"], effective=date(2026, 12, 1)),
        recorded_by=None,
    )


def revoke(session) -> None:
    """End an open-ended authorization from the first of December."""
    provider = make_provider(session)
    make_period(session, provider, service="MATCH-1", valid_from=date(2022, 1, 1))
    deauthorize(
        session,
        provider_id=provider.id,
        decision=decision(session, ["MATCH-1"], effective=date(2026, 12, 1), reason="breach"),
        recorded_by=None,
    )


SCENARIOS = {
    ("webapp.authorizations.actions.authorize", "authorization.grant"): grant,
    ("webapp.authorizations.actions.deauthorize", "authorization.revoke"): revoke,
}

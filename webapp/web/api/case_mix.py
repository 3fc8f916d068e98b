"""The API's case-mix resources: strata rates, and each provider's expected share."""

from flask import current_app

from webapp.core.db import get_session
from webapp.results.casemix.open_data import (
    Expected,
    StratumRate,
    collect_expected,
    collect_strata_rates,
)
from webapp.results.public_record import list_provider_identities, load_catalog
from webapp.web.api.params import read_listing
from webapp.web.api.responses import list_response
from webapp.web.api.views import bp


def strata_rate_document(item: StratumRate) -> dict:
    """Describe the rate one stratum is given in a service and half-year, and its pool."""
    stratum, pool = item.stratum, item.pool
    return {
        "service": item.service.code,
        "period": item.period,
        "stratum": {
            "code": stratum.code,
            "age_band": stratum.age_band,
            "assistance": stratum.assistance,
            "newcomer": stratum.newcomer,
            "level": stratum.level,
        },
        "pool": {
            "code": pool.code,
            "kind": pool.kind.value,
            "participants": pool.completed,
            "in_work_or_studies": pool.successes,
            "rate": pool.rate,
        },
    }


def expected_result(item: Expected) -> dict | None:
    """Return the actual and expected shares, only the fact of hiding, or None."""
    if item.standardised is None:
        return None if item.reason else {"suppressed": True}
    outcome = item.standardised.outcome
    return {
        "suppressed": False,
        "participants": outcome.total,
        "in_work_or_studies": outcome.successes,
        "share": outcome.share,
        "interval": {"low": outcome.low, "high": outcome.high, "confidence": 0.95},
        "expected_share": item.standardised.expected_published,
        "comparison": item.standardised.comparison.value,
        "half_years": list(outcome.periods),
    }


def expected_document(item: Expected) -> dict:
    """Describe one provider's actual share for a service beside its expected share."""
    return {
        "provider": item.provider.slug,
        "service": item.service.code,
        "periods": list(item.pooled.periods) if item.pooled.periods else None,
        "result": expected_result(item),
        "reason": item.reason,
    }


@bp.get("/v1/strata-rates")
def strata_rates():
    """List every stratum's rate per service and published half-year, with the pool it is from."""
    reader, paging, lang = read_listing("service", "period")
    session = get_session()
    known = load_catalog(session)
    service = reader.choice("service", known.by_code, "service")
    period = reader.period()
    reader.finish()
    rates = collect_strata_rates(
        session,
        services=[service] if service else known.services,
        period=period,
        minimum=current_app.config["MIN_GROUP_SIZE"],
    )
    return list_response(rates, strata_rate_document, paging, lang)


@bp.get("/v1/expected-results")
def expected_results():
    """List each provider's actual share per service beside the share expected for its people."""
    reader, paging, lang = read_listing("service", "provider")
    session = get_session()
    known = load_catalog(session)
    service = reader.choice("service", known.by_code, "service")
    names = {name.slug: name for name in list_provider_identities(session)}
    chosen = reader.choice("provider", names, "provider")
    reader.finish()
    items = collect_expected(
        session,
        providers=[chosen] if chosen else list(names.values()),
        services=[service] if service else known.services,
        minimum=current_app.config["MIN_GROUP_SIZE"],
    )
    return list_response(items, expected_document, paging, lang)

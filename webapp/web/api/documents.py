"""Turn schemes, services, providers and results into the API's JSON documents."""

from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import force_locale

from webapp.authorizations.status import describe_status
from webapp.catalog.models import Scheme, Service
from webapp.catalog.vocab import TARGET_GROUPS
from webapp.core.templating import localized
from webapp.providers.models import Provider
from webapp.providers.vocab import FEATURES
from webapp.results.delivery import FirstMeeting
from webapp.results.open_data import Cell, Pooled
from webapp.results.public_record import Catalog, standing_of
from webapp.results.statistics import Outcome, Status
from webapp.web.api.links import SlugAddress


def local_text(row, field: str, lang: str | None = None) -> dict[str, str]:
    """Return a stored text in the active language (or lang), or the Swedish original."""
    text = localized(row, field, lang)
    return {"text": text.text, "lang": text.lang}


def labelled(code: str, labels: dict) -> dict[str, str]:
    """Return a code with its label in the active language."""
    return {"code": code, "label": str(labels[code]) if code in labels else code}


def labels_in(labels: dict, lang: str) -> dict[str, str]:
    """Return the labels translated into lang: once per request instead of once per item."""
    with force_locale(lang):
        return {code: str(label) for code, label in labels.items()}


def scheme_document(scheme: Scheme) -> dict:
    """Describe a choice scheme and list its services' codes."""
    return {
        "code": scheme.code,
        "name": local_text(scheme, "name"),
        "description": local_text(scheme, "description"),
        "services": [service.code for service in scheme.services],
        "links": {"self": url_for("api.scheme", code=scheme.code)},
    }


def service_document(service: Service, *, catalog: Catalog) -> dict:
    """Describe a service: its scheme, level, the capacity it suits and its target groups."""
    return {
        "code": service.code,
        "scheme": catalog.scheme_of(service).code,
        "name": local_text(service, "name"),
        "description": local_text(service, "description"),
        "level": service.level,
        "capacity_min": service.capacity_min,
        "capacity_max": service.capacity_max,
        "target_groups": [
            labelled(group.target_group, TARGET_GROUPS)
            for group in sorted(service.target_groups, key=lambda g: g.target_group)
        ],
        "links": {
            "self": url_for("api.service", code=service.code),
            "pooled_results": url_for("api.pooled_results", service=service.code),
            "results": url_for("api.results", service=service.code),
        },
    }


@dataclass(frozen=True)
class ProviderContext:
    """What the provider documents of one request share, made once rather than per provider.

    follow_up_links maps (provider, service, day) of a de-authorization to the
    published follow-up that led to it.
    """

    today: date
    services: dict[int, Service]
    lang: str
    follow_up_links: dict[tuple[int, int, date], int]
    features: dict[str, str]
    addresses: dict[str, SlugAddress]


def provider_context(
    *, today: date, catalog: Catalog, lang: str, follow_up_links: dict[tuple[int, int, date], int]
) -> ProviderContext:
    """Return the labels in lang and the address makers every provider document uses."""
    return ProviderContext(
        today=today,
        services=catalog.by_id,
        lang=lang,
        follow_up_links=follow_up_links,
        features=labels_in(FEATURES, lang),
        addresses={
            "self": SlugAddress("api.provider"),
            "html": SlugAddress("public.provider", lang=lang),
            "results": SlugAddress("api.results", "provider"),
            "pooled_results": SlugAddress("api.pooled_results", "provider"),
            "follow_ups": SlugAddress("api.follow_ups", "provider"),
        },
    )


def provider_document(provider: Provider, *, context: ProviderContext) -> dict:
    """Describe a provider as the public profile page does, with its authorization history."""
    services, lang = context.services, context.lang
    status = describe_status(provider, context.today)
    code, dates = standing_of(status)
    authorizations = sorted(
        provider.authorizations, key=lambda a: (a.valid_from, services[a.service_id].code, a.id)
    )
    return {
        "slug": provider.slug,
        "org_number": provider.org_number,
        "name": provider.name,
        "description": local_text(provider, "description", lang),
        "municipal": provider.is_municipal,
        "website": provider.website or None,
        "phone": provider.phone or None,
        "email": provider.email or None,
        "step_free_access": provider.step_free_access,
        "accessibility_note": local_text(provider, "accessibility_note", lang),
        "staff_languages": sorted(language.language for language in provider.languages),
        "features": [
            labelled(feature.feature, context.features)
            for feature in sorted(provider.features, key=lambda f: f.feature)
        ],
        "status": {
            "code": code,
            "services": [s.code for s in services.values() if s.id in status.active_service_ids],
            **dates,
        },
        "authorizations": [
            {
                "service": services[authorization.service_id].code,
                "valid_from": authorization.valid_from.isoformat(),
                "valid_until": (
                    authorization.valid_until.isoformat() if authorization.valid_until else None
                ),
                "end_reason": authorization.end_reason,
                "follow_up": follow_up_link(authorization, context.follow_up_links),
            }
            for authorization in authorizations
        ],
        "offices": [
            {
                "street_address": office.street_address,
                "postal_code": office.postal_code or None,
                "city": office.city or None,
                "district": office.district,
                "opening_hours": local_text(office, "opening_hours", lang),
            }
            for office in sorted(provider.offices, key=lambda o: o.id)
        ],
        "links": {rel: address(provider.slug) for rel, address in context.addresses.items()},
    }


def follow_up_link(authorization, links: dict[tuple[int, int, date], int]) -> str | None:
    """Return the address of the published follow-up that ended an authorization, if any."""
    if authorization.valid_until is None:
        return None
    key = (authorization.provider_id, authorization.service_id, authorization.valid_until)
    return url_for("api.follow_up", follow_up_id=links[key]) if key in links else None


def half_year_result(cell: Cell) -> dict:
    """Return the counts of a shown half-year, or only the fact that it is hidden."""
    if cell.outcome.status is Status.SUPPRESSED:
        return {"suppressed": True}
    row = cell.row
    return {
        "suppressed": False,
        "participants": row.completed,
        "in_work": row.in_work,
        "in_studies": row.in_studies,
        "in_work_or_studies": cell.outcome.successes,
        "share": cell.outcome.share,
        "left_early": left_early_result(cell.left_early),
        "first_meeting": half_year_first_meeting(cell.first_meeting),
    }


def left_early_result(outcome: Outcome | None, *, pooled: bool = False) -> dict | None:
    """Return left early out of those who started, only that it is hidden, or None (unreported)."""
    if outcome is None or outcome.status is Status.MISSING:
        return None
    if outcome.status is Status.SUPPRESSED:
        return {"suppressed": True}
    found = {
        "suppressed": False,
        "started": outcome.total,
        "left_early": outcome.successes,
        "share": outcome.share,
    }
    if pooled:
        found["half_years"] = list(outcome.periods)
    return found


def half_year_first_meeting(meeting: FirstMeeting | None) -> dict | None:
    """Return a half-year's median days to the first meeting with its count, hidden, or None."""
    if meeting is None or meeting.status is Status.MISSING:
        return None
    if meeting.status is Status.SUPPRESSED:
        return {"suppressed": True}
    (median,) = meeting.medians
    return {"suppressed": False, "median_days": median.days, "people": median.people}


def pooled_first_meeting(meeting: FirstMeeting | None) -> dict | None:
    """Return the window's shown half-years' medians, oldest first, hidden, or None."""
    if meeting is None or meeting.status is Status.MISSING:
        return None
    if meeting.status is Status.SUPPRESSED:
        return {"suppressed": True}
    medians = sorted(meeting.medians, key=lambda median: median.period)
    return {
        "suppressed": False,
        "half_years": [
            {"period": m.period, "median_days": m.days, "people": m.people} for m in medians
        ],
    }


def cell_document(cell: Cell) -> dict:
    """Describe one provider's result for one service in one half-year."""
    return {
        "provider": cell.provider.slug,
        "service": cell.service.code,
        "period": cell.period,
        "result": half_year_result(cell) if cell.outcome else None,
        "reason": cell.reason.value if cell.reason else None,
    }


def pooled_result(pooled: Pooled) -> dict:
    """Return a pooled result with interval and comparison, or only the fact that it is hidden."""
    outcome, extras = pooled.outcome, pooled.extras
    if outcome.status is Status.SUPPRESSED:
        return {"suppressed": True}
    return {
        "suppressed": False,
        "participants": outcome.total,
        "in_work_or_studies": outcome.successes,
        "share": outcome.share,
        "interval": {"low": outcome.low, "high": outcome.high, "confidence": 0.95},
        "average": outcome.average,
        "comparison": outcome.comparison.value if outcome.comparison else None,
        "half_years": list(outcome.periods),
        "left_early": left_early_result(extras.left_early, pooled=True) if extras else None,
        "first_meeting": pooled_first_meeting(extras.first_meeting) if extras else None,
    }


def pooled_document(pooled: Pooled) -> dict:
    """Describe one provider's pooled result of the window, for a service or all services."""
    return {
        "provider": pooled.provider.slug,
        "service": pooled.service.code if pooled.service else None,
        "periods": list(pooled.periods) if pooled.periods else None,
        "result": pooled_result(pooled) if pooled.outcome else None,
        "reason": pooled.reason.value if pooled.reason else None,
    }

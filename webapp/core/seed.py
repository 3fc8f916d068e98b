"""Load the demo data in seed_data/ into the database; safe to run again.

Every row is found by its natural key and created or brought in line with the
files: schemes and services by code, providers by organisation number, offices
by street address, authorizations by service and start date, results by
service and half-year, case-mix strata by their half-year group
(webapp.core.seed_case_mix); every half-year of the results is published for its
service. Authorization terms and follow-ups come from followups.json
(``webapp.followups.seed``). The codes a row lists (a service's target groups, a
provider's languages and features) are replaced by the file's list. Nothing
else is deleted, so rows added through the admin stay.
"""

import json
from datetime import date
from typing import Any

from sqlmodel import Session, SQLModel, select

from webapp.authorizations.models import Authorization
from webapp.authorizations.vocab import END_REASONS
from webapp.catalog.models import (
    Scheme,
    SchemeTranslation,
    Service,
    ServiceTargetGroup,
    ServiceTranslation,
)
from webapp.catalog.vocab import TARGET_GROUPS
from webapp.core.config import LANGUAGES, ROOT
from webapp.core.db import get_session
from webapp.core.seed_case_mix import upsert_case_mix
from webapp.core.textkeys import fold_for_search
from webapp.followups.seed import load_follow_up_seed
from webapp.providers.models import (
    Office,
    OfficeTranslation,
    Provider,
    ProviderFeature,
    ProviderLanguage,
    ProviderTranslation,
)
from webapp.providers.orgnumbers import normalize_org_number
from webapp.providers.vocab import FEATURES
from webapp.results.models import PublishedPeriod, Result
from webapp.results.periods import parse_period

SEED_DIR = ROOT / "seed_data"
# The columns of a result row that come straight from the file.
RESULT_COUNTS = (
    "completed",
    "in_work",
    "in_studies",
    "average_days",
    "survey_respondents",
    "survey_satisfied",
)
# How the service was delivered: optional, as in the results import (null or left out: none).
DELIVERY_COUNTS = ("started", "left_early", "first_meeting_days", "first_meeting_people")


def load_seed(only_if_empty: bool = False) -> bool:
    """Bring the demo data up to date in one transaction; return True if anything changed."""
    session = get_session()
    if only_if_empty and session.exec(select(Provider.id).limit(1)).first() is not None:
        return False
    changes = upsert_schemes(session, read_seed_file("schemes.json"))
    changes += upsert_providers(session, read_seed_file("providers.json"))
    changes += upsert_results(session, read_seed_file("results.json"))
    changes += publish_result_periods(session, read_seed_file("results.json"))
    session.flush()
    changes += load_follow_up_seed(session, read_seed_file("followups.json"))
    changes += upsert_case_mix(session, read_seed_file("case_mix.json"))
    for lang in LANGUAGES[1:]:
        path = SEED_DIR / "translations" / f"{lang}.json"
        if path.exists():
            changes += upsert_translations(
                session, lang, read_seed_file(f"translations/{lang}.json")
            )
    session.commit()
    return changes > 0


def read_seed_file(name: str) -> Any:
    """Read one JSON file from seed_data/."""
    return json.loads((SEED_DIR / name).read_text(encoding="utf-8"))


def assign(row: SQLModel, values: dict[str, Any]) -> bool:
    """Set the attributes that differ from values; return True if any did."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def check_code(code: str, vocabulary: dict, what: str) -> str:
    """Return the code, or fail loudly if the vocabulary does not know it."""
    if code not in vocabulary:
        raise ValueError(f"Unknown {what} in seed data: {code!r}")
    return code


def parse_date(text: str | None) -> date | None:
    """Turn an ISO date string (or None) into a date."""
    return date.fromisoformat(text) if text else None


def upsert_schemes(session: Session, schemes: list[dict]) -> int:
    """Create or update the schemes and their services; return the number of changes."""
    existing = {scheme.code: scheme for scheme in session.exec(select(Scheme))}
    changes = 0
    for position, data in enumerate(schemes, start=1):
        values = {
            "code": data["code"],
            "name": data["name"],
            "description": data["description"],
            "position": position,
        }
        scheme = existing.get(data["code"])
        if scheme is None:
            scheme = Scheme(**values)
            session.add(scheme)
            session.flush()
            changes += 1
        else:
            changes += assign(scheme, values)
        changes += upsert_services(session, scheme.id, data["services"])
    return changes


def upsert_services(session: Session, scheme_id: int, services: list[dict]) -> int:
    """Create or update the services of one scheme; return the number of changes."""
    codes = [data["code"] for data in services]
    existing = {s.code: s for s in session.exec(select(Service).where(Service.code.in_(codes)))}
    changes = 0
    for position, data in enumerate(services, start=1):
        values = {
            "scheme_id": scheme_id,
            "code": data["code"],
            "name": data["name"],
            "description": data["description"],
            "level": data["level"],
            "capacity_min": data["capacity_min"],
            "capacity_max": data["capacity_max"],
            "position": position,
        }
        service = existing.get(data["code"])
        if service is None:
            service = Service(**values)
            session.add(service)
            session.flush()
            changes += 1
        else:
            changes += assign(service, values)
        groups = [check_code(g, TARGET_GROUPS, "target group") for g in data["target_groups"]]
        changes += sync_codes(
            session, ServiceTargetGroup, "service_id", service.id, "target_group", groups
        )
    return changes


def sync_codes(
    session: Session, model: type[SQLModel], owner: str, owner_id: int, column: str, codes
) -> int:
    """Make the codes linked to one owner exactly the given ones; return the number of changes."""
    rows = session.exec(select(model).where(getattr(model, owner) == owner_id)).all()
    current = {getattr(row, column): row for row in rows}
    wanted = set(codes)
    for code in wanted - current.keys():
        session.add(model(**{owner: owner_id, column: code}))
    for code in current.keys() - wanted:
        session.delete(current[code])
    return len(wanted ^ current.keys())


def upsert_providers(session: Session, providers: list[dict]) -> int:
    """Create or update every provider with its details; return the number of changes."""
    service_ids = dict(session.exec(select(Service.code, Service.id)).all())
    existing = {p.org_number: p for p in session.exec(select(Provider))}
    changes = 0
    for data in providers:
        values = provider_values(data)
        provider = existing.get(values["org_number"])
        if provider is None:
            provider = Provider(**values)
            session.add(provider)
            session.flush()
            changes += 1 + upsert_provider_details(session, provider.id, data)
        else:
            changed = assign(provider, values) + upsert_provider_details(session, provider.id, data)
            if changed:
                # The admin refuses edits made on an older version than this.
                provider.version += 1
            changes += changed
        changes += upsert_authorizations(session, provider.id, data["authorizations"], service_ids)
    return changes


def provider_values(data: dict) -> dict[str, Any]:
    """Pick a provider's own columns from its seed entry."""
    org_number = normalize_org_number(data["org_number"])
    if org_number != data["org_number"]:
        raise ValueError(f"Invalid organisation number in seed data: {data['org_number']!r}")
    return {
        "org_number": org_number,
        "name": data["name"],
        "search_name": fold_for_search(data["name"]),
        "slug": data["slug"],
        "description": data["description"],
        "website": data["website"],
        "phone": data["phone"],
        "email": data["email"],
        "is_municipal": data["is_municipal"],
        "step_free_access": data["step_free_access"],
        "accessibility_note": data["accessibility_note"],
    }


def upsert_provider_details(session: Session, provider_id: int, data: dict) -> int:
    """Bring a provider's languages, features and offices in line with its seed entry."""
    features = [check_code(code, FEATURES, "feature") for code in data["features"]]
    changes = sync_codes(
        session, ProviderLanguage, "provider_id", provider_id, "language", data["languages"]
    )
    changes += sync_codes(session, ProviderFeature, "provider_id", provider_id, "feature", features)
    return changes + upsert_offices(session, provider_id, data["offices"])


def upsert_offices(session: Session, provider_id: int, offices: list[dict]) -> int:
    """Create or update a provider's offices, matched by street address."""
    rows = session.exec(select(Office).where(Office.provider_id == provider_id))
    existing = {office.street_address: office for office in rows}
    changes = 0
    for data in offices:
        values = {"provider_id": provider_id, **data}
        office = existing.get(data["street_address"])
        if office is None:
            session.add(Office(**values))
            changes += 1
        else:
            changes += assign(office, values)
    return changes


def upsert_authorizations(
    session: Session, provider_id: int, authorizations: list[dict], service_ids: dict[str, int]
) -> int:
    """Create or update a provider's authorizations, matched by service and start date."""
    rows = session.exec(select(Authorization).where(Authorization.provider_id == provider_id))
    existing = {(a.service_id, a.valid_from): a for a in rows}
    changes = 0
    for data in authorizations:
        end_reason = data["end_reason"]
        values = {
            "provider_id": provider_id,
            "service_id": service_ids[data["service"]],
            "decision_date": parse_date(data["decision_date"]),
            "valid_from": parse_date(data["valid_from"]),
            "valid_until": parse_date(data["valid_until"]),
            "decision_reference": data["decision_reference"],
            "end_reason": end_reason and check_code(end_reason, END_REASONS, "end reason"),
        }
        authorization = existing.get((values["service_id"], values["valid_from"]))
        if authorization is None:
            session.add(Authorization(**values))
            changes += 1
        else:
            changes += assign(authorization, values)
    return changes


def upsert_results(session: Session, results: list[dict]) -> int:
    """Create or update the half-year results, matched by provider, service and period."""
    provider_ids = dict(session.exec(select(Provider.org_number, Provider.id)).all())
    service_ids = dict(session.exec(select(Service.code, Service.id)).all())
    existing = {(r.provider_id, r.service_id, r.period): r for r in session.exec(select(Result))}
    changes = 0
    for data in results:
        if parse_period(data["period"]) is None:
            raise ValueError(f"Invalid period in seed data: {data['period']!r}")
        values = {
            "provider_id": provider_ids[data["org_number"]],
            "service_id": service_ids[data["service"]],
            "period": data["period"],
            **{name: data[name] for name in RESULT_COUNTS},
            **{name: data.get(name) for name in DELIVERY_COUNTS},
        }
        result = existing.get((values["provider_id"], values["service_id"], data["period"]))
        if result is None:
            session.add(Result(**values))
            changes += 1
        else:
            changes += assign(result, values)
    return changes


def publish_result_periods(session: Session, results: list[dict]) -> int:
    """Mark every half-year of the demo results published for its service: all are complete."""
    service_ids = dict(session.exec(select(Service.code, Service.id)).all())
    stored = session.exec(select(PublishedPeriod.service_id, PublishedPeriod.period))
    published = {tuple(row) for row in stored}
    wanted = {(service_ids[data["service"]], data["period"]) for data in results}
    for service_id, period in sorted(wanted - published):
        session.add(PublishedPeriod(service_id=service_id, period=period))
    return len(wanted - published)


def upsert_translations(session: Session, lang: str, texts: dict) -> int:
    """Store one language's texts for schemes, services, providers and opening hours."""
    changes = 0
    for model, translation, key, owner, section in (
        (Scheme, SchemeTranslation, Scheme.code, "scheme_id", "schemes"),
        (Service, ServiceTranslation, Service.code, "service_id", "services"),
        (Provider, ProviderTranslation, Provider.slug, "provider_id", "providers"),
    ):
        ids = dict(session.exec(select(key, model.id)).all())
        for natural_key, values in texts.get(section, {}).items():
            if natural_key not in ids:
                raise ValueError(f"Unknown {section} key in {lang} texts: {natural_key!r}")
            changes += upsert_translation(
                session, translation, {owner: ids[natural_key], "lang": lang}, values
            )
    # Opening hours repeat across offices, so they are translated once per wording.
    hours = texts.get("opening_hours", {})
    for office in session.exec(select(Office).where(Office.opening_hours.in_(list(hours)))):
        changes += upsert_translation(
            session,
            OfficeTranslation,
            {"office_id": office.id, "lang": lang},
            {"opening_hours": hours[office.opening_hours]},
        )
    return changes


def upsert_translation(
    session: Session, model: type[SQLModel], key: dict[str, Any], values: dict[str, Any]
) -> int:
    """Create or update one translation row; return 1 if it changed."""
    row = session.get(model, key)
    if row is None:
        session.add(model(**key, **values))
        return 1
    return int(assign(row, values))

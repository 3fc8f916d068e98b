"""Providers and their offices, as tests need them."""

from itertools import count

from sqlmodel import Session

from tests.factories import scene
from webapp.core.textkeys import fold_for_search
from webapp.providers.models import (
    Office,
    Provider,
    ProviderFeature,
    ProviderLanguage,
    ProviderTranslation,
)
from webapp.providers.orgnumbers import luhn_valid
from webapp.providers.profile import OfficeProfile, ProviderProfile

_numbers = count(1)


def new_org_number() -> str:
    """Return a valid organisation number no seed provider has (series 559900-…)."""
    while True:
        digits = f"559900{next(_numbers) % 10000:04d}"
        if luhn_valid(digits):
            return f"{digits[:6]}-{digits[6:]}"


def make_provider(
    session: Session,
    *,
    name: str | None = None,
    org_number: str | None = None,
    slug: str | None = None,
    offices: int = 1,
    languages: tuple[str, ...] = ("sv",),
    features: tuple[str, ...] = (),
    texts: dict[str, str] | None = None,
    **fields,
) -> Provider:
    """Store a provider with some offices (in Bromma), languages, features and descriptions.

    texts maps a language to a description in it. Returns the provider as the
    caller's session sees it.
    """
    org_number = org_number or new_org_number()
    name = name or f"Testanordnaren {org_number}"
    provider = Provider(
        org_number=org_number,
        name=name,
        search_name=fold_for_search(name),
        slug=slug or f"test-{org_number}",
        offices=[
            Office(street_address=f"Testgatan {number}", district="Bromma")
            for number in range(1, offices + 1)
        ],
        languages=[ProviderLanguage(language=code) for code in languages],
        features=[ProviderFeature(feature=code) for code in features],
        translations=[
            ProviderTranslation(lang=lang, description=text) for lang, text in (texts or {}).items()
        ],
        **fields,
    )
    with scene(session) as writer:
        writer.add(provider)
        writer.flush()
        provider_id = provider.id
    return session.get(Provider, provider_id)


def make_office(session: Session, provider: Provider, **fields) -> Office:
    """Store one more office for the provider."""
    values = {"street_address": "Testvägen 9", "district": "Farsta", **fields}
    with scene(session) as writer:
        office = Office(provider_id=provider.id, **values)
        writer.add(office)
        writer.flush()
        office_id = office.id
    return session.get(Office, office_id)


def bump_version(session: Session, provider: Provider) -> None:
    """Change the provider's version as a save outside the admin would (the seed command)."""
    with scene(session) as writer:
        writer.get(Provider, provider.id).version += 1
    session.refresh(provider)


def new_profile(**changes) -> ProviderProfile:
    """Return a complete profile with one new office; changes replace its fields."""
    values = {
        "org_number": "5560000001",
        "name": "Östermalms Jobbstöd",
        "offices": (
            OfficeProfile(office_id=None, street_address="Karlavägen 1", district="Östermalm"),
        ),
        **changes,
    }
    return ProviderProfile(**values)

"""A provider's profile as staff enter it, and how it is stored on the provider and its rows.

The admin form turns what was typed into a ProviderProfile; ``apply_profile``
puts it on a provider: normalized org number and postal codes, the search name,
offices added, changed or removed, and texts in other languages (no text in a
language means no row, so the public site falls back to Swedish).
"""

import re
from dataclasses import dataclass, field

from webapp.core.config import LANGUAGES, SOURCE_LANGUAGE
from webapp.core.textkeys import fold_for_search
from webapp.providers.models import (
    Office,
    OfficeTranslation,
    Provider,
    ProviderFeature,
    ProviderLanguage,
    ProviderTranslation,
)
from webapp.providers.orgnumbers import normalize_org_number

# Languages a provider's texts can be written in besides Swedish.
TEXT_LANGUAGES = tuple(lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE)
# The provider's own fields staff edit, and an office's.
PROVIDER_FIELDS = (
    "org_number",
    "name",
    "slug",
    "description",
    "website",
    "phone",
    "email",
    "is_municipal",
    "step_free_access",
    "accessibility_note",
)
OFFICE_FIELDS = ("street_address", "postal_code", "city", "district", "opening_hours")
PROVIDER_TEXTS = ("description", "accessibility_note")


@dataclass(frozen=True)
class OfficeProfile:
    """An office to keep: office_id None (or unknown) adds a new one."""

    office_id: int | None
    street_address: str
    district: str
    postal_code: str = ""
    city: str = ""
    opening_hours: str = ""
    hours: dict[str, str] = field(default_factory=dict)  # opening hours per other language


@dataclass(frozen=True)
class ProviderProfile:
    """Everything staff enter about a provider; slug None lets a new provider get one made."""

    org_number: str
    name: str
    slug: str | None = None
    description: str = ""
    website: str = ""
    phone: str = ""
    email: str = ""
    is_municipal: bool = False
    step_free_access: bool = False
    accessibility_note: str = ""
    languages: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    offices: tuple[OfficeProfile, ...] = ()
    removed_office_ids: frozenset[int] = frozenset()
    # Per other language: {"description": …, "accessibility_note": …}.
    texts: dict[str, dict[str, str]] = field(default_factory=dict)


def make_slug(name: str) -> str:
    """Turn a name into a slug: ASCII, lower case, words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", fold_for_search(name))
    slug = "-".join(words)[:100].strip("-")
    return slug or "anordnare"


def number_slug(base: str, taken: set[str]) -> str:
    """Return base, or base with -2, -3… added, whichever is not taken."""
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def normalize_postal_code(value: str) -> str:
    """Write a five-digit postal code as 'NNN NN'; leave anything else as it is."""
    digits = value.replace(" ", "")
    return f"{digits[:3]} {digits[3:]}" if len(digits) == 5 else value


def new_provider() -> Provider:
    """Return an empty provider whose collections can be filled before it is stored."""
    return Provider(
        org_number="", name="", search_name="", slug="",
        offices=[], languages=[], features=[], translations=[],
    )  # fmt: skip


def apply_profile(provider: Provider, profile: ProviderProfile) -> None:
    """Put the profile on the provider, its offices, language and feature codes, and texts."""
    for name in PROVIDER_FIELDS:
        value = getattr(profile, name)
        if value is not None:
            setattr(provider, name, value)
    provider.org_number = normalize_org_number(profile.org_number)
    provider.search_name = fold_for_search(provider.name)
    _sync_codes(provider.languages, ProviderLanguage, "language", profile.languages)
    _sync_codes(provider.features, ProviderFeature, "feature", profile.features)
    existing = {row.lang: row for row in provider.translations}
    for lang in TEXT_LANGUAGES:
        texts = profile.texts.get(lang, {})
        values = {name: texts.get(name) or "" for name in PROVIDER_TEXTS}
        _store_translation(provider.translations, existing.get(lang), values, lang, "provider")
    _sync_offices(provider, profile)


def _sync_codes(rows: list, model, column: str, wanted) -> None:
    for row in [row for row in rows if getattr(row, column) not in wanted]:
        rows.remove(row)
    present = {getattr(row, column) for row in rows}
    rows.extend(model(**{column: code}) for code in wanted if code not in present)


def _store_translation(rows: list, row, values: dict, lang: str, kind: str) -> None:
    if not any(values.values()):
        if row is not None:
            rows.remove(row)
    elif row is None:
        model = ProviderTranslation if kind == "provider" else OfficeTranslation
        rows.append(model(lang=lang, **values))
    else:
        for name, value in values.items():
            setattr(row, name, value)


def _sync_offices(provider: Provider, profile: ProviderProfile) -> None:
    existing = {office.id: office for office in provider.offices}
    for office_id in profile.removed_office_ids:
        if office_id in existing:
            provider.offices.remove(existing[office_id])
    for entry in profile.offices:
        office = existing.get(entry.office_id)
        if office is None:  # a new office (an unknown id is treated as one too)
            office = Office(street_address="", district="", translations=[])
            provider.offices.append(office)
        for name in OFFICE_FIELDS:
            setattr(office, name, getattr(entry, name) or "")
        office.postal_code = normalize_postal_code(office.postal_code)
        current = {row.lang: row for row in office.translations}
        for lang in TEXT_LANGUAGES:
            values = {"opening_hours": entry.hours.get(lang) or ""}
            _store_translation(office.translations, current.get(lang), values, lang, "office")

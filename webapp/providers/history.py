"""A provider's saved versions: snapshots for the audit log, stale edits, and what changed since.

Every save bumps the provider's version and logs a snapshot of the provider as
it was before; an edit opened on an older version is stale, and the snapshots
tell which fields were saved since.
"""

from webapp.providers.models import Provider
from webapp.providers.profile import OFFICE_FIELDS, PROVIDER_FIELDS, PROVIDER_TEXTS, TEXT_LANGUAGES
from webapp.staff.audit import snapshot


def is_stale(provider: Provider, opened_version: int | None) -> bool:
    """Tell whether an edit opened on opened_version would overwrite a later save."""
    return opened_version != provider.version


def is_current_version(opened_version: int):
    """Return the SQL condition for a provider still on opened_version; twin of is_stale."""
    return Provider.version == opened_version


def snapshot_provider(provider: Provider) -> dict:
    """Return the provider with its codes, offices and texts as JSON-friendly values."""
    offices = sorted(provider.offices, key=lambda office: office.id or 0)
    return {
        **snapshot(provider, (*PROVIDER_FIELDS, "version")),
        "languages": sorted(row.language for row in provider.languages),
        "features": sorted(row.feature for row in provider.features),
        "offices": [
            {
                **snapshot(office, ("id", *OFFICE_FIELDS)),
                "translations": {row.lang: row.opening_hours for row in office.translations},
            }
            for office in offices
        ],
        "translations": {row.lang: snapshot(row, PROVIDER_TEXTS) for row in provider.translations},
    }


def flatten_snapshot(values: dict) -> dict:
    """Turn a provider snapshot into one comparable value per field the form shows.

    Keys are field names; a text in another language is "name:lang".
    """
    offices = values.get("offices") or []
    flat = {name: values.get(name) for name in PROVIDER_FIELDS}
    flat["languages"] = tuple(values.get("languages") or ())
    flat["features"] = tuple(values.get("features") or ())
    flat["offices"] = tuple(
        tuple(office.get(name) for name in ("id", *OFFICE_FIELDS)) for office in offices
    )
    texts = values.get("translations") or {}
    for lang in TEXT_LANGUAGES:
        for name in PROVIDER_TEXTS:
            flat[f"{name}:{lang}"] = (texts.get(lang) or {}).get(name) or ""
        flat[f"opening_hours:{lang}"] = tuple(
            (office.get("street_address"), (office.get("translations") or {}).get(lang))
            for office in offices
            if (office.get("translations") or {}).get(lang)
        )
    return flat


def changes_since(
    provider: Provider, opened_version: int | None, update_snapshots: list[dict]
) -> dict | None:
    """Return {field key: value now} for what was saved since opened_version; None if unknown.

    update_snapshots are the 'before' snapshots of the provider's logged updates,
    newest first: the oldest made on the opened version or later holds the
    values the user saw. Without one (the version changed outside the admin),
    what changed cannot be told.
    """
    base = None
    for before in update_snapshots:
        version = before.get("version")
        if opened_version is None or not isinstance(version, int) or version < opened_version:
            break
        base = before
    if base is None:
        return None
    old, new = flatten_snapshot(base), flatten_snapshot(snapshot_provider(provider))
    return {key: value for key, value in new.items() if old[key] != value}

"""How far a change to a provider reaches: its own pages only, or every list.

A provider's texts and contact details (description, accessibility note,
telephone, e-mail, website, office addresses and opening hours) show only where
the provider itself shows: its profile, its card in a list, a comparison that
holds it. Nothing filters, sorts or counts on them. Anything else (the name, the
slug, languages, features, districts, an office added or removed) can move the
provider in or out of a list, or change its order or the filters' options, so a
change to it reaches every list. The caches (``webapp.core.dataversion``) keep
every other page when a change stays on the provider's own pages.
"""

# Snapshot keys (``webapp.providers.history.snapshot_provider``) that show only
# on the provider's own pages; "version" is the edit counter, shown nowhere.
OWN_PAGE_KEYS = frozenset(
    {"description", "website", "phone", "email", "accessibility_note", "translations", "version"}
)


def stays_on_own_pages(before, after) -> bool:
    """Tell whether an update changed only what shows on the provider's own pages."""
    if not isinstance(before, dict) or not isinstance(after, dict):
        return False  # no snapshots to tell by: assume it reaches everything
    return _reaching_part(before) == _reaching_part(after)


def _reaching_part(snapshot: dict) -> tuple:
    """Return what of a snapshot can reach beyond the provider's own pages."""
    rest = {key: value for key, value in snapshot.items() if key not in OWN_PAGE_KEYS}
    offices = rest.pop("offices", None) or []
    # Of an office, lists filter on the district; the address shows on its own pages.
    kept = sorted(
        (office.get("id") or 0, str(office.get("district")))
        for office in offices
        if isinstance(office, dict)
    )
    return rest, kept, len(offices)


def confined_provider(action: str, entity_type: str, entity_id, before, after) -> int | None:
    """Return the provider whose own pages alone an audited change reaches, or None for all."""
    if (
        action == "provider.update"
        and entity_type == "provider"
        and entity_id is not None
        and stays_on_own_pages(before, after)
    ):
        return int(entity_id)
    return None

"""A provider's saved versions: snapshots, stale edits, and what changed since a version."""

import pytest

from webapp.providers.history import changes_since, flatten_snapshot, is_stale, snapshot_provider
from webapp.providers.models import (
    Office,
    OfficeTranslation,
    Provider,
    ProviderLanguage,
    ProviderTranslation,
)


def provider(version: int = 3, phone: str = "08-1", hours: str = "") -> Provider:
    """A provider with one office and an Arabic description, as if read from the database."""
    translations = [OfficeTranslation(lang="en", opening_hours=hours)] if hours else []
    return Provider(
        id=7,
        org_number="556016-0680",
        name="Jobbtorget",
        search_name="jobbtorget",
        slug="jobbtorget",
        phone=phone,
        version=version,
        languages=[ProviderLanguage(language="sv")],
        features=[],
        offices=[
            Office(id=1, street_address="Storgatan 1", district="Farsta", translations=translations)
        ],
        translations=[ProviderTranslation(lang="ar", description="نص")],
    )


@pytest.mark.parametrize(("opened", "stale"), [(3, False), (2, True), (4, True), (None, True)])
def test_an_edit_is_stale_unless_opened_on_the_version_stored(opened, stale):
    assert is_stale(provider(version=3), opened) is stale


def test_a_snapshot_holds_fields_codes_offices_and_texts():
    values = snapshot_provider(provider(hours="9–16"))
    assert (values["name"], values["version"], values["languages"]) == ("Jobbtorget", 3, ["sv"])
    assert values["offices"][0]["translations"] == {"en": "9–16"}
    assert values["translations"] == {"ar": {"description": "نص", "accessibility_note": ""}}
    flat = flatten_snapshot(values)
    assert flat["description:ar"] == "نص"
    assert flat["opening_hours:en"] == (("Storgatan 1", "9–16"),)
    assert flat["description:en"] == ""


def test_changes_since_the_version_opened():
    # Two updates were logged: from version 2 (by someone else) and from 1 (before it).
    seen = snapshot_provider(provider(version=2))
    older = snapshot_provider(provider(version=1, phone="08-0"))
    now = provider(version=3, phone="08-9", hours="9–16")
    changed = changes_since(now, 2, [seen, older])
    assert changed == {"phone": "08-9", "opening_hours:en": (("Storgatan 1", "9–16"),)}


def test_changes_cannot_be_told_without_a_logged_update():
    now = provider(version=3)
    assert changes_since(now, 2, []) is None
    assert changes_since(now, None, [snapshot_provider(provider(version=2))]) is None
    # Only updates made before the version opened: the values seen are unknown.
    assert changes_since(now, 2, [snapshot_provider(provider(version=1))]) is None

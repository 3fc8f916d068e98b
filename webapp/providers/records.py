"""Providers as public pages read them: plain frozen records, loaded column by column.

Public pages only read providers, so they need none of what the ORM adds to a
row (identity map, change tracking, relationship loaders), which costs most of a
profile's time. These records carry the same attribute names as the models
(``provider.offices[0].translations``, ``provider.authorizations``), so
templates and rules read either. Being immutable, they can be kept per data
version and shared by requests (``webapp.core.datacache``).
"""

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import ColumnElement, Table, literal, null, select, union_all
from sqlmodel import Session

from webapp.authorizations.models import Authorization
from webapp.core.records import record_type
from webapp.providers.models import (
    Office,
    OfficeTranslation,
    Provider,
    ProviderFeature,
    ProviderLanguage,
    ProviderTranslation,
)


def _rows(session: Session, table: Table, condition: ColumnElement, *order) -> list:
    """Return a table's rows matching condition, as mappings of column key to value."""
    statement = select(table).where(condition).order_by(*order)
    return [row._mapping for row in session.execute(statement)]


def _grouped(rows: Iterable, key: str, table: Table) -> dict:
    """Group rows as records of table by the value of key."""
    kind = record_type(table)
    groups = defaultdict(list)
    for row in rows:
        groups[row[key]].append(kind(**row))
    return {value: tuple(records) for value, records in groups.items()}


def _load_offices(session: Session, ids: list[int]) -> dict[int, list]:
    """Return the offices of these providers with their translations, in the order added."""
    table, texts = Office.__table__, OfficeTranslation.__table__
    statement = (
        select(table, texts.c.lang, texts.c.opening_hours.label("translated_hours"))
        .outerjoin(texts, texts.c.office_id == table.c.id)
        .where(table.c.provider_id.in_(ids))
        .order_by(table.c.id, texts.c.lang)
    )
    office_kind = record_type(table, ("translations",))
    text_kind = record_type(texts)
    columns = [column.key for column in table.columns]
    rows: dict[int, tuple[dict, list]] = {}
    for row in session.execute(statement):
        found = row._mapping
        office, translations = rows.setdefault(found["id"], ({c: found[c] for c in columns}, []))
        if found["lang"] is not None:
            translations.append(
                text_kind(
                    office_id=found["id"],
                    lang=found["lang"],
                    opening_hours=found["translated_hours"],
                )
            )
    offices = defaultdict(list)
    for office, translations in rows.values():
        record = office_kind(**office, translations=tuple(translations))
        offices[office["provider_id"]].append(record)
    return offices


def _load_details(session: Session, ids: list[int]) -> dict[str, dict[int, tuple]]:
    """Return these providers' languages, features and translations, in one statement."""
    # One statement for three small tables: each costs more to send than to read.
    parts = [
        select(
            literal("languages").label("kind"),
            ProviderLanguage.provider_id,
            ProviderLanguage.language.label("key"),
            null().label("description"),
            null().label("accessibility_note"),
        ).where(ProviderLanguage.provider_id.in_(ids)),
        select(
            literal("features").label("kind"),
            ProviderFeature.provider_id,
            ProviderFeature.feature.label("key"),
            null().label("description"),
            null().label("accessibility_note"),
        ).where(ProviderFeature.provider_id.in_(ids)),
        select(
            literal("translations").label("kind"),
            ProviderTranslation.provider_id,
            ProviderTranslation.lang.label("key"),
            ProviderTranslation.description,
            ProviderTranslation.accessibility_note,
        ).where(ProviderTranslation.provider_id.in_(ids)),
    ]
    statement = union_all(*parts).order_by("kind", "provider_id", "key")
    kinds = {
        "languages": lambda r: record_type(ProviderLanguage.__table__)(
            provider_id=r.provider_id, language=r.key
        ),
        "features": lambda r: record_type(ProviderFeature.__table__)(
            provider_id=r.provider_id, feature=r.key
        ),
        "translations": lambda r: record_type(ProviderTranslation.__table__)(
            provider_id=r.provider_id,
            lang=r.key,
            description=r.description,
            accessibility_note=r.accessibility_note,
        ),
    }
    found: dict[str, dict[int, list]] = {kind: defaultdict(list) for kind in kinds}
    for row in session.execute(statement):
        found[row.kind][row.provider_id].append(kinds[row.kind](row))
    return {kind: {pid: tuple(items) for pid, items in by.items()} for kind, by in found.items()}


def load_provider_records(session: Session, condition: ColumnElement) -> list:
    """Return the providers matching condition with their profile data, as records.

    Four statements however many providers match. Offices come in the order they
    were added, authorizations by start and service.
    """
    providers = _rows(session, Provider.__table__, condition)
    if not providers:
        return []
    ids = [row["id"] for row in providers]
    offices = _load_offices(session, ids)
    loaded = _load_details(session, ids)
    loaded["authorizations"] = _grouped(
        _rows(
            session,
            Authorization.__table__,
            Authorization.provider_id.in_(ids),
            Authorization.valid_from,
            Authorization.service_id,
        ),
        "provider_id",
        Authorization.__table__,
    )
    relations = ("offices", "languages", "features", "authorizations", "translations")
    kind = record_type(Provider.__table__, relations)
    return [
        kind(
            **row,
            offices=tuple(offices.get(row["id"], ())),
            **{name: found.get(row["id"], ()) for name, found in loaded.items()},
        )
        for row in providers
    ]

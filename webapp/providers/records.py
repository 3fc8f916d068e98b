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
from dataclasses import make_dataclass
from functools import cache

from sqlalchemy import ColumnElement, Table, select
from sqlmodel import Session

from webapp.authorizations.models import Authorization
from webapp.providers.models import (
    Office,
    OfficeTranslation,
    Provider,
    ProviderFeature,
    ProviderLanguage,
    ProviderTranslation,
)


@cache
def record_type(table: Table, relations: tuple[str, ...] = ()) -> type:
    """Return a frozen record class with a table's columns and the named relations."""
    fields = [column.key for column in table.columns] + list(relations)
    name = "".join(part.title() for part in table.name.split("_")) + "Record"
    return make_dataclass(name, fields, frozen=True, slots=True)


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


def load_provider_records(session: Session, condition: ColumnElement) -> list:
    """Return the providers matching condition with their profile data, as records.

    One statement per relation however many providers match. Offices come in
    the order they were added, authorizations by start and service.
    """
    providers = _rows(session, Provider.__table__, condition)
    if not providers:
        return []
    ids = [row["id"] for row in providers]
    office_rows = _rows(session, Office.__table__, Office.provider_id.in_(ids), Office.id)
    office_ids = [row["id"] for row in office_rows]
    office_texts = _grouped(
        _rows(session, OfficeTranslation.__table__, OfficeTranslation.office_id.in_(office_ids)),
        "office_id",
        OfficeTranslation.__table__,
    )
    office_kind = record_type(Office.__table__, ("translations",))
    offices = defaultdict(list)
    for row in office_rows:
        offices[row["provider_id"]].append(
            office_kind(**row, translations=office_texts.get(row["id"], ()))
        )
    related = {
        "languages": (ProviderLanguage, ProviderLanguage.language),
        "features": (ProviderFeature, ProviderFeature.feature),
        "authorizations": (Authorization, Authorization.valid_from, Authorization.service_id),
        "translations": (ProviderTranslation, ProviderTranslation.lang),
    }
    loaded = {
        name: _grouped(
            _rows(session, model.__table__, model.provider_id.in_(ids), *order),
            "provider_id",
            model.__table__,
        )
        for name, (model, *order) in related.items()
    }
    kind = record_type(Provider.__table__, ("offices", *related))
    return [
        kind(
            **row,
            offices=tuple(offices.get(row["id"], ())),
            **{name: found.get(row["id"], ()) for name, found in loaded.items()},
        )
        for row in providers
    ]

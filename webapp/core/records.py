"""Rows as plain frozen records: what public pages read, without the ORM's bookkeeping."""

from dataclasses import make_dataclass
from functools import cache

from sqlalchemy import Table


@cache
def record_type(table: Table, relations: tuple[str, ...] = ()) -> type:
    """Return a frozen record class with a table's columns and the named relations."""
    fields = [column.key for column in table.columns] + list(relations)
    name = "".join(part.title() for part in table.name.split("_")) + "Record"
    return make_dataclass(name, fields, frozen=True, slots=True)

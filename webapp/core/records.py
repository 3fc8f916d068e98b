"""Rows as plain frozen records: what public pages read, without the ORM's bookkeeping."""

from dataclasses import field, fields, make_dataclass
from functools import cache

from sqlalchemy import Table


@cache
def record_type(table: Table, relations: tuple[str, ...] = ()) -> type:
    """Return a frozen record class with a table's columns and the named relations."""
    names = [column.key for column in table.columns] + list(relations)
    name = "".join(part.title() for part in table.name.split("_")) + "Record"
    # Records are keys of kept fragments, hashed on every lookup: hash each once.
    hashed = ("hash_", int, field(default=0, compare=False, repr=False))
    return make_dataclass(
        name,
        [*names, hashed],
        frozen=True,
        slots=True,
        namespace={"__post_init__": _remember_hash, "__hash__": _hash},
    )


def _remember_hash(record) -> None:
    values = tuple(getattr(record, name) for name in _hashed_names(type(record)))
    object.__setattr__(record, "hash_", hash(values))


@cache
def _hashed_names(kind: type) -> tuple[str, ...]:
    """Return the fields a record's hash covers (all but the hash), found once per class."""
    return tuple(f.name for f in fields(kind) if f.name != "hash_")


def _hash(record) -> int:
    return record.hash_

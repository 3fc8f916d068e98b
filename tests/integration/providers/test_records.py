"""Providers as records hold exactly what the ORM objects hold, in the same order."""

from dataclasses import FrozenInstanceError
from datetime import date

import pytest
from sqlmodel import select

from tests.factories.authorizations import make_period
from tests.factories.providers import make_office, make_provider
from webapp.providers.models import Provider
from webapp.providers.queries import get_provider, list_providers_by_id, list_providers_by_slug
from webapp.providers.records import load_provider_records


def columns_of(model_row) -> dict:
    """Return a model row's column values."""
    return {column.key: getattr(model_row, column.key) for column in model_row.__table__.columns}


def assert_same(record, provider) -> None:
    """Check a record against the ORM provider it was read from."""
    assert {k: getattr(record, k) for k in columns_of(provider)} == columns_of(provider)
    assert len(record.offices) == len(provider.offices)
    for mine, theirs in zip(record.offices, provider.offices, strict=True):
        assert {k: getattr(mine, k) for k in columns_of(theirs)} == columns_of(theirs)
        texts = sorted(sorted(vars_of(t).items()) for t in mine.translations)
        assert texts == sorted(sorted(columns_of(t).items()) for t in theirs.translations)
    for name in ("languages", "features", "translations"):
        mine = sorted(sorted(vars_of(item).items()) for item in getattr(record, name))
        theirs = sorted(sorted(columns_of(item).items()) for item in getattr(provider, name))
        assert mine == theirs, name
    assert [vars_of(a) for a in record.authorizations] == [
        columns_of(a) for a in provider.authorizations
    ]


def vars_of(record) -> dict:
    """Return a record's fields."""
    # hash_ is the record's own bookkeeping (webapp.core.records), not a column.
    return {name: getattr(record, name) for name in record.__dataclass_fields__ if name != "hash_"}


def test_a_record_holds_what_the_model_holds(db_session):
    provider = make_provider(db_session, slug="posten", offices=2, texts={"en": "Hello"})
    make_office(db_session, provider, street_address="Sista gatan 3")
    make_period(db_session, provider, service="FORB-1", valid_from=date(2025, 1, 1))
    make_period(db_session, provider, service="MATCH-1")
    db_session.flush()
    [record] = load_provider_records(db_session, Provider.slug == "posten")
    assert_same(record, get_provider(db_session, slug="posten"))


def test_every_seeded_provider_reads_the_same_as_records(db_session):
    for provider in db_session.exec(select(Provider)).all():
        [record] = list_providers_by_id(db_session, ids=[provider.id])
        assert_same(record, get_provider(db_session, provider_id=provider.id))


def test_records_come_in_the_order_asked_and_unknown_ones_are_left_out(db_session):
    slugs = ["jobbtorget", "no-such-provider", "jarvalyftet"]
    found = list_providers_by_slug(db_session, slugs=slugs)
    assert [record.slug for record in found] == ["jobbtorget", "jarvalyftet"]
    assert list_providers_by_slug(db_session, slugs=[]) == []


def test_a_record_refuses_changes(db_session):
    [record] = list_providers_by_slug(db_session, slugs=["jobbtorget"])
    with pytest.raises(FrozenInstanceError):
        record.name = "Något annat"

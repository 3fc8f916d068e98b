"""Public changes commit in the order of their audit event ids, so no process misses one.

The data version reads "the newest public event and any after the last one read".
On PostgreSQL, without the ordering lock, a change could draw id 100, another id
101 and commit first; a process reading in between would take 101 as newest and
never see 100, serving pages without that change until the next one.
"""

import threading

import pytest
from sqlmodel import Session

from tests.conftest import build_app, isolated_database_url
from webapp.core.actions import action
from webapp.core.dataversion import DataVersion, read_public_changes
from webapp.providers.reach import confined_provider
from webapp.staff.audit import record_event


@action("provider.update")
def edit_description(session, *, provider_id: int, text: str) -> None:
    """A probe: a provider update that reaches only that provider's own pages."""
    record_event(
        session,
        "provider.update",
        entity_type="provider",
        entity_id=provider_id,
        before={"description": ""},
        after={"description": text},
    )


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """An engine on a database of this module's own, on PostgreSQL only."""
    url = isolated_database_url(tmp_path_factory, "changeorder")
    if not url.startswith("postgresql"):
        pytest.skip("SQLite lets one writer in at a time: its ids commit in order anyway")
    app = build_app(url)
    yield app.extensions["db_engine"]
    app.extensions["db_engine"].dispose()


def test_a_later_change_waits_for_an_earlier_one_to_commit(engine):
    version = DataVersion(read_public_changes(engine, confined_provider), check_seconds=0)
    start = version.current()
    first = Session(engine)
    edit_description(first, provider_id=1, text="first")
    first.flush()  # holds the lower id, not yet committed

    second_done = threading.Event()

    def second_change():
        with Session(engine) as second:
            edit_description(second, provider_id=2, text="second")
            second.commit()
        second_done.set()

    worker = threading.Thread(target=second_change)
    worker.start()
    # The second change waits; a process reading now sees neither.
    assert not second_done.wait(0.5)
    assert version.current() == start
    first.commit()
    first.close()
    worker.join(timeout=10)
    assert second_done.is_set()
    version.current()
    assert version.needed_for(frozenset({1})) > start
    assert version.needed_for(frozenset({2})) > version.needed_for(frozenset({1}))

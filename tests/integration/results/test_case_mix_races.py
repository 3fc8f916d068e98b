"""Concurrent case-mix confirmations on PostgreSQL: one saved, once, and the other told why.

Two editors preview two files that replace the same half-year's strata, then
confirm at the same moment: one is saved, the other is told the data changed
since its preview, and one audit event records it. A double-submitted
confirmation saves one import. Each request runs in its own thread on its own
connection, and commits, as under gunicorn.
"""

import os

import pytest
from sqlmodel import select

from tests.conftest import build_app, isolated_database_url
from tests.factories.staff import staff_account
from tests.integration.results.test_import_races import at_once, editors, flashed
from tests.integration.web.admin.test_case_mix_import import (
    CONFIRM_URL,
    JOBBTORGET,
    confirm_data,
    file_text,
    upload,
)
from webapp.core.db import get_session
from webapp.results.casemix.models import CaseMixImport
from webapp.staff.models import AuditEvent

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="races need PostgreSQL (SQLite lets one connection write at a time)",
)


@pytest.fixture(scope="module")
def race_app(tmp_path_factory):
    """An app on a schema of its own: these tests commit for real."""
    app = build_app(isolated_database_url(tmp_path_factory, "casemixraces"))
    with app.app_context():
        session = get_session()
        for number in (1, 2):
            staff_account(session, role="editor", email=f"racer{number}@kommun.example")
        session.commit()
    yield app
    app.extensions["db_engine"].dispose()


def strata_file(young: int) -> str:
    """Return a file splitting Jobbtorget's MATCH-1 2025H2 (59 completed, 28 succeeded)."""
    return file_text(
        f"{JOBBTORGET};MATCH-1;2025H2;18-24;lt1;nej;1;{young};{min(young, 28)}",
        f"{JOBBTORGET};MATCH-1;2025H2;50+;gt3;ja;3;{59 - young};{28 - min(young, 28)}",
    )


def case_mix_events(app) -> list[AuditEvent]:
    """Return the case-mix import events, oldest first."""
    with app.app_context():
        statement = select(AuditEvent).where(AuditEvent.action == "results.case_mix_import")
        return list(get_session().exec(statement.order_by(AuditEvent.id)))


def test_concurrent_case_mix_confirmations_save_one_and_tell_the_other(race_app):
    first, second = editors(race_app)
    for pair in range(5):
        forms = [
            confirm_data(upload(client, strata_file(young)))
            for client, young in zip((first, second), (30 + 2 * pair, 31 + 2 * pair), strict=True)
        ]
        before = len(case_mix_events(race_app))
        answers = at_once(
            *(
                (lambda client=client, form=form: client.post(CONFIRM_URL, form))
                for client, form in zip((first, second), forms, strict=True)
            )
        )
        assert sorted(a.status_code for a in answers) == [200, 302], f"pair {pair}"
        loser = next(a for a in answers if a.status_code == 200)
        assert "har ändrats sedan du förhandsgranskade" in loser.get_data(as_text=True)
        assert len(case_mix_events(race_app)) == before + 1


def test_a_double_submitted_case_mix_confirmation_saves_once(race_app):
    editor, _other = editors(race_app)
    form = confirm_data(upload(editor, strata_file(44)))
    answers = at_once(
        lambda: editor.post(CONFIRM_URL, form), lambda: editor.post(CONFIRM_URL, form)
    )
    assert [answer.status_code for answer in answers] == [302, 302]
    with race_app.app_context():
        saved = get_session().exec(
            select(CaseMixImport).where(CaseMixImport.confirmation == form["confirmation"])
        )
        assert len(saved.all()) == 1
    messages = sorted(flashed(race_app, answer) for answer in answers)
    assert messages[0].startswith("Den här filen är redan sparad"), messages
    assert messages[1].startswith("Inläsningen är klar"), messages

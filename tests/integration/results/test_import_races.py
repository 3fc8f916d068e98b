"""Concurrent import confirmations on PostgreSQL: serialised, truthful, with a right audit trail.

Two editors preview two different files that change the same result, then
confirm at the same moment, ten times over: one is saved, the other is told
that the data changed since its preview; the stored value is the saved file's
and the one audit event's "before" is the value both previews showed. A
double-submitted confirmation stores one import and one audit event, and its
second answer says the file is already saved. Each request runs in its own
thread on its own connection, and commits, as under gunicorn.
"""

import os
import threading

import pytest
from sqlmodel import select

from tests.conftest import StaffClient, build_app, isolated_database_url, parse_page
from tests.factories.results import seeded_provider, seeded_service
from tests.factories.staff import staff_account
from tests.integration.web.admin.test_imports import CONFIRM_URL, HEADER, JOBBTORGET, upload
from webapp.core.db import get_session
from webapp.core.extensions import limiter
from webapp.results.models import Result, ResultImport
from webapp.staff.models import AuditEvent

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="races need PostgreSQL (SQLite lets one connection write at a time)",
)
PAIRS = 10
PERIOD = "2025H2"


@pytest.fixture(scope="module")
def race_app(tmp_path_factory):
    """An app on a schema of its own: these tests commit for real."""
    app = build_app(isolated_database_url(tmp_path_factory, "importraces"))
    with app.app_context():
        session = get_session()
        for number in (1, 2):
            staff_account(session, role="editor", email=f"racer{number}@kommun.example")
        session.commit()
    yield app
    app.extensions["db_engine"].dispose()


def editors(app) -> list[StaffClient]:
    """Two editors, each logged in in a browser of their own."""
    limiter.reset()
    clients = []
    for number in (1, 2):
        client = StaffClient(app.test_client())
        assert client.login(f"racer{number}@kommun.example").status_code == 302
        clients.append(client)
    return clients


def confirm_form(response) -> dict[str, str]:
    """Return the hidden fields of a preview's confirm form."""
    form = parse_page(response).find("form", action=CONFIRM_URL)
    return {field["name"]: field.get("value", "") for field in form.find_all("input")}


def at_once(*calls):
    """Run the calls in threads released together; return their results in order."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def stored_completed(app) -> int:
    """Return the stored 'completed' of the result both files change."""
    with app.app_context():
        session = get_session()
        provider, service = seeded_provider(session), seeded_service(session)
        return session.exec(
            select(Result.completed).where(
                Result.provider_id == provider.id,
                Result.service_id == service.id,
                Result.period == PERIOD,
            )
        ).one()


def import_events(app) -> list[AuditEvent]:
    """Return the results.import events, oldest first."""
    with app.app_context():
        statement = (
            select(AuditEvent).where(AuditEvent.action == "results.import").order_by(AuditEvent.id)
        )
        return list(get_session().exec(statement))


def file_setting(completed: int) -> str:
    """Return a file that sets the shared result's 'completed' (the rest kept valid)."""
    return f"{HEADER}\n{JOBBTORGET};MATCH-1;{PERIOD};{completed};1;1;90\n"


def test_concurrent_confirmations_never_lose_an_update_or_misrecord_one(race_app):
    first, second = editors(race_app)
    label = f"{JOBBTORGET} MATCH-1 {PERIOD}"
    for pair in range(PAIRS):
        shown = stored_completed(race_app)
        values = (200 + 2 * pair, 201 + 2 * pair)
        forms = [
            confirm_form(upload(client, file_setting(value)))
            for client, value in zip((first, second), values, strict=True)
        ]
        events_before = len(import_events(race_app))

        answers = at_once(
            *(
                (lambda client=client, form=form: client.post(CONFIRM_URL, form))
                for client, form in zip((first, second), forms, strict=True)
            )
        )

        statuses = sorted(answer.status_code for answer in answers)
        assert statuses == [200, 302], f"pair {pair}: both or neither saved: {statuses}"
        winner = values[[answer.status_code for answer in answers].index(302)]
        loser = answers[[answer.status_code for answer in answers].index(200)]
        alert = parse_page(loser).select_one("main .alert[role=alert]").get_text()
        assert "har ändrats sedan du förhandsgranskade" in alert
        assert stored_completed(race_app) == winner
        new_events = import_events(race_app)[events_before:]
        assert len(new_events) == 1, f"pair {pair}: {len(new_events)} audit events"
        assert new_events[0].before[label]["completed"] == shown
        assert new_events[0].after[label]["completed"] == winner


def test_a_double_submitted_confirmation_saves_once_and_says_so(race_app):
    editor, _other = editors(race_app)
    form = confirm_form(upload(editor, file_setting(stored_completed(race_app) + 7)))
    events_before = len(import_events(race_app))

    answers = at_once(
        lambda: editor.post(CONFIRM_URL, form), lambda: editor.post(CONFIRM_URL, form)
    )

    assert [answer.status_code for answer in answers] == [302, 302]
    assert len(import_events(race_app)) == events_before + 1
    with race_app.app_context():
        saved = get_session().exec(
            select(ResultImport).where(ResultImport.confirmation == form["confirmation"])
        )
        assert len(saved.all()) == 1
    # Each answer's own message, read from the session cookie it sets.
    messages = sorted(flashed(race_app, answer) for answer in answers)
    assert messages[0].startswith("Den här filen är redan sparad"), messages
    assert messages[1].startswith("Inläsningen är klar"), messages


def flashed(app, response) -> str:
    """Return the one message a response flashed, from the session cookie it sets."""
    cookie = response.headers["Set-Cookie"].split(";", 1)[0].split("=", 1)[1]
    data = app.session_interface.get_signing_serializer(app).loads(cookie)
    ((_category, message),) = data["_flashes"]
    return message

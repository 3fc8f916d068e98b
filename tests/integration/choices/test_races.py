"""Two confirmations (or defaults) of one invitation at once: one choice stands, no error shown.

These tests need a database of their own: two requests in two threads on two
connections, which a rolled-back test transaction cannot give.
"""

import threading
import time
from datetime import timedelta

import pytest
from sqlmodel import select

from tests.conftest import build_app, isolated_database_url, parse_page
from tests.factories.choices import stored_invitation
from tests.integration.web.public.choose.conftest import ChoiceClient
from webapp.choices import actions
from webapp.choices.actions import ChoiceRaced, apply_default
from webapp.choices.models import Choice, ChoiceInvitation
from webapp.core import clock
from webapp.core.db import get_session
from webapp.staff.models import AuditEvent

ROUNDS = 5
# How long the first confirmation waits, with its choice written but not committed,
# for the second to reach the database.
HOLD_SECONDS = 0.3


@pytest.fixture(scope="module")
def race_app(tmp_path_factory):
    """An app on a database of its own, with room for many code entries."""
    app = build_app(
        isolated_database_url(tmp_path_factory, "choose_race"),
        CHOICE_RATE_LIMIT_IP="1000 per minute",
        CHOICE_RATE_LIMIT_CODE="1000 per minute",
    )
    yield app
    app.extensions["db_engine"].dispose()


def two_people(app) -> tuple[ChoiceClient, ChoiceClient, int]:
    """Return two browsers that have both entered the code of a new invitation."""
    invitation_id, code = stored_invitation(app)
    people = (ChoiceClient(app.test_client()), ChoiceClient(app.test_client()))
    for person in people:
        assert person.enter(code).status_code == 303
    return *people, invitation_id


def at_once(*jobs):
    """Run jobs in threads named first, second, …, released together; return their results."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def run(index, job):
        barrier.wait(timeout=30)
        try:
            results[index] = job()
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)

    names = ["first", "second", "third", "fourth"]
    threads = [
        threading.Thread(target=run, args=(i, job), name=names[i]) for i, job in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def stored_choices(app, invitation_id: int) -> list[Choice]:
    """Return an invitation's choices."""
    with app.app_context():
        statement = select(Choice).where(Choice.invitation_id == invitation_id)
        return list(get_session().exec(statement))


def confirm(person: ChoiceClient, fields: dict):
    """Return a job that posts the confirm form."""
    return lambda: person.client.post(person.url("confirm"), data=fields)


def reference_on_receipt(person: ChoiceClient) -> str:
    """Open the receipt and return its reference number."""
    return person.page("receipt").find(id="reference").get_text(strip=True)


@pytest.fixture
def staged(monkeypatch):
    """Make the second confirmation write after the first has written but before it commits.

    Returns the list of refusals: one entry each time the database refused a
    confirmation's write (the loser then looks for its twin).
    """
    original = actions.record_choice
    first_written, second_started = threading.Event(), threading.Event()
    refusals = []

    def record_and_count(session, invitation, **kwargs):
        try:
            return original(session, invitation, **kwargs)
        except actions.ChoiceRaced:
            refusals.append(kwargs["confirm_token"])
            raise

    def record_in_turn(session, invitation, **kwargs):
        if threading.current_thread().name == "first":
            choice = record_and_count(session, invitation, **kwargs)  # written, not committed
            first_written.set()
            second_started.wait(timeout=30)
            time.sleep(HOLD_SECONDS)
            return choice
        first_written.wait(timeout=30)
        second_started.set()
        return record_and_count(session, invitation, **kwargs)

    monkeypatch.setattr(actions, "record_choice", record_in_turn)
    return refusals


def test_two_confirmations_with_different_tokens_leave_one_choice(race_app, staged):
    first, second, invitation_id = two_people(race_app)
    fields = (first.confirm_form("jarvalyftet"), second.confirm_form("jobbtorget"))
    assert fields[0]["token"] != fields[1]["token"]

    responses = at_once(confirm(first, fields[0]), confirm(second, fields[1]))

    assert [r.status_code for r in responses] == [303, 303]
    assert {r.headers["Location"] for r in responses} == {"/sv/choose/receipt"}
    [choice] = stored_choices(race_app, invitation_id)  # the loser recorded nothing
    assert choice.is_current
    # Which one wins depends on the database (SQLite may refuse the first's commit).
    loser = second if choice.confirm_token == fields[0]["token"] else first
    assert choice.confirm_token in {fields[0]["token"], fields[1]["token"]}
    assert len(staged) == 1  # the database, not a check in Python, refused the loser
    assert "Ett val registrerades samtidigt." in loser.page("receipt").main.get_text()
    assert reference_on_receipt(first) == reference_on_receipt(second)


def test_double_click_at_the_same_moment_leaves_one_choice(race_app, staged):
    first, second, invitation_id = two_people(race_app)
    fields = first.confirm_form("jarvalyftet")
    # The same form sent twice; the second browser has its own CSRF token.
    twin = {**fields, "csrf_token": second.csrf_token()}

    responses = at_once(confirm(first, fields), confirm(second, twin))

    assert [r.status_code for r in responses] == [303, 303]
    assert len(stored_choices(race_app, invitation_id)) == 1
    assert staged == [fields["token"]]
    assert reference_on_receipt(first) == reference_on_receipt(second)


@pytest.mark.parametrize("same_token", [False, True])
def test_confirmations_released_together_never_leave_two_current_choices(race_app, same_token):
    for _ in range(ROUNDS):
        first, second, invitation_id = two_people(race_app)
        fields = first.confirm_form("jarvalyftet")
        other = (
            {**fields, "csrf_token": second.csrf_token()}
            if same_token
            else second.confirm_form("jobbtorget")
        )

        responses = at_once(confirm(first, fields), confirm(second, other))

        assert [r.status_code for r in responses] == [303, 303]
        stored = stored_choices(race_app, invitation_id)
        assert len([c for c in stored if c.is_current]) == 1
        if same_token:
            assert len(stored) == 1
        for person in (first, second):
            parse_page(person.client.get(person.url("receipt")))
        assert reference_on_receipt(first) == reference_on_receipt(second)


def test_the_default_recorded_twice_at_the_same_moment_stands_once(race_app):
    yesterday = clock.today() - timedelta(days=1)
    invitation_id, _code = stored_invitation(
        race_app, decision_date=yesterday - timedelta(days=14), deadline=yesterday
    )

    def apply_and_commit():
        with race_app.app_context():
            session = get_session()
            invitation = session.get(ChoiceInvitation, invitation_id)
            try:
                outcome = apply_default(session, invitation, today=clock.today()) and "recorded"
            except ChoiceRaced:
                outcome = "raced"  # the database refused the second write
            session.commit()
            return outcome or "found it recorded"

    outcomes = at_once(apply_and_commit, apply_and_commit)
    assert outcomes.count("recorded") == 1, outcomes
    [choice] = stored_choices(race_app, invitation_id)
    assert choice.kind == "default" and choice.is_current
    with race_app.app_context():
        events = get_session().exec(
            select(AuditEvent).where(
                AuditEvent.action == "choice.default", AuditEvent.entity_id == invitation_id
            )
        )
        assert len(list(events)) == 1

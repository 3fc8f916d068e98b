"""Two confirmations of one invitation at the same moment: one choice stands, nobody sees an error.

These tests need a database of their own: two requests in two threads on two
connections, which a rolled-back test transaction cannot give.
"""

import threading
import time

import pytest
from sqlmodel import select

from tests.conftest import build_app, isolated_database_url, parse_page
from tests.integration.web.public.test_choose import ChoiceClient, make_invitation
from webapp.choices import rules as choices
from webapp.choices.models import Choice
from webapp.core.db import get_session

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
    invitation_id, code = make_invitation(app)
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
    confirmation and the loser looked for its twin.
    """
    original = choices.record_choice
    first_written, second_started = threading.Event(), threading.Event()
    refusals = []
    find_twin = choices.find_choice_by_token

    def find_twin_after_refusal(session, invitation_id, token):
        refusals.append(token)
        return find_twin(session, invitation_id, token)

    def record_in_turn(session, invitation, **kwargs):
        if threading.current_thread().name == "first":
            choice = original(session, invitation, **kwargs)  # written, not committed
            first_written.set()
            second_started.wait(timeout=30)
            time.sleep(HOLD_SECONDS)
            return choice
        first_written.wait(timeout=30)
        second_started.set()
        return original(session, invitation, **kwargs)

    monkeypatch.setattr(choices, "record_choice", record_in_turn)
    monkeypatch.setattr(choices, "find_choice_by_token", find_twin_after_refusal)
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

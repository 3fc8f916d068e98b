"""Limits on code entries: wrong ones are throttled per address and per code, right ones never.

Clients behind one address (a library, a drop-in centre) share the address's
quota of wrong entries; none of them is kept from opening their choice with the
right code, whatever the others typed.
"""

import pytest

from tests.conftest import build_app, isolated_database_url
from tests.factories.choices import stored_invitation
from tests.integration.web.public.choose.conftest import GENERIC, ChoiceClient, error_text
from webapp.core.extensions import limiter

OTHER_CODES = ["AAAA-BBBB-CCCC", "DDDD-EEEE-FFFF", "GGGG-HHHH-JJJJ", "KKKK-MMMM-NNNN"]


@pytest.fixture
def throttled_app(tmp_path_factory):
    """An app with low limits on code entries and a database of its own."""
    app = build_app(
        isolated_database_url(tmp_path_factory, "choose_throttle"),
        CHOICE_RATE_LIMIT_IP="3 per minute",
        CHOICE_RATE_LIMIT_CODE="2 per minute",
    )
    limiter.reset()
    yield app
    app.extensions["db_engine"].dispose()


def client_at(app, address: str) -> ChoiceClient:
    """Return a client that comes from the given IP address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return ChoiceClient(client)


def test_wrong_entries_are_throttled_per_address(throttled_app):
    person = client_at(throttled_app, "10.0.0.1")
    statuses = [person.enter(code).status_code for code in OTHER_CODES]
    assert statuses == [200, 200, 200, 429]
    assert "För många försök" in person.enter("PPPP-QQQQ-RRRR").get_data(as_text=True)
    assert client_at(throttled_app, "10.0.0.2").enter(OTHER_CODES[-1]).status_code == 200


def test_a_shared_address_never_keeps_the_right_code_out(throttled_app):
    _first_id, first_code = stored_invitation(throttled_app)
    _second_id, second_code = stored_invitation(throttled_app)
    typing_badly = client_at(throttled_app, "10.0.5.1")
    for code in OTHER_CODES:
        typing_badly.enter(code)
    assert typing_badly.enter(OTHER_CODES[0]).status_code == 429  # the address's quota is used
    # Two clients at the same address, each with their own right code, get in.
    for code in (first_code, second_code, first_code.lower()):
        assert client_at(throttled_app, "10.0.5.1").enter(code).status_code == 303
    # And the one who typed badly gets in too, once they type it right.
    assert typing_badly.enter(first_code).status_code == 303


def test_wrong_entries_for_one_code_are_throttled_whatever_the_address(throttled_app):
    code = "AAAA-BBBB-CCCC"
    statuses = [
        client_at(throttled_app, f"10.0.1.{n}").enter(typed).status_code
        for n, typed in enumerate([code, code.lower(), code.replace("-", " ")])
    ]
    assert statuses == [200, 200, 429]  # the same code however it is typed
    assert client_at(throttled_app, "10.0.1.9").enter("DDDD-EEEE-FFFF").status_code == 200
    # The limiter's keys hold a hash of the code, never the code.
    keys = " ".join(str(key) for key in limiter.storage.storage)
    assert "AAAA" not in keys.upper()
    assert "choice-code:" in keys


def test_guessing_one_codes_secret_is_stopped_even_before_the_right_guess(throttled_app):
    _id, code = stored_invitation(throttled_app)
    guesses = [code[:-1] + letter for letter in "ABCDEFGH" if code[:-1] + letter != code][:2]
    for n, guess in enumerate(guesses):
        assert error_text(client_at(throttled_app, f"10.0.4.{n}").enter(guess)) == GENERIC
    # Past the code's limit even the right code waits, from any address: no more guesses.
    assert client_at(throttled_app, "10.0.4.9").enter(code).status_code == 429


def test_text_that_cannot_be_a_code_is_throttled_per_address_only(throttled_app):
    statuses = [
        client_at(throttled_app, f"10.0.3.{n}").enter(typed).status_code
        for n, typed in enumerate(["ABCD", "abcd", "A-B-C-D", ""])
    ]
    assert statuses == [200, 200, 200, 200]


def test_throttled_answer_is_the_same_for_a_known_and_an_unknown_code(throttled_app):
    _id, code = stored_invitation(throttled_app)
    aimed_at_a_code = code[:-1] + ("A" if code[-1] != "A" else "B")
    known = client_at(throttled_app, "10.0.2.1")
    unknown = client_at(throttled_app, "10.0.2.2")
    answers = [
        (known.enter(aimed_at_a_code).status_code, unknown.enter("AAAA-BBBB-CCCC").status_code)
        for _ in range(3)
    ]
    assert answers == [(200, 200), (200, 200), (429, 429)]

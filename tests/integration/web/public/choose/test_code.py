"""Entering the code from the letter: what opens the choice, what is refused, throttling."""

import pytest

from tests.conftest import build_app, isolated_database_url, parse_page
from tests.factories import choices as factories
from tests.factories.choices import stored_invitation
from tests.integration.web.public.choose.conftest import (
    GENERIC,
    LOCKED,
    ChoiceClient,
    error_text,
    load_invitation,
    main_text,
)
from webapp.choices.models import ChoiceInvitation
from webapp.core.clock import utc_now
from webapp.core.db import get_session
from webapp.core.extensions import limiter

# --- The code ----------------------------------------------------------------------


def test_code_page_explains_and_has_one_field_made_for_typing_a_code(people):
    person = people()
    response = person.client.get("/sv/choose")
    page = parse_page(response)
    field = page.find("input", attrs={"name": "code"})
    assert page.find("label", attrs={"for": field["id"]}).get_text(strip=True) == "Kod"
    hint = page.find(id=field["aria-describedby"]).get_text(strip=True)
    assert hint == "Koden står i brevet från kommunen. Den ser ut så här: ABCD-EFGH-JKMN."
    assert field["autocomplete"] == "off"
    assert field["autocapitalize"] == "characters"
    assert field["spellcheck"] == "false"
    assert field["inputmode"] == "text"
    assert [f["name"] for f in page.select("form.choose-code input")] == [
        "csrf_token",
        "code",
    ]
    assert "kaka (cookie) som behövs" in main_text(page)
    assert "session=" in response.headers["Set-Cookie"]  # the one strictly necessary cookie


def test_ordinary_public_pages_set_no_cookie(client):
    for url in ("/sv/", "/sv/providers", "/sv/providers/jobbtorget", "/ar/providers"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, url


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {spaced} "])
def test_valid_code_opens_a_fresh_session_holding_only_the_invitation(app, people, typed):
    invitation_id, code = stored_invitation(app)
    person = people()
    with person.client.session_transaction() as session:
        session["left_over"] = "from before"
    entered = typed.format(code=code, lower=code.lower(), spaced=code.replace("-", " "))
    response = person.enter(entered)
    assert response.status_code == 303
    assert response.headers["Location"] == "/sv/choose/providers"
    with person.client.session_transaction() as session:
        assert dict(session) == {"choice_invitation": invitation_id, "_permanent": True}
    # A correct code only opens the choice: nothing is counted or stored.
    assert load_invitation(app, invitation_id).code_attempts == 0


def test_malformed_and_unknown_codes_get_the_same_answer(app, people):
    stored_invitation(app)
    person = people()
    malformed = person.enter("ABCD-1234")
    unknown = person.enter("ABCD-EFGH-JKMN")
    assert malformed.status_code == unknown.status_code == 200
    assert error_text(malformed) == error_text(unknown) == GENERIC
    page = parse_page(unknown)
    assert page.find("input", attrs={"name": "code"})["value"] == "ABCD-EFGH-JKMN"
    assert page.find("input", attrs={"name": "code"})["aria-invalid"] == "true"
    assert page.select_one(".error-summary a")["href"] == "#code"
    with person.client.session_transaction() as session:
        assert "choice_invitation" not in session


def test_empty_code_asks_for_the_code(people):
    response = people().enter("   ")
    assert response.status_code == 200
    assert error_text(response) == "Skriv koden från brevet."


def test_cancelled_code_gets_the_generic_answer(app, people):
    _id, code = stored_invitation(app, cancelled_at=utc_now())
    response = people().enter(code)
    assert response.status_code == 200
    assert error_text(response) == GENERIC


def test_a_returning_client_is_never_locked_out_by_their_own_correct_code(app, people, monkeypatch):
    monkeypatch.setitem(app.config, "CHOICE_CODE_MAX_ATTEMPTS", 3)
    invitation_id, code = stored_invitation(app)
    person = people()
    assert [person.enter(code).status_code for _ in range(12)] == [303] * 12
    stored = load_invitation(app, invitation_id)
    assert (stored.locked, stored.code_attempts) == (False, 0)


def test_a_locked_code_is_refused_everywhere(app, people):
    invitation_id, code = stored_invitation(app)
    person = people()
    assert person.enter(code).status_code == 303
    with app.app_context():
        session = get_session()
        factories.lock_invitation(session, session.get(ChoiceInvitation, invitation_id))
        session.commit()
    locked = people().enter(code.lower())
    assert locked.status_code == 200
    assert error_text(locked) == LOCKED
    # The browser that got in before the lock is told so, and cannot choose.
    page = person.page("providers")
    assert LOCKED in main_text(page)
    assert not page.select("form.choose-form")


# --- Throttling ----------------------------------------------------------------------


@pytest.fixture
def throttled_app(tmp_path_factory):
    """An app with low limits on code entries and a database of its own."""
    app = build_app(
        isolated_database_url(tmp_path_factory, "choose_throttle"),
        CHOICE_RATE_LIMIT_IP="3 per minute",
        CHOICE_RATE_LIMIT_CODE="2 per minute",
    )
    yield app
    app.extensions["db_engine"].dispose()


def client_at(app, address: str) -> ChoiceClient:
    """Return a client that comes from the given IP address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return ChoiceClient(client)


def test_code_entries_are_throttled_per_address(throttled_app):
    person = client_at(throttled_app, "10.0.0.1")
    codes = ["AAAA-BBBB-CCCC", "DDDD-EEEE-FFFF", "GGGG-HHHH-JJJJ", "KKKK-MMMM-NNNN"]
    statuses = [person.enter(code).status_code for code in codes]
    assert statuses == [200, 200, 200, 429]
    assert "För många försök" in person.enter("PPPP-QQQQ-RRRR").get_data(as_text=True)
    assert client_at(throttled_app, "10.0.0.2").enter(codes[-1]).status_code == 200


def test_code_entries_are_throttled_per_code_whatever_the_address(throttled_app):
    code = "AAAA-BBBB-CCCC"
    statuses = [
        client_at(throttled_app, f"10.0.1.{n}").enter(typed).status_code
        for n, typed in enumerate([code, code.lower(), code.replace("-", " ")])
    ]
    assert statuses == [200, 200, 429]  # the same code however it is typed
    assert client_at(throttled_app, "10.0.1.9").enter("DDDD-EEEE-FFFF").status_code == 200
    # The limiter's keys hold a hash of the code, never the code.
    keys = " ".join(str(key) for key in limiter.storage.storage)
    assert "AAAABBBBCCCC" not in keys.upper()
    assert "choice-code:" in keys


def test_text_that_cannot_be_a_code_is_throttled_per_address_only(throttled_app):
    statuses = [
        client_at(throttled_app, f"10.0.3.{n}").enter(typed).status_code
        for n, typed in enumerate(["ABCD", "abcd", "A-B-C-D", ""])
    ]
    assert statuses == [200, 200, 200, 200]


def test_throttled_answer_is_the_same_for_known_and_unknown_codes(throttled_app):
    _id, code = stored_invitation(throttled_app)
    known = client_at(throttled_app, "10.0.2.1")
    unknown = client_at(throttled_app, "10.0.2.2")
    for _ in range(2):
        known.enter(code)
        unknown.enter("AAAA-BBBB-CCCC")
    assert known.enter(code).status_code == unknown.enter("AAAA-BBBB-CCCC").status_code == 429

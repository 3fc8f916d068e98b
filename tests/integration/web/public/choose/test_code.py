"""Entering the code from the letter: what opens the choice, what is refused and counted.

Limits on entries from one address or for one code are in test_code_limits.py.
"""

import secrets
from datetime import timedelta

import pytest

from tests.conftest import parse_page
from tests.factories import choices as factories
from tests.factories.choices import stored_invitation
from tests.integration.web.public.choose.conftest import (
    GENERIC,
    LOCKED,
    audit_events_of,
    error_text,
    load_invitation,
    main_text,
)
from webapp.choices.codes import group_code
from webapp.choices.models import ChoiceInvitation
from webapp.core.clock import utc_now
from webapp.core.db import get_session
from webapp.core.extensions import limiter

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def mistyped(code: str) -> str:
    """Return the code with its last character changed: the same selector, a wrong secret."""
    return code[:-1] + ("A" if code[-1] != "A" else "B")


def digits_only_code() -> str:
    """Return a random code made of digits only, so every character tests the digit mapping."""
    return group_code("".join(secrets.choice("23456789") for _ in range(12)))


# --- The code ----------------------------------------------------------------------


def test_code_page_explains_and_has_one_field_made_for_typing_a_code(people):
    person = people()
    response = person.client.get("/sv/choose")
    page = parse_page(response)
    field = page.find("input", attrs={"name": "code"})
    assert page.find("label", attrs={"for": field["id"]}).get_text(strip=True) == "Kod"
    hint = page.find(id=field["aria-describedby"])
    assert " ".join(hint.get_text().split()) == (
        "Koden står i brevet från kommunen. Den ser ut så här: ABCD-EFGH-JKMN."
    )
    # Codes read left to right, kept whole inside right-to-left text.
    assert field["dir"] == "ltr"
    assert hint.find("bdi", dir="ltr").get_text() == "ABCD-EFGH-JKMN"
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


# --- Coming back -----------------------------------------------------------------------


def test_a_client_can_come_back_twenty_times_with_the_right_code(app, people, monkeypatch):
    """Right entries never count: not towards the lock, nor any limit, however low."""
    limiter.reset()
    monkeypatch.setitem(app.config, "CHOICE_CODE_MAX_ATTEMPTS", 3)
    monkeypatch.setitem(app.config, "CHOICE_RATE_LIMIT_IP", "3 per minute")
    monkeypatch.setitem(app.config, "CHOICE_RATE_LIMIT_CODE", "2 per minute")
    invitation_id, code = stored_invitation(app)
    first = people()
    first.enter(code)
    first.choose("jarvalyftet")
    for visit in range(20):
        person = people()  # a new browser each time, as after a session has ended
        assert person.enter(code).status_code == 303, f"visit {visit + 1}"
        state = main_text(person.page("providers"))
        assert "Du har valt Järvalyftet AB." in state
        assert person.page("receipt").find(id="reference") is not None
    stored = load_invitation(app, invitation_id)
    assert (stored.code_attempts, stored.code_locked_until) == (0, None)
    assert audit_events_of(app, invitation_id) == ["choice.confirm"]


def test_a_code_issued_before_selectors_still_opens(app, people):
    invitation_id, code = stored_invitation(app, legacy=True)
    assert people().enter(code).status_code == 303
    # A wrong entry cannot be tied to it: its selector is not stored.
    assert error_text(people().enter(mistyped(code))) == GENERIC
    assert load_invitation(app, invitation_id).code_attempts == 0


# --- Wrong entries and the lock -------------------------------------------------------


def test_wrong_entries_count_against_their_code_and_lock_it_for_a_while(
    app, people, monkeypatch, time_machine
):
    monkeypatch.setitem(app.config, "CHOICE_CODE_MAX_ATTEMPTS", 3)
    time_machine.move_to(utc_now(), tick=False)
    invitation_id, code = stored_invitation(app)
    stranger = people()
    assert [error_text(stranger.enter(mistyped(code))) for _ in range(3)] == [GENERIC] * 3
    stored = load_invitation(app, invitation_id)
    assert stored.code_attempts == 3 and stored.code_locked_until is not None
    assert audit_events_of(app, invitation_id) == [
        "choice.code_wrong",
        "choice.code_wrong",
        "choice.code_lock",
    ]
    # While locked the right code is refused too, saying for how long; wrong ones are
    # answered as before (nothing to learn) and no longer counted.
    locked = people().enter(code)
    assert locked.status_code == 200
    assert error_text(locked) == (
        f"{LOCKED} Försök igen om 60 minuter, eller ring din handläggare som kan låsa upp koden."
    )
    assert error_text(stranger.enter(mistyped(code))) == GENERIC
    assert load_invitation(app, invitation_id).code_attempts == 3
    # The lock ends by itself.
    time_machine.shift(timedelta(minutes=59))
    assert "1 minut," in error_text(people().enter(code))
    time_machine.shift(timedelta(minutes=1))
    assert people().enter(code).status_code == 303


def test_a_wrong_code_for_no_invitation_counts_against_none(app, people):
    invitation_id, code = stored_invitation(app)
    other = ("B" if code[0] != "B" else "C") + code[1:]
    assert error_text(people().enter(other)) == GENERIC
    assert load_invitation(app, invitation_id).code_attempts == 0


def test_a_lock_does_not_put_out_a_client_who_is_already_in(app, people):
    invitation_id, code = stored_invitation(app)
    person = people()
    assert person.enter(code).status_code == 303
    with app.app_context():
        session = get_session()
        factories.lock_invitation(session, session.get(ChoiceInvitation, invitation_id))
        session.commit()
    assert error_text(people().enter(code.lower())).startswith(LOCKED)
    # The browser that got in before the lock still chooses: the lock is on entering the code.
    page = person.page("providers")
    assert page.select("form.choose-form")
    assert person.choose("jarvalyftet").status_code == 303


# --- Other scripts and keyboards -------------------------------------------------------


@pytest.mark.parametrize(("lang", "digits"), [("ar", ARABIC_DIGITS), ("fa", PERSIAN_DIGITS)])
def test_a_code_typed_with_arabic_or_persian_digits_opens_the_choice(app, people, lang, digits):
    invitation_id, code = stored_invitation(app, code=digits_only_code())
    typed = code.translate(digits)
    assert typed != code and not any(char.isascii() and char.isdigit() for char in typed)
    response = people(lang).enter(typed)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/{lang}/choose/providers"
    assert load_invitation(app, invitation_id).code_attempts == 0


def test_a_code_typed_in_full_width_characters_opens_the_choice(app, people):
    _id, code = stored_invitation(app)
    full_width = "".join(chr(ord(c) + 0xFEE0) if c != "-" else "－" for c in code.lower())
    assert people("uk").enter(full_width).status_code == 303


# --- Errors that people notice ---------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "word"),
    [
        ("sv", "Fel:"),
        ("en", "Error:"),
        ("ar", "خطأ:"),
        ("fa", "خطا:"),
        ("so", "Khalad:"),
        ("ti", "ጌጋ:"),
        ("uk", "Помилка:"),
    ],
)
def test_a_refused_code_starts_the_title_with_error_and_the_page_with_the_summary(
    people, lang, word
):
    person = people(lang)
    assert not parse_page(person.client.get(person.url(""))).title.get_text().startswith(word)
    page = parse_page(person.enter("ABCD-EFGH-JKMN"))
    assert page.title.get_text().startswith(f"{word} ")
    summary = page.main.find(True)  # the first thing in main, before the heading
    assert "error-summary" in summary["class"]
    assert (summary["role"], summary["tabindex"]) == ("alert", "-1")
    assert summary.find("a")["href"] == "#code"


def test_a_code_form_sent_without_its_field_or_with_junk_is_answered_in_words(app, people):
    person = people("so")
    token = person.csrf_token()
    missing = person.client.post(person.url(""), data={"csrf_token": token})
    assert missing.status_code == 200
    assert error_text(missing).endswith("Qor koodhka ku qoran warqadda.")
    junk = "ب" * 3000 + "😀-ABCD-EFGH"
    answered = person.client.post(person.url(""), data={"csrf_token": token, "code": junk})
    assert answered.status_code == 200
    assert error_text(answered).startswith("Khalad:")
    assert "Koodhku sax ma aha." in error_text(answered)
    unsigned = person.client.post(person.url(""), data={"code": "ABCD-EFGH-JKMN"})
    assert unsigned.status_code == 400
    assert parse_page(unsigned).h1.get_text() == "Foomka lama diri karin"
    with person.client.session_transaction() as session:
        assert "choice_invitation" not in session

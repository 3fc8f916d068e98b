"""One-time choice codes and the states an invitation goes through."""

from datetime import date

import pytest

from webapp.choices.models import Choice, ChoiceInvitation, SwitchRequest
from webapp.choices.rules import (
    CODE_ALPHABET,
    ChoiceState,
    code_entropy_bits,
    describe_invitation,
    generate_code,
    hash_code,
    normalize_code,
)

KEY = "test-key"
TODAY = date(2026, 11, 22)


def test_codes_carry_at_least_50_bits():
    assert code_entropy_bits() >= 50


def test_alphabet_has_no_easily_confused_characters():
    for confusable in "0O1IL":
        assert confusable not in CODE_ALPHABET


def test_code_is_grouped_and_drawn_from_the_alphabet():
    code = generate_code()
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4]
    assert all(char in CODE_ALPHABET for char in "".join(groups))


def test_codes_differ():
    assert len({generate_code() for _ in range(1000)}) == 1000


@pytest.mark.parametrize("typed", ["abcd-efgh-jkmn", " ABCD EFGH JKMN ", "abcdefghjkmn"])
def test_code_is_case_and_separator_insensitive(typed):
    assert normalize_code(typed) == "ABCDEFGHJKMN"
    assert hash_code(typed, KEY) == hash_code("ABCD-EFGH-JKMN", KEY)


@pytest.mark.parametrize(
    "typed", ["", "ABCD-EFGH", "ABCD-EFGH-JKMNP", "ABCD-EFGH-JKM0", "ÅÄÖA-EFGH-JKMN"]
)
def test_malformed_codes_are_rejected(typed):
    assert normalize_code(typed) is None


def test_hash_is_keyed_and_hides_the_code():
    digest = hash_code("ABCD-EFGH-JKMN", KEY)
    assert len(digest) == 64
    assert "ABCD" not in digest
    assert digest != hash_code("ABCD-EFGH-JKMN", "another key")


def invitation(**overrides) -> ChoiceInvitation:
    values = {
        "id": 1,
        "service_id": 1,
        "decision_date": date(2026, 11, 1),
        "deadline": date(2026, 11, 30),
        "letter_lang": "so",
        "code_hash": "x" * 64,
    }
    return ChoiceInvitation(**{**values, **overrides})


def describe(inv, current=None, switch=None, authorized=True, today=TODAY):
    return describe_invitation(
        inv, current=current, switch=switch, current_authorized=authorized, today=today
    )


def test_waiting_until_the_deadline_then_closed():
    assert describe(invitation()).state is ChoiceState.WAITING
    assert describe(invitation()).can_choose
    assert not describe(invitation(), today=date(2026, 12, 1)).can_choose


def test_chosen_default_switch_and_cancelled_states():
    chosen = Choice(invitation_id=1, provider_id=1, kind="client")
    default = Choice(invitation_id=1, provider_id=1, kind="default")
    switch = SwitchRequest(invitation_id=1, provider_id=2, reason="x")
    assert describe(invitation(), current=chosen).state is ChoiceState.CHOSEN
    assert describe(invitation(), current=default).state is ChoiceState.DEFAULT_APPLIED
    assert (
        describe(invitation(), current=chosen, switch=switch).state is ChoiceState.SWITCH_REQUESTED
    )
    cancelled = invitation(cancelled_at=TODAY)
    assert describe(cancelled).state is ChoiceState.CANCELLED
    assert not describe(cancelled).can_choose


def test_locked_code_cannot_choose():
    assert not describe(invitation(locked=True)).can_choose


def test_reopened_invitation_can_choose_after_the_deadline():
    reopened = invitation(deadline=date(2026, 11, 1), reopened_until=date(2026, 11, 29))
    assert describe(reopened).can_choose


def test_deauthorized_provider_lets_the_client_choose_again_after_the_deadline():
    chosen = Choice(invitation_id=1, provider_id=1, kind="client")
    status = describe(invitation(deadline=date(2026, 11, 1)), current=chosen, authorized=False)
    assert status.provider_deauthorized
    assert status.can_choose

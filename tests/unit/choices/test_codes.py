"""One-time choice codes: the alphabet, new codes, what was typed, and the keyed hashes."""

from datetime import UTC, datetime, timedelta

import pytest

from webapp.choices.codes import (
    CODE_ALPHABET,
    WrongEntries,
    after_wrong_entry,
    code_entropy_bits,
    code_selector,
    generate_code,
    group_code,
    hash_code,
    normalize_code,
    rate_limit_key,
    secret_entropy_bits,
)

KEY = "test-key"


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


def test_malformed_code_has_no_hash():
    with pytest.raises(ValueError, match="malformed"):
        hash_code("ABCD-EFGH", KEY)


@pytest.mark.parametrize("typed", ["abcd-efgh-jkmn", " ABCD EFGH JKMN ", "ABCDEFGHJKMN"])
def test_rate_limit_key_is_the_same_however_the_code_is_typed(typed):
    assert rate_limit_key(typed, KEY) == rate_limit_key("ABCD-EFGH-JKMN", KEY)


def test_rate_limit_key_hides_the_code_and_differs_from_its_stored_hash():
    limit_key = rate_limit_key("ABCD-EFGH-JKMN", KEY)
    assert limit_key.startswith("choice-code:")
    assert "ABCD" not in limit_key.upper()
    assert limit_key.removeprefix("choice-code:") not in hash_code("ABCD-EFGH-JKMN", KEY)
    assert limit_key != rate_limit_key("ABCD-EFGH-JKMN", "another key")
    assert limit_key != rate_limit_key("ABCE-EFGH-JKMN", KEY)


def test_rate_limit_key_is_shared_by_every_entry_aimed_at_one_selector():
    # Guessing one invitation's secret is limited however the guesses differ.
    assert rate_limit_key("ABCD-EFGH-JKMN", KEY) == rate_limit_key("ABCD-2345-6789", KEY)


# --- Other scripts and keyboards ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "script"),
    [
        ("٢٣٤٥-٦٧٨٩-ABCD", "Arabic-Indic digits"),
        ("۲۳۴۵-۶۷۸۹-ABCD", "Persian digits"),
        ("２３４５－６７８９－ＡＢＣＤ", "full-width digits, letters and dash"),
        ("２３４５\u3000６７８９\u3000ａｂｃｄ", "full-width lower case and ideographic space"),
        ("\u200f2345\u200f-\u200e6789-ABCD\u061c", "direction marks an RTL keyboard adds"),
        ("2345-6789-АВСD", "Cyrillic capitals that look like A, B and C"),
        ("2345-6789-авсd", "Cyrillic lower case"),
        ("2345\u00a06789\u2011ABCD", "no-break space and hyphen"),
    ],
)
def test_codes_typed_on_other_keyboards_are_normalised(typed, script):
    assert normalize_code(typed) == "23456789ABCD", script


def test_letters_of_other_scripts_are_not_taken_for_code_letters():
    assert normalize_code("2345-6789-ABCЖ") is None  # Cyrillic Zhe looks like nothing here
    assert normalize_code("2345-6789-ABCب") is None  # an Arabic letter


# --- Selector and secret -------------------------------------------------------------


def test_the_first_group_is_the_selector():
    assert code_selector(" abcd-efgh-jkmn") == "ABCD"
    assert code_selector("۲۳۴۵-EFGH-JKMN") == "2345"
    assert code_selector("ABCD-EFGH") is None


def test_the_secret_part_carries_enough_bits_on_its_own():
    # The selector is not secret: guessing rests on the other eight characters.
    assert 38 < secret_entropy_bits() < code_entropy_bits()
    assert round(code_entropy_bits() - secret_entropy_bits(), 1) == 19.4


def test_new_codes_avoid_selectors_in_use():
    taken = []

    def first_two_taken(selector):
        taken.append(selector)
        return len(taken) <= 2

    code = generate_code(taken=first_two_taken)
    assert code_selector(code) == taken[-1] and len(taken) == 3


def test_no_code_when_every_selector_is_taken():
    with pytest.raises(RuntimeError, match="selector"):
        generate_code(taken=lambda _selector: True)


def test_group_code_puts_dashes_between_groups():
    assert group_code("ABCDEFGHJKMN") == "ABCD-EFGH-JKMN"


# --- Wrong entries and the lock ------------------------------------------------------

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def test_wrong_entries_count_up_to_the_lock():
    count = WrongEntries(0, None)
    for _ in range(9):
        count = after_wrong_entry(
            count.attempts, count.locked_until, NOW, lock_after=10, minutes=60
        )
    assert (count.attempts, count.locked_until, count.locks) == (9, None, False)
    locked = after_wrong_entry(9, None, NOW, lock_after=10, minutes=60)
    assert (locked.attempts, locked.locked_until, locked.locks) == (
        10,
        NOW + timedelta(minutes=60),
        True,
    )


def test_the_count_goes_on_after_a_lock_and_every_tenth_locks_again():
    earlier = NOW - timedelta(hours=2)
    count = after_wrong_entry(10, earlier, NOW, lock_after=10, minutes=60)
    assert (count.attempts, count.locked_until, count.locks) == (11, earlier, False)
    again = after_wrong_entry(19, earlier, NOW, lock_after=10, minutes=60)
    assert (again.attempts, again.locked_until, again.locks) == (20, NOW + timedelta(hours=1), True)

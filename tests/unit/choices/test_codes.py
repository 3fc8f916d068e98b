"""One-time choice codes: the alphabet, new codes, what was typed, and the keyed hashes."""

import pytest

from webapp.choices.codes import (
    CODE_ALPHABET,
    code_entropy_bits,
    generate_code,
    hash_code,
    normalize_code,
    rate_limit_key,
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
    assert "ABCDEFGHJKMN" not in limit_key.upper()
    assert limit_key.removeprefix("choice-code:") not in hash_code("ABCD-EFGH-JKMN", KEY)
    assert limit_key != rate_limit_key("ABCD-EFGH-JKMN", "another key")
    assert limit_key != rate_limit_key("ABCD-EFGH-JKMP", KEY)

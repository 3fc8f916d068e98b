"""Swedish organisation numbers: NNNNNN-NNNN with a Luhn check digit."""

import pytest

from webapp.providers.orgnumbers import luhn_valid, normalize_org_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("556016-0680", "556016-0680"),
        ("5560160680", "556016-0680"),
        ("212000-0142", "212000-0142"),
        ("2120000142", "212000-0142"),
        ("  556016-0680 ", "556016-0680"),
        ("\t2120000142\n", "212000-0142"),
    ],
    ids=["hyphen", "no-hyphen", "hyphen-2", "no-hyphen-2", "spaces", "tab-newline"],
)
def test_valid_numbers_are_normalized_with_hyphen(value, expected):
    assert normalize_org_number(value) == expected


@pytest.mark.parametrize("value", ["556016-0681", "556016-0689", "212000-0143", "5560160681"])
def test_wrong_check_digit_is_rejected(value):
    assert normalize_org_number(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "",
        "556016",
        "556016-068",
        "556016-06800",
        "55601-60680",
        "556016 0680",
        "556016--0680",
        "556016+0680",
        "16556016-0680",
        "55601a-0680",
    ],
)
def test_wrong_format_is_rejected(value):
    assert normalize_org_number(value) is None


def test_non_ascii_digits_are_rejected():
    assert normalize_org_number("５５６０１６-０６８０") is None  # full-width digits


@pytest.mark.parametrize(
    ("digits", "expected"),
    [
        ("5560160680", True),
        ("2120000142", True),
        ("79927398713", True),  # textbook Luhn example
        ("79927398710", False),
        ("0000000000", True),
        ("5560160681", False),
    ],
)
def test_luhn_check(digits, expected):
    assert luhn_valid(digits) is expected

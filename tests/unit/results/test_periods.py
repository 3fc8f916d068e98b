"""Half-year periods written as '2025H1' / '2025H2'."""

from datetime import date

import pytest

from webapp.results.periods import (
    consecutive_runs,
    next_period,
    parse_period,
    period_bounds,
    previous_period,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025H1", (2025, 1)),
        ("2025H2", (2025, 2)),
        ("2025h1", (2025, 1)),
        ("  2024H2\n", (2024, 2)),
    ],
)
def test_parse_period_accepts_half_years(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "2025", "2025H0", "2025H3", "2025H12", "25H1", "2025-H1", "2025 H1", "H1 2025", "abcdH1"],
)
def test_parse_period_rejects_malformed_text(text):
    assert parse_period(text) is None


def test_parse_period_rejects_non_ascii_digits():
    assert parse_period("٢٠٢٥H1") is None  # Arabic-Indic digits


@pytest.mark.parametrize(
    ("period", "expected"),
    [("2025H2", "2025H1"), ("2025H1", "2024H2"), ("2000H1", "1999H2")],
)
def test_previous_period_steps_back_one_half_year(period, expected):
    assert previous_period(period) == expected


def test_first_half_runs_january_to_june():
    assert period_bounds("2025H1") == (date(2025, 1, 1), date(2025, 6, 30))


def test_second_half_runs_july_to_december():
    assert period_bounds("2025H2") == (date(2025, 7, 1), date(2025, 12, 31))


def test_consecutive_periods_leave_no_gap():
    _, end_of_first = period_bounds("2024H2")
    start_of_next, _ = period_bounds("2025H1")
    assert (start_of_next - end_of_first).days == 1


@pytest.mark.parametrize(
    ("period", "expected"), [("2025H1", "2025H2"), ("2025H2", "2026H1"), ("1999H2", "2000H1")]
)
def test_next_period(period, expected):
    assert next_period(period) == expected


@pytest.mark.parametrize(
    ("periods", "runs"),
    [
        ([], []),
        (["2025H1"], [("2025H1", "2025H1")]),
        (["2025H2", "2025H1"], [("2025H1", "2025H2")]),
        (["2024H2", "2025H1", "2025H2"], [("2024H2", "2025H2")]),
        (["2024H1", "2025H1"], [("2024H1", "2024H1"), ("2025H1", "2025H1")]),
        (["2023H1", "2023H2", "2025H1", "2023H2"], [("2023H1", "2023H2"), ("2025H1", "2025H1")]),
    ],
)
def test_consecutive_runs(periods, runs):
    assert consecutive_runs(periods) == runs

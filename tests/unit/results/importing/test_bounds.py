"""The work one upload can cause is bounded: separators, header, columns, problems, years."""

import time

import pytest

from tests.unit.results.importing.samples import HEADER, JOBBTORGET, only_problem, read
from webapp.results.importing.header import MAX_COLUMNS
from webapp.results.importing.parse import (
    EARLIEST_YEAR,
    MAX_HEADER_LENGTH,
    MAX_PROBLEMS,
    detect_delimiter,
)

# Lines that made csv.Sniffer take quadratic time: quotes and separators interleaved.
CRAFTED_HEADERS = [
    '"' + '"a' * 50_000 + ",",
    ("x" * 10 + ';"') * 9_000,
    '"a",' * 25_000,
    "'" + ";'" * 50_000,
]


@pytest.mark.parametrize(
    ("line", "delimiter"),
    [
        ("a;b;c", ";"),
        ("a,b,c", ","),
        ('"a;b",c,d', ","),
        ("a;b,c", ";"),  # a tie goes to the semicolon, as Swedish Excel writes
        ("abc", None),
        ("", None),
    ],
)
def test_the_separator_is_the_one_the_header_uses_most(line, delimiter):
    assert detect_delimiter(line) == delimiter


@pytest.mark.parametrize("header", CRAFTED_HEADERS, ids=range(len(CRAFTED_HEADERS)))
def test_a_crafted_header_is_dealt_with_in_well_under_a_second(header):
    started = time.perf_counter()
    parsed = read(header + "\n" + f"{JOBBTORGET};MATCH-1;2025H1;40;18;4\n")
    assert time.perf_counter() - started < 0.5
    assert parsed.problems and parsed.rows == []


def test_a_header_line_over_the_limit_is_refused_at_once():
    assert "Rubrikraden är för lång" in only_problem("a;" * MAX_HEADER_LENGTH + "\n").message


def test_a_header_with_too_many_columns_is_refused():
    assert (
        f"En fil kan ha högst {MAX_COLUMNS} kolumner"
        in only_problem(
            ";".join(f"kolumn{number}" for number in range(MAX_COLUMNS + 1)) + "\n1;2\n"
        ).message
    )


def test_reading_stops_after_the_first_problems_and_says_where():
    rows = 200_000
    started = time.perf_counter()
    parsed = read(HEADER + "\n" + "x;y;z\n" * rows)
    assert time.perf_counter() - started < 1
    assert len(parsed.problems) == MAX_PROBLEMS + 1
    summary = next(problem for problem in parsed.problems if problem.row is None)
    assert f"av {rows + 1} efter {MAX_PROBLEMS} fel" in summary.message


@pytest.mark.parametrize("period", ["0000H1", "0001H2", f"{EARLIEST_YEAR - 1}H2"])
def test_a_half_year_before_the_earliest_is_refused_with_a_message(period):
    assert (
        "är för tidigt"
        in only_problem(f"{HEADER}\n{JOBBTORGET};MATCH-1;{period};40;18;4\n").message
    )


def test_the_earliest_half_year_is_read():
    parsed = read(f"{HEADER}\n{JOBBTORGET};MATCH-1;{EARLIEST_YEAR}H1;40;18;4\n")
    assert parsed.problems == []

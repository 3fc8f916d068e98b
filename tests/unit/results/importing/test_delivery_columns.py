"""The optional delivery columns of a results file: started, left early, first meeting."""

import pytest

from tests.unit.results.importing.samples import HEADER, JOBBTORGET, only_problem, read, where
from webapp.results.importing.columns import build_template

DELIVERY_HEADER = (
    HEADER + ";paborjade;slutade_i_fortid;median_dagar_forsta_motet;antal_forsta_motet"
)
ROW = f"{JOBBTORGET};MATCH-1;2025H1;40;18;4"


def row_problem(cells: str, header: str = DELIVERY_HEADER):
    """Return the one problem of a single data row."""
    problem = only_problem(f"{header}\n{cells}\n")
    assert problem.row == 2
    return problem


def test_delivery_values_are_read_with_median_days_rounded_half_up():
    parsed = read(
        f"{DELIVERY_HEADER}\n{ROW};31;4;6,5;28\n{ROW.replace('2025H1', '2024H2')};1 031;0;0;1\n"
    )
    assert parsed.problems == []
    first, second = parsed.rows
    assert first.values == {
        "completed": 40,
        "in_work": 18,
        "in_studies": 4,
        "started": 31,
        "left_early": 4,
        "first_meeting_days": 7,
        "first_meeting_people": 28,
    }
    assert (second.values["started"], second.values["first_meeting_days"]) == (1031, 0)


def test_english_and_accented_headers_name_the_same_columns():
    parsed = read(
        f"{HEADER};Påbörjade;Slutade i förtid;median_days_to_first_meeting;first_meeting_count\n"
        f"{ROW};31;4;6;28\n"
    )
    assert parsed.problems == []
    assert parsed.rows[0].values["first_meeting_people"] == 28
    assert parsed.header("started") == "Påbörjade"


def test_a_file_without_the_delivery_columns_reads_as_before():
    parsed = read(f"{HEADER}\n{ROW}\n")
    assert parsed.problems == []
    assert set(parsed.rows[0].values) == {"completed", "in_work", "in_studies"}


def test_every_delivery_cell_may_be_left_empty():
    parsed = read(f"{DELIVERY_HEADER}\n{ROW};;;;\n")
    assert parsed.problems == []
    assert parsed.rows[0].values["started"] is None
    assert parsed.rows[0].values["first_meeting_days"] is None


@pytest.mark.parametrize(
    ("extra", "missing", "named"),
    [
        ("paborjade", "slutade_i_fortid", "påbörjade och slutade i förtid"),
        ("slutade_i_fortid", "paborjade", "påbörjade och slutade i förtid"),
        ("median_dagar_forsta_motet", "antal_forsta_motet", "tiden till första mötet"),
        ("antal_forsta_motet", "median_dagar_forsta_motet", "tiden till första mötet"),
    ],
)
def test_the_columns_of_a_pair_come_together(extra, missing, named):
    problem = only_problem(f"{HEADER};{extra}\n{ROW};5\n")
    assert (problem.row, problem.column) == (1, missing)
    assert named in problem.message
    assert f"lägg till kolumnen {missing}, eller ta bort kolumnen {extra}" in problem.message


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ("-1;0;6;28", "paborjade", "inte vara negativt (-1)"),
        ("31;-4;6;28", "slutade_i_fortid", "inte vara negativt (-4)"),
        ("31,5;4;6;28", "paborjade", "”31,5” är inte ett heltal"),
        ("31;fyra;6;28", "slutade_i_fortid", "”fyra” är inte ett tal"),
        (
            "31;32;6;28",
            "slutade_i_fortid",
            "Fler slutade i förtid (32) än som påbörjade insatsen (31)",
        ),
        (";4;6;28", "paborjade", "Fyll i både antal som påbörjade och antal som slutade"),
        ("31;;6;28", "slutade_i_fortid", "Fyll i både antal som påbörjade och antal som slutade"),
        ("31;4;366;28", "median_dagar_forsta_motet", "högst 365 dagar (366)"),
        ("31;4;365,5;28", "median_dagar_forsta_motet", "högst 365 dagar (365,5)"),
        ("31;4;-1;28", "median_dagar_forsta_motet", "inte vara negativt (-1)"),
        ("31;4;sex;28", "median_dagar_forsta_motet", "”sex” är inte ett tal"),
        ("31;4;6;", "antal_forsta_motet", "Fyll i både mediantiden till första mötet och antal"),
        ("31;4;;28", "median_dagar_forsta_motet", "Fyll i både mediantiden"),
        ("31;4;6;0", "antal_forsta_motet", "minst en person"),
        ("31;4;6;28,5", "antal_forsta_motet", "”28,5” är inte ett heltal"),
        ("31;4;6;32", "antal_forsta_motet", "fler personer (32) än som påbörjade insatsen (31)"),
    ],
)
def test_each_delivery_problem_has_its_column_and_message(cells, column, message):
    problem = row_problem(f"{ROW};{cells}")
    assert problem.column == column
    assert message in problem.message


def test_a_median_needs_no_started_count_and_then_has_no_upper_bound_from_it():
    parsed = read(f"{DELIVERY_HEADER}\n{ROW};;;6;45\n")
    assert parsed.problems == []
    assert parsed.rows[0].values["first_meeting_people"] == 45


def test_every_problem_of_a_row_is_listed_with_its_column():
    parsed = read(f"{DELIVERY_HEADER}\n{ROW};31;40;400;0\n{ROW.replace('2025H1', '2024H1')};;;;\n")
    assert where(parsed) == [(2, "median_dagar_forsta_motet"), (2, "slutade_i_fortid")]
    assert [row.line for row in parsed.rows] == [3]


def test_the_template_has_the_delivery_columns_and_an_example_that_reads():
    lines = build_template().lstrip("\ufeff").splitlines()
    header = lines[0].split(";")
    assert header[-4:] == [
        "paborjade",
        "slutade_i_fortid",
        "median_dagar_forsta_motet",
        "antal_forsta_motet",
    ]
    # The example row is well formed: only its organisation number belongs to nobody.
    example = lines[1].replace("559000-0005", JOBBTORGET)
    parsed = read("\n".join([lines[0], example]) + "\n")
    assert parsed.problems == []
    assert parsed.rows[0].values["first_meeting_people"] == 35

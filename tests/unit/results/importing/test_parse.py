"""Reading a results CSV: every problem with its row, column and message."""

from datetime import date

import pytest

from tests.unit.results.importing.samples import (
    HEADER,
    JOBBTORGET,
    LINJEN,
    SURVEY_HEADER,
    only_problem,
    read,
    where,
)
from webapp.results.importing.parse import read_results

# --- Dialects and headers -------------------------------------------------------------


def test_semicolons_with_decimal_commas_as_excel_saves_them():
    parsed = read(
        "organisationsnummer;insats;halvar;avslutade;i_arbete;i_studier;snitt_dagar\n"
        f"{JOBBTORGET};MATCH-1;2025H1;40;18;4;120,5\n"
        f"{JOBBTORGET};MATCH-1;2024H2;1 234;600;34;99,4\n"
    )
    assert parsed.problems == []
    first, second = parsed.rows
    assert first.key == (JOBBTORGET, "MATCH-1", "2025H1")
    assert first.values == {"completed": 40, "in_work": 18, "in_studies": 4, "average_days": 121}
    assert second.values["completed"] == 1234  # a space between thousands
    assert second.values["average_days"] == 99


def test_comma_separated_with_quoted_decimals():
    parsed = read(
        "organisationsnummer,insats,halvar,avslutade,i_arbete,i_studier,snitt_dagar\n"
        f'{JOBBTORGET},MATCH-1,2025H1,40,18,4,"120,5"\n'
        f"{JOBBTORGET},MATCH-2,2025H1,40,18,4,87.5\n"
    )
    assert parsed.problems == []
    assert [row.values["average_days"] for row in parsed.rows] == [121, 88]


def test_english_aliases_any_case_and_order():
    parsed = read(
        "Period;Service;ORG_NUMBER;completed;In_Work;in studies;"
        "average_days;survey_respondents;survey_satisfied\n"
        "2025h2;match-1;5592360548;40;18;4;;12;10\n"
    )
    assert parsed.problems == []
    (row,) = parsed.rows
    assert row.key == (LINJEN, "MATCH-1", "2025H2")  # normalized
    assert row.values["average_days"] is None
    assert row.values["survey_satisfied"] == 10


def test_swedish_header_with_letters_accented():
    parsed = read(
        " Organisationsnummer ;INSATS;Halvår;Avslutade;I arbete;I studier;Enkät svarande;"
        "Enkät nöjda\n"
        f"{JOBBTORGET};MATCH-1;2025H1;40;18;4;30;24\n"
    )
    assert parsed.problems == []
    assert parsed.rows[0].values["survey_respondents"] == 30
    assert parsed.header("period") == "Halvår"  # problems name the column as written


def test_wrong_delimiter_is_explained():
    problem = only_problem(
        "organisationsnummer\tinsats\thalvar\tavslutade\ti_arbete\ti_studier\n"
        f"{JOBBTORGET}\tMATCH-1\t2025H1\t40\t18\t4\n"
    )
    assert (problem.row, problem.column) == (None, None)
    assert "semikolon (;) eller komma (,)" in problem.message


def test_missing_required_columns_are_each_named():
    parsed = read(f"organisationsnummer;insats;halvar;i_arbete\n{JOBBTORGET};MATCH-1;2025H1;4\n")
    assert where(parsed) == [(1, "avslutade"), (1, "i_studier")]
    assert all("saknas i rubrikraden" in p.message for p in parsed.problems)
    assert parsed.rows == []


def test_unknown_and_repeated_columns():
    parsed = read(f"{HEADER};snitt_dagr;avslutade\n{JOBBTORGET};MATCH-1;2025H1;40;18;4;120;40\n")
    assert where(parsed) == [(1, "snitt_dagr"), (1, "avslutade")]
    assert "Kolumnen är okänd" in parsed.problems[0].message
    assert "snitt_dagar" in parsed.problems[0].message  # lists the columns there are
    assert "mer än en gång" in parsed.problems[1].message


def test_survey_columns_come_together():
    problem = only_problem(f"{HEADER};enkat_nojda\n{JOBBTORGET};MATCH-1;2025H1;40;18;4;10\n")
    assert (problem.row, problem.column) == (1, "enkat_svarande")
    assert "lägg till kolumnen enkat_svarande" in problem.message


def test_header_only():
    problem = only_problem(HEADER + "\n")
    assert (problem.row, problem.column) == (None, None)
    assert "inga rader med resultat" in problem.message


def test_blank_lines_are_skipped_and_rows_keep_their_line_numbers():
    parsed = read(
        f"{HEADER}\n\n{JOBBTORGET};MATCH-1;2025H1;40;18;4\n;;;;;\n"
        f"{JOBBTORGET};MATCH-1;2025H0;40;18;4\n"
    )
    assert [row.line for row in parsed.rows] == [3]
    assert where(parsed) == [(5, "halvar")]


def test_value_in_a_column_without_header():
    problem = only_problem(f"{HEADER}\n{JOBBTORGET};MATCH-1;2025H1;40;18;4;99\n")
    assert (problem.row, problem.column) == (2, None)
    assert "kolumn utan rubrik" in problem.message


def test_unbalanced_quotes_are_reported():
    parsed = read(f'{HEADER}\n{JOBBTORGET};MATCH-1;2025H1;40;"18;4\n')
    assert parsed.problems
    assert parsed.rows == []


# --- Cells -----------------------------------------------------------------------------


def row_problem(cells: str, header: str = HEADER):
    """Return the one problem of a single data row."""
    problem = only_problem(f"{header}\n{cells}\n")
    assert problem.row == 2
    return problem


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        (";MATCH-1;2025H1;40;18;4", "organisationsnummer", "Värde saknas"),
        (
            "55921-43076;MATCH-1;2025H1;40;18;4",
            "organisationsnummer",
            "inte ett organisationsnummer",
        ),
        ("559214-3077;MATCH-1;2025H1;40;18;4", "organisationsnummer", "kontrollsiffran är fel"),
        (f"{JOBBTORGET};;2025H1;40;18;4", "insats", "Värde saknas"),
        (f"{JOBBTORGET};MATCH-1;;40;18;4", "halvar", "Värde saknas"),
        (f"{JOBBTORGET};MATCH-1;2025H3;40;18;4", "halvar", "”2025H3” är inte ett halvår"),
        (f"{JOBBTORGET};MATCH-1;2025-1;40;18;4", "halvar", "till exempel 2025H1"),
        (f"{JOBBTORGET};MATCH-1;2026H2;40;18;4", "halvar", "2026H2 är inte slut än"),
        (f"{JOBBTORGET};MATCH-1;2027H1;40;18;4", "halvar", "inte slut än"),
        (f"{JOBBTORGET};MATCH-1;2025H1;;18;4", "avslutade", "Värde saknas"),
        (f"{JOBBTORGET};MATCH-1;2025H1;-40;18;4", "avslutade", "inte vara negativt (-40)"),
        (f"{JOBBTORGET};MATCH-1;2025H1;40;18,5;4", "i_arbete", "”18,5” är inte ett heltal"),
        (f"{JOBBTORGET};MATCH-1;2025H1;40;18;4.0", "i_studier", "inte ett heltal"),
        (f"{JOBBTORGET};MATCH-1;2025H1;fyrtio;18;4", "avslutade", "”fyrtio” är inte ett tal"),
        (f"{JOBBTORGET};MATCH-1;2025H1;1e3;18;4", "avslutade", "inte ett tal"),
        (f"{JOBBTORGET};MATCH-1;2025H1;{'9' * 5000};18;4", "avslutade", "orimligt stort"),
        (f"{JOBBTORGET};MATCH-1;2025H1;1000001;18;4", "avslutade", "orimligt stort"),
        (
            f"{JOBBTORGET};MATCH-1;2025H1;40;30;11",
            "i_arbete",
            "är tillsammans fler än avslutade (40)",
        ),
    ],
)
def test_each_cell_problem_has_its_column_and_message(cells, column, message):
    problem = row_problem(cells)
    assert problem.column == column
    assert message in problem.message


def test_2026h1_is_over_by_today():
    parsed = read(f"{HEADER}\n{JOBBTORGET};MATCH-1;2026H1;40;18;4\n")
    assert parsed.problems == []


def test_the_last_day_of_a_half_year_is_not_yet_after_it():
    parsed = read_results(
        f"{HEADER}\n{JOBBTORGET};MATCH-1;2026H1;40;18;4\n", today=date(2026, 6, 30)
    )
    assert "inte slut än" in parsed.problems[0].message
    parsed = read_results(
        f"{HEADER}\n{JOBBTORGET};MATCH-1;2026H1;40;18;4\n", today=date(2026, 7, 1)
    )
    assert parsed.problems == []


def test_all_the_problems_of_a_row_are_reported():
    parsed = read(f"{HEADER}\nabc;MATCH-1;2025H9;-1;x;4\n")
    assert where(parsed) == [
        (2, "organisationsnummer"),
        (2, "halvar"),
        (2, "avslutade"),
        (2, "i_arbete"),
    ]


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        (f"{JOBBTORGET};MATCH-1;2025H1;40;18;4;-3;10;5", "snitt_dagar", "inte vara negativt"),
        (f"{JOBBTORGET};MATCH-1;2025H1;40;18;4;tre;10;5", "snitt_dagar", "inte ett tal"),
        (f"{JOBBTORGET};MATCH-1;2025H1;40;18;4;10001;10;5", "snitt_dagar", "orimligt stort"),
        (f"{JOBBTORGET};MATCH-1;2025H1;40;18;4;100;10;11", "enkat_nojda", "Fler nöjda (11)"),
        (f"{JOBBTORGET};MATCH-1;2025H1;40;18;4;100;;5", "enkat_svarande", "Fyll i både"),
        (f"{JOBBTORGET};MATCH-1;2025H1;40;18;4;100;10;", "enkat_nojda", "Fyll i både"),
        (f"{JOBBTORGET};MATCH-1;2025H1;40;18;4;100;10;2,5", "enkat_nojda", "inte ett heltal"),
    ],
)
def test_optional_column_problems(cells, column, message):
    problem = row_problem(cells, SURVEY_HEADER)
    assert problem.column == column
    assert message in problem.message


def test_optional_cells_may_all_be_empty():
    parsed = read(f"{SURVEY_HEADER}\n{JOBBTORGET};MATCH-1;2025H1;40;18;4;;;\n")
    assert parsed.problems == []
    assert parsed.rows[0].values["average_days"] is None


def test_average_days_round_half_up():
    parsed = read(
        "organisationsnummer;insats;halvar;avslutade;i_arbete;i_studier;snitt_dagar\n"
        f"{JOBBTORGET};MATCH-1;2025H1;40;18;4;120,5\n"
        f"{JOBBTORGET};MATCH-1;2024H2;40;18;4;120,49\n"
        f"{JOBBTORGET};MATCH-1;2024H1;40;18;4;0,5\n"
    )
    assert [row.values["average_days"] for row in parsed.rows] == [121, 120, 1]


def test_duplicate_rows_point_at_the_first():
    parsed = read(
        f"{HEADER}\n{JOBBTORGET};MATCH-1;2025H1;40;18;4\n"
        f"{JOBBTORGET};MATCH-2;2025H1;40;18;4\n"
        f"2120009747;match-1;2025h1;41;18;4\n"
    )
    assert where(parsed) == [(4, None)]
    assert "finns redan på rad 2" in parsed.problems[0].message

"""Reading and checking a results CSV: every problem with its row, column and message."""

from datetime import date
from types import SimpleNamespace

import pytest

from webapp.results.importing import (
    ImportPlan,
    PlannedRow,
    ProviderRef,
    References,
    ResultRow,
    build_template,
    check_references,
    content_digest,
    decode_upload,
    headline_periods_after,
    plan_import,
    read_results,
    size_label,
)

TODAY = date(2026, 11, 22)
HEADER = "organisationsnummer;insats;halvar;avslutade;i_arbete;i_studier"
JOBBTORGET = "212000-9747"
LINJEN = "559236-0548"  # authorized for MATCH-1 from 2022-09-01 until 2025-04-01
UNKNOWN_ORG = "559000-0005"  # well-formed, but no provider has it

REFERENCES = References(
    providers={JOBBTORGET: ProviderRef(1, "Jobbtorget"), LINJEN: ProviderRef(2, "Linjen")},
    services={"MATCH-1": 10, "MATCH-2": 11},
    authorizations={
        (1, 10): [(date(2022, 1, 1), None)],
        (2, 10): [(date(2022, 9, 1), date(2025, 4, 1))],
        (2, 11): [(date(2022, 9, 1), date(2025, 1, 1))],
    },
)


def read(text: str):
    """Read CSV text as if uploaded today."""
    return read_results(text, today=TODAY)


def where(parsed_or_problems) -> list[tuple]:
    """Return (row, column) of each problem."""
    problems = getattr(parsed_or_problems, "problems", parsed_or_problems)
    return [(problem.row, problem.column) for problem in problems]


def only_problem(text: str):
    """Read the text and return its one problem."""
    parsed = read(text)
    assert len(parsed.problems) == 1, parsed.problems
    assert parsed.rows == [] or all(row.line != parsed.problems[0].row for row in parsed.rows)
    return parsed.problems[0]


# --- Decoding -------------------------------------------------------------------------


def test_utf8_with_and_without_bom_read_the_same():
    text = f"{HEADER}\r\n{JOBBTORGET};MATCH-1;2025H1;40;18;4\r\n"
    with_bom, problems = decode_upload(b"\xef\xbb\xbf" + text.encode(), max_bytes=10_000)
    without_bom, more_problems = decode_upload(text.encode(), max_bytes=10_000)
    assert problems == more_problems == []
    assert with_bom == without_bom
    assert with_bom.startswith("organisationsnummer;")
    assert "\r" not in with_bom


@pytest.mark.parametrize(
    "data",
    [
        "organisationsnummer;insats;halvår\n".encode("cp1252"),
        "halvår;avslutade\n".encode("utf-16"),
        bytes(range(256)) * 4,
    ],
    ids=["windows-1252", "utf-16", "binary"],
)
def test_other_encodings_are_refused_with_advice(data):
    text, problems = decode_upload(data, max_bytes=10_000)
    assert text is None
    assert [(p.row, p.column) for p in problems] == [(None, None)]
    assert "inte sparad som UTF-8" in problems[0].message
    assert "CSV UTF-8" in problems[0].message  # tells how to save it from Excel


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"  \r\n\n  "])
def test_empty_file_is_refused(data):
    text, problems = decode_upload(data, max_bytes=10_000)
    assert text is None
    assert "Filen är tom" in problems[0].message


def test_control_characters_are_refused():
    text, problems = decode_upload(b"organisationsnummer\x00;insats\n", max_bytes=10_000)
    assert text is None
    assert "inte hör hemma i en textfil" in problems[0].message


def test_oversized_file_is_refused_with_the_limit():
    text, problems = decode_upload(b"x" * 2049, max_bytes=2048)
    assert text is None
    assert "för stor" in problems[0].message
    assert "2 kB" in problems[0].message
    assert decode_upload(b"x" * 2048, max_bytes=2048)[1] == []


def test_size_label():
    assert size_label(2 * 1024 * 1024) == "2 MB"
    assert size_label(1536 * 1024) == "1.5 MB"  # no locale outside a request: English
    assert size_label(500_000) == "488 kB"


def test_digest_ignores_how_lines_end():
    assert content_digest("a;b\r\nc;d\r\n") == content_digest("a;b\nc;d\n")
    assert content_digest("a;b\n") != content_digest("a;c\n")


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


SURVEY_HEADER = HEADER + ";snitt_dagar;enkat_svarande;enkat_nojda"


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


# --- Against the stored data ----------------------------------------------------------


def reference_problems(*rows: str):
    """Read rows and return the problems checking them against REFERENCES gives."""
    parsed = read(HEADER + "\n" + "\n".join(rows) + "\n")
    assert parsed.problems == []
    return check_references(parsed, REFERENCES)


def test_unknown_provider_and_service():
    problems = reference_problems(
        f"{UNKNOWN_ORG};MATCH-1;2025H1;40;18;4",
        f"{JOBBTORGET};MATCH-9;2025H1;40;18;4",
        f"{UNKNOWN_ORG};MATCH-9;2025H1;40;18;4",
    )
    assert where(problems) == [
        (2, "organisationsnummer"),
        (3, "insats"),
        (4, "organisationsnummer"),
        (4, "insats"),
    ]
    assert "ingen anordnare med organisationsnummer 559000-0005" in problems[0].message
    assert "ingen insats med koden ”MATCH-9”" in problems[1].message
    assert "MATCH-1, MATCH-2" in problems[1].message


def test_provider_must_be_authorized_during_the_half_year():
    problems = reference_problems(
        f"{LINJEN};MATCH-1;2022H1;40;18;4",  # before its authorization began
        f"{LINJEN};MATCH-1;2022H2;40;18;4",  # began 1 September: overlaps
        f"{LINJEN};MATCH-1;2025H1;40;18;4",  # ended 1 April: overlaps
        f"{LINJEN};MATCH-1;2025H2;40;18;4",  # after it ended
        f"{LINJEN};MATCH-2;2025H1;40;18;4",  # ended 1 January: the first day is outside
        f"{JOBBTORGET};MATCH-2;2025H1;40;18;4",  # never authorized for it
    )
    assert where(problems) == [(2, "insats"), (5, "insats"), (6, "insats"), (7, "insats")]
    assert problems[0].message == "Linjen var inte auktoriserad för MATCH-1 under 2022H1."


def stored(**values):
    """A stored result with every value field."""
    fields = dict.fromkeys(
        (
            "completed",
            "in_work",
            "in_studies",
            "average_days",
            "survey_respondents",
            "survey_satisfied",
        )
    )
    return SimpleNamespace(**(fields | values))


def test_plan_sorts_rows_into_added_changed_and_unchanged():
    parsed = read(
        "organisationsnummer;insats;halvar;avslutade;i_arbete;i_studier;snitt_dagar\n"
        f"{JOBBTORGET};MATCH-1;2025H1;40;18;4;120\n"
        f"{JOBBTORGET};MATCH-1;2024H2;40;18;4;120\n"
        f"{JOBBTORGET};MATCH-1;2024H1;40;18;4;120\n"
    )
    existing = {
        (1, 10, "2024H2"): stored(completed=40, in_work=17, in_studies=4, average_days=120),
        # Survey values are not in the file, so they stay as they are.
        (1, 10, "2024H1"): stored(
            completed=40, in_work=18, in_studies=4, average_days=120, survey_respondents=9
        ),
    }
    plan = plan_import(parsed.rows, REFERENCES, existing)
    assert [p.row.period for p in plan.added] == ["2025H1"]
    assert plan.added[0].changes["completed"] == (None, 40)
    assert [p.row.period for p in plan.changed] == ["2024H2"]
    assert plan.changed[0].changes == {"in_work": (17, 18)}
    assert plan.unchanged == 1
    assert plan.has_changes
    before, after = plan.audit_values()
    assert before == {f"{JOBBTORGET} MATCH-1 2024H2": {"in_work": 17}}
    assert after[f"{JOBBTORGET} MATCH-1 2024H2"] == {"in_work": 18}
    assert after[f"{JOBBTORGET} MATCH-1 2025H1"]["average_days"] == 120


def test_empty_optional_cell_clears_the_stored_value():
    parsed = read(f"{SURVEY_HEADER}\n{JOBBTORGET};MATCH-1;2025H1;40;18;4;;;\n")
    existing = {(1, 10, "2025H1"): stored(completed=40, in_work=18, in_studies=4, average_days=5)}
    plan = plan_import(parsed.rows, REFERENCES, existing)
    assert plan.changed[0].changes == {"average_days": (5, None)}


def test_fingerprint_follows_the_planned_writes():
    row = ResultRow(2, JOBBTORGET, "MATCH-1", "2025H1", {"completed": 40})
    planned = PlannedRow(row, ProviderRef(1, "Jobbtorget"), 10, {"completed": (None, 40)})
    same = ImportPlan(added=[planned], changed=[], unchanged=0)
    other = ImportPlan(
        added=[PlannedRow(row, ProviderRef(1, "Jobbtorget"), 10, {"completed": (39, 40)})],
        changed=[],
        unchanged=0,
    )
    assert same.fingerprint() == ImportPlan([planned], [], 3).fingerprint()
    assert same.fingerprint() != other.fingerprint()
    assert not ImportPlan([], [], 3).has_changes


def test_headline_periods_move_only_when_a_later_half_year_is_added():
    row = ResultRow(2, JOBBTORGET, "MATCH-1", "2026H1", {"completed": 40})
    plan = ImportPlan([PlannedRow(row, ProviderRef(1, "J"), 10, {})], [], 0)
    assert headline_periods_after(("2025H1", "2025H2"), plan) == ("2025H2", "2026H1")
    assert headline_periods_after(None, plan) == ("2025H2", "2026H1")
    assert headline_periods_after(("2026H1", "2026H2"), plan) == ("2026H1", "2026H2")
    assert headline_periods_after(None, ImportPlan([], [], 0)) is None


# --- The template ---------------------------------------------------------------------


def test_template_is_excel_csv_with_the_swedish_header():
    template = build_template()
    assert template.startswith("\ufefforganisationsnummer;insats;halvar;avslutade;")
    text, problems = decode_upload(template.encode("utf-8"), max_bytes=10_000)
    assert problems == []
    parsed = read(text)
    assert parsed.problems == []
    assert parsed.rows[0].values["average_days"] == 121
    # The example's organisation number belongs to nobody: a forgotten row is refused.
    assert [p.column for p in check_references(parsed, REFERENCES)] == ["organisationsnummer"]

"""What the import tests read: a day, headers, organisation numbers and reference data."""

from datetime import date

from webapp.results.importing.parse import read_results
from webapp.results.importing.plan import ProviderRef, References
from webapp.results.public_record import AuthorizationSpan

TODAY = date(2026, 11, 22)
HEADER = "organisationsnummer;insats;halvar;avslutade;i_arbete;i_studier"
SURVEY_HEADER = HEADER + ";snitt_dagar;enkat_svarande;enkat_nojda"
JOBBTORGET = "212000-9747"
LINJEN = "559236-0548"  # authorized for MATCH-1 from 2022-09-01 until 2025-04-01
UNKNOWN_ORG = "559000-0005"  # well-formed, but no provider has it


def span(provider_id: int, service_id: int, valid_from: date, valid_until: date | None):
    """Return one authorization period."""
    return AuthorizationSpan(provider_id, service_id, valid_from, valid_until)


REFERENCES = References(
    providers={JOBBTORGET: ProviderRef(1, "Jobbtorget"), LINJEN: ProviderRef(2, "Linjen")},
    services={"MATCH-1": 10, "MATCH-2": 11},
    authorizations={
        (1, 10): [span(1, 10, date(2022, 1, 1), None)],
        (2, 10): [span(2, 10, date(2022, 9, 1), date(2025, 4, 1))],
        (2, 11): [span(2, 11, date(2022, 9, 1), date(2025, 1, 1))],
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

"""Checking read rows against the stored data, and the plan of what confirming writes."""

from types import SimpleNamespace

from tests.unit.results.importing.samples import (
    HEADER,
    JOBBTORGET,
    LINJEN,
    REFERENCES,
    SURVEY_HEADER,
    UNKNOWN_ORG,
    read,
    where,
)
from webapp.results.importing.columns import VALUE_FIELDS
from webapp.results.importing.parse import ResultRow
from webapp.results.importing.plan import (
    ImportPlan,
    PlannedRow,
    ProviderRef,
    check_references,
    plan_import,
)

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
    fields = dict.fromkeys(VALUE_FIELDS)
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

"""What an import changes in public, per service and half-year, worked out before saving."""

from webapp.results.importing.impact import HalfYearImpact, describe_impact
from webapp.results.importing.parse import ResultRow
from webapp.results.importing.plan import ImportPlan, PlannedRow, ProviderRef

SERVICES = {"MATCH-1": 10, "MATCH-2": 11, "FORB-1": 20}  # code -> id, in display order


def planned(org: str, provider_id: int, code: str, period: str) -> PlannedRow:
    """A planned row for one provider, service and half-year."""
    row = ResultRow(2, org, code, period, {"completed": 40})
    return PlannedRow(row, ProviderRef(provider_id, org), SERVICES[code], {})


def test_a_new_half_year_of_one_service_shows_nothing_until_published():
    plan = ImportPlan(
        added=[planned("a", 1, "MATCH-1", "2026H1"), planned("b", 2, "MATCH-1", "2026H1")],
        changed=[],
        unchanged=0,
    )
    impact = describe_impact(
        plan,
        services=SERVICES,
        published={10: ["2025H1", "2025H2"], 20: ["2025H1", "2025H2"]},
        windows={10: ("2025H1", "2025H2"), 20: ("2025H1", "2025H2")},
    )
    assert impact == [
        HalfYearImpact("MATCH-1", "2026H1", 2, 0, 2, published=False, in_window=False)
    ]


def test_changes_in_published_half_years_show_at_once_in_display_order():
    plan = ImportPlan(
        added=[planned("a", 1, "FORB-1", "2025H2")],
        changed=[
            planned("a", 1, "MATCH-1", "2024H1"),
            planned("b", 2, "MATCH-1", "2025H2"),
            planned("a", 1, "MATCH-1", "2025H2"),
        ],
        unchanged=4,
    )
    impact = describe_impact(
        plan,
        services=SERVICES,
        published={10: ["2024H1", "2024H2", "2025H1", "2025H2"], 20: ["2025H2"]},
        windows={10: ("2025H1", "2025H2"), 20: ("2025H2",)},
    )
    assert impact == [
        HalfYearImpact("MATCH-1", "2024H1", 0, 1, 1, published=True, in_window=False),
        HalfYearImpact("MATCH-1", "2025H2", 0, 2, 2, published=True, in_window=True),
        HalfYearImpact("FORB-1", "2025H2", 1, 0, 1, published=True, in_window=True),
    ]


def test_nothing_planned_touches_nothing():
    assert describe_impact(ImportPlan([], [], 3), services=SERVICES, published={}, windows={}) == []
